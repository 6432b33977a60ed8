"""Hostile mail stays inert at the web desk (run by
tests/integration/web_hostile.sh, which files the messages and starts
ykien-web; what it set up comes in YW_* variables).

Each page that shows the messages (/, the campaign's status, /review,
/m/SHA of each) is opened in headless Chromium: no dialog opens, the
console has no error (a script that ran, or one the Content-Security-Policy
blocked: either means an injected element reached the DOM), the DOM has no
script element, no on* attribute, no javascript: or data: URL, no img,
object, embed or unsandboxed frame; and the hostile strings are there as
text.  The attachment downloads as application/octet-stream with
Content-Disposition attachment and a safe file name.
"""
import os
import re
import sys
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from webtest import (browser, by_css, check, console_errors, env, http_get,  # noqa: E402
                     no_alert, path_of, session_cookie_header, shot, step, wait_for)
import webtest  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402

BASE = env("YW_URL").rstrip("/")
USER = env("YW_USER")
PASSWORD = env("YW_PASS")
TMP = env("YW_DIR")
ART = env("YW_ART")
CAMP = env("YW_CAMPAIGN")
SHA_A = env("YW_SHA_A")        # multipart, unknown sender, with the attachment
SHA_B = env("YW_SHA_B")        # HTML only, from STC
ATT_NAME = env("YW_ATT_NAME")
ATT_FILE = env("YW_ATT_FILE")  # the attachment's bytes
SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(2)>'
DL = os.path.join(TMP, "downloads")
os.makedirs(DL, exist_ok=True)

# Everything an injected element would leave in the DOM, as the browser
# parsed it (not the source text): run in the page by WebDriver, which the
# page's CSP does not restrict.
INSPECT = r"""
var out = [];
var all = document.querySelectorAll('*');
for (var i = 0; i < all.length; i++) {
  var e = all[i], t = e.tagName.toLowerCase();
  if (t === 'script') out.push('script element: ' + e.outerHTML.slice(0, 80));
  if (['img', 'object', 'embed', 'applet', 'base', 'video', 'audio', 'source'].indexOf(t) >= 0)
    out.push(t + ' element: ' + e.outerHTML.slice(0, 80));
  if (t === 'iframe' && !e.hasAttribute('sandbox')) out.push('unsandboxed iframe');
  if (t === 'iframe' && /allow-scripts/.test(e.getAttribute('sandbox') || '')) out.push('iframe allows scripts');
  if (t === 'meta' && (e.getAttribute('http-equiv') || '').toLowerCase() === 'refresh') out.push('meta refresh');
  if (t === 'link' && !/^\/static\//.test(e.getAttribute('href') || '')) out.push('link ' + e.outerHTML.slice(0, 80));
  if (t === 'style') out.push('style element');
  for (var j = 0; j < e.attributes.length; j++) {
    var a = e.attributes[j], n = a.name.toLowerCase();
    var v = a.value.replace(/[\s\u0000-\u001f]/g, '').toLowerCase();
    if (n.indexOf('on') === 0) out.push(t + ' has ' + n + '=' + a.value.slice(0, 40));
    if (n === 'style') out.push(t + ' has a style attribute');
    if (['href', 'src', 'action', 'formaction', 'xlink:href', 'data', 'poster', 'srcdoc'].indexOf(n) >= 0 &&
        (/^(javascript|data|vbscript):/.test(v) || n === 'srcdoc'))
      out.push(t + ' ' + n + '=' + a.value.slice(0, 40));
  }
}
var links = document.querySelectorAll('a[href], form[action], area[href]');
for (var k = 0; k < links.length; k++) {
  var u = links[k].href || links[k].action;
  if (u && u.indexOf(location.origin + '/') !== 0) out.push('off-site ' + links[k].tagName + ' ' + u.slice(0, 60));
}
return out;
"""


def login(d):
    d.get(BASE + "/login")
    f = d.find_element(By.CSS_SELECTOR, "form#login")
    f.find_element(By.NAME, "user").send_keys(USER)
    f.find_element(By.NAME, "password").send_keys(PASSWORD)
    d.find_element(By.ID, "login-submit").click()
    wait_for(lambda: path_of(d, BASE) == "/", 10)
    check("logged in", path_of(d, BASE) == "/", d.current_url)


