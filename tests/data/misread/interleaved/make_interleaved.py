#!/usr/bin/env python3
"""Writes the test messages of tests/data/misread/interleaved/: replies whose
answers are typed as unquoted lines between the quoted lines of the letter's
own form (issue 19, kind 3), and replies that must not be read that way.

Remake (from this folder): python3 make_interleaved.py
Standard library only; the output is fixed (no dates or random ids taken
from the clock), and the .eml files are committed beside this script.
16_…, 17_… and 18_… are not made here: a tester who had seen neither this
script nor ykien's code wrote them, and they are kept as they came.
"""
import base64, os, quopri

HERE = os.path.dirname(os.path.abspath(__file__))
LETTER_ID = "<20240115153912.5E2A1C0118@mail.soctrang.example>"
SUBJ_QP = "=?UTF-8?Q?Re=3A_V/v_tham_gia_=C3=BD_ki=E1=BA=BFn_v=E1=BB=81_H=E1=BB=99i_thi_c=E1=BA=A3i_c=C3=A1ch_h=C3=A0nh_ch=C3=ADnh_n=C4=83m_2023?="

# The provincial office's mail (the letter's body), as the agencies got it.
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
Email: ubnd@soctrang.example"""

L = LETTER.split("\n")


def idx(prefix):
    for i, l in enumerate(L):
        if l.startswith(prefix):
            return i
    raise KeyError(prefix)


def quote(lines, prefix="> ", blank=">"):
    return [prefix + l if l else blank for l in lines]


def interleave(answers, prefix="> ", blank=">", drop=(), replace=None):
    """The letter quoted with PREFIX, the writer's lines inserted after the
    quoted line starting with each key of ANSWERS (a list of (key, lines)),
    the quoted lines starting with a string in DROP deleted."""
    out = []
    after = {}
    for key, lines in answers:
        after.setdefault(idx(key), []).extend(lines)
    for i, l in enumerate(L):
        if any(l.startswith(d) for d in drop):
            continue
        if replace and i in replace:
            out.extend(replace[i])
        else:
            out.append(prefix + l if l else blank)
        out.extend(after.get(i, []))
    return out


def qp(text):
    return quopri.encodestring(text.encode("utf-8")).decode("ascii")


def b64(text):
    return base64.encodebytes(text.encode("utf-8")).decode("ascii")


def write(name, headers, body, crlf=False):
    text = "\n".join(headers) + "\n\n" + body
    if not text.endswith("\n"):
        text += "\n"
    if crlf:
        text = text.replace("\n", "\r\n")
    with open(os.path.join(HERE, name), "w", encoding="utf-8", newline="") as f:
        f.write(text)


def common(frm, date, mid, extra=()):
    return ["From: " + frm,
            "To: =?UTF-8?Q?V=C4=83n_ph=C3=B2ng_UBND_t=E1=BB=89nh?= <ubnd@soctrang.example>",
            "Subject: " + SUBJ_QP,
            "Date: " + date,
            "Message-ID: " + mid,
            "In-Reply-To: " + LETTER_ID,
            "References: " + LETTER_ID,
            "MIME-Version: 1.0"] + list(extra)


# 1. Gmail (web, Vietnamese), multipart/alternative, quoted-printable; the
#    HTML part splits the blockquote around the answers like Gmail does.
def gmail():
    top = ["Kính gửi Văn phòng UBND tỉnh,", "",
           "Sở Tư pháp trả lời trực tiếp vào nội dung mẫu bên dưới (các dòng không có dấu >).", "",
           "Trân trọng,", "Lê Thị Thu Trang", "Văn phòng Sở Tư pháp", "",
           "Vào Th 2, 15 thg 1, 2024 vào lúc 15:39 Văn phòng UBND tỉnh Sóc Trăng <",
           "ubnd@soctrang.example> đã viết:", ""]
    q = interleave([
        ("Cơ quan, đơn vị", ["Sở Tư pháp tỉnh Sóc Trăng"]),
        ("1. Nhận xét", ["Hội thi thiết thực, giúp công chức nắm vững quy trình giải quyết thủ tục hành chính.",
                         "Các tiểu phẩm dễ hiểu, phù hợp với người dân."]),
        ("☐ Đề nghị tiếp tục", ["X"]),
        ("3. Ý kiến khác", ["Không"]),
    ])
    plain = "\n".join(top + q) + "\n"
    html = ('<div dir="ltr"><div>Kính gửi Văn phòng UBND tỉnh,</div><div><br></div>'
            '<div>Sở Tư pháp trả lời trực tiếp vào nội dung mẫu bên dưới (các dòng không có dấu &gt;).</div>'
            '<div><br></div><div>Trân trọng,</div><div>Lê Thị Thu Trang</div><div>Văn phòng Sở Tư pháp</div></div>'
            '<br><div class="gmail_quote"><div dir="ltr" class="gmail_attr">Vào Th 2, 15 thg 1, 2024 vào lúc 15:39 '
            'Văn phòng UBND tỉnh Sóc Trăng &lt;<a href="mailto:ubnd@soctrang.example">ubnd@soctrang.example</a>&gt; đã viết:<br></div>')
    bq = '<blockquote class="gmail_quote" style="margin:0px 0px 0px 0.8ex;border-left:1px solid rgb(204,204,204);padding-left:1ex">'
    chunks, cur = [], []
    for l in q:
        if l.startswith(">"):
            cur.append(l[2:] if l.startswith("> ") else "")
        else:
            chunks.append(("q", cur)); cur = []
            chunks.append(("a", l))
    chunks.append(("q", cur))
    for kind, v in chunks:
        if kind == "q" and v:
            html += bq + "<br>\n".join(x.replace("&", "&amp;") or "&nbsp;" for x in v) + "</blockquote>"
        elif kind == "a":
            html += '<div><font color="#0000ff">%s</font></div>' % v
    html += "</div>\n"
    b = "000000000000a1b2c3d4e5f60718"
    body = ("--%s\nContent-Type: text/plain; charset=\"UTF-8\"\nContent-Transfer-Encoding: quoted-printable\n\n%s"
            "--%s\nContent-Type: text/html; charset=\"UTF-8\"\nContent-Transfer-Encoding: quoted-printable\n\n%s"
            "--%s--\n") % (b, qp(plain), b, qp(html), b)
    write("01_gmail_vi_x_under_option.eml",
          common("=?UTF-8?Q?L=C3=AA_Th=E1=BB=8B_Thu_Trang?= <stp@soctrang.example>",
                 "Tue, 16 Jan 2024 09:12:41 +0700",
                 "<CAF3kq2v8xKpTT0uNw9Lr1Yb7gQeZpWm4Hc@mail.gmail.example>",
                 ['Content-Type: multipart/alternative; boundary="%s"' % b]), body)


# 2. Thunderbird, English attribution, typed without diacritics, "Y kien:"
#    labels, the other option retyped with the proposal after it.
def thunderbird():
    top = ["Kinh gui Van phong UBND tinh,", "",
           "So Cong Thuong tra loi ngay duoi tung muc cua mau.", "",
           "On 15/01/2024 15:39, Van phong UBND tinh Soc Trang wrote:"]
    q = interleave([
        ("1. Nhận xét", ["", "Y kien: Hoi thi bo ich nhung chua thu hut nhieu nguoi dan tham du.", ""]),
        ("☐ Đề nghị hình thức", ["", "De nghi hinh thuc tuyen truyen khac: to chuc cuoc thi truc tuyen tren Cong thong tin dien tu tinh.", ""]),
        ("3. Ý kiến khác", ["", "Y kien: Nen long ghep noi dung CCHC vao cac buoi sinh hoat ap, khom.", ""]),
    ])
    body = "\n".join(top + q) + "\n\n-- \nTran Van Hung\nPhong Ke hoach - So Cong Thuong\n"
    write("02_thunderbird_no_diacritics_retyped.eml",
          common("Tran Van Hung <sct@soctrang.example>", "Wed, 17 Jan 2024 14:05:10 +0700",
                 "<7c1f0e2a-3b4d-4e8f-9a10-b2c3d4e5f601@soctrang.example>",
                 ["User-Agent: Mozilla Thunderbird", "Content-Language: vi",
                  "Content-Type: text/plain; charset=UTF-8; format=flowed",
                  "Content-Transfer-Encoding: 8bit"]),
          body)


# 3. Outlook desktop, ">" prefix without a space, CRLF, answers in capitals,
#    "(X)" under the option, a quoted heading wrapped without its ">".
def outlook():
    top = ["Kính gửi Văn phòng UBND tỉnh.",
           "UBND huyện Kế Sách gửi ý kiến tại các dòng không có dấu > dưới đây.", "",
           "-----Original Message-----",
           "From: Văn phòng UBND tỉnh Sóc Trăng <ubnd@soctrang.example>",
           "Sent: Monday, January 15, 2024 3:39 PM",
           "To: ubnd.kesach@soctrang.example",
           "Subject: V/v tham gia ý kiến về Hội thi cải cách hành chính năm 2023", ""]
    i1 = idx("1. Nhận xét")
    q = interleave([
        ("1. Nhận xét", ["HỘI THI THIẾT THỰC, NÊN DUY TRÌ HÀNG NĂM VÀ MỞ RỘNG ĐẾN CẤP XÃ."]),
        ("☐ Đề nghị tiếp tục", ["(X)"]),
        ("3. Ý kiến khác", ["ĐỀ NGHỊ TĂNG KINH PHÍ KHEN THƯỞNG CHO CÁC ĐỘI THI."]),
    ], prefix=">", blank=">",
        replace={i1: [">1. Nhận xét về tính thiết thực và hiệu quả của Hội thi cải cách hành", "chính"]})
    body = "\n".join(top + q) + "\n"
    write("03_outlook_crlf_capitals.eml",
          common("=?utf-8?B?VUJORCBodXnhu4duIEvhur8gU8OhY2g=?= <ubnd.kesach@soctrang.example>",
                 "Thu, 18 Jan 2024 08:47:02 +0700",
                 "<SG2PR06MB5310A1B2C3D4E5F6A7B8C9D0E1F2A@SG2PR06MB5310.apcprd06.prod.outlook.example>",
                 ["X-Mailer: Microsoft Outlook 16.0", "Thread-Index: AdpH1f2x3c4v5b6n7m8k9j0h1g2f3d==",
                  "Content-Type: text/plain; charset=\"utf-8\"", "Content-Transfer-Encoding: quoted-printable"]),
          qp(body), crlf=True)


# 4. Apple Mail (iPhone/Mac), base64; the option not chosen deleted from the
#    quote, nothing typed at the one kept; part 3 as text.
def apple():
    top = ["Văn phòng Sở Y tế gửi ý kiến (trả lời ngay trong mẫu).", "",
           "Gửi từ iPhone của tôi", "",
           "> Vào 15:39, 15 thg 1, 2024, Văn phòng UBND tỉnh Sóc Trăng <ubnd@soctrang.example> đã viết:",
           ">"]
    q = interleave([
        ("1. Nhận xét", ["Hội thi có hiệu quả tốt trong tuyên truyền cải cách hành chính tại cơ sở y tế."]),
        ("3. Ý kiến khác", ["Đề nghị đưa nội dung chuyển đổi số vào câu hỏi của Hội thi."]),
    ], drop=("☐ Đề nghị hình thức",))
    # Apple Mail puts the signature above the quote; the attribution is quoted.
    body = "\n".join(top[:2]) + "\n" + top[2] + "\n\n" + "\n".join(top[4:] + q) + "\n"
    write("04_apple_mail_option_deleted.eml",
          common("=?utf-8?B?VsSDbiBwaMOybmcgU+G7nyBZIHThur8=?= <syt@soctrang.example>",
                 "Fri, 19 Jan 2024 10:22:33 +0700",
                 "<5D3E2C1B-7A6F-4E9D-8C0B-1A2B3C4D5E6F@syt.soctrang.example>",
                 ["X-Mailer: iPhone Mail (21C66)",
                  "Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: base64"]),
          b64(body))


# 5. Zimbra (Vietnamese UI): "----- Thư gốc -----" header block, "> "
#    quoting; "Đồng ý" typed under the second option with the proposal,
#    "Trả lời:" label, part 3 "Không".
def zimbra():
    top = ["Kính gửi: Văn phòng UBND tỉnh", "",
           "UBND thị xã Vĩnh Châu trả lời trực tiếp vào mẫu bên dưới.", "",
           "----- Thư gốc -----",
           "Từ: \"Văn phòng UBND tỉnh Sóc Trăng\" <ubnd@soctrang.example>",
           "Tới: \"UBND thị xã Vĩnh Châu\" <ubnd.vinhchau@soctrang.example>",
           "Đã gửi: Thứ Hai, 15 Tháng Một, 2024 15:39:12",
           "Chủ đề: V/v tham gia ý kiến về Hội thi cải cách hành chính năm 2023", ""]
    q = interleave([
        ("1. Nhận xét", ["Trả lời: Hội thi đã tạo được sự lan tỏa trong cán bộ, công chức thị xã."]),
        ("☐ Đề nghị hình thức", ["Đồng ý",
                                 "Tổ chức tọa đàm, giao lưu trực tuyến về cải cách hành chính."]),
        ("3. Ý kiến khác", ["Không"]),
    ])
    body = "\n".join(top + q) + "\n\n--\nNguyễn Thị Hồng\nVăn phòng HĐND và UBND thị xã Vĩnh Châu\n"
    write("05_zimbra_dong_y_other_form.eml",
          common("=?utf-8?Q?Nguy=E1=BB=85n_Th=E1=BB=8B_H=E1=BB=93ng?= <ubnd.vinhchau@soctrang.example>",
                 "Mon, 22 Jan 2024 16:31:09 +0700",
                 "<1283746501.48213.1705915869123.JavaMail.zimbra@soctrang.example>",
                 ["X-Mailer: Zimbra 8.8.15_GA_4581 (ZimbraWebClient - GC120 (Win)/8.8.15_GA_4581)",
                  "Thread-Topic: V/v tham gia ý kiến về Hội thi cải cách hành chính năm 2023",
                  "Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: quoted-printable"]),
          qp(body))


# 6. HTML only (Outlook on the web keeps the Gmail blockquotes of a
#    forwarded thread): the answers in blue between blockquotes; the first
#    option retyped under the heading.
def html_only():
    parts = ['<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"></head><body>',
             '<div style="font-family:Calibri,Arial,Helvetica,sans-serif;font-size:12pt">Kính gửi VP UBND tỉnh,<br>'
             'Đài Phát thanh và Truyền hình trả lời vào mẫu (chữ màu xanh).</div>',
             '<div id="appendonsend"></div><hr style="display:inline-block;width:98%">',
             '<div id="divRplyFwdMsg" dir="ltr"><b>Từ:</b> Văn phòng UBND tỉnh Sóc Trăng &lt;ubnd@soctrang.example&gt;<br>'
             '<b>Đã gửi:</b> Thứ Hai, 15 tháng 1, 2024 15:39<br><b>Đến:</b> dptth@soctrang.example<br>'
             '<b>Chủ đề:</b> V/v tham gia ý kiến về Hội thi cải cách hành chính năm 2023</div>']
    ans = {
        idx("1. Nhận xét"): "Hội thi là sân chơi bổ ích; Đài đã đưa tin và phát lại các tiểu phẩm dự thi.",
        idx("2. Đề nghị"): "Đề nghị tiếp tục tổ chức Hội thi",
        idx("3. Ý kiến khác"): "Đề nghị phát sóng trực tiếp vòng chung kết.",
    }
    bq = '<blockquote style="margin:0 0 0 .8ex;border-left:1px #ccc solid;padding-left:1ex">'
    cur = []
    for i, l in enumerate(L):
        cur.append(l.replace("&", "&amp;") or "&nbsp;")
        if i in ans:
            parts.append(bq + "<br>\n".join(cur) + "</blockquote>")
            parts.append('<div><span style="color:rgb(0,112,192)">%s</span></div>' % ans[i])
            cur = []
    parts.append(bq + "<br>\n".join(cur) + "</blockquote></body></html>")
    html = "\n".join(parts) + "\n"
    write("06_html_only_retyped_option.eml",
          common("=?utf-8?B?xJDDoGkgUFQtVEggU8OzYyBUcsSDbmc=?= <dptth@soctrang.example>",
                 "Tue, 23 Jan 2024 11:02:55 +0700",
                 "<TYZPR04MB6218B7C8D9E0F1A2B3C4D5E6F7A8B@TYZPR04MB6218.apcprd04.prod.outlook.example>",
                 ["X-MS-Has-Attach:", "Content-Type: text/html; charset=\"utf-8\"",
                  "Content-Transfer-Encoding: base64"]),
          b64(html))


# 7. Yahoo Mail, no diacritics in the answers, "Chon" under the option and
#    part 1's answer with "Nhan xet:" (a word of its heading) before it.
def yahoo():
    top = ["Kinh gui VP UBND tinh,", "Phong Noi vu huyen My Tu xin tra loi nhu ben duoi.", "",
           "Vao Thu Hai, 15 thg 1, 2024 luc 15:39:12 GMT+7, Van phong UBND tinh Soc Trang <ubnd@soctrang.example> da viet:", ""]
    q = interleave([
        ("1. Nhận xét", ["Nhan xet: HOI THI THIET THUC, CAN DUY TRI."]),
        ("☐ Đề nghị tiếp tục", ["Chon"]),
        ("3. Ý kiến khác", ["Khong co y kien khac."]),
    ])
    body = "\n".join(top + q) + "\n"
    write("07_yahoo_chon_no_diacritics.eml",
          common("Pham Quoc Bao <pnv.mytu@soctrang.example>", "Wed, 24 Jan 2024 07:58:40 +0000",
                 "<1145932710.2203918.1706083120456@mail.yahoo.example>",
                 ["X-Mailer: WebService/1.1.21952 YMailNorrin",
                  "Content-Type: text/plain; charset=UTF-8", "Content-Transfer-Encoding: quoted-printable"]),
          qp(body))


# 11. Gmail from a clerk's personal mailbox: the unit typed under the quoted
#     "Cơ quan, đơn vị: ……" names the agency; part 2 answered by the option's
#     words without "Đề nghị", typed under the heading above the options.
def personal():
    top = ["Em gửi ý kiến của UBND huyện ạ (em ghi vào các dòng không có dấu >).", "",
           "Vào Th 4, 17 thg 1, 2024 vào lúc 08:10 Văn phòng UBND tỉnh Sóc Trăng <",
           "ubnd@soctrang.example> đã viết:", ""]
    q = interleave([
        ("Cơ quan, đơn vị", ["", "UBND huyện Trần Đề", ""]),
        ("1. Nhận xét", ["", "Hội thi giúp cán bộ xã hiểu rõ hơn về dịch vụ công trực tuyến.", ""]),
        ("2. Đề nghị", ["", "Tiếp tục tổ chức Hội thi.", ""]),
        ("3. Ý kiến khác", ["", "Không có.", ""]),
    ])
    body = "\n".join(top + q) + "\n"
    write("11_gmail_personal_unit_typed.eml",
          common("=?UTF-8?Q?Th=E1=BA=A1ch_Th=E1=BB=8B_Ng=E1=BB=8Dc_H=C3=A2n?= <ngochan.thach1990@gmail.example>",
                 "Thu, 25 Jan 2024 10:41:07 +0700",
                 "<CAM8nq3fTrD3kUu0vHhx5pX2yJ7eQz1Lw9Bd@mail.gmail.example>",
                 ["Content-Type: text/plain; charset=\"UTF-8\"", "Content-Transfer-Encoding: base64"]),
          b64(body))


# 12. Gmail HTML only (sent from a phone's Gmail app in HTML): the
#     blockquote split around each answer; "☒" typed under the second option.
def gmail_html_only():
    q = interleave([
        ("1. Nhận xét", ["Hội thi tạo khí thế thi đua trong ngành kế hoạch và đầu tư."]),
        ("☐ Đề nghị hình thức", ["☒", "Thi tìm hiểu qua ứng dụng trên điện thoại."]),
        ("3. Ý kiến khác", ["Đề nghị gửi đề cương ôn tập sớm hơn."]),
    ])
    html = ('<div dir="auto">Sở Kế hoạch và Đầu tư trả lời trong thư (chữ xanh).</div><br>'
            '<div class="gmail_quote"><div dir="ltr" class="gmail_attr">Vào Th 2, 15 thg 1, 2024 vào lúc 15:39 '
            'Văn phòng UBND tỉnh Sóc Trăng &lt;ubnd@soctrang.example&gt; đã viết:<br></div>')
    bq = '<blockquote class="gmail_quote" style="margin:0 0 0 .8ex;border-left:1px #ccc solid;padding-left:1ex">'
    cur = []
    for l in q + [">"]:
        if l.startswith(">"):
            cur.append(l[2:].replace("&", "&amp;") if l.startswith("> ") else "&nbsp;")
            continue
        if cur:
            html += bq + "<br>\n".join(cur) + "</blockquote>"
            cur = []
        html += '<div dir="auto"><font color="#1155cc">%s</font></div>' % l
    html += bq + "<br>\n".join(cur) + "</blockquote></div>\n"
    write("12_gmail_html_only_tick_glyph.eml",
          common("=?UTF-8?B?Vm8gTWluaCBUdeG6pW4=?= <skhdt@soctrang.example>",
                 "Fri, 26 Jan 2024 13:20:45 +0700",
                 "<CAKp8t0xY4mRfN2bLq7Wc5Ve3Zh9JsUd1Ga@mail.gmail.example>",
                 ["Content-Type: text/html; charset=\"UTF-8\"", "Content-Transfer-Encoding: quoted-printable"]),
          qp(html))


# 13. Thunderbird, format=flowed (a quoted heading split over two quoted
#     lines), answers indented with bullets and "=>", part 2 by the option's
#     number with the proposal after it.
def thunderbird_number():
    top = ["Kinh gui VP UBND tinh, UBND huyen Long Phu tra loi ben duoi (dong khong co dau >).", "",
           "On 15/01/2024 15:39, Van phong UBND tinh Soc Trang wrote:"]
    i1 = idx("1. Nhận xét")
    q = interleave([
        (L[i1 + 2], ["", "     - Hoi thi thiet thuc, nen to chuc o ca cap xa.",
                     "     - Noi dung cau hoi can gan voi thuc tien.", ""]),
        ("☐ Đề nghị hình thức", ["", "     => Chon phuong an 2: thi truc tuyen tren mang xa hoi", ""]),
        ("3. Ý kiến khác", ["", "     Khong.", ""]),
    ], replace={i1: ["> 1. Nhận xét về tính thiết thực và hiệu quả của Hội thi cải cách ",
                     "> hành chính"]})
    body = "\n".join(top + q) + "\n"
    write("13_thunderbird_flowed_option_number.eml",
          common("Danh Thi Sa Ri <ubnd.longphu@soctrang.example>", "Mon, 29 Jan 2024 15:44:02 +0700",
                 "<b41e6c0d-9f2a-4c7e-8d31-5a6b7c8d9e0f@soctrang.example>",
                 ["User-Agent: Mozilla Thunderbird", "Content-Language: en-US",
                  "Content-Type: text/plain; charset=UTF-8; format=flowed",
                  "Content-Transfer-Encoding: 8bit"]),
          body)


def outlook_html(name, frm, date, mid, top_lines, answers, red_title=False):
    """An Outlook desktop HTML reply (Word HTML) and its text/plain part:
    the original under the "From:/Sent:" block, ANSWERS (after the line
    starting with each key) typed into it in red; the plain part has them
    without any quote mark, as Outlook writes it."""
    esc = lambda x: x.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    after = {}
    for key, lines in answers:
        after.setdefault(idx(key), []).extend(lines)
    p = lambda x, st="": "<p class=MsoNormal%s>%s<o:p></o:p></p>" % (st, esc(x) if x else "&nbsp;")
    html = ['<html xmlns:o="urn:schemas-microsoft-com:office:office"><head>'
            '<meta http-equiv=Content-Type content="text/html; charset=utf-8">'
            '<style><!-- p.MsoNormal {margin:0in;font-size:11.0pt;font-family:"Calibri",sans-serif;} --></style></head>'
            '<body lang=EN-US link="#0563C1" vlink="#954F72"><div class=WordSection1>']
    html += [p(x) for x in top_lines]
    html.append("<div><div style='border:none;border-top:solid #E1E1E1 1.0pt;padding:3.0pt 0in 0in 0in'>"
                "<p class=MsoNormal><b>From:</b> Văn phòng UBND tỉnh Sóc Trăng &lt;ubnd@soctrang.example&gt; <br>"
                "<b>Sent:</b> Monday, January 15, 2024 3:39 PM<br><b>To:</b> %s<br>"
                "<b>Subject:</b> V/v tham gia ý kiến về Hội thi cải cách hành chính năm 2023<o:p></o:p></p></div></div>"
                % esc(frm.split("<")[-1].rstrip(">")))
    plain = top_lines + ["", "From: Văn phòng UBND tỉnh Sóc Trăng <ubnd@soctrang.example>",
                         "Sent: Monday, January 15, 2024 3:39 PM",
                         "Subject: V/v tham gia ý kiến về Hội thi cải cách hành chính năm 2023", ""]
    for i, l in enumerate(L):
        if red_title and l.startswith("MẪU THAM GIA"):
            html.append("<p class=MsoNormal align=center><b><span style='color:#C00000'>%s</span></b></p>" % esc(l))
        elif "ubnd@soctrang.example" in l:
            a, b = l.split("ubnd@soctrang.example", 1)
            html.append("<p class=MsoNormal>%s<a href=\"mailto:ubnd@soctrang.example\">"
                        "<span style='color:#0563C1'>ubnd@soctrang.example</span></a>%s<o:p></o:p></p>" % (esc(a), esc(b)))
        else:
            html.append(p(l, " style='color:black'" if l.startswith("1.") else ""))
        plain.append(l)
        for a in after.get(i, []):
            html.append("<p class=MsoNormal><b><span style='color:red'>%s</span></b><o:p></o:p></p>" % esc(a))
            plain.append(a)
    html.append("</div></body></html>")
    b = "_000_SG2PR06MB53108C0D1E2F3A4B5C6D7E8F9A0B1SG2PR06MB5310apcp_"
    body = ("--%s\nContent-Type: text/plain; charset=\"utf-8\"\nContent-Transfer-Encoding: base64\n\n%s\n"
            "--%s\nContent-Type: text/html; charset=\"utf-8\"\nContent-Transfer-Encoding: base64\n\n%s\n"
            "--%s--\n") % (b, b64("\n".join(plain) + "\n"), b, b64("\n".join(html) + "\n"), b)
    write(name, common(frm, date, mid, ["X-Mailer: Microsoft Outlook 16.0", "Thread-Index: AdpO2k3b4n5m6Q7r8s9t0u1v2w3x4y==",
                                        "Content-Language: vi-VN",
                                        'Content-Type: multipart/alternative; boundary="%s"' % b]),
          body, crlf=True)


# 14. Outlook desktop, HTML: the answers typed in red inside the original
#     (no quote marks at all: its plain part cannot tell them apart).
def outlook_red():
    outlook_html("14_outlook_html_answers_in_red.eml",
                 "=?utf-8?B?U+G7nyBHaWFvIHRow7RuZyB24bqtbiB04bqjaQ==?= <sgtvt@soctrang.example>",
                 "Tue, 30 Jan 2024 09:15:27 +0700",
                 "<SG2PR06MB53108C0D1E2F3A4B5C6D7E8F9A0B1@SG2PR06MB5310.apcprd06.prod.outlook.example>",
                 ["Kính gửi Văn phòng UBND tỉnh,", "",
                  "Sở Giao thông vận tải trả lời trực tiếp vào mẫu bên dưới (chữ màu đỏ).", "",
                  "Trân trọng,", "Hồ Thanh Bình"],
                 [("1. Nhận xét", ["Hội thi thiết thực; nội dung gắn với thủ tục hành chính lĩnh vực giao thông."]),
                  ("☐ Đề nghị tiếp tục", ["X"]),
                  ("3. Ý kiến khác", ["Đề nghị tổ chức vào quý II để không trùng cao điểm cuối năm."])])


# 15. Negative: Outlook HTML, the answer above; the original carries a red
#     title and a blue link of its own, which are no answers.
def neg_outlook_red_title():
    outlook_html("15_neg_outlook_answer_above_red_title.eml",
                 "=?utf-8?B?QmFuIETDom4gdOG7mWM=?= <bdt@soctrang.example>",
                 "Wed, 31 Jan 2024 16:02:11 +0700",
                 "<TYZPR04MB6218A0B1C2D3E4F5A6B7C8D9E0F1A@TYZPR04MB6218.apcprd04.prod.outlook.example>",
                 ["Kính gửi Văn phòng UBND tỉnh,",
                  "1. Nhận xét về tính thiết thực và hiệu quả của Hội thi cải cách hành chính: Hội thi thiết thực với đồng bào dân tộc.",
                  "2. Đề nghị tiếp tục tổ chức Hội thi hoặc hình thức tuyên truyền khác:",
                  "☐ Đề nghị tiếp tục tổ chức Hội thi.",
                  "☒ Đề nghị hình thức tuyên truyền khác: tuyên truyền bằng tiếng Khmer trên sóng phát thanh.",
                  "3. Ý kiến khác, đề xuất (nếu có): Không.", "", "Trân trọng."],
                 [], red_title=True)


# Negatives.
# 8. "Đã nhận, cảm ơn" below the whole quote: not an answer.
def neg_thanks():
    body = "\n".join(["Vào Th 2, 15 thg 1, 2024 lúc 15:39 Văn phòng UBND tỉnh Sóc Trăng <ubnd@soctrang.example> đã viết:"]
                     + quote(L) + ["", "Đã nhận, cảm ơn."]) + "\n"
    write("08_neg_received_below_quote.eml",
          common("Van thu So Xay dung <sxd@soctrang.example>", "Tue, 16 Jan 2024 07:30:00 +0700",
                 "<CAH9x1neg08thanks@mail.gmail.example>",
                 ["Content-Type: text/plain; charset=UTF-8", "Content-Transfer-Encoding: quoted-printable"]),
          qp(body))


# 9. The answer above the quote, a signature below it: read from the top.
def neg_signature():
    top = ["Kinh gui Van phong,", "",
           "1. Nhan xet ve tinh thiet thuc va hieu qua cua Hoi thi: Thiet thuc, hieu qua.",
           "2. De nghi tiep tuc to chuc Hoi thi hoac hinh thuc tuyen truyen khac:",
           "[x] De nghi tiep tuc to chuc Hoi thi.",
           "[ ] De nghi hinh thuc tuyen truyen khac.",
           "3. Y kien khac, de xuat (neu co): Khong.", "",
           "On Mon, Jan 15, 2024 at 3:39 PM Van phong UBND tinh <ubnd@soctrang.example> wrote:", ""]
    body = "\n".join(top + quote(L) + ["", "--", "Ly Van Tam", "Van thu Ban Dan toc tinh",
                                        "DT: 0299 3822 xxx"]) + "\n"
    write("09_neg_answer_above_signature_below.eml",
          common("Ly Van Tam <bdt@soctrang.example>", "Thu, 18 Jan 2024 15:10:00 +0700",
                 "<CAB1neg09sig@mail.gmail.example>",
                 ["Content-Type: text/plain; charset=UTF-8", "Content-Transfer-Encoding: 8bit"]),
          body)


# 10. The answer above; inside the quote only a note on the letter's own
#     text (not the form): the answer above stands, the quoted ☐ ☐ do not.
def neg_note_in_letter():
    top = ["Kính gửi Văn phòng UBND tỉnh,", "",
           "1. Nhận xét về tính thiết thực và hiệu quả của Hội thi cải cách hành chính: Hội thi góp phần nâng cao nhận thức của công chức.",
           "2. Đề nghị tiếp tục tổ chức Hội thi hoặc hình thức tuyên truyền khác:",
           "☐ Đề nghị tiếp tục tổ chức Hội thi.",
           "☒ Đề nghị hình thức tuyên truyền khác: thi tìm hiểu trên mạng xã hội.",
           "3. Ý kiến khác, đề xuất (nếu có): Không.", "",
           "Vào Th 2, 15 thg 1, 2024 lúc 15:39 Văn phòng UBND tỉnh Sóc Trăng <ubnd@soctrang.example> đã viết:"]
    q = interleave([("Văn phòng UBND tỉnh Sóc Trăng trân trọng", ["Đã nhận file đính kèm."])])
    body = "\n".join(top + q) + "\n"
    write("10_neg_answer_above_note_in_letter.eml",
          common("=?UTF-8?Q?S=E1=BB=9F_N=C3=B4ng_nghi=E1=BB=87p?= <snnptnt@soctrang.example>",
                 "Fri, 19 Jan 2024 09:00:00 +0700", "<CAN0neg10note@mail.gmail.example>",
                 ["Content-Type: text/plain; charset=UTF-8", "Content-Transfer-Encoding: quoted-printable"]),
          qp(body))


if __name__ == "__main__":
    for f in (gmail, thunderbird, outlook, apple, zimbra, html_only, yahoo, personal, gmail_html_only, thunderbird_number, outlook_red,
              neg_thanks, neg_signature, neg_note_in_letter, neg_outlook_red_title):
        f()
