#!/usr/bin/env python3
"""Deterministic test mail for the crash test and the benchmark.

  genmail.py OUTDIR COUNT [--seed N] [--attach-fraction F] [--prefix P]
                          [--months N]

Writes COUNT messages as files OUTDIR/<P>-<n>.eml: a realistic mix of
plain text, multipart/alternative, Vietnamese RFC 2047 subjects,
quoted-printable and base64 bodies, some replies to the form, and (with
--attach-fraction) attachments of 0.1-2 MB.  Every message is dated between
the 16th and the 29th of January 2024; with --months N (default 1) the dates
spread over N consecutive months from January 2024, in the order of the
messages (the first COUNT/N in January, the next in February, ...), as a
mailbox fills over the years: the same 16th-29th days (the 28th at most in
a February of 28 days).  The same arguments always give the same bytes.
Prints the total size in bytes.
"""
import argparse
import base64
import calendar
import email.header
import email.utils
import os
import quopri
import random
import re

AGENCIES = ["snv@soctrang.example", "stp@soctrang.example", "syt@soctrang.example",
            "sgddt@soctrang.example", "pnv@chauthanh.soctrang.example", "stc@soctrang.example",
            "nguoidan@mail.example", "news@bao.example"]
SUBJECTS = ["Trả lời Công văn số 118/UBND-TH", "Phiếu tham gia ý kiến Hội thi CCHC",
            "V/v báo cáo tình hình tháng", "Thư mời họp giao ban", "Re: 118/UBND-TH",
            "Kế hoạch công tác năm 2024", "Thông báo lịch trực Tết"]
WORDS = ("cải cách hành chính hội thi cán bộ công chức tuyên truyền đơn vị tỉnh huyện "
         "đề nghị tổ chức hiệu quả thiết thực người dân doanh nghiệp báo cáo kế hoạch").split()

FORM = """1. Nhận xét về tính thiết thực và hiệu quả của Hội thi cải cách hành chính:
{comment}

2. Đề nghị tiếp tục tổ chức Hội thi hoặc hình thức tuyên truyền khác:
{a} Đề nghị tiếp tục tổ chức Hội thi.
{b} Đề nghị hình thức tuyên truyền khác.

3. Ý kiến khác, đề xuất (nếu có):
{other}
"""


def sentence(rng, n):
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize() + "."


def body_text(rng, i):
    if i % 3 == 0:
        a, b = ("☒", "☐") if rng.random() < 0.6 else ("☐", "☒")
        return FORM.format(comment=sentence(rng, 14), a=a, b=b, other=sentence(rng, 8))
    return "\n\n".join(sentence(rng, rng.randint(8, 30)) for _ in range(rng.randint(2, 8))) + "\n"


MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def month_of(i, count, months):
    """(year, month) of message I (1..COUNT) spread over MONTHS from January
    2024: consecutive blocks, so that later messages (higher UIDs) are
    newer, as in a real mailbox; no month starts before the 16th of
    January, inside the daemon's SINCE window of the demo campaign."""
    k = (i - 1) * months // count if months > 1 else 0
    return 2024 + k // 12, 1 + k % 12


def make(rng, i, prefix, attach_fraction, count=1, months=1):
    sender = AGENCIES[i % len(AGENCIES)]
    subject = email.header.Header(rng.choice(SUBJECTS) + " (%d)" % i, "utf-8").encode()
    year, month = month_of(i, count, months)
    # the weekday stays "Tue" as it always was (nothing reads it): with
    # one month the bytes are those the tests were written against
    day = min(16 + i % 14, calendar.monthrange(year, month)[1])
    hdr = ("From: %s\r\nTo: tonghop@soctrang.example\r\nSubject: %s\r\n"
           "Date: Tue, %02d %s %d %02d:%02d:00 +0700\r\nMessage-ID: <%s-%d@gen.example>\r\n"
           "MIME-Version: 1.0\r\n" % (sender, subject, day, MONTHS[month - 1], year, i % 24,
                                      i % 60, prefix, i))
    text = body_text(rng, i).replace("\n", "\r\n").encode()
    kind = i % 4
    if kind == 0:
        part = ("Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: "
                "quoted-printable\r\n\r\n").encode() + quopri.encodestring(text)
    elif kind == 1:
        part = ("Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: "
                "base64\r\n\r\n").encode() + base64.encodebytes(text).replace(b"\n", b"\r\n")
    else:
        html = b"<html><body><p>" + text.replace(b"\r\n\r\n", b"</p><p>") + b"</p></body></html>"
        part = (b"Content-Type: multipart/alternative; boundary=\"alt%d\"\r\n\r\n--alt%d\r\n"
                b"Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: 8bit"
                b"\r\n\r\n" % (i, i) + text + b"\r\n--alt%d\r\nContent-Type: text/html; "
                b"charset=UTF-8\r\nContent-Transfer-Encoding: base64\r\n\r\n" % i +
                base64.encodebytes(html).replace(b"\n", b"\r\n") + b"--alt%d--\r\n" % i)
    if attach_fraction and rng.random() < attach_fraction:
        size = rng.randint(100_000, 2_000_000)
        blob = rng.randbytes(size)
        att = (b"--mix%d\r\nContent-Type: application/octet-stream; name=\"phu-luc-%d.bin\"\r\n"
               b"Content-Disposition: attachment; filename=\"phu-luc-%d.bin\"\r\n"
               b"Content-Transfer-Encoding: base64\r\n\r\n" % (i, i, i) +
               base64.encodebytes(blob).replace(b"\n", b"\r\n"))
        return (hdr.encode() + b"Content-Type: multipart/mixed; boundary=\"mix%d\"\r\n\r\n"
                b"--mix%d\r\n" % (i, i) + part + b"\r\n" + att + b"--mix%d--\r\n" % i)
    return hdr.encode() + part


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("outdir")
    ap.add_argument("count", type=int)
    ap.add_argument("--seed", type=int, default=118)
    ap.add_argument("--attach-fraction", type=float, default=0.0)
    ap.add_argument("--prefix", default="m")
    ap.add_argument("--months", type=int, default=1)
    a = ap.parse_args()
    if a.months < 1:
        ap.error("--months must be at least 1")
    rng = random.Random(a.seed)
    os.makedirs(a.outdir, exist_ok=True)
    total = 0
    for i in range(1, a.count + 1):
        data = make(rng, i, a.prefix, a.attach_fraction, a.count, a.months)
        path = os.path.join(a.outdir, "%s-%06d.eml" % (a.prefix, i))
        with open(path, "wb") as f:
            f.write(data)
        # the file's time is when the message was sent (its arrival, for
        # Dovecot's INTERNALDATE and a maildir:// source; cp -p keeps it)
        m = re.search(rb"\r?\nDate: ([^\r\n]+)", data)
        if m:
            t = email.utils.parsedate_to_datetime(m.group(1).decode()).timestamp()
            os.utime(path, (t, t))
        total += len(data)
    print(total)


if __name__ == "__main__":
    main()
