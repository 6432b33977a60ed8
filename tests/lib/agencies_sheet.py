#!/usr/bin/python3
"""Writes the agency lists of tests/integration/agencies_import.sh.

    agencies_sheet.py xlsx errors|ok|v2 OUT.xlsx   (openpyxl)
    agencies_sheet.py ods ok|hostile OUT.ods       (zipfile + XML by hand)
    agencies_sheet.py csv1258 OUT.csv              (windows-1258, tone marks
                                                    as combining characters)

The .xlsx has 100 agencies of a province (sở, ban, ngành; cơ quan Trung
ương; đơn vị sự nghiệp; UBND cấp huyện and cấp xã), a title row above the
header (so agency i is on sheet row i + 3), several addresses in some
cells.  "errors" breaks three rows: agency 14 (row 17) has no email,
agency 40 (row 43) uses the address of agency 5 (row 8), agency 60 (row
63) has a bad address.  "v2" renames agency 1 (Sở Tư pháp, matched by its
mã định danh) and agency 86 (UBND xã Hòa Tú 1, which has none: matched by
its address) and removes agency 70 (UBND xã Kế An).
"""
import sys
import unicodedata
import zipfile
from xml.sax.saxutils import escape

SO = ["Sở Nội vụ", "Sở Tư pháp", "Sở Kế hoạch và Đầu tư", "Sở Tài chính", "Sở Công Thương",
      "Sở Nông nghiệp và Phát triển nông thôn", "Sở Giao thông vận tải", "Sở Xây dựng",
      "Sở Tài nguyên và Môi trường", "Sở Thông tin và Truyền thông",
      "Sở Lao động - Thương binh và Xã hội", "Sở Văn hóa, Thể thao và Du lịch",
      "Sở Khoa học và Công nghệ", "Sở Giáo dục và Đào tạo", "Sở Y tế", "Thanh tra tỉnh",
      "Văn phòng UBND tỉnh", "Ban Dân tộc", "Sở Ngoại vụ"]
TW = ["Công an tỉnh", "Bộ Chỉ huy Quân sự tỉnh", "Cục Thuế tỉnh", "Kho bạc Nhà nước tỉnh",
      "Bảo hiểm xã hội tỉnh", "Ngân hàng Nhà nước Chi nhánh tỉnh", "Cục Thống kê tỉnh",
      "Cục Hải quan", "Cục Quản lý thị trường", "Ban Quản lý các Khu công nghiệp"]
SN = ["Đài Phát thanh và Truyền hình", "Báo Sóc Trăng", "Trường Cao đẳng Cộng đồng",
      "Trường Chính trị tỉnh", "Bệnh viện Đa khoa tỉnh",
      "Trung tâm Xúc tiến Đầu tư, Thương mại và Du lịch",
      "Ban Quản lý dự án đầu tư xây dựng tỉnh", "Quỹ Đầu tư phát triển",
      "Trung tâm Phục vụ hành chính công", "Trung tâm Kiểm soát bệnh tật"]
HUYEN = ["UBND thành phố Sóc Trăng", "UBND thị xã Vĩnh Châu", "UBND thị xã Ngã Năm",
         "UBND huyện Châu Thành", "UBND huyện Kế Sách", "UBND huyện Mỹ Tú",
         "UBND huyện Cù Lao Dung", "UBND huyện Long Phú", "UBND huyện Mỹ Xuyên",
         "UBND huyện Thạnh Trị", "Ủy ban nhân dân huyện Trần Đề"]
XA = ["An Hiệp", "An Ninh", "Phú Tân", "Phú Tâm", "Thuận Hòa", "Hồ Đắc Kiện", "Thiện Mỹ",
      "Châu Khánh", "Đại Ân 2", "Lịch Hội Thượng", "Liêu Tú", "Trung Bình", "Viên An",
      "Viên Bình", "Tài Văn", "Thạnh Thới An", "Thạnh Thới Thuận", "Đại Hải", "Ba Trinh",
      "Kế Thành", "Kế An", "An Lạc Tây", "An Lạc Thôn", "Xuân Hòa", "Phong Nẫm", "Nhơn Mỹ",
      "Thới An Hội", "Trinh Phú", "Mỹ Hương", "Mỹ Phước", "Long Hưng", "Hưng Phú",
      "Mỹ Thuận", "Phú Mỹ", "Thuận Hưng", "An Thạnh 1", "Hòa Tú 1", "An Thạnh Tây",
      "An Thạnh Đông", "Đại Ngãi", "Song Phụng", "Long Đức", "Tân Hưng", "Tham Đôn",
      "Gia Hòa 1", "Gia Hòa 2", "Ngọc Tố", "Ngọc Đông", "Thạnh Phú", "Hòa Tú 2"]


def slug(s):
    s = unicodedata.normalize("NFD", s.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in s if c.isascii() and c.isalnum()).lower()


