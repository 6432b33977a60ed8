"""A small HTTP client for the ykien-web tests and the benchmark (no browser).

Each request is its own connection (http.client), cookies kept per Client
(a jar of name -> value, honouring Max-Age=0 and past Expires), the raw
Set-Cookie lines of the last response kept for their attributes.  Every
response is recorded in RESPONSES, so that a test can check the security
headers of all of them at the end.
"""
import http.client
import re
import ssl
import threading
import time
import urllib.parse

RESPONSES = []
_lock = threading.Lock()

SECURITY_HEADERS = {
    "content-security-policy": "default-src 'self'; frame-ancestors 'none'; "
                               "form-action 'self'; base-uri 'none'",
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "same-origin",
    "cache-control": "no-store",
}
TIMING = re.compile(r"^app;dur=([0-9]+(?:\.[0-9]+)?)$")


class Resp:
    def __init__(self, method, path, status, headers, body, elapsed):
        self.method, self.path, self.status = method, path, status
        self.headers = headers            # [(name, value)] as received
        self.body = body
        self.elapsed = elapsed            # seconds, client side
        self.text = body.decode("utf-8", "replace")

    def header(self, name):
        for k, v in self.headers:
            if k.lower() == name.lower():
                return v
        return None

    def all(self, name):
        return [v for k, v in self.headers if k.lower() == name.lower()]

    def server_ms(self):
        m = TIMING.match(self.header("Server-Timing") or "")
        return float(m.group(1)) if m else None

    def location_path(self):
        """The Location's path (an absolute URL reduced to its path)."""
        loc = self.header("Location")
        if loc is None:
            return None
        u = urllib.parse.urlsplit(loc)
        return u.path + ("?" + u.query if u.query else "")

    def __repr__(self):
        return "%s %s -> %s" % (self.method, self.path, self.status)


def header_problems(r):
    """What r lacks of COMMON.md's security headers (a list of strings)."""
    bad = []
    for name, want in SECURITY_HEADERS.items():
        got = r.all(name)
        if len(got) != 1 or got[0].strip() != want:
            bad.append("%s: %r" % (name, got))
    if r.server_ms() is None:
        bad.append("server-timing: %r" % r.all("server-timing"))
    return bad


def cookie_line(r, name):
    """The Set-Cookie line of r that sets NAME, or None."""
    for v in r.all("Set-Cookie"):
        if v.split("=", 1)[0].strip() == name:
            return v
    return None


def cookie_attrs(line):
    """{'httponly': True, 'samesite': 'Strict', …} of a Set-Cookie line (lower-case keys)."""
    out = {}
    for part in line.split(";")[1:]:
        k, _, v = part.strip().partition("=")
        out[k.strip().lower()] = v.strip() if _ else True
    return out


CSRF_INPUT = re.compile(r'<input\b[^>]*\bname="csrf"[^>]*>')
VALUE = re.compile(r'\bvalue="([^"]*)"')


def csrf_of(html):
    """The value of the first hidden csrf field in html, or None."""
    m = CSRF_INPUT.search(html)
    if not m:
        return None
    v = VALUE.search(m.group(0))
    return v.group(1) if v else None


class Client:
    def __init__(self, base, source=None, cafile=None, record=True):
        u = urllib.parse.urlsplit(base)
        self.scheme, self.host, self.port = u.scheme, u.hostname, u.port
        self.origin = "%s://%s:%d" % (self.scheme, self.host, self.port)
        self.source = source
        self.record = record
        self.cookies = {}
        self.ctx = None
        if self.scheme == "https":
            self.ctx = ssl.create_default_context(cafile=cafile) if cafile else \
                ssl._create_unverified_context()
        self.last = None

    def _conn(self):
        src = (self.source, 0) if self.source else None
        if self.scheme == "https":
            return http.client.HTTPSConnection(self.host, self.port, timeout=60,
                                               source_address=src, context=self.ctx)
        return http.client.HTTPConnection(self.host, self.port, timeout=60, source_address=src)

    def request(self, method, path, body=None, headers=None, cookies=True):
        h = {}
        if cookies and self.cookies:
            h["Cookie"] = "; ".join("%s=%s" % kv for kv in self.cookies.items())
        h.update(headers or {})
        t0 = time.monotonic()
        c = self._conn()
        try:
            c.request(method, path, body=body, headers=h)
            r = c.getresponse()
            data = r.read()
            hdrs = r.getheaders()
            status = r.status
        finally:
            c.close()
        resp = Resp(method, path, status, hdrs, data, time.monotonic() - t0)
        for line in resp.all("Set-Cookie"):
            name, _, rest = line.partition("=")
            value = rest.split(";", 1)[0].strip()
            a = cookie_attrs(line)
            gone = a.get("max-age") == "0" or value == ""
            exp = a.get("expires")
            if isinstance(exp, str) and re.search(r"19[0-9][0-9]|1970", exp):
                gone = True
            if gone:
                self.cookies.pop(name.strip(), None)
            else:
                self.cookies[name.strip()] = value
        if self.record:
            with _lock:
                RESPONSES.append(resp)
        self.last = resp
        return resp

    def get(self, path, **kw):
        return self.request("GET", path, **kw)

    def post(self, path, fields, origin=True, headers=None, **kw):
        """POST a form (a list of pairs or a dict); origin True: our own
        Origin, None: no Origin header, a string: that Origin."""
        body = urllib.parse.urlencode(fields).encode() if not isinstance(fields, bytes) else fields
        h = {"Content-Type": "application/x-www-form-urlencoded"}
        if origin is True:
            h["Origin"] = self.origin
        elif origin:
            h["Origin"] = origin
        h.update(headers or {})
        return self.request("POST", path, body=body, headers=h, **kw)

    def login(self, user, password):
        """GET /login then POST it with the form's token; the POST's response."""
        page = self.get("/login")
        token = csrf_of(page.text) or self.cookies.get("ykien_login", "")
        return self.post("/login", [("user", user), ("password", password), ("csrf", token)])

    def csrf(self, path="/"):
        """The session's CSRF token, from a page's forms (the logout form)."""
        return csrf_of(self.get(path).text)


class Tap:
    """'ok - …' / 'not ok - …' lines (tests/lib/web.sh's tap_from numbers them)."""
    def __init__(self):
        self.failed = 0

    def check(self, cond, desc, detail=None):
        if cond:
            print("ok - " + desc, flush=True)
        else:
            self.failed += 1
            print("not ok - " + desc, flush=True)
            if detail:
                for line in str(detail).splitlines()[:20]:
                    print("#   " + line, flush=True)
        return cond

    def status(self, r, want, desc):
        return self.check(r.status == want, "%s (got %s, want %s)" % (desc, r.status, want)
                          if r.status != want else desc)
