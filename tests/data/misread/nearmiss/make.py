#!/usr/bin/env python3
"""Writes the .eml files of this folder and of ../nearmiss-two: filled forms
of another contest ("Hội thi Hòa giải viên giỏi", asked for by Công văn số
2045/UBND-NC) whose headings look like those of letter 118's form, in
different mail programs, and real replies to 118 that cite another plan,
letter or contest beside ours.  ../nearmiss-two has its own ykien.conf
with a second campaign for 2045/UBND-NC: there the same mail goes to it.
Standard library only; the output is fixed.
Remake:  python3 tests/data/misread/nearmiss/make.py
t1_… and t2_… are not made here: a tester who had seen neither this script
nor ykien's code wrote them, and they are kept as they came.
"""
import base64, html, os, quopri, shutil, unicodedata
from email.header import Header

HERE = os.path.dirname(os.path.abspath(__file__))
TWO = os.path.join(os.path.dirname(HERE), "nearmiss-two")
TO = "tonghop@soctrang.example"

OURS = """MẪU THAM GIA Ý KIẾN VỀ HỘI THI CẢI CÁCH HÀNH CHÍNH

1. Nhận xét về tính thiết thực và hiệu quả của Hội thi cải cách hành chính:
{comments}

2. Đề nghị tiếp tục tổ chức Hội thi hoặc hình thức tuyên truyền khác:
☒ Đề nghị tiếp tục tổ chức Hội thi.
☐ Đề nghị hình thức tuyên truyền khác.

3. Ý kiến khác, đề xuất (nếu có):
{other}
"""

# The other contest's form: the same shape, its own name (or none) in part 1.
OTHER = """{title}

1. Nhận xét về tính thiết thực và hiệu quả của Hội thi{name}:
{comments}

2. Đề nghị tiếp tục tổ chức Hội thi hoặc hình thức tuyên truyền khác:
☒ Đề nghị tiếp tục tổ chức Hội thi.
☐ Đề nghị hình thức tuyên truyền khác.

3. Ý kiến khác, đề xuất (nếu có):
{other}
"""


def other_form(comments, other, title="MẪU THAM GIA Ý KIẾN VỀ HỘI THI HÒA GIẢI VIÊN GIỎI",
               name=" Hòa giải viên giỏi"):
    return OTHER.format(title=title, name=name, comments=comments, other=other)


def strip_marks(s):
    s = s.replace("Đ", "D").replace("đ", "d").replace("☒", "[x]").replace("☐", "[ ]")
    return "".join(c for c in unicodedata.normalize("NFD", s) if not unicodedata.combining(c))


def enc_header(value):
    if all(ord(c) < 128 for c in value):
        return value
    return Header(value, "utf-8").encode()


def addr(display, email):
    if all(ord(c) < 128 for c in display):
        return '"%s" <%s>' % (display, email)
    return "%s <%s>" % (Header(display, "utf-8").encode(), email)


def part(text, ctype="text/plain", cte="quoted-printable", extra=()):
    if cte == "quoted-printable":
        enc = quopri.encodestring(text.encode("utf-8")).decode("ascii")
    elif cte == "base64":
        enc = base64.encodebytes(text.encode("utf-8")).decode("ascii")
    else:
        enc = text
    return ['Content-Type: %s; charset="utf-8"' % ctype,
            "Content-Transfer-Encoding: %s" % cte] + list(extra), enc


def html_of(text):
    return "<html><body><div>" + "".join(
        "<div>%s</div>" % (html.escape(l) if l else "<br>") for l in text.split("\n")) + "</div></body></html>\n"


def write(name, headers, parts, nl="\n", boundary=None, multi="alternative", dirs=(HERE,)):
    lines = list(headers) + ["MIME-Version: 1.0"]
    if len(parts) == 1:
        h, enc = parts[0]
        lines += h + [""] + enc.rstrip("\n").split("\n")
    else:
        lines.append('Content-Type: multipart/%s; boundary="%s"' % (multi, boundary))
        lines.append("")
        for h, enc in parts:
            lines.append("--" + boundary)
            lines += h + [""] + enc.rstrip("\n").split("\n")
        lines.append("--%s--" % boundary)
    for d in dirs:
        with open(os.path.join(d, name), "wb") as f:
            f.write((nl.join(lines) + nl).encode("utf-8"))


BOTH = (HERE, TWO)

# 1. Zimbra, a registered Sở: "Phúc đáp Công văn số 2045/UBND-NC", the other contest's form.
t = ("Kính gửi: Văn phòng UBND tỉnh Sóc Trăng\n\n"
     "Phúc đáp Công văn số 2045/UBND-NC ngày 05/01/2024 của UBND tỉnh, Sở Tư pháp có ý kiến như sau:\n\n"
     + other_form("Hội thi giúp hòa giải viên ở cơ sở nâng cao kỹ năng, nắm chắc quy định của Luật Hòa giải ở cơ sở.",
                  "Đề nghị tổ chức vòng thi cấp huyện trước vòng thi cấp tỉnh.")
     + "\nTrân trọng./.\n")
