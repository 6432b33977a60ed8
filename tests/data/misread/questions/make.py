#!/usr/bin/env python3
"""Writes the test messages of tests/data/misread/questions/ (issue 19,
kind 7: questions about the campaign), and is kept beside them so that
they can be remade: `python3 make.py` in this folder rewrites every .eml.

Each message is written as its mail program writes it (headers, MIME
structure, transfer encoding, line ends); the people are fictitious, the
domains .example, the facts those of letter 118/UBND-TH.  Standard
library only.
"""
import base64
import io
import os
import quopri
import random
import struct
import zipfile
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
LETTER_ID = "<20240115153912.5E2A1C0118@mail.soctrang.example>"
OFFICE = "=?utf-8?B?VsSDbiBwaMOybmcgVUJORCB04buJbmggU8OzYyBUcsSDbmc=?= <ubnd@soctrang.example>"
SUBJECT_RE = "Re: V/v tham gia ý kiến về Hội thi cải cách hành chính năm 2023"

# The office's mail as agencies quote it back (blank form included).
LETTER = """Kính gửi:
- Các sở, ban ngành tỉnh;
- Các đơn vị sự nghiệp công lập thuộc UBND tỉnh;
- Các cơ quan Trung ương đóng trên địa bàn tỉnh;
- UBND các huyện, thị xã, thành phố.

Văn phòng UBND tỉnh Sóc Trăng trân trọng chuyển Công văn số 118/UBND-TH ngày 15/01/2024 của UBND tỉnh về việc tham gia ý kiến về Hội thi cải cách hành chính năm 2023 (file đính kèm).

Đề nghị các cơ quan, đơn vị, địa phương tham gia ý kiến theo Mẫu dưới đây (hoặc file Mẫu đính kèm), gửi về hộp thư ubnd@soctrang.example trong tháng 01/2024 để tổng hợp, báo cáo UBND tỉnh.

MẪU THAM GIA Ý KIẾN VỀ HỘI THI CẢI CÁCH HÀNH CHÍNH
(Kèm theo Công văn số 118/UBND-TH ngày 15/01/2024 của UBND tỉnh Sóc Trăng)

Cơ quan, đơn vị: ..................................................

1. Nhận xét về tính thiết thực và hiệu quả của Hội thi cải cách hành chính
......................................................................
......................................................................

2. Đề nghị tiếp tục tổ chức Hội thi hoặc hình thức tuyên truyền khác:
☐ Đề nghị tiếp tục tổ chức Hội thi.
☐ Đề nghị hình thức tuyên truyền khác.

3. Ý kiến khác, đề xuất (nếu có):
......................................................................

Trân trọng./.
--
Phòng Tổng hợp - Văn phòng UBND tỉnh Sóc Trăng
Email: ubnd@soctrang.example
"""


def quoted(text, prefix="> "):
    return "".join((prefix + l).rstrip() + "\n" if l else prefix.rstrip() + "\n"
                   for l in text.rstrip("\n").split("\n"))


def qp(text):
    return quopri.encodestring(text.encode("utf-8")).decode("ascii")


def b64(text):
    return base64.encodebytes(text.encode("utf-8")).decode("ascii")


def h(s):
    """RFC 2047 encoded-word (UTF-8, base64) for a header with non-ASCII."""
    try:
        s.encode("ascii")
        return s
    except UnicodeEncodeError:
        return "=?utf-8?B?%s?=" % base64.b64encode(s.encode("utf-8")).decode("ascii")


def html_of(text):
    esc = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return "<br>\n".join(esc.split("\n"))


def write(name, head, body, crlf=False):
    data = head.rstrip("\n") + "\n\n" + body
    if crlf:
        data = data.replace("\r\n", "\n").replace("\n", "\r\n")
    with open(os.path.join(HERE, name), "w", encoding="ascii", newline="") as f:
        f.write(data)


def received(date, host="mail.soctrang.example", ip="203.0.113.25", qid="4F1A2B3C4D"):
    return ("Received: from %s (%s [%s])\n\tby mx1.soctrang.example (Postfix) with ESMTPS id %s\n"
            "\tfor <ubnd@soctrang.example>; %s\n" % (host, host, ip, qid, date))


# 1. Gmail: "Vào … đã viết:", the blank form quoted with '>', both parts QP.
own = ("Kính gửi Văn phòng UBND tỉnh,\n\n"
       "Cho em hỏi phiếu gửi bằng file scan hay file Word? Hạn chót là ngày 31/01 phải không ạ?\n\n"
       "Em cảm ơn.\n"
       "Nguyễn Thị Thu Hà\n"
       "Văn phòng Sở Tư pháp\n")
attribution = ("Vào Th 2, 15 thg 1, 2024 vào lúc 15:39 Văn phòng UBND tỉnh Sóc Trăng <\n"
               "ubnd@soctrang.example> đã viết:\n")
plain = own + "\n" + attribution + "\n" + quoted(LETTER)
html = ('<div dir="ltr">' + html_of(own) + '</div><br><div class="gmail_quote">'
        '<div dir="ltr" class="gmail_attr">' + html_of(attribution) + '</div>'
        '<blockquote class="gmail_quote" style="margin:0px 0px 0px 0.8ex;border-left:1px solid '
        'rgb(204,204,204);padding-left:1ex">' + html_of(LETTER) + '</blockquote></div>\n')
