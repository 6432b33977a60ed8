#!/usr/bin/env python3
"""make bench, web section: REQUESTS GETs of the status pages from CLIENTS
concurrent clients (one keep-alive connection each, logged in), the
campaigns in turn; percentiles of the server's own time (Server-Timing:
app;dur=MS) and of the latency the client saw.

  webbench.py URL USER PASSWORD REQUESTS CLIENTS PATH...
"""
import http.client
import os
import sys
import threading
import time
import urllib.parse

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
from webclient import Client, TIMING  # noqa: E402

url, user, pw, total, nclients = sys.argv[1:6]
paths = sys.argv[6:]
total, nclients = int(total), int(nclients)
u = urllib.parse.urlsplit(url)
lock = threading.Lock()
server, client, bad = [], [], []
next_i = [0]

login = Client(url, record=False)
r = login.login(user, pw)
if r.status != 303 or "ykien_session" not in login.cookies:
    print("bench: the login failed (%s)" % r.status, file=sys.stderr)
    sys.exit(1)
cookie = "ykien_session=%s" % login.cookies["ykien_session"]
warm = http.client.HTTPConnection(u.hostname, u.port, timeout=60)
for p in paths:     # once each before the clock: caches warm, the pages exist
    warm.request("GET", p, headers={"Cookie": cookie})
    w = warm.getresponse()
    w.read()
    if w.status != 200:
        print("bench: GET %s answered %s" % (p, w.status), file=sys.stderr)
        sys.exit(1)
warm.close()


def worker():
    conn = http.client.HTTPConnection(u.hostname, u.port, timeout=60)
    while True:
        with lock:
            i = next_i[0]
            next_i[0] += 1
        if i >= total:
            break
        p = paths[i % len(paths)]
        t0 = time.perf_counter()
        try:
            conn.request("GET", p, headers={"Cookie": cookie})
            r = conn.getresponse()
            r.read()
        except (OSError, http.client.HTTPException):
            conn.close()   # the server closed the kept-alive connection: once more on a new one
            conn = http.client.HTTPConnection(u.hostname, u.port, timeout=60)
            t0 = time.perf_counter()
            conn.request("GET", p, headers={"Cookie": cookie})
            r = conn.getresponse()
            r.read()
        dt = (time.perf_counter() - t0) * 1000
        m = TIMING.match(r.getheader("Server-Timing") or "")
        with lock:
            client.append(dt)
            if m:
                server.append(float(m.group(1)))
            if r.status != 200:
                bad.append(r.status)
    conn.close()


t0 = time.perf_counter()
ths = [threading.Thread(target=worker) for _ in range(nclients)]
for t in ths:
    t.start()
for t in ths:
    t.join()
wall = time.perf_counter() - t0


def pct(xs, q):
    xs = sorted(xs)
    if not xs:
        return float("nan")
    k = max(0, min(len(xs) - 1, int(round(q / 100.0 * len(xs) + 0.5)) - 1))
    return xs[k]


print("  %d requests from %d client%s in %.2f s: %.0f requests/s; %d not 200%s"
      % (len(client), nclients, "" if nclients == 1 else "s", wall, len(client) / wall, len(bad),
         " (%s)" % sorted(set(bad)) if bad else ""))
if server:
    print("  server time (Server-Timing app;dur): p50 %.2f ms  p95 %.2f ms  p99 %.2f ms  max %.2f ms"
          % (pct(server, 50), pct(server, 95), pct(server, 99), max(server)))
else:
    print("  server time: no response had Server-Timing: app;dur=MS")
print("  client latency (python http.client, keep-alive):  p50 %.2f ms  p95 %.2f ms  p99 %.2f ms  max %.2f ms"
      % (pct(client, 50), pct(client, 95), pct(client, 99), max(client)))
if server:
    p95 = pct(server, 95)
    print("  server time p95 < 20 ms: %s (%.2f ms)" % ("yes" if p95 < 20 else "NO", p95))
