#!/usr/bin/env bash
# The draft công văn đôn đốc, `ykien letter --campaign ID --overdue`: its
# "Kính gửi" list is exactly the agencies `ykien status --json` shows as
# not replied (and follows it when one replies), as is `letter --json`;
# the letter cites the campaign's letter by number, date and trích yếu,
# says "V/v đôn đốc gửi …" under the number, leaves the new deadline for
# the office, lists the units then the office's recipients in Nơi nhận;
# a terminal gets no binary.  LibreOffice converts it (page 1 kept as
# build/artefacts/letter_overdue-page1.png).
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib/tap.sh"
. "$here/../lib/ykien-env.sh"

T=$(mktemp -d /tmp/ykletter.XXXXXX)
trap 'rm -rf "$T"' EXIT
sed -e "s#DEMO_PORT#1#g" -e "s#DEMO_DIR#$T#g" "$YK_TOP/conf/demo.conf" > "$T/base.conf"
cat "$T/base.conf" - > "$T/ykien.conf" <<'CONF'
office = {
  parent_body = "UBND tỉnh Hậu Giang";
  issuing_body = "Sở Nội vụ";
  abbreviation = "SNVHG-CCHC";
  place = "Vị Thanh";
  report_to = [ "Chủ tịch UBND tỉnh" ];
  signer_title = "Giám đốc";
  signer_name = "Trần Thị Bích";
  recipients = [ "Giám đốc Sở (b/c)", "Lưu: VT, CCHC" ];
  contact = "Phòng CCHC, Sở Nội vụ, điện thoại 0293 3 000 000";
};
CONF
Y() { "$YKIEN" -c "$T/ykien.conf" "$@"; }
PY=/usr/bin/python3   # Debian's, with python3-docx
C=118-UBND-TH
ART=$YK_BUILD/artefacts
mkdir -p "$ART"

