#!/usr/bin/env python3
"""Clerks at work while ykiend files: THREADS logged-in clients GET PATHS
round-robin until STOPFILE exists, one more POSTs a correction to SET_SHA
every half second; a JSON summary to OUT.

  webload.py URL USER PASSWORD STOPFILE OUT THREADS SET_SHA PATH...
"""
import json
import os
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(__file__))
from webclient import Client  # noqa: E402

url, user, pw, stopfile, out, nthreads, set_sha = sys.argv[1:8]
paths = sys.argv[8:]
lock = threading.Lock()
stats = {"requests": 0, "by_status": {}, "bad": [], "locked": 0, "posts": 0,
         "post_bad": [], "errors": [], "server_ms_max": 0.0, "client_ms_max": 0.0,
         "logins": 0}


def note(r, bad_list):
    with lock:
        stats["requests"] += 1
        stats["by_status"][str(r.status)] = stats["by_status"].get(str(r.status), 0) + 1
        if "database is locked" in r.text.lower():
            stats["locked"] += 1
        ms = r.server_ms() or 0.0
        stats["server_ms_max"] = max(stats["server_ms_max"], ms)
        stats["client_ms_max"] = max(stats["client_ms_max"], r.elapsed * 1000)


def reader(i):
    c = Client(url, record=False)
    r = c.login(user, pw)
    with lock:
        stats["logins"] += r.status == 303
    n = i
    while not os.path.exists(stopfile):
        p = paths[n % len(paths)]
        n += 1
        try:
            r = c.get(p)
        except Exception as e:  # a refused or broken connection is a failure too
            with lock:
                stats["errors"].append("%s: %s" % (p, e))
            continue
        note(r, stats["bad"])
        if r.status != 200:
            with lock:
                stats["bad"].append("%s -> %s %s" % (p, r.status, r.text[:120]))


def writer():
    c = Client(url, record=False)
    r = c.login(user, pw)
    with lock:
        stats["logins"] += r.status == 303
    token = c.csrf()
    k = 0
    while not os.path.exists(stopfile):
        k += 1
        try:
            r = c.post("/m/%s/set" % set_sha,
                       [("field", "other_opinions"), ("value", "Ghi chú lần %d" % k), ("csrf", token or "")])
        except Exception as e:
            with lock:
                stats["errors"].append("POST: %s" % e)
            continue
        note(r, stats["post_bad"])
        with lock:
            stats["posts"] += 1
            if r.status != 303:
                stats["post_bad"].append("POST set -> %s %s" % (r.status, r.text[:120]))
        time.sleep(0.5)


threads = [threading.Thread(target=reader, args=(i,)) for i in range(int(nthreads))]
threads.append(threading.Thread(target=writer))
for th in threads:
    th.start()
for th in threads:
    th.join()
stats["bad"] = stats["bad"][:20]
stats["errors"] = stats["errors"][:20]
json.dump(stats, open(out, "w"))