write("q01_gmail_scan_or_word.eml",
      received("Wed, 17 Jan 2024 09:12:44 +0700", "mail-pj1-f41.google.example", "198.51.100.41",
               "B2C31D0A71") +
      "From: " + h("Nguyễn Thị Thu Hà") + " <stp@soctrang.example>\n"
      "To: " + OFFICE + "\n"
      "Subject: " + h(SUBJECT_RE) + "\n"
      "Date: Wed, 17 Jan 2024 09:12:40 +0700\n"
      "Message-ID: <CAF3kq9Ww1tR0hZfQ+8xq_Lm2nC4Yy=pq7c@mail.gmail.example>\n"
      "In-Reply-To: " + LETTER_ID + "\n"
      "References: " + LETTER_ID + "\n"
      "MIME-Version: 1.0\n"
      "Content-Type: multipart/alternative; boundary=\"0000000000004c1f2a060f1e9b7d\"\n",
      "--0000000000004c1f2a060f1e9b7d\n"
      "Content-Type: text/plain; charset=\"UTF-8\"\n"
      "Content-Transfer-Encoding: quoted-printable\n\n" + qp(plain) + "\n"
      "--0000000000004c1f2a060f1e9b7d\n"
      "Content-Type: text/html; charset=\"UTF-8\"\n"
      "Content-Transfer-Encoding: quoted-printable\n\n" + qp(html) + "\n"
      "--0000000000004c1f2a060f1e9b7d--\n")

# 2. Outlook desktop: CRLF, "-----Original Message-----" and its header
# block, the letter below it unquoted; asks with "hỏi" and no '?'.
own = ("Kính gửi Văn phòng UBND tỉnh,\n\n"
       "Sở Công Thương muốn hỏi: phiếu tham gia ý kiến có cần Giám đốc ký và đóng dấu, "
       "hay chỉ cần gửi qua email là được ạ.\n\n"
       "Trân trọng,\n"
       "Lê Minh Tuấn\n"
       "Văn phòng Sở Công Thương - ĐT: 0299.3821xxx\n")
orig = ("-----Original Message-----\n"
        "From: Văn phòng UBND tỉnh Sóc Trăng <ubnd@soctrang.example> \n"
        "Sent: Monday, January 15, 2024 3:39 PM\n"
        "To: sct@soctrang.example\n"
        "Subject: V/v tham gia ý kiến về Hội thi cải cách hành chính năm 2023\n\n")
write("q02_outlook_sign_and_stamp.eml",
      received("Thu, 18 Jan 2024 14:05:31 +0700", qid="7D9E0A1B2C") +
      "From: " + h("Lê Minh Tuấn") + " <sct@soctrang.example>\n"
      "To: " + OFFICE + "\n"
      "Subject: " + h("RE: V/v tham gia ý kiến về Hội thi cải cách hành chính năm 2023") + "\n"
      "Date: Thu, 18 Jan 2024 14:05:29 +0700\n"
      "Message-ID: <000a01da49e3$7c1d2f40$74578dc0$@soctrang.example>\n"
      "In-Reply-To: " + LETTER_ID + "\n"
      "References: " + LETTER_ID + "\n"
      "MIME-Version: 1.0\n"
      "X-Mailer: Microsoft Outlook 16.0\n"
      "Thread-Index: AQHaR5s3mVx0c2Ff0kq8l2m5n1o6pA==\n"
      "Content-Language: vi\n"
      "Content-Type: text/plain; charset=\"utf-8\"\n"
      "Content-Transfer-Encoding: quoted-printable\n",
      qp(own + "\n" + orig + LETTER), crlf=True)

# 3. Zimbra (base64): "----- Original Message -----", the letter quoted
# with '>'; two questions, the second without a question word.
own = ("Kính gửi Văn phòng UBND tỉnh,\n\n"
       "Phòng Nội vụ huyện Kế Sách xin hỏi: đơn vị gửi phiếu trực tiếp vào hộp thư này hay "
       "phải gửi qua hệ thống quản lý văn bản và điều hành ạ? Nếu gửi sau ngày 31/01 vài ngày "
       "thì có được không?\n\n"
       "Trân trọng!\n"
       "Trần Văn Phúc - Phòng Nội vụ huyện Kế Sách\n")
orig = ("----- Original Message -----\n"
        "From: \"Văn phòng UBND tỉnh Sóc Trăng\" <ubnd@soctrang.example>\n"
        "To: \"UBND huyện Kế Sách\" <ubnd.kesach@soctrang.example>\n"
        "Sent: Monday, January 15, 2024 3:39:12 PM\n"
        "Subject: V/v tham gia ý kiến về Hội thi cải cách hành chính năm 2023\n\n")