# some replied, some not (the sample: STC and UBND huyện Kế Sách have not)
Y import "$YK_TOP"/tests/data/replies/*.eml > "$T/import.out" 2>&1
is "ykien import exits 0" "$?" 0

missing_status() {
    Y status --campaign $C --json | $PY -c '
import json, sys
rows = [json.loads(l) for l in sys.stdin][:-1]
print(" ".join(r["agency"] for r in rows if not r["replied"]))'
}
missing_json() {
    Y letter --campaign $C --overdue --json | $PY -c '
import json, sys
print(" ".join(a["agency"] for a in json.load(sys.stdin)))'
}
# the names under "Kính gửi" in the .docx, as codes (by the configured names)
kinh_gui() {
    $PY - "$1" "$T/status.json" <<'PY'
import json, sys, docx
d = docx.Document(sys.argv[1])
names = {json.loads(l).get("name"): json.loads(l).get("agency") for l in open(sys.argv[2])}
ps = [p.text.strip() for p in d.paragraphs]
i = ps.index("Kính gửi:") if "Kính gửi:" in ps else None
out = []
if i is None:   # one addressee: "Kính gửi: X."
    one = [p for p in ps if p.startswith("Kính gửi: ")]
    out = [one[0][len("Kính gửi: "):].rstrip(".")] if one else []
else:
    for p in ps[i + 1:]:
        if not p.startswith("- "):
            break
        out.append(p[2:].rstrip(";."))
print(" ".join(names.get(n, "?" + n) for n in out))
PY
}

Y status --campaign $C --json > "$T/status.json"
want=$(missing_status)
check "the sample campaign has some missing ($want) and some replied" \
    sh -c "[ -n '$want' ] && grep -q '\"replied\":true' '$T/status.json'"
is "letter --json lists exactly the agencies status shows as not replied" "$(missing_json)" "$want"

Y letter --campaign $C --overdue -o "$T/l.docx" 2> "$T/err"
is "letter --overdue -o exits 0" "$?" 0
check "nothing on stderr" test ! -s "$T/err"
is "its Kính gửi list is exactly status's missing agencies" "$(kinh_gui "$T/l.docx")" "$want"

$PY - "$T/l.docx" > "$T/py.out" 2>&1 <<'PY'
import re, sys, docx
from docx.shared import Mm
d = docx.Document(sys.argv[1])
allp = list(d.paragraphs) + [p for t in d.tables for r in t.rows for c in r.cells for p in c.paragraphs]
text = "\n".join(p.text for p in allp)
def check(name, cond):
    print(("ok" if cond else "not ok") + " - " + name)
s = d.sections[0]
check("A4, margins of Nghị định 30", abs(s.page_width - Mm(210)) < Mm(1) and Mm(20) <= s.top_margin <= Mm(25)
      and Mm(30) <= s.left_margin <= Mm(35) and Mm(15) <= s.right_margin <= Mm(20))
check("Quốc hiệu and Tiêu ngữ", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and "Độc lập - Tự do - Hạnh phúc" in text)
check("Số: …/<abbreviation>, the number blank", any(re.match(r"^Số:\s+/SNVHG-CCHC$", p.text) for p in allp))
check("V/v đôn đốc gửi <campaign title> under the number",
      "V/v đôn đốc gửi Phiếu tham gia ý kiến về Hội thi cải cách hành chính năm 2023" in text)
check("cites the letter by number, date and trích yếu",
      "Thực hiện Công văn số 118/UBND-TH ngày 15/01/2024 của UBND tỉnh Hậu Giang về việc " in text)
check("the units not replied, counted, with the old deadline",
      "(thời hạn gửi ý kiến chậm nhất ngày 31/01/2024), đến nay các cơ quan, đơn vị có tên nêu trên (2/7 đơn vị) chưa gửi ý kiến về Sở Nội vụ." in text)
check("a new deadline left for the office", "trước …… giờ …… ngày …… tháng …… năm ……" in text)
check("the contact line", "Phòng CCHC, Sở Nội vụ, điện thoại 0293 3 000 000" in text)
ps = [p.text for p in allp]
i = ps.index("Nơi nhận:")
check("Nơi nhận: the units, then the office's recipients",
      ps[i + 1:i + 5] == ["- Sở Tài chính;", "- UBND huyện Kế Sách;", "- Giám đốc Sở (b/c);", "- Lưu: VT, CCHC."])
check("the signer (no authority line configured): GIÁM ĐỐC, the name", "GIÁM ĐỐC" in ps and "Trần Thị Bích" in ps)
check("no address or hash", "@" not in text and not re.search(r"[0-9a-f]{40}", text))
PY
while read -r line; do
    case $line in
        "ok - "*) ok "letter: ${line#ok - }" ;;
        "not ok - "*) not_ok "letter: ${line#not ok - }" ;;
        *) not_ok "letter: python: $line" ;;
    esac
done < "$T/py.out"

# a terminal gets no binary; --json and -o together make no sense
script -qec "'$YKIEN' -c '$T/ykien.conf' letter --campaign $C --overdue" /dev/null > "$T/tty.out" 2>&1
is "letter to a terminal exits 64" "$?" 64
check "and says to use -o" grep -q "say -o FILE.docx" "$T/tty.out"
Y letter --campaign $C > /dev/null 2>&1
is "letter without --overdue exits 64" "$?" 64
Y letter --campaign nosuch --overdue --json > /dev/null 2>&1
is "letter of an unknown campaign exits 64" "$?" 64

# one of them replies: the letter follows status
cat > "$T/stc.eml" <<'MAIL'
From: So Tai chinh <stc@soctrang.example>
To: tonghop@soctrang.example
Subject: Tra loi Cong van 118/UBND-TH
Date: Fri, 26 Jan 2024 08:30:00 +0700
Message-ID: <stc-0126@soctrang.example>
MIME-Version: 1.0
Content-Type: text/plain; charset=UTF-8
Content-Transfer-Encoding: 8bit

1. Nhận xét về tính thiết thực và hiệu quả của Hội thi cải cách hành chính:
Thiết thực.

2. Đề nghị tiếp tục tổ chức Hội thi hoặc hình thức tuyên truyền khác:
☒ Đề nghị tiếp tục tổ chức Hội thi.
☐ Đề nghị hình thức tuyên truyền khác.
MAIL
Y import "$T/stc.eml" > /dev/null 2>&1
Y status --campaign $C --json > "$T/status.json"
want2=$(missing_status)
check "after STC replied, status shows fewer missing ($want2)" test "$want2" != "$want"
is "letter --json follows status" "$(missing_json)" "$want2"
Y letter --campaign $C --overdue > "$T/l2.docx"
is "letter to a pipe exits 0" "$?" 0
is "the new letter's Kính gửi follows status" "$(kinh_gui "$T/l2.docx")" "$want2"

# ---- every unit replied: no letter to no one -------------------------------
sed -e 's/stc@soctrang.example/ubnd.kesach@soctrang.example/' -e 's/So Tai chinh/UBND huyen Ke Sach/' \
    -e 's/stc-0126@/kesach-0127@/' -e 's/26 Jan 2024/27 Jan 2024/' "$T/stc.eml" > "$T/kesach.eml"
Y import "$T/kesach.eml" > /dev/null 2>&1
Y status --campaign $C --json > "$T/status.json"
is "once Kế Sách replied too, status shows no one missing" "$(missing_status)" ""
is "letter --json: an empty list" "$(Y letter --campaign $C --overdue --json)" "[]"
Y letter --campaign $C --overdue -o "$T/l3.docx" 2> "$T/l3.err"
is "letter with no one to urge exits 65" "$?" 65
check "and writes no file" test ! -e "$T/l3.docx"
check "and says why" grep -q "every unit asked has replied" "$T/l3.err"

if ! command -v soffice > /dev/null; then
    not_ok "soffice missing: install libreoffice-writer-nogui (tests/lib/deps.sh)"
else
    timeout 180 soffice --headless -env:UserInstallation=file://$T/lo --convert-to pdf \
        --outdir "$T" "$T/l.docx" > "$T/soffice.out" 2>&1
    check "LibreOffice converts the letter to PDF" test -s "$T/l.pdf"
    pdftotext -layout "$T/l.pdf" "$T/l.txt"
    for w in "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" "Kính gửi:" "Sở Tài chính" "UBND huyện Kế Sách" \
             "Nơi nhận:" "V/v đôn đốc gửi"; do
        check "the PDF has \"$w\"" grep -qF "$w" "$T/l.txt"
    done
    pdftoppm -png -r 60 -f 1 -l 1 -singlefile "$T/l.pdf" "$ART/letter_overdue-page1"
    check "a screenshot of page 1 is kept: $ART/letter_overdue-page1.png" \
        test -s "$ART/letter_overdue-page1.png"
fi

tap_done
