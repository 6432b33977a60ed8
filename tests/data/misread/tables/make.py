#!/usr/bin/env python3
"""make.py [OUTDIR] — the replies of this folder: forms filled in as
tables (issue 19, kind 2) in PDF (drawn as Word and LibreOffice export
them, the cells' lines interleaved or cell after cell), .docx, .odt and
an HTML body, and a two-column prose bulletin that is not a reply.
Standard library only (pdfgen.py beside it; DejaVu Sans metrics from
fonts-dejavu-core); the same bytes every run.  The .eml files here were
made by it: `python3 make.py` rewrites them, except tables-10 and tables-11, written
by a tester who had seen neither this script nor ykien's code, and kept
as they came.
"""
import base64
import email.utils
import io
import os
import quopri
import sys
import zipfile

import pdfgen

OUT = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))

H1 = "1. Nhận xét về tính thiết thực và hiệu quả của Hội thi cải cách hành chính"
H2 = "2. Đề nghị tiếp tục tổ chức Hội thi hoặc hình thức tuyên truyền khác:"
H3 = "3. Ý kiến khác, đề xuất (nếu có)"
O1 = "Đề nghị tiếp tục tổ chức Hội thi."
O2 = "Đề nghị hình thức tuyên truyền khác."
LETTER_ID = "<20240115153912.5E2A1C0118@mail.soctrang.example>"


# --- PDF ----------------------------------------------------------------------

def letterhead(p, unit, y=800):
    """The two-column head of an official document."""
    p.center(y, "UBND TỈNH SÓC TRĂNG", 11, False, 40, 250)
    p.center(y, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 11, True, 260, 560)
    p.center(y - 14, unit.upper(), 11, True, 40, 250)
    p.center(y - 14, "Độc lập - Tự do - Hạnh phúc", 11, True, 260, 560)
    p.center(y - 36, "Sóc Trăng, ngày 23 tháng 01 năm 2024", 11, False, 260, 560)
    y -= 66
    p.center(y, "MẪU THAM GIA Ý KIẾN", 12, True)
    p.center(y - 15, "VỀ HỘI THI CẢI CÁCH HÀNH CHÍNH", 12, True)
    p.center(y - 30, "(Kèm theo Công văn số 118/UBND-TH ngày 15/01/2024 của UBND tỉnh Sóc Trăng)", 10)
    return y - 56


def signature(p, y, title, name):
    p.text(50, y, "Nơi nhận:", 10, True)
    p.center(y, title, 11, True, 300, 545)
    p.text(50, y - 13, "- Như trên;", 10)
    p.text(50, y - 26, "- Lưu: VT.", 10)
    p.center(y - 26, "(Đã ký)", 11, False, 300, 545)
    p.center(y - 70, name, 11, True, 300, 545)


def pdf_stc():
    """Sở Tài chính: Word's export, two columns, the lines of a row drawn
    across the row (poppler's text runs the cells into each other)."""
    p = pdfgen.Page()
    y = letterhead(p, "Sở Tài chính")
    p.text(50, y, "Cơ quan, đơn vị: Sở Tài chính tỉnh Sóc Trăng")
    y -= 14
    rows = [["Nội dung", "Ý kiến của đơn vị"],
            [H1, "Hội thi được tổ chức bài bản, thiết thực, giúp cán bộ, công chức, viên chức "
                 "nắm vững chủ trương cải cách hành chính của tỉnh; phần thi tình huống gắn với "
                 "thực tiễn giải quyết thủ tục hành chính về ngân sách, tài sản công."],
            [H2, "☒ " + O1 + "\n☐ " + O2],
            [H3, "Đề nghị tổ chức vòng sơ khảo trực tuyến để giảm chi phí đi lại cho các đội thi "
                 "ở huyện xa."]]
    y = p.table(y, [45, 235, 550], rows, pad=5.4, order="interleave", bold_rows=(0,))
    signature(p, y - 24, "KT. GIÁM ĐỐC", "Trương Minh Hiếu")
    return pdfgen.build([p], "Phiếu tham gia ý kiến", "Microsoft® Word for Microsoft 365")


def pdf_nganam():
    """UBND thị xã Ngã Năm: LibreOffice's export of a three-column table
    (TT | Nội dung | Ý kiến), narrow cell margins, cell after cell."""
    p = pdfgen.Page()
    y = letterhead(p, "UBND thị xã Ngã Năm")
    p.text(50, y, "Tên cơ quan, đơn vị: Ủy ban nhân dân thị xã Ngã Năm")
    y -= 14
    rows = [["TT", "Nội dung", "Ý kiến của cơ quan, đơn vị"],
            ["1", H1[3:], "Hội thi tạo được không khí thi đua sôi nổi ở cơ sở; nhiều đội thi cấp "
                          "phường, xã đã vận dụng kiến thức vào việc tiếp nhận hồ sơ một cửa."],
            ["2", H2[3:], "☐ " + O1 + "\n☒ " + O2 + " Tuyên truyền qua trang Zalo OA của thị xã "
                          "và hệ thống loa truyền thanh ấp, khóm."],
            ["3", H3[3:], "Đề nghị tăng số lượng câu hỏi về dịch vụ công trực tuyến."]]
    y = p.table(y, [45, 70, 300, 550], rows, pad=2.8, order="interleave", bold_rows=(0,))
    signature(p, y - 24, "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH".split("\n")[1], "Lâm Văn Thới")
    return pdfgen.build([p], "Phieu y kien", "LibreOffice 7.5")


