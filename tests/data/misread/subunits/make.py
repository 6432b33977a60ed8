#!/usr/bin/env python3
"""Writes the .eml files of this folder: replies whose agency is named only
by a department or office of it ("Phòng Nội vụ thị xã Ngã Năm", "Văn thư
Cục Thuế"), abbreviated ("Sở VHTTDL", "VP HĐND-UBND H. Long Phú"), in a
signature, the form's "Cơ quan, đơn vị:" line or the sender's display
name, sent from personal mailboxes in different mail programs.  Standard
library only; the output is fixed (no dates or ids drawn at run time).
Remake:  python3 tests/data/misread/subunits/make.py
n4_… is not made here: a tester who had seen neither this script nor
ykien's code wrote it, and it is kept as it came.
"""
import base64, os, quopri
from email.header import Header

HERE = os.path.dirname(os.path.abspath(__file__))

FORM = """1. Nhận xét về tính thiết thực và hiệu quả của Hội thi cải cách hành chính:
{comments}

2. Đề nghị tiếp tục tổ chức Hội thi hoặc hình thức tuyên truyền khác:
{box1} Đề nghị tiếp tục tổ chức Hội thi.
{box2} Đề nghị hình thức tuyên truyền khác.{other_form}

3. Ý kiến khác, đề xuất (nếu có):
{other}
"""


def form(comments, choice, other, other_form="", ascii_=False):
    t = FORM
    b1, b2 = ("☒", "☐") if choice == "continue" else ("☐", "☒")
    if ascii_:
        b1, b2 = ("[x]", "[ ]") if choice == "continue" else ("[ ]", "[x]")
    return t.format(comments=comments, box1=b1, box2=b2, other=other,
                    other_form=(" " + other_form) if other_form else "")


def strip_marks(s):
    import unicodedata
    s = s.replace("Đ", "D").replace("đ", "d")
    return "".join(c for c in unicodedata.normalize("NFD", s) if not unicodedata.combining(c))


def hdr(name, value):
    if all(ord(c) < 128 for c in value):
        return "%s: %s" % (name, value)
    return "%s: %s" % (name, Header(value, "utf-8").encode())


def addr(display, email):
    if not display:
        return email
    if all(ord(c) < 128 for c in display):
        return '"%s" <%s>' % (display, email)
    return "%s <%s>" % (Header(display, "utf-8").encode(), email)


def body_part(text, ctype="text/plain", cte="quoted-printable", charset="utf-8", nl="\n"):
    data = text.replace("\n", "\r\n").encode(charset)
    if cte == "quoted-printable":
        enc = quopri.encodestring(data).decode("ascii").replace("\r\n", "\n").replace("=0D\n", "\n")
        enc = enc.replace("\r", "")
    elif cte == "base64":
        enc = base64.encodebytes(text.encode(charset)).decode("ascii")
    else:
        enc = text
    head = ["Content-Type: %s; charset=\"%s\"" % (ctype, charset),
            "Content-Transfer-Encoding: %s" % cte]
    return head, enc


def write(name, headers, parts, nl="\n", boundary=None):
    lines = list(headers) + ["MIME-Version: 1.0"]
    if len(parts) == 1:
        h, enc = parts[0]
        lines += h + [""] + enc.rstrip("\n").split("\n")
    else:
        lines.append('Content-Type: multipart/alternative; boundary="%s"' % boundary)
        lines.append("")
        for h, enc in parts:
            lines.append("--" + boundary)
            lines += h + [""] + enc.rstrip("\n").split("\n")
        lines.append("--%s--" % boundary)
    with open(os.path.join(HERE, name), "wb") as f:
        f.write((nl.join(lines) + nl).encode("utf-8"))


def html_of(text):
    import html
    return "<div dir=\"ltr\">" + "".join(
        "<div>%s</div>" % (html.escape(l) if l else "<br>") for l in text.split("\n")) + "</div>\n"


SUBJ = "Re: V/v tham gia ý kiến về Hội thi cải cách hành chính năm 2023"
TO = "tonghop@soctrang.example"