write("q03_zimbra_where_to_send.eml",
      received("Fri, 19 Jan 2024 10:21:09 +0700", "mail.kesach.soctrang.example", "203.0.113.77",
               "0C4D5E6F70") +
      "Date: Fri, 19 Jan 2024 10:21:07 +0700 (ICT)\n"
      "From: " + h("Trần Văn Phúc") + " <ubnd.kesach@soctrang.example>\n"
      "To: " + OFFICE + "\n"
      "Message-ID: <1203948571.28841.1705634467112.JavaMail.zimbra@soctrang.example>\n"
      "In-Reply-To: " + LETTER_ID + "\n"
      "References: " + LETTER_ID + "\n"
      "Subject: " + h(SUBJECT_RE) + "\n"
      "MIME-Version: 1.0\n"
      "Content-Type: text/plain; charset=utf-8\n"
      "Content-Transfer-Encoding: base64\n"
      "X-Mailer: Zimbra 8.8.15_GA_4484 (ZimbraWebClient - GC120 (Win)/8.8.15_GA_4481)\n"
      "Thread-Topic: " + h("V/v tham gia ý kiến về Hội thi cải cách hành chính năm 2023") + "\n"
      "Thread-Index: 7hXq1m2Pz0c4VbN9aR3kWq8yT5uE2g==\n",
      b64(own + "\n" + orig + quoted(LETTER)))

# 4. iPhone, no diacritics and no question mark, the letter quoted.
own = "cho em hoi han chot la ngay nao a\n\n"
attribution = ("Vào 15 thg 1, 2024, lúc 15:39, Văn phòng UBND tỉnh Sóc Trăng "
               "<ubnd@soctrang.example> đã viết:\n\n")
write("q04_iphone_no_diacritics.eml",
      received("Sat, 20 Jan 2024 20:47:03 +0700", qid="9A8B7C6D5E") +
      "Content-Type: text/plain; charset=utf-8\n"
      "Content-Transfer-Encoding: quoted-printable\n"
      "From: pnv.mytu@soctrang.example\n"
      "Mime-Version: 1.0 (1.0)\n"
      "Date: Sat, 20 Jan 2024 20:46:58 +0700\n"
      "Subject: " + h("Re: V/v tham gia ý kiến về Hội thi cải cách hành chính năm 2023") + "\n"
      "Message-Id: <5E0C1A8F-3B2D-4C7E-9F61-2A4D8B0E7C13@soctrang.example>\n"
      "References: " + LETTER_ID + "\n"
      "In-Reply-To: " + LETTER_ID + "\n"
      "To: ubnd@soctrang.example\n"
      "X-Mailer: iPhone Mail (21C66)\n",
      qp(own + "Được gửi từ iPhone của tôi\n\n" + attribution + quoted(LETTER)))

# 5. Thunderbird in English, format=flowed, the letter quoted.
own = ("Dear Provincial Office,\n\n"
       "Could you please tell us whether the form may be sent as a scanned PDF, or "
       "must it be the Word file with the boxes ticked? Our director is away until 29/01.\n\n"
       "Best regards,\n"
       "Pham Quoc Bao\n"
       "Soc Trang Radio and Television, editorial office\n")
write("q05_thunderbird_english.eml",
      received("Mon, 22 Jan 2024 08:03:55 +0700", "smtp.stv.example", "192.0.2.18", "1F2E3D4C5B") +
      "Message-ID: <b7c1e0a2-4f3d-4e8a-9c5b-1d2e3f4a5b6c@stv.example>\n"
      "Date: Mon, 22 Jan 2024 08:03:52 +0700\n"
      "MIME-Version: 1.0\n"
      "User-Agent: Mozilla Thunderbird\n"
      "Subject: " + h(SUBJECT_RE) + "\n"
      "Content-Language: en-US\n"
      "To: " + OFFICE + "\n"
      "References: " + LETTER_ID + "\n"
      "From: Pham Quoc Bao <toasoan@stv.example>\n"
      "In-Reply-To: " + LETTER_ID + "\n"
      "Content-Type: text/plain; charset=UTF-8; format=flowed\n"
      "Content-Transfer-Encoding: 8bit\n",
      "")
with open(os.path.join(HERE, "q05_thunderbird_english.eml"), "a", encoding="utf-8",
          newline="") as f:
    f.write(own + "\nOn 15/01/2024 15:39, Văn phòng UBND tỉnh Sóc Trăng wrote:\n" + quoted(LETTER))

# 6. Outlook on the web, a new thread (no In-Reply-To) that cites
# "CV 118/UBND-TH"; nothing quoted.
own = ("Kính gửi Phòng Tổng hợp - Văn phòng UBND tỉnh,\n\n"
       "Về CV 118/UBND-TH ngày 15/01/2024 của UBND tỉnh, Sở Y tế chưa nhận được file Mẫu "
       "tham gia ý kiến đính kèm. Nhờ anh chị gửi lại giúp file mẫu được không ạ?\n\n"
       "Trân trọng.\n"
       "Võ Thị Ngọc Hân\n"
       "Văn phòng Sở Y tế tỉnh Sóc Trăng\n")
html = ('<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8">'
        '<style type="text/css" style="display:none;"> P {margin-top:0;margin-bottom:0;} '
        '</style></head><body dir="ltr"><div class="elementToProof" style="font-family: '
        'Aptos, Aptos_EmbeddedFont, Calibri, Helvetica, sans-serif; font-size: 12pt;">'
        + html_of(own) + '</div></body></html>\n')
