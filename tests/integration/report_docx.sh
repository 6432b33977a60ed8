#!/usr/bin/env bash
# The draft báo cáo tổng hợp, `ykien report --format docx`, over the sample
# replies: python-docx (Debian's python3-docx) finds the form of Nghị định
# 30/2020/NĐ-CP (A4, the margins, Times New Roman, the Quốc hiệu and Tiêu
# ngữ bold, "BÁO CÁO", "Kính gửi", "Nơi nhận", the page number from page
# 2, a landscape Phụ lục), every replying agency's name and the counts of
# `ykien status --json` and `ykien export --json`; no address, path or
# hash.  The office's words come from the configuration (placeholders
# without it).  LibreOffice converts it to PDF, whose text has the same
# parts; page 1 is kept as build/artefacts/report_docx-page1.png.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib/tap.sh"
. "$here/../lib/ykien-env.sh"

T=$(mktemp -d /tmp/ykrdocx.XXXXXX)
trap 'rm -rf "$T"' EXIT
# the campaign's trích yếu (campaign new writes it from the letter)
sed -e "s#DEMO_PORT#1#g" -e "s#DEMO_DIR#$T#g" \
    -e 's#^\(    reference = "118/UBND-TH";\)#\1 about = "nâng cao hiệu quả công tác tuyên truyền cải cách hành chính";#' \
    "$YK_TOP/conf/demo.conf" > "$T/base.conf"
check "the test campaign has an about (the sed follows conf/demo.conf)" grep -q "about = " "$T/base.conf"
# the office as a configuration names it (another province than the
# sample's agencies: nothing in the document may come from elsewhere)
cat "$T/base.conf" - > "$T/ykien.conf" <<'CONF'
office = {
  parent_body = "UBND tỉnh Hậu Giang";
  issuing_body = "Sở Nội vụ";
  abbreviation = "SNVHG";
  place = "Vị Thanh";
  report_to = [ "Chủ tịch UBND tỉnh" ];
  signer_authority = "KT. GIÁM ĐỐC";
  signer_title = "Phó Giám đốc";
  signer_name = "Trần Thị Bích";
  recipients = [ "Giám đốc Sở (b/c)", "Lưu: VT, CCHC" ];
  contact = "Phòng CCHC, Sở Nội vụ, điện thoại 0293 3 000 000";
  province = "tỉnh Hậu Giang";
};
CONF
Y() { "$YKIEN" -c "$T/ykien.conf" "$@"; }
PY=/usr/bin/python3   # Debian's, with python3-docx (the pyenv one lacks it)
C=118-UBND-TH
ART=$YK_BUILD/artefacts
mkdir -p "$ART"

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
Hội thi <b>bổ ích</b> & "thiết thực", cần nhân rộng

2. Đề nghị tiếp tục tổ chức Hội thi hoặc hình thức tuyên truyền khác:
☒ Đề nghị tiếp tục tổ chức Hội thi.
☐ Đề nghị hình thức tuyên truyền khác.

3. Ý kiến khác, đề xuất (nếu có):
Không.
MAIL

