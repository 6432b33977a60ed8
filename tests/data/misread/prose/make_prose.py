#!/usr/bin/env python3
"""Writes the test messages of tests/data/misread/prose/: replies to
Công văn 118/UBND-TH that state their choice in sentences, without the
form's headings or boxes (issue 19, kind 4), and mail that must not be read
so.  Standard library only, deterministic.  Remake with
    python3 tests/data/misread/prose/make_prose.py
(run from anywhere; it writes beside itself).  The .eml files are committed:
the data is fixed, this script says how it was made."""
import base64, os, quopri

HERE = os.path.dirname(os.path.abspath(__file__))
LETTER_ID = "<20240115153912.5E2A1C0118@mail.soctrang.example>"
SUBJECT = "V/v tham gia ý kiến về Hội thi cải cách hành chính năm 2023"

FORM = """MẪU THAM GIA Ý KIẾN VỀ HỘI THI CẢI CÁCH HÀNH CHÍNH
Cơ quan, đơn vị: ......................................
1. Nhận xét về tính thiết thực và hiệu quả của Hội thi cải cách hành chính:
.......................................................
2. Đề nghị tiếp tục tổ chức Hội thi hoặc hình thức tuyên truyền khác:
☐ Đề nghị tiếp tục tổ chức Hội thi.
☐ Đề nghị hình thức tuyên truyền khác.
3. Ý kiến khác, đề xuất (nếu có):
......................................................."""

LETTER = """Kính gửi: Các sở, ban ngành; UBND các huyện, thị xã, thành phố.

Thực hiện Công văn số 118/UBND-TH ngày 15/01/2024 của Chủ tịch UBND tỉnh,
Văn phòng UBND tỉnh gửi mẫu tham gia ý kiến về Hội thi cải cách hành chính;
đề nghị các cơ quan, đơn vị gửi ý kiến trong tháng 01/2024.

""" + FORM


def h(s):
    """RFC 2047 B-encoding of a header value when it is not ASCII."""
    try:
        s.encode("ascii")
        return s
    except UnicodeEncodeError:
        return "=?utf-8?B?%s?=" % base64.b64encode(s.encode()).decode()


def qp(s):
    return quopri.encodestring(s.encode("utf-8")).decode("ascii")


def b64(s):
    e = base64.b64encode(s.encode("utf-8")).decode("ascii")
    return "\n".join(e[i:i + 76] for i in range(0, len(e), 76))


def quoted(text, prefix="> "):
    return "\n".join((prefix + l).rstrip() for l in text.split("\n"))


def headers(hs):
    return "".join("%s: %s\n" % (k, v) for k, v in hs if v is not None)


def write(name, raw, crlf=False):
    if crlf:
        raw = raw.replace("\r\n", "\n").replace("\n", "\r\n")
    with open(os.path.join(HERE, name), "w", encoding="ascii", newline="") as f:
        f.write(raw)


def reply_headers(frm, subject, date, mid, thread=True, extra=()):
    hs = [("From", frm), ("To", "=?utf-8?B?%s?= <ubnd@soctrang.example>"
                              % base64.b64encode("Văn phòng UBND tỉnh Sóc Trăng".encode()).decode()),
          ("Subject", h(subject)), ("Date", date), ("Message-ID", mid)]
    if thread:
        hs += [("In-Reply-To", LETTER_ID), ("References", LETTER_ID)]
    hs += [("MIME-Version", "1.0")] + list(extra)
    return hs


# 1. Outlook desktop, CRLF, quoted-printable, the brief's own sentence.
body = """Kính gửi: Văn phòng UBND tỉnh Sóc Trăng

UBND huyện Châu Thành thống nhất đề nghị UBND tỉnh tiếp tục tổ chức Hội thi
cải cách hành chính trong năm 2024; không có ý kiến khác.

Trân trọng.
Lê Thị Thu Hà
Văn phòng HĐND và UBND huyện Châu Thành

-----Original Message-----
From: Văn phòng UBND tỉnh Sóc Trăng <ubnd@soctrang.example>
Sent: Monday, January 15, 2024 3:39 PM
To: ubnd.chauthanh@soctrang.example
Subject: """ + SUBJECT + "\n\n" + LETTER + "\n"
write("p01_outlook_chauthanh.eml", headers(reply_headers(
    "=?utf-8?B?%s?= <ubnd.chauthanh@soctrang.example>" % base64.b64encode("UBND huyện Châu Thành".encode()).decode(),
    "RE: " + SUBJECT, "Tue, 23 Jan 2024 09:12:44 +0700",
    "<000001da4d9f$3c2a1b40$b47e51c0$@soctrang.example>",
    extra=[("X-Mailer", "Microsoft Outlook 16.0"), ("Thread-Index", "AQHaR5VJ+f6vEuTXfA/9J0wrAbCdEw=="),
           ("Content-Language", "vi"), ("Content-Type", 'text/plain;\n\tcharset="utf-8"'),
           ("Content-Transfer-Encoding", "quoted-printable")])) + "\n" + qp(body), crlf=True)

