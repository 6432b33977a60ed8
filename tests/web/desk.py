"""A clerk's day at the web desk, in headless Chromium (run by
tests/integration/web_desk.sh, which starts ykien-web and passes what it set
up in YW_* variables).

Logs in; the campaigns; the campaign's status with every expected agency
(the rows and states of `ykien status --json`); the reminders; the review
list; assigns the unassigned reply to its agency and corrects two answers
through the forms, then `ykien export --json` shows the agency and answers
that count, the extracted ones beside them, and the clerk's name; the status
page follows; downloads the .xlsx and .docx reports and reads them;
English and back; logs out, after which the old session is refused.  A
screenshot of every page goes to $YW_ART/web-*.png.
"""
import json
import os
import re
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from webtest import (browser, by_css, check, console_errors, env,  # noqa: E402
                     http_get, no_alert, path_of, shot, step, wait_for)
import webtest  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support.ui import Select  # noqa: E402

BASE = env("YW_URL").rstrip("/")
USER = env("YW_USER")
PASSWORD = env("YW_PASS")
CLERK_NAME = env("YW_CLERK_NAME")
TMP = env("YW_DIR")
ART = env("YW_ART")
YKIEN = env("YW_YKIEN")
CONF = env("YW_CONF")
CAMP = env("YW_CAMPAIGN")
SHA = env("YW_SHA")            # the unassigned reply
AGENCY = env("YW_AGENCY")      # its agency (not replied before)
AGENCY_NAME = env("YW_AGENCY_NAME")
VIEWER = env("YW_VIEWER")
VIEWER_PASS = env("YW_VIEWER_PASS")
NEW_COMMENT = "Ý kiến sửa qua trang web: tổ chức hằng năm"
NEW_CHOICE = "other_form"
OLD_CHOICE = "continue_contest"

DL = os.path.join(TMP, "downloads")
os.makedirs(DL, exist_ok=True)
SHOTS = []
CONSOLE = []


def ykien(*args):
    return subprocess.run([YKIEN, "-c", CONF] + list(args), capture_output=True,
                          text=True, timeout=60)


def status_rows():
    r = ykien("status", "--campaign", CAMP, "--json")
    rows = [json.loads(x) for x in r.stdout.splitlines() if x.strip()]
    return rows[:-1], rows[-1]["totals"]


def review_shas():
    """The 12-digit prefixes `ykien review` lists."""
    r = ykien("review")
    return sorted(set(re.findall(r"^([0-9a-f]{12})\s", r.stdout, re.M)))


def web_review_shas(d):
    return sorted({(e.get_attribute("data-sha") or "")[:12] for e in by_css(d, "section.review-item")})


def want_state(row):
    """The data-state a row of status --json should have; a set when the
    contract leaves a choice (a reply waiting for a person may be "review")."""
    if not row["replied"]:
        base = "missing"
    elif row["late"]:
        base = "late"
    else:
        base = "on_time"
    if row.get("awaiting_review") or row.get("needs_review"):
        return {base, "review"}
    return {base}


def snap(d, name):
    p = shot(d, ART, name)
    SHOTS.append(p)
    # the 401 of a wrong password is the contract's, not an error of the page
    CONSOLE.extend("%s: %s" % (path_of(d, BASE), e) for e in
                   console_errors(d, (r"/login - Failed to load resource: .* 401",)))
    ok, text = no_alert(d)
    if not ok:
        check("no dialog on %s" % name, False, text)


def submit(form):
    b = form.find_elements(By.CSS_SELECTOR, "button[type=submit], button:not([type]), input[type=submit]")
    if not b:
        raise AssertionError("the form has no submit button")
    b[0].click()


def csrf_of(form):
    f = form.find_elements(By.CSS_SELECTOR, "input[type=hidden][name=csrf]")
    return f[0].get_attribute("value") if f else ""