write("q06_owa_new_thread_cv118.eml",
      received("Tue, 23 Jan 2024 15:30:18 +0700", qid="2B3C4D5E6F") +
      "From: " + h("Võ Thị Ngọc Hân") + " <syt@soctrang.example>\n"
      "To: \"ubnd@soctrang.example\" <ubnd@soctrang.example>\n"
      "Subject: " + h("Hỏi về Mẫu tham gia ý kiến theo CV 118/UBND-TH") + "\n"
      "Thread-Topic: " + h("Hỏi về Mẫu tham gia ý kiến theo CV 118/UBND-TH") + "\n"
      "Thread-Index: AQHaTdTb8cK1m7o2RkSgQ0h9uV3x+g==\n"
      "Date: Tue, 23 Jan 2024 08:30:15 +0000\n"
      "Message-ID: <SEZPR06MB69590C1D2E3F4A5B6C7D8E9F0A1B2@SEZPR06MB6959.apcprd06.prod.outlook.example>\n"
      "Accept-Language: vi-VN, en-US\n"
      "Content-Language: vi-VN\n"
      "X-MS-Has-Attach:\n"
      "X-MS-TNEF-Correlator:\n"
      "MIME-Version: 1.0\n"
      "Content-Type: multipart/alternative;\n"
      "\tboundary=\"_000_SEZPR06MB69590C1D2E3F4A5B6C7D8E9F0A1B2SEZPR06MB6959apcp_\"\n",
      "--_000_SEZPR06MB69590C1D2E3F4A5B6C7D8E9F0A1B2SEZPR06MB6959apcp_\n"
      "Content-Type: text/plain; charset=\"utf-8\"\n"
      "Content-Transfer-Encoding: base64\n\n" + b64(own) + "\n"
      "--_000_SEZPR06MB69590C1D2E3F4A5B6C7D8E9F0A1B2SEZPR06MB6959apcp_\n"
      "Content-Type: text/html; charset=\"utf-8\"\n"
      "Content-Transfer-Encoding: base64\n\n" + b64(html) + "\n"
      "--_000_SEZPR06MB69590C1D2E3F4A5B6C7D8E9F0A1B2SEZPR06MB6959apcp_--\n",
      crlf=True)

# 7. Yahoo, HTML only, the letter in a yahoo_quoted blockquote.
own = ("Chào chị,\n"
       "Văn phòng HĐND và UBND huyện Long Phú gửi phiếu ý kiến qua email cá nhân có được "
       "không, hay phải gửi từ hộp thư công vụ của huyện?\n"
       "Cảm ơn chị nhiều.\n"
       "Đặng Hoàng Long\n")
html = ('<html><head></head><body><div class="ydp3f1a2b3cyahoo-style-wrap" style="font-family:'
        'Helvetica Neue, Helvetica, Arial, sans-serif;font-size:13px;"><div dir="ltr" '
        'data-setdir="false">' + html_of(own) + '</div></div><div id="yahoo_quoted_1234567890" '
        'class="yahoo_quoted"><div style="font-family:\'Helvetica Neue\', Helvetica, Arial, '
        'sans-serif;font-size:13px;color:#26282a;"><div>Vào Thứ Hai, 15 tháng 1, 2024 lúc 15:39:12 '
        'GMT+7, Văn phòng UBND tỉnh Sóc Trăng &lt;ubnd@soctrang.example&gt; đã viết:</div><div>'
        '<br></div><blockquote>' + html_of(LETTER) + '</blockquote></div></div></body></html>\n')
write("q07_yahoo_html_personal.eml",
      received("Wed, 24 Jan 2024 21:14:40 +0700", "sonic301-21.consmr.mail.sg3.yahoo.example",
               "192.0.2.201", "3C4D5E6F7A") +
      "Date: Wed, 24 Jan 2024 14:14:36 +0000 (UTC)\n"
      "From: " + h("Đặng Hoàng Long") + " <danghoanglong1988@yahoo.example>\n"
      "To: Van phong UBND tinh <ubnd@soctrang.example>\n"
      "Message-ID: <1876543210.2345678.1706105676543@mail.yahoo.example>\n"
      "In-Reply-To: " + LETTER_ID + "\n"
      "References: " + LETTER_ID + "\n"
      "Subject: " + h(SUBJECT_RE) + "\n"
      "MIME-Version: 1.0\n"
      "Content-Type: text/html; charset=UTF-8\n"
      "Content-Transfer-Encoding: base64\n"
      "X-Mailer: WebService/1.1.22046 YMailNorrin\n",
      b64(html))


