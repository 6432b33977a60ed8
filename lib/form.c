/*
 * form — see form.h.  Two passes over the lines: the first finds what each
 * line could be (a heading, an option label); the second walks the lines
 * in order with the current section as state.  All matching is on
 * text_key() folds, so diacritics, case and punctuation never matter.
 */
#include "form.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "err.h"
#include "quote.h"
#include "text.h"

/* Prefix tokens (numbering, bullets, marks) stripped from one line. */
#define FORM_MAX_PREFIX 8
/* "(nếu có)" after a heading is part of it when this short. */
#define FORM_MAX_PAREN 40
/* Words after a heading, without colon, taken as the rest of a longer
 * printed heading ("… của Hội thi" + "cải cách hành chính"). */
#define FORM_HEADING_TAIL_WORDS 6

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

struct opt_state {
	bool seen;
	enum mark mark;
	bool written;
};

struct sec_state {
	struct buf text;
	struct opt_state opt[CONFIG_MAX_OPTIONS];
	long last_opt;
};

/* --- marks and prefixes ------------------------------------------------ */

static const char *const tick_glyphs[] = {
	"\u2612", "\u2611", "\u2713", "\u2714", "\u25a0", "\u25cf", "\u2717", "\u2718",
	"\u22a0", "\u25a3", "\u25c9", "\U0001f5f9", "\U0001f5f8",
};
static const char *const box_glyphs[] = {
	"\u2610", "\u25a1", "\u274f", "\u25cb", "\u25ef", "\u2b1c",
};
static const char *const bullets[] = {
	"-", "*", "+", "\u2022", "\u2013", "\u2014", "\u00b7", "\u25aa", "\u2023", "|", "\t",
};

static bool
has_prefix(const char *s, size_t n, const char *p, size_t *plen)
{
	size_t l = strlen(p);

	if (l > n || memcmp(s, p, l) != 0)
		return false;
	*plen = l;
	return true;
}

/* A bracketed mark: "[x]" "[ ]" "(X)" "[]" "( )" "[✓]".  Returns its
 * length and the mark, or 0. */
static size_t
bracket_mark(const char *s, size_t n, enum mark *m)
{
	char close;
	size_t i = 1, l;
	bool tick = false;

	if (n < 2 || (s[0] != '[' && s[0] != '('))
		return 0;
	close = s[0] == '[' ? ']' : ')';
	while (i < n && s[i] == ' ')
		i++;
	if (i < n && (s[i] == 'x' || s[i] == 'X' || s[i] == 'v' || s[i] == 'V')) {
		tick = true;
		i++;
	} else {
		for (size_t g = 0; g < sizeof tick_glyphs / sizeof *tick_glyphs; g++)
			if (has_prefix(s + i, n - i, tick_glyphs[g], &l)) {
				tick = true;
				i += l;
				break;
			}
	}
	while (i < n && s[i] == ' ')
		i++;
	if (i >= n || s[i] != close || i > 6)
		return 0;
	*m = tick ? MARK_TICK : MARK_BOX;
	return i + 1;
}

static size_t
glyph_mark(const char *s, size_t n, enum mark *m)
{
	size_t l;

	/* Every tick and box glyph is outside ASCII: a line starting with
	 * an ASCII character can only hold a bracketed mark.  (This runs
	 * for every prefix of every line: the glyph loops are the cost.) */
	if (n > 0 && (unsigned char)s[0] < 0x80)
		return bracket_mark(s, n, m);

	for (size_t g = 0; g < sizeof tick_glyphs / sizeof *tick_glyphs; g++)
		if (has_prefix(s, n, tick_glyphs[g], &l)) {
			*m = MARK_TICK;
			return l;
		}
	for (size_t g = 0; g < sizeof box_glyphs / sizeof *box_glyphs; g++)
		if (has_prefix(s, n, box_glyphs[g], &l)) {
			*m = MARK_BOX;
			return l;
		}
	return bracket_mark(s, n, m);
}

/* Numbering "1." "2)" "II." "a)" at s; returns its length and the number
 * (0 for letters and roman numerals). */