def pdf_syt():
    """Sở Y tế: each option on a row of its own, the tick (an X) in the
    answer column beside it; lines drawn across the rows."""
    p = pdfgen.Page()
    y = letterhead(p, "Sở Y tế")
    p.text(50, y, "Cơ quan, đơn vị: Sở Y tế tỉnh Sóc Trăng")
    y -= 14
    rows = [["Nội dung", "Ý kiến"],
            [H1, "Hội thi có ý nghĩa thiết thực; ngành y tế đã chọn được những tình huống hay về "
                 "cấp phép hành nghề khám bệnh, chữa bệnh để phổ biến trong toàn ngành."],
            [H2, ""],
            [O1, "X"],
            [O2, ""],
            [H3, "Không."]]
    y = p.table(y, [45, 300, 550], rows, pad=3.5, order="interleave", bold_rows=(0,))
    signature(p, y - 24, "GIÁM ĐỐC", "Huỳnh Thanh Tâm")
    return pdfgen.build([p], "", "Microsoft® Word 2016")


def pdf_cthue():
    """Cục Thuế: a narrow Nội dung column, so every heading wraps over four
    or five lines, each printed beside a line of the answer; the check
    boxes typed from Wingdings, which a PDF maps to private-use code
    points (U+F0FE ticked, U+F0A8 empty)."""
    p = pdfgen.Page()
    p.text(50, 800, "TỔNG CỤC THUẾ", 11)
    p.text(50, 786, "CỤC THUẾ TỈNH SÓC TRĂNG", 11, True)
    y = 750
    p.center(y, "PHIẾU THAM GIA Ý KIẾN VỀ HỘI THI CẢI CÁCH HÀNH CHÍNH", 12, True)
    p.center(y - 15, "(Theo Công văn số 118/UBND-TH ngày 15/01/2024 của UBND tỉnh Sóc Trăng)", 10)
    y -= 40
    rows = [["Nội dung", "Ý kiến của Cục Thuế"],
            [H1, "Hội thi giúp công chức thuế nắm chắc quy trình tiếp nhận, trả kết quả hồ sơ "
                 "khai thuế điện tử; các phần thi được chuẩn bị công phu. Tuy nhiên số đội dự thi "
                 "từ khối cơ quan Trung ương còn ít, cần vận động nhiều hơn."],
            [H2, "\uf0fe " + O1 + "\n\uf0a8 " + O2],
            [H3, "Đề nghị lồng ghép nội dung hóa đơn điện tử vào bộ câu hỏi của Hội thi năm sau; "
                 "tổ chức thêm tọa đàm đối thoại với người nộp thuế về cải cách thủ tục hành chính thuế."]]
    y = p.table(y, [45, 165, 550], rows, pad=5.4, order="interleave", bold_rows=(0,))
    signature(p, y - 24, "KT. CỤC TRƯỞNG", "Đặng Văn Lực")
    return pdfgen.build([p], "Phieu tham gia y kien", "Microsoft® Word 2019")


def pdf_bulletin():
    """Not a reply: a two-column news bulletin about the contest."""
    p = pdfgen.Page()
    p.center(800, "BẢN TIN CẢI CÁCH HÀNH CHÍNH TỈNH SÓC TRĂNG", 14, True)
    p.center(782, "Số 01 - tháng 01/2024", 10)
    left = ("Ngày 15/01/2024, Chủ tịch UBND tỉnh ký Công văn số 118/UBND-TH về việc nâng cao hiệu "
            "quả công tác tuyên truyền cải cách hành chính. Theo đó, các sở, ban ngành và địa phương "
            "được đề nghị đánh giá hiệu quả của Hội thi cải cách hành chính năm 2023 và cập nhật "
            "Chương trình tổng thể cải cách hành chính nhà nước giai đoạn 2021 - 2030 đến toàn thể "
            "cán bộ, công chức. Nhiều đơn vị cho rằng Hội thi là dịp để công chức ôn lại kiến thức, "
            "trao đổi kinh nghiệm giải quyết thủ tục hành chính cho người dân và doanh nghiệp.")
    right = ("Tại buổi tọa đàm cuối năm, đại diện Sở Nội vụ cho biết sẽ tổng hợp nhận xét về tính "
             "thiết thực của Hội thi để trình UBND tỉnh. Một số địa phương mong muốn tiếp tục tổ "
             "chức Hội thi, số khác đề xuất những hình thức tuyên truyền mới như tiểu phẩm, video "
             "ngắn trên mạng xã hội. Bản tin sẽ tiếp tục cập nhật kết quả tổng hợp trong số tới, "
             "cùng các mô hình, sáng kiến cải cách hành chính hay của các cơ quan, đơn vị.")
    p.paragraph(750, left, 10.5, 50, 290)
    p.paragraph(750, right, 10.5, 305, 545)
    return pdfgen.build([p], "Ban tin CCHC 01-2024", "Adobe InDesign 18.0 (Windows)")