def agencies():
    """(name, emails, group, edoc_id) of the 100 agencies."""
    out = []
    for i, n in enumerate(SO):
        out.append((n, slug(n) + "@soctrang.gov.vn", "Sở, ban, ngành", "000.00.%02d.H49" % (i + 1)))
    for i, n in enumerate(TW):
        out.append((n, slug(n) + "@soctrang.gov.vn", "Cơ quan Trung ương",
                    "000.00.%02d.H49" % (i + 30)))
    for i, n in enumerate(SN):
        out.append((n, slug(n) + "@soctrang.gov.vn", "Đơn vị sự nghiệp",
                    "000.01.%02d.H49" % (i + 1)))
    for i, n in enumerate(HUYEN):
        out.append((n, slug(n) + "@soctrang.gov.vn", "UBND cấp huyện",
                    "000.%02d.00.H49" % (i + 20)))
    for n in XA:
        out.append(("UBND xã " + n, "xa" + slug(n) + "@soctrang.gov.vn", "UBND cấp xã", None))
    assert len(out) == 100, len(out)
    # several addresses in one cell, separated as people do
    n, e, g, d = out[2]
    out[2] = (n, e + "; vanthu.skhdt@soctrang.gov.vn", g, d)
    n, e, g, d = out[50]
    out[50] = (n, e + ", " + "chutich." + e, g, d)
    return out


def rows(variant):
    ag = agencies()
    if variant == "errors":
        n, e, g, d = ag[14]
        ag[14] = (n, "", g, d)
        n, e, g, d = ag[40]
        ag[40] = (n, ag[5][1], g, d)
        n, e, g, d = ag[60]
        ag[60] = (n, "ubnd.xa@@soctrang", g, d)
    if variant == "v2":
        n, e, g, d = ag[1]
        ag[1] = ("Sở Tư pháp tỉnh Sóc Trăng", e, g, d)
        n, e, g, d = ag[86]
        ag[86] = ("Ủy ban nhân dân xã Hòa Tú 1", e, g, d)
        del ag[70]
    return ag


def write_xlsx(variant, path):
    import openpyxl
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Danh sách"
    ws.append(["DANH SÁCH CƠ QUAN, ĐƠN VỊ NHẬN VĂN BẢN ĐIỆN TỬ"])
    ws.append(["STT", "Tên cơ quan/đơn vị", "Thư điện tử", "Khối", "Mã định danh", "Ghi chú"])
    for i, (n, e, g, d) in enumerate(rows(variant)):
        # a note only now and then: the cells of a row have gaps
        ws.append([i + 1, n, e or None, g, d, "đầu mối" if i % 7 == 0 else None])
    wb.save(path)


def ods_cell(text, rep=1):
    attr = ' table:number-columns-repeated="%d"' % rep if rep > 1 else ""
    if text is None:
        return "<table:table-cell%s/>" % attr
    # a double space as text:s, the rest of the words in a text:span
    words = escape(text).split(" ", 1)
    body = words[0]
    if len(words) > 1:
        body += '<text:s/><text:span text:style-name="T1">%s</text:span>' % words[1]
    return '<table:table-cell office:value-type="string"%s><text:p>%s</text:p></table:table-cell>' % (attr, body)


def write_ods(variant, path):
    ag = agencies()[:12]
    rows_xml = ["<table:table-row>%s%s</table:table-row>" % (ods_cell("Danh sách đơn vị"),
                                                           ods_cell(None, 1023))]
    rows_xml.append('<table:table-row table:number-rows-repeated="2"><table:table-cell table:number-columns-repeated="1024"/></table:table-row>')
    # header on row 4: the name, two empty columns (one repeated cell), the email, the group
    rows_xml.append("<table:table-row>%s%s%s%s%s</table:table-row>" % (
        ods_cell("Tên đơn vị"), ods_cell(None, 2), ods_cell("Email"), ods_cell("Nhóm"),
        ods_cell(None, 1019)))
    for n, e, g, d in ag:
        rows_xml.append("<table:table-row>%s%s%s%s%s</table:table-row>" % (
            ods_cell(n), ods_cell(None, 2), ods_cell(e), ods_cell(g), ods_cell(None, 1019)))
    if variant == "hostile":
        rows_xml.append('<table:table-row table:number-rows-repeated="1000000">%s%s</table:table-row>'
                        % (ods_cell("Sở Ma"), ods_cell("ma@x.vn", 3)))
    rows_xml.append('<table:table-row table:number-rows-repeated="1048000"><table:table-cell table:number-columns-repeated="1024"/></table:table-row>')
    content = ('<?xml version="1.0" encoding="UTF-8"?>\n'
               '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
               'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
               'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.3">'
               '<office:body><office:spreadsheet><table:table table:name="Sheet1">'
               '<table:table-column table:number-columns-repeated="1024"/>'
               + "".join(rows_xml) +
               '</table:table></office:spreadsheet></office:body></office:document-content>')
    with zipfile.ZipFile(path, "w") as z:
        z.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
        z.writestr("META-INF/manifest.xml",
                   '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
                   'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"/>')