static size_t
numbering(const char *s, size_t n, unsigned *num)
{
	size_t i = 0;
	unsigned v = 0;

	*num = 0;
	while (i < n && i < 3 && s[i] >= '0' && s[i] <= '9')
		v = v * 10 + (unsigned)(s[i++] - '0');
	if (i > 0) {
		if (i == n || s[i] == ' ' || s[i] == '\t') {
			/* A bare number: a table's numbering column. */
			*num = v;
			return i;
		}
		if (s[i] == '.' || s[i] == ')' || s[i] == '/') {
			*num = v;
			return i + 1;
		}
		return 0;
	}
	while (i < n && i < 4 && (s[i] == 'I' || s[i] == 'V' || s[i] == 'X'))
		i++;
	if (i > 0 && i < n && s[i] == '.' && (i + 1 == n || s[i + 1] == ' '))
		return i + 1;
	if (n >= 2 && s[0] >= 'a' && s[0] <= 'e' && s[1] == ')')
		return 2;
	return 0;
}

/* Strips numbering, bullets and marks from the start of sp.  *m gets the
 * mark, *num the number when the line was numbered. */
static struct text_span
strip_prefix(const char *text, struct text_span sp, enum mark *m, unsigned *num,
             bool *numbered)
{
	*m = MARK_NONE;
	*num = 0;
	*numbered = false;
	for (int k = 0; k < FORM_MAX_PREFIX; k++) {
		const char *s;
		size_t n, l = 0;
		enum mark mk;
		unsigned v;

		sp = text_trim(text, sp);
		s = text + sp.start;
		n = sp.end - sp.start;
		if (n == 0)
			break;
		if ((l = glyph_mark(s, n, &mk)) > 0) {
			if (*m != MARK_TICK)
				*m = mk;
		} else if (!*numbered && (l = numbering(s, n, &v)) > 0) {
			*numbered = true;
			*num = v;
		} else if ((s[0] == 'x' || s[0] == 'X') && n > 2 && s[1] == ' ') {
			/* "X Đề nghị …": a letter x as a tick.  Only the
			 * option matcher trusts it (a word "x" is rare). */
			*m = MARK_TICK;
			l = 1;
		} else {
			for (size_t b = 0; b < sizeof bullets / sizeof *bullets; b++)
				if (has_prefix(s, n, bullets[b], &l))
					break;
				else
					l = 0;
		}
		if (l == 0)
			break;
		sp.start += l;
	}
	return text_trim(text, sp);
}

/* A mark after the label: "… khác. (X)", "… Hội thi ✓", "… [x]".  Moves
 * sp->end before it. */
static enum mark
trailing_mark(const char *text, struct text_span *sp)
{
	struct text_span t = text_trim(text, *sp);
	enum mark m = MARK_NONE;

	while (t.end > t.start) {
		const char *s = text + t.start;
		size_t n = t.end - t.start;
		bool hit = false;

		for (size_t from = n > 8 ? n - 8 : 0; from < n && !hit; from++) {
			enum mark mk;
			size_t l = glyph_mark(s + from, n - from, &mk);

			if (l == n - from) {
				m = m == MARK_TICK ? m : mk;
				t.end = t.start + from;
				hit = true;
			}
		}
		if (!hit && n >= 2 && (s[n - 1] == 'x' || s[n - 1] == 'X') &&
		    (s[n - 2] == ' ' || s[n - 2] == '.')) {
			m = MARK_TICK;
			t.end--;
			hit = true;
		}
		if (!hit)
			break;
		t = text_trim(text, t);
		while (t.end > t.start && (text[t.end - 1] == '.' || text[t.end - 1] == ':'))
			t.end--;
	}
	*sp = t;
	return m;
}

/* Skips punctuation a writer puts between a label and the answer. */
static struct text_span
skip_lead_punct(const char *text, struct text_span sp)
{
	for (;;) {
		sp = text_trim(text, sp);
		if (sp.start < sp.end && strchr(":.-|,;\t", text[sp.start]))
			sp.start++;
		else if (sp.end - sp.start >= 3 && memcmp(text + sp.start, "\u2013", 3) == 0)
			sp.start += 3;
		else
			return sp;
	}
}