write("m1_zimbra_phuc_dap_2045.eml", [
    "Return-Path: <stp@soctrang.example>",
    "Date: Mon, 22 Jan 2024 10:05:41 +0700 (ICT)",
    "From: " + addr("Sở Tư pháp", "stp@soctrang.example"),
    "To: " + TO,
    "Message-ID: <2011934567.88213.1705892741502.JavaMail.zimbra@soctrang.example>",
    "Subject: " + enc_header("V/v tham gia ý kiến về Hội thi Hòa giải viên giỏi năm 2023"),
    "X-Mailer: Zimbra 8.8.15_GA_4484 (ZimbraWebClient - GC120 (Win)/8.8.15_GA_4481)",
    "Thread-Index: q7Ld0pWz9mKx3Hc1Tn4Ae8Rf2Yv6Gs==",
], [part(t)], dirs=BOTH)

# 2. Outlook desktop, CRLF: only the subject names the other letter; part 1
#    names no contest.
t = ("Kính gửi Văn phòng UBND tỉnh,\n\nUBND huyện Kế Sách gửi phiếu ý kiến như sau:\n\n"
     + other_form("Hội thi được tổ chức chu đáo, thu hút nhiều hòa giải viên tham gia.", "Không.",
                  title="PHIẾU THAM GIA Ý KIẾN", name="")
     + "\nTrân trọng,\nVăn phòng HĐND và UBND huyện Kế Sách\n")
write("m2_outlook_subject_ref.eml", [
    "From: " + addr("UBND huyện Kế Sách", "ubnd.kesach@soctrang.example"),
    "To: " + addr("Văn phòng UBND tỉnh Sóc Trăng", TO),
    "Subject: " + enc_header("RE: Phiếu ý kiến (CV 2045/UBND-NC)"),
    "Thread-Topic: " + enc_header("Phiếu ý kiến (CV 2045/UBND-NC)"),
    "Thread-Index: AdpM7k2Tq9vRc0XbS1e4hW3yZpL8nA==",
    "Date: Tue, 23 Jan 2024 16:44:19 +0700",
    "Message-ID: <KL1PR0601MB4012B7C9D1E2F3A4B5C6D7E8F9A0B@KL1PR0601MB4012.apcprd06.prod.outlook.example>",
    "X-Mailer: Microsoft Outlook 16.0",
    "Content-Language: vi-VN",
], [part(t, cte="base64"), part(html_of(t), "text/html", cte="base64")],
    nl="\r\n", boundary="_000_KL1PR0601MB4012B7C9D1E2F3A4B5C6KL1PR0601MB4012apcp_")

# 3. Gmail, no diacritics, from a clerk's mailbox: only the form's title
#    names the contest.
t = strip_marks("Kinh gui Van phong UBND tinh,\n\n"
                + other_form("Hoi thi thiet thuc, giup hoa giai vien xu ly tot cac vu viec mau thuan trong cong dong.",
                             "Khong", title="PHIEU THAM GIA Y KIEN VE HOI THI HOA GIAI VIEN GIOI NAM 2023", name="")
                + "\nTran trong.\n--\nLam Thi Hoa\n")
write("m3_gmail_title_no_diacritics.eml", [
    "Date: Wed, 24 Jan 2024 08:12:09 +0700",
    "From: " + addr("Lam Thi Hoa", "lamthihoa.td@gmail.example"),
    "To: " + TO,
    "Subject: Gui phieu y kien",
    "Message-ID: <CAK9pQz1Rv7Xw3Nm5Ts0Ye2Lb8Uc4Hd6Jf=Ga@mail.gmail.example>",
], [part(t, cte="7bit"), part(html_of(t), "text/html", cte="quoted-printable")],
    boundary="0000000000005d1e4f060f9a2b33", dirs=BOTH)

# 4. Thunderbird, the form in a .txt attachment "Kèm theo Công văn số 2045/UBND-NC".
att = ("PHIẾU THAM GIA Ý KIẾN\n(Kèm theo Công văn số 2045/UBND-NC ngày 05/01/2024 của UBND tỉnh)\n\n"
       + other_form("Nội dung thi sát thực tế, các tình huống hòa giải gần gũi với người dân.",
                    "Đề nghị tăng thời lượng phần thi xử lý tình huống.", title="", name="")
       + "\nCơ quan, đơn vị: Sở Nội vụ\n")
write("m4_thunderbird_txt_kem_theo.eml", [
    "Message-ID: <3e9b5d71-0c2a-4f6e-b8d4-1a7c9e2f5b60@soctrang.example>",
    "Date: Thu, 25 Jan 2024 09:27:51 +0700",
    "User-Agent: Mozilla Thunderbird",
    "Content-Language: vi",
    "To: " + TO,
    "From: " + addr("Sở Nội vụ", "snv@soctrang.example"),
    "Subject: " + enc_header("Gửi phiếu ý kiến"),
], [part("Kính gửi Văn phòng UBND tỉnh,\n\nSở Nội vụ gửi phiếu ý kiến đính kèm.\n\nTrân trọng.\n", cte="8bit"),
    part(att, cte="base64", extra=['Content-Disposition: attachment; filename="phieu-y-kien.txt"'])],
    boundary="------------Xq2Lm8Vb0Nc4Zr7Tw1Ys5Kd3", multi="mixed")

