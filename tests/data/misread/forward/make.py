#!/usr/bin/env python3
"""make.py [OUTDIR] — writes the forwarded replies of issue 19 (kind 1):
an agency forwards the form its clerk sent from a personal mailbox, as
Gmail (English and Vietnamese), Outlook desktop and web, Zimbra,
Thunderbird, Apple Mail and "forward as attachment" (message/rfc822, one
with a .docx) write it; and the negatives: an Outlook reply that quotes the
blank letter under "-----Original Message-----", a reply whose form is a
.docx above a quoted letter, an agency forwarding our blank letter to a
sub-unit.  Standard library only; the same bytes every run.  The .eml files
beside this script were made by it: run it again after changing it
(python3 make.py) and commit both.
"""
import base64
import io
import os
import quopri
import sys
import zipfile
from email.header import Header

OUT = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))

H1 = "1. Nhận xét về tính thiết thực và hiệu quả của Hội thi cải cách hành chính"
H2 = "2. Đề nghị tiếp tục tổ chức Hội thi hoặc hình thức tuyên truyền khác:"
O1 = "Đề nghị tiếp tục tổ chức Hội thi."
O2 = "Đề nghị hình thức tuyên truyền khác."
H3 = "3. Ý kiến khác, đề xuất (nếu có):"
TITLE = "MẪU THAM GIA Ý KIẾN VỀ HỘI THI CẢI CÁCH HÀNH CHÍNH"
SUB = "(Kèm theo Công văn số 118/UBND-TH ngày 15/01/2024 của UBND tỉnh Sóc Trăng)"
LETTER_SUBJECT = "V/v tham gia ý kiến về Hội thi cải cách hành chính năm 2023"
OFFICE = "ubnd@soctrang.example"


def form(unit, comment, first, other, marks=("☒", "☐")):
    on, off = marks
    return "\n".join([
        TITLE, SUB, "", "Cơ quan, đơn vị: " + unit, "", H1, comment, "", H2,
        (on if first else off) + " " + O1, (off if first else on) + " " + O2, "",
        H3, other, ""])


def fold(s):
    """Vietnamese without diacritics, as clerks type it on a phone."""
    import unicodedata
    s = s.replace("đ", "d").replace("Đ", "D")
    return "".join(c for c in unicodedata.normalize("NFD", s) if unicodedata.category(c) != "Mn")


LETTER = "\n".join([
    "Kính gửi:",
    "- Các sở, ban ngành tỉnh;",
    "- UBND các huyện, thị xã, thành phố.",
    "",
    "Văn phòng UBND tỉnh Sóc Trăng trân trọng chuyển Công văn số 118/UBND-TH ngày "
    "15/01/2024 của UBND tỉnh về việc tham gia ý kiến về Hội thi cải cách hành chính năm "
    "2023 (file đính kèm).",
    "",
    "Đề nghị các cơ quan, đơn vị, địa phương tham gia ý kiến theo Mẫu dưới đây, gửi về "
    "hộp thư ubnd@soctrang.example trong tháng 01/2024.",
    "",
    TITLE, SUB, "",
    "Cơ quan, đơn vị: ..................................................",
    "", H1,
    "......................................................................",
    "......................................................................",
    "", H2, "☐ " + O1, "☐ " + O2, "", H3,
    "......................................................................",
    "", "Trân trọng./.", "--", "Phòng Tổng hợp - Văn phòng UBND tỉnh Sóc Trăng",
    "Email: ubnd@soctrang.example", ""])


def wp(text):
    return '<w:p><w:r><w:t xml:space="preserve">%s</w:t></w:r></w:p>' % text