/* --- keys ----------------------------------------------------------------- */

static void
keys_free(struct keys *k)
{
	for (size_t i = 0; i < k->n_own; i++)
		free(k->own[i]);
	for (size_t s = 0; s < k->n; s++) {
		free(k->opt ? k->opt[s] : NULL);
		free(k->olen ? k->olen[s] : NULL);
	}
	free(k->own);
	free(k->heading);
	free(k->hlen);
	free(k->opt);
	free(k->olen);
}

/* The key of text: the configuration's (made once, at load) or, in a
 * form built by hand, one made here and owned by k. */
static const char *
key_of(struct keys *k, const char *made, const char *text)
{
	char *key;

	if (made)
		return made;
	key = text_key(text ? text : "", text ? strlen(text) : 0, NULL);
	if (key)
		k->own[k->n_own++] = key;
	return key;
}

/* Widen k->cap to what a pattern of len key bytes needs (a longer one
 * never matches: text_fuzzy_prefix refuses it). */
static void
keys_reach(struct keys *k, size_t len)
{
	size_t need = len > TEXT_MAX_PATTERN ? 0 : len + text_edit_budget(len) + 8;

	if (need > k->cap)
		k->cap = need;
}

static int
keys_make(const struct yk_form *form, struct keys *k)
{
	size_t n_texts = 0;

	k->n = form->n_sections;
	for (size_t s = 0; s < k->n; s++)
		n_texts += 1 + form->sections[s].n_options;
	k->heading = calloc(k->n + 1, sizeof *k->heading);
	k->hlen = calloc(k->n + 1, sizeof *k->hlen);
	k->opt = calloc(k->n + 1, sizeof *k->opt);
	k->olen = calloc(k->n + 1, sizeof *k->olen);
	k->own = calloc(n_texts + 1, sizeof *k->own);
	if (!k->heading || !k->hlen || !k->opt || !k->olen || !k->own)
		return YK_ENOMEM;
	for (size_t s = 0; s < k->n; s++) {
		const struct yk_section *sec = &form->sections[s];
		size_t no = sec->n_options > CONFIG_MAX_OPTIONS ? CONFIG_MAX_OPTIONS : sec->n_options;

		k->heading[s] = key_of(k, sec->key, sec->heading);
		k->opt[s] = calloc(no + 1, sizeof **k->opt);
		k->olen[s] = calloc(no + 1, sizeof **k->olen);
		if (!k->heading[s] || !k->opt[s] || !k->olen[s])
			return YK_ENOMEM;
		k->hlen[s] = strlen(k->heading[s]);
		keys_reach(k, k->hlen[s]);
		for (size_t o = 0; o < no; o++) {
			k->opt[s][o] = key_of(k, sec->options[o].key, sec->options[o].text);
			if (!k->opt[s][o])
				return YK_ENOMEM;
			k->olen[s][o] = strlen(k->opt[s][o]);
			keys_reach(k, k->olen[s][o]);
		}
	}
	return 0;
}

/* --- what one line is ------------------------------------------------------ */

/* One line with its numbering, bullets and marks stripped (strip_prefix()
 * once per line: every pass asks for it). */
struct pline {
	struct text_span body;
	enum mark mark;
	unsigned num;
	bool numbered;
	bool item;           /* blank, or starting with a number, bullet or mark */
};

static void
pline_make(const char *text, struct text_span line, struct pline *pl)
{
	struct text_span t = text_trim(text, line);

	pl->body = strip_prefix(text, line, &pl->mark, &pl->num, &pl->numbered);
	pl->item = t.start == t.end || pl->body.start != t.start;
}

/* The line index holding byte offset off. */
static size_t
line_of(const struct text_span *lines, size_t n, size_t from, size_t off)
{
	size_t i = from;

	while (i + 1 < n && lines[i + 1].start <= off)
		i++;
	return i;
}

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

static void
line_key_make(const char *text, struct text_span body, size_t run_end, size_t cap,
              struct line_key *lk)
{
	size_t blen = body.end - body.start;