# 1. Gmail, personal mailbox, the thị xã's Phòng Nội vụ signs.
t = ("Kính gửi: Văn phòng UBND tỉnh Sóc Trăng\n\n"
     "Hộp thư công vụ đang bảo trì, em gửi phiếu ý kiến qua hộp thư cá nhân ạ.\n\n"
     + form("Hội thi giúp cán bộ, công chức thị xã nắm chắc quy trình giải quyết thủ tục hành chính; "
            "phần thi sân khấu hóa thu hút đông người dân theo dõi.", "continue",
            "Đề nghị tổ chức vòng sơ khảo tại các phường, xã.")
     + "\nTrân trọng!\n--\nNguyễn Thị Mai\nChuyên viên Phòng Nội vụ thị xã Ngã Năm\nĐT: 0299 3867 215\n")
write("01_gmail_phong_noi_vu_thi_xa.eml", [
    "Return-Path: <mainguyen.nn84@gmail.example>",
    "Date: Tue, 23 Jan 2024 09:14:52 +0700",
    "From: " + addr("Mai Nguyễn", "mainguyen.nn84@gmail.example"),
    "To: " + TO,
    hdr("Subject", SUBJ),
    "Message-ID: <CAJx8wq3Hn5Lr0mV2pQ9y7tBz=Kd1fEw4uXo@mail.gmail.example>",
    "In-Reply-To: <20240115153912.5E2A1C0118@mail.soctrang.example>",
    "References: <20240115153912.5E2A1C0118@mail.soctrang.example>",
], [body_part(t), body_part(html_of(t), "text/html")], boundary="000000000000a1b2c3060f5e7d01")

# 2. Outlook desktop, CRLF, base64: the district office, abbreviated.
t = ("Kính gửi Văn phòng UBND tỉnh,\n\n"
     "Thực hiện Công văn số 118/UBND-TH ngày 15/01/2024, xin gửi ý kiến như sau:\n\n"
     + form("Hội thi thiết thực, nội dung bám sát các nhiệm vụ cải cách hành chính của địa phương.",
            "other", "Không.", other_form="Tổ chức tọa đàm trực tuyến về dịch vụ công.")
     + "\nTrân trọng,\n\nLê Văn Tâm\nVP HĐND-UBND H. Long Phú\n")
write("02_outlook_vp_hdnd_ubnd_abbrev.eml", [
    "From: " + addr("Le Van Tam", "tamlv.lp@outlook.example"),
    "To: " + addr("Văn phòng UBND tỉnh Sóc Trăng", TO),
    hdr("Subject", "RE: V/v tham gia ý kiến về Hội thi cải cách hành chính năm 2023"),
    "Thread-Topic: " + Header("V/v tham gia ý kiến về Hội thi cải cách hành chính năm 2023", "utf-8").encode(),
    "Thread-Index: AdpN3c8kq1wZ0f7uRKeX4yQeO2mB9w==",
    "Date: Wed, 24 Jan 2024 15:02:11 +0700",
    "Message-ID: <SG2PR06MB5128A3B9F2C1D0E4B7A1C2D3E4F5A@SG2PR06MB5128.apcprd06.prod.outlook.example>",
    "X-Mailer: Microsoft Outlook 16.0",
    "Content-Language: vi-VN",
], [body_part(t, cte="base64"), body_part(html_of(t), "text/html", cte="base64")],
    nl="\r\n", boundary="_000_SG2PR06MB5128A3B9F2C1D0E4B7A1SG2PR06MB5128apcp_")

# 3. Zimbra, the clerk of Cục Thuế from a mailbox of the tax office's other domain.
t = ("Kính gửi: Văn phòng UBND tỉnh Sóc Trăng.\n\n"
     + form("Hội thi có ý nghĩa, giúp công chức ngành thuế hiểu rõ hơn về quy trình một cửa liên thông.",
            "continue", "Đề nghị mời thêm các chi cục thuế khu vực tham gia.")
     + "\nTrân trọng./.\n\nVăn thư Cục Thuế\nĐiện thoại: 0299.3822.456\n")
