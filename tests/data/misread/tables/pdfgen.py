"""pdfgen — a small PDF writer for the test data of this folder (Python
standard library only): one or more A4 pages of text lines and tables,
the text in DejaVu Sans as a Type0 font (Identity-H, CID = the Unicode
code point) with a ToUnicode CMap so that poppler maps it to Unicode.
The font program is not embedded (it would add 700 KB to every message);
its advance widths are read from the installed DejaVuSans.ttf
(fonts-dejavu-core) so that the text boxes poppler reports are the real
ones.  Tables are drawn with their rules and, like the PDF export of Word
and LibreOffice, their cell text either line by line across the row
("interleave") or cell after cell ("cells").
"""
import struct
import zlib

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
FONT_BOLD = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"


def ttf_widths(path):
    """{code point: advance width in 1/1000 em} from a TrueType file."""
    data = open(path, "rb").read()
    n = struct.unpack(">H", data[4:6])[0]
    tables = {}
    for i in range(n):
        tag, _, off, ln = struct.unpack(">4sIII", data[12 + 16 * i:28 + 16 * i])
        tables[tag.decode()] = (off, ln)
    upem = struct.unpack(">H", data[tables["head"][0] + 18:tables["head"][0] + 20])[0]
    nh = struct.unpack(">H", data[tables["hhea"][0] + 34:tables["hhea"][0] + 36])[0]
    hm = tables["hmtx"][0]
    adv = [struct.unpack(">H", data[hm + 4 * i:hm + 4 * i + 2])[0] for i in range(nh)]
    cm = tables["cmap"][0]
    sub = None
    for i in range(struct.unpack(">H", data[cm + 2:cm + 4])[0]):
        pid, eid, off = struct.unpack(">HHI", data[cm + 4 + 8 * i:cm + 12 + 8 * i])
        if pid == 3 and eid == 1:
            sub = cm + off
    segx2 = struct.unpack(">H", data[sub + 6:sub + 8])[0]
    seg = segx2 // 2
    ends = struct.unpack(">%dH" % seg, data[sub + 14:sub + 14 + segx2])
    base = sub + 16 + segx2
    starts = struct.unpack(">%dH" % seg, data[base:base + segx2])
    deltas = struct.unpack(">%dh" % seg, data[base + segx2:base + 2 * segx2])
    roff_at = base + 2 * segx2
    roffs = struct.unpack(">%dH" % seg, data[roff_at:roff_at + segx2])
    widths = {}
    for s in range(seg):
        for c in range(starts[s], min(ends[s], 0xfffe) + 1):
            if roffs[s] == 0:
                g = (c + deltas[s]) & 0xffff
            else:
                a = roff_at + 2 * s + roffs[s] + 2 * (c - starts[s])
                g = struct.unpack(">H", data[a:a + 2])[0]
                if g:
                    g = (g + deltas[s]) & 0xffff
            if g:
                widths[c] = round(adv[min(g, nh - 1)] * 1000 / upem)
    return widths


_W = {}


def widths(bold=False):
    path = FONT_BOLD if bold else FONT
    if path not in _W:
        _W[path] = ttf_widths(path)
    return _W[path]


def text_width(s, size, bold=False):
    w = widths(bold)
    return sum(w.get(ord(c), 600) for c in s) * size / 1000.0


def wrap(text, width, size, bold=False):
    out = []
    for para in text.split("\n"):
        line = ""
        for word in para.split(" "):
            cand = word if not line else line + " " + word
            if line and text_width(cand, size, bold) > width:
                out.append(line)
                line = word
            else:
                line = cand
        out.append(line)
    return out