# --- docx and odt ---------------------------------------------------------

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def wrun(t):
    return '<w:r><w:t xml:space="preserve">%s</w:t></w:r>' % t


def wp(t):
    return "<w:p>%s</w:p>" % (t if t.startswith("<w:r") else wrun(t))


def wcell(content):
    paras = content if isinstance(content, list) else [content]
    return '<w:tc><w:tcPr><w:tcW w:w="0" w:type="auto"/></w:tcPr>%s</w:tc>' % "".join(wp(x) for x in paras)


TICK_SYM = '<w:r><w:rPr><w:rFonts w:ascii="Wingdings" w:hAnsi="Wingdings"/></w:rPr><w:sym w:font="Wingdings" w:char="F0FE"/></w:r>'
BOX_SYM = '<w:r><w:rPr><w:rFonts w:ascii="Wingdings" w:hAnsi="Wingdings"/></w:rPr><w:sym w:font="Wingdings" w:char="F0A8"/></w:r>'


def docx_sxd():
    """Sở Xây dựng: TT | Nội dung | Ý kiến, each option on its own row
    with its check box (Wingdings symbols) in the third cell."""
    rows = [["TT", "Nội dung", "Ý kiến"],
            ["1", H1[3:], ["Hội thi thiết thực, gắn với nhiệm vụ chuyên môn của ngành xây dựng.",
                           "Tuy nhiên thời gian ôn tập ngắn, đề nghị phát hành bộ câu hỏi sớm hơn."]],
            ["2", H2[3:], ""],
            ["", O1, TICK_SYM],
            ["", O2, BOX_SYM],
            ["3", H3[3:], "Đề nghị bổ sung nội dung về cấp phép xây dựng trực tuyến vào bộ câu hỏi."]]
    body = [wp("SỞ XÂY DỰNG TỈNH SÓC TRĂNG"), wp("MẪU THAM GIA Ý KIẾN VỀ HỘI THI CẢI CÁCH HÀNH CHÍNH"),
            wp("(Kèm theo Công văn số 118/UBND-TH ngày 15/01/2024 của UBND tỉnh Sóc Trăng)"),
            wp("Cơ quan, đơn vị: Sở Xây dựng"),
            "<w:tbl><w:tblPr><w:tblStyle w:val=\"TableGrid\"/></w:tblPr>%s</w:tbl>" %
            "".join("<w:tr>%s</w:tr>" % "".join(wcell(c) for c in r) for r in rows),
            wp("GIÁM ĐỐC"), wp("Nguyễn Hữu Phước")]
    doc = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
           '<w:document %s><w:body>%s</w:body></w:document>' % (W, "".join(body)))
    return zipbytes([("[Content_Types].xml",
                      '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/'
                      'package/2006/content-types"/>'),
                     ("word/document.xml", doc)])


def docx_stnmt():
    """Sở Tài nguyên và Môi trường: Nội dung | Ý kiến, the options in a
    table nested in the answer cell, the check box (a content control)
    in a narrow cell before each label."""
    def cb(on):
        return ('<w:sdt><w:sdtPr><w14:checkbox><w14:checked w14:val="%d"/></w14:checkbox></w:sdtPr>'
                '<w:sdtContent><w:r><w:t>%s</w:t></w:r></w:sdtContent></w:sdt>' % (on, "☒" if on else "☐"))

    def tc(inner):
        return '<w:tc><w:tcPr><w:tcW w:w="0" w:type="auto"/></w:tcPr>%s</w:tc>' % inner

    def p(t):
        return "<w:p>%s</w:p>" % (t if t.startswith("<w:") else wrun(t))

    opts = ("<w:tbl>" + "".join("<w:tr>%s%s</w:tr>" % (tc(p(cb(on))), tc(p(label)))
                                for on, label in ((0, O1), (1, O2))) + "</w:tbl>" +
            p("Hình thức đề xuất: thi trắc nghiệm trực tuyến trên ứng dụng di động."))
    rows = [(p("Nội dung"), p("Ý kiến của đơn vị")),
            (p(H1), p("Hội thi thiết thực; các câu hỏi về đất đai, môi trường sát với công việc "
                      "hằng ngày của công chức một cửa.")),
            (p(H2), opts),
            (p(H3), p("Không."))]
    body = [wp("SỞ TÀI NGUYÊN VÀ MÔI TRƯỜNG"), wp("MẪU THAM GIA Ý KIẾN VỀ HỘI THI CẢI CÁCH HÀNH CHÍNH"),
            wp("Cơ quan, đơn vị: Sở Tài nguyên và Môi trường tỉnh Sóc Trăng"),
            "<w:tbl>%s</w:tbl>" % "".join("<w:tr>%s%s</w:tr>" % (tc(a), tc(b)) for a, b in rows),
            wp("KT. GIÁM ĐỐC"), wp("PHÓ GIÁM ĐỐC")]
    w14 = 'xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml"'
    doc = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
           '<w:document %s %s><w:body>%s</w:body></w:document>' % (W, w14, "".join(body)))
    return zipbytes([("[Content_Types].xml",
                      '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/'
                      'package/2006/content-types"/>'),
                     ("word/document.xml", doc)])