# 2. Gmail, multipart/alternative, base64: option 2 with the proposal, a
#    comment on the contest, the letter quoted below "… đã viết:".
plain = """Kính gửi Văn phòng UBND tỉnh,

Sở Tư pháp xin có ý kiến như sau: Hội thi thiết thực, bổ ích đối với cán bộ,
công chức nhưng chưa lan tỏa đến người dân.

Sở đề nghị chuyển sang hình thức tuyên truyền khác phù hợp hơn, cụ thể:
- Tổ chức cuộc thi trực tuyến tìm hiểu về cải cách hành chính trên Cổng thông tin điện tử tỉnh;
- Sân khấu hóa các nội dung cải cách hành chính tại các xã, phường.

Trân trọng,
Trần Minh Khôi
Văn phòng Sở Tư pháp

Vào Th 2, 15 thg 1, 2024 vào lúc 15:39 Văn phòng UBND tỉnh Sóc Trăng <
ubnd@soctrang.example> đã viết:

""" + quoted(LETTER) + "\n"
html = ("<div dir=\"ltr\">" + "<br>".join(plain.split("\n\nVào Th 2")[0].split("\n"))
        + "</div><br><div class=\"gmail_quote\"><div dir=\"ltr\" class=\"gmail_attr\">Vào Th 2, 15 thg 1, 2024 vào lúc 15:39"
        " Văn phòng UBND tỉnh Sóc Trăng &lt;ubnd@soctrang.example&gt; đã viết:<br></div>"
        "<blockquote class=\"gmail_quote\" style=\"margin:0px 0px 0px 0.8ex;border-left:1px solid rgb(204,204,204);padding-left:1ex\">"
        + "<br>".join(LETTER.split("\n")) + "</blockquote></div>\n")
bnd = "000000000000a1b2c3060f5e7d21"
write("p02_gmail_stp_other_form.eml", headers(reply_headers(
    "=?utf-8?B?%s?= <stp@soctrang.example>" % base64.b64encode("Sở Tư pháp Sóc Trăng".encode()).decode(),
    "Re: " + SUBJECT, "Wed, 24 Jan 2024 14:03:17 +0700",
    "<CAH3kq7dYp0vT2c+Q1xg7s=KpZ5@mail.gmail.com>",
    extra=[("Content-Type", 'multipart/alternative; boundary="%s"' % bnd)])) +
    "\n--%s\nContent-Type: text/plain; charset=\"UTF-8\"\nContent-Transfer-Encoding: base64\n\n%s\n"
    "--%s\nContent-Type: text/html; charset=\"UTF-8\"\nContent-Transfer-Encoding: base64\n\n%s\n--%s--\n"
    % (bnd, b64(plain), bnd, b64(html), bnd))

