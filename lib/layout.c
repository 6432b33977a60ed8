/*
 * layout — see layout.h.  The page: characters → words (a space, a line
 * end or a jump in x or y ends a word) → lines (words whose vertical
 * centres agree, left to right) → tables (runs of lines that keep a
 * vertical gutter free) → rows (where no column runs on) → cells.
 */
#include "layout.h"

#include <stdlib.h>
#include <string.h>

#include "err.h"

/*
 * The gutter between two columns is at least GUTTER_HEIGHTS line heights
 * and GUTTER_SPACES ordinary word gaps wide: Word's default cell margins
 * leave 0.8 of a line height between the columns' text, LibreOffice's
 * 0.4.  A justified line's stretched spaces can be as wide, but they are
 * all alike on one line, so a line counts for a table only where its gap
 * between columns is GUTTER_STANDOUT times its mean word gap.
 */
#define GUTTER_HEIGHTS 0.33
#define GUTTER_SPACES 1.25
#define GUTTER_STANDOUT 1.3
/* Lines with text on both sides of the gutter for a run to be a table. */
#define TABLE_MIN_LINES 3
/* Inside a word, a jump of more than this many line heights ends it
 * (poppler glues the end of a left cell to the start of the right one). */
#define WORD_JUMP 0.25
/* A column's line further than this many line pitches below the one
 * before it starts a new paragraph. */
#define PARA_PITCHES 1.6

struct word {
	size_t s, e;              /* bytes of TEXT */
	double x1, y1, x2, y2;
	int col;
	bool cont;                /* first of its column's words on a line that runs on */
};

struct line {
	size_t first, n;          /* into the ordered word indices */
	double yc, h;
};

struct gut {
	double a, b;
};

struct page {
	const char *text;
	struct word *w;
	size_t nw;
	size_t *ord;              /* word indices, line by line, left to right */
	struct line *l;
	size_t nl;
	double h, space, gmin;
	size_t budget;            /* word visits left to look for tables */
};

/* Word visits spent looking for tables, per character of the page: a
 * page of text needs a few; one built so that every line starts a new
 * search would need the square of its lines. */
#define LAYOUT_BUDGET 32

static size_t
utf8_len(unsigned char c)
{
	if (c < 0x80)
		return 1;
	if (c >= 0xf0)
		return 4;
	if (c >= 0xe0)
		return 3;
	return c >= 0xc0 ? 2 : 1;
}