def odt_sct():
    """Sở Công Thương: a two-column table whose heading cells are several
    paragraphs (the heading broken by hand, the options under it)."""
    ns = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
          'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
          'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"')

    def cell(paras):
        return "<table:table-cell>%s</table:table-cell>" % "".join("<text:p>%s</text:p>" % x for x in paras)

    rows = [[["Nội dung"], ["Ý kiến của đơn vị"]],
            [["1. Nhận xét về tính thiết thực và hiệu quả", "của Hội thi cải cách hành chính"],
             ["Hội thi giúp doanh nghiệp và người dân hiểu rõ hơn các thủ tục về thương mại điện tử.",
              "Công chức của Sở tham gia nhiệt tình, nắm chắc quy trình một cửa."]],
            [["2. Đề nghị tiếp tục tổ chức Hội thi hoặc", "hình thức tuyên truyền khác:",
              "☐ " + O1, "☒ " + O2],
             ["Đề xuất tổ chức cuộc thi tìm hiểu trực tuyến trên Cổng thông tin điện tử tỉnh."]],
            [["3. Ý kiến khác, đề xuất (nếu có)"], ["Không có ý kiến khác."]]]
    tbl = "<table:table>%s</table:table>" % "".join(
        "<table:table-row>%s</table:table-row>" % "".join(cell(c) for c in r) for r in rows)
    paras = ["MẪU THAM GIA Ý KIẾN VỀ HỘI THI CẢI CÁCH HÀNH CHÍNH",
             "(Kèm theo Công văn số 118/UBND-TH ngày 15/01/2024 của UBND tỉnh Sóc Trăng)",
             "Cơ quan, đơn vị: Sở Công Thương"]
    xml = ('<?xml version="1.0" encoding="UTF-8"?><office:document-content %s>'
           '<office:body><office:text>%s%s<text:p>GIÁM ĐỐC</text:p></office:text></office:body>'
           '</office:document-content>' % (ns, "".join("<text:p>%s</text:p>" % p for p in paras), tbl))
    return zipbytes([("mimetype", "application/vnd.oasis.opendocument.text"),
                     ("content.xml", xml)], stored_first=True)


def zipbytes(entries, stored_first=False):
    b = io.BytesIO()
    with zipfile.ZipFile(b, "w") as z:
        for i, (name, data) in enumerate(entries):
            info = zipfile.ZipInfo(name, date_time=(2024, 1, 22, 14, 0, 0))
            info.compress_type = (zipfile.ZIP_STORED if stored_first and i == 0
                                  else zipfile.ZIP_DEFLATED)
            z.writestr(info, data.encode("utf-8"))
    return b.getvalue()


# --- HTML body ------------------------------------------------------------

def html_mytu():
    """UBND huyện Mỹ Tú from Outlook on the web: the form as an HTML table,
    the tick boxes in a column of their own, the original quoted below."""
    td = '<td style="border:solid windowtext 1.0pt;padding:0in 5.4pt 0in 5.4pt" valign="top">'

    def p(t):
        return '<p class="MsoNormal"><span style="font-size:13.0pt">%s</span></p>' % t

    def row(*cells):
        return "<tr>%s</tr>" % "".join(td + "".join(p(x) for x in (c if isinstance(c, list) else [c])) + "</td>" for c in cells)

    table = ('<table class="MsoTableGrid" border="1" cellspacing="0" cellpadding="0" '
             'style="border-collapse:collapse;border:none">' +
             row("STT", "Nội dung", "", "Ý kiến của UBND huyện Mỹ Tú") +
             row("1", H1[3:], "", ["Hội thi được tổ chức chu đáo, nội dung sát thực tế.",
                                   "Đội thi của huyện học hỏi được nhiều kinh nghiệm từ các sở, ngành."]) +
             row("2", H2[3:], "", "") +
             row("", "", "☐", O1) +
             row("", "", "☒", O2 + " Đề xuất sân khấu hóa, phát trên Đài Truyền thanh huyện.") +
             row("3", H3[3:], "", "Đề nghị có giải thưởng riêng cho đội thi cấp xã.") +
             "</table>")
    quoted = ('<div id="appendonsend"></div><hr style="display:inline-block;width:98%" tabindex="-1">'
              '<div id="divRplyFwdMsg" dir="ltr"><font face="Calibri, sans-serif" style="font-size:11pt" '
              'color="#000000"><b>From:</b> VP UBND tỉnh Sóc Trăng &lt;ubnd@soctrang.example&gt;<br>'
              '<b>Sent:</b> Monday, January 15, 2024 3:39 PM<br><b>To:</b> UBND huyện Mỹ Tú<br>'
              '<b>Subject:</b> V/v tham gia ý kiến về Hội thi cải cách hành chính năm 2023</font>'
              '<div>&nbsp;</div></div><div>' + p("Kính gửi các cơ quan, đơn vị,") +
              p("Đề nghị các cơ quan, đơn vị tham gia ý kiến theo mẫu dưới đây:") +
              p(H1) + p("...........") + p(H2) + p("☐ " + O1) + p("☐ " + O2) + p(H3) + p("...........") +
              "</div>")
    return ('<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8">'
            '<style type="text/css" style="display:none;"> P {margin-top:0;margin-bottom:0;} </style>'
            '</head><body dir="ltr"><div class="elementToProof" style="font-family:Aptos,Calibri,sans-serif">'
            + p("Kính gửi: Văn phòng UBND tỉnh Sóc Trăng") +
            p("UBND huyện Mỹ Tú gửi ý kiến về Hội thi cải cách hành chính như sau:") + table +
            p("Trân trọng,") + p("Văn phòng HĐND và UBND huyện Mỹ Tú") + "</div>" + quoted +
            "</body></html>")