	lk->len = text_key_prefix(text + body.start, run_end - body.start, lk->key, cap, lk->map);
	/* The body's key is a prefix of the run's: the space joining the
	 * next line maps to that line's first letter. */
	lk->body_len = lk->len;
	while (lk->body_len > 0 && lk->map[lk->body_len - 1].start >= blen)
		lk->body_len--;
}

/* The last line of the run from line i a heading may be wrapped over:
 * the following lines, unless they start an item of their own (an option
 * line after a heading must not be read into it). */
static size_t
run_last(const struct pline *pl, size_t n, size_t i)
{
	size_t last = i;

	while (last + 1 < n && last + 1 < i + FORM_HEADING_LINES && !pl[last + 1].item)
		last++;
	return last;
}

/* Full heading match from line i (maybe wrapped over following lines). */
static bool
match_heading(const struct text_span *lines, size_t n, size_t i, struct text_span body,
              const struct line_key *lk, const struct keys *k, struct event *ev)
{
	size_t best_d = (size_t)-1;
	bool found = false;

	for (size_t s = 0; s < k->n; s++) {
		size_t d, m;

		if (k->hlen[s] == 0)
			continue;
		m = text_fuzzy_prefix(lk->key, lk->len, k->heading[s], k->hlen[s],
		                      text_edit_budget(k->hlen[s]), &d);
		if (m && (d < best_d || (d == best_d && k->hlen[s] > k->hlen[ev->sec]))) {
			size_t end = body.start + lk->map[m - 1].end;

			best_d = d;
			found = true;
			ev->kind = EV_HEADING;
			ev->sec = s;
			ev->last_line = line_of(lines, n, i, end - 1);
			ev->rest.start = end;
			ev->rest.end = lines[ev->last_line].end;
		}
	}
	return found;
}

/* "Nhận xét: …", "Ý kiến khác: không": the words before a colon are the
 * start of one heading (two words at least). */
static bool
match_short_heading(const char *text, struct text_span body, const struct keys *k,
                    size_t line, struct event *ev)
{
	const char *colon = memchr(text + body.start, ':', body.end - body.start);
	char key[FORM_KEY_CAP + 1];
	size_t kl;

	if (!colon)
		return false;
	/* Cut at the cap: a longer key is longer than every heading. */
	kl = text_key_prefix(text + body.start, (size_t)(colon - (text + body.start)), key,
	                     k->cap, NULL);
	if (kl < 5 || !memchr(key, ' ', kl))
		return false;
	for (size_t s = 0; s < k->n; s++) {
		if (k->hlen[s] >= kl && memcmp(k->heading[s], key, kl) == 0 &&
		    (k->heading[s][kl] == ' ' || k->heading[s][kl] == '\0')) {
			ev->kind = EV_HEADING;
			ev->sec = s;
			ev->last_line = line;
			ev->rest.start = (size_t)(colon - text) + 1;
			ev->rest.end = body.end;
			return true;
		}
	}
	return false;
}

static bool
match_option(struct text_span body, const struct line_key *lk, const struct keys *k,
             const struct yk_form *form, struct event *ev)
{
	size_t best_d = (size_t)-1, best_len = 0;
	bool found = false;

	for (size_t s = 0; s < k->n; s++) {
		size_t no = form->sections[s].n_options;

		if (no > CONFIG_MAX_OPTIONS)
			no = CONFIG_MAX_OPTIONS;
		for (size_t o = 0; o < no; o++) {
			size_t d, m;

			if (k->olen[s][o] == 0)
				continue;
			m = text_fuzzy_prefix(lk->key, lk->body_len, k->opt[s][o], k->olen[s][o],
			                      text_edit_budget(k->olen[s][o]), &d);
			if (m && (d < best_d || (d == best_d && k->olen[s][o] > best_len))) {
				best_d = d;
				best_len = k->olen[s][o];
				found = true;
				ev->kind = EV_OPTION;
				ev->sec = s;
				ev->opt = o;
				ev->rest.start = body.start + lk->map[m - 1].end;
				ev->rest.end = body.end;
			}
		}
	}
	return found;
}

