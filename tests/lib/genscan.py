#!/usr/bin/python3
"""Scanned replies for the OCR tests, made at test time (Debian's
python3-pil and fonts-dejavu-core; run with /usr/bin/python3, whose
modules those are).

  genscan.py OUTDIR

writes into OUTDIR:
  form.png, form.pdf       a filled form page (the headings of conf/demo.conf,
                           COMMENT, the first option ticked), as a picture and
                           as a PDF without a text layer
  scan_png.eml, scan_pdf.eml   each sent by a configured agency (snv@)
  huge.eml                 a PNG declaring 20,000 x 20,000 pixels (60 KB)
  malformed.eml            a PNG with a valid header and garbage pixels
  comment.txt              COMMENT, to compare with
"""
import base64
import os
import random
import struct
import sys
import zlib

from PIL import Image, ImageDraw, ImageFont

COMMENT = ("Hội thi được tổ chức chu đáo, nội dung phong phú, sát với thực tiễn "
           "công tác của cơ sở.")
LINES = [
    ("b", "SỞ NỘI VỤ TỈNH SÓC TRĂNG"),
    ("b", "PHIẾU THAM GIA Ý KIẾN VỀ HỘI THI CẢI CÁCH HÀNH CHÍNH"),
    ("", ""),
    ("", "Cơ quan, đơn vị: Sở Nội vụ"),
    ("b", "1. Nhận xét về tính thiết thực và hiệu quả của Hội thi cải cách hành chính"),
    ("", COMMENT),
    ("b", "2. Đề nghị tiếp tục tổ chức Hội thi hoặc hình thức tuyên truyền khác:"),
    ("", "☒ Đề nghị tiếp tục tổ chức Hội thi."),
    ("", "☐ Đề nghị hình thức tuyên truyền khác."),
    ("b", "3. Ý kiến khác, đề xuất (nếu có):"),
    ("", "Không."),
]
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
FONT_B = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"
DPI = 200


def page():
    w, h = int(8.27 * DPI), int(11.69 * DPI)  # A4
    img = Image.new("L", (w, h), 255)
    d = ImageDraw.Draw(img)
    f = ImageFont.truetype(FONT, 30)
    fb = ImageFont.truetype(FONT_B, 30)
    y = 180
    for style, text in LINES:
        # long lines wrap at the right margin, as a word processor would
        words, line = text.split(" "), ""
        for word in words + [None]:
            cand = (line + " " + word).strip() if word else line
            if word is not None and d.textlength(cand, font=fb if style else f) < w - 300:
                line = cand
                continue
            d.text((150, y), line, fill=0, font=fb if style else f)
            y += 48
            line = word or ""
        y += 16
    return img


def png_chunk(kind, data):
    return (struct.pack(">I", len(data)) + kind + data +
            struct.pack(">I", zlib.crc32(kind + data) & 0xffffffff))


def huge_png():
    """A real PNG of 20,000 x 20,000 white 1-bit pixels: 2.5 KB per row,
    50 MB of rows, about 50 KB compressed."""
    side = 20000
    row = b"\0" + b"\xff" * (side // 8)
    z = zlib.compressobj(9)
    idat = b"".join(z.compress(row) for _ in range(side)) + z.flush()
    ihdr = struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", ihdr) + png_chunk(b"IDAT", idat) +
            png_chunk(b"IEND", b""))


def malformed_png():
    """A valid signature and header (1000 x 1400 grey), then 60 KB of
    noise where the compressed pixels should be."""
    rng = random.Random(10)
    ihdr = struct.pack(">IIBBBBB", 1000, 1400, 8, 0, 0, 0, 0)
    junk = bytes(rng.getrandbits(8) for _ in range(60000))
    return (b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", ihdr) + png_chunk(b"IDAT", junk) +
            png_chunk(b"IEND", b""))


def eml(path, msgid, ctype, name, data, body="Kính gửi VP UBND tỉnh.\nGửi bản scan phiếu ý kiến.\n"):
    b64 = base64.encodebytes(data).decode().replace("\n", "\r\n")
    text = "\r\n".join([
        "From: =?utf-8?B?%s?= <snv@soctrang.example>" % base64.b64encode("Sở Nội vụ".encode()).decode(),
        "To: tonghop@soctrang.example",
        "Subject: =?utf-8?B?%s?=" % base64.b64encode("Gửi phiếu ý kiến (bản scan)".encode()).decode(),
        "Message-ID: <%s@snv.soctrang.example>" % msgid,
        "Date: Tue, 16 Jan 2024 09:00:00 +0700",
        "MIME-Version: 1.0",
        'Content-Type: multipart/mixed; boundary="scan-b"',
        "",
        "--scan-b",
        "Content-Type: text/plain; charset=utf-8",
        "Content-Transfer-Encoding: 8bit",
        "",
        body,
        "--scan-b",
        '%s; name="%s"' % (ctype, name),
        'Content-Disposition: attachment; filename="%s"' % name,
        "Content-Transfer-Encoding: base64",
        "",
        b64,
        "--scan-b--",
        "",
    ])
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(text)


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    img = page()
    img.save(os.path.join(out, "form.png"))
    img.save(os.path.join(out, "form.pdf"), resolution=DPI)
    with open(os.path.join(out, "comment.txt"), "w", encoding="utf-8") as f:
        f.write(COMMENT + "\n")
    rd = lambda n: open(os.path.join(out, n), "rb").read()
    eml(os.path.join(out, "scan_png.eml"), "scan-png", "Content-Type: image/png", "phieu.png",
        rd("form.png"))
    eml(os.path.join(out, "scan_pdf.eml"), "scan-pdf", "Content-Type: application/pdf",
        "phieu.pdf", rd("form.pdf"))
    huge = huge_png()
    open(os.path.join(out, "huge.png"), "wb").write(huge)
    eml(os.path.join(out, "huge.eml"), "scan-huge", "Content-Type: image/png", "huge.png", huge)
    eml(os.path.join(out, "malformed.eml"), "scan-bad", "Content-Type: image/png", "bad.png",
        malformed_png())


if __name__ == "__main__":
    main()