# --- messages ---------------------------------------------------------------

def b64(data):
    s = base64.b64encode(data).decode()
    return "\n".join(s[i:i + 76] for i in range(0, len(s), 76))


def qp(text):
    return quopri.encodestring(text.encode("utf-8")).decode("ascii")


def hdr_word(s):
    return email.utils.formataddr((s[0], s[1])) if isinstance(s, tuple) else s


def enc_name(name, addr):
    from email.header import Header
    return "%s <%s>" % (Header(name, "utf-8").encode(), addr)


def subject(s):
    from email.header import Header
    return Header(s, "utf-8").encode()


def attachment(bnd, name, ctype, data):
    return ("--%s\nContent-Type: %s; name=\"%s\"\nContent-Description: %s\n"
            "Content-Disposition: attachment; filename=\"%s\"; size=%d\n"
            "Content-Transfer-Encoding: base64\n\n%s\n" % (bnd, ctype, name, name, name, len(data), b64(data)))


PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ODT = "application/vnd.oasis.opendocument.text"


def msg_outlook_stc():
    bnd = "_004_SG2PR06MB5288A1B2C3D4E5F6A7B8SG2PR06MB5288apcp_"
    alt = "_000_SG2PR06MB5288A1B2C3D4E5F6A7B8SG2PR06MB5288apcp_"
    text = ("Kính gửi: Văn phòng UBND tỉnh Sóc Trăng\n\nThực hiện Công văn số 118/UBND-TH ngày "
            "15/01/2024 của UBND tỉnh, Sở Tài chính gửi Phiếu tham gia ý kiến về Hội thi cải cách "
            "hành chính (file PDF đính kèm).\n\nTrân trọng.\n\nPhòng Hành chính - Tổng hợp\n"
            "Sở Tài chính tỉnh Sóc Trăng\n")
    html = ("<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=utf-8\"></head>"
            "<body lang=\"EN-US\"><div class=\"WordSection1\">" +
            "".join("<p class=\"MsoNormal\">%s<o:p></o:p></p>" % (l or "&nbsp;") for l in text.split("\n")) +
            "</div></body></html>")
    m = ("From: %s\nTo: %s\nSubject: %s\nThread-Topic: %s\nThread-Index: AdpNnBx3kQ2yXh7oTzGm1c4wS0Ykqg==\n"
         "Date: Tue, 23 Jan 2024 02:14:37 +0000\nMessage-ID: <SG2PR06MB5288A1B2C3D4E5F6A7B8@SG2PR06MB5288.apcprd06.prod.example>\n"
         "In-Reply-To: %s\nReferences: %s\nAccept-Language: vi-VN, en-US\nContent-Language: vi-VN\n"
         "X-MS-Has-Attach: yes\nX-Mailer: Microsoft Outlook 16.0\nMIME-Version: 1.0\n"
         "Content-Type: multipart/mixed;\n\tboundary=\"%s\"\n\n"
         % (enc_name("Sở Tài chính", "stc@soctrang.example"),
            enc_name("Văn phòng UBND tỉnh", "ubnd@soctrang.example"),
            subject("RE: V/v tham gia ý kiến về Hội thi cải cách hành chính năm 2023"),
            subject("V/v tham gia ý kiến về Hội thi cải cách hành chính năm 2023"),
            LETTER_ID, LETTER_ID, bnd))
    m += ("--%s\nContent-Type: multipart/alternative;\n\tboundary=\"%s\"\n\n"
          "--%s\nContent-Type: text/plain; charset=\"utf-8\"\nContent-Transfer-Encoding: quoted-printable\n\n%s\n"
          "--%s\nContent-Type: text/html; charset=\"utf-8\"\nContent-Transfer-Encoding: quoted-printable\n\n%s\n"
          "--%s--\n\n" % (bnd, alt, alt, qp(text), alt, qp(html), alt))
    m += attachment(bnd, "Phieu y kien Hoi thi CCHC - STC.pdf", PDF, pdf_stc()) + "--%s--\n" % bnd
    return m.replace("\n", "\r\n")


