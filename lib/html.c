/*
 * html — see html.h.
 */
#include "html.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

#include "buf.h"
#include "layout.h"
#include "text.h"

/* Cells of a table row told apart. */
#define HTML_MAX_CELLS 64

struct out {
	struct buf b;
	int quote;        /* blockquote depth */
	bool bol;         /* at the beginning of a line */
	bool space;       /* a space is pending */
	int rc;
};

static const char *const blocks[] = {
	"p", "div", "br", "tr", "li", "ul", "ol", "table", "h1", "h2", "h3", "h4",
	"h5", "h6", "blockquote", "pre", "hr", "dl", "dt", "dd", "section",
	"article", "header", "footer", "address", "center", "form", "tbody",
	"thead", "tfoot", "caption", "title",
};
static const char *const skipped[] = { "script", "style", "head", "noscript", "template", "xml" };

static bool
in_list(const char *name, const char *const *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!strcasecmp(name, list[i]))
			return true;
	return false;
}

static void
newline(struct out *o)
{
	if (o->rc)
		return;
	if (!o->bol)
		o->rc = buf_addc(&o->b, '\n');
	o->bol = true;
	o->space = false;
}

static void
emit(struct out *o, const char *s, size_t n)
{
	for (size_t i = 0; i < n && !o->rc; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') {
			o->space = !o->bol;
			continue;
		}
		if (o->bol) {
			for (int q = 0; q < o->quote && !o->rc; q++)
				o->rc = buf_adds(&o->b, "> ");
			o->bol = false;
		} else if (o->space) {
			o->rc = buf_addc(&o->b, ' ');
		}
		o->space = false;
		if (!o->rc)
			o->rc = buf_addc(&o->b, (char)c);
	}
}

static void walk(struct out *o, xmlNode *node, int depth);

/* A table row outside any quote: its cells are walked one by one and the
 * row written by layout_row() (a heading cell before its answer, a tick
 * cell before its option).  Inside a quote the cells stay on one line
 * joined by tabs, as every quoted line must keep its "> ". */
static void
row(struct out *o, xmlNode *tr, int depth)
{
	size_t start, cs[HTML_MAX_CELLS], ce[HTML_MAX_CELLS], nc = 0;

	newline(o);
	start = o->b.len;
	for (xmlNode *c = tr->children; c && !o->rc; c = c->next) {
		if (c->type != XML_ELEMENT_NODE ||
		    (strcasecmp((const char *)c->name, "td") && strcasecmp((const char *)c->name, "th")))
			continue;
		if (nc < HTML_MAX_CELLS)
			cs[nc++] = o->b.len;
		else
			newline(o);
		o->bol = true;
		o->space = false;
		walk(o, c->children, depth + 1);
		newline(o);
		ce[nc - 1] = o->b.len;
	}
	if (!o->rc)
		o->rc = layout_row_rewrite(&o->b, start, cs, ce, nc);
	o->bol = true;
	o->space = false;
}

static void
walk(struct out *o, xmlNode *node, int depth)
{
	if (depth > HTML_MAX_DEPTH)
		return;
	for (xmlNode *n = node; n && !o->rc; n = n->next) {
		if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
			if (n->content)
				emit(o, (const char *)n->content, strlen((const char *)n->content));
			continue;
		}
		if (n->type != XML_ELEMENT_NODE)
			continue;
		const char *name = (const char *)n->name;
		bool block = in_list(name, blocks, sizeof blocks / sizeof *blocks);
		bool cell = !strcasecmp(name, "td") || !strcasecmp(name, "th");
		bool bq = !strcasecmp(name, "blockquote");

		if (in_list(name, skipped, sizeof skipped / sizeof *skipped))
			continue;
		if (!strcasecmp(name, "tr") && o->quote == 0) {
			row(o, n, depth);
			continue;
		}
		if (block)
			newline(o);
		if (cell && !o->bol && !o->rc) {
			/* Cells of a row stay on its line. */
			o->rc = buf_addc(&o->b, '\t');
			o->space = false;
		}
		if (bq)
			o->quote++;
		walk(o, n->children, depth + 1);
		if (bq)
			o->quote--;
		if (block)
			newline(o);
	}
}

char *
html_to_text(const char *html, size_t len)
{
	htmlDocPtr doc;
	struct out o;
	char *res;

	if (len > HTML_MAX_INPUT || len > (size_t)INT32_MAX)
		return NULL;
	buf_init(&o.b, HTML_MAX_OUTPUT);
	o.quote = 0;
	o.bol = true;
	o.space = false;
	o.rc = 0;
	/* A parser context of our own: the NOERROR/NOWARNING options keep
	 * libxml2 quiet without changing its process-wide handlers. */
	htmlParserCtxtPtr ctx = htmlNewParserCtxt();

	if (!ctx)
		return NULL;
	doc = htmlCtxtReadMemory(ctx, html, (int)len, NULL, "UTF-8",
	                         HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
	                         HTML_PARSE_NONET | HTML_PARSE_COMPACT);
	if (doc) {
		walk(&o, xmlDocGetRootElement(doc), 0);
		xmlFreeDoc(doc);
	}
	htmlFreeParserCtxt(ctx);
	if (o.rc == 0 || o.b.len > 0) {
		res = text_nfc(o.b.data ? o.b.data : "", o.b.len);
	} else {
		res = NULL;
	}
	buf_free(&o.b);
	return res;
}
