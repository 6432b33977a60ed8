/*
 * letter_form — the form that comes with a letter (letter.h): its title,
 * its numbered sections and their options, in their exact wording, and
 * the ids and campaign title made from them.
 */
#include "letter_p.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "orgname.h"
#include "text.h"

/* --- the form -------------------------------------------------------------- */

/* The number at the start of S ("1." "2)" "3 -"): its value and *skip the
 * bytes to the heading, else 0. */
static int
section_number(const char *s, size_t *skip)
{
	int v = 0;
	size_t i = 0;

	while (s[i] >= '0' && s[i] <= '9' && i < 2)
		v = v * 10 + (s[i++] - '0');
	if (!i || (s[i] != '.' && s[i] != ')') || s[i + 1] != ' ')
		return 0;
	i += 2;
	while (s[i] == ' ')
		i++;
	*skip = i;
	return v;
}

/* Heading or option text as the example configuration writes it: the
 * final ':' '.' and "(nếu có)" are not part of the wording a reply keeps,
 * and a reply's "3. Ý kiến khác, đề xuất:" must still find it. */
static void
tidy(char *s)
{
	size_t n;

	lt_strip_end(s, ":.;");
	n = strlen(s);
	if (n > 1 && s[n - 1] == ')') {
		char *o = strrchr(s, '(');
		char *k = o ? text_key(o, strlen(o), NULL) : NULL;
		if (k && (!strcmp(k, "neu co") || !strcmp(k, "neu co y kien")))
			*o = '\0';
		free(k);
	}
	lt_strip_end(s, ":.; ");
}

static const struct {
	const char *lead, *id;
} section_ids[] = {
	{ "nhan xet", "comments" },   { "danh gia", "assessment" },
	{ "y kien khac", "other_opinions" }, { "de nghi", "proposal" },
	{ "kien nghi", "proposal" },  { "de xuat", "proposal" },
	{ "y kien", "opinions" },     { "thong tin", "information" },
};

/* An ASCII id of at most MAXW words of key K, '_' between; "" none. */
static char *
key_id(const char *k, size_t maxw)
{
	struct buf b;
	size_t w = 0;

	buf_init(&b, 0);
	for (const char *p = k; *p && w < maxw; p++) {
		if (*p == ' ') {
			if (++w < maxw)
				buf_addc(&b, '_');
			continue;
		}
		buf_addc(&b, *p);
	}
	buf_addc(&b, '\0');
	b.len--;
	if (buf_status(&b)) {
		buf_free(&b);
		return NULL;
	}
	return buf_take(&b);
}

/* ID made unique among the N ids of LIST (stride STRIDE bytes from the
 * first): "_2", "_3" appended. */
static char *
unique(char *id, const char *const *list, size_t n)
{
	char *r = id;

	for (int suffix = 2; r && suffix < 100; suffix++) {
		bool dup = false;
		for (size_t i = 0; i < n && !dup; i++)
			dup = list[i] && !strcmp(list[i], r);
		if (!dup)
			break;
		if (r != id)
			free(r);
		r = malloc(strlen(id) + 4);
		if (r)
			snprintf(r, strlen(id) + 4, "%s_%d", id, suffix);
	}
	if (r != id)
		free(id);
	return r;
}

static int
section_ids_make(struct letter_section *sec, size_t at, struct letter *lt)
{
	char *k = text_key(sec->heading, strlen(sec->heading), NULL), *id = NULL;
	const char *ids[LETTER_MAX_SECTIONS];

	if (!k)
		return YK_ENOMEM;
	for (size_t i = 0; i < sizeof section_ids / sizeof *section_ids && !id; i++)
		if (lt_kw(k, section_ids[i].lead))
			id = strdup(section_ids[i].id);
	if (!id)
		id = *k ? key_id(k, 3) : strdup("section");
	free(k);
	for (size_t i = 0; i < at; i++)
		ids[i] = lt->sec[i].id;
	if (!(sec->id = unique(id, ids, at)))
		return YK_ENOMEM;
	return 0;
}

/* Option ids: the words that set an option apart from the others of its
 * section ("Đề nghị tiếp tục tổ chức Hội thi" beside "Đề nghị hình thức
 * tuyên truyền khác": "tiep_tuc_to"). */
