#!/usr/bin/env bash
# The report for the Chairman over the sample replies (no mail server
# needed: they come in with `ykien import`).  status --json, the report in
# every format and the database agree on every count; a correction made
# with `ykien set` changes the report and survives a re-import of the same
# message; assign re-decides which reply counts; the HTML renders in
# headless Chromium with its chart and one row per agency; the workbook
# opens in openpyxl with the right counts and a native chart.  Without
# --audit no format shows a sender's address, an archive path or a hash,
# with it every format does; answers and corrections read as the options'
# wording; a correction is signed with the clerk's name (`clerks`).
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib/tap.sh"
. "$here/../lib/ykien-env.sh"

T=$(mktemp -d /tmp/ykreport.XXXXXX)
trap 'rm -rf "$T"' EXIT
sed -e "s#DEMO_PORT#1#g" -e "s#DEMO_DIR#$T#g" "$YK_TOP/conf/demo.conf" > "$T/ykien.conf"
# the clerk's name the report shows for the login a correction records
cat >> "$T/ykien.conf" <<'CONF'
clerks = ( { user = "lan"; name = "Nguyễn Thị Lan"; } );
CONF
Y() { "$YKIEN" -c "$T/ykien.conf" "$@"; }
db() { sqlite3 "$T/ykien.db" "$@"; }
PY=/usr/bin/python3   # Debian's, with python3-openpyxl (the pyenv one lacks it)
C=118-UBND-TH
data=$YK_TOP/tests/data/replies

# a reply from STC after the deadline (the end of 31/01/2024, Viet Nam time), so "late" is exercised
cat > "$T/late-stc.eml" <<'MAIL'
From: So Tai chinh <stc@soctrang.example>
To: tonghop@soctrang.example
Subject: Tra loi Cong van 118/UBND-TH
Date: Fri, 02 Feb 2024 08:30:00 +0700
Message-ID: <stc-0202@soctrang.example>
MIME-Version: 1.0
Content-Type: text/plain; charset=UTF-8
Content-Transfer-Encoding: 8bit

1. Nhận xét về tính thiết thực và hiệu quả của Hội thi cải cách hành chính:
Hội thi <b>bổ ích</b> & "thiết thực", =1+1

2. Đề nghị tiếp tục tổ chức Hội thi hoặc hình thức tuyên truyền khác:
☒ Đề nghị tiếp tục tổ chức Hội thi.
☐ Đề nghị hình thức tuyên truyền khác.

3. Ý kiến khác, đề xuất (nếu có):
Không.
MAIL