# 3. Zimbra, an official letter typed in the body, a new thread that cites
#    the letter's number; part 1 in prose, "không có ý kiến đề xuất khác".
body = """ỦY BAN NHÂN DÂN HUYỆN MỸ TÚ
Số: 45/UBND-VP
V/v tham gia ý kiến về Hội thi cải cách hành chính năm 2023

CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Mỹ Tú, ngày 22 tháng 01 năm 2024

Kính gửi: Ủy ban nhân dân tỉnh Sóc Trăng.

Thực hiện Công văn số 118/UBND-TH ngày 15/01/2024 của Ủy ban nhân dân tỉnh
về việc nâng cao hiệu quả công tác tuyên truyền cải cách hành chính, Ủy ban
nhân dân huyện Mỹ Tú có ý kiến như sau:

Hội thi cải cách hành chính năm 2023 được tổ chức chu đáo, nội dung thiết
thực, hiệu quả, thu hút đông đảo cán bộ, công chức và người dân tham gia.

Ủy ban nhân dân huyện thống nhất đề nghị Ủy ban nhân dân tỉnh tiếp tục tổ
chức Hội thi trong năm 2024. Ngoài ra, huyện không có ý kiến đề xuất khác.

Trân trọng./.

Nơi nhận:
- Như trên;
- Lưu: VT.
TM. ỦY BAN NHÂN DÂN
KT. CHỦ TỊCH
PHÓ CHỦ TỊCH
Nguyễn Văn Tâm
"""
write("p03_zimbra_mytu_official_letter.eml", headers(reply_headers(
    "=?utf-8?B?%s?= <ubnd.mytu@soctrang.example>" % base64.b64encode("UBND huyện Mỹ Tú".encode()).decode(),
    "Công văn số 45/UBND-VP V/v tham gia ý kiến Hội thi CCHC năm 2023",
    "Mon, 22 Jan 2024 10:25:03 +0700 (ICT)",
    "<1781526318.2214.1705893903512.JavaMail.zimbra@soctrang.example>", thread=False,
    extra=[("X-Mailer", "Zimbra 8.8.15_GA_4484 (ZimbraWebClient - GC120 (Win)/8.8.15_GA_4481)"),
           ("Thread-Topic", h("V/v tham gia ý kiến Hội thi CCHC năm 2023")),
           ("Thread-Index", "JvE7dXq2nP8cW1sLk0m3Gx8Rz9aB4A=="),
           ("Content-Type", "text/plain; charset=utf-8"),
           ("Content-Transfer-Encoding", "quoted-printable")])) + "\n" + qp(body))

# 4. iPhone, a short answer, the letter quoted below.
body = """Dạ Sở Y tế thống nhất tiếp tục tổ chức Hội thi ạ. Không có ý kiến khác.

Được gửi từ iPhone của tôi

> Vào 15:39, ngày 15 thg 1, 2024, Văn phòng UBND tỉnh Sóc Trăng <ubnd@soctrang.example> đã viết:
>
""" + quoted(LETTER) + "\n"
write("p04_iphone_syt_short.eml", headers(reply_headers(
    "=?utf-8?B?%s?= <syt@soctrang.example>" % base64.b64encode("Sở Y tế".encode()).decode(),
    "Re: " + SUBJECT, "Thu, 25 Jan 2024 19:47:02 +0700",
    "<5C1E8F2A-7B3D-4E9A-9C61-2F0D8B4A6E13@soctrang.example>",
    extra=[("X-Mailer", "iPhone Mail (21C66)"), ("Content-Type", "text/plain;\n\tcharset=utf-8"),
           ("Content-Transfer-Encoding", "quoted-printable")])) + "\n" + qp(body))

# 5. Thunderbird, typed without diacritics, 8bit ASCII.
body = """Kinh gui Van phong UBND tinh,

So Xay dung thong nhat de nghi tiep tuc to chuc Hoi thi CCHC trong nam 2024,
khong co y kien khac.

Tran trong,
Pham Van Duc - Van phong So Xay dung

On 15/01/2024 15:39, Van phong UBND tinh Soc Trang wrote:
""" + quoted(LETTER) + "\n"
write("p05_thunderbird_sxd_no_diacritics.eml", headers(reply_headers(
    "Pham Van Duc <sxd@soctrang.example>",
    "Re: V/v tham gia y kien ve Hoi thi CCHC (CV 118/UBND-TH)",
    "Fri, 26 Jan 2024 08:05:51 +0700",
    "<b7c2e4a9-51d3-4f0e-8a6b-3c9d2e7f1a40@soctrang.example>",
    extra=[("User-Agent", "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:115.0) Gecko/20100101 Thunderbird/115.6.1"),
           ("Content-Language", "en-US"), ("Content-Type", "text/plain; charset=UTF-8; format=flowed"),
           ("Content-Transfer-Encoding", "quoted-printable")])) + "\n" + qp(body))

# 6. Yahoo: a paraphrase ("duy trì Hội thi"), only part of the option's
#    words: chosen, with a review.
body = """Kính gửi Văn phòng UBND tỉnh,

Phúc đáp Công văn 118/UBND-TH, Sở Công Thương thấy Hội thi là sân chơi bổ ích,
hiệu quả. Sở đề nghị duy trì Hội thi hằng năm.

Trân trọng!
Võ Thị Ngọc Lan
Sở Công Thương Sóc Trăng
"""
bnd = "----=_Part_1843259_1204857733.1706150402118"
html = "<html><head></head><body><div style=\"font-family:Helvetica Neue, Helvetica, Arial, sans-serif;font-size:13px;\">" + \
    "".join("<div>%s</div>" % (l or "<br>") for l in body.split("\n")) + "</div></body></html>"