# ---- the steps ---------------------------------------------------------------
def login(d):
    d.get(BASE + "/")
    check("without a session / leads to /login", path_of(d, BASE) == "/login", d.current_url)
    form = d.find_element(By.CSS_SELECTOR, "form#login")
    check("the login form posts to /login", form.get_attribute("method").lower() == "post"
          and form.get_attribute("action") == BASE + "/login", form.get_attribute("action"))
    check("the login form carries a csrf token", len(csrf_of(form)) >= 16)
    check("<html lang=\"vi\"> by default",
          d.find_element(By.TAG_NAME, "html").get_attribute("lang") == "vi")
    snap(d, "login")
    # a wrong password first: the page says so, and no session
    form.find_element(By.NAME, "user").send_keys(USER)
    form.find_element(By.NAME, "password").send_keys(PASSWORD + "x")
    d.find_element(By.ID, "login-submit").click()
    err = wait_for(lambda: by_css(d, "#login-error"), 10)
    check("a wrong password shows #login-error", bool(err) and err[0].text.strip() != "")
    check("a wrong password gives no session",
          not [c for c in d.get_cookies() if c["name"] == "ykien_session"])
    snap(d, "login-error")
    form = d.find_element(By.CSS_SELECTOR, "form#login")
    u = form.find_element(By.NAME, "user")
    u.clear()
    u.send_keys(USER)
    form.find_element(By.NAME, "password").send_keys(PASSWORD)
    d.find_element(By.ID, "login-submit").click()
    wait_for(lambda: path_of(d, BASE) == "/", 10)
    check("the right password leads to /", path_of(d, BASE) == "/", d.current_url)
    who = by_css(d, "nav#nav #whoami")
    check("the nav says who is logged in", bool(who) and who[0].text.strip() == USER,
          who[0].text if who else "no #whoami")
    c = [c for c in d.get_cookies() if c["name"] == "ykien_session"]
    check("the session cookie is 256 bits of hex",
          bool(c) and re.fullmatch(r"[0-9a-f]{64}", c[0]["value"] or "") is not None,
          c[0]["value"] if c else "none")
    check("the session cookie is HttpOnly and SameSite=Strict",
          bool(c) and c[0].get("httpOnly") is True and c[0].get("sameSite") == "Strict",
          repr(c[0]) if c else "none")


def campaigns(d):
    rows = by_css(d, "table#campaigns tr[data-campaign]")
    check("/ lists the campaign", [r.get_attribute("data-campaign") for r in rows] == [CAMP],
          repr([r.get_attribute("data-campaign") for r in rows]))
    _, tot = status_rows()
    txt = rows[0].text if rows else ""
    nums = [int(x) for x in re.findall(r"\b\d+\b", txt)]
    check("the campaign's row shows its counts (asked %d, replied %d)" % (tot["expected"], tot["replied"]),
          tot["expected"] in nums and tot["replied"] in nums, txt)
    snap(d, "campaigns")
    link = d.find_element(By.CSS_SELECTOR, 'table#campaigns a[href="/c/%s"]' % CAMP)
    link.click()
    wait_for(lambda: path_of(d, BASE) == "/c/" + CAMP)
    check("the campaign's link opens /c/%s" % CAMP, path_of(d, BASE) == "/c/" + CAMP, d.current_url)


def status_page(d, label):
    if path_of(d, BASE) != "/c/" + CAMP:
        d.get(BASE + "/c/" + CAMP)
    rows, tot = status_rows()
    web = {r.get_attribute("data-agency"): r for r in by_css(d, "table#status tr.agency")}
    want = [r["agency"] for r in rows]
    check("%s: the status page lists every expected agency, as status --json (%d)" % (label, len(want)),
          sorted(web) == sorted(want), "page %r, status %r" % (sorted(web), sorted(want)))
    bad = []
    for r in rows:
        tr = web.get(r["agency"])
        if tr is None:
            bad.append("%s: no row" % r["agency"])
            continue
        st = tr.get_attribute("data-state")
        if st not in want_state(r):
            bad.append("%s=%s want %s" % (r["agency"], st, "|".join(sorted(want_state(r)))))
        if r["name"] not in tr.text:
            bad.append("%s: no name %r" % (r["agency"], r["name"]))
        rem = tr.find_elements(By.CSS_SELECTOR, "td.reminders")
        if not rem or rem[0].text.strip() != str(r["reminders_sent"]):
            bad.append("%s: reminders %r" % (r["agency"], rem[0].text if rem else None))
        if bool(tr.find_elements(By.CSS_SELECTOR, "span.bouncing")) != bool(r["bouncing"]):
            bad.append("%s: bouncing mark" % r["agency"])
    check("%s: each row's state, name and reminders agree with status --json" % label, not bad, "; ".join(bad))
    charts = by_css(d, "svg.chart")
    check("%s: the status page has the chart as inline SVG" % label,
          bool(charts) and charts[0].size["width"] > 50 and charts[0].size["height"] > 20)
    hrefs = {a.get_attribute("href") for a in by_css(d, "a.report")}
    want_h = {"%s/c/%s/report.%s" % (BASE, CAMP, f) for f in ("html", "xlsx", "csv", "md", "docx")}
    check("%s: links to the reports in the five formats" % label, want_h <= hrefs, repr(sorted(hrefs)))
    return tot