write("03_zimbra_van_thu_cuc_thue.eml", [
    "Return-Path: <vanthu.ctst@thue.example>",
    "Date: Thu, 25 Jan 2024 08:31:07 +0700 (ICT)",
    "From: " + addr("Van thu", "vanthu.ctst@thue.example"),
    "To: " + TO,
    "Message-ID: <1298347561.10452.1706146267123.JavaMail.zimbra@thue.example>",
    hdr("Subject", "Phiếu tham gia ý kiến Hội thi CCHC năm 2023"),
    "X-Mailer: Zimbra 8.8.15_GA_4484 (ZimbraWebClient - GC120 (Win)/8.8.15_GA_4481)",
    "Thread-Index: 8mXq3Zk1aLQwN0C7vR2pY9eT4uK5Jg==",
    "Thread-Topic: " + Header("Phiếu tham gia ý kiến Hội thi CCHC năm 2023", "utf-8").encode(),
], [body_part(t)])

# 4. Thunderbird: the unit line abbreviated without "&".
t = ("Kính gửi Văn phòng UBND tỉnh,\n\nXin gửi phiếu ý kiến (trả lời Công văn 118/UBND-TH).\n\n"
     "Cơ quan, đơn vị: Sở VHTTDL\n\n"
     + form("Các phần thi tiểu phẩm được dàn dựng công phu, truyền tải tốt thông điệp cải cách hành chính.",
            "continue", "Không có.")
     + "\n-- \nTrần Quốc Bảo\n")
write("04_thunderbird_unit_abbrev.eml", [
    "Message-ID: <7c1f2a9e-4b3d-4e1a-9c2f-5d8e6a7b3c10@mailbox.example>",
    "Date: Fri, 26 Jan 2024 10:45:33 +0700",
    "User-Agent: Mozilla Thunderbird",
    "Content-Language: vi",
    "To: " + TO,
    "From: " + addr("Trần Quốc Bảo", "baotq.vhttdl@mailbox.example"),
    hdr("Subject", "Phiếu ý kiến Hội thi cải cách hành chính"),
], [body_part(t, cte="8bit")])

# 5. Yahoo, typed without diacritics: a district's Phòng Nội vụ.
t = strip_marks("Kinh gui Van phong UBND tinh,\n\n"
                + form("Hoi thi thiet thuc, giup can bo co so nam vung quy dinh moi ve thu tuc hanh chinh.",
                       "continue", "Khong", ascii_=True)
                + "\nTran trong.\nPham Thanh Son\nPhong Noi vu huyen Tran De\n")
write("05_yahoo_no_diacritics.eml", [
    "Date: Mon, 29 Jan 2024 20:12:45 +0000 (UTC)",
    "From: " + addr("Pham Thanh Son", "sonpt_td@yahoo.example"),
    "To: " + TO,
    "Message-ID: <1864322915.2417785.1706559165342@mail.yahoo.example>",
    "In-Reply-To: <20240115153912.5E2A1C0118@mail.soctrang.example>",
    "References: <20240115153912.5E2A1C0118@mail.soctrang.example>",
    "Subject: Re: V/v tham gia y kien ve Hoi thi cai cach hanh chinh nam 2023",
    "X-Mailer: WebService/1.1.21952 YMailNorrin",
], [body_part(t, charset="us-ascii", cte="7bit")])

# 6. iPhone: only the display name names the unit ("P. Tư pháp" of the thị
#    xã: the thị xã's People's Committee, not Sở Tư pháp).
t = (form("Hội thi tốt.", "continue", "Không") + "\nGửi từ iPhone của tôi\n")
write("06_iphone_display_name.eml", [
    "From: " + addr("P. Tu phap TX Vinh Chau", "tuphap.vinhchau@icloud.example"),
    "Content-Type: text/plain; charset=utf-8",
    "Mime-Version: 1.0 (1.0)",
    "Date: Tue, 30 Jan 2024 07:58:20 +0700",
    hdr("Subject", "Re: V/v tham gia ý kiến về Hội thi cải cách hành chính năm 2023"),
    "Message-Id: <5B7E2D41-9C3A-4F8B-A1D6-2E0F7C9B8A34@icloud.example>",
    "In-Reply-To: <20240115153912.5E2A1C0118@mail.soctrang.example>",
    "To: " + TO,
    "X-Mailer: iPhone Mail (21C66)",
], [body_part(t)])

