#!/usr/bin/env bash
# ykien campaign new --letter (issue 20): the seed letter 118/UBND-TH as
# .txt, .docx and PDF (tests/data/letter/, made by gen.py) gives a draft
# that check-config accepts, with the deadline at the end of 31/01/2024,
# and that files the sample replies exactly as the hand-written example
# configuration does: the same messages imported with both, and their
# `ykien export --json` compared (kind, campaign, agency, answers by
# section, review, status).  The shared corpus too, when ../shared exists.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib/tap.sh"
. "$here/../lib/ykien-env.sh"
T=$(mktemp -d /tmp/ykcampnew.XXXXXX)
trap 'rm -rf "$T"' EXIT
data=$YK_TOP/tests/data/letter
example=$YK_TOP/docs/examples/ykien.conf
corpus=$(cd "$YK_TOP/.." && pwd)/shared/corpus

# the example's mailbox, smtp, storage and agencies, without its forms and
# campaigns: where a draft goes
sed -n '1,/^# The forms/p' "$example" | sed '$d' > "$T/base.conf"
check "the example configuration has its agencies before its forms" grep -q '^agencies = (' "$T/base.conf"

msgid=$(sed -n 's/^ *letter_message_id = "\(.*\)";.*/\1/p' "$example")
# conf NAME DRAFT: base + DRAFT, with its own database and archive
# (the letter's Message-ID filled in on its "# KIỂM TRA:" line, as the
# administrator does for a letter sent by hand: the example has it, and a
# reply known only by its thread is filed by it)
conf() {
    mkdir -p "$T/$1"
    cat "$T/base.conf" "$2" |
        sed 's|^    # letter_message_id = "...";|    letter_message_id = "'"$msgid"'";|' |
        sed -e "s#/var/lib/ykien/ykien.db#$T/$1/ykien.db#" \
            -e "s#/var/lib/ykien/archive#$T/$1/archive#" > "$T/$1.conf"
}

for f in txt docx pdf; do
    "$YKIEN" -c "$example" campaign new --letter "$data/118-UBND-TH.$f" -o "$T/draft.$f" 2> "$T/err.$f"
    is "campaign new --letter 118-UBND-TH.$f exits 0" "$?" 0
    conf "d$f" "$T/draft.$f"
    is "check-config accepts the draft from the .$f" \
        "$("$YKIEN" -c "$T/d$f.conf" check-config 2>&1)" ok
    check ".$f: the deadline is 31/01/2024, a date alone (the end of that day)" \
        grep -qx '    deadline = "2024-01-31";' "$T/draft.$f"
    check ".$f: the number, the date and every group of Kính gửi" \
        grep -q -e '^    reference = "118/UBND-TH";' "$T/draft.$f"
    check ".$f: sent on the letter's date" grep -q 'sent = "2024-01-15T' "$T/draft.$f"
    check ".$f: the trích yếu, without V/v, as about (the báo cáo cites it)" \
        grep -qx '    about = "nâng cao hiệu quả công tác tuyên truyền cải cách hành chính";' "$T/draft.$f"
    check ".$f: every configured group is named: agencies = \"all\"" \
        grep -q '^    agencies = "all";' "$T/draft.$f"
    check ".$f: the Message-ID left to the administrator, with # KIỂM TRA:" \
        grep -q "^    # KIỂM TRA: the letter's Message-ID is not known" "$T/draft.$f"
    check ".$f: the headings and options in their exact wording" /usr/bin/python3 - "$T/draft.$f" <<'PY'
import sys
d = open(sys.argv[1], encoding="utf-8").read()
want = ['heading = "Nhận xét về tính thiết thực và hiệu quả của Hội thi cải cách hành chính";',
        'heading = "Đề nghị tiếp tục tổ chức Hội thi hoặc hình thức tuyên truyền khác";',
        'text = "Đề nghị tiếp tục tổ chức Hội thi";',
        'text = "Đề nghị hình thức tuyên truyền khác";',
        'heading = "Ý kiến khác, đề xuất";',
        'title = "Phiếu tham gia ý kiến về Hội thi cải cách hành chính";']
miss = [w for w in want if w not in d]
for m in miss:
    print("# missing:", m)
sys.exit(1 if miss else 0)
PY
done
# the three readings of one letter are one draft (its first line names the file)
is "the .docx gives the draft the .txt gives" "$(diff <(sed 1d "$T/draft.txt") <(sed 1d "$T/draft.docx"))" ""
is "the PDF gives the draft the .txt gives" "$(diff <(sed 1d "$T/draft.txt") <(sed 1d "$T/draft.pdf"))" ""