static void
classify_line(const char *text, const struct text_span *lines, const struct pline *pl,
              size_t n, size_t i, const struct keys *k, const struct yk_form *form,
              struct line_key *lk, struct event *ev)
{
	struct text_span body = pl[i].body;

	memset(ev, 0, sizeof *ev);
	ev->last_line = i;
	if (body.start == body.end)
		return;
	line_key_make(text, body, lines[run_last(pl, n, i)].end, k->cap, lk);
	if (match_heading(lines, n, i, body, lk, k, ev))
		return;
	if (match_option(body, lk, k, form, ev)) {
		ev->mark = pl[i].mark;
		return;
	}
	match_short_heading(text, body, k, i, ev);
}

/* --- the walk -------------------------------------------------------------- */

struct walk {
	const char *text;
	const struct yk_form *form;
	struct form_result *res;
	struct sec_state *st;
	struct line_key *lk; /* scratch for content_line() */
	long cur;
	bool stop;
};

static bool
is_bare_number(const char *text, struct text_span sp)
{
	sp = text_trim(text, sp);
	if (sp.start == sp.end)
		return false;
	for (size_t i = sp.start; i < sp.end; i++)
		if (!((text[i] >= '0' && text[i] <= '9') || text[i] == '.' || text[i] == ')'))
			return false;
	return true;
}

static int
add_text(struct walk *w, size_t s, struct text_span sp)
{
	struct sec_state *st = &w->st[s];
	int rc = 0;

	sp = text_trim(w->text, sp);
	if (sp.start == sp.end || text_is_filler(w->text + sp.start, sp.end - sp.start) ||
	    is_bare_number(w->text, sp))
		return 0;
	if (st->text.len)
		rc = buf_addc(&st->text, '\n');
	if (!rc)
		rc = buf_add(&st->text, w->text + sp.start, sp.end - sp.start);
	if (rc == YK_ELIMIT) {
		/* the rest of an over-long paste is dropped (FORM_MAX_TEXT), and said */
		w->res->sec[s].cut = true;
		return 0;
	}
	if (!rc && st->last_opt >= 0)
		st->opt[st->last_opt].written = true;
	return rc;
}

static int
add_option(struct walk *w, const struct event *ev)
{
	struct sec_state *st = &w->st[ev->sec];
	struct opt_state *o;
	struct text_span rest = ev->rest;
	enum mark after;
	int rc = 0;

	if (ev->opt >= CONFIG_MAX_OPTIONS)
		return 0;
	o = &st->opt[ev->opt];
	after = trailing_mark(w->text, &rest);
	o->seen = true;
	if (ev->mark == MARK_TICK || after == MARK_TICK)
		o->mark = MARK_TICK;
	else if (o->mark != MARK_TICK && (ev->mark == MARK_BOX || after == MARK_BOX))
		o->mark = MARK_BOX;
	rest = skip_lead_punct(w->text, rest);
	st->last_opt = -1;
	if (rest.start < rest.end && !text_is_filler(w->text + rest.start, rest.end - rest.start)) {
		rc = add_text(w, ev->sec, rest);
		o->written = true;
	}
	st->last_opt = (long)ev->opt;
	return rc;
}

/* What follows a heading on its own line: the answer after a colon or a
 * table cell, or more words of a longer printed heading. */
static struct text_span
heading_rest(const char *text, struct text_span rest)
{
	const char *s;
	size_t n;

	rest = text_trim(text, rest);
	s = text + rest.start;
	n = rest.end - rest.start;
	if (n > 0 && s[0] == '(') {
		const char *close = memchr(s, ')', n < FORM_MAX_PAREN ? n : FORM_MAX_PAREN);

		if (close)
			rest.start += (size_t)(close - s) + 1;
	}
	rest = text_trim(text, rest);
	s = text + rest.start;
	n = rest.end - rest.start;
	if (n == 0)
		return rest;
	if (strchr(":|\t.-", s[0]))
		return skip_lead_punct(text, rest);
	for (size_t i = 0; i < n; i++) {
		if (s[i] == ':' || s[i] == '\t' || s[i] == '|') {
			char *k = text_key(s, i, NULL);
			size_t words = 0;

			for (const char *p = k; p && *p; p++)
				words += *p == ' ';
			if (k && words + 1 <= FORM_HEADING_TAIL_WORDS) {
				free(k);
				rest.start += i;
				return skip_lead_punct(text, rest);
			}
			free(k);
			break;
		}
	}
	{
		char *k = text_key(s, n, NULL);
		size_t words = 0;

		for (const char *p = k; p && *p; p++)
			words += *p == ' ';
		free(k);
		if (words + 1 <= FORM_HEADING_TAIL_WORDS && !memchr(s, '.', n)) {
			rest.start = rest.end;
			return rest;
		}
	}
	return rest;
}