def reminders(d):
    d.find_element(By.CSS_SELECTOR, "a#reminders").click()
    wait_for(lambda: path_of(d, BASE) == "/c/%s/reminders" % CAMP)
    check("the reminders link opens /c/%s/reminders" % CAMP,
          path_of(d, BASE) == "/c/%s/reminders" % CAMP, d.current_url)
    check("the reminders page has table#reminders", bool(by_css(d, "table#reminders")))
    check("the reminders page is read-only (no form but logout)",
          [f.get_attribute("id") for f in by_css(d, "main form, form:not(#logout)")] == [])
    snap(d, "reminders")


def review(d):
    d.find_element(By.CSS_SELECTOR, 'nav#nav a[href="/review"]').click()
    wait_for(lambda: path_of(d, BASE) == "/review")
    check("the nav's review link opens /review", path_of(d, BASE) == "/review", d.current_url)
    items = by_css(d, 'section.review-item[data-sha="%s"]' % SHA)
    check("the unassigned reply is on the review list", len(items) == 1)
    check("the review list is what `ykien review` lists", web_review_shas(d) == review_shas(),
          "page %r, ykien review %r" % (web_review_shas(d), review_shas()))
    snap(d, "review")
    if not items:
        return
    it = items[0]
    reasons = [li.text.strip() for li in it.find_elements(By.CSS_SELECTOR, "ul.reasons li")]
    check("its reasons are listed", reasons and all(reasons), repr(reasons))
    check("the reasons are in Vietnamese", any(re.search(r"[ạảãàáâậầấẩẫăặằắẳẵđệềếểễơớờởỡợưứừửữựộồốổỗọỏõòó]", r.lower())
                                               for r in reasons), repr(reasons))
    check("a link to the message", bool(it.find_elements(By.CSS_SELECTOR, 'a.message[href="/m/%s"]' % SHA)))
    for k in ("assign", "correct", "confirm", "notreply"):
        f = it.find_elements(By.CSS_SELECTOR, 'form.%s[method="post"]' % k)
        check("a clerk sees the %s form, with its csrf" % k,
              len(f) == 1 and f[0].get_attribute("action") == "%s/m/%s/%s" % (BASE, SHA, "set" if k == "correct" else k)
              and len(csrf_of(f[0])) >= 16,
              f[0].get_attribute("action") if f else "no form")
    form = it.find_element(By.CSS_SELECTOR, "form.assign")
    sel = Select(form.find_element(By.NAME, "agency"))
    values = [o.get_attribute("value") for o in sel.options]
    check("the assign form offers the agencies by code", AGENCY in values and "SNV" in values, repr(values))
    sel.select_by_value(AGENCY)
    submit(form)
    wait_for(lambda: by_css(d, "#flash"), 10)
    check("assign answers with a notice (#flash)", bool(by_css(d, "#flash")))
    check("assign comes back to /review (or the message)",
          path_of(d, BASE) in ("/review", "/m/" + SHA), d.current_url)
    snap(d, "assigned")
    d.get(BASE + "/review")
    check("after the assignment the review list is still what `ykien review` lists (%d)" % len(review_shas()),
          web_review_shas(d) == review_shas(), "page %r, ykien review %r" % (web_review_shas(d), review_shas()))
    check("the assigned reply is off the review list", SHA[:12] not in web_review_shas(d))


def correct_one(d, field, value):
    d.get(BASE + "/m/" + SHA)
    form = d.find_element(By.CSS_SELECTOR, 'form.correct[action="/m/%s/set"], form.correct' % SHA)
    Select(form.find_element(By.NAME, "field")).select_by_value(field)
    ta = form.find_element(By.NAME, "value")
    ta.clear()
    ta.send_keys(value)
    submit(form)
    wait_for(lambda: by_css(d, "#flash"), 10)
    check("correcting %s answers with a notice (#flash)" % field, bool(by_css(d, "#flash")),
          "at %s: %s" % (d.current_url, d.find_element(By.TAG_NAME, "body").text[:200]))