def msg_zimbra_nganam():
    bnd = "----=_Part_1187342_1450821932.1706087118424"
    alt = "----=_Part_1187343_360283716.1706087118424"
    text = ("Kính gửi Văn phòng UBND tỉnh,\n\nUBND thị xã Ngã Năm gửi phiếu tham gia ý kiến về "
            "Hội thi cải cách hành chính theo Công văn 118/UBND-TH.\n\nTrân trọng!\n--\n"
            "Văn thư UBND thị xã Ngã Năm\nĐT: 0299.3866.xxx\n")
    html = ("<html><body><div style=\"font-family: times new roman, new york, times, serif; font-size: 12pt; "
            "color: #000000\">" + "".join("<div>%s</div>" % (l or "<br data-mce-bogus=\"1\">") for l in text.split("\n"))
            + "</div></body></html>")
    m = ("Return-Path: <ubnd.nganam@soctrang.example>\nDate: Wed, 24 Jan 2024 16:05:18 +0700 (ICT)\n"
         "From: %s\nTo: ubnd@soctrang.example\nMessage-ID: <1288415730.1187344.1706087118425.JavaMail.zimbra@soctrang.example>\n"
         "Subject: %s\nMIME-Version: 1.0\nContent-Type: multipart/mixed; \n\tboundary=\"%s\"\n"
         "X-Originating-IP: [10.20.1.45]\nX-Mailer: Zimbra 8.8.15_GA_4545 (ZimbraWebClient - GC120 (Win)/8.8.15_GA_4545)\n"
         "Thread-Index: 3kQm8Ws0ZbqF1xWn2Sx7gHqVYz6Tkg==\nThread-Topic: %s\n\n"
         % (enc_name("UBND thị xã Ngã Năm", "ubnd.nganam@soctrang.example"),
            subject("Phiếu ý kiến Hội thi CCHC - TX Ngã Năm"),
            bnd, subject("Phiếu ý kiến Hội thi CCHC - TX Ngã Năm")))
    m += ("------=_Part_1187342_1450821932.1706087118424\nContent-Type: multipart/alternative; \n\tboundary=\"%s\"\n\n"
          "--%s\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: quoted-printable\n\n%s\n"
          "--%s\nContent-Type: text/html; charset=utf-8\nContent-Transfer-Encoding: quoted-printable\n\n%s\n"
          "--%s--\n\n" % (alt, alt, qp(text), alt, qp(html), alt))
    m += attachment(bnd, "PhieuYKien_NgaNam.pdf", PDF, pdf_nganam()) + "--%s--\n" % bnd
    return m


def msg_gmail_syt():
    bnd = "000000000000a4c3b1060f9d2e71"
    alt = "000000000000a4c3af060f9d2e6f"
    text = ("Kinh gui Van phong UBND tinh,\n\nSo Y te gui phieu tham gia y kien ve Hoi thi cai cach "
            "hanh chinh (Cong van so 118/UBND-TH), file PDF dinh kem.\n\nTran trong,\n"
            "Tran Thi Ngoc Han\nVan phong So Y te Soc Trang\n")
    html = ("<div dir=\"ltr\">" + "".join("<div>%s</div>" % (l or "<br>") for l in text.split("\n")) + "</div>")
    m = ("MIME-Version: 1.0\nDate: Thu, 25 Jan 2024 10:41:07 +0700\n"
         "Message-ID: <CAJ7vQfN3u_wq8Rm2dxPZgk9y7T1bW2HkL4v0s-Vq5k3JdA8fYw@mail.gmail.example>\n"
         "Subject: Tra loi CV 118/UBND-TH - So Y te\nFrom: So Y te Soc Trang <syt@soctrang.example>\n"
         "To: ubnd@soctrang.example\nContent-Type: multipart/mixed; boundary=\"%s\"\n\n" % bnd)
    m += ("--%s\nContent-Type: multipart/alternative; boundary=\"%s\"\n\n"
          "--%s\nContent-Type: text/plain; charset=\"UTF-8\"\n\n%s\n"
          "--%s\nContent-Type: text/html; charset=\"UTF-8\"\n\n%s\n"
          "--%s--\n" % (bnd, alt, alt, text, alt, html, alt))
    m += ("--%s\nContent-Type: application/pdf; name=\"phieu-y-kien-syt.pdf\"\n"
          "Content-Disposition: attachment; filename=\"phieu-y-kien-syt.pdf\"\n"
          "Content-Transfer-Encoding: base64\nContent-ID: <f_lrs8kq2v0>\nX-Attachment-Id: f_lrs8kq2v0\n\n%s\n"
          "--%s--\n" % (bnd, b64(pdf_syt()), bnd))
    return m


def msg_thunderbird_sxd():
    bnd = "------------0JvOq8Xk2Pd5mT1sQ7wYb3Zc"
    text = ("Kính gửi Văn phòng UBND tỉnh,\n\nSở Xây dựng gửi phiếu tham gia ý kiến (file Word) về\n"
            "Hội thi cải cách hành chính theo Công văn số 118/UBND-TH.\n\nTrân trọng.\n-- \n"
            "Văn thư Sở Xây dựng\n")
    m = ("Message-ID: <8b1f0c2e-4d7a-4a51-9c3e-2f6d1e0a7b95@soctrang.example>\n"
         "Date: Fri, 26 Jan 2024 08:12:44 +0700\nMIME-Version: 1.0\n"
         "User-Agent: Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:115.0) Gecko/20100101\n Thunderbird/115.6.1\n"
         "Content-Language: vi\nTo: ubnd@soctrang.example\nFrom: %s\nSubject: %s\n"
         "Content-Type: multipart/mixed; boundary=\"%s\"\n\nThis is a multi-part message in MIME format.\n"
         % (enc_name("Sở Xây dựng", "sxd@soctrang.example"),
            subject("Phiếu tham gia ý kiến Hội thi CCHC năm 2023"), bnd))
    m += ("--%s\nContent-Type: text/plain; charset=UTF-8; format=flowed\nContent-Transfer-Encoding: 8bit\n\n%s\n"
          % (bnd, text))
    m += ("--%s\nContent-Type: %s;\n name=\"Phieu tham gia y kien SXD.docx\"\n"
          "Content-Disposition: attachment;\n filename=\"Phieu tham gia y kien SXD.docx\"\n"
          "Content-Transfer-Encoding: base64\n\n%s\n\n--%s--\n" % (bnd, DOCX, b64(docx_sxd()), bnd))
    return m