static void
start_section(struct walk *w, size_t s, enum form_how how)
{
	if (w->res->sec[s].how != FORM_NOT_FOUND) {
		/* The same section again: a second copy of the form (the
		 * blank one quoted below, unmarked).  Read no further. */
		w->stop = true;
		return;
	}
	w->res->sec[s].how = how;
	w->cur = (long)s;
}

static int
content_line(struct walk *w, struct text_span sp, bool try_option, const struct keys *k)
{
	struct event ev;

	sp = text_trim(w->text, sp);
	if (sp.start == sp.end || w->cur < 0)
		return 0;
	if (try_option && w->form->sections[w->cur].n_options > 0) {
		enum mark m;
		unsigned num;
		bool numbered;
		struct text_span body = strip_prefix(w->text, sp, &m, &num, &numbered);
		bool hit = false;

		memset(&ev, 0, sizeof ev);
		if (body.start < body.end) {
			line_key_make(w->text, body, body.end, k->cap, w->lk);
			hit = match_option(body, w->lk, k, w->form, &ev) && ev.sec == (size_t)w->cur;
		}
		if (hit) {
			ev.mark = m;
			return add_option(w, &ev);
		}
	}
	return add_text(w, (size_t)w->cur, sp);
}

static void
unit_line(struct walk *w, struct text_span sp)
{
	static const char *const names[] = {
		"co quan don vi", "co quan", "don vi", "ten co quan", "ten don vi",
		"ten co quan don vi", "co quan to chuc",
	};
	const char *colon;
	char key[32];
	size_t kl;
	bool unit = false;

	if (w->res->unit)
		return;
	sp = text_trim(w->text, sp);
	colon = memchr(w->text + sp.start, ':', sp.end - sp.start);
	if (!colon)
		return;
	/* Cut short: a longer key is none of the names. */
	kl = text_key_prefix(w->text + sp.start, (size_t)(colon - (w->text + sp.start)), key,
	                     sizeof key - 1, NULL);
	for (size_t i = 0; i < sizeof names / sizeof *names && !unit; i++)
		unit = strlen(names[i]) == kl && memcmp(names[i], key, kl) == 0;
	if (unit) {
		struct text_span v = { (size_t)(colon - w->text) + 1, sp.end };

		v = text_trim(w->text, v);
		if (v.start < v.end && !text_is_filler(w->text + v.start, v.end - v.start))
			w->res->unit = strndup(w->text + v.start, v.end - v.start);
	}
}

static void
decide_choices(const struct yk_form *form, size_t s, struct sec_state *st,
               struct form_section_answer *a)
{
	size_t no = form->sections[s].n_options;
	bool any_tick = false, any_box = false, all_seen = true, any_seen = false;

	if (no > CONFIG_MAX_OPTIONS)
		no = CONFIG_MAX_OPTIONS;
	for (size_t o = 0; o < no; o++) {
		any_tick |= st->opt[o].mark == MARK_TICK;
		any_box |= st->opt[o].mark == MARK_BOX;
		all_seen &= st->opt[o].seen;
		any_seen |= st->opt[o].seen;
	}
	a->marks = any_tick || any_box;
	a->choices = 0;
	for (size_t o = 0; o < no; o++) {
		bool pick;

		if (any_tick) {
			pick = st->opt[o].mark == MARK_TICK;
			if (!pick && st->opt[o].written && st->opt[o].mark != MARK_BOX)
				a->ticked_and_written = true;
		} else if (any_box || all_seen) {
			/* Every option still there, none ticked: only a
			 * proposal written after one chooses it. */
			pick = st->opt[o].written;
		} else {
			/* The unchosen option was deleted (or the chosen one
			 * written out in prose). */
			pick = any_seen && st->opt[o].seen;
		}
		if (pick)
			a->choices |= 1u << o;
	}
}

