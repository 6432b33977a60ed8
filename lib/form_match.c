/*
 * form_match — which line of an answer is a heading or an option label of
 * the form: every heading and label folded once into a key (text_key()),
 * each line folded only as far as a key can reach, compared with a few
 * typos forgiven.
 */
#include "form_p.h"

#include <stdlib.h>
#include <string.h>

#include "err.h"

/* --- keys ----------------------------------------------------------------- */

void
form_keys_free(struct keys *k)
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

int
form_keys_make(const struct yk_form *form, struct keys *k)
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

void
form_pline_make(const char *text, struct text_span line, struct pline *pl)
{
	struct text_span t = text_trim(text, line);

	pl->body = form_strip_prefix(text, line, &pl->mark, &pl->num, &pl->numbered);
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

void
form_line_key_make(const char *text, struct text_span body, size_t run_end, size_t cap,
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

bool
form_match_option(struct text_span body, const struct line_key *lk, const struct keys *k,
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

void
form_classify_line(const char *text, const struct text_span *lines, const struct pline *pl,
              size_t n, size_t i, const struct keys *k, const struct yk_form *form,
              struct line_key *lk, struct event *ev)
{
	struct text_span body = pl[i].body;

	memset(ev, 0, sizeof *ev);
	ev->last_line = i;
	if (body.start == body.end)
		return;
	form_line_key_make(text, body, lines[run_last(pl, n, i)].end, k->cap, lk);
	if (match_heading(lines, n, i, body, lk, k, ev))
		return;
	if (form_match_option(body, lk, k, form, ev)) {
		ev->mark = pl[i].mark;
		return;
	}
	match_short_heading(text, body, k, i, ev);
}