def docx(paragraphs):
    """A minimal .docx (fixed zip dates, so the bytes do not change)."""
    def esc(t):
        return t.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    body = "".join('<w:p><w:r><w:t xml:space="preserve">%s</w:t></w:r></w:p>' % esc(p)
                   for p in paragraphs)
    files = {
        "[Content_Types].xml":
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
            'officedocument.wordprocessingml.document.main+xml"/></Types>',
        "_rels/.rels":
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            'relationships/officeDocument" Target="word/document.xml"/></Relationships>',
        "word/document.xml":
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            '<w:body>' + body + '</w:body></w:document>',
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in files.items():
            z.writestr(zipfile.ZipInfo(name, (2024, 1, 15, 8, 0, 0)), data.encode("utf-8"))
    return out.getvalue()


BLANK_FORM = [
    "MẪU THAM GIA Ý KIẾN VỀ HỘI THI CẢI CÁCH HÀNH CHÍNH",
    "(Kèm theo Công văn số 118/UBND-TH ngày 15/01/2024 của UBND tỉnh Sóc Trăng)",
    "Cơ quan, đơn vị: ..................................................",
    "1. Nhận xét về tính thiết thực và hiệu quả của Hội thi cải cách hành chính",
    "......................................................................",
    "2. Đề nghị tiếp tục tổ chức Hội thi hoặc hình thức tuyên truyền khác:",
    "☐ Đề nghị tiếp tục tổ chức Hội thi.",
    "☐ Đề nghị hình thức tuyên truyền khác.",
    "3. Ý kiến khác, đề xuất (nếu có):",
    "......................................................................",
]

# 8. Outlook for Mac: the blank form sent back as a .docx (its headings
# found, nothing filled in), asking how to fill part 2.
own = ("Chào chị Phòng Tổng hợp,\n\n"
       "Em gửi lại file mẫu đính kèm. Ở mục 2 đơn vị em muốn đề xuất cả hai thì đánh dấu "
       "như thế nào ạ?\n\n"
       "Cảm ơn chị,\n"
       "Trương Mỹ Duyên - Văn phòng Sở Giáo dục và Đào tạo\n")
attached = base64.encodebytes(docx(BLANK_FORM)).decode("ascii")
write("q08_outlook_mac_blank_docx.eml",
      received("Fri, 26 Jan 2024 16:44:02 +0700", qid="8B9C0D1E2F") +
      "From: " + h("Trương Mỹ Duyên") + " <vanphong.sgddt@soctrang.example>\n"
      "To: " + OFFICE + "\n"
      "Subject: " + h(SUBJECT_RE) + "\n"
      "Thread-Topic: " + h("V/v tham gia ý kiến về Hội thi cải cách hành chính năm 2023") + "\n"
      "Date: Fri, 26 Jan 2024 16:43:58 +0700\n"
      "Message-ID: <B3E1C2A4-7D5F-4E60-8A91-0C2B3D4E5F60@soctrang.example>\n"
      "In-Reply-To: " + LETTER_ID + "\n"
      "References: " + LETTER_ID + "\n"
      "User-Agent: Microsoft-MacOutlook/16.81.24011420\n"
      "MIME-Version: 1.0\n"
      "Content-Type: multipart/mixed; boundary=\"B_3788786638_1804289383\"\n",
      "> This message is in MIME format. Since your mail reader does not understand\n"
      "this format, some or all of this message may not be legible.\n\n"
      "--B_3788786638_1804289383\n"
      "Content-Type: text/plain; charset=\"UTF-8\"\n"
      "Content-Transfer-Encoding: quoted-printable\n\n" + qp(own) + "\n"
      "--B_3788786638_1804289383\n"
      "Content-Type: application/vnd.openxmlformats-officedocument.wordprocessingml.document;\n"
      "\tname=\"Mau phieu y kien.docx\"\n"
      "Content-Description: Mau phieu y kien.docx\n"
      "Content-Disposition: attachment;\n"
      "\tfilename=\"Mau phieu y kien.docx\"; size=1234\n"
      "Content-Transfer-Encoding: base64\n\n" + attached + "\n"
      "--B_3788786638_1804289383--\n")


def png(w, h):
    """A small RGB picture (a signature's logo): a red band on white."""
    def chunk(kind, data):
        return (struct.pack(">I", len(data)) + kind + data +
                struct.pack(">I", zlib.crc32(kind + data) & 0xffffffff))
    rows = b"".join(b"\0" + b"".join(b"\xc8\x10\x2e" if y < h // 3 else b"\xff\xff\xff"
                                       for _ in range(w)) for y in range(h))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)) +
            chunk(b"IDAT", zlib.compress(rows, 9)) + chunk(b"IEND", b""))


# 9. Outlook desktop, HTML with the unit's logo in its signature
# (multipart/related, image001.png): a logo is not a scan of the form.
own = ("Kính gửi Văn phòng UBND tỉnh,\n\n"
       "Trung tâm có cần gửi kèm bản giấy qua đường bưu điện không, hay chỉ gửi qua thư "
       "điện tử ạ?\n\n"
       "Trân trọng,\n"
       "Ngô Thị Bích Trâm\n"
       "Văn phòng Sở Y tế\n")
orig = ("From: Văn phòng UBND tỉnh Sóc Trăng <ubnd@soctrang.example>\n"
        "Sent: Monday, January 15, 2024 3:39 PM\n"
        "To: syt@soctrang.example\n"
        "Subject: V/v tham gia ý kiến về Hội thi cải cách hành chính năm 2023\n\n")
