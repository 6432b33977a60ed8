/*
 * letter — see letter.h.
 *
 * The letter is read line by line, each line cleaned of its layout (white
 * space, the ** and * of a text made from Markdown) and folded once
 * (text_key(): lower case, no diacritics, words only), so that "Số: 118
 * /UBND-TH", "SO 118/UBND-TH" and a letter typed without diacritics read
 * the same.  What is copied into the draft (headings, options, the
 * trích yếu) is always the original wording.
 */
#include "letter_p.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicase.h>
#include <unictype.h>
#include <unistr.h>

#include "isotime.h"
#include "orgname.h"
#include "text.h"


/* --- small helpers --------------------------------------------------------- */

char *
lt_xstrndup(const char *s, size_t n)
{
	char *p = malloc(n + 1);

	if (p) {
		memcpy(p, s, n);
		p[n] = '\0';
	}
	return p;
}

static bool
is_space_at(const char *s, size_t n, size_t i, size_t *w)
{
	if (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r')) {
		*w = 1;
		return true;
	}
	if (i + 1 < n && (unsigned char)s[i] == 0xc2 && (unsigned char)s[i + 1] == 0xa0) {
		*w = 2;
		return true;
	}
	return false;
}

/* S without the white space and the Markdown emphasis (** * _) around it. */
static char *
clean(const char *s, size_t n)
{
	size_t a = 0, b = n, w;
	bool again = true;

	while (again) {
		again = false;
		while (a < b && is_space_at(s, b, a, &w))
			a += w, again = true;
		while (b > a && (s[b - 1] == ' ' || s[b - 1] == '\t' || s[b - 1] == '\r'))
			b--, again = true;
		if (b > a + 1 && (unsigned char)s[b - 1] == 0xa0 && (unsigned char)s[b - 2] == 0xc2)
			b -= 2, again = true;
		while (a < b && (s[a] == '*' || s[a] == '_'))
			a++, again = true;
		while (b > a && (s[b - 1] == '*' || s[b - 1] == '_'))
			b--, again = true;
	}
	return lt_xstrndup(s + a, b - a);
}

static int
lines_make(const char *text, size_t len, struct lines *ls, struct yk_err *err)
{
	size_t n;
	struct text_span *sp = text_lines(text, len, LETTER_MAX_LINES, &n);

	memset(ls, 0, sizeof *ls);
	if (!sp)
		return yk_err_set(err, YK_ELIMIT, "letter: more than %d lines, or out of memory",
		                  LETTER_MAX_LINES);
	ls->l = calloc(n + 1, sizeof *ls->l);
	if (!ls->l) {
		free(sp);
		return yk_err_set(err, YK_ENOMEM, "letter: out of memory");
	}
	for (size_t i = 0; i < n; i++) {
		struct line *l = &ls->l[ls->n++];

		l->s = clean(text + sp[i].start, sp[i].end - sp[i].start);
		l->k = l->s ? text_key(l->s, strlen(l->s), NULL) : NULL;
		if (!l->s || !l->k) {
			free(sp);
			return yk_err_set(err, YK_ENOMEM, "letter: out of memory");
		}
	}
	free(sp);
	return 0;
}

static void
lines_free(struct lines *ls)
{
	for (size_t i = 0; i < ls->n; i++) {
		free(ls->l[i].s);
		free(ls->l[i].k);
	}
	free(ls->l);
}

/* Does key K begin with the words P? Returns what follows (after a
 * space), or NULL. */
const char *
lt_kw(const char *k, const char *p)
{
	size_t l = strlen(p);

	if (!k || strncmp(k, p, l) || (k[l] && k[l] != ' '))
		return NULL;
	return k[l] ? k + l + 1 : k + l;
}

/* A number of 1 to MAXD digits at the start of key K, a whole word. */
const char *
lt_num(const char *k, int maxd, int *v)
{
	int d = 0, x = 0;

	while (k[d] >= '0' && k[d] <= '9') {
		if (d >= maxd)
			return NULL;
		x = x * 10 + (k[d] - '0');
		d++;
	}
	if (d == 0 || (k[d] && k[d] != ' '))
		return NULL;
	*v = x;
	return k[d] ? k + d + 1 : k + d;
}

/*
 * A date at key K: "ngay 15 thang 01 nam 2024", "15 01 2024" (15/01/2024,
 * 15-01-2024, 15.01.2024 in the key), the year left out ("ngày 25/01":
 * *y = 0).  Returns what follows, or NULL.
 */