# a letter sent by hand: its Message-ID given on the command line is
# written as letter_message_id; the PDF's filing checks below use that
# draft as it comes, with no hand edit
"$YKIEN" -c "$example" campaign new --letter "$data/118-UBND-TH.pdf" --message-id "<$msgid>" \
    -o "$T/draft.pdfmid" 2> "$T/err.pdfmid"
is "campaign new --message-id exits 0" "$?" 0
check "--message-id: written as letter_message_id" \
    grep -qx "    letter_message_id = \"$msgid\";  # the letter as it was sent (--message-id)" "$T/draft.pdfmid"
check "--message-id: no # KIỂM TRA: line for it any more" \
    test "$(grep -c "Message-ID is not known" "$T/draft.pdfmid")" = 0
conf dpdf "$T/draft.pdfmid"
is "check-config accepts the draft with --message-id" "$("$YKIEN" -c "$T/dpdf.conf" check-config 2>&1)" ok
"$YKIEN" -c "$example" campaign new --letter "$data/118-UBND-TH.pdf" --message-id "not an id" \
    > /dev/null 2>&1
is "a --message-id that is not one: exit 65" "$?" 65

# the deadline as the configuration reads it: a reply at 23:30 on
# 31/01/2024 is on time, one ten minutes after midnight is late
/usr/bin/python3 - "$YK_TOP/tests/data/misread/forward" "$T" <<'PY'
import re, sys
for src, dst, date in (("01_gmail_en_forward.eml", "ontime.eml", "Wed, 31 Jan 2024 23:30:00 +0700"),
                       ("03_outlook_vi_crlf.eml", "late.eml", "Thu, 01 Feb 2024 00:10:00 +0700")):
    m = open(sys.argv[1] + "/" + src, "rb").read()
    m = re.sub(rb"(?mi)^Received:[^\r\n]*\r?\n(?:[ \t][^\r\n]*\r?\n)*", b"", m)
    m = re.sub(rb"(?mi)^Date:[^\r\n]*", b"Date: " + date.encode(), m, count=1)
    m = re.sub(rb"(?mi)^Message-ID:[^\r\n]*", b"Message-ID: <" + dst.encode() + b"@deadline.test>", m, count=1)
    open(sys.argv[2] + "/" + dst, "wb").write(m)
PY
"$YKIEN" -c "$T/dpdf.conf" import "$T/ontime.eml" "$T/late.eml" > "$T/deadline.log" 2>&1
"$YKIEN" -c "$T/dpdf.conf" status --json --now 2024-02-02T08:00:00+07:00 > "$T/status.json" 2>&1
check "the deadline is the end of 31/01/2024: a reply at 23:30 is on time, at 00:10 late" \
    /usr/bin/python3 - "$T/status.json" <<'PY'
import json, sys
rows = {r["agency"]: r for r in map(json.loads, open(sys.argv[1])) if "agency" in r}
ok = rows["UBND_NGANAM"]["on_time"] and not rows["UBND_NGANAM"]["late"] and rows["SNV"]["late"]
if not ok:
    print("#", rows.get("UBND_NGANAM"), rows.get("SNV"))
sys.exit(0 if ok else 1)
PY
rm -rf "$T/dpdf" && mkdir -p "$T/dpdf"

# the form given apart (--form): the letter cut before its form
awk '/THAM GIA Ý KIẾN\*\*/ { exit } { print }' "$data/118-UBND-TH.txt" > "$T/letter-only.txt"
sed -n '/THAM GIA Ý KIẾN\*\*/,$p' "$data/118-UBND-TH.txt" > "$T/form-only.txt"
"$YKIEN" -c "$example" campaign new --letter "$T/letter-only.txt" -o "$T/draft.noform" 2>/dev/null
check "a letter without its form: a # KIỂM TRA: line says so" \
    grep -q '^    # KIỂM TRA: no form was found' "$T/draft.noform"
"$YKIEN" -c "$example" campaign new --letter "$T/letter-only.txt" --form "$T/form-only.txt" \
    -o "$T/draft.form" 2>/dev/null
is "--form FILE gives the draft the whole letter gives" \
    "$(diff <(sed 1d "$T/draft.txt") <(sed 1d "$T/draft.form"))" ""