def docx(unit, comment, first, other):
    W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    body = [wp(TITLE), wp(SUB), wp("Cơ quan, đơn vị: " + unit), wp(H1), wp(comment), wp(H2),
            wp(("☒ " if first else "☐ ") + O1), wp(("☐ " if first else "☒ ") + O2),
            wp(H3), wp(other)]
    doc = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
           '<w:document %s><w:body>%s</w:body></w:document>' % (W, "".join(body)))
    b = io.BytesIO()
    with zipfile.ZipFile(b, "w") as z:
        for name, data in [("[Content_Types].xml",
                            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/'
                            'package/2006/content-types"/>'), ("word/document.xml", doc)]:
            info = zipfile.ZipInfo(name, date_time=(2024, 1, 19, 8, 30, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, data.encode("utf-8"))
    return b.getvalue()


def enc(s):
    try:
        s.encode("ascii")
        return s
    except UnicodeEncodeError:
        return Header(s, "utf-8").encode()


def addr(name, a):
    return "%s <%s>" % (enc(name), a) if name else a


def qp(text, nl):
    out = quopri.encodestring(text.encode("utf-8")).decode("ascii")
    return out.replace("\n", nl)


def b64(data, nl):
    e = base64.b64encode(data).decode("ascii")
    return nl.join(e[i:i + 76] for i in range(0, len(e), 76))


def textpart(text, nl, cte="quoted-printable", sub="plain", extra=""):
    body = qp(text, nl) if cte == "quoted-printable" else b64(text.encode("utf-8"), nl)
    return ("Content-Type: text/%s; charset=\"utf-8\"%s%sContent-Transfer-Encoding: %s%s%s%s"
            % (sub, extra, nl, cte, nl, nl, body))


def html_of(text):
    import html
    return "<div dir=\"ltr\">" + "".join(
        "<div>%s</div>" % (html.escape(l) if l else "<br>") for l in text.split("\n")) + "</div>"


def multipart(kind, boundary, parts, nl):
    out = ["This is a multi-part message in MIME format." + nl] if kind == "mixed" else [""]
    for p in parts:
        out.append("--" + boundary + nl + p + nl)
    out.append("--" + boundary + "--" + nl)
    return nl.join(out)


def message(name, headers, ctype_and_body, nl="\n"):
    lines = []
    for k, v in headers:
        lines.append("%s: %s" % (k, v))
    text = nl.join(lines) + nl + ctype_and_body
    if not text.endswith(nl):
        text += nl
    with open(os.path.join(OUT, name), "wb") as f:
        f.write(text.encode("ascii"))


def alternative(plain, nl, boundary, cte="quoted-printable"):
    return ("Content-Type: multipart/alternative; boundary=\"%s\"%s%s" % (boundary, nl, nl) +
            multipart("alt", boundary, [textpart(plain, nl, cte),
                                        textpart(html_of(plain), nl, cte, "html")], nl))


# 01 Gmail, English interface: the district's office forwards its clerk's
# Gmail reply; a cover line above.
fw = form("UBND thị xã Ngã Năm",
          "Hội thi được tổ chức bài bản, thu hút đông đảo cán bộ, công chức tham gia; "
          "giúp nâng cao nhận thức về cải cách hành chính.", True,
          "Đề nghị bổ sung phần thi dành cho cấp xã.")
body = ("Kính chuyển Văn phòng UBND tỉnh phiếu góp ý của UBND thị xã Ngã Năm.\n\n"
        "---------- Forwarded message ---------\n"
        "From: Nguyễn Thị Lan <lan.nguyenthi.nn@gmail.example>\n"
        "Date: Thu, Jan 18, 2024 at 4:12 PM\n"
        "Subject: Phiếu tham gia ý kiến Hội thi CCHC\n"
        "To: Phòng Nội vụ TX Ngã Năm <ubnd.nganam@soctrang.example>\n\n\n"
        "Dạ em gửi phiếu tham gia ý kiến ạ.\n\n" + fw + "\nNguyễn Thị Lan\nChuyên viên Phòng Nội vụ\n")
message("01_gmail_en_forward.eml", [
    ("MIME-Version", "1.0"),
    ("Date", "Fri, 19 Jan 2024 08:03:41 +0700"),
    ("Message-ID", "<CAHk2fW9pQx1Lr8v0mTn3aZ=nganam0119@mail.gmail.example>"),
    ("Subject", enc("Fwd: Phiếu tham gia ý kiến Hội thi CCHC")),
    ("From", addr("UBND thị xã Ngã Năm", "ubnd.nganam@soctrang.example")),
    ("To", OFFICE),
], alternative(body, "\n", "000000000000a1b2c3060f2e9d01"))

# 02 Gmail, Vietnamese interface, base64, no cover: the clerk typed without
# diacritics.
fw = fold(form("UBND huyen Chau Thanh",
               "Hoi thi co y nghia thiet thuc, tuy nhien thoi gian to chuc con ngan.", False,
               "Nen ket hop tuyen truyen tren Zalo va trang thong tin dien tu cua huyen.",
               marks=("[x]", "[ ]")))
body = ("\n---------- Thư đã chuyển tiếp ---------\n"
        "Từ: Tran Minh Tuan <tuan.tm.chauthanh@gmail.example>\n"
        "Date: Th 5, 18 thg 1, 2024 lúc 15:40\n"
        "Subject: phieu y kien hoi thi cchc\n"
        "To: <ubnd.chauthanh@soctrang.example>\n\n\n" + fw + "\nTuan\n")
message("02_gmail_vi_forward.eml", [
    ("MIME-Version", "1.0"),
    ("Date", "Fri, 19 Jan 2024 09:15:02 +0700"),
    ("Message-ID", "<CAJ8xv1Qm0=Ptz9cT5ChauThanh+0119@mail.gmail.example>"),
    ("Subject", enc("Fwd: phieu y kien hoi thi cchc")),
    ("From", addr("UBND huyện Châu Thành", "ubnd.chauthanh@soctrang.example")),
    ("To", addr("Văn phòng UBND tỉnh", OFFICE)),
], alternative(body, "\n", "0000000000007f3e1d060f2ea5c2", cte="base64"))

# 03 Outlook desktop, Vietnamese interface, CRLF: the forwarded mail itself
# quotes the letter under "-----Original Message-----".
N = "\r\n"
fw = form("Sở Nội vụ", "Hội thi thiết thực, góp phần đưa cải cách hành chính đến gần người dân.",
          True, "Không.")
inner = (fw + "\nTrân trọng!\nTrần Văn Bình\n\n-----Original Message-----\n"
         "From: Văn phòng UBND tỉnh Sóc Trăng <ubnd@soctrang.example>\n"
         "Sent: Monday, January 15, 2024 3:39 PM\n"
         "To: snv@soctrang.example\n"
         "Subject: " + LETTER_SUBJECT + "\n\n" + LETTER)
body = ("Chuyển tiếp phiếu góp ý của Phòng Xây dựng chính quyền.\n\n"
        "________________________________\n"
        "Từ: Trần Văn Bình <tvbinh.xdcq@yahoo.example>\n"
        "Đã gửi: Thứ Năm, 18 tháng 1, 2024 9:05 SA\n"
        "Đến: snv@soctrang.example\n"
        "Chủ đề: RE: " + LETTER_SUBJECT + "\n\n" + inner)
message("03_outlook_vi_crlf.eml", [
    ("Received", "from mail.soctrang.example (mail.soctrang.example [203.0.113.25])" + N +
     "\tby mx1.soctrang.example (Postfix) with ESMTPS id 4A7C2CD0286D;" + N +
     "\tFri, 19 Jan 2024 10:22:31 +0700 (+07)"),
    ("From", addr("Sở Nội vụ", "snv@soctrang.example")),
    ("To", addr("Văn phòng UBND tỉnh Sóc Trăng", OFFICE)),
    ("Subject", enc("FW: RE: " + LETTER_SUBJECT)),
    ("Date", "Fri, 19 Jan 2024 10:22:30 +0700"),
    ("Message-ID", "<000f01da4a7c$5e2b9a10$1a82ce30$@soctrang.example>"),
    ("MIME-Version", "1.0"),
    ("X-Mailer", "Microsoft Outlook 16.0"),
    ("Thread-Index", "AQHaSnxVbXkPq0d1T0K3c8sR2g=="),
    ("Content-Language", "vi"),
], textpart(body, N), nl=N)

# 04 Outlook on the web: HTML only, the header block in bold under a rule.
import html as _h
fw = form("Sở Tư pháp", "Hội thi thiết thực; nên mở rộng đối tượng dự thi đến cấp xã.", False,
          "Đề nghị tổ chức thêm cuộc thi trực tuyến trên Cổng thông tin điện tử tỉnh.",
          marks=("☑", "☐"))
html_body = ('<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8">'
             '</head><body><div style="font-family:Calibri,Arial">Kính gửi Văn phòng UBND tỉnh,'
             '<br>Sở Tư pháp chuyển phiếu tham gia ý kiến.</div>'
             '<hr style="display:inline-block;width:98%" tabindex="-1">'
             '<div id="divRplyFwdMsg" dir="ltr"><font face="Calibri, sans-serif" color="#000000" '
             'style="font-size:11pt"><b>From:</b> Phạm Thu Hà &lt;ha.phamthu@outlook.example&gt;<br>'
             '<b>Sent:</b> Thursday, January 18, 2024 2:47 PM<br>'
             '<b>To:</b> Sở Tư pháp &lt;stp@soctrang.example&gt;<br>'
             '<b>Subject:</b> Phiếu ý kiến Hội thi CCHC</font><div>&nbsp;</div></div>'
             '<div>' + "".join("<p>%s</p>" % _h.escape(l) for l in fw.split("\n") if l) +
             '</div></body></html>')
message("04_outlook_web_html.eml", [
    ("From", addr("Sở Tư pháp", "stp@soctrang.example")),
    ("To", addr("Văn phòng UBND tỉnh Sóc Trăng", OFFICE)),
    ("Subject", enc("Fw: Phiếu ý kiến Hội thi CCHC")),
    ("Thread-Topic", enc("Phiếu ý kiến Hội thi CCHC")),
    ("Date", "Fri, 19 Jan 2024 03:12:09 +0000"),
    ("Message-ID", "<SEZPR04MB6512A1B2C3D4E5F6@SEZPR04MB6512.apcprd04.prod.outlook.example>"),
    ("Accept-Language", "vi-VN, en-US"),
    ("Content-Language", "vi-VN"),
    ("X-MS-Has-Attach", ""),
    ("MIME-Version", "1.0"),
], textpart(html_body, "\n", "base64", "html"))

# 05 Zimbra, Vietnamese interface, with a signing cover.
fw = form("UBND huyện Long Phú",
          "Hội thi thiết thực, hiệu quả; các đội thi chuẩn bị công phu, nội dung sát thực tế.",
          True, "Đề nghị tăng giải thưởng cho các đội thi cấp huyện.", marks=("☒", "☐"))
body = ("Kính gửi Văn phòng UBND tỉnh,\n"
        "Phòng Nội vụ huyện Long Phú chuyển phiếu ý kiến của UBND huyện.\n"
        "Trân trọng.\n\n"
        "----- Thư chuyển tiếp -----\n"
        "Từ: \"Lê Văn Cường\" <cuong.lv@longphu.soctrang.example>\n"
        "Tới: \"UBND huyện Long Phú\" <ubnd.longphu@soctrang.example>\n"
        "Đã gửi: Thứ Năm, 18 Tháng Một 2024 10:15:23\n"
        "Chủ đề: Phiếu góp ý Hội thi cải cách hành chính\n\n" + fw)
message("05_zimbra_vi.eml", [
    ("Return-Path", "<ubnd.longphu@soctrang.example>"),
    ("Date", "Fri, 19 Jan 2024 10:41:07 +0700 (ICT)"),
    ("From", addr("UBND huyện Long Phú", "ubnd.longphu@soctrang.example")),
    ("To", addr("Văn phòng UBND tỉnh", OFFICE)),
    ("Message-ID", "<1043872915.2281.1705635667402.JavaMail.zimbra@soctrang.example>"),
    ("Subject", enc("Fwd: Phiếu góp ý Hội thi cải cách hành chính")),
    ("MIME-Version", "1.0"),
    ("X-Mailer", "Zimbra 8.8.15_GA_4581 (ZimbraWebClient - GC120 (Win)/8.8.15_GA_4581)"),
    ("Thread-Topic", enc("Phiếu góp ý Hội thi cải cách hành chính")),
], alternative(body, "\n", "=_5c1e0f4a-27b3-4d8e-9a61-3f0d2c7b18e4"))

# 06 Thunderbird, English interface: the Subject/Date/From/To table.
fw = form("Sở Y tế", "Hội thi thiết thực, tạo không khí thi đua trong ngành.", True,
          "Đề nghị tổ chức định kỳ 2 năm một lần.", marks=("X", ""))
body = ("\n\n\n-------- Forwarded Message --------\n"
        "Subject: \tPhieu y kien Hoi thi CCHC - So Y te\n"
        "Date: \tThu, 18 Jan 2024 16:20:11 +0700\n"
        "From: \tVo Hoang Nam <nam.vh.syt@yahoo.example>\n"
        "To: \tsyt@soctrang.example\n\n\n\n" + fw)
message("06_thunderbird_en.eml", [
    ("Message-ID", "<8e2f1c44-7b0a-4c3e-b1d9-2f6a5e8c0d17@soctrang.example>"),
    ("Date", "Fri, 19 Jan 2024 07:58:40 +0700"),
    ("MIME-Version", "1.0"),
    ("User-Agent", "Mozilla Thunderbird"),
    ("Content-Language", "vi"),
    ("From", addr("Sở Y tế", "syt@soctrang.example")),
    ("To", OFFICE),
    ("Subject", enc("Fwd: Phieu y kien Hoi thi CCHC - So Y te")),
], textpart(body, "\n", extra="; format=flowed"))

# 07 Thunderbird, Vietnamese interface, forwarded from a personal mailbox
# (not registered): the agency is read from the form.
fw = form("Sở Xây dựng", "Hội thi có ý nghĩa, giúp công chức nắm vững quy trình giải quyết "
          "thủ tục hành chính.", False, "Tuyên truyền bằng video ngắn trên mạng xã hội.",
          marks=("[X]", "[ ]"))
body = ("Em chuyển phiếu của đơn vị ạ.\n\n"
        "-------- Thư chuyển tiếp --------\n"
        "Chủ đề: \tPhiếu tham gia ý kiến\n"
        "Ngày: \tThu, 18 Jan 2024 11:02:45 +0700\n"
        "Từ: \tĐặng Thị Mai <mai.dt.sxd@gmail.example>\n"
        "Đến: \tthanhhuong.vt@gmail.example\n\n\n" + fw)
message("07_thunderbird_vi_personal.eml", [
    ("Message-ID", "<c31a9b70-55d2-4f8e-8e1b-9a0c7d3e6f21@gmail.example>"),
    ("Date", "Fri, 19 Jan 2024 13:30:05 +0700"),
    ("MIME-Version", "1.0"),
    ("User-Agent", "Mozilla/5.0 (X11; Linux x86_64; rv:115.0) Gecko/20100101 Thunderbird/115.6.0"),
    ("Content-Language", "vi"),
    ("From", addr("Thanh Hương", "thanhhuong.vt@gmail.example")),
    ("To", OFFICE),
    ("Subject", enc("Chuyển tiếp: Phiếu tham gia ý kiến")),
], textpart(body, "\n"))

# 08 Forward as attachment (Thunderbird): message/rfc822.
fw = form("UBND huyện Mỹ Xuyên", "Hội thi thiết thực, nội dung phong phú.", True,
          "Không có ý kiến khác.", marks=("✓", ""))
inner = ("Date: Thu, 18 Jan 2024 17:05:12 +0700\n"
         "From: " + addr("Huỳnh Văn Lộc", "loc.hv.myxuyen@gmail.example") + "\n"
         "To: ubnd.myxuyen@soctrang.example\n"
         "Subject: " + enc("Phiếu ý kiến Hội thi CCHC") + "\n"
         "Message-ID: <CAF3q9Lk1myxuyen0118@mail.gmail.example>\n"
         "MIME-Version: 1.0\n" + textpart("Dạ gửi anh phiếu ý kiến.\n\n" + fw, "\n"))
mixed = multipart("mixed", "------------3kQ9zE0aXnH1yT0b2C7dF8gJ", [
    textpart("Chuyển Văn phòng UBND tỉnh phiếu ý kiến của UBND huyện Mỹ Xuyên (thư đính kèm).\n",
             "\n"),
    "Content-Type: message/rfc822; name=\"=?UTF-8?Q?Phi=E1=BA=BFu_=C3=BD_ki=E1=BA=BFn.eml?=\"\n"
    "Content-Disposition: attachment; filename*=UTF-8''Phi%E1%BA%BFu%20%C3%BD%20ki%E1%BA%BFn.eml\n"
    "Content-Transfer-Encoding: 8bit\n\n" + inner], "\n")
message("08_rfc822_attached.eml", [
    ("Message-ID", "<6f0e2b91-0d3a-4a77-9c52-1e8b4d7a2c90@soctrang.example>"),
    ("Date", "Fri, 19 Jan 2024 08:40:17 +0700"),
    ("MIME-Version", "1.0"),
    ("User-Agent", "Mozilla Thunderbird"),
    ("From", addr("UBND huyện Mỹ Xuyên", "ubnd.myxuyen@soctrang.example")),
    ("To", OFFICE),
    ("Subject", enc("Fwd: Phiếu ý kiến Hội thi CCHC")),
    ("Content-Type", "multipart/mixed;\n boundary=\"------------3kQ9zE0aXnH1yT0b2C7dF8gJ\""),
], "\n" + mixed)

# 09 Outlook "attach as item": the attached message carries the form as
# a .docx.  CRLF.
d = docx("UBND huyện Trần Đề", "Hội thi giúp cán bộ cơ sở hiểu rõ hơn về cải cách hành chính.",
         False, "Đề nghị phát hành sổ tay hỏi đáp cải cách hành chính.")
ib = "----=_NextPart_001_0021_01DA4A9F.5C3D2E10"
inner = N.join([
    "From: " + addr("Lâm Thị Ngọc", "ngoc.lt.trande@yahoo.example"),
    "To: ubnd.trande@soctrang.example",
    "Subject: " + enc("Phiếu tham gia ý kiến Hội thi"),
    "Date: Thu, 18 Jan 2024 15:31:08 +0700",
    "Message-ID: <1705566668.8812.ngoc@yahoo.example>",
    "MIME-Version: 1.0",
    "Content-Type: multipart/mixed; boundary=\"%s\"" % ib, "",
    multipart("mixed", ib, [
        textpart("Em gửi phiếu tham gia ý kiến (file đính kèm).\nNgọc\n", N),
        "Content-Type: application/vnd.openxmlformats-officedocument.wordprocessingml.document;"
        + N + "\tname=\"phieu-y-kien-tran-de.docx\"" + N +
        "Content-Disposition: attachment; filename=\"phieu-y-kien-tran-de.docx\"" + N +
        "Content-Transfer-Encoding: base64" + N + N + b64(d, N)], N)])
ob = "----=_NextPart_000_0020_01DA4A9F.5C3D2E10"
mixed = multipart("mixed", ob, [
    textpart("Kính gửi Văn phòng UBND tỉnh,\nUBND huyện Trần Đề gửi phiếu tham gia ý kiến "
             "(thư đính kèm).\n", N),
    "Content-Type: message/rfc822" + N + "Content-Disposition: attachment" + N + N + inner], N)
message("09_outlook_item_docx.eml", [
    ("From", addr("UBND huyện Trần Đề", "ubnd.trande@soctrang.example")),
    ("To", addr("Văn phòng UBND tỉnh Sóc Trăng", OFFICE)),
    ("Subject", enc("FW: Phiếu tham gia ý kiến Hội thi")),
    ("Date", "Fri, 19 Jan 2024 09:02:44 +0700"),
    ("Message-ID", "<002101da4a9f$5c3d2e10$14b78a30$@soctrang.example>"),
    ("MIME-Version", "1.0"),
    ("Content-Type", "multipart/mixed;" + N + "\tboundary=\"%s\"" % ob),
    ("X-Mailer", "Microsoft Outlook 16.0"),
    ("Content-Language", "vi"),
], N + mixed, nl=N)

# 10 Gmail inline forward of a mail whose form is a .docx (Gmail attaches
# the forwarded file to the forward itself); Apple Mail's marker.
d = docx("UBND huyện Thạnh Trị", "Hội thi thiết thực, cần duy trì.", True,
         "Đề nghị tổ chức vòng sơ khảo tại huyện.")
body = ("Gửi Văn phòng UBND tỉnh.\n\nGửi từ iPhone của tôi\n\n"
        "Begin forwarded message:\n\n"
        "From: Ngô Văn Hậu <hau.nv.thanhtri@icloud.example>\n"
        "Date: January 18, 2024 at 20:14:03 GMT+7\n"
        "To: ubnd.thanhtri@soctrang.example\n"
        "Subject: Phiếu ý kiến Hội thi\n\n"
        "Dạ em gửi phiếu ạ.\n")
mb = "Apple-Mail-7E1B2C3D-4F5A-6B7C-8D9E-0A1B2C3D4E5F"
mixed = multipart("mixed", mb, [
    textpart(body, "\n"),
    "Content-Type: application/vnd.openxmlformats-officedocument.wordprocessingml.document;\n"
    "\tname=phieu-thanh-tri.docx\nContent-Disposition: attachment;\n\tfilename=phieu-thanh-tri.docx\n"
    "Content-Transfer-Encoding: base64\n\n" + b64(d, "\n")], "\n")
message("10_iphone_forward_docx.eml", [
    ("Content-Type", "multipart/mixed; boundary=" + mb),
    ("Content-Transfer-Encoding", "7bit"),
    ("From", addr("UBND huyện Thạnh Trị", "ubnd.thanhtri@soctrang.example")),
    ("Mime-Version", "1.0 (1.0)"),
    ("Date", "Fri, 19 Jan 2024 06:55:31 +0700"),
    ("Subject", enc("Fwd: Phiếu ý kiến Hội thi")),
    ("Message-Id", "<A1C9E2F4-3B5D-4E6F-8A7B-9C0D1E2F3A4B@soctrang.example>"),
    ("To", OFFICE),
    ("X-Mailer", "iPhone Mail (21C66)"),
], "\n" + mixed)

# 11 negative: an Outlook REPLY, the answer above, the blank letter quoted
# under "-----Original Message-----" (CRLF).
ans = ("Kính gửi: Văn phòng UBND tỉnh\n\nSở Tài chính tham gia ý kiến như sau:\n"
       "1. Nhận xét: Hội thi thiết thực, cần tiếp tục duy trì.\n"
       "2. Đề nghị tiếp tục tổ chức Hội thi.\n3. Ý kiến khác: không.\n\n"
       "Trân trọng!\nVăn thư Sở Tài chính\n\n")
body = (ans + "-----Original Message-----\n"
        "From: Văn phòng UBND tỉnh Sóc Trăng <ubnd@soctrang.example> \n"
        "Sent: Monday, January 15, 2024 3:39 PM\n"
        "To: stc@soctrang.example\n"
        "Subject: " + LETTER_SUBJECT + "\n\n" + LETTER)
message("11_neg_outlook_reply_quoted_letter.eml", [
    ("From", addr("Sở Tài chính", "stc@soctrang.example")),
    ("To", addr("Văn phòng UBND tỉnh Sóc Trăng", OFFICE)),
    ("Subject", enc("RE: " + LETTER_SUBJECT)),
    ("Date", "Thu, 18 Jan 2024 14:20:51 +0700"),
    ("Message-ID", "<003a01da49f1$7d2e8c40$778ba4c0$@soctrang.example>"),
    ("In-Reply-To", "<20240115153912.5E2A1C0118@mail.soctrang.example>"),
    ("References", "<20240115153912.5E2A1C0118@mail.soctrang.example>"),
    ("MIME-Version", "1.0"),
    ("X-Mailer", "Microsoft Outlook 16.0"),
], textpart(body, N), nl=N)

# 12 negative: a district forwards our blank letter to its sub-unit, a
# copy to us.  Not a reply.
body = ("Chuyển Phòng Văn hóa và Thông tin huyện nghiên cứu, tham mưu UBND huyện trả lời "
        "trước ngày 25/01/2024.\n\n"
        "---------- Forwarded message ---------\n"
        "From: Văn phòng UBND tỉnh Sóc Trăng <ubnd@soctrang.example>\n"
        "Date: Mon, Jan 15, 2024 at 3:39 PM\n"
        "Subject: " + LETTER_SUBJECT + "\n"
        "To: <ubnd.mytu@soctrang.example>\n\n\n" + LETTER)
message("12_neg_forward_blank_letter.eml", [
    ("MIME-Version", "1.0"),
    ("Date", "Tue, 16 Jan 2024 07:45:10 +0700"),
    ("Message-ID", "<CAKm4Wq7rMyTu0116fwdletter@mail.gmail.example>"),
    ("Subject", enc("Fwd: " + LETTER_SUBJECT)),
    ("From", addr("UBND huyện Mỹ Tú", "ubnd.mytu@soctrang.example")),
    ("To", "vhtt.mytu@soctrang.example"),
    ("Cc", OFFICE),
], alternative(body, "\n", "0000000000003c4d5e060f1a2b3c"))

# 13 negative for the forwarded sender: a REPLY (RE:) whose form is a .docx,
# the letter quoted under Outlook's header block.  No forwarded_from.
d = docx("Sở Công Thương", "Hội thi thiết thực.", True, "Không.")
body = ("Kính gửi Văn phòng UBND tỉnh,\nSở Công Thương gửi phiếu tham gia ý kiến (file đính kèm)."
        "\n\nTrân trọng.\n\n________________________________\n"
        "From: Văn phòng UBND tỉnh Sóc Trăng <ubnd@soctrang.example>\n"
        "Sent: Monday, January 15, 2024 3:39 PM\n"
        "To: sct@soctrang.example\n"
        "Subject: " + LETTER_SUBJECT + "\n\n" + LETTER)
ob = "----=_NextPart_000_0044_01DA4A11.22334455"
mixed = multipart("mixed", ob, [
    textpart(body, N),
    "Content-Type: application/octet-stream; name=\"Phieu y kien SCT.docx\"" + N +
    "Content-Disposition: attachment; filename=\"Phieu y kien SCT.docx\"" + N +
    "Content-Transfer-Encoding: base64" + N + N + b64(d, N)], N)
message("13_neg_reply_docx_quoted_letter.eml", [
    ("From", addr("Sở Công Thương", "sct@soctrang.example")),
    ("To", OFFICE),
    ("Subject", enc("RE: " + LETTER_SUBJECT)),
    ("Date", "Wed, 17 Jan 2024 16:02:11 +0700"),
    ("Message-ID", "<004401da4a11$22334455$66778899$@soctrang.example>"),
    ("MIME-Version", "1.0"),
    ("Content-Type", "multipart/mixed;" + N + "\tboundary=\"%s\"" % ob),
    ("X-Mailer", "Microsoft Outlook 16.0"),
], N + mixed, nl=N)

# 14 negative for the rule of 12: the office answers in prose above the
# blank letter it forwards to us; a reply (a person reads it), never
# "unrelated".
body = ("UBND huyện Cù Lao Dung thống nhất đề nghị tiếp tục tổ chức Hội thi cải cách hành "
        "chính hằng năm; không có ý kiến khác.\n\nTrân trọng.\n\n"
        "---------- Forwarded message ---------\n"
        "From: Văn phòng UBND tỉnh Sóc Trăng <ubnd@soctrang.example>\n"
        "Date: Mon, Jan 15, 2024 at 3:39 PM\n"
        "Subject: " + LETTER_SUBJECT + "\n"
        "To: <ubnd.culaodung@soctrang.example>\n\n\n" + LETTER)
message("14_neg_prose_above_forwarded_letter.eml", [
    ("MIME-Version", "1.0"),
    ("Date", "Mon, 22 Jan 2024 10:05:33 +0700"),
    ("Message-ID", "<CAB9vTq2cldung0122prose@mail.gmail.example>"),
    ("Subject", enc("Fwd: " + LETTER_SUBJECT)),
    ("From", addr("UBND huyện Cù Lao Dung", "ubnd.culaodung@soctrang.example")),
    ("To", OFFICE),
], alternative(body, "\n", "00000000000044aa55bb060f3c4d"))