Y import "$data"/*.eml "$T/late-stc.eml" > "$T/import.out" 2> "$T/import.err"
is "ykien import exits 0" "$?" 0
check "no progress line when stderr is not a terminal" sh -c "! grep -q \$'\\r' '$T/import.err'"

# ---- the counts, from the database ---------------------------------------
LATE_AT=2024-01-31T16:59:59Z   # deadline = "2024-01-31": 23:59:59 +07:00
EFF="FROM replies r JOIN messages m ON m.id = r.message WHERE r.campaign = '$C' AND r.status = 'effective' AND r.agency IS NOT NULL"
counts_db() {
    local asked replied late cont other
    asked=$(awk '/^agencies/,/^\);/' "$T/ykien.conf" | grep -c 'code = ')
    replied=$(db "SELECT count(DISTINCT r.agency) $EFF")
    late=$(db "SELECT count(*) $EFF AND m.received_at > '$LATE_AT'")
    # choices with a person's corrections applied (the latest per field)
    cont=0 other=0
    while IFS='|' read -r sha choice; do
        c=$(db "SELECT value FROM corrections WHERE sha256 = '$sha' AND field = 'proposal' ORDER BY id DESC LIMIT 1")
        [ -n "$c" ] && choice=$c
        case "+$choice+" in *+continue_contest+*) cont=$((cont + 1)) ;; esac
        case "+$choice+" in *+other_form+*) other=$((other + 1)) ;; esac
    done < <(db "SELECT m.sha256, coalesce(r.choice, '') $EFF")
    echo "asked=$asked replied=$replied on_time=$((replied - late)) late=$late missing=$((asked - replied)) continue_contest=$cont other_form=$other"
}

counts_status() {
    Y status --campaign $C --json | $PY -c '
import json, sys
rows = [json.loads(l) for l in sys.stdin]
t = rows[-1]["totals"]
ags = rows[:-1]
cont = sum(1 for a in ags if "continue_contest" in a["choice"].rstrip("*").split("+"))
other = sum(1 for a in ags if "other_form" in a["choice"].rstrip("*").split("+"))
assert t["replied"] == sum(a["replied"] for a in ags)
assert t["late"] == sum(a["late"] for a in ags)
print("asked=%d replied=%d on_time=%d late=%d missing=%d continue_contest=%d other_form=%d" % (
    t["expected"], t["replied"], t["on_time"], t["late"], t["missing"], cont, other))'
}

counts_csv() {
    Y report --campaign $C --format csv --lang en -o "$T/r.csv" || return 1
    $PY -c '
import csv, sys
raw = open(sys.argv[1], "rb").read()
assert raw.startswith(b"\xef\xbb\xbf"), "no BOM"
assert b"\r\n" in raw
rows = list(csv.reader(raw[3:].decode("utf-8").splitlines(), strict=True))
head, body = rows[0], rows[1:]
st = head.index("Status")
opt = head.index("Đề nghị tiếp tục tổ chức Hội thi hoặc hình thức tuyên truyền khác")
n = lambda v: sum(1 for r in body if r[st] == v)
cont = sum(1 for r in body if "Đề nghị tiếp tục tổ chức Hội thi" in r[opt].split("; "))
other = sum(1 for r in body if "Đề nghị hình thức tuyên truyền khác" in r[opt].split("; "))
print("asked=%d replied=%d on_time=%d late=%d missing=%d continue_contest=%d other_form=%d" % (
    len(body), n("On time") + n("Late"), n("On time"), n("Late"), n("Not replied"), cont, other))
' "$T/r.csv"
}

counts_md() {
    Y report --campaign $C --format md > "$T/r.md" || return 1
    $PY -c '
import re, sys
t = open(sys.argv[1], encoding="utf-8").read()
def n(label):
    return int(re.search(r"^\| " + re.escape(label) + r" \| (\d+) \|$", t, re.M).group(1))
def o(label):
    return int(re.search(r"^\| " + re.escape(label) + r" \| (\d+) \|", t, re.M).group(1))
print("asked=%d replied=%d on_time=%d late=%d missing=%d continue_contest=%d other_form=%d" % (
    n("Số đơn vị được lấy ý kiến"), n("Đã trả lời"), n("Đúng hạn"), n("Trễ hạn"), n("Chưa trả lời"),
    o("Đề nghị tiếp tục tổ chức Hội thi"), o("Đề nghị hình thức tuyên truyền khác")))
' "$T/r.md"
}

counts_html() {
    Y report --campaign $C --format html -o "$T/r.html" || return 1
    $PY -c '
import re, sys
t = open(sys.argv[1], encoding="utf-8").read()
n = lambda k: int(re.search(r"id=\"count-%s\">(\d+)<" % k, t).group(1))
o = lambda k: int(re.search(r"data-option=\"%s\"><td>[^<]*</td><td class=\"n\">(\d+)<" % k, t).group(1))
print("asked=%d replied=%d on_time=%d late=%d missing=%d continue_contest=%d other_form=%d" % (
    n("asked"), n("replied"), n("on-time"), n("late"), n("missing"), o("continue_contest"), o("other_form")))
' "$T/r.html"
}

counts_xlsx() {
    Y report --campaign $C --format xlsx -o "$T/r.xlsx" || return 1
    $PY -c '
import sys, zipfile, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb["Tổng hợp"]
v = {}
for row in ws.iter_rows(values_only=True):
    if row[0] is not None and isinstance(row[1], (int, float)):
        v[row[0]] = int(row[1])
charts = len(ws._charts)
names = zipfile.ZipFile(sys.argv[1]).namelist()
assert charts >= 1 or "xl/charts/chart1.xml" in names, "no chart"
ops = wb["Ý kiến"]
assert ops.max_row - 1 == v["Số đơn vị được lấy ý kiến"], "one row per agency"
print("asked=%d replied=%d on_time=%d late=%d missing=%d continue_contest=%d other_form=%d" % (
    v["Số đơn vị được lấy ý kiến"], v["Đã trả lời"], v["Đúng hạn"], v["Trễ hạn"], v["Chưa trả lời"],
    v["Đề nghị tiếp tục tổ chức Hội thi"], v["Đề nghị hình thức tuyên truyền khác"]))
' "$T/r.xlsx"
}

agree() { # label
    local want; want=$(counts_db)
    is "$1: status agrees with the database ($want)" "$(counts_status)" "$want"
    is "$1: CSV report agrees with the database" "$(counts_csv)" "$want"
    is "$1: Markdown report agrees with the database" "$(counts_md)" "$want"
    is "$1: HTML report agrees with the database" "$(counts_html)" "$want"
    is "$1: XLSX report agrees with the database" "$(counts_xlsx)" "$want"
}

is "sample data: one late reply (STC)" "$(db "SELECT count(*) $EFF AND m.received_at > '$LATE_AT'")" 1
agree "before corrections"

# ---- status in a pipe: no colour, aligned by display width ----------------
Y status --campaign $C > "$T/status.txt"
check "status in a pipe has no colour codes" sh -c "! grep -q \$'\\033' '$T/status.txt'"
check "status marks STC late" grep -qE '^ +STC +Sở Tài chính +late ' "$T/status.txt"
cols=$($PY -c '
import sys, unicodedata
w = lambda s: sum(2 if unicodedata.east_asian_width(c) in "WF" else 0 if unicodedata.combining(c) else 1 for c in s)
lines = [l.rstrip("\n") for l in open(sys.argv[1], encoding="utf-8")][1:8]
print(len({w(l[:l.index("STATUS" if i == 0 else next(x for x in ("replied ", "late ", "missing ") if x in l))]) for i, l in enumerate(lines)}))
' "$T/status.txt")
is "the STATUS column starts at the same display column on every row" "$cols" 1

# ---- the HTML is escaped and renders ----------------------------------------
check "agency text is escaped in HTML" grep -q '&lt;b&gt;bổ ích&lt;/b&gt; &amp; &quot;thiết thực&quot;' "$T/r.html"
check "the HTML has no script and fetches nothing" sh -c "! grep -qiE '<script|https?://[^\"]*\\.(js|css|png)|<link ' '$T/r.html'"
check "agency text survives CSV quoting (RFC 4180) unchanged" $PY -c '
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8-sig", newline="")))
assert any("Hội thi <b>bổ ích</b> & \"thiết thực\", =1+1" in r for r in rows)' "$T/r.csv"
CHROMIUM=$(command -v chromium || command -v chromium-browser || true)
if [ -n "$CHROMIUM" ]; then
    chrome() { local u; u=$(mktemp -d "$T/chrome.XXXXXX")
        timeout 60 "$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
            --disable-background-networking --disable-component-update --disable-sync \
            --user-data-dir="$u" "$@" 2>/dev/null; }
    chrome --screenshot="$T/shot.png" --window-size=1200,2000 "file://$T/r.html" > /dev/null
    check "Chromium takes a screenshot of the HTML report" test -s "$T/shot.png"
    size=$(stat -c %s "$T/shot.png" 2>/dev/null || echo 0)
    check "the screenshot is a non-trivial PNG ($size bytes)" sh -c \
        "[ $size -gt 20000 ] && head -c 8 '$T/shot.png' | od -An -tx1 | grep -q '89 50 4e 47'"
    chrome --dump-dom "file://$T/r.html" > "$T/dom.html"
    check "the rendered page has the SVG chart" grep -q '<svg[^>]*class="chart"' "$T/dom.html"
    is "the rendered page has one row per agency" "$(grep -o '<tr class="agency"' "$T/dom.html" | wc -l)" 7
else
    not_ok "Chromium not installed (tests/lib/deps.sh installs it): the HTML is not rendered"
fi

# ---- English ---------------------------------------------------------------
Y report --campaign $C --format html --lang en -o "$T/en.html"
check "--lang en gives the English report" grep -q 'Summary report of opinions' "$T/en.html"
check "Vietnamese is the default" grep -q 'Báo cáo tổng hợp ý kiến' "$T/r.html"

# ---- review, show, assign ---------------------------------------------------
Y review --campaign $C > "$T/review.txt"
check "review lists the reply from an unknown sender" grep -q 'unassigned' "$T/review.txt"
unknown=$(db "SELECT sha256 FROM messages WHERE file LIKE '%04-unknown-sender.eml'")
snv=$(db "SELECT sha256 FROM messages WHERE file LIKE '%01-snv-inline.eml'")
Y show "${unknown:0:10}" > "$T/show.txt"
check "show prints the classification" grep -q 'kind *form_reply' "$T/show.txt"
check "show prints the extracted answers" grep -q '^Extracted answers' "$T/show.txt"
check "show prints the archive path" grep -q "archive *$T/archive/" "$T/show.txt"
Y show "<snv-0116@soctrang.example>" > /dev/null
is "show finds a message by Message-ID" "$?" 0
Y show "$(db "SELECT archive_path FROM messages WHERE sha256 = '$snv'")" > /dev/null
is "show finds a message by archive path" "$?" 0
Y show SNV > "$T/show-snv.txt"
check "show AGENCY lists its replies" grep -qE "${snv:0:12} +$C +effective" "$T/show-snv.txt"

# assign the unknown reply to SNV: it is later, so it counts and SNV's first is superseded
Y assign "${unknown:0:12}" SNV > /dev/null
is "assign exits 0" "$?" 0
is "assign re-decides: the earlier SNV reply is superseded" \
    "$(db "SELECT status FROM messages WHERE sha256 = '$snv'")" superseded
is "assign re-decides: the assigned reply counts" \
    "$(db "SELECT r.status FROM replies r JOIN messages m ON m.id = r.message WHERE m.sha256 = '$unknown'")" effective
Y assign "${unknown:0:12}" UBND_KESACH > /dev/null
is "assigned elsewhere: the SNV reply counts again" "$(db "SELECT status FROM messages WHERE sha256 = '$snv'")" effective
check "status shows UBND_KESACH replied" sh -c "'$YKIEN' -c '$T/ykien.conf' status | grep -qE '^ +UBND_KESACH +.* replied '"
is "the extracted agency is kept beside the assignment" "$(db "SELECT coalesce(agency, 'none') FROM messages WHERE sha256 = '$unknown'")" none
Y assign "${unknown:0:12}" NOSUCH 2> /dev/null
check "assign refuses an unknown agency" [ $? -ne 0 ]
agree "after assign"

# ---- a correction --------------------------------------------------------------
before_cont=$(counts_db | sed 's/.*continue_contest=\([0-9]*\).*/\1/')
SUDO_USER=lan Y set "${snv:0:12}" proposal=other_form comments="Đã sửa: tổ chức 2 năm một lần" > /dev/null
is "set exits 0" "$?" 0
is "the correction is recorded with who" "$(db "SELECT who FROM corrections WHERE sha256 = '$snv' AND field = 'proposal'")" lan
is "the extracted values are kept" "$(db "SELECT choice FROM replies r JOIN messages m ON m.id = r.message WHERE m.sha256 = '$snv'")" continue_contest
Y set "${snv:0:12}" proposal=no_such_option 2> /dev/null
check "set refuses an option the form does not have" [ $? -ne 0 ]
agree "after the correction"
after_cont=$(counts_db | sed 's/.*continue_contest=\([0-9]*\).*/\1/')
is "the correction moved one agency out of continue_contest" "$after_cont" "$((before_cont - 1))"
check "the HTML report uses the corrected text" grep -q 'Đã sửa: tổ chức 2 năm một lần' "$T/r.html"
check "the HTML report says it was corrected" grep -q 'đã hiệu chỉnh' "$T/r.html"
check "status marks the corrected choice (shown by its wording)" \
    sh -c "'$YKIEN' -c '$T/ykien.conf' status | grep -qE '^ +SNV +.* Đề nghị hình thức tuyên truyền khác\\*'"

