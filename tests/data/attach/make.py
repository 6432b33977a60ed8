#!/usr/bin/env python3
"""make.py [OUTDIR] — writes replies that carry the form as an attachment
(.docx, .odt, .pdf, and a .docx next to a photo), for the extraction
benchmark's mixed set and as fuzzing seeds.  Standard library only; the
same bytes every run.  The .eml files beside this script were made by it.
"""
import base64
import os
import sys
import zipfile

OUT = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))

H1 = "1. Nhận xét về tính thiết thực và hiệu quả của Hội thi cải cách hành chính"
H2 = "2. Đề nghị tiếp tục tổ chức Hội thi hoặc hình thức tuyên truyền khác"
O1 = "Đề nghị tiếp tục tổ chức Hội thi."
O2 = "Đề nghị hình thức tuyên truyền khác."
H3 = "3. Ý kiến khác, đề xuất (nếu có)"
COMMENT = ("Hội thi thiết thực, giúp cán bộ, công chức và người dân hiểu rõ hơn "
           "về cải cách hành chính; nội dung phong phú, hình thức sinh động.")
OTHER = "Đề nghị tổ chức sớm hơn để các đơn vị có thời gian chuẩn bị."
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def wp(text):
    return '<w:p><w:r><w:t xml:space="preserve">%s</w:t></w:r></w:p>' % text


def docx(unit, tick_first, filler=0):
    # Real documents carry a letterhead, styles and numbering; `filler`
    # paragraphs before the form stand in for them.
    body = [wp("Văn bản số %d/SNV-VP: nội dung trích yếu kèm theo." % i) for i in range(filler)]
    body += [wp("MẪU THAM GIA Ý KIẾN VỀ HỘI THI CẢI CÁCH HÀNH CHÍNH"),
            wp("Cơ quan, đơn vị: " + unit), wp(H1), wp(COMMENT), wp(H2),
            wp(("☒ " if tick_first else "☐ ") + O1),
            wp(("☐ " if tick_first else "☒ ") + O2), wp(H3), wp(OTHER)]
    doc = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
           '<w:document %s><w:body>%s</w:body></w:document>' % (W, "".join(body)))
    return zipbytes([("[Content_Types].xml",
                      '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/'
                      'package/2006/content-types"/>'),
                     ("word/document.xml", doc)])


def odt(unit):
    ns = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
          'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"')
    paras = ["Cơ quan, đơn vị: " + unit, H1, COMMENT, H2, "☐ " + O1, "☒ " + O2 +
             " Tuyên truyền qua mạng xã hội.", H3, OTHER]
    xml = ('<?xml version="1.0" encoding="UTF-8"?><office:document-content %s>'
           '<office:body><office:text>%s</office:text></office:body>'
           '</office:document-content>' % (ns, "".join("<text:p>%s</text:p>" % p for p in paras)))
    return zipbytes([("mimetype", "application/vnd.oasis.opendocument.text"),
                     ("content.xml", xml)], stored_first=True)


def zipbytes(entries, stored_first=False):
    import io
    b = io.BytesIO()
    with zipfile.ZipFile(b, "w") as z:
        for i, (name, data) in enumerate(entries):
            info = zipfile.ZipInfo(name, date_time=(2024, 1, 20, 9, 0, 0))
            info.compress_type = (zipfile.ZIP_STORED if stored_first and i == 0
                                  else zipfile.ZIP_DEFLATED)
            z.writestr(info, data.encode("utf-8"))
    return b.getvalue()


def pdf(lines):
    """A one-page PDF whose text layer is LINES (ASCII: the Helvetica
    standard font needs no embedded font)."""
    ops = ["BT /F1 11 Tf 50 800 Td 14 TL"]
    for l in lines:
        ops.append("(%s) Tj T*" % l.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)"))
    ops.append("ET")
    stream = "\n".join(ops).encode("latin-1")
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
            b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
            b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream"]
    out = bytearray(b"%PDF-1.4\n")
    offs = []
    for i, o in enumerate(objs, 1):
        offs.append(len(out))
        out += b"%d 0 obj\n" % i + o + b"\nendobj\n"
    x = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    for o in offs:
        out += b"%010d 00000 n \n" % o
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, x)
    return bytes(out)


def b64(data):
    s = base64.b64encode(data).decode()
    return "\n".join(s[i:i + 76] for i in range(0, len(s), 76))


def message(n, frm, subject, body, atts):
    bnd = "=_ykien_attach_%d" % n
    hdr = ("From: %s\nTo: tonghop@soctrang.example\nSubject: %s\n"
           "Date: Mon, 22 Jan 2024 09:%02d:00 +0700\nMessage-ID: <attach-%d@soctrang.example>\n"
           "MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=\"%s\"\n\n"
           % (frm, subject, n, n, bnd))
    parts = ["--%s\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit\n\n%s\n"
             % (bnd, body)]
    for name, ctype, data in atts:
        parts.append("--%s\nContent-Type: %s; name=\"%s\"\nContent-Disposition: attachment; "
                     "filename=\"%s\"\nContent-Transfer-Encoding: base64\n\n%s\n"
                     % (bnd, ctype, name, name, b64(data)))
    return (hdr + "".join(parts) + "--%s--\n" % bnd).encode("utf-8")


DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
BODY = "Kính gửi Văn phòng UBND tỉnh,\nĐơn vị gửi phiếu tham gia ý kiến đính kèm.\nTrân trọng."
PDF_LINES = ["MAU THAM GIA Y KIEN VE HOI THI CAI CACH HANH CHINH",
             "Co quan, don vi: So Tai chinh",
             "1. Nhan xet ve tinh thiet thuc va hieu qua cua Hoi thi cai cach hanh chinh",
             "Hoi thi bo ich, nen duy tri hang nam.",
             "2. De nghi tiep tuc to chuc Hoi thi hoac hinh thuc tuyen truyen khac",
             "[x] De nghi tiep tuc to chuc Hoi thi.",
             "[ ] De nghi hinh thuc tuyen truyen khac.",
             "3. Y kien khac, de xuat (neu co)",
             "Khong."]
# A stand-in for a phone photo of the signed page: JPEG magic, then noise
# that compresses badly, as real photos do.
PHOTO = b"\xff\xd8\xff\xe0" + bytes((i * 7919 + (i >> 8) * 31) & 0xff for i in range(300000))

MSGS = [
    ("attach-01-snv-docx.eml", "Sở Nội vụ <snv@soctrang.example>",
     "Re: 118/UBND-TH phiếu ý kiến", [("phieu-y-kien.docx", DOCX, docx("Sở Nội vụ", True, 40))]),
    ("attach-02-stp-odt.eml", "Sở Tư pháp <stp@soctrang.example>",
     "Phiếu tham gia ý kiến Hội thi CCHC", [("phieu.odt", "application/vnd.oasis.opendocument.text",
                                              odt("Sở Tư pháp"))]),
    ("attach-03-pdf.eml", "stc@soctrang.example", "Tra loi cong van 118/UBND-TH",
     [("phieu.pdf", "application/pdf", pdf(PDF_LINES))]),
    ("attach-04-docx-photo.eml", "Sở Y tế <syt@soctrang.example>", "Re: 118/UBND-TH",
     [("phieu.docx", DOCX, docx("Sở Y tế", False)), ("anh-chup.jpg", "image/jpeg", PHOTO)]),
]

if __name__ == "__main__":
    for i, (fn, frm, subj, atts) in enumerate(MSGS, 1):
        with open(os.path.join(OUT, fn), "wb") as f:
            f.write(message(i, frm, subj, BODY, atts))