def message(d):
    d.get(BASE + "/m/" + SHA[:10])
    check("/m/ takes a prefix of the hash", bool(by_css(d, "dl#headers")), d.current_url)
    d.get(BASE + "/m/" + SHA)
    hd = by_css(d, "dl#headers")
    check("the message page shows its headers", bool(hd) and "nguyenvana@mail.example" in hd[0].text,
          hd[0].text[:200] if hd else "none")
    check("the message page shows the text as read", bool(by_css(d, "pre#text"))
          and "Hội thi" in d.find_element(By.CSS_SELECTOR, "pre#text").text)
    check("the message page shows the answers", bool(by_css(d, "div#answers")))
    fields = [o.get_attribute("value") for o in
              Select(d.find_element(By.CSS_SELECTOR, "form.correct select[name=field]")).options]
    check("the correct form offers the sections (and a choice's text)",
          {"comments", "proposal", "proposal.text", "other_opinions"} <= set(fields), repr(fields))
    correct_one(d, "proposal", NEW_CHOICE)
    correct_one(d, "comments", NEW_COMMENT)
    d.get(BASE + "/m/" + SHA)
    ans = d.find_element(By.CSS_SELECTOR, "div#answers").text
    check("the message page shows the corrected answer", NEW_COMMENT in ans, ans[:300])
    check("the message page keeps the extracted answer beside it", "Tốt." in ans, ans[:300])
    check("the message page says who corrected", CLERK_NAME in ans or USER in ans, ans[:300])
    hd = d.find_element(By.CSS_SELECTOR, "dl#headers").text
    check("the message page shows the agency assigned", AGENCY in hd or AGENCY_NAME in hd, hd[:300])
    snap(d, "message")


def export(d):
    r = ykien("export", "--json")
    rows = [json.loads(x) for x in r.stdout.splitlines() if x.strip()]
    m = [x for x in rows if x.get("sha256") == SHA]
    check("export --json has the reply", len(m) == 1, r.stderr[:200])
    if not m:
        return
    m = m[0]
    check("export: the agency that counts is the one the clerk assigned",
          m.get("agency") == AGENCY and m.get("agency_by") == "person",
          "%r by %r" % (m.get("agency"), m.get("agency_by")))
    a = m.get("answers") or {}
    check("export: the corrected comment counts", a.get("comments") == NEW_COMMENT, repr(a.get("comments")))
    check("export: the corrected choice counts",
          (a.get("proposal") or {}).get("choices") == [NEW_CHOICE], repr(a.get("proposal")))
    ex = m.get("extracted") or {}
    check("export: what extraction gave is kept beside (agency)", "agency" in ex and ex["agency"] is None, repr(ex))
    ea = ex.get("answers") or {}
    check("export: what extraction gave is kept beside (answers)",
          ea.get("comments") == "Tốt." and (ea.get("proposal") or {}).get("choices") == [OLD_CHOICE], repr(ea))
    check("export: corrected_by is the clerk's name (%s)" % CLERK_NAME, m.get("corrected_by") == CLERK_NAME,
          repr(m.get("corrected_by")))
    ca = m.get("corrected_at") or ""
    ok = re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", ca) is not None
    if ok:
        t = time.mktime(time.strptime(ca, "%Y-%m-%dT%H:%M:%SZ")) - time.timezone
        ok = abs(t - time.time()) < 600
    check("export: corrected_at is now, ISO 8601 UTC", ok, repr(ca))


def after(d):
    d.get(BASE + "/c/" + CAMP)
    status_page(d, "after the assignment")
    tr = by_css(d, 'table#status tr.agency[data-agency="%s"]' % AGENCY)
    check("the status page shows %s as replied on time" % AGENCY,
          bool(tr) and tr[0].get_attribute("data-state") == "on_time",
          tr[0].get_attribute("data-state") if tr else "no row")
    snap(d, "status-after")