# a letter to some of the groups: groups = [ ... ], and only their
# agencies are expected
sed -e '/^- Các đơn vị sự nghiệp công lập;/d' -e '/^- Các cơ quan Trung ương trên địa bàn;/d' \
    "$data/118-UBND-TH.txt" > "$T/some.txt"
"$YKIEN" -c "$example" campaign new --letter "$T/some.txt" -o "$T/draft.some" 2>/dev/null
check "a letter to two groups of four: groups = [ those two ]" \
    grep -qx '    groups = \[ "Sở, ban ngành", "UBND cấp huyện" \];' "$T/draft.some"
conf dsome "$T/draft.some"
is "check-config accepts it" "$("$YKIEN" -c "$T/dsome.conf" check-config 2>&1)" ok
"$YKIEN" -c "$T/dsome.conf" import "$YK_TOP"/tests/data/misread/forward/01_*.eml > /dev/null 2>&1
check "status: the agencies of those groups are expected, no other" /usr/bin/python3 - \
    "$("$YKIEN" -c "$T/dsome.conf" status --json 2>&1)" <<'PY'
import json, sys
got = {r["agency"] for r in map(json.loads, sys.argv[1].splitlines()) if "agency" in r}
ok = "SNV" in got and "UBND_TRANDE" in got and "CTHUE" not in got and "DPTTH" not in got \
     and len(got) == 26
sys.exit(0 if ok else (print("#", sorted(got)) or 1))
PY

# a scan is refused, not read by OCR into a configuration
printf '%%PDF-1.4\n%%%%EOF\n' > "$T/scan.pdf"
"$YKIEN" -c "$example" campaign new --letter "$T/scan.pdf" > /dev/null 2> "$T/scan.err"
check "a file with no text is refused (exit status not 0)" test "$?" -ne 0
"$YKIEN" -c "$example" campaign new > /dev/null 2>&1
is "campaign new without --letter is a usage error" "$?" 64

# -o over a file that holds another campaign, or other settings, would lose
# them: refused and left as it was; the same letter drafted again replaces
cp "$T/draft.txt" "$T/round1.conf"
"$YKIEN" -c "$example" campaign new --letter "$data/118-UBND-TH.pdf" -o "$T/round1.conf" 2> "$T/again.err"
is "the same letter drafted again over its own draft: replaced (exit 0)" "$?" 0
sed 's/118/119/g' "$data/118-UBND-TH.txt" > "$T/l119.txt"
cp "$T/round1.conf" "$T/round1.before"
"$YKIEN" -c "$example" campaign new --letter "$T/l119.txt" -o "$T/round1.conf" 2> "$T/other.err"
is "another letter over a file holding campaign 118: refused (exit 65)" "$?" 65
check "the error names the campaign it would lose and what to do" \
    grep -q 'holds campaign "118-UBND-TH".*draft into another file' "$T/other.err"
is "the file is left as it was" "$(cmp "$T/round1.conf" "$T/round1.before" && echo same)" same
cp "$example" "$T/whole.conf"
"$YKIEN" -c "$example" campaign new --letter "$T/l119.txt" -o "$T/whole.conf" 2> /dev/null
is "-o naming a whole ykien.conf by mistake: refused" "$?" 65
is "... and left as it was" "$(cmp "$T/whole.conf" "$example" && echo same)" same

# the skeleton a fresh installation gets: an empty campaigns.conf is
# replaced by the draft, and the whole is accepted
mkdir -p "$T/skel"
cp "$YK_TOP"/conf/ykien.conf "$YK_TOP"/conf/campaigns.conf "$T/skel/"
sed -n '/^agencies = (/,/^);/p' "$example" > "$T/skel/agencies.conf"
sed -i "s#/var/lib/ykien#$T/skel#g" "$T/skel/ykien.conf"
is "the skeleton with the example's agencies is accepted" "$("$YKIEN" -c "$T/skel/ykien.conf" check-config 2>&1)" ok
"$YKIEN" -c "$T/skel/ykien.conf" campaign new --letter "$data/118-UBND-TH.docx" -o "$T/skel/campaigns.conf" 2> /dev/null
is "campaign new -o the skeleton's empty campaigns.conf: written" "$?" 0
is "the skeleton with the drafted campaigns.conf is accepted" "$("$YKIEN" -c "$T/skel/ykien.conf" check-config 2>&1)" ok