write("p06_yahoo_sct_unsure.eml", headers(reply_headers(
    "=?utf-8?B?%s?= <sct@soctrang.example>" % base64.b64encode("Võ Thị Ngọc Lan".encode()).decode(),
    "Tham gia ý kiến Hội thi CCHC", "Thu, 25 Jan 2024 09:40:02 +0700",
    "<1843259.1204857733.1706150402118@mail.yahoo.example>", thread=False,
    extra=[("X-Mailer", "WebService/1.1.22046 YMailNorrin"),
           ("Content-Type", 'multipart/alternative; boundary="%s"' % bnd)])) +
    "\n--%s\nContent-Type: text/plain; charset=UTF-8\nContent-Transfer-Encoding: quoted-printable\n\n%s\n"
    "--%s\nContent-Type: text/html; charset=UTF-8\nContent-Transfer-Encoding: quoted-printable\n\n%s\n--%s--\n"
    % (bnd, qp(body), bnd, qp(html), bnd))

# 7. Outlook on the web, HTML only: both options named.
html = """<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"></head>
<body><div style="font-family: Calibri, Arial, Helvetica, sans-serif; font-size: 12pt;">
<p>Kính gửi: Văn phòng UBND tỉnh Sóc Trăng</p>
<p>Sở Văn hóa, Thể thao và Du lịch thống nhất với việc tiếp tục tổ chức Hội thi, đồng thời
đề nghị bổ sung hình thức tuyên truyền khác như tiểu phẩm, sân khấu hóa tại các lễ hội.</p>
<p>Trân trọng.</p></div>
<hr style="display:inline-block;width:98%" tabindex="-1">
<div id="divRplyFwdMsg" dir="ltr"><font face="Calibri, sans-serif" style="font-size:11pt" color="#000000">
<b>From:</b> Văn phòng UBND tỉnh Sóc Trăng &lt;ubnd@soctrang.example&gt;<br>
<b>Sent:</b> Monday, January 15, 2024 3:39 PM<br><b>To:</b> svhttdl@soctrang.example<br>
<b>Subject:</b> """ + SUBJECT + """</font><div>&nbsp;</div></div>
<div>""" + "<br>".join(LETTER.split("\n")) + """</div></body></html>
"""
write("p07_outlookweb_svhttdl_both.eml", headers(reply_headers(
    "=?utf-8?B?%s?= <svhttdl@soctrang.example>" % base64.b64encode("Sở VHTT&DL Sóc Trăng".encode()).decode(),
    "RE: " + SUBJECT, "Mon, 29 Jan 2024 16:20:09 +0700",
    "<SG2PR06MB5310A7C1D2E3F4B5C6D7E8F9A0B1C2D3@SG2PR06MB5310.apcprd06.prod.outlook.example>",
    extra=[("Accept-Language", "vi-VN, en-US"), ("Content-Language", "vi-VN"),
           ("X-MS-Has-Attach", ""), ("Content-Type", 'text/html; charset="utf-8"'),
           ("Content-Transfer-Encoding", "base64")])) + "\n" + b64(html) + "\n", crlf=True)

# 8. Gmail plain: option 1 taken back ("không nên tiếp tục"), option 2
#    chosen with its proposal: chosen, with a review.
body = """Kính gửi Văn phòng UBND tỉnh,

Theo ý kiến của UBND thị xã Vĩnh Châu, không nên tiếp tục tổ chức Hội thi theo
hình thức thi sân khấu mà chuyển sang hình thức tuyên truyền khác: tổ chức
cuộc thi trắc nghiệm trực tuyến trên mạng xã hội.

Trân trọng,
Lâm Thị Sa Ri
VP HĐND-UBND thị xã Vĩnh Châu

Vào Th 2, 15 thg 1, 2024 vào lúc 15:39 Văn phòng UBND tỉnh Sóc Trăng <ubnd@soctrang.example> đã viết:
""" + quoted(LETTER) + "\n"
write("p08_gmail_vinhchau_negation.eml", headers(reply_headers(
    "=?utf-8?B?%s?= <ubnd.vinhchau@soctrang.example>" % base64.b64encode("UBND TX Vĩnh Châu".encode()).decode(),
    "Re: " + SUBJECT, "Tue, 30 Jan 2024 10:11:12 +0700",
    "<CAF8zq1b9Xw3Lr5mN0tV7yH2cJ4pQ6sD8eG1iK3oU5aW7@mail.gmail.com>",
    extra=[("Content-Type", 'text/plain; charset="UTF-8"'),
           ("Content-Transfer-Encoding", "base64")])) + "\n" + b64(body) + "\n")