html = ('<html xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:w="urn:schemas-microsoft-'
        'com:office:word"><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8">'
        '<meta name="Generator" content="Microsoft Word 15 (filtered medium)"></head>'
        '<body lang="EN-US" link="#0563C1" vlink="#954F72"><div class="WordSection1">'
        '<p class="MsoNormal">' + html_of(own) + '</p><p class="MsoNormal"><img width="120" '
        'height="40" style="width:1.25in;height:.4166in" id="Picture_x0020_1" '
        'src="cid:image001.png@01DA4F1E.5B3C2A10" alt="Logo"></p>'
        '<div style="border:none;border-top:solid #E1E1E1 1.0pt;padding:3.0pt 0in 0in 0in">'
        '<p class="MsoNormal">' + html_of(orig) + '</p></div><p class="MsoNormal">' + html_of(LETTER) +
        '</p></div></body></html>\n')
write("q09_outlook_html_signature_logo.eml",
      received("Mon, 29 Jan 2024 14:18:20 +0700", qid="AB0C1D2E3F") +
      "From: " + h("Ngô Thị Bích Trâm") + " <syt@soctrang.example>\n"
      "To: " + OFFICE + "\n"
      "Subject: " + h("RE: V/v tham gia ý kiến về Hội thi cải cách hành chính năm 2023") + "\n"
      "Date: Mon, 29 Jan 2024 14:18:17 +0700\n"
      "Message-ID: <002c01da528b$4e1f3a20$ea5dae60$@soctrang.example>\n"
      "In-Reply-To: " + LETTER_ID + "\n"
      "References: " + LETTER_ID + "\n"
      "MIME-Version: 1.0\n"
      "X-Mailer: Microsoft Outlook 16.0\n"
      "Thread-Index: AQJm3kq9Xw8c7Yt2Rz1sPq0oLm5nAQ==\n"
      "Content-Language: vi\n"
      "Content-Type: multipart/related;\n"
      "\tboundary=\"----=_NextPart_000_002D_01DA52C5.FA7E9A30\"\n",
      "This is a multipart message in MIME format.\n\n"
      "------=_NextPart_000_002D_01DA52C5.FA7E9A30\n"
      "Content-Type: multipart/alternative;\n"
      "\tboundary=\"----=_NextPart_001_002E_01DA52C5.FA7E9A30\"\n\n\n"
      "------=_NextPart_001_002E_01DA52C5.FA7E9A30\n"
      "Content-Type: text/plain;\n\tcharset=\"utf-8\"\n"
      "Content-Transfer-Encoding: quoted-printable\n\n" +
      qp(own + "\n[Logo]\n\n" + orig + LETTER) + "\n"
      "------=_NextPart_001_002E_01DA52C5.FA7E9A30\n"
      "Content-Type: text/html;\n\tcharset=\"utf-8\"\n"
      "Content-Transfer-Encoding: quoted-printable\n\n" + qp(html) + "\n"
      "------=_NextPart_001_002E_01DA52C5.FA7E9A30--\n\n"
      "------=_NextPart_000_002D_01DA52C5.FA7E9A30\n"
      "Content-Type: image/png;\n\tname=\"image001.png\"\n"
      "Content-Transfer-Encoding: base64\n"
      "Content-ID: <image001.png@01DA4F1E.5B3C2A10>\n\n" +
      base64.encodebytes(png(120, 40)).decode("ascii") + "\n"
      "------=_NextPart_000_002D_01DA52C5.FA7E9A30--\n", crlf=True)

# --- not questions ---------------------------------------------------------

def page_png(w, h, seed):
    """A grey page photographed with lines of dark specks (text-like noise):
    large enough in bytes to be kept for OCR (lib/mime.h), as a scan is."""
    rnd = random.Random(seed)

    def chunk(kind, data):
        return (struct.pack(">I", len(data)) + kind + data +
                struct.pack(">I", zlib.crc32(kind + data) & 0xffffffff))
    rows = []
    for y in range(h):
        ink = (y % 40) >= 28 and 60 < y < h - 80
        rows.append(b"\0" + bytes((rnd.randrange(20, 90) if ink and rnd.random() < 0.25
                                   else 238) for _ in range(w)))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 0, 0, 0, 0)) +
            chunk(b"IDAT", zlib.compress(b"".join(rows), 9)) + chunk(b"IEND", b""))


# 13. Apple Mail: a question beside a picture large enough to be a scanned
# page: the picture may be the answer, so it stays a form reply for a person.
own = ("Em gửi bản chụp phiếu của Ban, gửi như vậy được chưa ạ?\n\n"
       "Lâm Thị Sa Ri - Ban Dân tộc tỉnh\n")
