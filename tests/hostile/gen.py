#!/usr/bin/env python3
"""gen.py OUTDIR — writes the hostile messages of issue 9 into OUTDIR, one
.eml each, named after what they try.  Standard library only; the same
bytes every run.  Each is written as a reply to letter 118/UBND-TH from a
registered agency, so that it goes all the way through extraction (the
readers, the section finder) instead of stopping at "unrelated".

The 200 MB attachment is written with a hole (sparse: its body is NUL
bytes, "Content-Transfer-Encoding: binary"), so it costs no disk and no
time to make; everything is streamed, nothing is held whole in memory.
Prints one line per file: name and size.
"""
import io
import os
import sys
import zipfile
import zlib

OUT = sys.argv[1]
os.makedirs(OUT, exist_ok=True)

# Sizes the issue names.
DEEP = 10000              # MIME nesting levels
PARTS = 100000            # parts in one multipart
BIG = 200 * 1024 * 1024   # bytes of the large attachment
BOMB = 256 * 1024 * 1024  # bytes document.xml inflates to
LONG_HEADER = 1024 * 1024 # bytes of one header line


def head(n, extra="", ctype="text/plain; charset=utf-8"):
    return ("From: So Noi vu <snv@soctrang.example>\r\n"
            "To: tonghop@soctrang.example\r\n"
            "Subject: Re: 118/UBND-TH hostile %s\r\n"
            "Date: Mon, 22 Jan 2024 10:00:00 +0700\r\n"
            "Message-ID: <hostile-%s@test.example>\r\n"
            "MIME-Version: 1.0\r\n%s"
            "Content-Type: %s\r\n" % (n, n, extra, ctype)).encode()


def write(name, data):
    with open(os.path.join(OUT, name + ".eml"), "wb") as f:
        f.write(data)


def deep():
    b = io.BytesIO()
    b.write(head("deep", ctype='multipart/mixed; boundary="b0"') + b"\r\n")
    for i in range(1, DEEP):
        b.write(b'--b%d\r\nContent-Type: multipart/mixed; boundary="b%d"\r\n\r\n' % (i - 1, i))
    b.write(b"--b%d\r\nContent-Type: text/plain\r\n\r\ndeepest\r\n" % (DEEP - 1))
    for i in range(DEEP - 1, -1, -1):
        b.write(b"--b%d--\r\n" % i)
    write("deep-nesting", b.getvalue())


def many_parts():
    b = io.BytesIO()
    b.write(head("parts", ctype='multipart/mixed; boundary="p"') + b"\r\n")
    part = b"--p\r\nContent-Type: text/plain\r\n\r\nx\r\n"
    b.write(part * PARTS)
    b.write(b"--p--\r\n")
    write("many-parts", b.getvalue())


def big():
    path = os.path.join(OUT, "big-attachment.eml")
    with open(path, "wb") as f:
        f.write(head("big", ctype='multipart/mixed; boundary="g"') + b"\r\n")
        f.write(b"--g\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nPhieu dinh kem.\r\n")
        f.write(b'--g\r\nContent-Type: application/octet-stream\r\n'
                b'Content-Disposition: attachment; filename="lon.bin"\r\n'
                b"Content-Transfer-Encoding: binary\r\n\r\n")
        f.seek(BIG, os.SEEK_CUR)   # a hole: NUL bytes, no disk
        f.write(b"\r\n--g--\r\n")