# 7. Outlook on the web: "Phòng Tài chính - Kế hoạch" of a huyện is the huyện's, not Sở KH&ĐT.
t = ("Kính gửi Văn phòng UBND tỉnh Sóc Trăng,\n\n"
     + form("Hội thi góp phần lan tỏa các mô hình cải cách hành chính hay ở cơ sở.", "continue",
            "Đề nghị tăng kinh phí khen thưởng.")
     + "\nTrân trọng,\nHuỳnh Ngọc Lan\nPhòng Tài chính - Kế hoạch\nhuyện Kế Sách\n")
write("07_outlook_web_phong_two_lines.eml", [
    "From: " + addr("Huỳnh Ngọc Lan", "lanhn.ks@outlook.example"),
    "To: " + TO,
    hdr("Subject", "Gửi ý kiến Hội thi CCHC (CV 118/UBND-TH)"),
    "Thread-Topic: " + Header("Gửi ý kiến Hội thi CCHC (CV 118/UBND-TH)", "utf-8").encode(),
    "Date: Tue, 30 Jan 2024 14:20:05 +0000",
    "Message-ID: <TYZPR04MB6213E1F5A7C3B2D9E8F0A1B2C3D4E@TYZPR04MB6213.apcprd04.prod.outlook.example>",
    "Content-Language: en-US",
    "X-MS-Has-Attach:",
    "X-Originating-IP: [113.161.77.20]",
], [body_part(t, cte="base64"), body_part(html_of(t), "text/html", cte="quoted-printable")],
    nl="\r\n", boundary="_000_TYZPR04MB6213E1F5A7C3B2D9E8F0TYZPR04MB6213apcp_")

# N1. Two agencies: the display name says one district, the signature another.
t = ("Kính gửi: Văn phòng UBND tỉnh\n\n"
     + form("Hội thi bổ ích.", "continue", "Không")
     + "\nTrân trọng.\nVăn phòng HĐND và UBND thị xã Vĩnh Châu\n")
write("n1_two_agencies.eml", [
    "From: " + addr("Phong Noi vu huyen Tran De", "pnv.trande.2020@gmail.example"),
    "To: " + TO,
    hdr("Subject", SUBJ),
    "Date: Wed, 31 Jan 2024 09:40:00 +0700",
    "Message-ID: <CAF3xq7Lm2Pq0Zr8Vb5Nw1Ty6Ud9Es4Kc=Hj@mail.gmail.example>",
    "In-Reply-To: <20240115153912.5E2A1C0118@mail.soctrang.example>",
], [body_part(t)])

# N2. A room number and a ward in an address are no sub-unit; no agency named.
t = ("Kính gửi: Văn phòng UBND tỉnh\n\n"
     + form("Hội thi tổ chức chu đáo.", "continue", "Không")
     + "\nTrân trọng,\nĐặng Minh Khoa\nPhòng 204, số 18 Trần Hưng Đạo, P. 2, TP. Sóc Trăng\n")
write("n2_room_and_ward_address.eml", [
    "From: " + addr("Đặng Minh Khoa", "khoadm@mailbox.example"),
    "To: " + TO,
    hdr("Subject", SUBJ),
    "Date: Wed, 31 Jan 2024 16:05:42 +0700",
    "Message-ID: <a41c7e02-93d5-4b6f-8e21-7c5d0f9a3b18@mailbox.example>",
    "In-Reply-To: <20240115153912.5E2A1C0118@mail.soctrang.example>",
    "User-Agent: Mozilla Thunderbird",
], [body_part(t)])