int
form_read(const struct yk_form *form, const char *text, size_t len, struct form_result *out)
{
	struct keys k = { 0 };
	struct text_span *lines = NULL;
	struct event *evs = NULL;
	struct pline *pl = NULL;
	bool anywhere[FORM_MAX_SECTIONS] = { false };
	struct walk w = { 0 };
	size_t n = 0;
	int rc = 0;

	memset(out, 0, sizeof *out);
	if (!form || form->n_sections == 0)
		return 0;
	if (form->n_sections > FORM_MAX_SECTIONS)
		return YK_ELIMIT;
	out->sec = calloc(form->n_sections, sizeof *out->sec);
	w.st = calloc(form->n_sections, sizeof *w.st);
	if (!out->sec || !w.st) {
		free(w.st);
		return YK_ENOMEM;
	}
	out->n = form->n_sections;
	for (size_t s = 0; s < out->n; s++) {
		buf_init(&w.st[s].text, FORM_MAX_TEXT);
		w.st[s].last_opt = -1;
	}
	rc = keys_make(form, &k);
	if (!rc) {
		lines = text_lines(text, len, FORM_MAX_LINES, &n);
		if (!lines)
			rc = YK_ELIMIT;
	}
	if (!rc) {
		evs = calloc(n + 1, sizeof *evs);
		pl = calloc(n + 1, sizeof *pl);
		w.lk = malloc(sizeof *w.lk);
		if (!evs || !pl || !w.lk)
			rc = YK_ENOMEM;
	}
	for (size_t i = 0; !rc && i < n; i++)
		pline_make(text, lines[i], &pl[i]);
	for (size_t i = 0; !rc && i < n; i++) {
		classify_line(text, lines, pl, n, i, &k, form, w.lk, &evs[i]);
		if (evs[i].kind != EV_NONE)
			anywhere[evs[i].sec] = true;
	}
	w.text = text;
	w.form = form;
	w.res = out;
	w.cur = -1;
	for (size_t i = 0; !rc && i < n && !w.stop; i++) {
		struct event *ev = &evs[i];
		unsigned num = pl[i].num;

		if (ev->kind == EV_HEADING) {
			start_section(&w, ev->sec, FORM_BY_HEADING);
			if (w.stop)
				break;
			rc = content_line(&w, heading_rest(text, ev->rest), true, &k);
			i = ev->last_line;
			continue;
		}
		if (ev->kind == EV_OPTION) {
			if ((long)ev->sec != w.cur) {
				start_section(&w, ev->sec, FORM_BY_OPTION);
				if (w.stop)
					break;
			}
			rc = add_option(&w, ev);
			continue;
		}
		if (quote_is_signature_line(text + lines[i].start, lines[i].end - lines[i].start)) {
			w.cur = -1;
			continue;
		}
		unit_line(&w, lines[i]);
		if (pl[i].numbered && num >= 1 && num <= out->n && !anywhere[num - 1] &&
		    out->sec[num - 1].how == FORM_NOT_FOUND &&
		    ((w.cur >= 0 && (long)num - 1 > w.cur) || (num == 1 && w.cur < 0))) {
			bool any = false;

			for (size_t s = 0; s < out->n; s++)
				any |= out->sec[s].how != FORM_NOT_FOUND;
			if (w.cur >= 0 || !any) {
				start_section(&w, num - 1, FORM_BY_NUMBER);
				rc = content_line(&w, pl[i].body, true, &k);
				continue;
			}
		}
		/* classify_line() found no option on it: text */
		rc = content_line(&w, lines[i], false, &k);
	}
	if (rc == YK_ELIMIT && lines)
		rc = 0;
	/* Results. */
	out->blank = true;
	for (size_t s = 0; s < out->n; s++) {
		struct form_section_answer *a = &out->sec[s];

		if (a->how == FORM_NOT_FOUND)
			continue;
		out->n_found++;
		if (a->how != FORM_BY_NUMBER)
			out->n_anchored++;
		if (form->sections[s].n_options > 0)
			decide_choices(form, s, &w.st[s], a);
		if (w.st[s].text.len > 0) {
			a->text = buf_take(&w.st[s].text);
			if (!a->text)
				rc = YK_ENOMEM;
		}
		if (a->text || a->choices)
			out->blank = false;
	}
	if (out->n_found == 0)
		out->blank = false;
	for (size_t s = 0; s < out->n; s++)
		buf_free(&w.st[s].text);
	free(w.st);
	free(w.lk);
	free(pl);
	free(evs);
	free(lines);
	keys_free(&k);
	return rc;
}