def inert(d, path, name, texts=()):
    d.get(BASE + path)
    wait_for(lambda: d.execute_script("return document.readyState") == "complete", 10)
    check("%s: the page opens (not the login page)" % path,
          path_of(d, BASE) == path and not by_css(d, "form#login"), d.current_url)
    inspect(d, path, name, texts)


def inspect(d, label, name, texts=()):
    """The page the browser shows now ran nothing and holds TEXTS as text."""
    shot(d, ART, name)
    ok, text = no_alert(d)
    check("%s: no dialog" % label, ok, "an alert said %r" % text)
    errs = console_errors(d, IGNORE.get(name, ()))
    check("%s: no console error (no script ran or was blocked)" % label, not errs, "; ".join(errs)[:400])
    found = d.execute_script(INSPECT)
    check("%s: no injected element, handler or URL in the DOM" % label, not found, "; ".join(found)[:400])
    check("%s: no script element at all" % label, not d.find_elements(By.TAG_NAME, "script"))
    body = d.find_element(By.TAG_NAME, "body").text
    for t in texts:
        check("%s: the DOM holds %r as text" % (label, t), t in body)


# a page that answers 400 on purpose logs that status as a failed load
IGNORE = {"hostile-bad-field": (r"Failed to load resource: .* 400",),
          "hostile-bad-agency": (r"Failed to load resource: .* 400",)}
HOSTILE_VALUE = SCRIPT + " " + IMG + ' <a href="javascript:alert(3)">x</a>'


def clerk_input(d):
    """What a clerk types is escaped too: a correction holding script, and
    form values the page never offered (the 400 page must not echo them raw)."""
    d.get(BASE + "/m/" + SHA_A)
    f = d.find_element(By.CSS_SELECTOR, "form.correct")
    from selenium.webdriver.support.ui import Select
    Select(f.find_element(By.NAME, "field")).select_by_value("comments")
    f.find_element(By.NAME, "value").send_keys(HOSTILE_VALUE)
    f.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    wait_for(lambda: by_css(d, "#flash"), 10)
    check("the hostile correction is accepted (#flash)", bool(by_css(d, "#flash")), d.current_url)
    inspect(d, "after the correction", "hostile-corrected")
    inert(d, "/m/" + SHA_A, "hostile-message-corrected", (HOSTILE_VALUE,))
    inert(d, "/review", "hostile-review-corrected")
    inert(d, "/c/" + CAMP, "hostile-status-corrected")
    # a field the form does not have, named with markup
    d.get(BASE + "/m/" + SHA_A)
    d.execute_script("var o = document.querySelector('form.correct select[name=field] option');"
                     "o.value = arguments[0];", IMG + SCRIPT)
    f = d.find_element(By.CSS_SELECTOR, "form.correct")
    Select(f.find_element(By.NAME, "field")).select_by_index(0)
    f.find_element(By.NAME, "value").send_keys("x")
    f.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    wait_for(lambda: d.execute_script("return document.readyState") == "complete", 10)
    check("an unknown field is refused (no #flash of success)", path_of(d, BASE) != "/review"
          or not by_css(d, "#flash"), d.current_url)
    inspect(d, "the page refusing a hostile field", "hostile-bad-field")
    # an agency the list does not have, named with markup
    d.get(BASE + "/m/" + SHA_A)
    d.execute_script("var s = document.querySelector('form.assign select[name=agency]');"
                     "var o = document.createElement('option'); o.value = arguments[0]; o.text = 'x';"
                     "s.appendChild(o); s.value = arguments[0];", SCRIPT + IMG)
    d.find_element(By.CSS_SELECTOR, "form.assign button[type=submit]").click()
    wait_for(lambda: d.execute_script("return document.readyState") == "complete", 10)
    inspect(d, "the page refusing a hostile agency", "hostile-bad-agency")