# --- must not be read as a prose answer -------------------------------

# n1. "đã nhận": the thread of the letter, no option named.
body = """Kính gửi Văn phòng UBND tỉnh,

Phòng Nội vụ huyện Trần Đề đã nhận Công văn số 118/UBND-TH về Hội thi cải cách
hành chính. Huyện sẽ gửi ý kiến trước ngày 31/01/2024.

Trân trọng.

On Mon, Jan 15, 2024 at 3:39 PM Văn phòng UBND tỉnh Sóc Trăng <ubnd@soctrang.example> wrote:
""" + quoted(LETTER) + "\n"
write("n01_ack_trande.eml", headers(reply_headers(
    "=?utf-8?B?%s?= <ubnd.trande@soctrang.example>" % base64.b64encode("UBND huyện Trần Đề".encode()).decode(),
    "Re: " + SUBJECT, "Tue, 16 Jan 2024 07:58:30 +0700",
    "<CAJx2mD8b1fK0qLw9Pz4s7VtH6uN3eR5yT8iO2pA1sD4@mail.gmail.com>",
    extra=[("Content-Type", 'text/plain; charset="UTF-8"'),
           ("Content-Transfer-Encoding", "quoted-printable")])) + "\n" + qp(body))

# n2. A colleague's mail that names option 1's words but cites no letter.
body = """Chào chị Hương,

Em nghe nói mấy huyện đều đề nghị tiếp tục tổ chức Hội thi cải cách hành chính,
chị có bảng tổng hợp thì gửi em tham khảo với nhé. Không có ý kiến khác thì em
làm báo cáo luôn.

Cảm ơn chị.
"""
write("n02_colleague_no_citation.eml", headers([
    ("From", "=?utf-8?B?%s?= <ngoc.thao.nv@gmail.example>" % base64.b64encode("Ngọc Thảo".encode()).decode()),
    ("To", "ubnd@soctrang.example"), ("Subject", h("Hỏi tổng hợp ý kiến Hội thi")),
    ("Date", "Wed, 31 Jan 2024 11:02:45 +0700"),
    ("Message-ID", "<CAPm4Nv0q7Xr2Lb8Hw5Jk1Ty9Gc3Fd6Sz0Aa2Eo4Ui6@mail.gmail.example>"),
    ("MIME-Version", "1.0"), ("Content-Type", 'text/plain; charset="UTF-8"'),
    ("Content-Transfer-Encoding", "quoted-printable")]) + "\n" + qp(body))

# n3. A reply about another letter (2045/UBND-NC) with option 1's wording.
body = """Kính gửi: Ủy ban nhân dân tỉnh Sóc Trăng.

Thực hiện Công văn số 2045/UBND-NC ngày 20/12/2023 về Hội thi Hòa giải viên giỏi,
Sở Tư pháp thống nhất đề nghị tiếp tục tổ chức Hội thi ở cấp huyện trong năm
2024; không có ý kiến khác.

Trân trọng./.
"""
write("n03_other_letter_2045.eml", headers(reply_headers(
    "=?utf-8?B?%s?= <stp@soctrang.example>" % base64.b64encode("Sở Tư pháp".encode()).decode(),
    "V/v tham gia ý kiến Hội thi Hòa giải viên giỏi (CV 2045/UBND-NC)",
    "Thu, 18 Jan 2024 15:30:00 +0700 (ICT)",
    "<204511.99.1705566600.JavaMail.zimbra@soctrang.example>", thread=False,
    extra=[("X-Mailer", "Zimbra 8.8.15_GA_4484 (ZimbraWebClient - FF121 (Linux)/8.8.15_GA_4481)"),
           ("Content-Type", "text/plain; charset=utf-8"),
           ("Content-Transfer-Encoding", "quoted-printable")])) + "\n" + qp(body))