void
form_result_free(struct form_result *r)
{
	if (!r)
		return;
	for (size_t s = 0; s < r->n; s++)
		free(r->sec[s].text);
	free(r->sec);
	free(r->unit);
	memset(r, 0, sizeof *r);
}

bool
form_has_answer(const struct form_result *r)
{
	return r->n_found > 0 && !r->blank;
}

/* What an OCR token at the start of a line stands for: MARK_TICK for a
 * ticked box, MARK_BOX for an empty one, MARK_NONE for anything else. */
static enum mark
ocr_token(const char *t, size_t n)
{
	/* a ring, or the box's corner and right edge ("LI", "LÍ", "L]") */
	static const char *const empty[] = { "O", "o", "0", "D", "[]", "()", "LI", "L]", "L|",
	                                     "Ll", "L\u00cd", "[ ]" };
	bool crossed = false;

	if (n == 0 || n > 3)
		return MARK_NONE;
	for (size_t i = 0; i < sizeof empty / sizeof *empty; i++)
		if (strlen(empty[i]) == n && !memcmp(t, empty[i], n))
			return MARK_BOX;
	/* a cross or a blot first, then at most the box's right edge read as
	 * "i", "l", "1", "|", "]" or ")" */
	if (strchr("xX%&#*", t[0]))
		crossed = true;
	else if (n >= 2 && ((unsigned char)t[0] == 0xc2 && ((unsigned char)t[1] == 0xae ||
	                                                    (unsigned char)t[1] == 0xa9)))
		crossed = n == 2; /* ® © */
	else if (n >= 2 && (unsigned char)t[0] == 0xc3 && (unsigned char)t[1] == 0x97)
		crossed = n == 2; /* × */
	if (!crossed)
		return MARK_NONE;
	for (size_t i = 1; i < n && (unsigned char)t[0] < 0x80; i++)
		if (!strchr("il1|])", t[i]))
			return MARK_NONE;
	return MARK_TICK;
}

char *
form_ocr_marks(const char *text, size_t len)
{
	struct buf b;
	size_t i = 0;

	buf_init(&b, 0);
	while (i < len) {
		const char *nl = memchr(text + i, '\n', len - i);
		size_t end = nl ? (size_t)(nl - text) + 1 : len, s = i, t;
		enum mark m = MARK_NONE;

		while (s < end && (text[s] == ' ' || text[s] == '\t'))
			s++;
		for (t = s; t < end && text[t] != ' ' && text[t] != '\t' && text[t] != '\n'; t++)
			;
		/* the token must be followed by a word */
		if (t < end && text[t] == ' ' && t + 1 < end && text[t + 1] != ' ' &&
		    text[t + 1] != '\n' && text[t + 1] != '\r')
			m = ocr_token(text + s, t - s);
		if (m != MARK_NONE) {
			if (buf_add(&b, text + i, s - i) || buf_adds(&b, m == MARK_TICK ? "\u2612" : "\u2610") ||
			    buf_add(&b, text + t, end - t))
				goto oom;
		} else if (buf_add(&b, text + i, end - i)) {
			goto oom;
		}
		i = end;
	}
	if (!b.data && buf_adds(&b, ""))
		goto oom;
	return buf_take(&b);
oom:
	buf_free(&b);
	return NULL;
}
