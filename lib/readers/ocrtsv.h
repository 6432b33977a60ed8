/*
 * ocrtsv — Tesseract's TSV output (one row per page, block, paragraph,
 * line and word, each with its box) back to text, with the tick boxes
 * found on the picture (imageprep.c) put where they stood: "☒ " or "☐ "
 * before the first word to the right of the box on the line beside it, or
 * after the line's last word when the box ends the line.  The text is what
 * Tesseract's own text output gives (a line a line, a blank line after a
 * paragraph), so the form reader sees the boxes as typed ones.
 */
#ifndef YK_READERS_OCRTSV_H
#define YK_READERS_OCRTSV_H

#include <stdbool.h>
#include <stddef.h>

#include "readers/imageprep.h"

/* Words read from one page's TSV at most (a dense A4 page has ~700). */
#define OCRTSV_MAX_WORDS 20000

struct ocrtsv_word {
	int x, y, w, h;
	size_t line; /* index of its line on the page, from 0 */
	bool par_end; /* last word of its paragraph */
	const char *text; /* into the TSV */
	size_t len;
};

/* Where one box goes: before (or, with after, behind) word WORD; WORD is
 * (size_t)-1 when no line stands beside the box. */
struct ocrtsv_place {
	size_t word;
	bool after;
};

/* The words of TSV (level 5 rows with text), in reading order; *n their
 * count.  The caller frees *words.  YK_ELIMIT past OCRTSV_MAX_WORDS,
 * YK_EINVAL for a table that is not Tesseract's, YK_ENOMEM. */
int ocrtsv_words(const char *tsv, size_t len, struct ocrtsv_word **words, size_t *n);

/* For each of the N_BOXES boxes, out[i]: the line whose span overlaps
 * the box's by half the smaller height, nearest to it across (at most
 * eight box widths away), and on it the first word right of the box's
 * middle.  drop[w] (N_WORDS entries) is set for a word lying on a box:
 * Tesseract's reading of the box itself ("X", "O", "LI"). */
void ocrtsv_place_boxes(const struct ocrtsv_word *words, size_t n_words,
                        const struct imageprep_box *boxes, size_t n_boxes,
                        struct ocrtsv_place *out, bool *drop);

/* The text of TSV with the boxes in it: *out malloc'd, NUL-terminated,
 * at most LIMIT bytes (YK_ELIMIT past it). */
int ocrtsv_text(const char *tsv, size_t len, const struct imageprep_box *boxes,
                size_t n_boxes, size_t limit, char **out);

#endif
