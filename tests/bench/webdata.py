#!/usr/bin/env python3
"""The web benchmark's office: AGENCIES agencies, CAMPAIGNS campaigns, and
the replies to file.

  webdata.py DIR AGENCIES CAMPAIGNS [--reply-fraction F] [--seed N]

Writes DIR/ykien.conf (no mailbox: the replies come in with `ykien
import`) and DIR/replies/*.eml: for each campaign a reply from about F of
the agencies (default 0.8), a few of them late, a few from an unknown
address (to review), in the form of conf/demo.conf.  Prints the number of
replies.
"""
import argparse
import os
import random

p = argparse.ArgumentParser()
p.add_argument("dir")
p.add_argument("agencies", type=int)
p.add_argument("campaigns", type=int)
p.add_argument("--reply-fraction", type=float, default=0.8)
p.add_argument("--seed", type=int, default=1)
a = p.parse_args()
rng = random.Random(a.seed)
os.makedirs(os.path.join(a.dir, "replies"), exist_ok=True)

GROUPS = ["Sở, ban ngành", "UBND cấp huyện", "UBND cấp xã"]
conf = ['mailbox = {\n  url = "imap://127.0.0.1:1/INBOX";\n  user = "bench";\n'
        '  password_file = "%s/imap.pass";\n  allow_plaintext = true;\n};' % a.dir,
        'storage = {\n  database = "%s/ykien.db";\n  archive = "%s/archive";\n};' % (a.dir, a.dir),
        'log_level = "warning";', "agencies = ("]
ags = []
for i in range(a.agencies):
    code = "DV%03d" % (i + 1)
    ags.append(code)
    conf.append('  { code = "%s"; name = "Đơn vị số %d"; group = "%s"; emails = [ "dv%03d@soctrang.example" ]; }%s'
                % (code, i + 1, GROUPS[i % 3], i + 1, "," if i + 1 < a.agencies else ""))
conf.append(");")
conf.append("""forms = (
  { id = "hoi-thi-cchc";
    sections = (
      { id = "comments";
        heading = "Nhận xét về tính thiết thực và hiệu quả của Hội thi cải cách hành chính"; },
      { id = "proposal";
        heading = "Đề nghị tiếp tục tổ chức Hội thi hoặc hình thức tuyên truyền khác";
        options = ( { id = "continue_contest"; text = "Đề nghị tiếp tục tổ chức Hội thi"; },
                    { id = "other_form";       text = "Đề nghị hình thức tuyên truyền khác"; } ); },
      { id = "other_opinions"; heading = "Ý kiến khác, đề xuất"; }
    ); }
);""")
conf.append("campaigns = (")
camps = []
for c in range(a.campaigns):
    num = 200 + c
    cid = "%d-UBND-TH" % num
    camps.append((cid, num))
    conf.append('  { id = "%s"; reference = "%d/UBND-TH"; form = "hoi-thi-cchc";\n'
                '    title = "Phiếu tham gia ý kiến số %d năm 2024";\n'
                '    letter_message_id = "letter-%d@mail.soctrang.example";\n'
                '    sent = "2024-0%d-01T08:00:00+07:00"; deadline = "2024-0%d-20"; agencies = "all"; }%s'
                % (cid, num, c + 1, num, c + 1, c + 1, "," if c + 1 < a.campaigns else ""))
conf.append(");")
open(os.path.join(a.dir, "ykien.conf"), "w").write("\n".join(conf) + "\n")

WORDS = ("cải cách hành chính hội thi cán bộ công chức tuyên truyền đơn vị tỉnh huyện "
         "đề nghị tổ chức hiệu quả thiết thực người dân doanh nghiệp báo cáo kế hoạch").split()


def sentence(n):
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize() + "."


n = 0
for c, (cid, num) in enumerate(camps):
    for i, code in enumerate(ags):
        if rng.random() >= a.reply_fraction:
            continue
        n += 1
        unknown = rng.random() < 0.03
        sender = "nguoi%d@mail.example" % n if unknown else "dv%03d@soctrang.example" % (i + 1)
        day = rng.randint(5, 27)          # after the 20th: late
        x, y = ("☒", "☐") if rng.random() < 0.6 else ("☐", "☒")
        body = ("Kính gửi Văn phòng UBND tỉnh,\n\nTheo Công văn số %d/UBND-TH:\n\n"
                "1. Nhận xét về tính thiết thực và hiệu quả của Hội thi cải cách hành chính:\n%s\n\n"
                "2. Đề nghị tiếp tục tổ chức Hội thi hoặc hình thức tuyên truyền khác:\n"
                "%s Đề nghị tiếp tục tổ chức Hội thi.\n%s Đề nghị hình thức tuyên truyền khác.\n\n"
                "3. Ý kiến khác, đề xuất (nếu có):\n%s\n\nTrân trọng.\n"
                % (num, sentence(14), x, y, sentence(8)))
        msg = ("From: %s\r\nTo: tonghop@soctrang.example\r\nSubject: =?UTF-8?Q?Tr=E1=BA=A3_l=E1=BB=9Di?= %d/UBND-TH\r\n"
               "Date: %s, %02d %s 2024 09:%02d:00 +0700\r\nMessage-ID: <r%d-%s@soctrang.example>\r\n"
               "In-Reply-To: <letter-%d@mail.soctrang.example>\r\nMIME-Version: 1.0\r\n"
               "Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
               % (sender, num, "Mon", day, ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep"][c % 9],
                  i % 60, num, code, num)) + body.replace("\n", "\r\n")
        open(os.path.join(a.dir, "replies", "%s-%s.eml" % (cid, code)), "wb").write(msg.encode())
print(n)
