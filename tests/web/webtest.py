"""What the browser tests of the clerks' web desk share (tests/web/*.py).

A test prints "ok - WHAT" / "not ok - WHAT" lines; the shell script that
runs it (tests/integration/web_*.sh) numbers them into TAP.  A step that
raises is one "not ok" naming the step and the error, and the test goes on
with the next step: one broken page does not hide what the others show.
"""
import os
import re
import sys
import time
import traceback
import urllib.error
import urllib.request

from selenium import webdriver
from selenium.common.exceptions import NoAlertPresentException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By

FAILED = 0


def check(what, cond, detail=""):
    global FAILED
    if cond:
        print("ok - " + what, flush=True)
    else:
        FAILED += 1
        print("not ok - " + what + (" (" + detail + ")" if detail else ""), flush=True)
    return bool(cond)


def step(name, fn, *args):
    """Runs one step; an exception is a failure of that step, not of the test."""
    try:
        return fn(*args)
    except Exception as e:  # noqa: BLE001 - any error is the step's failure
        msg = "%s: %s" % (type(e).__name__, str(e).splitlines()[0] if str(e) else "")
        check("%s ran to its end" % name, False, msg)
        traceback.print_exc(file=sys.stderr)
        return None


def env(name):
    v = os.environ.get(name)
    if v is None:
        print("not ok - environment variable %s set by the shell script" % name)
        sys.exit(1)
    return v


def browser(download_dir):
    """Headless Chromium at an office screen's size, downloads into
    DOWNLOAD_DIR without asking, the console log kept for get_log()."""
    o = webdriver.ChromeOptions()
    for a in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
              "--window-size=1366,768", "--no-first-run", "--disable-background-networking",
              "--disable-component-update", "--disable-sync", "--lang=vi"):
        o.add_argument(a)
    chromium = "/usr/bin/chromium"
    if os.path.exists(chromium):
        o.binary_location = chromium
    o.add_experimental_option("prefs", {
        "download.default_directory": download_dir,
        "download.prompt_for_download": False,
        "download.directory_upgrade": True,
        "safebrowsing.enabled": False,
        "intl.accept_languages": "vi,en",
    })
    o.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    d = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=o)
    d.set_window_size(1366, 768)
    d.set_page_load_timeout(20)
    try:
        d.execute_cdp_cmd("Browser.setDownloadBehavior",
                          {"behavior": "allow", "downloadPath": download_dir})
    except Exception:  # noqa: BLE001 - the prefs above are enough on most builds
        pass
    return d


def no_alert(d):
    """True when no JavaScript dialog is open."""
    try:
        a = d.switch_to.alert
        text = a.text
        a.dismiss()
        return False, text
    except NoAlertPresentException:
        return True, ""


def console_errors(d, ignore=()):
    """The console entries at WARNING or above, but the browser's own
    request for /favicon.ico (a 404 by design) and what matches a regular
    expression of IGNORE."""
    out = []
    for e in d.get_log("browser"):
        m = e.get("message", "")
        if e.get("level") not in ("SEVERE", "WARNING"):
            continue
        if "favicon.ico" in m or any(re.search(r, m) for r in ignore):
            continue
        out.append("%s %s: %s" % (e.get("level"), e.get("source"), m))
    return out


def path_of(d, base):
    u = d.current_url
    return u[len(base):] if u.startswith(base) else u


def wait_for(cond, timeout=10.0, every=0.1):
    end = time.time() + timeout
    while time.time() < end:
        v = cond()
        if v:
            return v
        time.sleep(every)
    return cond()


def session_cookie_header(d):
    return "; ".join("%s=%s" % (c["name"], c["value"]) for c in d.get_cookies())


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


def http_get(url, cookie=""):
    """GET without following a redirect: (status, headers, body)."""
    op = urllib.request.build_opener(NoRedirect)
    rq = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    try:
        with op.open(rq, timeout=20) as r:
            return r.status, r.headers, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read()


def shot(d, art, name):
    os.makedirs(art, exist_ok=True)
    p = os.path.join(art, "web-%s.png" % name)
    d.save_screenshot(p)
    return p


def by_css(d, sel):
    return d.find_elements(By.CSS_SELECTOR, sel)
