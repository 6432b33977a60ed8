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
	bool original;    /* past an Outlook reply's header block */
	bool coloured;    /* ... and the writer typed in colour after it */
	bool mark;        /* quote that original (the second walk) */
	int colour;       /* depth in elements the writer coloured */
	int link;         /* depth in <a> (a link's colour is not the writer's) */
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
			/* the original under an Outlook header block is quoted
			 * too, except the lines the writer typed in colour */
			int quote = o->quote + (o->mark && o->original && o->colour == 0);

			for (int q = 0; q < quote && !o->rc; q++)
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

/* Is this a text colour other than the usual black or grey ("color:red",
 * <font color="#0070c0">)?  Outlook's inline answers are typed in one. */
static bool
writer_colour(xmlNode *n)
{
	static const char *const plain[] = {
		"black", "#000", "#000000", "windowtext", "rgb(0,0,0)", "#212121", "#222", "#222222",
		"#201f1e", "#1f1f1f", "#333", "#333333", "auto", "inherit", "initial", "currentcolor",
		"#242424", "#444", "#444444", "#500050", "text",
	};
	xmlChar *v = NULL;
	char val[32];
	size_t k = 0;
	const char *p = NULL;

	if (!strcasecmp((const char *)n->name, "font") && (v = xmlGetProp(n, BAD_CAST "color")))
		p = (const char *)v;
	else if ((v = xmlGetProp(n, BAD_CAST "style")) != NULL) {
		/* "color:" itself, not "background-color:" or "mso-…-color:" */
		for (const char *c = (const char *)v; (c = strcasestr(c, "color")) != NULL; c += 5) {
			const char *e = c + 5;

			while (*e == ' ')
				e++;
			if (*e == ':' && (c == (const char *)v || c[-1] == ';' || c[-1] == ' ' ||
			                  c[-1] == '"' || c[-1] == '\'')) {
				p = e + 1;
				break;
			}
		}
	}
	for (; p && *p && *p != ';' && *p != '!' && k + 1 < sizeof val; p++)
		if (*p != ' ' && *p != '\t')
			val[k++] = *p;
	val[k] = '\0';
	xmlFree(v);
	if (k == 0)
		return false;
	for (size_t i = 0; i < sizeof plain / sizeof *plain; i++)
		if (!strcasecmp(val, plain[i]))
			return false;
	return true;
}

/* Does the text from byte START on read as a reply's header block
 * ("From: … Sent: …", "Từ: … Đã gửi: …")? */
static bool
header_text(const struct out *o, size_t start)
{
	const char *t = o->b.data ? o->b.data + start : "";

	return (strstr(t, "From:") || strstr(t, "Từ:")) &&
	       (strstr(t, "Sent:") || strstr(t, "Đã gửi:") || strstr(t, "Date:") ||
	        strstr(t, "Ngày:") || strstr(t, "Gửi:"));
}

/* Outlook's header block above the original: <div id="divRplyFwdMsg">,
 * or a div with a rule on top ("border-top:solid #E1E1E1 1.0pt"). */
static bool
header_div(xmlNode *n)
{
	xmlChar *v;
	bool hit = false;

	if (strcasecmp((const char *)n->name, "div"))
		return false;
	if ((v = xmlGetProp(n, BAD_CAST "id")) != NULL) {
		hit = !strcasecmp((const char *)v, "divRplyFwdMsg");
		xmlFree(v);
	}
	if (!hit && (v = xmlGetProp(n, BAD_CAST "style")) != NULL) {
		hit = strcasestr((const char *)v, "border-top:solid") ||
		      strcasestr((const char *)v, "border-top: solid");
		xmlFree(v);
	}
	return hit;
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
		bool link = !strcasecmp(name, "a");
		bool coloured = !link && !o->link && o->original && writer_colour(n);
		bool hdr = !o->original && header_div(n);
		size_t start = o->b.len;

		if (bq)
			o->quote++;
		o->link += link;
		o->colour += coloured;
		o->coloured |= coloured;
		walk(o, n->children, depth + 1);
		o->colour -= coloured;
		o->link -= link;
		if (bq)
			o->quote--;
		if (hdr && header_text(o, start)) {
			newline(o);
			o->original = true;
		}
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
	o.original = false;
	o.coloured = false;
	o.mark = false;
	o.colour = 0;
	o.link = 0;
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
		if (o.rc == 0 && o.original && o.coloured) {
			/* Outlook's original with the writer's coloured lines in
			 * it: again, with the original quoted (only then, so that
			 * other replies and forwards read as they always did) */
			buf_reset(&o.b);
			o.original = false;
			o.mark = true;
			o.bol = true;
			o.space = false;
			walk(&o, xmlDocGetRootElement(doc), 0);
		}
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
