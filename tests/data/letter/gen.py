#!/usr/bin/python3
"""Makes 118-UBND-TH.docx and 118-UBND-TH.pdf from 118-UBND-TH.txt, the
seed letter (Công văn số 118/UBND-TH of UBND tỉnh Sóc Trăng, a public
official letter), laid out as such letters are (Nghị định 30/2020/NĐ-CP):
the header in two columns (the issuing body, its number and trích yếu on
the left; the national motto and the place and date on the right), the
body, the form on a page of its own.  The PDF has a real text layer
(DejaVuSans embedded), as a letter printed to PDF has.

The files are committed, so the tests read fixed data; run this again only
to change them:  /usr/bin/python3 tests/data/letter/gen.py
Needs python3-docx and python3-reportlab (tests/lib/deps.sh).
"""
import datetime
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
FONT_BOLD = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"


def read_letter():
    """The seed as (header_left, header_right, body, form): lists of
    (text, bold) lines, the Markdown emphasis taken out."""
    lines = [l.rstrip() for l in open(os.path.join(HERE, "118-UBND-TH.txt"), encoding="utf-8")]

    def clean(l):
        l = l.strip()
        bold = l.startswith("**")
        return re.sub(r"^[*_]+|[*_]+$", "", l).strip(), bold

    left, right, body, form = [], [], [], []
    i = 0
    # the header: up to "Kính gửi"; the right column starts at "CỘNG HOÀ"
    part = left
    while i < len(lines) and not lines[i].startswith("Kính gửi"):
        t, b = clean(lines[i])
        if t.startswith("CỘNG HOÀ"):
            part = right
        if t:
            part.append((t, b))
        i += 1
    part = body
    while i < len(lines):
        t, b = clean(lines[i])
        if t.startswith("MÃU") or t.startswith("MẪU"):
            part = form
        if t and t != "[Handwritten signature]":
            part.append((t, b))
        i += 1
    return left, right, body, form


def make_docx(left, right, body, form, out):
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
    from docx.shared import Pt

    d = docx.Document()
    st = d.styles["Normal"]
    st.font.name = "Times New Roman"
    st.font.size = Pt(13)
    t = d.add_table(rows=1, cols=2)
    for cell, lines in zip(t.rows[0].cells, (left, right)):
        cell.paragraphs[0].text = ""
        first = True
        for text, bold in lines:
            p = cell.paragraphs[0] if first else cell.add_paragraph()
            first = False
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            p.add_run(text).bold = bold
    for text, bold in body:
        p = d.add_paragraph()
        if text.startswith("- "):
            p.style = d.styles["List Bullet"]
            text = text[2:]
        p.add_run(text).bold = bold
    d.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    for text, bold in form:
        p = d.add_paragraph()
        if bold:
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.add_run(text).bold = bold
    fixed = datetime.datetime(2024, 1, 15, 8, 0, 0)
    d.core_properties.created = fixed
    d.core_properties.modified = fixed
    d.core_properties.author = "UBND tỉnh Sóc Trăng"
    d.save(out)


def make_pdf(left, right, body, form, out):
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.platypus import (PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table,
                                    TableStyle)
    from xml.sax.saxutils import escape

    pdfmetrics.registerFont(TTFont("DejaVuSans", FONT))
    pdfmetrics.registerFont(TTFont("DejaVuSans-Bold", FONT_BOLD))
    normal = ParagraphStyle("n", fontName="DejaVuSans", fontSize=11, leading=15, spaceAfter=4)
    bold = ParagraphStyle("b", parent=normal, fontName="DejaVuSans-Bold")
    centre = ParagraphStyle("c", parent=normal, alignment=1)
    centre_b = ParagraphStyle("cb", parent=bold, alignment=1)
    bullet = ParagraphStyle("l", parent=normal, leftIndent=8 * mm)

    def para(text, b, st=None):
        return Paragraph(escape(text), st or (bold if b else normal))

    head = Table([[[para(t, b, centre_b if b else centre) for t, b in left],
                   [para(t, b, centre_b if b else centre) for t, b in right]]],
                 colWidths=[75 * mm, 95 * mm])
    head.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
    story = [head, Spacer(1, 6 * mm)]
    for text, b in body:
        story.append(para(text, b, bullet if text.startswith("- ") else None))
    story.append(PageBreak())
    for text, b in form:
        story.append(para(text, b, centre_b if b else None))
    doc = SimpleDocTemplate(out, pagesize=A4, leftMargin=25 * mm, rightMargin=15 * mm,
                            topMargin=20 * mm, bottomMargin=20 * mm,
                            title="Công văn số 118/UBND-TH", author="UBND tỉnh Sóc Trăng",
                            invariant=1)
    doc.build(story)


def main():
    left, right, body, form = read_letter()
    make_docx(left, right, body, form, os.path.join(HERE, "118-UBND-TH.docx"))
    make_pdf(left, right, body, form, os.path.join(HERE, "118-UBND-TH.pdf"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