Y import "$YK_TOP"/tests/data/replies/*.eml "$T/late-stc.eml" > "$T/import.out" 2>&1
is "ykien import exits 0" "$?" 0

Y report --campaign $C --format docx -o "$T/r.docx" 2> "$T/err"
is "report --format docx -o exits 0" "$?" 0
check "nothing on stderr" test ! -s "$T/err"
check "the file is a zip (a .docx package)" sh -c "head -c 2 '$T/r.docx' | grep -q PK"
Y report --campaign $C --format docx > "$T/pipe.docx"
is "report --format docx to a pipe exits 0" "$?" 0
check "to a pipe: the same package size" \
    test "$(stat -c %s "$T/pipe.docx")" = "$(stat -c %s "$T/r.docx")"
# a terminal gets no binary
script -qec "'$YKIEN' -c '$T/ykien.conf' report --campaign $C --format docx" /dev/null \
    > "$T/tty.out" 2>&1
is "report --format docx to a terminal exits 64" "$?" 64
check "and says to use -o" grep -q "say -o FILE.docx" "$T/tty.out"

Y status --campaign $C --json > "$T/status.json"
Y export --json --campaign $C > "$T/export.json"

$PY - "$T/r.docx" "$T/status.json" "$T/export.json" > "$T/py.out" 2>&1 <<'PY'
import json, re, sys
import docx
from docx.shared import Mm

path, status, export = sys.argv[1:4]
d = docx.Document(path)
rows = [json.loads(l) for l in open(status)]
tot = rows[-1]["totals"]
ags = rows[:-1]
ex = [json.loads(l) for l in open(export)]
ok = []
def check(name, cond):
    ok.append(cond)
    print(("ok" if cond else "not ok") + " - " + name)

s0 = d.sections[0]
check("page 1 is A4 portrait", abs(s0.page_width - Mm(210)) < Mm(1) and abs(s0.page_height - Mm(297)) < Mm(1))
check("top margin 20-25 mm", Mm(20) <= s0.top_margin <= Mm(25))
check("bottom margin 20-25 mm", Mm(20) <= s0.bottom_margin <= Mm(25))
check("left margin 30-35 mm", Mm(30) <= s0.left_margin <= Mm(35))
check("right margin 15-20 mm", Mm(15) <= s0.right_margin <= Mm(20))
check("no page number on page 1 (different first page)", s0.different_first_page_header_footer)
hdr = s0.header._element.xml
check("the page number is a PAGE field, centred", " PAGE " in hdr and 'w:val="center"' in hdr)
check("first-page header empty", s0.first_page_header.paragraphs[0].text.strip() == "")
last = d.sections[-1]
check("the Phụ lục is a landscape section", len(d.sections) == 2 and last.page_width > last.page_height)

# the fonts: Times New Roman for every script, and no run naming another
rpr = d.styles.element.xpath("//w:docDefaults//w:rFonts")[0]
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
check("default font Times New Roman (ascii, hAnsi, cs, eastAsia)",
      all(rpr.get(W + k) == "Times New Roman" for k in ("ascii", "hAnsi", "cs", "eastAsia")))
body_xml = d.element.xml
check("no run names another font", "w:rFonts" not in body_xml)
sz = d.styles.element.xpath("//w:docDefaults//w:sz")[0].get(W + "val")
check("body 13-14 pt", sz in ("26", "28"))

def paras():
    for p in d.paragraphs:
        yield p
    for t in d.tables:
        for row in t.rows:
            for c in row.cells:
                for p in c.paragraphs:
                    yield p
allp = list(paras())
def find(text):
    return [p for p in allp if p.text.strip() == text]
def bold(p):
    return all(r.bold for r in p.runs if r.text.strip())
def size(p):
    return {r.font.size.pt if r.font.size else 14 for r in p.runs if r.text.strip()}

q = find("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
check("Quốc hiệu present, bold, 12-13 pt", q and bold(q[0]) and size(q[0]) <= {12, 13})
t = find("Độc lập - Tự do - Hạnh phúc")
check("Tiêu ngữ present, bold, 13-14 pt", t and bold(t[0]) and size(t[0]) <= {13, 14})
i = allp.index(t[0]) if t else 0
check("a rule under the Tiêu ngữ (a bottom border)", t and "w:pBdr" in allp[i + 1]._p.xml)
sb = find("SỞ NỘI VỤ")
check("the issuing body in capitals, bold", sb and bold(sb[0]))
pb = find("UBND TỈNH HẬU GIANG")
check("the parent body in capitals, not bold", pb and not any(r.bold for r in pb[0].runs))
check("Số: …/BC-<abbreviation>, the number blank", any(re.match(r"^Số:\s+/BC-SNVHG$", p.text) for p in allp))
check("<place>, ngày … tháng … năm … in italics",
      any(p.text.startswith("Vị Thanh, ngày") and all(r.italic for r in p.runs) for p in allp))
b = find("BÁO CÁO")
check("BÁO CÁO, bold", b and bold(b[0]))
nxt = allp[allp.index(b[0]) + 1] if b else None
check("the trích yếu under it, bold, citing the letter",
      nxt is not None and bold(nxt) and "Công văn số 118/UBND-TH ngày 15/01/2024 của UBND tỉnh Hậu Giang "
      "về việc nâng cao hiệu quả công tác tuyên truyền cải cách hành chính" in nxt.text)
check("Kính gửi: the configured addressee", any(p.text.strip() == "Kính gửi: Chủ tịch UBND tỉnh." for p in allp))
n = find("Nơi nhận:")
check("Nơi nhận: bold italic 12 pt", n and bold(n[0]) and all(r.italic for r in n[0].runs) and size(n[0]) == {12})
j = allp.index(n[0]) if n else 0
rec = [p.text for p in allp[j + 1:j + 4]]
check("its list, 11 pt, '- X;' ... '- Lưu: VT, CCHC.'",
      rec == ["- Như trên;", "- Giám đốc Sở (b/c);", "- Lưu: VT, CCHC."] and
      all(size(p) == {11} for p in allp[j + 1:j + 4]))
check("the signer: authority and title in capitals, bold; the name bold",
      find("KT. GIÁM ĐỐC") and find("PHÓ GIÁM ĐỐC") and bold(find("PHÓ GIÁM ĐỐC")[0]) and
      find("Trần Thị Bích") and bold(find("Trần Thị Bích")[0]))
body = [p for p in d.paragraphs if p.paragraph_format.first_line_indent]
check("body paragraphs: first-line indent 1-1.27 cm, >= 6 pt after, justified",
      len(body) > 5 and all(Mm(10) <= p.paragraph_format.first_line_indent <= Mm(12.7) and
                            p.paragraph_format.space_after.pt >= 6 and
                            p.alignment == 3 for p in body))

text = "\n".join(p.text for p in allp)
for h in ("I. TÌNH HÌNH TIẾP NHẬN Ý KIẾN", "II. KẾT QUẢ TỔNG HỢP Ý KIẾN", "III. ĐỀ XUẤT, KIẾN NGHỊ", "Phụ lục"):
    check("part " + h, h in text)
replied = [a for a in ags if a["replied"]]
check("every replying agency's name", replied and all(a["name"] in text for a in replied))
check("the counts of status --json: replied/asked, on time, late",
      "đã gửi ý kiến: %d/%d" % (tot["replied"], tot["expected"]) in text and
      "đúng hạn: %d, trễ hạn: %d." % (tot["on_time"], tot["late"]) in text)
check("the count not replied, named",
      "chưa gửi ý kiến: %d, gồm: " % tot["missing"] in text and
      all(a["name"] in text for a in ags if not a["replied"]))
eff = {e["agency"] for e in ex if e.get("status") == "effective" and e.get("agency")}
check("the same number replied as export --json (%d)" % len(eff), len(eff) == tot["replied"])
cont = sum(1 for a in ags if "continue_contest" in a["choice"].rstrip("*").split("+"))
check("the tally: 'tiếp tục tổ chức Hội thi' %d/%d" % (cont, tot["replied"]),
      any(r.cells[0].text == "Đề nghị tiếp tục tổ chức Hội thi" and r.cells[1].text == "%d/%d" % (cont, tot["replied"])
          for tb in d.tables for r in tb.rows if len(r.cells) == 3))
check("an agency's words quoted with its name", "Sở Y tế: “Hội thi giúp nâng cao nhận thức.”" in text)
app = d.tables[-1]
check("the Phụ lục: one row per agency asked, the choice as the option's wording",
      len(app.rows) == 1 + tot["expected"] and
      any("Đề nghị tiếp tục tổ chức Hội thi" == r.cells[4].text for r in app.rows))
check("no address, archive path or hash (those are --audit's)",
      "@" not in text and "archive" not in text and not re.search(r"[0-9a-f]{40}", text))
check("nothing of Sóc Trăng: the office is the configuration's", "Sóc Trăng" not in text)
sys.exit(0 if all(ok) else 1)
PY
rc=$?
while read -r line; do
    case $line in
        "ok - "*) ok "docx: ${line#ok - }" ;;
        "not ok - "*) not_ok "docx: ${line#not ok - }" ;;
        *) echo "# $line" ;;
    esac
done < "$T/py.out"
is "python-docx checks ran" "$rc" 0

# ---- without an office group: placeholders, nothing invented -------------
"$YKIEN" -c "$T/base.conf" report --campaign $C --format docx -o "$T/bare.docx"
is "report without an office group exits 0" "$?" 0
$PY - "$T/bare.docx" > "$T/bare.out" 2>&1 <<'PY'
import sys, docx
d = docx.Document(sys.argv[1])
ps = list(d.paragraphs) + [p for t in d.tables for r in t.rows for c in r.cells for p in c.paragraphs]
text = "\n".join(p.text for p in ps)
print("Số:" in text and "/BC-……" in text and "……, ngày" in text and "Kính gửi: ……." in text
      and "Sóc Trăng" not in text and "Hậu Giang" not in text)
PY
is "without office: dotted placeholders for the office to fill in" "$(cat "$T/bare.out")" True

# ---- LibreOffice: converts it; the PDF has the same parts ----------------
if ! command -v soffice > /dev/null; then
    not_ok "soffice missing: install libreoffice-writer-nogui (tests/lib/deps.sh)"
else
    timeout 180 soffice --headless -env:UserInstallation=file://$T/lo --convert-to pdf \
        --outdir "$T" "$T/r.docx" > "$T/soffice.out" 2>&1
    check "LibreOffice converts the .docx to PDF" test -s "$T/r.pdf"
    pdftotext -layout "$T/r.pdf" "$T/r.txt"
    for w in "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" "Độc lập - Tự do - Hạnh phúc" "BÁO CÁO" \
             "Kính gửi: Chủ tịch UBND tỉnh" "Nơi nhận:" "PHÓ GIÁM ĐỐC" "Phụ lục" \
             "Sở Giáo dục và Đào tạo"; do
        check "the PDF has \"$w\"" grep -qF "$w" "$T/r.txt"
    done
    pages=$(pdfinfo "$T/r.pdf" | awk '/^Pages:/ {print $2}')
    check "the PDF has more than one page ($pages)" test "${pages:-0}" -gt 1
    check "page 2 is numbered at its top" sh -c "pdftotext -f 2 -l 2 -layout '$T/r.pdf' - | grep -v '^\s*$' | head -1 | grep -qx '\s*2'"
    pdftoppm -png -r 60 -f 1 -l 1 -singlefile "$T/r.pdf" "$ART/report_docx-page1"
    check "a screenshot of page 1 is kept: $ART/report_docx-page1.png" test -s "$ART/report_docx-page1.png"
fi

tap_done
