#!/usr/bin/python3
"""A Word 97-2003 (.doc) reply for the systemd check, made at test time.

  gendoc.py OUT.doc [OUT.eml]

OUT.doc is the smallest binary Word document antiword and catdoc read: an
OLE2 compound file holding a WordDocument stream (a Word 97 FIB and the text
as UTF-16) and a 1Table stream (a piece table over that text).  OUT.eml is a
reply from Sở Tư pháp (stp@, a registered address of conf/demo.conf) with
OUT.doc attached.  The text is the form of conf/demo.conf, filled in: COMMENT,
the first option ticked.
"""
import base64
import struct
import sys

COMMENT = "Hội thi thiết thực, giúp cán bộ nắm vững quy trình giải quyết thủ tục hành chính."
LINES = [
    "SỞ TƯ PHÁP TỈNH SÓC TRĂNG",
    "PHIẾU THAM GIA Ý KIẾN VỀ HỘI THI CẢI CÁCH HÀNH CHÍNH",
    "1. Nhận xét về tính thiết thực và hiệu quả của Hội thi cải cách hành chính",
    COMMENT,
    "2. Đề nghị tiếp tục tổ chức Hội thi hoặc hình thức tuyên truyền khác",
    "☒ Đề nghị tiếp tục tổ chức Hội thi.",
    "☐ Đề nghị hình thức tuyên truyền khác.",
    "3. Ý kiến khác, đề xuất (nếu có)",
    "Không.",
]

SECT = 512
FREE, END, FATSECT, NOSTREAM = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF
MINI_CUTOFF = 4096          # streams this size or larger live in normal sectors
TEXT_AT = 0x800             # where the text starts in WordDocument


def pad(b, n):
    return b + b"\0" * (n - len(b)) if len(b) < n else b


def word_streams(text):
    chars = text.encode("utf-16-le")
    ccp = len(chars) // 2
    fib = bytearray(TEXT_AT)
    struct.pack_into("<HHHHH", fib, 0, 0xA5EC, 0x00C1, 0, 0x042A, 0)  # wIdent nFib . lid pnNext
    struct.pack_into("<H", fib, 0x0A, 0x0200 | 0x1000)   # fWhichTblStm (1Table), fExtChar
    struct.pack_into("<H", fib, 0x0C, 0x00BF)            # nFibBack
    struct.pack_into("<II", fib, 0x18, TEXT_AT, TEXT_AT + len(chars))  # fcMin fcMac
    struct.pack_into("<H", fib, 0x20, 14)                # csw
    struct.pack_into("<H", fib, 0x3E, 22)                # cslw
    struct.pack_into("<I", fib, 0x40, TEXT_AT + len(chars))  # cbMac
    struct.pack_into("<I", fib, 0x4C, ccp)               # ccpText
    struct.pack_into("<H", fib, 0x98, 93)                # cbRgFcLcb
    # the piece table: one piece, CPs 0..ccp, its text as UTF-16 at TEXT_AT
    plc = struct.pack("<II", 0, ccp) + struct.pack("<HIH", 0, TEXT_AT, 0)
    clx = b"\x02" + struct.pack("<I", len(plc)) + plc
    struct.pack_into("<II", fib, 0x1A2, 0, len(clx))     # fcClx lcbClx
    word = pad(bytes(fib) + chars, MINI_CUTOFF)
    table = pad(clx, MINI_CUTOFF)
    return word, table


def dirent(name, kind, child=NOSTREAM, left=NOSTREAM, right=NOSTREAM, start=END, size=0):
    n = (name + "\0").encode("utf-16-le") if name else b""
    return (pad(n, 64) + struct.pack("<HBB", len(n), kind, 1) +
            struct.pack("<III", left, right, child) + b"\0" * 16 + struct.pack("<I", 0) +
            b"\0" * 16 + struct.pack("<IQ", start, size))


def compound(streams):
    """streams: [(name, bytes)], each at least MINI_CUTOFF bytes."""
    fat = [FATSECT, END]            # sector 0: the FAT, sector 1: the directory
    starts = []
    for _, data in streams:
        n = (len(data) + SECT - 1) // SECT
        first = len(fat)
        starts.append(first)
        fat += [first + i + 1 for i in range(n - 1)] + [END]
    assert len(fat) <= SECT // 4
    fat += [FREE] * (SECT // 4 - len(fat))
    # Root -> child 1 (WordDocument), whose left sibling is 2 (1Table):
    # ordered by name length, all black
    d = dirent("Root Entry", 5, child=1)
    d += dirent(streams[0][0], 2, left=2, start=starts[0], size=len(streams[0][1]))
    d += dirent(streams[1][0], 2, start=starts[1], size=len(streams[1][1]))
    d += dirent("", 0)
    hdr = bytearray(SECT)
    hdr[0:8] = bytes.fromhex("D0CF11E0A1B11AE1")
    struct.pack_into("<HHHHH", hdr, 24, 0x3E, 3, 0xFFFE, 9, 6)
    struct.pack_into("<IIIIIIIII", hdr, 40, 0, 1, 1, 0, MINI_CUTOFF, END, 0, END, 0)
    struct.pack_into("<I", hdr, 76, 0)                       # DIFAT[0]: the FAT is sector 0
    for i in range(1, 109):
        struct.pack_into("<I", hdr, 76 + 4 * i, FREE)
    out = bytes(hdr) + struct.pack("<%dI" % len(fat), *fat) + d
    for _, data in streams:
        out += pad(data, (len(data) + SECT - 1) // SECT * SECT)
    return out


def main():
    text = "\r".join(LINES) + "\r"
    word, table = word_streams(text)
    doc = compound([("WordDocument", word), ("1Table", table)])
    with open(sys.argv[1], "wb") as f:
        f.write(doc)
    if len(sys.argv) > 2:
        b64 = base64.encodebytes(doc).decode()
        eml = ("From: So Tu phap <stp@soctrang.example>\n"
               "To: tonghop@soctrang.example\n"
               "Subject: =?utf-8?b?%s?=\n"
               "Date: Wed, 17 Jan 2024 10:30:00 +0700\n"
               "Message-ID: <stp-doc-0117@soctrang.example>\n"
               "In-Reply-To: <20240115153912.5E2A1C0118@mail.soctrang.example>\n"
               "MIME-Version: 1.0\n"
               "Content-Type: multipart/mixed; boundary=\"b1\"\n\n"
               "--b1\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit\n\n"
               "Sở Tư pháp gửi phiếu tham gia ý kiến (tệp đính kèm).\n\n"
               "--b1\nContent-Type: application/msword; name=\"phieu-y-kien-stp.doc\"\n"
               "Content-Disposition: attachment; filename=\"phieu-y-kien-stp.doc\"\n"
               "Content-Transfer-Encoding: base64\n\n%s\n--b1--\n") % (
            base64.b64encode("Trả lời: Công văn số 118/UBND-TH - phiếu tham gia ý kiến"
                             .encode()).decode(), b64)
        with open(sys.argv[2], "w", encoding="utf-8") as f:
            f.write(eml)


if __name__ == "__main__":
    main()