def attachment(d):
    d.get(BASE + "/m/" + SHA_A)
    links = by_css(d, "ul#attachments a")
    href = "%s/m/%s/a/0" % (BASE, SHA_A)
    check("the attachment is listed with a link to /m/SHA/a/0",
          [a.get_attribute("href") for a in links] == [href], repr([a.get_attribute("href") for a in links]))
    check("the attachment's name is shown as text", bool(links) and SCRIPT in links[0].text and IMG in links[0].text,
          repr(links[0].text) if links else "no link")
    st, hd, body = http_get(href, session_cookie_header(d))
    check("the attachment answers 200", st == 200, str(st))
    check("the attachment is application/octet-stream",
          (hd.get("Content-Type") or "").split(";")[0].strip() == "application/octet-stream", hd.get("Content-Type"))
    check("the attachment has X-Content-Type-Options: nosniff", hd.get("X-Content-Type-Options") == "nosniff")
    cd = hd.get("Content-Disposition") or ""
    check("Content-Disposition: attachment", cd.startswith("attachment;"), cd)
    m = re.search(r'filename="([^"]*)"', cd)
    check("the plain filename is safe ([A-Za-z0-9._-], no leading dot)",
          m is not None and re.fullmatch(r"[A-Za-z0-9_-][A-Za-z0-9._-]*", m.group(1)) is not None, cd)
    m2 = re.search(r"filename\*=UTF-8''([^;\s]*)", cd)
    ok = m2 is not None and re.fullmatch(r"[A-Za-z0-9!#$&+.^_`|~%-]*", m2.group(1)) is not None
    dec = urllib.parse.unquote(m2.group(1)) if m2 else ""
    check("filename* is RFC 5987 encoded, with no / or \\ in it", ok and "/" not in dec and "\\" not in dec, cd)
    check("the header has no raw < > or quote from the name", "<" not in cd and ">" not in cd, cd)
    want = open(ATT_FILE, "rb").read()
    check("the attachment's bytes are the ones sent", body == want, "%d bytes, want %d" % (len(body), len(want)))
    st, _, _ = http_get("%s/m/%s/a/1" % (BASE, SHA_A), session_cookie_header(d))
    check("an attachment that does not exist is a 404", st == 404, str(st))
    # and in the browser: a download, not a page
    before = set(os.listdir(DL))
    links[0].click()
    new = wait_for(lambda: [f for f in set(os.listdir(DL)) - before if not f.endswith(".crdownload")], 15)
    check("clicking it downloads a file and stays on the page",
          bool(new) and path_of(d, BASE) == "/m/" + SHA_A, "%r at %s" % (new, d.current_url))
    ok, text = no_alert(d)
    check("the download opens no dialog", ok, text)
    st, hd, _ = http_get(BASE + "/m/" + SHA_B, session_cookie_header(d))
    csp = hd.get("Content-Security-Policy") or ""
    check("the message page's CSP is default-src 'self' with frame-ancestors 'none'",
          "default-src 'self'" in csp and "frame-ancestors 'none'" in csp, csp)


def main():
    d = browser(DL)
    try:
        step("login", login, d)
        step("/", inert, d, "/", "hostile-campaigns")
        step("/c/" + CAMP, inert, d, "/c/" + CAMP, "hostile-status")
        step("/review", inert, d, "/review", "hostile-review", (SCRIPT,))
        step("/m/A", inert, d, "/m/" + SHA_A, "hostile-message", (SCRIPT, IMG, "javascript:alert(3)"))
        step("/m/B", inert, d, "/m/" + SHA_B, "hostile-html", (SCRIPT, "bấm vào đây"))
        d.get(BASE + "/c/" + CAMP + "?lang=en")
        step("/c/ in English", inert, d, "/c/" + CAMP, "hostile-status-en")
        step("/m/A in English", inert, d, "/m/" + SHA_A, "hostile-message-en", (SCRIPT,))
        step("the attachment", attachment, d)
        d.get(BASE + "/c/" + CAMP + "?lang=vi")
        step("a clerk's hostile input", clerk_input, d)
    finally:
        d.quit()
    return 1 if webtest.FAILED else 0


if __name__ == "__main__":
    sys.exit(main())