# n4. An out-of-office sent by hand in the thread (no Auto-Submitted).
body = """Tôi đang đi công tác đến hết ngày 26/01/2024. Công văn về Hội thi cải cách
hành chính xin gửi đồng chí Lý Văn Bình (ĐT 0299.3822.xxx) xử lý.
"""
write("n04_away_in_thread.eml", headers(reply_headers(
    "=?utf-8?B?%s?= <ubnd.longphu@soctrang.example>" % base64.b64encode("UBND huyện Long Phú".encode()).decode(),
    h("Trả lời: ") + " " + h(SUBJECT), "Mon, 15 Jan 2024 16:01:10 +0700",
    "<000301da478b$aa11bb22$cc33dd44$@soctrang.example>",
    extra=[("X-Mailer", "Microsoft Outlook 16.0"), ("Content-Type", 'text/plain; charset="utf-8"'),
           ("Content-Transfer-Encoding", "quoted-printable")])) + "\n" + qp(body), crlf=True)


# 9. Zimbra, a cover line and the official letter as a .docx attachment
#    (the letter in prose, option 2 with its proposal).  The .docx is
#    built here with zipfile: WordprocessingML paragraphs, nothing else.
def docx(paragraphs):
    import io, zipfile
    from xml.sax.saxutils import escape
    ct = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
          '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
          '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
          '<Default Extension="xml" ContentType="application/xml"/>'
          '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
          '</Types>')
    rels = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
            '</Relationships>')
    body = "".join('<w:p><w:r><w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman"/>'
                   '<w:sz w:val="28"/></w:rPr><w:t xml:space="preserve">%s</w:t></w:r></w:p>' % escape(p)
                   for p in paragraphs)
    doc = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
           '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
           '<w:body>%s<w:sectPr/></w:body></w:document>' % body)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in (("[Content_Types].xml", ct), ("_rels/.rels", rels), ("word/document.xml", doc)):
            zi = zipfile.ZipInfo(name, date_time=(2024, 1, 24, 9, 0, 0))
            zi.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(zi, data)
    return out.getvalue()


letter = docx([
    "ỦY BAN NHÂN DÂN HUYỆN KẾ SÁCH",
    "Số: 32/UBND-NV",
    "V/v tham gia ý kiến về Hội thi cải cách hành chính",
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "Độc lập - Tự do - Hạnh phúc",
    "Kế Sách, ngày 24 tháng 01 năm 2024",
    "Kính gửi: Ủy ban nhân dân tỉnh Sóc Trăng.",
    "Phúc đáp Công văn số 118/UBND-TH ngày 15/01/2024 của Ủy ban nhân dân tỉnh, Ủy ban nhân dân "
    "huyện Kế Sách có ý kiến như sau:",
    "Qua theo dõi, Hội thi có ý nghĩa thiết thực nhưng số người dân tham gia còn ít.",
    "Ủy ban nhân dân huyện đề nghị thay Hội thi bằng hình thức tuyên truyền khác, cụ thể là "
    "tổ chức các buổi tuyên truyền lưu động kết hợp phát tờ rơi tại các ấp, khóm.",
    "Trân trọng./.",
    "Nơi nhận:",
    "- Như trên;",
    "- Lưu: VT.",
])
cover = """Kính gửi Văn phòng UBND tỉnh,

UBND huyện Kế Sách gửi Công văn số 32/UBND-NV phúc đáp Công văn số 118/UBND-TH
(file đính kèm).

Trân trọng!
"""
bnd = "=_7f1c2a9e3b5d4c6a8e0f2b4d6c8a0e2f"
att = base64.b64encode(letter).decode("ascii")
att = "\n".join(att[i:i + 76] for i in range(0, len(att), 76))
write("p09_zimbra_kesach_docx_letter.eml", headers(reply_headers(
    "=?utf-8?B?%s?= <ubnd.kesach@soctrang.example>" % base64.b64encode("UBND huyện Kế Sách".encode()).decode(),
    "Công văn 32/UBND-NV tham gia ý kiến Hội thi CCHC", "Wed, 24 Jan 2024 09:15:40 +0700 (ICT)",
    "<209331245.8812.1706062540771.JavaMail.zimbra@soctrang.example>", thread=False,
    extra=[("X-Mailer", "Zimbra 8.8.15_GA_4484 (ZimbraWebClient - GC120 (Win)/8.8.15_GA_4481)"),
           ("Content-Type", 'multipart/mixed; boundary="%s"' % bnd)])) +
    "\n--%s\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: quoted-printable\n\n%s\n"
    "--%s\nContent-Type: application/vnd.openxmlformats-officedocument.wordprocessingml.document;"
    " name=32-UBND-NV.docx\nContent-Disposition: attachment; filename=32-UBND-NV.docx\n"
    "Content-Transfer-Encoding: base64\n\n%s\n--%s--\n" % (bnd, qp(cover), bnd, att, bnd))