const char *
lt_key_date(const char *k, int *y, int *m, int *d)
{
	const char *p = lt_kw(k, "ngay") ? lt_kw(k, "ngay") : k, *q;
	int yy = 0;

	if (!(p = lt_num(p, 2, d)) || *d < 1 || *d > 31)
		return NULL;
	if (lt_kw(p, "thang"))
		p = lt_kw(p, "thang");
	if (!(p = lt_num(p, 2, m)) || *m < 1 || *m > 12)
		return NULL;
	q = lt_kw(p, "nam") ? lt_kw(p, "nam") : p;
	if ((q = lt_num(q, 4, &yy)) && yy >= 1900 && yy <= 2999) {
		p = q;
	} else {
		yy = 0;
	}
	if (yy && *d > isotime_month_days(yy, *m))
		return NULL;
	*y = yy;
	return p;
}

/* Every code point of S lower case (libunistring), malloc'd. */
char *
lt_lower(const char *s, size_t n)
{
	size_t ol = 0;
	uint8_t *r = u8_tolower((const uint8_t *)s, n, NULL, UNINORM_NFC, NULL, &ol);
	char *p = r ? lt_xstrndup((const char *)r, ol) : NULL;

	free(r);
	return p;
}

/* S with its first letter upper case, malloc'd. */
char *
lt_capital(const char *s)
{
	size_t n = strlen(s), ol = 0;
	int l = n ? u8_mblen((const uint8_t *)s, n) : 0;
	uint8_t *r;
	char *p;

	if (l <= 0)
		return strdup(s);
	r = u8_toupper((const uint8_t *)s, (size_t)l, NULL, UNINORM_NFC, NULL, &ol);
	if (!r)
		return NULL;
	p = malloc(ol + n - (size_t)l + 1);
	if (p) {
		memcpy(p, r, ol);
		memcpy(p + ol, s + l, n - (size_t)l + 1);
	}
	free(r);
	return p;
}

/* Letters in S, and whether none is lower case: a heading in capitals. */
bool
lt_all_caps(const char *s)
{
	const uint8_t *p = (const uint8_t *)s, *e = p + strlen(s);
	size_t letters = 0;

	while (p < e) {
		ucs4_t c;
		int l = u8_mbtouc(&c, p, (size_t)(e - p));

		if (uc_is_property_lowercase(c))
			return false;
		letters += uc_is_alpha(c);
		p += l > 0 ? l : 1;
	}
	return letters >= 3;
}

bool
lt_starts_lower(const char *s)
{
	ucs4_t c;

	return *s && u8_mbtouc(&c, (const uint8_t *)s, strlen(s)) > 0 &&
	       uc_is_property_lowercase(c);
}

/* A bullet at the start of S: its length, else 0. */
size_t
lt_bullet(const char *s)
{
	static const char *const b[] = { "- ", "+ ", "\u2013 ", "\u2014 ", "\u2022 ", "\u00b7 ",
		                         "* ", "-\t" };

	for (size_t i = 0; i < sizeof b / sizeof *b; i++)
		if (!strncmp(s, b[i], strlen(b[i])))
			return strlen(b[i]);
	return 0;
}

/* A tick box at the start of S (the empty boxes of lib/form_marks.c and
 * the ticked ones a filled copy may have): its length, else 0. */
size_t
lt_box(const char *s)
{
	static const char *const b[] = { "\u2610", "\u25a1", "\u274f", "\u25cb", "\u25ef", "\u2b1c",
		                         "\u25fb", "\u25a2", "\u2612", "\u2611", "[ ]", "( )" };

	for (size_t i = 0; i < sizeof b / sizeof *b; i++)
		if (!strncmp(s, b[i], strlen(b[i])))
			return strlen(b[i]);
	return 0;
}

char *
lt_trim_dup(const char *s, size_t n)
{
	while (n && (*s == ' ' || *s == '\t'))
		s++, n--;
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	return lt_xstrndup(s, n);
}

/* S cut before its final "." ";" "," ":" and white space, in place. */
void
lt_strip_end(char *s, const char *chars)
{
	size_t n = strlen(s);

	while (n && (strchr(chars, s[n - 1]) || s[n - 1] == ' '))
		s[--n] = '\0';
}

/* --- the header: number, date, trích yếu ----------------------------------- */