# ---- what is for the Chairman, and what only for --audit -------------------
# The text a reader sees in FILE (by its extension): the HTML without its
# tags and entities, every cell of every sheet of a workbook, else the file.
visible() {
    $PY - "$1" <<'PY'
import html, re, sys
p = sys.argv[1]
if p.endswith(".xlsx"):
    import openpyxl
    wb = openpyxl.load_workbook(p)
    for ws in wb.worksheets:
        for row in ws.iter_rows(values_only=True):
            print("\t".join("" if v is None else str(v) for v in row))
elif p.endswith(".html"):
    t = open(p, encoding="utf-8").read()
    t = re.sub(r"<style>.*?</style>|<[^>]*>", " ", t, flags=re.S)
    print(html.unescape(t))
else:
    print(open(p, encoding="utf-8-sig").read())
PY
}
# a reply filed with its hash and archive path, and a sender with an address
sha_snv=$(db "SELECT sha256 FROM messages WHERE sha256 = '$snv'")
arch_snv=$(db "SELECT archive_path FROM messages WHERE sha256 = '$snv'")
arch_snv=${arch_snv#"$T/archive/"}
stp=$(db "SELECT sha256 FROM messages WHERE file LIKE '%02-stp-no-diacritics.eml'")
SUDO_USER=minh Y set "${stp:0:12}" proposal.text="Tuyên truyền qua Zalo" > /dev/null
is "a correction by a login with no clerk's name is recorded" "$?" 0
for f in html md csv xlsx; do
    Y report --campaign $C --format $f -o "$T/plain.$f"
    is "$f: report without --audit exits 0" "$?" 0
    Y report --campaign $C --format $f --audit -o "$T/audit.$f"
    is "$f: report --audit exits 0" "$?" 0
    visible "$T/plain.$f" > "$T/plain.$f.txt"
    visible "$T/audit.$f" > "$T/audit.$f.txt"
    check "$f: no e-mail address without --audit" \
        sh -c "! grep -qE '[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+\\.[A-Za-z0-9.-]+' '$T/plain.$f.txt'"
    check "$f: no archive path without --audit" \
        sh -c "! grep -qE '\\.eml|_unassigned|$T/archive' '$T/plain.$f.txt'"
    # a run of hex digits with a letter in it: a share like 0.666666666667 is not one
    check "$f: no hash without --audit" \
        sh -c "! grep -oiE '[0-9a-f]{12,}' '$T/plain.$f.txt' | grep -qi '[a-f]'"
    # the text formats whole, markup and attributes too (a workbook is zipped)
    [ $f = xlsx ] || check "$f: the raw file has no address, path or hash either" \
        sh -c "! grep -qE 'snv@soctrang|${sha_snv:0:12}|_unassigned' '$T/plain.$f'"
    check "$f: --audit shows the sender's address" grep -q 'snv@soctrang.example' "$T/audit.$f.txt"
    check "$f: --audit shows the archive path" grep -qF "$arch_snv" "$T/audit.$f.txt"
    check "$f: --audit shows the SHA-256" grep -q "$sha_snv" "$T/audit.$f.txt"
    check "$f: --audit shows the unassigned reply's sender" \
        grep -q 'nguyenvana@mail.example' "$T/audit.$f.txt"
    # answers and corrections read as the options' wording, never their ids
    check "$f: no option id in the report" \
        sh -c "! grep -qE 'other_form|continue_contest' '$T/plain.$f.txt' '$T/audit.$f.txt'"
    check "$f: the corrected option in its wording" \
        grep -q 'Đề nghị hình thức tuyên truyền khác' "$T/plain.$f.txt"
    check "$f: who corrected, by the clerk's name" grep -q 'Nguyễn Thị Lan' "$T/plain.$f.txt"
    check "$f: not by the login of a named clerk" \
        sh -c "! grep -qwE 'lan' '$T/plain.$f.txt'"
    check "$f: a login with no clerk's name is shown as it is" grep -qw 'minh' "$T/plain.$f.txt"
done
check "the corrections list a choice under its section's heading and wording" grep -qE \
    '^\| Sở Nội vụ \| Đề nghị tiếp tục tổ chức Hội thi hoặc hình thức tuyên truyền khác \| Đề nghị hình thức tuyên truyền khác \| Nguyễn Thị Lan \| [0-9]{2} giờ [0-9]{2} ngày [0-9]{2}/[0-9]{2}/[0-9]{4} \|$' \
    "$T/plain.md"
check "the text of a choice section is marked as its text" \
    grep -q '| Sở Tư pháp | Đề nghị tiếp tục tổ chức Hội thi hoặc hình thức tuyên truyền khác (nội dung) | Tuyên truyền qua Zalo | minh |' "$T/plain.md"
# times as a công văn writes them: SNV's reply was sent 16/01/2024 09:12 (+07:00)
check "Vietnamese times: \"09 giờ 12 ngày 16/01/2024\"" grep -q 'Đúng hạn, 09 giờ 12 ngày 16/01/2024' "$T/plain.md"
check "the CSV's time of reply in the same style" grep -q '09 giờ 12 ngày 16/01/2024' "$T/plain.csv"
check "English keeps ISO-like times" sh -c "'$YKIEN' -c '$T/ykien.conf' report --campaign $C --format md --lang en | grep -q 'On time, 2024-01-16 09:12'"

Y import "$data/01-snv-inline.eml" > "$T/reimport.out"
check "re-import recognises the same message" grep -q 'already filed' "$T/reimport.out"
agree "after a re-import"
check "the correction survives the re-import" grep -q 'Đã sửa: tổ chức 2 năm một lần' "$T/r.html"

tap_done