static int
option_ids_make(struct letter_section *sec)
{
	char *keys[LETTER_MAX_OPTIONS] = { NULL };
	int rc = 0;

	for (size_t o = 0; o < sec->n_opt; o++)
		if (!(keys[o] = text_key(sec->opt[o].text, strlen(sec->opt[o].text), NULL)))
			rc = YK_ENOMEM;
	/* words at the start shared by every option */
	size_t common = 0;
	if (!rc && sec->n_opt > 1) {
		for (;;) {
			const char *e = strchr(keys[0] + common, ' ');
			size_t l = e ? (size_t)(e - keys[0]) + 1 : 0;
			bool all = l > 0;
			for (size_t o = 1; o < sec->n_opt && all; o++)
				all = strlen(keys[o]) > l && !strncmp(keys[o], keys[0], l);
			if (!all)
				break;
			common = l;
		}
	}
	for (size_t o = 0; o < sec->n_opt && !rc; o++) {
		const char *ids[LETTER_MAX_OPTIONS];
		char *id = *(keys[o] + common) ? key_id(keys[o] + common, 3) : NULL;

		if (!id) {
			id = malloc(32); /* "option_" and any size_t */
			if (id)
				snprintf(id, 32, "option_%zu", o + 1);
		}
		for (size_t i = 0; i < o; i++)
			ids[i] = sec->opt[i].id;
		if (!(sec->opt[o].id = unique(id, ids, o)))
			rc = YK_ENOMEM;
	}
	for (size_t o = 0; o < sec->n_opt; o++)
		free(keys[o]);
	return rc;
}

static int
note(struct letter *lt, const char *heading)
{
	struct buf b;

	buf_init(&b, 0);
	if (lt->form_notes) {
		buf_adds(&b, lt->form_notes);
		buf_addc(&b, '\n');
	}
	buf_printf(&b, "section \"%s\": a line under it was left out (neither an option "
	           "with a box nor one of two or more)", heading);
	if (buf_status(&b)) {
		buf_free(&b);
		return YK_ENOMEM;
	}
	free(lt->form_notes);
	lt->form_notes = buf_take(&b);
	return 0;
}

/* The form's title lines: capitals beginning "MẪU" or "PHIẾU" (any
 * spelling that folds to them: the seed letter has "MÃU"). */
bool
letter_form_title_line(const struct line *l)
{
	return (lt_kw(l->k, "mau") || lt_kw(l->k, "phieu")) && lt_all_caps(l->s);
}

static int
read_sections(struct letter *lt, const struct lines *ls, size_t from)
{
	struct letter_section *cur = NULL;
	char *plain[LETTER_MAX_OPTIONS];
	size_t n_plain = 0;
	bool boxes = false, fill = false, noted = false;
	int expect = 1, rc = 0;

	for (size_t i = from; i <= ls->n && !rc; i++) {
		const struct line *l = i < ls->n ? &ls->l[i] : NULL;
		size_t skip = 0, bl;

		/* a line in capitals after the sections ("THỦ TRƯỞNG ĐƠN VỊ")
		 * is the signing block: the form ends */
		if (l && cur && lt_all_caps(l->s))
			l = NULL;
		int num_ = l ? section_number(l->s, &skip) : 0;

		if (num_ == expect && lt->n_sec >= LETTER_MAX_SECTIONS) {
			lt->cut = true; /* the sections past the limit are left out */
			l = NULL;
		}
		if (!l || num_ == expect) {
			/* the section before ends: its plain lines are options
			 * when there are two or more and no box was seen */
			if (cur && !boxes && n_plain >= 2) {
				for (size_t o = 0; o < n_plain; o++) {
					cur->opt[cur->n_opt++] = (struct letter_option){ .text = plain[o] };
					plain[o] = NULL;
				}
			} else if (cur && n_plain && !noted) {
				rc = note(lt, cur->heading);
			}
			for (size_t o = 0; o < n_plain; o++)
				free(plain[o]);
			n_plain = 0;
			if (cur && !rc)
				rc = option_ids_make(cur);
			if (!l || rc)
				break;
			cur = &lt->sec[lt->n_sec++];
			if (!(cur->heading = strdup(l->s + skip)))
				return YK_ENOMEM;
			/* a heading wrapped over two lines */
			while (i + 1 < ls->n && lt_starts_lower(ls->l[i + 1].s) && !fill) {
				size_t hl = strlen(cur->heading);
				char *h = realloc(cur->heading, hl + strlen(ls->l[i + 1].s) + 2);
				if (!h)
					return YK_ENOMEM;
				h[hl] = ' ';
				strcpy(h + hl + 1, ls->l[++i].s);
				cur->heading = h;
			}
			tidy(cur->heading);
			if ((rc = section_ids_make(cur, lt->n_sec - 1, lt)))
				break;
			expect++;
			boxes = fill = noted = false;
			continue;
		}
		if (!cur || !*l->s)
			continue;
		if (text_is_filler(l->s, strlen(l->s))) {
			fill = true;
			continue;
		}
		if (l->s[0] == '(')
			continue; /* "(Ghi rõ …)": how to answer, not an answer */
		bl = lt_box(l->s) ? lt_box(l->s) : lt_bullet(l->s);
		{
			char *t = lt_trim_dup(l->s + bl, strlen(l->s + bl));
			if (!t)
				return YK_ENOMEM;
			tidy(t);
			if (!*t) {
				free(t);
				continue;
			}
			if (lt_box(l->s)) {
				boxes = true;
				if (cur->n_opt < LETTER_MAX_OPTIONS) {
					cur->opt[cur->n_opt++] = (struct letter_option){ .text = t };
				} else {
					lt->cut = true;
					free(t);
				}
			} else if (n_plain < LETTER_MAX_OPTIONS && text_chars(t, strlen(t)) <= 160) {
				plain[n_plain++] = t;
			} else {
				/* a paragraph, not an option: said, not kept */
				lt->cut |= n_plain >= LETTER_MAX_OPTIONS;
				free(t);
				if (!noted && (rc = note(lt, cur->heading)))
					break;
				noted = true;
			}
		}
	}
	for (size_t o = 0; o < n_plain; o++)
		free(plain[o]);
	return rc;
}