def write_xlsx_hand(variant, path):
    """An .xlsx as other programs write it: the first sheet not
    sheet1.xml (an absolute Target), inline strings and rich text runs,
    shared strings, numbers, rows and cells with gaps (r="C5").  "bad"
    leaves the email of row 10 out."""
    ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    rns = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'

    def inl(ref, text):
        return '<c r="%s" t="inlineStr"><is><t>%s</t></is></c>' % (ref, escape(text))

    def shared(ref, k):
        return '<c r="%s" t="s"><v>%d</v></c>' % (ref, k)
    sst = ["Name", "syt@soctrang.gov.vn"]
    rows = [
        '<row r="2">%s</row>' % inl("A2", "Danh sách"),
        '<row r="5">%s%s%s%s</row>' % (inl("A5", "STT"), shared("C5", 0), inl("E5", "E-mail"),
                                       inl("F5", "ID")),
        '<row r="6"><c r="A6"><v>1</v></c><c r="C6" t="inlineStr"><is><r><t xml:space="preserve">Sở </t></r>'
        '<r><rPr><b/></rPr><t>Y tế</t></r><rPh><t>ソ</t></rPh></is></c>%s%s</row>'
        % (shared("E6", 1), inl("F6", "H49.12")),
        '<row r="9"><c r="A9"><v>2.0</v></c>%s%s</row>' % (inl("C9", "UBND xã X"),
                                                          inl("E9", "X@SocTrang.gov.vn")),
        '<row r="10"><c r="A10"><v>3</v></c>%s%s</row>' % (
            inl("C10", "Sở Tư pháp"), "" if variant == "bad" else inl("E10", "stp@soctrang.gov.vn")),
    ]
    sheet = ('<?xml version="1.0" encoding="UTF-8"?><worksheet %s><sheetData>%s</sheetData>'
             '</worksheet>' % (ns, "".join(rows)))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')
        z.writestr("xl/workbook.xml",
                   '<?xml version="1.0"?><workbook %s %s><sheets>'
                   '<sheet name="Danh sách" sheetId="3" r:id="rId7"/>'
                   '<sheet name="Cũ" sheetId="1" r:id="rId1"/></sheets></workbook>' % (ns, rns))
        z.writestr("xl/_rels/workbook.xml.rels",
                   '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                   '<Relationship Id="rId1" Type="worksheet" Target="worksheets/sheet1.xml"/>'
                   '<Relationship Id="rId7" Type="worksheet" Target="/xl/worksheets/danhsach.xml"/>'
                   '</Relationships>')
        z.writestr("xl/sharedStrings.xml",
                   '<?xml version="1.0"?><sst %s>%s</sst>' % (ns, "".join("<si><t>%s</t></si>" % escape(t) for t in sst)))
        z.writestr("xl/worksheets/danhsach.xml", sheet)
        # the sheet a reader that takes sheet1.xml would wrongly read
        z.writestr("xl/worksheets/sheet1.xml",
                   '<?xml version="1.0"?><worksheet %s><sheetData><row r="1">%s%s</row>'
                   '<row r="2">%s%s</row></sheetData></worksheet>'
                   % (ns, inl("A1", "Name"), inl("B1", "Email"), inl("A2", "Sở Cũ"), inl("B2", "cu@x.vn")))


# the letters windows-1258 has precomposed; tone marks stay combining
CP1258_BASE = set("âêôăơưđÂÊÔĂƠƯĐ")


def cp1258(text):
    out, base = [], -1
    for ch in unicodedata.normalize("NFD", text):
        # "ộ" is o, dot below, circumflex: the circumflex joins the base
        # letter across the tone mark
        if base >= 0 and unicodedata.combining(ch) and \
                unicodedata.normalize("NFC", out[base] + ch) in CP1258_BASE:
            out[base] = unicodedata.normalize("NFC", out[base] + ch)
            continue
        if not unicodedata.combining(ch):
            base = len(out)
        out.append(ch)
    return "".join(out).encode("cp1258")


def write_csv1258(path):
    lines = ["Mã;Tên cơ quan;Email;Khối"]
    for n, e, g, d in agencies()[:5] + agencies()[-3:]:
        lines.append(";".join(["", n if "," not in n else '"%s"' % n, e, '"%s"' % g]))
    data = cp1258("\r\n".join(lines) + "\r\n")
    # the point of the test: not valid UTF-8, with combining tone marks
    try:
        data.decode("utf-8")
        raise SystemExit("the windows-1258 sample is valid UTF-8")
    except UnicodeDecodeError:
        pass
    with open(path, "wb") as f:
        f.write(data)


if __name__ == "__main__":
    kind = sys.argv[1]
    if kind == "xlsx":
        write_xlsx(sys.argv[2], sys.argv[3])
    elif kind == "xlsx-hand":
        write_xlsx_hand(sys.argv[2], sys.argv[3])
    elif kind == "ods":
        write_ods(sys.argv[2], sys.argv[3])
    elif kind == "csv1258":
        write_csv1258(sys.argv[2])
    elif kind == "names":
        for n, e, g, d in agencies():
            print(n)
    else:
        raise SystemExit("unknown kind " + kind)