# filing: the same messages with the example and with each draft
compare() {  # compare LABEL EXAMPLE_EXPORT DRAFT_EXPORT DRAFT_CONF
    /usr/bin/python3 - "$2" "$3" "$example" "$4" <<'PY'
import json, re, sys

def ids(conf):
    """section id -> heading, (section id, option id) -> option text"""
    t = open(conf, encoding="utf-8").read()
    t = t[t.index("\nforms = ("):]
    secs, opts, cur = {}, {}, None
    for m in re.finditer(r'\{ id = "([^"]+)";\s*(heading|text) = "([^"]*)";', t):
        if m.group(2) == "heading":
            cur = m.group(1)
            secs[cur] = m.group(3)
        else:
            opts[(cur, m.group(1))] = m.group(3)
    return secs, opts

es, eo = ids(sys.argv[3])
ds, do = ids(sys.argv[4])
sec_map = {d: e for d, h in ds.items() for e, h2 in es.items() if h == h2}
opt_map = {(ds_, d): e for (ds_, d), t in do.items() for (es_, e), t2 in eo.items() if t == t2}
if len(sec_map) != len(ds) or len(opt_map) != len(do):
    print("# the draft's sections or options are not the example's:", ds, do)
    sys.exit(1)

def answers(a, mapped):
    if not isinstance(a, dict):
        return a
    out = {}
    for k, v in a.items():
        nk = sec_map.get(k, k) if mapped else k
        if mapped and isinstance(v, dict) and "choices" in v:
            v = dict(v, choices=[opt_map.get((k, c), c) for c in v["choices"]])
        out[nk] = v
    return out

keys = ("kind", "campaign", "agency", "agency_by", "needs_review", "review_reasons", "status",
        "duplicate_of", "superseded_by", "source")
def load(path, mapped):
    rows = {}
    for l in open(path, encoding="utf-8"):
        r = json.loads(l)
        v = {k: r.get(k) for k in keys}
        v["answers"] = answers(r.get("answers"), mapped)
        rows[(r["file"], r.get("message_id"))] = v
    return rows

e, d = load(sys.argv[1], False), load(sys.argv[2], True)
bad = 0
if e.keys() != d.keys():
    print("# not the same messages filed:", sorted(set(e) ^ set(d))[:5])
    bad += 1
for k in sorted(e.keys() & d.keys()):
    if e[k] != d[k]:
        bad += 1
        if bad <= 5:
            diff = {f: (e[k][f], d[k][f]) for f in e[k] if e[k][f] != d[k][f]}
            print("# %s: %s" % (k[0].rsplit("/", 1)[-1], json.dumps(diff, ensure_ascii=False)[:600]))
print("# %d messages compared, %d differ" % (len(e), bad))
sys.exit(1 if bad or not e else 0)
PY
}

msgs=$(ls "$YK_TOP"/tests/data/misread/*/*.eml)
sed -e "s#/var/lib/ykien/ykien.db#$T/ex/ykien.db#" -e "s#/var/lib/ykien/archive#$T/ex/archive#" \
    "$example" > "$T/ex.conf"
mkdir -p "$T/ex"
"$YKIEN" -c "$T/ex.conf" import $msgs > "$T/ex.log" 2>&1
is "the example configuration imports tests/data/misread" "$?" 0
"$YKIEN" -c "$T/ex.conf" export --json > "$T/ex.json"
for f in docx pdf; do
    "$YKIEN" -c "$T/d$f.conf" import $msgs > "$T/d$f.log" 2>&1
    is "the draft from the .$f imports tests/data/misread" "$?" 0
    "$YKIEN" -c "$T/d$f.conf" export --json > "$T/d$f.json"
    check "the draft from the .$f files tests/data/misread as the example does" \
        compare misread "$T/ex.json" "$T/d$f.json" "$T/draft.$f"
done

if [ ! -d "$corpus" ]; then
    skip "shared corpus: $corpus not found"
else
    for c in ex dpdf; do
        rm -rf "${T:?}/$c" && mkdir -p "$T/$c"
        "$YKIEN" -c "$T/$c.conf" import "$corpus"/*.eml > "$T/$c.clog" 2>&1
        "$YKIEN" -c "$T/$c.conf" export --json > "$T/$c.cjson"
    done
    check "the draft from the PDF files the shared corpus as the example does" \
        compare corpus "$T/ex.cjson" "$T/dpdf.cjson" "$T/draft.pdf"
fi
tap_done