class Page:
    def __init__(self):
        self.ops = []
        self.used = {False: set(), True: set()}

    def text(self, x, y, s, size=11, bold=False):
        if not s:
            return
        self.used[bold].update(ord(c) for c in s)
        hexs = "".join("%04X" % ord(c) for c in s)
        self.ops.append("BT /F%d %g Tf %.2f %.2f Td <%s> Tj ET" % (2 if bold else 1, size, x, y, hexs))

    def center(self, y, s, size=11, bold=False, left=50, right=545):
        self.text((left + right - text_width(s, size, bold)) / 2, y, s, size, bold)

    def rule(self, x1, y1, x2, y2):
        self.ops.append("%.2f %.2f m %.2f %.2f l S" % (x1, y1, x2, y2))

    def paragraph(self, y, text, size=11, left=50, right=545, lead=None, bold=False):
        lead = lead or size * 1.25
        for l in wrap(text, right - left, size, bold):
            self.text(left, y, l, size, bold)
            y -= lead
        return y

    def table(self, y, cols, rows, size=11, pad=4, order="interleave", bold_rows=()):
        """cols: x of the rules, left to right; rows: lists of cell texts.
        Returns the y under the table."""
        lead = size * 1.25
        self.ops.append("0.5 w")
        self.rule(cols[0], y, cols[-1], y)
        for r, row in enumerate(rows):
            bold = r in bold_rows
            cells = [wrap(t, cols[i + 1] - cols[i] - 2 * pad, size, bold) for i, t in enumerate(row)]
            h = max(len(c) for c in cells) * lead + 2 * pad
            base = y - pad - size
            if order == "interleave":
                for k in range(max(len(c) for c in cells)):
                    for i, c in enumerate(cells):
                        if k < len(c):
                            self.text(cols[i] + pad, base - k * lead, c[k], size, bold)
            else:
                for i, c in enumerate(cells):
                    for k, l in enumerate(c):
                        self.text(cols[i] + pad, base - k * lead, l, size, bold)
            for x in cols:
                self.rule(x, y, x, y - h)
            y -= h
            self.rule(cols[0], y, cols[-1], y)
        return y


def _tounicode(codes):
    codes = sorted(codes)
    body = []
    for i in range(0, len(codes), 100):
        chunk = codes[i:i + 100]
        body.append("%d beginbfchar" % len(chunk))
        body += ["<%04X> <%04X>" % (c, c) for c in chunk]
        body.append("endbfchar")
    return ("/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
            "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
            "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
            "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n%s\n"
            "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n" % "\n".join(body))


def build(pages, title="", producer="Microsoft® Word for Microsoft 365"):
    """The bytes of a PDF of PAGES (Page objects)."""
    objs = []

    def add(b):
        objs.append(b if isinstance(b, bytes) else b.encode("latin-1"))
        return len(objs)

    def stream(data, extra=""):
        z = zlib.compress(data.encode("latin-1"), 9)
        return add(b"<< /Length %d /Filter /FlateDecode %s >>\nstream\n" % (len(z), extra.encode())
                   + z + b"\nendstream")

    catalog = add("")
    pages_obj = add("")
    fonts = {}
    for bold in (False, True):
        used = set()
        for p in pages:
            used |= p.used[bold]
        if not used:
            continue
        name = "DejaVuSans-Bold" if bold else "DejaVuSans"
        w = widths(bold)
        desc = add("<< /Type /FontDescriptor /FontName /%s /Flags 32 /FontBBox [-1021 -463 1793 1232] "
                   "/ItalicAngle 0 /Ascent 928 /Descent -236 /CapHeight 729 /StemV 80 >>" % name)
        warr = " ".join("%d [%d]" % (c, w.get(c, 600)) for c in sorted(used))
        cid = add("<< /Type /Font /Subtype /CIDFontType2 /BaseFont /%s /CIDSystemInfo << /Registry (Adobe) "
                  "/Ordering (Identity) /Supplement 0 >> /FontDescriptor %d 0 R /DW 600 /W [%s] "
                  "/CIDToGIDMap /Identity >>" % (name, desc, warr))
        tu = stream(_tounicode(used))
        fonts[bold] = add("<< /Type /Font /Subtype /Type0 /BaseFont /%s /Encoding /Identity-H "
                          "/DescendantFonts [%d 0 R] /ToUnicode %d 0 R >>" % (name, cid, tu))
    kids = []
    res = " ".join("/F%d %d 0 R" % (2 if b else 1, o) for b, o in fonts.items())
    for p in pages:
        content = stream("\n".join(p.ops))
        kids.append(add("<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595.32 841.92] "
                        "/Resources << /Font << %s >> >> /Contents %d 0 R >>" % (pages_obj, res, content)))
    objs[catalog - 1] = b"<< /Type /Catalog /Pages %d 0 R >>" % pages_obj
    objs[pages_obj - 1] = ("<< /Type /Pages /Kids [%s] /Count %d >>"
                           % (" ".join("%d 0 R" % k for k in kids), len(kids))).encode()
    info = add("<< /Producer (%s) /Title <FEFF%s> >>" % (
        producer.encode("ascii", "replace").decode(),
        "".join("%04X" % ord(c) for c in title)))
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offs = []
    for i, o in enumerate(objs, 1):
        offs.append(len(out))
        out += b"%d 0 obj\n" % i + o + b"\nendobj\n"
    x = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    for o in offs:
        out += b"%010d 00000 n \n" % o
    out += (b"trailer\n<< /Size %d /Root %d 0 R /Info %d 0 R >>\nstartxref\n%d\n%%%%EOF\n"
            % (len(objs) + 1, catalog, info, x))
    return bytes(out)
