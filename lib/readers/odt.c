/*
 * odt — OpenDocument Text (ISO/IEC 26300) content.xml to text.
 * Paragraphs and headings are lines, a table row is written by
 * layout_row() (a one-line row joined by tabs, else cell after cell),
 * text:s / text:tab / text:line-break are honoured; tracked changes
 * (text:tracked-changes holds deleted text) and spans in a struck-through
 * automatic style are left out.
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

/* Element nesting followed. */
#define ODT_MAX_DEPTH 128
/* Struck-through automatic styles remembered. */
#define ODT_MAX_STRUCK 256
/* Cells of a table row told apart. */
#define ODT_MAX_CELLS 64
/* Spaces one text:s may stand for. */
#define ODT_MAX_SPACES 64

struct od {
	struct buf b;
	int rc;
	const char *struck[ODT_MAX_STRUCK];
	size_t n_struck;
};

static void
put(struct od *d, const char *s, size_t n)
{
	if (!d->rc)
		d->rc = buf_add(&d->b, s, n);
}

static void
find_struck(struct od *d, const xmlNode *styles)
{
	for (const xmlNode *s = styles ? styles->children : NULL; s; s = s->next) {
		if (!xmlnode_is(s, "style"))
			continue;
		for (const xmlNode *p = s->children; p; p = p->next) {
			const char *lt = xmlnode_is(p, "text-properties") ?
			                 xmlnode_attr(p, "text-line-through-style") : NULL;
			const char *name = xmlnode_attr(s, "name");

			if (lt && strcmp(lt, "none") && name && d->n_struck < ODT_MAX_STRUCK)
				d->struck[d->n_struck++] = name;
		}
	}
}

static bool
is_struck(const struct od *d, const xmlNode *n)
{
	const char *st = xmlnode_attr(n, "style-name");

	for (size_t i = 0; st && i < d->n_struck; i++)
		if (!strcmp(d->struck[i], st))
			return true;
	return false;
}

static void
walk(struct od *d, const xmlNode *n, int depth)
{
	if (depth > ODT_MAX_DEPTH)
		return;
	for (; n && !d->rc; n = n->next) {
		if (n->type == XML_TEXT_NODE && n->content) {
			put(d, (const char *)n->content, strlen((const char *)n->content));
			continue;
		}
		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (xmlnode_is(n, "tracked-changes") || xmlnode_is(n, "automatic-styles") || xmlnode_is(n, "font-face-decls") ||
		    xmlnode_is(n, "annotation") || xmlnode_is(n, "note-citation") || xmlnode_is(n, "deletion"))
			continue;
		if (xmlnode_is(n, "span") && is_struck(d, n))
			continue;
		if (xmlnode_is(n, "s")) {
			const char *c = xmlnode_attr(n, "c");
			long k = c ? strtol(c, NULL, 10) : 1;

			for (long i = 0; i < k && i < ODT_MAX_SPACES; i++)
				put(d, " ", 1);
			continue;
		}
		if (xmlnode_is(n, "tab")) {
			put(d, "\t", 1);
			continue;
		}
		if (xmlnode_is(n, "line-break")) {
			put(d, "\n", 1);
			continue;
		}
		if (xmlnode_is(n, "table-row")) {
			size_t row = d->b.len, cs[ODT_MAX_CELLS], ce[ODT_MAX_CELLS], nc = 0;

			for (const xmlNode *c = n->children; c && !d->rc; c = c->next) {
				if (!xmlnode_is(c, "table-cell"))
					continue;
				/* Cells past the limit run on in the last one. */
				if (nc < ODT_MAX_CELLS)
					cs[nc++] = d->b.len;
				else
					put(d, "\n", 1);
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
		if (xmlnode_is(n, "p") || xmlnode_is(n, "h"))
			put(d, "\n", 1);
	}
}

int
odt_text(const char *data, size_t len, char **out, struct yk_err *err)
{
	void *v;
	xmlDocPtr doc;
	xmlNode *root;
	struct od d;
	int rc;

	*out = NULL;
	if ((rc = reader_zip_xml(data, len, "content.xml", "odt", &v, err)))
		return rc;
	doc = v;
	memset(&d, 0, sizeof d);
	buf_init(&d.b, READER_MAX_TEXT);
	root = xmlDocGetRootElement(doc);
	for (xmlNode *c = root ? root->children : NULL; c; c = c->next)
		if (xmlnode_is(c, "automatic-styles"))
			find_struck(&d, c);
	walk(&d, root, 0);
	xmlFreeDoc(doc);
	if (d.rc == YK_ENOMEM) {
		buf_free(&d.b);
		return yk_err_set(err, YK_ENOMEM, "odt: out of memory");
	}
	*out = text_nfc(d.b.data ? d.b.data : "", d.b.len);
	buf_free(&d.b);
	return *out ? 0 : yk_err_set(err, YK_ENOMEM, "odt: out of memory");
}