page = page_png(480, 680, 13)
write("n06_question_beside_a_scan.eml",
      received("Tue, 30 Jan 2024 10:02:40 +0700", qid="BC1D2E3F4A") +
      "From: " + h("Lâm Thị Sa Ri") + " <bdt@soctrang.example>\n"
      "Content-Type: multipart/mixed;\n"
      "\tboundary=\"Apple-Mail=_5A1B2C3D-4E5F-4071-8293-A4B5C6D7E8F9\"\n"
      "Mime-Version: 1.0 (Mac OS X Mail 16.0 \\(3774.300.61.1.2\\))\n"
      "Subject: " + h(SUBJECT_RE) + "\n"
      "Date: Tue, 30 Jan 2024 10:02:37 +0700\n"
      "In-Reply-To: " + LETTER_ID + "\n"
      "References: " + LETTER_ID + "\n"
      "To: ubnd@soctrang.example\n"
      "Message-Id: <7C2D9E1F-0A3B-4C5D-8E6F-7A8B9C0D1E2F@soctrang.example>\n"
      "X-Mailer: Apple Mail (2.3774.300.61.1.2)\n",
      "\n--Apple-Mail=_5A1B2C3D-4E5F-4071-8293-A4B5C6D7E8F9\n"
      "Content-Transfer-Encoding: quoted-printable\n"
      "Content-Type: text/plain;\n\tcharset=utf-8\n\n" + qp(own) + "\n"
      "--Apple-Mail=_5A1B2C3D-4E5F-4071-8293-A4B5C6D7E8F9\n"
      "Content-Disposition: attachment;\n\tfilename=phieu-y-kien.png\n"
      "Content-Type: image/png;\n\tx-unix-mode=0644;\n\tname=\"phieu-y-kien.png\"\n"
      "Content-Transfer-Encoding: base64\n\n" + base64.encodebytes(page).decode("ascii") + "\n"
      "--Apple-Mail=_5A1B2C3D-4E5F-4071-8293-A4B5C6D7E8F9--\n")

# 12. A question beside an attachment that is not the blank form (a report
# ykien cannot read as the form): it may be the answer, so a person looks.
own = ("Kính gửi Văn phòng UBND tỉnh,\n"
       "Sở gửi báo cáo kèm theo, anh chị xem giúp đã đúng yêu cầu của Công văn 118/UBND-TH "
       "chưa ạ?\n"
       "Văn phòng Sở Nội vụ\n")
attached = base64.encodebytes(docx([
    "BÁO CÁO KẾT QUẢ CÔNG TÁC CẢI CÁCH HÀNH CHÍNH QUÝ IV NĂM 2023",
    "Sở Nội vụ báo cáo kết quả thực hiện công tác cải cách hành chính quý IV năm 2023 như sau.",
    "I. Kết quả thực hiện: hoàn thành 100% kế hoạch đề ra.",
])).decode("ascii")
write("n05_question_beside_another_document.eml",
      received("Mon, 29 Jan 2024 09:05:12 +0700", qid="9C0D1E2F3A") +
      "From: " + h("Văn phòng Sở Nội vụ") + " <snv@soctrang.example>\n"
      "To: ubnd@soctrang.example\n"
      "Subject: " + h("Báo cáo theo Công văn 118/UBND-TH") + "\n"
      "Date: Mon, 29 Jan 2024 09:05:09 +0700\n"
      "Message-ID: <20240129020509.3F2E1D0C@soctrang.example>\n"
      "MIME-Version: 1.0\n"
      "X-Mailer: Zimbra 8.8.15_GA_4484 (ZimbraWebClient - FF121 (Linux)/8.8.15_GA_4481)\n"
      "Content-Type: multipart/mixed; boundary=\"=_7a1c9e2b-4d3f-4a8e-b5c6-0d1e2f3a4b5c\"\n",
      "--=_7a1c9e2b-4d3f-4a8e-b5c6-0d1e2f3a4b5c\n"
      "Content-Type: text/plain; charset=utf-8\n"
      "Content-Transfer-Encoding: quoted-printable\n\n" + qp(own) + "\n"
      "--=_7a1c9e2b-4d3f-4a8e-b5c6-0d1e2f3a4b5c\n"
      "Content-Type: application/vnd.openxmlformats-officedocument.wordprocessingml.document; "
      "name=\"Bao cao CCHC quy IV.docx\"\n"
      "Content-Disposition: attachment; filename=\"Bao cao CCHC quy IV.docx\"\n"
      "Content-Transfer-Encoding: base64\n\n" + attached + "\n"
      "--=_7a1c9e2b-4d3f-4a8e-b5c6-0d1e2f3a4b5c--\n")

# 8. Gmail: a filled form that also asks something stays a form reply.
own = ("Kính gửi Văn phòng UBND tỉnh,\n\n"
       "Sở Tài chính tham gia ý kiến như sau:\n\n"
       "1. Nhận xét về tính thiết thực và hiệu quả của Hội thi cải cách hành chính:\n"
       "Hội thi thiết thực, giúp cán bộ, công chức nắm vững kiến thức về cải cách hành chính.\n\n"
       "2. Đề nghị tiếp tục tổ chức Hội thi hoặc hình thức tuyên truyền khác:\n"
       "☒ Đề nghị tiếp tục tổ chức Hội thi.\n"
       "☐ Đề nghị hình thức tuyên truyền khác.\n\n"
       "3. Ý kiến khác, đề xuất (nếu có): Không.\n\n"
       "Bản có chữ ký và đóng dấu em gửi bổ sung sau được không ạ?\n\n"
       "Trân trọng,\n"
       "Huỳnh Thanh Tâm - Văn phòng Sở Tài chính\n")
attribution = ("Vào Th 2, 15 thg 1, 2024 vào lúc 15:39 Văn phòng UBND tỉnh Sóc Trăng <\n"
               "ubnd@soctrang.example> đã viết:\n")