# 8. Outlook on the web, HTML only, base64: a Sở's own department signs
#    ("Phòng Kế hoạch - Tài chính, Sở GD-ĐT": the Sở, written without "&").
t = ("Kính gửi Văn phòng UBND tỉnh,\n\n"
     + form("Hội thi giúp giáo viên, cán bộ quản lý hiểu rõ dịch vụ công trực tuyến.", "other", "Không",
            other_form="Thi trực tuyến trên Cổng thông tin điện tử.")
     + "\nTrân trọng,\nVõ Thị Hạnh\nPhòng Kế hoạch - Tài chính, Sở GD-ĐT\n")
write("08_outlook_web_html_only_so_department.eml", [
    "From: " + addr("Võ Thị Hạnh", "hanhvt.gd@outlook.example"),
    "To: " + TO,
    hdr("Subject", "Phiếu góp ý Hội thi cải cách hành chính năm 2023"),
    "Date: Thu, 01 Feb 2024 02:15:44 +0000",
    "Message-ID: <SEZPR03MB6794D2A1B3C4E5F6A7B8C9D0E1F2A@SEZPR03MB6794.apcprd03.prod.outlook.example>",
    "Content-Language: vi-VN",
    "X-MS-Exchange-Organization-SCL: 1",
], [body_part(html_of(t), "text/html", cte="base64")], nl="\r\n")

# N3. Zimbra: "Phòng Nội vụ" with no place, in the display name and the
#     signature: which district's is not said.
t = ("Kinh gui Van phong UBND tinh,\n\n" + strip_marks(form("Hoi thi tot.", "continue", "Khong", ascii_=True))
     + "\nTran trong.\nPhong Noi vu\n")
write("n3_phong_noi_vu_no_place.eml", [
    "Date: Thu, 01 Feb 2024 10:00:12 +0700 (ICT)",
    "From: " + addr("Phong Noi vu", "phongnoivu.cq@mail.example"),
    "To: " + TO,
    "Message-ID: <771234509.22381.1706756412345.JavaMail.zimbra@mail.example>",
    "Subject: Re: V/v tham gia y kien ve Hoi thi cai cach hanh chinh nam 2023",
    "In-Reply-To: <20240115153912.5E2A1C0118@mail.soctrang.example>",
    "X-Mailer: Zimbra 9.0.0_GA_4546 (ZimbraWebClient - FF121 (Linux)/9.0.0_GA_4546)",
], [body_part(t, charset="us-ascii", cte="7bit")])

# 9. Thunderbird, a reply written as a letter: the addressees listed under
#    "Kính gửi:" and "Nơi nhận:" (Sở Nội vụ among them) are not the writer;
#    the district's Phòng Nội vụ signs.
t = ("Kính gửi:\n- Văn phòng UBND tỉnh Sóc Trăng;\n- Sở Nội vụ tỉnh Sóc Trăng.\n\n"
     "Thực hiện Công văn số 118/UBND-TH ngày 15/01/2024 của UBND tỉnh, xin gửi ý kiến như sau:\n\n"
     + form("Hội thi thiết thực với cán bộ cấp xã vùng cù lao.", "continue", "Đề nghị hỗ trợ phương tiện đi lại cho đội thi.")
     + "\nNơi nhận:\n- Như trên;\n- Sở Nội vụ (để biết);\n- Lưu: VT.\n\nPhòng Nội vụ huyện Cù Lao Dung\n")
write("09_thunderbird_letter_addressees.eml", [
    "Message-ID: <0b6e4c2d-8f1a-4d3b-9e7c-2a5f8d1c6b94@mailbox.example>",
    "Date: Fri, 02 Feb 2024 08:05:17 +0700",
    "User-Agent: Mozilla Thunderbird",
    "Content-Language: vi",
    "To: " + TO,
    "From: " + addr("Thạch Sa Rây", "tsaray.cld@mailbox.example"),
    hdr("Subject", "Ý kiến Hội thi cải cách hành chính năm 2023"),
], [body_part(t)])