static int
read_reference(struct letter *lt, const struct lines *ls, size_t to)
{
	for (size_t i = 0; i < to; i++) {
		const char *s = ls->l[i].s, *p, *e;
		struct buf b;
		size_t dl;

		if (!lt_kw(ls->l[i].k, "so") || !(p = strpbrk(s, "0123456789")))
			continue;
		dl = strspn(p, "0123456789");
		e = p + dl;
		while (*e == ' ')
			e++;
		if (*e != '/')
			continue;
		e++;
		while (*e == ' ')
			e++;
		buf_init(&b, 0);
		buf_add(&b, p, dl);
		buf_addc(&b, '/');
		while (*e && *e != ' ' && *e != ',' && *e != ';' && *e != ')' && *e != '(')
			buf_addc(&b, *e++);
		if (buf_status(&b) || !b.len) {
			buf_free(&b);
			return YK_ENOMEM;
		}
		lt_strip_end(b.data, ".");
		lt->reference = buf_take(&b);
		/* the id: ASCII, '/' made '-', upper case as symbols are */
		{
			char *f = text_fold(lt->reference, strlen(lt->reference));
			if (!f)
				return YK_ENOMEM;
			for (char *c = f; *c; c++) {
				if (*c >= 'a' && *c <= 'z')
					*c = (char)(*c - 'a' + 'A');
				else if (!((*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') ||
				           *c == '.' || *c == '_'))
					*c = '-';
			}
			lt->id = f;
		}
		return 0;
	}
	return 0;
}

static void
read_date(struct letter *lt, const struct lines *ls, size_t to)
{
	/* "Sóc Trăng, ngày 15 tháng 01 năm 2024" first, then a line of a
	 * date alone after a place ("Sóc Trăng, 15/01/2024") */
	for (int pass = 0; pass < 2 && !lt->sent_y; pass++) {
		for (size_t i = 0; i < to && !lt->sent_y; i++) {
			const char *k = ls->l[i].k;
			int y, m, d;

			if (lt_kw(k, "so") || lt_kw(k, "v v"))
				continue;
			for (const char *p = k; p && *p; p = strchr(p, ' '), p = p ? p + 1 : NULL) {
				if ((pass == 0 && !lt_kw(p, "ngay")) || !lt_key_date(p, &y, &m, &d) || !y)
					continue;
				lt->sent_y = y, lt->sent_m = m, lt->sent_d = d;
				break;
			}
		}
	}
}

/* Does the header line S end the trích yếu? */
static bool
header_line(const struct line *l)
{
	return !*l->k || lt_all_caps(l->s) || lt_kw(l->k, "cong hoa") || lt_kw(l->k, "doc lap") ||
	       lt_kw(l->k, "kinh gui") || strstr(l->k, "ngay") || !lt_starts_lower(l->s);
}

static int
read_subject(struct letter *lt, const struct lines *ls, size_t to)
{
	for (size_t i = 0; i < to; i++) {
		const char *s = ls->l[i].s;
		struct buf b;

		if (!lt_kw(ls->l[i].k, "v v") && !lt_kw(ls->l[i].k, "ve viec"))
			continue;
		/* after "V/v" or "Về việc" (as the key's map places its end)
		 * and the punctuation after it */
		{
			struct text_span *map = NULL;
			char *k = text_key(s, strlen(s), &map);
			size_t kl = lt_kw(ls->l[i].k, "v v") ? strlen("v v") : strlen("ve viec");

			if (!k || !map) {
				free(k);
				free(map);
				return YK_ENOMEM;
			}
			s += map[kl - 1].end;
			free(k);
			free(map);
		}
		while (*s == ' ' || *s == ':' || *s == '.' || *s == '-')
			s++;
		buf_init(&b, 0);
		buf_adds(&b, s);
		for (size_t j = i + 1; j < to && j < i + 4 && !header_line(&ls->l[j]); j++) {
			buf_addc(&b, ' ');
			buf_adds(&b, ls->l[j].s);
		}
		if (buf_status(&b)) {
			buf_free(&b);
			return YK_ENOMEM;
		}
		lt->subject = buf_take(&b);
		return 0;
	}
	return 0;
}

/* --- Kính gửi -------------------------------------------------------------- */

static int
add_recipient(struct letter *lt, const char *s, size_t n)
{
	char *r;

	if (lt->n_recipients >= LETTER_MAX_RECIPIENTS) {
		lt->cut = true;
		return 0;
	}
	if (n >= 1 && s[0] == '-')
		s++, n--;
	if (!(r = lt_trim_dup(s, n)))
		return YK_ENOMEM;
	lt_strip_end(r, ".;,");
	if (!*r) {
		free(r);
		return 0;
	}
	lt->recipients[lt->n_recipients++] = r;
	return 0;
}

/*
 * The "Kính gửi" list: on its line ("Kính gửi: Các sở, ban ngành; UBND
 * các huyện.") or below it, one item a line with or without bullets, an
 * item wrapped over lines ("…, thị xã, thành phố,\ntỉnh Sóc Trăng.").  It
 * ends at the first line that is none of these: not a bullet, after an
 * item closed by '.', or not continuing one.  *end: the line after it.
 */
static int
read_recipients(struct letter *lt, const struct lines *ls, size_t *at, size_t *end)
{
	struct buf b;
	size_t i;
	const char *p;
	bool bulleted = false;
	int rc = 0;

	*at = *end = 0;
	for (i = 0; i < ls->n && i < LETTER_HEADER_LINES * 2; i++)
		if (lt_kw(ls->l[i].k, "kinh gui"))
			break;
	if (i >= ls->n || i >= LETTER_HEADER_LINES * 2)
		return 0;
	*at = i;
	buf_init(&b, 0);
	/* items are separated by '\n' in b */
	p = strstr(ls->l[i].s, ":");
	if (!p)
		p = ls->l[i].s + strlen(ls->l[i].s); /* "Kính gửi" alone */
	else
		p++;
	while (*p == ' ')
		p++;
	buf_adds(&b, p);
	for (i++; i < ls->n && i < *at + LETTER_MAX_RECIPIENTS * 3; i++) {
		const struct line *l = &ls->l[i];
		char last = b.len ? b.data[b.len - 1] : '\n';
		size_t bl = lt_bullet(l->s);

		if (!*l->s) {
			/* a blank line: the list goes on only if a bullet follows,
			 * nothing was read yet, or an unbulleted item asks for more */
			size_t j = i + 1;
			while (j < ls->n && !*ls->l[j].s)
				j++;
			if (b.len && (j >= ls->n || !lt_bullet(ls->l[j].s)) &&
			    (bulleted || !(last == ';' || last == ',')))
				break;
			continue;
		}
		if (lt_all_caps(l->s) && b.len)
			break; /* a heading in capitals, the form's title */
		if (bl) {
			bulleted = true;
			buf_addc(&b, '\n');
			buf_adds(&b, l->s + bl);
		} else if (last != '.' && last != '\n' && (last == ',' || lt_starts_lower(l->s))) {
			buf_addc(&b, ' ');
			buf_adds(&b, l->s);
		} else if (!b.len || (last == ';' && !bulleted)) {
			buf_addc(&b, '\n');
			buf_adds(&b, l->s);
		} else {
			break;
		}
	}
	*end = i;
	if (buf_status(&b) || buf_addc(&b, '\0')) {
		buf_free(&b);
		return YK_ENOMEM;
	}
	/* split at line breaks and at ';' */
	for (char *s = b.data, *e; *s && !rc; s = e + (*e != '\0')) {
		e = s + strcspn(s, "\n;");
		rc = add_recipient(lt, s, (size_t)(e - s));
	}
	buf_free(&b);
	return rc;
}

/* Drops every word "cac" (các) and "tren dia ban" from key K, in place. */
static void
drop_words(char *k)
{
	static const char *const drop[] = { "cac ", "tren dia ban ", "thuoc ", "truc thuoc " };
	size_t n;
	char *p = k;

	n = strlen(k);
	k[n] = ' ', k[n + 1] = '\0'; /* a space at the end: the caller gave room */
	while (*p) {
		bool hit = false;
		for (size_t i = 0; i < sizeof drop / sizeof *drop; i++) {
			size_t l = strlen(drop[i]);
			if (!strncmp(p, drop[i], l)) {
				memmove(p, p + l, strlen(p + l) + 1);
				hit = true;
				break;
			}
		}
		if (!hit) {
			p = strchr(p, ' ');
			p = p ? p + 1 : k + strlen(k);
		}
	}
	lt_strip_end(k, " ");
}

/* The level of a People's Committee named by key K: 1 district (huyện,
 * thị xã, thành phố, quận, "cấp huyện"), 2 commune (xã, phường, thị trấn,
 * "cấp xã"), 0 none or not a People's Committee. */
static int
ubnd_level(const char *k)
{
	int lv = 0;

	if (!lt_kw(k, "ubnd"))
		return 0;
	for (const char *p = k; p && *p; p = strchr(p, ' '), p = p ? p + 1 : NULL) {
		if (lt_kw(p, "h") || lt_kw(p, "tx") || lt_kw(p, "tp") || lt_kw(p, "q") || lt_kw(p, "quan") ||
		    lt_kw(p, "cap h"))
			lv |= 1;
		else if (lt_kw(p, "xa") || lt_kw(p, "phuong") || lt_kw(p, "thi tran") || lt_kw(p, "cap xa"))
			lv |= 2;
		if (lt_kw(p, "tinh"))
			break; /* "…, tỉnh Sóc Trăng": the province, not a level */
	}
	return lv == 3 ? 0 : lv;
}

char *
lt_group_key(const char *s)
{
	char *k = orgname_key(s, strlen(s)), *r;

	if (!k)
		return NULL;
	r = realloc(k, strlen(k) + 2);
	if (!r) {
		free(k);
		return NULL;
	}
	drop_words(r);
	return r;
}

void
letter_match_groups(const char *item, const char *const *groups, size_t n_groups,
                    unsigned long long *matched)
{
	char *ik = lt_group_key(item);

	*matched = 0;
	if (!ik)
		return;
	for (size_t g = 0; g < n_groups && g < 64; g++) {
		char *gk = lt_group_key(groups[g]);
		int il, gl;

		if (!gk || !*gk || !*ik) {
			free(gk);
			continue;
		}
		il = ubnd_level(ik);
		gl = ubnd_level(gk);
		if ((il && gl && il == gl) || orgname_starts(ik, gk, strlen(gk)) ||
		    orgname_starts(gk, ik, strlen(ik)))
			*matched |= 1ULL << g;
		free(gk);
	}
	free(ik);
}

long
letter_match_agency(const char *item, const struct letter_who *who)
{
	char *ik = lt_group_key(item);
	long found = -1;

	for (size_t a = 0; ik && *ik && a < who->n_agencies && found < 0; a++) {
		char *nk = who->names[a] ? lt_group_key(who->names[a]) : NULL;
		size_t l = nk ? strlen(nk) : 0;

		/* the name, or the name and its province ("Sở Nội vụ tỉnh Sóc
		 * Trăng"): nothing else after it, which would be another body */
		if (l && !strncmp(ik, nk, l) && (!ik[l] || lt_kw(ik + l + 1, "tinh")))
			found = (long)a;
		free(nk);
	}
	free(ik);
	return found;
}

int
letter_parse(const char *letter, size_t len, const char *form, size_t form_len,
             struct letter *lt, struct yk_err *err)
{
	struct lines ls, fs = { 0 };
	size_t head, at, end, form_at;
	int rc;

	memset(lt, 0, sizeof *lt);
	/* every buffer below grows with the input only: bounding it bounds them */
	if (len > LETTER_MAX_INPUT || form_len > LETTER_MAX_INPUT)
		return yk_err_set(err, YK_ELIMIT, "letter: more than %zu bytes of text",
		                  (size_t)LETTER_MAX_INPUT);
	if ((rc = lines_make(letter, len, &ls, err)))
		return rc;
	if (form && (rc = lines_make(form, form_len, &fs, err))) {
		lines_free(&ls);
		return rc;
	}
	if ((rc = read_recipients(lt, &ls, &at, &end)))
		goto out;
	head = at ? at : (ls.n < LETTER_HEADER_LINES ? ls.n : LETTER_HEADER_LINES);
	if ((rc = read_reference(lt, &ls, head)) || (rc = read_subject(lt, &ls, head)))
		goto out;
	read_date(lt, &ls, head);
	/* the form in the letter: after its body, from a title in capitals */
	form_at = ls.n;
	if (!form)
		for (size_t i = end; i < ls.n; i++)
			if (letter_form_title_line(&ls.l[i])) {
				form_at = i;
				break;
			}
	if ((rc = letter_read_deadline(lt, &ls, end ? end : head, form_at)))
		goto out;
	if (form)
		rc = letter_read_form(lt, &fs, 0, true);
	else if (form_at < ls.n)
		rc = letter_read_form(lt, &ls, form_at, false);
	/* the title's capitals are the letter's, for a form given apart too */
	if (!rc && form && lt->form_title) {
		free(lt->title);
		if (!(lt->title = letter_title_of(lt->form_title, &ls)))
			rc = YK_ENOMEM;
	}
out:
	lines_free(&ls);
	lines_free(&fs);
	if (rc == YK_ENOMEM)
		return yk_err_set(err, YK_ENOMEM, "letter: out of memory");
	return rc;
}

void
letter_free(struct letter *lt)
{
	free(lt->reference);
	free(lt->id);
	free(lt->subject);
	free(lt->deadline_phrase);
	free(lt->deadline_others);
	for (size_t i = 0; i < lt->n_recipients; i++)
		free(lt->recipients[i]);
	free(lt->form_title);
	free(lt->form_id);
	free(lt->title);
	for (size_t s = 0; s < lt->n_sec; s++) {
		free(lt->sec[s].id);
		free(lt->sec[s].heading);
		for (size_t o = 0; o < lt->sec[s].n_opt; o++) {
			free(lt->sec[s].opt[o].id);
			free(lt->sec[s].opt[o].text);
		}
	}
	free(lt->form_notes);
	memset(lt, 0, sizeof *lt);
}