/* Is the word W (lower case, N bytes) written with a capital in the
 * middle of the letter's sentences more often than without ("Hội thi")? */
static bool
capitalised_in(const struct lines *ls, const char *w, size_t n)
{
	int up = 0, low = 0;

	for (size_t i = 0; i < ls->n; i++) {
		const char *s = ls->l[i].s;
		bool start = true;

		if (lt_all_caps(s))
			continue;
		for (const char *p = s; *p;) {
			size_t l = 0;
			const char *q = p;

			/* a word: letters up to a space or punctuation */
			while (q[l] && !strchr(" \t,.;:!?()\"'/-", q[l]))
				l++;
			if (l == 0) {
				if (strchr(".!?:", *p))
					start = true;
				p++;
				continue;
			}
			if (!start) {
				char *lw = lt_lower(q, l);
				if (lw && strlen(lw) == n && !memcmp(lw, w, n)) {
					if (memcmp(lw, q, l))
						up++;
					else
						low++;
				}
				free(lw);
			}
			start = false;
			p = q + l;
		}
	}
	return up > low;
}

/* The campaign's title from the form's: sentence case, the words the
 * letter writes with a capital kept so ("Hội thi"), and "Phiếu" for the
 * first word: agencies send back a phiếu, whether the letter heads its
 * blank form "MẪU" or "PHIẾU". */
char *
letter_title_of(const char *form_title, const struct lines *ls)
{
	char *lw = lt_lower(form_title, strlen(form_title)), *rest;
	struct buf b;

	if (!lw)
		return NULL;
	rest = strchr(lw, ' ');
	buf_init(&b, 0);
	buf_adds(&b, "Phiếu");
	for (char *p = rest; p && *p;) {
		size_t l;
		char *word;

		if (*p == ' ') {
			buf_addc(&b, *p++);
			continue;
		}
		l = strcspn(p, " ");
		word = lt_xstrndup(p, l);
		if (word && capitalised_in(ls, word, l)) {
			char *c = lt_capital(word);
			buf_adds(&b, c ? c : word);
			free(c);
		} else {
			buf_add(&b, p, l);
		}
		free(word);
		p += l;
	}
	free(lw);
	if (buf_status(&b)) {
		buf_free(&b);
		return NULL;
	}
	return buf_take(&b);
}

/* The form id from its title: the words after "về" ("… VỀ HỘI THI CẢI
 * CÁCH HÀNH CHÍNH": "hoi-thi-cchc", orgname's abbreviations), or the
 * title's words after "mẫu"/"phiếu". */
static char *
form_id_of(const char *title)
{
	char *k = orgname_key(title, strlen(title)), *id;
	const char *p;

	if (!k)
		return NULL;
	p = strstr(k, " ve ") ? strstr(k, " ve ") + 4 : (strchr(k, ' ') ? strchr(k, ' ') + 1 : k);
	id = *p ? key_id(p, 5) : strdup("form");
	free(k);
	for (char *c = id; c && *c; c++)
		if (*c == '_')
			*c = '-';
	return id;
}

int
letter_read_form(struct letter *lt, const struct lines *ls, size_t from, bool given)
{
	size_t i = from, t;
	struct buf b;
	int rc;

	while (i < ls->n && !letter_form_title_line(&ls->l[i]))
		i++;
	if (i >= ls->n) {
		if (!given)
			return 0;
		i = from; /* a form given apart may have no title */
	}
	t = i;
	buf_init(&b, 0);
	while (i < ls->n && letter_form_title_line(&ls->l[t]) && lt_all_caps(ls->l[i].s) && *ls->l[i].s) {
		if (b.len)
			buf_addc(&b, ' ');
		buf_adds(&b, ls->l[i++].s);
	}
	if (buf_status(&b)) {
		buf_free(&b);
		return YK_ENOMEM;
	}
	if (b.len) {
		lt->form_title = buf_take(&b);
		if (!(lt->title = letter_title_of(lt->form_title, ls)) ||
		    !(lt->form_id = form_id_of(lt->form_title)))
			return YK_ENOMEM;
	} else {
		buf_free(&b);
	}
	if ((rc = read_sections(lt, ls, i)))
		return rc;
	lt->has_form = lt->n_sec > 0;
	return 0;
}