def download(d, fmt):
    before = set(os.listdir(DL))
    a = d.find_element(By.CSS_SELECTOR, 'a.report[href$="/report.%s"]' % fmt)
    a.click()

    def done():
        new = [f for f in set(os.listdir(DL)) - before if not f.endswith(".crdownload") and not f.endswith(".tmp")]
        part = [f for f in os.listdir(DL) if f.endswith(".crdownload")]
        return new if new and not part else None
    new = wait_for(done, 20)
    check("the .%s report downloads" % fmt, bool(new) and new[0].endswith("." + fmt), repr(new))
    check("the download leaves the page where it was", path_of(d, BASE) == "/c/" + CAMP, d.current_url)
    return os.path.join(DL, new[0]) if new else None


def xlsx(d):
    p = download(d, "xlsx")
    if not p:
        return
    import openpyxl
    _, tot = status_rows()
    wb = openpyxl.load_workbook(p)
    ws = wb["Tổng hợp"]
    v = {}
    for row in ws.iter_rows(values_only=True):
        if row and row[0] is not None and len(row) > 1 and isinstance(row[1], (int, float)):
            v[row[0]] = int(row[1])
    check("xlsx: asked %d, as status --json" % tot["expected"], v.get("Số đơn vị được lấy ý kiến") == tot["expected"], repr(v))
    check("xlsx: replied %d (the assigned reply counts)" % tot["replied"], v.get("Đã trả lời") == tot["replied"], repr(v))
    cells = "\n".join(str(c) for s in wb.worksheets for r in s.iter_rows(values_only=True) for c in r if c is not None)
    check("xlsx: names the agency assigned (%s)" % AGENCY_NAME, AGENCY_NAME in cells)
    check("xlsx: holds the corrected comment", NEW_COMMENT in cells)


def docx_(d):
    p = download(d, "docx")
    if not p:
        return
    import docx
    _, tot = status_rows()
    doc = docx.Document(p)
    text = "\n".join(x.text for x in doc.paragraphs)
    check("docx: the Vietnamese báo cáo of campaign %s" % CAMP, "BÁO CÁO" in text and "118/UBND-TH" in text, text[:200])
    want = "Số cơ quan, đơn vị đã gửi ý kiến: %d/%d" % (tot["replied"], tot["expected"])
    check("docx: \"%s\"" % want, want in text)
    check("docx: the corrected comment under %s" % AGENCY_NAME,
          "%s: “%s”" % (AGENCY_NAME, NEW_COMMENT) in text)
    rows = [[c.text for c in r.cells] for t in doc.tables for r in t.rows]
    ag = [r for r in rows if len(r) > 2 and r[1] == AGENCY_NAME]
    check("docx: the appendix shows %s as on time" % AGENCY_NAME, bool(ag) and ag[0][2] == "Đúng hạn", repr(ag))


def language(d):
    d.get(BASE + "/c/" + CAMP)
    vi_text = d.find_element(By.TAG_NAME, "body").text
    vi_nav = d.find_element(By.CSS_SELECTOR, 'nav#nav a[href="/review"]').text
    d.find_element(By.ID, "lang-en").click()
    wait_for(lambda: d.find_element(By.TAG_NAME, "html").get_attribute("lang") == "en")
    check("English: <html lang=\"en\">", d.find_element(By.TAG_NAME, "html").get_attribute("lang") == "en")
    check("English: the same page, without the query", path_of(d, BASE) == "/c/" + CAMP, d.current_url)
    en_text = d.find_element(By.TAG_NAME, "body").text
    en_nav = d.find_element(By.CSS_SELECTOR, 'nav#nav a[href="/review"]').text
    check("English: the page's words change (the nav's %r)" % vi_nav, en_text != vi_text and en_nav != vi_nav,
          repr(en_nav))
    check("English: the ykien_lang cookie says en",
          [c["value"] for c in d.get_cookies() if c["name"] == "ykien_lang"] == ["en"])
    check("English: still every agency", len(by_css(d, "table#status tr.agency")) == len(status_rows()[0]))
    snap(d, "status-en")
    d.get(BASE + "/review")
    check("English: the setting holds on the next page",
          d.find_element(By.TAG_NAME, "html").get_attribute("lang") == "en")
    d.find_element(By.ID, "lang-vi").click()
    wait_for(lambda: d.find_element(By.TAG_NAME, "html").get_attribute("lang") == "vi")
    check("back to Vietnamese: <html lang=\"vi\">", d.find_element(By.TAG_NAME, "html").get_attribute("lang") == "vi")
    check("back to Vietnamese: the same page", path_of(d, BASE) == "/review", d.current_url)