write("n01_filled_form_also_asks.eml",
      received("Thu, 25 Jan 2024 10:40:12 +0700", "mail-ej1-f52.google.example", "198.51.100.52",
               "4D5E6F7A8B") +
      "From: " + h("Huỳnh Thanh Tâm") + " <stc@soctrang.example>\n"
      "To: " + OFFICE + "\n"
      "Subject: " + h(SUBJECT_RE) + "\n"
      "Date: Thu, 25 Jan 2024 10:40:09 +0700\n"
      "Message-ID: <CAH7pLm2x9QvT4e+Zr0sUu8wKk1=nB3yDq6@mail.gmail.example>\n"
      "In-Reply-To: " + LETTER_ID + "\n"
      "References: " + LETTER_ID + "\n"
      "MIME-Version: 1.0\n"
      "Content-Type: text/plain; charset=\"UTF-8\"\n"
      "Content-Transfer-Encoding: quoted-printable\n",
      qp(own + "\n" + attribution + "\n" + quoted(LETTER)))

# 9. Outlook: "Đã nhận" above the quoted blank form: no question, no answer.
own = "Đã nhận. Sở sẽ gửi phiếu trong tháng 01/2024.\n\nVăn thư Sở Xây dựng\n"
orig = ("From: Văn phòng UBND tỉnh Sóc Trăng <ubnd@soctrang.example>\n"
        "Sent: Monday, January 15, 2024 3:39 PM\n"
        "To: sxd@soctrang.example\n"
        "Subject: V/v tham gia ý kiến về Hội thi cải cách hành chính năm 2023\n\n")
write("n02_outlook_received_ack.eml",
      received("Tue, 16 Jan 2024 07:55:40 +0700", qid="5E6F7A8B9C") +
      "From: =?utf-8?B?VsSDbiB0aMawIFPhu58gWMOieSBk4buxbmc=?= <sxd@soctrang.example>\n"
      "To: " + OFFICE + "\n"
      "Subject: " + h("RE: V/v tham gia ý kiến về Hội thi cải cách hành chính năm 2023") + "\n"
      "Date: Tue, 16 Jan 2024 07:55:38 +0700\n"
      "Message-ID: <001b01da4822$0a1b2c30$1e5184a0$@soctrang.example>\n"
      "In-Reply-To: " + LETTER_ID + "\n"
      "References: " + LETTER_ID + "\n"
      "MIME-Version: 1.0\n"
      "X-Mailer: Microsoft Outlook 16.0\n"
      "Content-Language: vi\n"
      "Content-Type: text/plain; charset=\"utf-8\"\n"
      "Content-Transfer-Encoding: quoted-printable\n",
      qp(own + "\n________________________________\n" + orig + LETTER), crlf=True)

# 10. A question about something else, citing no letter: unrelated.
own = ("Chào anh chị Phòng Tổng hợp,\n"
       "Cho em hỏi tuần này họp giao ban vào chiều thứ Năm hay sáng thứ Sáu ạ?\n"
       "Em cảm ơn.\n")
write("n03_question_not_about_campaign.eml",
      received("Wed, 24 Jan 2024 16:02:20 +0700", qid="6F7A8B9C0D") +
      "From: " + h("Lý Thị Kim Anh") + " <stttt@soctrang.example>\n"
      "To: ubnd@soctrang.example\n"
      "Subject: " + h("Hỏi lịch họp giao ban") + "\n"
      "Date: Wed, 24 Jan 2024 16:02:17 +0700\n"
      "Message-ID: <CAK1nq8Zz3pW7vD0yY5bXx2=aF9cLm4@mail.gmail.example>\n"
      "MIME-Version: 1.0\n"
      "Content-Type: text/plain; charset=\"UTF-8\"\n"
      "Content-Transfer-Encoding: quoted-printable\n",
      qp(own))

# 11. An out-of-office that asks nothing of us stays an auto-reply, even
# with a question mark in it.
own = ("Tôi đang đi công tác đến hết ngày 26/01/2024. Việc gấp? Xin liên hệ "
       "đồng chí Phó Chánh Văn phòng, ĐT 0299.3822xxx.\n")
write("n04_out_of_office.eml",
      received("Tue, 16 Jan 2024 08:00:03 +0700", qid="7A8B9C0D1E") +
      "From: " + h("Văn phòng Sở Nội vụ") + " <snv@soctrang.example>\n"
      "To: ubnd@soctrang.example\n"
      "Subject: " + h("Trả lời tự động: V/v tham gia ý kiến về Hội thi cải cách hành chính năm 2023") + "\n"
      "Date: Tue, 16 Jan 2024 08:00:01 +0700\n"
      "Message-ID: <auto.20240116080001.snv@soctrang.example>\n"
      "In-Reply-To: " + LETTER_ID + "\n"
      "Auto-Submitted: auto-replied\n"
      "X-Auto-Response-Suppress: All\n"
      "MIME-Version: 1.0\n"
      "Content-Type: text/plain; charset=\"UTF-8\"\n"
      "Content-Transfer-Encoding: quoted-printable\n",
      qp(own))
