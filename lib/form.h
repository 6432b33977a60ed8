/*
 * form — the section finder: the form definition (yk_form) applied to the
 * text of an answer gives, per section, the text written under it and the
 * options chosen.
 *
 * Headings are matched on folded keys (with or without diacritics, case,
 * punctuation and numbering ignored, a heading may wrap over lines, small
 * typos forgiven, "Nhận xét:" as a short form of a heading followed by a
 * colon).  A section's text runs to the next heading, option labels and the
 * form's own heading words left out; a signature line ends it.  Options are
 * chosen by a tick before or after the label (☒ ☑ ✓ ✔ ■ ● [x] (x) X x),
 * ☐ □ [ ] ( ) mark an option not chosen; with no mark at all, the options
 * left standing when others were deleted are chosen, and so is an option
 * with a proposal written after it.  Without any heading, numbered prose
 * "1. … 2. … 3." is read in the form's order.
 *
 * The caller strips the quoted original first (quote.h).  form_result owns
 * every string in it; free with form_result_free().
 */
#ifndef YK_FORM_H
#define YK_FORM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "config.h"

/* Lines of one answer text: a filled form is well under a hundred. */
#define FORM_MAX_LINES 50000
/* Sections per form (choices are a 32-bit mask per section). */
#define FORM_MAX_SECTIONS 64
/* Lines a heading may wrap over. */
#define FORM_HEADING_LINES 3
/* Bytes of one section's text kept; more is not an answer but a paste. */
#define FORM_MAX_TEXT ((size_t)256 << 10)

enum form_how {
	FORM_NOT_FOUND = 0,
	FORM_BY_HEADING,   /* the heading, maybe short "Nhận xét:" */
	FORM_BY_OPTION,    /* an option label of the section */
	FORM_BY_NUMBER,    /* numbered prose in the form's order */
	FORM_BY_PROSE,     /* sentences naming an option (form_prose_fill) */
};

struct form_section_answer {
	enum form_how how;
	char *text;          /* UTF-8, NULL when nothing written */
	uint32_t choices;    /* bit i: option i chosen */
	bool marks;          /* a tick or an empty box was seen */
	bool ticked_and_written; /* text after an unticked option while another is ticked */
	bool cut;            /* text past FORM_MAX_TEXT was dropped (a person looks) */
	const char *unsure;  /* FORM_BY_PROSE and not sure of the choice: the
	                        review reason (one of FORM_PROSE_*), else NULL */
};

struct form_result {
	struct form_section_answer *sec; /* one per form section */
	size_t n;
	size_t n_found;      /* sections found at all */
	size_t n_anchored;   /* found by heading or option label (not by number) */
	bool blank;          /* sections found but nothing written or ticked */
	char *unit;          /* "Cơ quan, đơn vị: …" as written, NULL if absent */
};

/* 0, YK_ENOMEM or YK_ELIMIT (too many lines); *out is filled either way
 * and must be freed. */
int form_read(const struct yk_form *form, const char *text, size_t len,
              struct form_result *out);
void form_result_free(struct form_result *r);

/*
 * Text read by OCR, with its tick boxes made readable for form_read().
 * Tesseract reads a ticked box as a short token of no word ("X", "xi",
 * "&", "®", "[x]") and an empty one as a letter-like ring ("O", "0", "D",
 * "[]") or drops it.  Such a token of at most three characters, alone at
 * the start of a line and followed by a word, becomes "☒" or "☐"; nothing
 * else changes.  Returns a malloc'd copy (NULL: out of memory).
 */
char *form_ocr_marks(const char *text, size_t len);
/*
 * The form answered in sentences, without headings or boxes (form_prose.c):
 * "UBND huyện … thống nhất đề nghị tiếp tục tổ chức Hội thi …; không có ý
 * kiến khác."  Fills the sections of R that form_read() did not find, as
 * FORM_BY_PROSE: an option is chosen when a sentence holds its key words
 * (the option's text folded, stop words such as "đề nghị" left out, a few
 * synonyms made one) and no negation just before them; with part of them
 * (a paraphrase), "phương án 2", two options, a negation or a condition
 * nearby it is chosen with .unsure set; "không có ý kiến
 * khác" answers a free-text section with nothing; a sentence holding a
 * free-text heading's own key words is its text.  Free-text sections are
 * filled only when R found no heading and no number, and nothing at all
 * unless an option was named.  TITLE (the campaign's, may be NULL) names the contest: its
 * words do not tell one section from another.  The caller decides whether
 * prose may count (the mail must cite the letter).  0 or YK_ENOMEM.
 */
int form_prose_fill(const struct yk_form *form, const char *title, const char *text, size_t len,
                    struct form_result *r);
/* Why a choice read from prose is not sure (form_section_answer.unsure). */
#define FORM_PROSE_UNSURE "choice read from prose: please confirm"
#define FORM_PROSE_SEVERAL "choice read from prose: more than one option named"
#define FORM_PROSE_NEGATION "choice read from prose: a negation near the option"
#define FORM_PROSE_CONDITION "choice read from prose: stated under a condition"

/* A tick box at S (N bytes): a glyph (☒ ☑ ✓ ✔ ■ … ticked, ☐ □ ○ …
 * empty) or a bracketed mark ("[x]" "(X)" "[ ]" "( )").  Its length, 0
 * when there is none; *tick: ticked. */
size_t form_mark_at(const char *s, size_t n, bool *tick);

/* Does the result hold an answer (found and not blank)? */
bool form_has_answer(const struct form_result *r);

#endif
