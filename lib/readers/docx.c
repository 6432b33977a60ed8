/*
 * docx — Office Open XML (ECMA-376) word/document.xml to text.
 * Paragraphs are lines; a table row is written by layout_row() (a one-line
 * row joined by tabs, otherwise cell after cell);
 * w:sym check boxes (Wingdings) and w14:checkbox content controls become
 * ☒/☐; tracked deletions (w:del) and struck-through runs are left out, as
 * an agency strikes or deletes the option it does not choose.
 */
#include "readers/readers.h"
#include "readers/xmlnode.h"

#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "buf.h"
#include "layout.h"
#include "text.h"

/* Element nesting followed (real documents: ~15). */
#define DOCX_MAX_DEPTH 128
/* Cells of a table row told apart (Word allows 63). */
#define DOCX_MAX_CELLS 64

struct dx {
	struct buf b;
	int rc;
};

static const xmlNode *
child(const xmlNode *n, const char *name)
{
	for (const xmlNode *c = n->children; c; c = c->next)
		if (xmlnode_is(c, name))
			return c;
	return NULL;
}

static bool
on_off(const xmlNode *n)
{
	const char *v = xmlnode_attr(n, "val");

	return !v || !(strcmp(v, "0") == 0 || strcmp(v, "false") == 0 || strcmp(v, "off") == 0 ||
	               strcmp(v, "none") == 0);
}

static void
put(struct dx *d, const char *s)
{
	if (!d->rc)
		d->rc = buf_adds(&d->b, s);
}

/* Wingdings / Wingdings 2 check-box glyphs (w:sym w:char, private use
 * F0xx) to Unicode. */
static const char *
sym_glyph(const char *font, const char *hex)
{
	unsigned long c = hex ? strtoul(hex, NULL, 16) & 0xff : 0;
	bool w2 = font && strstr(font, "2");

	if (w2) {
		switch (c) {
		case 0x52: case 0x51: return "\u2611";
		case 0x53: case 0x54: case 0x4f: return "\u2612";
		case 0xa3: case 0x2a: return "\u2610";
		case 0x50: return "\u2713";
		default: return "";
		}
	}
	switch (c) {
	case 0xfe: return "\u2611";
	case 0xfd: case 0x78: return "\u2612";
	case 0xa8: case 0x6f: case 0x71: return "\u2610";
	case 0xfc: return "\u2713";
	case 0xfb: return "\u2717";
	default: return "";
	}
}

static bool
struck(const xmlNode *run)
{
	const xmlNode *pr = child(run, "rPr");
	const xmlNode *s;

	if (!pr)
		return false;
	s = child(pr, "strike");
	if (s && on_off(s))
		return true;
	s = child(pr, "dstrike");
	return s && on_off(s);
}

static void walk(struct dx *d, const xmlNode *n, int depth);

static void
checkbox_sdt(struct dx *d, const xmlNode *cb)
{
	const xmlNode *c = child(cb, "checked");

	put(d, c && on_off(c) ? "\u2612" : "\u2610");
}

static void
walk(struct dx *d, const xmlNode *n, int depth)
{
	if (depth > DOCX_MAX_DEPTH)
		return;
	for (; n && !d->rc; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (xmlnode_is(n, "del") || xmlnode_is(n, "delText") || xmlnode_is(n, "instrText") ||
		    xmlnode_is(n, "rPr") || xmlnode_is(n, "pPr") || xmlnode_is(n, "moveFrom"))
			continue;
		if (xmlnode_is(n, "t")) {
			xmlChar *t = xmlNodeGetContent(n);

			if (t) {
				put(d, (const char *)t);
				xmlFree(t);
			}
			continue;
		}
		if (xmlnode_is(n, "tab")) {
			put(d, "\t");
			continue;
		}
		if (xmlnode_is(n, "br") || xmlnode_is(n, "cr")) {
			put(d, "\n");
			continue;
		}
		if (xmlnode_is(n, "sym")) {
			put(d, sym_glyph(xmlnode_attr(n, "font"), xmlnode_attr(n, "char")));
			continue;
		}
		if (xmlnode_is(n, "r") && struck(n))
			continue;
		if (xmlnode_is(n, "sdt")) {
			const xmlNode *pr = child(n, "sdtPr");
			const xmlNode *cb = pr ? child(pr, "checkbox") : NULL;

			if (cb) {
				checkbox_sdt(d, cb);
				/* The control's glyph run is its display only. */
				continue;
			}
		}
		if (xmlnode_is(n, "tr")) {
			size_t row = d->b.len, cs[DOCX_MAX_CELLS], ce[DOCX_MAX_CELLS], nc = 0;

			for (const xmlNode *c = n->children; c && !d->rc; c = c->next) {
				if (!xmlnode_is(c, "tc"))
					continue;
				/* Cells past the limit run on in the last one. */
				if (nc < DOCX_MAX_CELLS)
					cs[nc++] = d->b.len;
				else
					put(d, "\n");
				walk(d, c->children, depth + 1);
				ce[nc - 1] = d->b.len;
			}
			/* A heading cell before its answer cell, a tick cell
			 * before its option (layout.h). */
			if (!d->rc)
				d->rc = layout_row_rewrite(&d->b, row, cs, ce, nc);
			continue;
		}
		walk(d, n->children, depth + 1);
		if (xmlnode_is(n, "p"))
			put(d, "\n");
	}
}

int
docx_text(const char *data, size_t len, char **out, struct yk_err *err)
{
	void *v;
	xmlDocPtr doc;
	struct dx d;
	int rc;

	*out = NULL;
	if ((rc = reader_zip_xml(data, len, "word/document.xml", "docx", &v, err)))
		return rc;
	doc = v;
	buf_init(&d.b, READER_MAX_TEXT);
	d.rc = 0;
	walk(&d, xmlDocGetRootElement(doc), 0);
	xmlFreeDoc(doc);
	if (d.rc == YK_ENOMEM) {
		buf_free(&d.b);
		return yk_err_set(err, YK_ENOMEM, "docx: out of memory");
	}
	/* Past READER_MAX_TEXT the text is cut: the form is at the start. */
	*out = text_nfc(d.b.data ? d.b.data : "", d.b.len);
	buf_free(&d.b);
	return *out ? 0 : yk_err_set(err, YK_ENOMEM, "docx: out of memory");
}