def msg_apple_sct():
    bnd = "Apple-Mail=_6E1B7D3A-29C4-4F0B-8A61-3D5C2E9F7A10"
    text = ("Kính gửi Văn phòng UBND tỉnh,\n\nSở Công Thương gửi phiếu góp ý về Hội thi cải cách hành "
            "chính (CV 118/UBND-TH) như file đính kèm.\n\nTrân trọng,\nLê Quốc Bảo\n\nSent from my iPad\n")
    m = ("From: %s\nContent-Type: multipart/mixed;\n\tboundary=\"%s\"\nMime-Version: 1.0 (Mac OS X Mail 16.0 \\(3774.300.61.1.2\\))\n"
         "Subject: %s\nDate: Fri, 26 Jan 2024 21:30:52 +0700\nMessage-Id: <5C1E8A27-7B3D-4F6E-9A0C-1D2B3E4F5A6B@soctrang.example>\n"
         "To: ubnd@soctrang.example\nX-Mailer: Apple Mail (2.3774.300.61.1.2)\n\n"
         % (enc_name("Sở Công Thương", "sct@soctrang.example"), bnd,
            subject("Góp ý Hội thi CCHC - Sở Công Thương")))
    m += ("--%s\nContent-Transfer-Encoding: quoted-printable\nContent-Type: text/plain;\n\tcharset=utf-8\n\n%s\n"
          % (bnd, qp(text)))
    m += ("--%s\nContent-Disposition: attachment;\n\tfilename=PhieuGopY_SCT.odt\nContent-Type: %s;\n\tx-unix-mode=0644;\n"
          "\tname=\"PhieuGopY_SCT.odt\"\nContent-Transfer-Encoding: base64\n\n%s\n--%s--\n"
          % (bnd, ODT, b64(odt_sct()), bnd))
    return m


def msg_owa_mytu():
    html = html_mytu()
    m = ("Received: from SEYPR06MB6403.apcprd06.prod.example ([fe80::4c1a:2b3f:9d0e:11aa])\n"
         " by SEYPR06MB6403.apcprd06.prod.example ([fe80::4c1a:2b3f:9d0e:11aa%%4]) with mapi id 15.20.7202.031;\n"
         " Mon, 29 Jan 2024 03:02:11 +0000\nFrom: %s\nTo: %s\nSubject: %s\nThread-Topic: %s\n"
         "Thread-Index: AQHaUqL3mZxkU1n4d0G9zS2vQ8bY3w==\nDate: Mon, 29 Jan 2024 03:02:11 +0000\n"
         "Message-ID: <SEYPR06MB6403C1E2F3A4B5C6D7E8F9A0B1C2D3E4F@SEYPR06MB6403.apcprd06.prod.example>\n"
         "In-Reply-To: %s\nReferences: %s\nAccept-Language: vi-VN, en-US\nContent-Language: vi-VN\n"
         "X-MS-Has-Attach:\nX-MS-Exchange-Organization-SCL: -1\nMIME-Version: 1.0\n"
         "Content-Type: text/html; charset=\"utf-8\"\nContent-Transfer-Encoding: base64\n\n%s\n"
         % (enc_name("UBND huyện Mỹ Tú", "ubnd.mytu@soctrang.example"),
            enc_name("VP UBND tỉnh Sóc Trăng", "ubnd@soctrang.example"),
            subject("Re: V/v tham gia ý kiến về Hội thi cải cách hành chính năm 2023"),
            subject("V/v tham gia ý kiến về Hội thi cải cách hành chính năm 2023"),
            LETTER_ID, LETTER_ID, b64(html.encode("utf-8"))))
    return m.replace("\n", "\r\n")


def msg_yahoo_bulletin():
    bnd = "----=_Part_2934817_1120934571.1706172354610"
    text = ("Kính gửi quý cơ quan,\n\nBan biên tập trân trọng gửi Bản tin Cải cách hành chính số 01/2024 "
            "(file PDF đính kèm).\n\nBan biên tập Bản tin CCHC\n")
    m = ("Date: Thu, 25 Jan 2024 15:45:54 +0000 (UTC)\nFrom: %s\nTo: ubnd@soctrang.example\n"
         "Message-ID: <1463829571.2934818.1706172354612@mail.yahoo.example>\nSubject: %s\n"
         "MIME-Version: 1.0\nContent-Type: multipart/mixed; \n\tboundary=\"%s\"\n"
         "X-Mailer: WebService/1.1.22046 YMailNorrin\n\n"
         % (enc_name("Bản tin CCHC", "bantin.cchc@yahoo.example"), subject("Bản tin Cải cách hành chính số 01/2024"), bnd))
    m += ("--%s\nContent-Type: text/plain; charset=UTF-8\nContent-Transfer-Encoding: quoted-printable\n\n%s\n"
          % (bnd, qp(text)))
    m += attachment(bnd, "BanTinCCHC_01-2024.pdf", PDF, pdf_bulletin()) + "--%s--\n" % bnd
    return m