static bool
is_blank(const char *s, size_t n)
{
	return (n == 1 && (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r' || *s == '\f')) ||
	       (n == 2 && (unsigned char)s[0] == 0xc2 && (unsigned char)s[1] == 0xa0);
}

static double
mid(const struct word *w)
{
	return (w->y1 + w->y2) / 2;
}

/* Characters to words; returns the number of words. */
static size_t
make_words(const char *text, size_t len, const struct layout_box *box, size_t n, struct word *w)
{
	size_t nw = 0, pos = 0;
	bool open = false;

	for (size_t i = 0; i < n && pos < len; i++) {
		size_t cl = utf8_len((unsigned char)text[pos]);
		const struct layout_box *b = &box[i];
		bool has_box = b->x2 > b->x1 && b->y2 > b->y1;

		if (pos + cl > len)
			cl = len - pos;
		if (is_blank(text + pos, cl) || !has_box) {
			if (!has_box && !is_blank(text + pos, cl) && open)
				w[nw - 1].e = pos + cl; /* a mark without a box: part of its word */
			else
				open = false;
			pos += cl;
			continue;
		}
		if (open) {
			struct word *c = &w[nw - 1];
			double h = c->y2 - c->y1, yc = (b->y1 + b->y2) / 2;

			if (b->x1 > c->x2 + WORD_JUMP * h || b->x1 < c->x1 - WORD_JUMP * h ||
			    yc < c->y1 || yc > c->y2)
				open = false;
		}
		if (!open) {
			w[nw].s = pos;
			w[nw].x1 = b->x1;
			w[nw].y1 = b->y1;
			w[nw].x2 = b->x2;
			w[nw].y2 = b->y2;
			w[nw].col = 0;
			w[nw].cont = false;
			nw++;
			open = true;
		} else {
			struct word *c = &w[nw - 1];

			if (b->x2 > c->x2)
				c->x2 = b->x2;
			if (b->y1 < c->y1)
				c->y1 = b->y1;
			if (b->y2 > c->y2)
				c->y2 = b->y2;
		}
		w[nw - 1].e = pos + cl;
		pos += cl;
	}
	return nw;
}

struct key {
	double k;
	size_t i;
};

static int
by_key(const void *a, const void *b)
{
	const struct key *x = a, *y = b;

	if (x->k != y->k)
		return (x->k > y->k) - (x->k < y->k);
	return (x->i > y->i) - (x->i < y->i);
}

/* The middle value of V (N of them, reordered): Wirth's selection,
 * linear on average and untroubled by equal values (every line of a page
 * is often the same height), where a sort would cost n log n. */
static double
median(double *v, size_t n, double dflt)
{
	long l = 0, r = (long)n - 1, k = (long)(n / 2);

	if (n == 0)
		return dflt;
	while (l < r) {
		double x = v[k];
		long i = l, j = r;

		do {
			while (v[i] < x)
				i++;
			while (x < v[j])
				j--;
			if (i <= j) {
				double t = v[i];

				v[i] = v[j];
				v[j] = t;
				i++;
				j--;
			}
		} while (i <= j);
		if (j < k)
			l = i;
		if (k < i)
			r = j;
	}
	return v[k];
}

/* Words to lines; fills p->ord, p->l, p->nl, p->h, p->space.  KEY has
 * room for p->nw keys, SCRATCH for p->nw doubles. */
static void
make_lines(struct page *p, struct key *key, double *scratch)
{
	size_t nh = 0, ns = 0;

	for (size_t i = 0; i < p->nw; i++) {
		key[i].k = mid(&p->w[i]);
		key[i].i = i;
	}
	/* poppler gives a page mostly top to bottom: sort only when not */
	for (size_t i = 1; i < p->nw; i++) {
		if (by_key(&key[i - 1], &key[i]) > 0) {
			qsort(key, p->nw, sizeof *key, by_key);
			break;
		}
	}
	for (size_t i = 0; i < p->nw; i++)
		p->ord[i] = key[i].i;
	p->nl = 0;
	for (size_t i = 0; i < p->nw;) {
		const struct word *f = &p->w[p->ord[i]];
		double yc = mid(f), h = f->y2 - f->y1;
		size_t j = i + 1;
		struct line *l;

		while (j < p->nw && mid(&p->w[p->ord[j]]) - yc <= 0.45 * h)
			j++;
		/* left to right */
		for (size_t a = i; a < j; a++) {
			key[a].k = p->w[p->ord[a]].x1;
			key[a].i = p->ord[a];
		}
		for (size_t a = i + 1; a < j; a++) {
			if (by_key(&key[a - 1], &key[a]) > 0) {
				qsort(key + i, j - i, sizeof *key, by_key);
				break;
			}
		}
		for (size_t a = i; a < j; a++)
			p->ord[a] = key[a].i;
		l = &p->l[p->nl++];
		l->first = i;
		l->n = j - i;
		l->yc = yc;
		l->h = h;
		scratch[nh++] = h;
		i = j;
	}
	p->h = median(scratch, nh, 10);
	for (size_t li = 0; li < p->nl; li++) {
		const struct line *l = &p->l[li];

		for (size_t k = 1; k < l->n; k++) {
			double g = p->w[p->ord[l->first + k]].x1 - p->w[p->ord[l->first + k - 1]].x2;

			if (g > 0 && g < p->h)
				scratch[ns++] = g;
		}
	}
	p->space = median(scratch, ns, 0.3 * p->h);
	p->gmin = GUTTER_HEIGHTS * p->h;
	if (p->gmin < GUTTER_SPACES * p->space)
		p->gmin = GUTTER_SPACES * p->space;
}

static const struct word *
lw(const struct page *p, const struct line *l, size_t k)
{
	return &p->w[p->ord[l->first + k]];
}

/* The gaps of line L at least gmin wide: *ng of them into g. */
static size_t
line_gaps(const struct page *p, const struct line *l, struct gut *g)
{
	size_t ng = 0;
	double right = l->n ? lw(p, l, 0)->x2 : 0;

	for (size_t k = 1; k < l->n && ng < LAYOUT_MAX_COLS - 1; k++) {
		const struct word *w = lw(p, l, k);

		if (w->x1 - right >= p->gmin) {
			g[ng].a = right;
			g[ng].b = w->x1;
			ng++;
		}
		if (w->x2 > right)
			right = w->x2;
	}
	return ng;
}

/* What is left of the gutters G (NG) once line L's words are laid over
 * them, into OUT; returns the count. */
static size_t
narrow(struct page *p, const struct line *l, const struct gut *g, size_t ng, struct gut *out)
{
	size_t no = 0;

	for (size_t i = 0; i < ng; i++) {
		double cur = g[i].a;

		for (size_t k = 0; k < l->n && no < LAYOUT_MAX_COLS - 1; k++) {
			const struct word *w = lw(p, l, k);

			if (p->budget)
				p->budget--;
			if (w->x2 <= cur || w->x1 >= g[i].b)
				continue;
			if (w->x1 - cur >= p->gmin) {
				out[no].a = cur;
				out[no].b = w->x1;
				no++;
			}
			cur = w->x2;
		}
		if (g[i].b - cur >= p->gmin && no < LAYOUT_MAX_COLS - 1) {
			out[no].a = cur;
			out[no].b = g[i].b;
			no++;
		}
	}
	return no;
}

static int
col_of(const struct word *w, const struct gut *g, size_t ng)
{
	int c = 0;
	double x = (w->x1 + w->x2) / 2;

	for (size_t i = 0; i < ng; i++)
		c += x > (g[i].a + g[i].b) / 2;
	return c;
}

/* Does line L have words in at least two columns, with a gap between
 * them that stands out from its word gaps?  A justified line spreads its
 * words evenly, so a chance river through a few of them is no wider than
 * their other gaps; a cell ends where its text ends. */
static bool
two_sided(const struct page *p, const struct line *l)
{
	double col_gap = 0, sum = 0;
	size_t n = 0;

	for (size_t k = 1; k < l->n; k++) {
		const struct word *a = lw(p, l, k - 1), *b = lw(p, l, k);
		double g = b->x1 - a->x2;

		if (b->col != a->col) {
			if (g > col_gap)
				col_gap = g;
		} else if (g > 0) {
			sum += g;
			n++;
		}
	}
	return col_gap > 0 && (n == 0 || col_gap >= GUTTER_STANDOUT * sum / (double)n);
}

/* First and last word (k0..k1) of column C in line L; false if none. */
static bool
col_words(const struct page *p, const struct line *l, int c, size_t *k0, size_t *k1)
{
	bool any = false;

	for (size_t k = 0; k < l->n; k++) {
		if (lw(p, l, k)->col != c)
			continue;
		if (!any)
			*k0 = k;
		*k1 = k;
		any = true;
	}
	return any;
}

static bool
starts_item(const struct page *p, const struct word *w)
{
	const char *s = p->text + w->s;
	size_t n = w->e - w->s, d = 0;

	if (layout_cell_is_mark(s, n))
		return true;
	if (n == 1 && strchr("-+*", s[0]))
		return true;
	if (n == 3 && !memcmp(s, "\xe2\x80\xa2", 3)) /* • */
		return true;
	while (d < n && s[d] >= '0' && s[d] <= '9')
		d++;
	if (d >= 1 && d <= 2 && d + 1 == n && (s[d] == '.' || s[d] == ')'))
		return true;
	return n == 2 && s[1] == ')' && s[0] >= 'a' && s[0] <= 'z';
}

/* Does word W begin with a capital letter or a digit (Vietnamese
 * capitals with their marks included)? */
static bool
starts_upper(const struct page *p, const struct word *w)
{
	const unsigned char *s = (const unsigned char *)p->text + w->s;
	size_t n = w->e - w->s;
	unsigned c;

	if (n == 0)
		return false;
	if (s[0] < 0x80)
		return (s[0] >= 'A' && s[0] <= 'Z') || (s[0] >= '0' && s[0] <= '9');
	if (s[0] < 0xe0 && n >= 2)
		c = ((s[0] & 0x1fu) << 6) | (s[1] & 0x3fu);
	else if (s[0] < 0xf0 && n >= 3)
		c = ((s[0] & 0x0fu) << 12) | ((s[1] & 0x3fu) << 6) | (s[2] & 0x3fu);
	else
		return false;
	return (c >= 0xc0 && c <= 0xde && c != 0xd7) || (c >= 0x100 && c <= 0x17f && !(c & 1)) ||
	       c == 0x1a0 || c == 0x1af || (c >= 0x1ea0 && c <= 0x1ef9 && !(c & 1));
}

/* Does word W end a sentence or a label? */
static bool
ends_sentence(const struct page *p, const struct word *w)
{
	char c = w->e > w->s ? p->text[w->e - 1] : 0;

	return c && strchr(".:;!?", c);
}

/* Is word W a row number ("1", "2.", "3)")? */
static bool
is_number(const struct page *p, const struct word *w)
{
	const char *s = p->text + w->s;
	size_t n = w->e - w->s, d = 0;

	while (d < n && s[d] >= '0' && s[d] <= '9')
		d++;
	return d >= 1 && d <= 3 && (d == n || (d + 1 == n && (s[d] == '.' || s[d] == ')')));
}

static int
put_words(struct buf *b, const struct page *p, const struct line *l, size_t k0, size_t k1, int c)
{
	int rc = 0;
	bool first = true;

	for (size_t k = k0; k <= k1 && !rc; k++) {
		const struct word *w = lw(p, l, k);

		if (c >= 0 && w->col != c)
			continue;
		if (!first)
			rc = buf_addc(b, ' ');
		if (!rc)
			rc = buf_add(b, p->text + w->s, w->e - w->s);
		first = false;
	}
	return rc;
}

/* Writes lines [r0, r1) of a table of NC columns as one row. */
static int
put_row(struct buf *out, const struct page *p, size_t r0, size_t r1, int nc)
{
	struct buf cell[LAYOUT_MAX_COLS];
	const char *cs[LAYOUT_MAX_COLS] = { 0 };
	size_t cl[LAYOUT_MAX_COLS] = { 0 };
	int rc = 0;

	for (int c = 0; c < nc; c++) {
		buf_init(&cell[c], (size_t)1 << 20);
		cs[c] = "";
		cl[c] = 0;
	}
	for (int c = 0; c < nc && !rc; c++) {
		for (size_t li = r0; li < r1 && !rc; li++) {
			size_t k0 = 0, k1 = 0;

			if (!col_words(p, &p->l[li], c, &k0, &k1))
				continue;
			/* A line the cell's text wrapped onto runs on after a
			 * space: a heading wrapped in a narrow column is one
			 * line again. */
			if (cell[c].len)
				rc = buf_addc(&cell[c], lw(p, &p->l[li], k0)->cont ? ' ' : '\n');
			if (!rc)
				rc = put_words(&cell[c], p, &p->l[li], k0, k1, c);
		}
		cs[c] = cell[c].data ? cell[c].data : "";
		cl[c] = cell[c].len;
	}
	if (!rc)
		rc = layout_row(out, cs, cl, (size_t)nc);
	for (int c = 0; c < nc; c++)
		buf_free(&cell[c]);
	return rc;
}

/* The table on lines [t0, t1) with gutters G (NG): rows where no column
 * runs on from the line above and one starts a paragraph. */
static int
put_table(struct buf *out, struct page *p, size_t t0, size_t t1, const struct gut *g, size_t ng,
          double *scratch)
{
	int nc = (int)ng + 1, rc = 0;
	double colmax[LAYOUT_MAX_COLS], pitch;
	long last[LAYOUT_MAX_COLS];
	size_t nd = 0, r0 = t0;

	for (int c = 0; c < nc; c++) {
		colmax[c] = 0;
		last[c] = -1;
	}
	for (size_t li = t0; li < t1; li++) {
		const struct line *l = &p->l[li];

		for (size_t k = 0; k < l->n; k++) {
			struct word *w = &p->w[p->ord[l->first + k]];

			w->col = col_of(w, g, ng);
			if (w->x2 > colmax[w->col])
				colmax[w->col] = w->x2;
		}
		for (int c = 0; c < nc; c++) {
			size_t k0 = 0, k1 = 0;

			if (!col_words(p, l, c, &k0, &k1))
				continue;
			if (last[c] >= 0)
				scratch[nd++] = l->yc - p->l[last[c]].yc;
			last[c] = (long)li;
		}
	}
	pitch = median(scratch, nd, 1.2 * p->h);
	for (int c = 0; c < nc; c++)
		last[c] = -1;
	for (size_t li = t0; li < t1 && !rc; li++) {
		const struct line *l = &p->l[li];
		bool starts = false, runs_on = false, numbered = false;

		for (int c = 0; c < nc; c++) {
			size_t k0 = 0, k1 = 0, pk0 = 0, pk1 = 0;

			if (!col_words(p, l, c, &k0, &k1))
				continue;
			/* A number heading the first column starts a row
			 * whatever the other columns do (TT | Nội dung | Ý kiến,
			 * "1. Nhận xét …" | its answer). */
			if (c == 0 && last[c] >= 0 && is_number(p, lw(p, l, k0)))
				numbered = true;
			if (last[c] < 0) {
				starts = true;
			} else {
				const struct line *pl = &p->l[last[c]];
				struct word *first = &p->w[p->ord[l->first + k0]];
				bool fits;

				col_words(p, pl, c, &pk0, &pk1);
				/* A line broken where the next word would still
				 * have fitted ended a paragraph. */
				fits = lw(p, pl, pk1)->x2 + p->space + (first->x2 - first->x1) <=
				       colmax[c] + 0.5;
				if (l->yc - pl->yc > PARA_PITCHES * pitch || fits ||
				    starts_item(p, first) ||
				    (ends_sentence(p, lw(p, pl, pk1)) && starts_upper(p, first)))
					starts = true;
				else
					runs_on = first->cont = true;
			}
			last[c] = (long)li;
		}
		if (li > r0 && ((starts && !runs_on) || numbered)) {
			rc = put_row(out, p, r0, li, nc);
			r0 = li;
		}
	}
	if (!rc)
		rc = put_row(out, p, r0, t1, nc);
	return rc;
}

static int
put_line(struct buf *out, const struct page *p, const struct line *l)
{
	int rc = l->n ? put_words(out, p, l, 0, l->n - 1, -1) : 0;

	return rc ? rc : buf_addc(out, '\n');
}

int
layout_page(const char *text, size_t len, const struct layout_box *box, size_t n,
            struct buf *out, bool *table)
{
	struct page p;
	double *scratch = NULL;
	struct key *key = NULL;
	size_t start = out->len;
	int rc = 0;
	bool any = false;

	*table = false;
	if (n == 0 || n > LAYOUT_MAX_CHARS || len == 0)
		return 0;
	memset(&p, 0, sizeof p);
	p.text = text;
	p.w = malloc(n * sizeof *p.w);
	p.ord = malloc(n * sizeof *p.ord);
	p.l = malloc(n * sizeof *p.l);
	scratch = malloc(n * sizeof *scratch);
	key = malloc(n * sizeof *key);
	if (!p.w || !p.ord || !p.l || !scratch || !key) {
		rc = YK_ENOMEM;
		goto done;
	}
	p.nw = make_words(text, len, box, n, p.w);
	make_lines(&p, key, scratch);
	p.budget = LAYOUT_BUDGET * n;
	if (p.nl < TABLE_MIN_LINES || p.nl > LAYOUT_MAX_LINES)
		goto done;
	for (size_t i = 0; i < p.nl && !rc;) {
		struct gut g[LAYOUT_MAX_COLS], g2[LAYOUT_MAX_COLS];
		size_t ng = line_gaps(&p, &p.l[i], g), j = i + 1, sides = 0;

		while (ng && j < p.nl && p.budget) {
			size_t n2 = narrow(&p, &p.l[j], g, ng, g2);

			if (!n2)
				break;
			memcpy(g, g2, n2 * sizeof *g);
			ng = n2;
			j++;
		}
		if (ng) {
			for (size_t li = i; li < j; li++)
				for (size_t k = 0; k < p.l[li].n; k++)
					p.w[p.ord[p.l[li].first + k]].col = col_of(lw(&p, &p.l[li], k), g, ng);
			for (size_t li = i; li < j; li++)
				sides += two_sided(&p, &p.l[li]);
		}
		if (sides >= TABLE_MIN_LINES) {
			any = true;
			rc = put_table(out, &p, i, j, g, ng, scratch);
			i = j;
		} else {
			rc = put_line(out, &p, &p.l[i]);
			i++;
		}
	}
	if (!any || !p.budget) {
		/* No table (or no telling): the caller keeps the page as
		 * it was read. */
		any = false;
		out->len = start;
		if (out->data)
			out->data[start] = '\0';
	}
	*table = any && !rc;
done:
	free(p.w);
	free(p.ord);
	free(p.l);
	free(scratch);
	free(key);
	return rc;
}

/* --- rows ---------------------------------------------------------------- */

static void
trim(const char **s, size_t *n)
{
	for (;;) {
		if (*n && strchr(" \t\n\r\f", **s)) {
			(*s)++;
			(*n)--;
		} else if (*n >= 2 && (unsigned char)(*s)[0] == 0xc2 && (unsigned char)(*s)[1] == 0xa0) {
			*s += 2;
			*n -= 2;
		} else {
			break;
		}
	}
	while (*n && strchr(" \t\n\r\f", (*s)[*n - 1]))
		(*n)--;
	while (*n >= 2 && (unsigned char)(*s)[*n - 2] == 0xc2 && (unsigned char)(*s)[*n - 1] == 0xa0)
		*n -= 2;
}

bool
layout_cell_is_mark(const char *s, size_t n)
{
	static const char *const marks[] = {
		"\xe2\x98\x92", "\xe2\x98\x91", "\xe2\x98\x90", "\xe2\x9c\x93", "\xe2\x9c\x94",
		"\xe2\x9c\x97", "\xe2\x9c\x98", "\xe2\x96\xa0", "\xe2\x96\xa1", "\xe2\x97\x8f",
		"\xe2\x97\x8b", "x", "X", "[x]", "[X]", "(x)", "(X)", "[ ]", "[]", "( )",
		"v", "V", "\xef\x81\xb8", "\xef\x83\xbe", "\xef\x81\xaf", /* Wingdings, unmapped */
		"I", "II", "III", "IV", "V", "VI",
	};
	size_t d = 0;

	trim(&s, &n);
	if (n == 0)
		return false;
	for (size_t i = 0; i < sizeof marks / sizeof *marks; i++)
		if (strlen(marks[i]) == n && !memcmp(marks[i], s, n))
			return true;
	while (d < n && s[d] >= '0' && s[d] <= '9')
		d++;
	return d >= 1 && d <= 3 && (d == n || (d + 1 == n && (s[d] == '.' || s[d] == ')')));
}

/* Does S (N bytes, trimmed) begin with a mark followed by a space? */
static bool
starts_with_mark(const char *s, size_t n)
{
	const char *sp = memchr(s, ' ', n);

	return sp && layout_cell_is_mark(s, (size_t)(sp - s));
}

int
layout_row(struct buf *out, const char *const *cell, const size_t *len, size_t n)
{
	bool one_line = true, any = false, joins = false, colon = false;
	int rc = 0;

	for (size_t i = 0; i < n; i++) {
		const char *s = cell[i];
		size_t k = len[i];

		trim(&s, &k);
		if (k && memchr(s, '\n', k))
			one_line = false;
	}
	for (size_t i = 0; i < n && !rc; i++) {
		const char *s = cell[i];
		size_t k = len[i];
		bool mark, later = false;
		char sep = '\n';

		trim(&s, &k);
		if (!k)
			continue;
		mark = layout_cell_is_mark(s, k);
		for (size_t j = i + 1; mark && j < n && !later; j++) {
			const char *t = cell[j];
			size_t m = len[j];

			trim(&t, &m);
			later = m > 0;
		}
		if (joins)
			sep = ' ';  /* the tick or number of the cell before */
		else if (one_line && mark && !later)
			sep = ' ';  /* a tick after its label: "… Hội thi. X" */
		else if (one_line && colon && !mark && !starts_with_mark(s, k))
			sep = ' ';  /* "Cơ quan, đơn vị:" and its value */
		if (any)
			rc = buf_addc(out, sep);
		if (!rc)
			rc = buf_add(out, s, k);
		any = true;
		joins = mark && later;
		colon = s[k - 1] == ':';
	}
	if (any && !rc)
		rc = buf_addc(out, '\n');
	return rc;
}

int
layout_row_rewrite(struct buf *b, size_t row_start, const size_t *start, const size_t *end,
                   size_t n)
{
	const char **cell;
	size_t *len;
	char *copy;
	size_t total;
	int rc;

	if (row_start > b->len)
		return YK_EINVAL;
	total = b->len - row_start;
	copy = malloc(total + 1);
	cell = malloc((n ? n : 1) * sizeof *cell);
	len = malloc((n ? n : 1) * sizeof *len);
	if (!copy || !cell || !len) {
		free(copy);
		free(cell);
		free(len);
		return YK_ENOMEM;
	}
	memcpy(copy, b->data ? b->data + row_start : "", total);
	copy[total] = '\0';
	for (size_t i = 0; i < n; i++) {
		size_t s = start[i] < row_start ? 0 : start[i] - row_start;
		size_t e = end[i] < start[i] ? s : end[i] - row_start;

		if (s > total)
			s = total;
		if (e > total)
			e = total;
		cell[i] = copy + s;
		len[i] = e - s;
	}
	b->len = row_start;
	if (b->data)
		b->data[row_start] = '\0';
	rc = layout_row(b, cell, len, n);
	free(copy);
	free(cell);
	free(len);
	return rc;
}