# 10. Outlook: the answer in prose in the body, the blank form sent back as
#     a .docx beside it (unfilled): the body is the answer.
blank = docx(FORM.split("\n"))
body = """Kính gửi: Văn phòng UBND tỉnh Sóc Trăng

Ban Dân tộc tỉnh thống nhất đề nghị UBND tỉnh tiếp tục tổ chức Hội thi; Ban
không có ý kiến khác.

Trân trọng.
Thạch Thị Sô Phia - Văn phòng Ban Dân tộc

-----Original Message-----
From: Văn phòng UBND tỉnh Sóc Trăng <ubnd@soctrang.example>
Sent: Monday, January 15, 2024 3:39 PM
To: bdt@soctrang.example
Subject: """ + SUBJECT + "\n\n" + LETTER + "\n"
bnd = "----=_NextPart_000_0012_01DA4F21.5C3B8E70"
att = base64.b64encode(blank).decode("ascii")
att = "\n".join(att[i:i + 76] for i in range(0, len(att), 76))
write("p10_outlook_bdt_blank_docx_beside.eml", headers(reply_headers(
    "=?utf-8?B?%s?= <bdt@soctrang.example>" % base64.b64encode("Ban Dân tộc tỉnh Sóc Trăng".encode()).decode(),
    "RE: " + SUBJECT, "Fri, 26 Jan 2024 15:44:21 +0700",
    "<000c01da5031$8f2e4b10$ad8ae130$@soctrang.example>",
    extra=[("X-Mailer", "Microsoft Outlook 16.0"), ("Thread-Index", "AQHaR5VJ+f6vEuTXfA/9J0wrAbCdEx1w"),
           ("Content-Language", "vi"),
           ("Content-Type", 'multipart/mixed;\n\tboundary="%s"' % bnd)])) +
    "\nThis is a multi-part message in MIME format.\n\n--%s\nContent-Type: text/plain;\n\tcharset=\"utf-8\"\n"
    "Content-Transfer-Encoding: quoted-printable\n\n%s\n--%s\n"
    "Content-Type: application/vnd.openxmlformats-officedocument.wordprocessingml.document;\n"
    "\tname=\"=?utf-8?B?%s?=\"\nContent-Transfer-Encoding: base64\nContent-Disposition: attachment;\n"
    "\tfilename=\"=?utf-8?B?%s?=\"\n\n%s\n--%s--\n"
    % (bnd, qp(body), bnd, base64.b64encode("Mẫu ý kiến Hội thi.docx".encode()).decode(),
       base64.b64encode("Mẫu ý kiến Hội thi.docx".encode()).decode(), att, bnd), crlf=True)


# n5. A question in the letter's thread with option 1's words: it asks,
#     it answers nothing.
body = """Dạ em chào chị,

Cho em hỏi phiếu ý kiến gửi bản scan hay file Word ạ? Năm 2024 tỉnh có tiếp tục
tổ chức Hội thi không ạ

Em cảm ơn chị.
Huỳnh Thị Kim Ngân - Phòng Nội vụ huyện Cù Lao Dung

Vào Th 2, 15 thg 1, 2024 vào lúc 15:39 Văn phòng UBND tỉnh Sóc Trăng <ubnd@soctrang.example> đã viết:
""" + quoted(LETTER) + "\n"
write("n05_question_culaodung.eml", headers(reply_headers(
    "=?utf-8?B?%s?= <ubnd.culaodung@soctrang.example>" % base64.b64encode("UBND huyện Cù Lao Dung".encode()).decode(),
    "Re: " + SUBJECT, "Wed, 17 Jan 2024 08:31:09 +0700",
    "<CAK9pL2m5Vb7Qx3Rt8Yn1Hc6Jd0Fg4Sw2Ze5Ia7Ou9Ek1@mail.gmail.com>",
    extra=[("Content-Type", 'text/plain; charset="UTF-8"'),
           ("Content-Transfer-Encoding", "quoted-printable")])) + "\n" + qp(body))