def logout(d):
    old = [c["value"] for c in d.get_cookies() if c["name"] == "ykien_session"]
    form = d.find_element(By.CSS_SELECTOR, 'nav#nav form#logout[method="post"]')
    check("the logout form carries a csrf token", len(csrf_of(form)) >= 16)
    d.find_element(By.ID, "logout-submit").click()
    wait_for(lambda: path_of(d, BASE) == "/login")
    check("logout leads to /login", path_of(d, BASE) == "/login", d.current_url)
    snap(d, "logout")
    d.get(BASE + "/")
    check("after logout / redirects to /login", path_of(d, BASE) == "/login", d.current_url)
    d.get(BASE + "/c/" + CAMP)
    check("after logout /c/%s redirects to /login" % CAMP, path_of(d, BASE) == "/login", d.current_url)
    if old:
        st, hd, _ = http_get(BASE + "/c/" + CAMP, "ykien_session=" + old[0])
        check("the old session cookie is refused after logout (303 to /login)",
              st == 303 and (hd.get("Location") or "").endswith("/login"), "%s %s" % (st, hd.get("Location")))
    else:
        check("there was a session cookie to log out", False)


def viewer():
    """A viewer, in a browser of their own while the reply still waits for a
    person: reads every page but sees no action form."""
    d = browser(os.path.join(TMP, "downloads-viewer"))
    try:
        d.get(BASE + "/login")
        f = d.find_element(By.CSS_SELECTOR, "form#login")
        f.find_element(By.NAME, "user").send_keys(VIEWER)
        f.find_element(By.NAME, "password").send_keys(VIEWER_PASS)
        d.find_element(By.ID, "login-submit").click()
        wait_for(lambda: path_of(d, BASE) == "/", 10)
        check("a viewer logs in", path_of(d, BASE) == "/", d.current_url)
        who = by_css(d, "nav#nav #whoami")
        check("the nav names the viewer", bool(who) and who[0].text.strip() == VIEWER)
        d.get(BASE + "/c/" + CAMP)
        check("a viewer sees the status page", len(by_css(d, "table#status tr.agency")) == len(status_rows()[0]))
        d.get(BASE + "/review")
        acts = "form.assign, form.correct, form.confirm, form.notreply"
        check("a viewer sees the review list with the unassigned reply",
              len(by_css(d, 'section.review-item[data-sha="%s"]' % SHA)) == 1, d.current_url)
        check("no action form on /review for a viewer", not by_css(d, acts))
        snap(d, "viewer-review")
        d.get(BASE + "/m/" + SHA)
        check("a viewer sees the message", bool(by_css(d, "dl#headers")))
        check("no action form on /m/SHA for a viewer", not by_css(d, acts))
        d.find_element(By.ID, "logout-submit").click()
        wait_for(lambda: path_of(d, BASE) == "/login")
        check("the viewer logs out", path_of(d, BASE) == "/login", d.current_url)
    finally:
        d.quit()


def main():
    d = browser(DL)
    try:
        step("login", login, d)
        step("the campaigns page", campaigns, d)
        step("the status page", lambda: (status_page(d, "before"), snap(d, "status")))
        step("the reminders page", reminders, d)
        step("a viewer", viewer)
        step("the review list", review, d)
        step("the message page", message, d)
        step("export --json", export, d)
        step("the status page after", after, d)
        d.get(BASE + "/c/" + CAMP)
        step("the .xlsx report", xlsx, d)
        step("the .docx report", docx_, d)
        step("English and back", language, d)
        step("logout", logout, d)
    finally:
        d.quit()
    check("no console error on any page", not CONSOLE, "; ".join(CONSOLE)[:600])
    small = [p for p in SHOTS if not os.path.exists(p) or os.path.getsize(p) < 2000]
    check("a screenshot of every page (%d) in %s" % (len(SHOTS), ART), len(SHOTS) >= 11 and not small,
          repr(small))
    return 1 if webtest.FAILED else 0


if __name__ == "__main__":
    sys.exit(main())
