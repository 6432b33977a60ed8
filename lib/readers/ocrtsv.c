#include "readers/ocrtsv.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "err.h"

/* Columns of a row: level page block par line word left top width height
 * conf text. */
#define TSV_COLS 12
/* A box is this many of its widths from its line at most. */
#define BOX_REACH 8

static const char tick_mark[] = "\u2612", box_mark[] = "\u2610";

/* A non-negative decimal field, or -1. */
static long
field_num(const char *s, size_t n)
{
	long v = 0;

	if (n == 0 || n > 9)
		return -1;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

int
ocrtsv_words(const char *tsv, size_t len, struct ocrtsv_word **words, size_t *n)
{
	struct ocrtsv_word *w = NULL;
	size_t cap = 0, i = 0;
	long key[4] = { -1, -1, -1, -1 }; /* page block par line of the last word */
	size_t line = 0;

	*words = NULL;
	*n = 0;
	while (i < len) {
		const char *row = tsv + i, *nl = memchr(row, '\n', len - i);
		size_t rlen = nl ? (size_t)(nl - row) : len - i;
		const char *f[TSV_COLS];
		size_t fl[TSV_COLS], k = 0, p = 0;
		long v[10];

		i += rlen + (nl ? 1 : 0);
		if (rlen && row[rlen - 1] == '\r')
			rlen--;
		/* the last column, the text, takes the rest of the row */
		while (k < TSV_COLS) {
			const char *tab = k + 1 < TSV_COLS ? memchr(row + p, '\t', rlen - p) : NULL;
			size_t e = tab ? (size_t)(tab - row) : rlen;

			f[k] = row + p;
			fl[k++] = e - p;
			if (!tab)
				break;
			p = e + 1;
		}
		if (k < TSV_COLS || (fl[0] == 5 && !memcmp(f[0], "level", 5)))
			continue; /* the header, or a row cut short */
		for (size_t c = 0; c < 10; c++)
			v[c] = field_num(f[c], fl[c]);
		if (v[0] != 5)
			continue;
		while (fl[11] && (f[11][fl[11] - 1] == ' ' || f[11][fl[11] - 1] == '\t'))
			fl[11]--;
		while (fl[11] && *f[11] == ' ') {
			f[11]++;
			fl[11]--;
		}
		if (fl[11] == 0)
			continue;
		for (size_t c = 1; c < 10; c++)
			if (v[c] < 0) {
				free(w);
				return YK_EINVAL;
			}
		if (*n == OCRTSV_MAX_WORDS) {
			free(w);
			return YK_ELIMIT;
		}
		if (*n == cap) {
			size_t nc = cap ? cap * 2 : 256;
			struct ocrtsv_word *nw = realloc(w, nc * sizeof *w);

			if (!nw) {
				free(w);
				return YK_ENOMEM;
			}
			w = nw;
			cap = nc;
		}
		if (*n > 0 && (v[1] != key[0] || v[2] != key[1] || v[3] != key[2] || v[4] != key[3])) {
			line++;
			if (v[1] != key[0] || v[2] != key[1] || v[3] != key[2])
				w[*n - 1].par_end = true;
		}
		memcpy(key, v + 1, sizeof key);
		w[*n] = (struct ocrtsv_word){ .x = (int)v[6], .y = (int)v[7], .w = (int)v[8],
		                              .h = (int)v[9], .line = line, .text = f[11],
		                              .len = fl[11] };
		(*n)++;
	}
	if (*n > 0)
		w[*n - 1].par_end = true;
	*words = w;
	return 0;
}

static int
imin(int a, int b)
{
	return a < b ? a : b;
}

static int
imax(int a, int b)
{
	return a > b ? a : b;
}

/* Words [from, to) of one line, their box. */
static void
line_span(const struct ocrtsv_word *w, size_t from, size_t to, int *x0, int *y0, int *x1,
          int *y1)
{
	*x0 = *y0 = INT32_MAX;
	*x1 = *y1 = INT32_MIN;
	for (size_t i = from; i < to; i++) {
		*x0 = imin(*x0, w[i].x);
		*y0 = imin(*y0, w[i].y);
		*x1 = imax(*x1, w[i].x + w[i].w);
		*y1 = imax(*y1, w[i].y + w[i].h);
	}
}

void
ocrtsv_place_boxes(const struct ocrtsv_word *words, size_t n_words,
                   const struct imageprep_box *boxes, size_t n_boxes,
                   struct ocrtsv_place *out, bool *drop)
{
	for (size_t i = 0; i < n_words; i++)
		drop[i] = false;
	for (size_t b = 0; b < n_boxes; b++) {
		const struct imageprep_box *bx = &boxes[b];
		long best_dist = -1, best_ov = 0;
		size_t best_from = 0, best_to = 0;

		out[b].word = (size_t)-1;
		out[b].after = false;
		for (size_t from = 0, to; from < n_words; from = to) {
			int x0, y0, x1, y1;
			long ov, dist;

			for (to = from + 1; to < n_words && words[to].line == words[from].line; to++)
				;
			line_span(words, from, to, &x0, &y0, &x1, &y1);
			ov = (long)imin(y1, bx->y + bx->h) - imax(y0, bx->y);
			if (ov * 2 < imin(y1 - y0, bx->h))
				continue;
			dist = imax(0, imax(x0 - (bx->x + bx->w), bx->x - x1));
			if (dist > (long)BOX_REACH * bx->w)
				continue;
			if (best_dist < 0 || dist < best_dist || (dist == best_dist && ov > best_ov)) {
				best_dist = dist;
				best_ov = ov;
				best_from = from;
				best_to = to;
			}
		}
		if (best_dist < 0)
			continue;
		for (size_t i = best_from; i < best_to; i++) {
			int mid = words[i].x + words[i].w / 2;

			/* the box itself, read as a letter */
			if (mid >= bx->x - bx->w / 4 && mid <= bx->x + bx->w + bx->w / 4)
				drop[i] = true;
		}
		for (size_t i = best_from; i < best_to && out[b].word == (size_t)-1; i++)
			if (!drop[i] && words[i].x >= bx->x + bx->w / 2)
				out[b].word = i;
		if (out[b].word == (size_t)-1) {
			/* the box ends its line: behind the last word kept */
			for (size_t i = best_to; i > best_from; i--)
				if (!drop[i - 1]) {
					out[b].word = i - 1;
					out[b].after = true;
					break;
				}
		}
	}
}

/* The marks of the boxes placed at word W, before it or (after) behind. */
static void
add_marks(struct buf *b, const struct ocrtsv_place *pl, const struct imageprep_box *boxes,
          size_t n_boxes, size_t w, bool after)
{
	for (size_t k = 0; k < n_boxes; k++) {
		if (pl[k].word != w || pl[k].after != after)
			continue;
		if (after)
			buf_addc(b, ' ');
		buf_adds(b, boxes[k].ticked ? tick_mark : box_mark);
		if (!after)
			buf_addc(b, ' ');
	}
}

int
ocrtsv_text(const char *tsv, size_t len, const struct imageprep_box *boxes, size_t n_boxes,
            size_t limit, char **out)
{
	struct ocrtsv_place pl[IMAGEPREP_MAX_BOXES];
	struct ocrtsv_word *w;
	bool *drop;
	size_t n;
	struct buf b;
	int rc;

	*out = NULL;
	if (n_boxes > IMAGEPREP_MAX_BOXES)
		n_boxes = IMAGEPREP_MAX_BOXES;
	if ((rc = ocrtsv_words(tsv, len, &w, &n)) != 0)
		return rc;
	drop = calloc(n ? n : 1, sizeof *drop);
	if (!drop) {
		free(w);
		return YK_ENOMEM;
	}
	ocrtsv_place_boxes(w, n, boxes, n_boxes, pl, drop);
	buf_init(&b, limit);
	for (size_t i = 0; i < n; i++) {
		bool first = i == 0 || w[i - 1].line != w[i].line;
		bool last = i + 1 == n || w[i + 1].line != w[i].line;

		add_marks(&b, pl, boxes, n_boxes, i, false);
		if (!drop[i]) {
			/* one space between words kept, none at the line's start */
			if (!first && b.len && b.data[b.len - 1] != '\n' && b.data[b.len - 1] != ' ')
				buf_addc(&b, ' ');
			buf_add(&b, w[i].text, w[i].len);
		}
		add_marks(&b, pl, boxes, n_boxes, i, true);
		if (last)
			buf_adds(&b, w[i].par_end ? "\n\n" : "\n");
	}
	free(drop);
	free(w);
	if (!b.data)
		buf_adds(&b, "");
	if ((rc = buf_status(&b)) != 0) {
		buf_free(&b);
		return rc;
	}
	*out = buf_take(&b);
	return 0;
}