# 5. Apple Mail (iPhone), HTML: "Thực hiện Công văn số 2045 /UBND-NC" as the letter writes it.
t = ("Thực hiện Công văn số 2045 /UBND-NC ngày 05/01/2024 của UBND tỉnh, Ban Dân tộc tỉnh gửi ý kiến:\n\n"
     + other_form("Hội thi tốt, nên mở rộng cho hòa giải viên người dân tộc Khmer.", "Không",
                  title="", name=" Hòa giải viên giỏi")
     + "\nGửi từ iPhone của tôi\n")
write("m5_iphone_html_thuc_hien.eml", [
    "From: " + addr("Ban Dân tộc tỉnh", "bdt@soctrang.example"),
    "Mime-Version: 1.0 (1.0)",
    "Date: Fri, 26 Jan 2024 19:03:37 +0700",
    "Subject: " + enc_header("Ý kiến Hội thi"),
    "Message-Id: <9D4C2B1A-7E6F-4A3B-8C5D-0F1E2A3B4C5D@soctrang.example>",
    "To: " + TO,
    "X-Mailer: iPhone Mail (21C66)",
], [part(t), part(html_of(t), "text/html")], boundary="Apple-Mail-4F2A9C1D-7B3E-4D5A-9E8F-1C2B3A4D5E6F")

# P1. A real reply to 118, new thread, no 118 reference: it cites a plan
#     (45/KH-UBND), not another letter.
t = ("Kính gửi: Văn phòng UBND tỉnh\n\n"
     "Thực hiện Kế hoạch số 45/KH-UBND ngày 02/01/2024 của UBND tỉnh về cải cách hành chính năm 2024, "
     "Sở Y tế gửi ý kiến về Hội thi cải cách hành chính như sau:\n\n"
     + OURS.format(comments="Hội thi giúp công chức ngành y tế hiểu rõ quy trình tiếp nhận hồ sơ trực tuyến.",
                   other="Không.")
     + "\nTrân trọng.\n")
write("p1_outlook_cites_plan.eml", [
    "From: " + addr("Sở Y tế", "syt@soctrang.example"),
    "To: " + TO,
    "Subject: " + enc_header("Ý kiến về Hội thi CCHC"),
    "Date: Mon, 29 Jan 2024 14:10:00 +0700",
    "Message-ID: <PS2PR06MB3511C4D5E6F7A8B9C0D1E2F3A4B5C@PS2PR06MB3511.apcprd06.prod.outlook.example>",
    "X-Mailer: Microsoft Outlook 16.0",
], [part(t, cte="quoted-printable")], nl="\r\n", dirs=BOTH)

# P2. Gmail: ours and another letter cited, ours wins.
t = ("Kính gửi Văn phòng UBND tỉnh,\n\n"
     "Thực hiện Công văn số 118/UBND-TH ngày 15/01/2024 (Sở đã phúc đáp Công văn số 2045/UBND-NC "
     "về Hội thi Hòa giải viên giỏi bằng văn bản riêng), Sở Tài chính có ý kiến:\n\n"
     + OURS.format(comments="Hội thi thiết thực.", other="Không.") + "\nTrân trọng.\n")
write("p2_gmail_cites_both.eml", [
    "From: " + addr("Sở Tài chính", "stc@soctrang.example"),
    "To: " + TO,
    "Subject: " + enc_header("Phiếu tham gia ý kiến"),
    "Date: Tue, 30 Jan 2024 09:00:00 +0700",
    "Message-ID: <CAH7tRz2Mx8Vn4Lq0Wp6Ys3Kb9Ud5Ge1Jc=Fa@mail.gmail.example>",
], [part(t), part(html_of(t), "text/html")], boundary="000000000000e7f8a9060fa1b2c4")

# P3. Zimbra: our form, a comment that names the other contest.
t = ("Kinh gui Van phong UBND tinh,\n\n"
     + strip_marks(OURS.format(comments="Hoi thi thiet thuc; de nghi ket hop voi Hoi thi Hoa giai vien gioi de tiet kiem kinh phi.",
                               other="Khong"))
     + "\nTran trong.\n")
write("p3_zimbra_mentions_other_contest.eml", [
    "Date: Wed, 31 Jan 2024 11:22:33 +0700 (ICT)",
    "From: " + addr("UBND huyen My Tu", "ubnd.mytu@soctrang.example"),
    "To: " + TO,
    "Message-ID: <881245903.51277.1706674953001.JavaMail.zimbra@soctrang.example>",
    "Subject: Phieu y kien Hoi thi CCHC",
    "X-Mailer: Zimbra 8.8.15_GA_4484 (ZimbraWebClient - GC120 (Win)/8.8.15_GA_4481)",
], [part(t, cte="7bit")])
