/*
 * form — see form.h.  Two passes over the lines: the first finds what each
 * line could be (a heading, an option label: form_match.c); the second, here,
 * walks the lines in order with the current section as state.  All matching is on
 * text_key() folds, so diacritics, case and punctuation never matter.
 */
#include "form_p.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "err.h"
#include "quote.h"
#include "text.h"

/* "(nếu có)" after a heading is part of it when this short. */
#define FORM_MAX_PAREN 40
/* Words after a heading, without colon, taken as the rest of a longer
 * printed heading ("… của Hội thi" + "cải cách hành chính"). */
#define FORM_HEADING_TAIL_WORDS 6

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

/* --- the walk -------------------------------------------------------------- */

struct walk {
	const char *text;
	const struct yk_form *form;
	struct form_result *res;
	struct sec_state *st;
	struct line_key *lk; /* scratch for content_line() */
	const struct keys *k;
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

/* "[x] Đề nghị tiếp tục … [ ] Đề nghị hình thức …" on one line: the
 * option after ev's that starts at the next mark, in *next; false when
 * what follows ev's option is not that. */
static bool
next_option_on_line(struct walk *w, const struct event *ev, struct event *next)
{
	enum mark m;
	unsigned num;
	bool numbered;
	struct text_span rest = form_skip_lead_punct(w->text, ev->rest), body;

	if (!w->k || rest.start >= rest.end)
		return false;
	body = form_strip_prefix(w->text, rest, &m, &num, &numbered);
	if (m == MARK_NONE || body.start >= body.end)
		return false;
	memset(next, 0, sizeof *next);
	form_line_key_make(w->text, body, body.end, w->k->cap, w->lk);
	if (!form_match_option(body, w->lk, w->k, w->form, next) || next->sec != ev->sec ||
	    next->opt == ev->opt)
		return false;
	next->mark = m;
	return true;
}

static int
add_option(struct walk *w, const struct event *ev0)
{
	struct sec_state *st = &w->st[ev0->sec];
	struct opt_state *o;
	struct event cur = *ev0, next;
	const struct event *ev = &cur;
	struct text_span rest = ev->rest;
	enum mark after;
	int rc = 0;

	if (ev->opt >= CONFIG_MAX_OPTIONS)
		return 0;
	o = &st->opt[ev->opt];
	for (size_t hop = 0; hop < CONFIG_MAX_OPTIONS && next_option_on_line(w, ev, &next); hop++) {
		/* this option's mark is the one before it; the rest of the
		 * line is the next option's */
		o->seen = true;
		if (ev->mark == MARK_TICK)
			o->mark = MARK_TICK;
		else if (o->mark != MARK_TICK && ev->mark == MARK_BOX)
			o->mark = MARK_BOX;
		if (next.opt >= CONFIG_MAX_OPTIONS)
			return 0;
		cur = next;
		o = &st->opt[ev->opt];
		rest = ev->rest;
	}
	after = form_trailing_mark(w->text, &rest);
	o->seen = true;
	if (ev->mark == MARK_TICK || after == MARK_TICK)
		o->mark = MARK_TICK;
	else if (o->mark != MARK_TICK && (ev->mark == MARK_BOX || after == MARK_BOX))
		o->mark = MARK_BOX;
	rest = form_skip_lead_punct(w->text, rest);
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
		return form_skip_lead_punct(text, rest);
	for (size_t i = 0; i < n; i++) {
		if (s[i] == ':' || s[i] == '\t' || s[i] == '|') {
			char *k = text_key(s, i, NULL);
			size_t words = 0;

			for (const char *p = k; p && *p; p++)
				words += *p == ' ';
			if (k && words + 1 <= FORM_HEADING_TAIL_WORDS) {
				free(k);
				rest.start += i;
				return form_skip_lead_punct(text, rest);
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
		struct text_span body = form_strip_prefix(w->text, sp, &m, &num, &numbered);
		bool hit = false;

		memset(&ev, 0, sizeof ev);
		if (body.start < body.end) {
			form_line_key_make(w->text, body, body.end, k->cap, w->lk);
			hit = form_match_option(body, w->lk, k, w->form, &ev) && ev.sec == (size_t)w->cur;
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
	rc = form_keys_make(form, &k);
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
		form_pline_make(text, lines[i], &pl[i]);
	for (size_t i = 0; !rc && i < n; i++) {
		form_classify_line(text, lines, pl, n, i, &k, form, w.lk, &evs[i]);
		if (evs[i].kind != EV_NONE)
			anywhere[evs[i].sec] = true;
	}
	w.text = text;
	w.form = form;
	w.k = &k;
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
		if (w.cur >= 0 && form_lone_mark(text, lines[i]) == MARK_TICK) {
			/* "X" alone under an option line (a table's mark
			 * column as text): that option's tick, not its text */
			size_t j = i;

			while (j > 0 && text_trim(text, lines[j - 1]).start == text_trim(text, lines[j - 1]).end)
				j--;
			if (j > 0 && evs[j - 1].kind == EV_OPTION && (long)evs[j - 1].sec == w.cur &&
			    evs[j - 1].opt < CONFIG_MAX_OPTIONS) {
				w.st[w.cur].opt[evs[j - 1].opt].mark = MARK_TICK;
				continue;
			}
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
		/* form_classify_line() found no option on it: text */
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
	form_keys_free(&k);
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