def msg_outlook_stnmt():
    bnd = "----=_NextPart_000_0041_01DA4F2B.7C1E8A90"
    text = ("Kính gửi: Văn phòng UBND tỉnh\n\nSở Tài nguyên và Môi trường xin gửi phiếu tham gia ý "
            "kiến về Hội thi cải cách hành chính năm 2023 (theo Công văn số 118/UBND-TH).\n\n"
            "Trân trọng./.\n\nVăn phòng Sở TN&MT Sóc Trăng\n")
    m = ("From: %s\nTo: <ubnd@soctrang.example>\nSubject: %s\nDate: Mon, 29 Jan 2024 09:55:02 +0700\n"
         "Message-ID: <004201da4f2b$7c1e8a90$745b9fb0$@soctrang.example>\nMIME-Version: 1.0\n"
         "Content-Type: multipart/mixed;\n\tboundary=\"%s\"\nX-Mailer: Microsoft Outlook 15.0\n"
         "Thread-Index: AdpPK3dWq2h3r1NsS9yTt3F8cQ1N0w==\nContent-Language: en-us\n\n"
         "This is a multipart message in MIME format.\n\n"
         % (enc_name("Sở TN&MT", "stnmt@soctrang.example"), subject("Phiếu góp ý Hội thi CCHC"), bnd))
    m += ("--%s\nContent-Type: text/plain;\n\tcharset=\"utf-8\"\nContent-Transfer-Encoding: quoted-printable\n\n%s\n"
          % (bnd, qp(text)))
    m += ("--%s\nContent-Type: %s;\n\tname=\"PhieuYKien-STNMT.docx\"\nContent-Transfer-Encoding: base64\n"
          "Content-Disposition: attachment;\n\tfilename=\"PhieuYKien-STNMT.docx\"\n\n%s\n\n--%s--\n"
          % (bnd, DOCX, b64(docx_stnmt()), bnd))
    return m.replace("\n", "\r\n")


def msg_iphone_cthue():
    bnd = "Apple-Mail-8E2C41B7-3F09-4D6A-B1C5-7A9E0D2F4C68"
    text = ("Kính gửi VP UBND tỉnh,\nCục Thuế gửi phiếu tham gia ý kiến về Hội thi CCHC theo CV 118/UBND-TH.\n"
            "Trân trọng.\n\nGửi từ iPhone của tôi\n")
    m = ("Content-Type: multipart/mixed; boundary=%s\nContent-Transfer-Encoding: 7bit\n"
         "From: %s\nMime-Version: 1.0 (1.0)\nDate: Tue, 30 Jan 2024 07:48:19 +0700\n"
         "Subject: %s\nMessage-Id: <A93F1C52-6E7B-4D28-8C0A-5B1E2F3D4C67@gdt.example>\n"
         "To: ubnd@soctrang.example\nX-Mailer: iPhone Mail (21C66)\n\n"
         % (bnd, enc_name("Văn thư Cục Thuế", "vanthu.soctrang@gdt.example"),
            subject("Phiếu ý kiến Hội thi CCHC")))
    m += ("--%s\nContent-Type: text/plain;\n\tcharset=utf-8\nContent-Transfer-Encoding: quoted-printable\n\n%s\n"
          % (bnd, qp(text)))
    m += ("--%s\nContent-Type: application/pdf;\n\tname=\"Phieu y kien CT.pdf\";\n\tx-apple-part-url=F2A1B0C9-8D7E-4F6A-9B5C-3D2E1F0A9B8C\n"
          "Content-Disposition: inline;\n\tfilename=\"Phieu y kien CT.pdf\"\nContent-Transfer-Encoding: base64\n\n%s\n--%s--\n"
          % (bnd, b64(pdf_cthue()), bnd))
    return m


MSGS = [
    ("tables-01-outlook-pdf-2col-interleaved.eml", msg_outlook_stc),
    ("tables-02-zimbra-pdf-3col-libreoffice.eml", msg_zimbra_nganam),
    ("tables-03-gmail-pdf-tick-beside-option.eml", msg_gmail_syt),
    ("tables-04-thunderbird-docx-tick-cells.eml", msg_thunderbird_sxd),
    ("tables-05-applemail-odt-2col.eml", msg_apple_sct),
    ("tables-06-owa-html-table-tick-cells.eml", msg_owa_mytu),
    ("tables-07-yahoo-pdf-2col-bulletin-not-reply.eml", msg_yahoo_bulletin),
    ("tables-08-outlook-docx-nested-checkbox-cells.eml", msg_outlook_stnmt),
    ("tables-09-iphone-pdf-narrow-heading-column.eml", msg_iphone_cthue),
]

if __name__ == "__main__":
    for fn, make in MSGS:
        with open(os.path.join(OUT, fn), "wb") as f:
            f.write(make().encode("utf-8"))