def zip_bomb():
    raw = io.BytesIO()
    with zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        with z.open("word/document.xml", "w", force_zip64=True) as e:
            e.write(b'<?xml version="1.0"?><w:document xmlns:w="http://schemas.'
                    b'openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>')
            chunk = b" " * (1 << 20)
            for _ in range(BOMB >> 20):
                e.write(chunk)
            e.write(b"</w:t></w:r></w:p></w:body></w:document>")
    att(name="zip-bomb", fn="phieu.docx",
        ctype="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        data=raw.getvalue())


def att(name, fn, ctype, data, fn_param=None):
    import base64
    enc = base64.encodebytes(data).replace(b"\n", b"\r\n")
    disp = fn_param if fn_param is not None else 'filename="%s"' % fn
    msg = (head(name, ctype='multipart/mixed; boundary="a"') + b"\r\n"
           b"--a\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nPhieu dinh kem.\r\n"
           b"--a\r\nContent-Type: " + ctype.encode() + b"\r\n"
           b"Content-Disposition: attachment; " + disp.encode("utf-8", "surrogateescape") +
           b"\r\nContent-Transfer-Encoding: base64\r\n\r\n" + enc + b"--a--\r\n")
    write(name, msg)


def names():
    txt = b"1. Nhan xet: tot\r\n"
    att("name-dotdot", "../../../../tmp/ykien-escape.txt", "text/plain", txt)
    att("name-absolute", "/tmp/ykien-escape-abs.txt", "text/plain", txt)
    att("name-backslash", "..\\..\\..\\windows\\win.ini", "text/plain", txt)
    att("name-control", "a\x01b\x1b[31mred\x7f.txt", "text/plain", txt)
    att("name-long", "n" * 1000 + ".txt", "text/plain", txt)
    att("name-rfc2231", None, "text/plain", txt,
        fn_param="filename*=utf-8''%2E%2E%2F%2E%2E%2F%2E%2E%2Ftmp%2Fykien-2231.txt")


def invalid_utf8():
    write("invalid-utf8", head("utf8") + b"Content-Transfer-Encoding: 8bit\r\n\r\n"
          b"1. Nh\xe1\xba\xadn x\xc3 t: \xff\xfe\xc0\xaf \xed\xa0\x80 \xf4\x90\x80\x80 ok\r\n"
          b"\xe1\x80\r\n")


def nul_headers():
    write("nul-headers",
          b"From: snv@soctrang.example\x00evil@attacker.example\r\n"
          b"To: tonghop@soctrang.example\r\n"
          b"Subject: Re: 118/UBND-TH\x00\x00 NUL\r\n"
          b"Message-ID: <hostile-nul@test.example>\r\n"
          b"X-Nul: \x00\x00\x00\r\n\r\nbody\x00with NUL\r\n")


def long_header():
    # One unfolded 1 MB line, in the Subject that classification reads,
    # then the same length of one word in another header.
    h = head("long").replace(b"Subject: Re: 118/UBND-TH hostile long",
                             b"Subject: Re: 118/UBND-TH " + b"b " * (LONG_HEADER // 2))
    write("long-header", h + b"X-Long: " + b"a" * LONG_HEADER + b"\r\n\r\nbody\r\n")


def unknown_charset():
    write("unknown-charset",
          head("charset", extra="X-Note: =?x-ykien-unknown?B?w6nDqQ==?=\r\n",
               ctype="text/plain; charset=x-ykien-unknown") +
          b"Content-Transfer-Encoding: 8bit\r\n\r\nNh\xe9n x\xe9t: \x80\x81\x82 ok\r\n")


def broken_encodings():
    write("broken-base64", head("b64") + b"Content-Transfer-Encoding: base64\r\n\r\n"
          b"SGVsbG8g!!!@@@###\r\nw6k=w6k===\r\nQUJD\r\nQQ\r\n")
    write("broken-qp", head("qp") + b"Content-Transfer-Encoding: quoted-printable\r\n\r\n"
          b"Nh=E1=BA=ADn x=C3=A9t =ZZ =4 =\r\n=\r\nsoft=\r\nbreak =\xff=\r\n=3")


def headers_only():
    write("headers-only", head("hdr").rstrip(b"\r\n"))


def empty():
    write("empty", b"")


for fn in (deep, many_parts, big, zip_bomb, names, invalid_utf8, nul_headers, long_header,
           unknown_charset, broken_encodings, headers_only, empty):
    fn()
for n in sorted(os.listdir(OUT)):
    print(n, os.path.getsize(os.path.join(OUT, n)))
