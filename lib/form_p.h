/*
 * form_p — what the parts of the section finder share; not an interface
 * outside lib/form*.c.
 *
 * form_marks.c reads the ends of one line (numbering, bullets, tick boxes)
 * and OCR's renderings of tick boxes; form_match.c tells which line is a
 * heading or an option label, on text_key() folds; form.c walks the lines
 * in order and builds the result (form.h).  Nothing here allocates except
 * form_keys_make(), whose keys form_keys_free() releases.
 */
#ifndef YK_FORM_P_H
#define YK_FORM_P_H

#include <stdbool.h>
#include <stddef.h>

#include "form.h"
#include "text.h"

enum mark { MARK_NONE = 0, MARK_BOX, MARK_TICK };
enum ev_kind { EV_NONE = 0, EV_HEADING, EV_OPTION };

struct keys {
	const char **heading; /* per section: the configuration's keys, or */
	size_t *hlen;
	const char ***opt;    /* per section, per option */
	size_t **olen;
	char **own;           /* ... these, made here for a hand-built form */
	size_t n_own;
	size_t n;
	size_t cap;          /* key bytes a line needs: see FORM_KEY_CAP */
};

struct event {
	enum ev_kind kind;
	size_t sec, opt;
	enum mark mark;
	struct text_span rest;  /* what follows the heading or label */
	size_t last_line;       /* a heading may end on a later line */
};


/* One line with its numbering, bullets and marks stripped
 * (form_strip_prefix() once per line: every pass asks for it). */
struct pline {
	struct text_span body;
	enum mark mark;
	unsigned num;
	bool numbered;
	bool item;           /* blank, or starting with a number, bullet or mark */
};

/*
 * Key bytes kept of a line: every pattern is at most TEXT_MAX_PATTERN key
 * bytes with a budget of at most 6 typos, and a cut key is at most 7
 * bytes (one folded letter and a space) short of its cap, so a prefix
 * match on the cut key is the match on the whole one (keys->cap is the
 * same bound for the form at hand, usually far smaller).
 */
#define FORM_KEY_CAP (TEXT_MAX_PATTERN + 6 + 8)

/*
 * The key of a line's body, run on over the lines wrapped into it (for a
 * heading printed over several lines), folded once and only as far as a
 * pattern can reach: len covers the whole run, body_len the body alone.
 * The map is relative to the body's start.
 */
struct line_key {
	char key[FORM_KEY_CAP + 1];
	struct text_span map[FORM_KEY_CAP + 1];
	size_t len, body_len;
};

/* --- form_marks.c ------------------------------------------------------ */

/* Strips numbering, bullets and marks from the start of sp.  *m gets the
 * mark, *num the number when the line was numbered. */
struct text_span form_strip_prefix(const char *text, struct text_span sp, enum mark *m,
                                   unsigned *num, bool *numbered);
/* A mark after the label: "… khác. (X)", "… Hội thi ✓", "… [x]".  Moves
 * sp->end before it. */
enum mark form_trailing_mark(const char *text, struct text_span *sp);
/* A line that holds only a tick ("X", "v", "xx", "(x)", "[x]", "☒", "✓"):
 * MARK_TICK, else MARK_NONE.  Right under an option line (a table's mark
 * column flattened to text) it ticks that option. */
enum mark form_lone_mark(const char *text, struct text_span sp);
/* Skips punctuation a writer puts between a label and the answer. */
struct text_span form_skip_lead_punct(const char *text, struct text_span sp);

/* --- form_match.c ------------------------------------------------------ */

/* The folded keys of FORM's headings and option labels: 0 or YK_ENOMEM;
 * free with form_keys_free() either way. */
int form_keys_make(const struct yk_form *form, struct keys *k);
void form_keys_free(struct keys *k);
void form_pline_make(const char *text, struct text_span line, struct pline *pl);
/* The key of BODY run on to RUN_END, at most CAP bytes, into *lk. */
void form_line_key_make(const char *text, struct text_span body, size_t run_end, size_t cap,
                        struct line_key *lk);
/* Does the line keyed in *lk start with an option label?  Fills *ev. */
bool form_match_option(struct text_span body, const struct line_key *lk, const struct keys *k,
                       const struct yk_form *form, struct event *ev);
/* What line I of N could be: a heading, an option label or nothing (*ev);
 * lk is scratch. */
void form_classify_line(const char *text, const struct text_span *lines,
                        const struct pline *pl, size_t n, size_t i, const struct keys *k,
                        const struct yk_form *form, struct line_key *lk, struct event *ev);

#endif
