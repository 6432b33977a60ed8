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
#include "letter.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicase.h>
#include <unictype.h>
#include <unistr.h>

#include "orgname.h"
#include "text.h"

struct line {
	char *s;             /* cleaned original */
	char *k;             /* text_key() of s */
};

struct lines {
	struct line *l;
	size_t n;
};

/* --- small helpers --------------------------------------------------------- */

static char *
xstrndup(const char *s, size_t n)
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
	return xstrndup(s + a, b - a);
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
static const char *
kw(const char *k, const char *p)
{
	size_t l = strlen(p);

	if (!k || strncmp(k, p, l) || (k[l] && k[l] != ' '))
		return NULL;
	return k[l] ? k + l + 1 : k + l;
}

/* A number of 1 to MAXD digits at the start of key K, a whole word. */
static const char *
num(const char *k, int maxd, int *v)
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

static bool
leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int
mdays(int y, int m)
{
	static const int d[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	return m == 2 && leap(y) ? 29 : d[m - 1];
}

/* Days since 1970-01-01 (H. Hinnant's days_from_civil). */
static long
days_of(int y, int m, int d)
{
	long yy = y - (m <= 2);
	long era = (yy >= 0 ? yy : yy - 399) / 400;
	long yoe = yy - era * 400;
	long doy = (153L * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

	return era * 146097 + doe - 719468;
}

static void
civil_of(long z, int *y, int *m, int *d)
{
	long era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

/*
 * A date at key K: "ngay 15 thang 01 nam 2024", "15 01 2024" (15/01/2024,
 * 15-01-2024, 15.01.2024 in the key), the year left out ("ngày 25/01":
 * *y = 0).  Returns what follows, or NULL.
 */
static const char *
key_date(const char *k, int *y, int *m, int *d)
{
	const char *p = kw(k, "ngay") ? kw(k, "ngay") : k, *q;
	int yy = 0;

	if (!(p = num(p, 2, d)) || *d < 1 || *d > 31)
		return NULL;
	if (kw(p, "thang"))
		p = kw(p, "thang");
	if (!(p = num(p, 2, m)) || *m < 1 || *m > 12)
		return NULL;
	q = kw(p, "nam") ? kw(p, "nam") : p;
	if ((q = num(q, 4, &yy)) && yy >= 1900 && yy <= 2999) {
		p = q;
	} else {
		yy = 0;
	}
	if (yy && *d > mdays(yy, *m))
		return NULL;
	*y = yy;
	return p;
}

/* Every code point of S lower case (libunistring), malloc'd. */
static char *
lower(const char *s, size_t n)
{
	size_t ol = 0;
	uint8_t *r = u8_tolower((const uint8_t *)s, n, NULL, UNINORM_NFC, NULL, &ol);
	char *p = r ? xstrndup((const char *)r, ol) : NULL;

	free(r);
	return p;
}

/* S with its first letter upper case, malloc'd. */
static char *
capital(const char *s)
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
static bool
all_caps(const char *s)
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

static bool
starts_lower(const char *s)
{
	ucs4_t c;

	return *s && u8_mbtouc(&c, (const uint8_t *)s, strlen(s)) > 0 &&
	       uc_is_property_lowercase(c);
}

/* A bullet at the start of S: its length, else 0. */
static size_t
bullet(const char *s)
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
static size_t
box(const char *s)
{
	static const char *const b[] = { "\u2610", "\u25a1", "\u274f", "\u25cb", "\u25ef", "\u2b1c",
		                         "\u25fb", "\u25a2", "\u2612", "\u2611", "[ ]", "( )" };

	for (size_t i = 0; i < sizeof b / sizeof *b; i++)
		if (!strncmp(s, b[i], strlen(b[i])))
			return strlen(b[i]);
	return 0;
}

static char *
trim_dup(const char *s, size_t n)
{
	while (n && (*s == ' ' || *s == '\t'))
		s++, n--;
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	return xstrndup(s, n);
}

/* S cut before its final "." ";" "," ":" and white space, in place. */
static void
strip_end(char *s, const char *chars)
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

		if (!kw(ls->l[i].k, "so") || !(p = strpbrk(s, "0123456789")))
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
		strip_end(b.data, ".");
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

			if (kw(k, "so") || kw(k, "v v"))
				continue;
			for (const char *p = k; p && *p; p = strchr(p, ' '), p = p ? p + 1 : NULL) {
				if ((pass == 0 && !kw(p, "ngay")) || !key_date(p, &y, &m, &d) || !y)
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
	return !*l->k || all_caps(l->s) || kw(l->k, "cong hoa") || kw(l->k, "doc lap") ||
	       kw(l->k, "kinh gui") || strstr(l->k, "ngay") || !starts_lower(l->s);
}

static int
read_subject(struct letter *lt, const struct lines *ls, size_t to)
{
	for (size_t i = 0; i < to; i++) {
		const char *s = ls->l[i].s;
		struct buf b;

		if (!kw(ls->l[i].k, "v v") && !kw(ls->l[i].k, "ve viec"))
			continue;
		/* after "V/v" or "Về việc" (as the key's map places its end)
		 * and the punctuation after it */
		{
			struct text_span *map = NULL;
			char *k = text_key(s, strlen(s), &map);
			size_t kl = kw(ls->l[i].k, "v v") ? strlen("v v") : strlen("ve viec");

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

	if (lt->n_recipients >= LETTER_MAX_RECIPIENTS)
		return 0;
	if (n >= 1 && s[0] == '-')
		s++, n--;
	if (!(r = trim_dup(s, n)))
		return YK_ENOMEM;
	strip_end(r, ".;,");
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
		if (kw(ls->l[i].k, "kinh gui"))
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
		size_t bl = bullet(l->s);

		if (!*l->s) {
			/* a blank line: the list goes on only if a bullet follows,
			 * nothing was read yet, or an unbulleted item asks for more */
			size_t j = i + 1;
			while (j < ls->n && !*ls->l[j].s)
				j++;
			if (b.len && (j >= ls->n || !bullet(ls->l[j].s)) &&
			    (bulleted || !(last == ';' || last == ',')))
				break;
			continue;
		}
		if (all_caps(l->s) && b.len)
			break; /* a heading in capitals, the form's title */
		if (bl) {
			bulleted = true;
			buf_addc(&b, '\n');
			buf_adds(&b, l->s + bl);
		} else if (last != '.' && last != '\n' && (last == ',' || starts_lower(l->s))) {
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
	strip_end(k, " ");
}

/* The level of a People's Committee named by key K: 1 district (huyện,
 * thị xã, thành phố, quận, "cấp huyện"), 2 commune (xã, phường, thị trấn,
 * "cấp xã"), 0 none or not a People's Committee. */
static int
ubnd_level(const char *k)
{
	int lv = 0;

	if (!kw(k, "ubnd"))
		return 0;
	for (const char *p = k; p && *p; p = strchr(p, ' '), p = p ? p + 1 : NULL) {
		if (kw(p, "h") || kw(p, "tx") || kw(p, "tp") || kw(p, "q") || kw(p, "quan") ||
		    kw(p, "cap h"))
			lv |= 1;
		else if (kw(p, "xa") || kw(p, "phuong") || kw(p, "thi tran") || kw(p, "cap xa"))
			lv |= 2;
		if (kw(p, "tinh"))
			break; /* "…, tỉnh Sóc Trăng": the province, not a level */
	}
	return lv == 3 ? 0 : lv;
}

static char *
group_key(const char *s)
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
	char *ik = group_key(item);

	*matched = 0;
	if (!ik)
		return;
	for (size_t g = 0; g < n_groups && g < 64; g++) {
		char *gk = group_key(groups[g]);
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
	char *ik = group_key(item);
	long found = -1;

	for (size_t a = 0; ik && *ik && a < who->n_agencies && found < 0; a++) {
		char *nk = who->names[a] ? group_key(who->names[a]) : NULL;
		size_t l = nk ? strlen(nk) : 0;

		/* the name, or the name and its province ("Sở Nội vụ tỉnh Sóc
		 * Trăng"): nothing else after it, which would be another body */
		if (l && !strncmp(ik, nk, l) && (!ik[l] || kw(ik + l + 1, "tinh")))
			found = (long)a;
		free(nk);
	}
	free(ik);
	return found;
}

/* --- the deadline ---------------------------------------------------------- */

struct dl {
	size_t at, end;      /* key bytes of the phrase */
	int y, m, d, hh, mm; /* hh < 0: a date alone */
	bool strict, relative, working;
};

/* A time at key K: "17 gio 00", "17 gio", "17h00", "17h", "17 gio 30 phut". */
static const char *
key_time(const char *k, int *hh, int *mm)
{
	const char *p;
	int h, m = 0;

	if ((p = num(k, 2, &h)) && kw(p, "gio")) {
		p = kw(p, "gio");
		const char *q = num(p, 2, &m);
		if (q) {
			p = kw(q, "phut") ? kw(q, "phut") : q;
		} else {
			m = 0;
		}
	} else {
		/* "17h00", "17h" as one word */
		int d = 0;
		h = 0;
		while (k[d] >= '0' && k[d] <= '9' && d < 2)
			h = h * 10 + (k[d++] - '0');
		if (!d || k[d] != 'h')
			return NULL;
		p = k + d + 1;
		if (*p >= '0' && *p <= '9') {
			if (!(p = num(p, 2, &m)))
				return NULL;
		} else if (*p == ' ' || !*p) {
			p += *p == ' ';
		} else {
			return NULL;
		}
	}
	if (h > 23 || m > 59)
		return NULL;
	*hh = h, *mm = m;
	return p;
}

/* A deadline phrase starting at key word K: 0 none. */
static bool
match_deadline(const char *k, const struct letter *lt, struct dl *o)
{
	static const char *const incl[] = { "cham nhat la ngay", "cham nhat vao ngay", "cham nhat ngay",
		"cham nhat la", "cham nhat", "han chot la ngay", "han chot ngay", "han chot",
		"khong qua ngay", "khong muon hon ngay", "den het ngay", "truoc hoac trong ngay",
		"truoc hoac vao ngay", "trong ngay" };
	static const char *const at_time[] = { "truoc", "cham nhat la", "cham nhat", "han chot la",
		"han chot", "truoc luc", "cham nhat luc", "cham nhat vao luc" };
	const char *p, *q;
	int n;

	memset(o, 0, sizeof *o);
	o->hh = -1;
	/* "trước 17 giờ 00 ngày 25/01/2024" */
	for (size_t i = 0; i < sizeof at_time / sizeof *at_time; i++)
		if ((p = kw(k, at_time[i])) && (q = key_time(p, &o->hh, &o->mm)) &&
		    (q = kw(q, "ngay") ? q : NULL) && (q = key_date(q, &o->y, &o->m, &o->d))) {
			o->end = (size_t)(q - k);
			return true;
		}
	o->hh = -1;
	for (size_t i = 0; i < sizeof incl / sizeof *incl; i++)
		if ((p = kw(k, incl[i])) && (q = key_date(p, &o->y, &o->m, &o->d))) {
			o->end = (size_t)(q - k);
			return true;
		}
	if ((p = kw(k, "truoc ngay")) && (q = key_date(p, &o->y, &o->m, &o->d))) {
		o->strict = true;
		o->end = (size_t)(q - k);
		return true;
	}
	/* "trong tháng 01/2024", "trong tháng 01 năm 2024" */
	if ((p = kw(k, "trong thang")) && (q = num(p, 2, &o->m)) && o->m >= 1 && o->m <= 12) {
		const char *r = kw(q, "nam") ? kw(q, "nam") : q;
		if ((r = num(r, 4, &o->y)) && o->y >= 1900) {
			q = r;
		} else {
			o->y = lt->sent_y;
		}
		if (!o->y)
			return false;
		o->d = mdays(o->y, o->m);
		o->end = (size_t)(q - k);
		return true;
	}
	/* "trong (vòng | thời hạn) 05 ngày (làm việc)": from the letter's date */
	if ((p = kw(k, "trong"))) {
		if (kw(p, "vong"))
			p = kw(p, "vong");
		else if (kw(p, "thoi han"))
			p = kw(p, "thoi han");
		else if (kw(p, "thoi gian"))
			p = kw(p, "thoi gian");
		if ((q = num(p, 3, &n)) && n > 0 && (q = kw(q, "ngay")) && lt->sent_y) {
			long z = days_of(lt->sent_y, lt->sent_m, lt->sent_d);
			const char *r = kw(q, "lam viec");
			o->relative = true;
			if (r) {
				/* Monday to Friday; the calendar's days off are not
				 * known here: a "# KIỂM TRA:" says so */
				o->working = true;
				for (int left = n; left > 0;) {
					z++;
					long wd = ((z % 7) + 11) % 7; /* 1970-01-01 was a Thursday: 0 Monday */
					if (wd < 5)
						left--;
				}
				q = r;
			} else {
				z += n;
			}
			civil_of(z, &o->y, &o->m, &o->d);
			o->end = (size_t)(q - k) - (*q ? 1 : 0);
			return true;
		}
	}
	return false;
}

static void
dl_value(const struct dl *d, char *out, size_t cap)
{
	int y = d->y, m = d->m, dd = d->d;

	if (d->strict) {
		civil_of(days_of(y, m, dd) - 1, &y, &m, &dd);
	}
	if (d->hh >= 0)
		snprintf(out, cap, "%04d-%02d-%02dT%02d:%02d:00+07:00", y, m, dd, d->hh, d->mm);
	else
		snprintf(out, cap, "%04d-%02d-%02d", y, m, dd);
}

static int
read_deadline(struct letter *lt, const struct lines *ls, size_t from, size_t to)
{
	struct buf body, others;
	struct text_span *map = NULL;
	char *k;
	bool first = true;
	int rc = 0;

	buf_init(&body, 0);
	buf_init(&others, 0);
	for (size_t i = from; i < to; i++) {
		buf_adds(&body, ls->l[i].s);
		buf_addc(&body, '\n');
	}
	if (buf_status(&body) || !(k = text_key(body.data ? body.data : "", body.len, &map))) {
		buf_free(&body);
		return YK_ENOMEM;
	}
	for (const char *p = k; p && *p; p = strchr(p, ' '), p = p ? p + 1 : NULL) {
		struct dl d;
		char v[64];
		size_t a = (size_t)(p - k);

		if (!match_deadline(p, lt, &d))
			continue;
		d.at = a;
		d.end += a;
		if (d.end > a && k[d.end - 1] == ' ')
			d.end--;
		if (d.y == 0)
			d.y = lt->sent_y;
		if (d.y == 0)
			continue;
		dl_value(&d, v, sizeof v);
		{
			size_t s0 = map[d.at].start, s1 = map[d.end ? d.end - 1 : 0].end;
			char *phrase = xstrndup(body.data + s0, s1 - s0);

			if (!phrase) {
				rc = YK_ENOMEM;
				break;
			}
			for (char *c = phrase; *c; c++)
				if (*c == '\n')
					*c = ' ';
			if (first) {
				memcpy(lt->deadline, v, sizeof lt->deadline);
				lt->deadline_phrase = phrase;
				lt->deadline_strict = d.strict;
				lt->deadline_relative = d.relative;
				/* working days: said in the phrase or in the words
				 * just after it ("…, tính theo ngày làm việc") */
				lt->deadline_working_days = d.working;
				{
					size_t w = 0;
					const char *e = k + d.end;
					for (; *e && w < 12; e++)
						w += *e == ' ';
					char save = *e;
					char *ee = (char *)e;
					*ee = '\0';
					if (strstr(k + d.end, "ngay lam viec"))
						lt->deadline_working_days = true;
					*ee = save;
				}
				first = false;
			} else if (strcmp(v, lt->deadline)) {
				if (others.len)
					buf_adds(&others, "; ");
				buf_printf(&others, "\"%s\"", phrase);
				free(phrase);
			} else {
				free(phrase);
			}
		}
		p = k + d.end;
	}
	if (!rc && others.len) {
		if (buf_status(&others))
			rc = YK_ENOMEM;
		else
			lt->deadline_others = buf_take(&others);
	}
	buf_free(&others);
	buf_free(&body);
	free(map);
	free(k);
	return rc;
}

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

	strip_end(s, ":.;");
	n = strlen(s);
	if (n > 1 && s[n - 1] == ')') {
		char *o = strrchr(s, '(');
		char *k = o ? text_key(o, strlen(o), NULL) : NULL;
		if (k && (!strcmp(k, "neu co") || !strcmp(k, "neu co y kien")))
			*o = '\0';
		free(k);
	}
	strip_end(s, ":.; ");
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
		if (kw(k, section_ids[i].lead))
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
			id = malloc(16);
			if (id)
				snprintf(id, 16, "option_%zu", o + 1);
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
static bool
form_title_line(const struct line *l)
{
	return (kw(l->k, "mau") || kw(l->k, "phieu")) && all_caps(l->s);
}

static int
read_sections(struct letter *lt, const struct lines *ls, size_t from)
{
	struct letter_section *cur = NULL;
	char *plain[LETTER_MAX_OPTIONS];
	size_t n_plain = 0;
	bool boxes = false, fill = false;
	int expect = 1, rc = 0;

	for (size_t i = from; i <= ls->n && !rc; i++) {
		const struct line *l = i < ls->n ? &ls->l[i] : NULL;
		size_t skip = 0, bl;

		/* a line in capitals after the sections ("THỦ TRƯỞNG ĐƠN VỊ")
		 * is the signing block: the form ends */
		if (l && cur && all_caps(l->s))
			l = NULL;
		int num_ = l ? section_number(l->s, &skip) : 0;

		if (!l || (num_ == expect && lt->n_sec < LETTER_MAX_SECTIONS)) {
			/* the section before ends: its plain lines are options
			 * when there are two or more and no box was seen */
			if (cur && !boxes && n_plain >= 2) {
				for (size_t o = 0; o < n_plain; o++) {
					cur->opt[cur->n_opt++] = (struct letter_option){ .text = plain[o] };
					plain[o] = NULL;
				}
			} else if (cur && n_plain) {
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
			while (i + 1 < ls->n && starts_lower(ls->l[i + 1].s) && !fill) {
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
			boxes = fill = false;
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
		bl = box(l->s) ? box(l->s) : bullet(l->s);
		{
			char *t = trim_dup(l->s + bl, strlen(l->s + bl));
			if (!t)
				return YK_ENOMEM;
			tidy(t);
			if (!*t) {
				free(t);
				continue;
			}
			if (box(l->s)) {
				boxes = true;
				if (cur->n_opt < LETTER_MAX_OPTIONS)
					cur->opt[cur->n_opt++] = (struct letter_option){ .text = t };
				else
					free(t);
			} else if (n_plain < LETTER_MAX_OPTIONS && text_chars(t, strlen(t)) <= 160) {
				plain[n_plain++] = t;
			} else {
				free(t);
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

		if (all_caps(s))
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
				char *lw = lower(q, l);
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
static char *
title_of(const char *form_title, const struct lines *ls)
{
	char *lw = lower(form_title, strlen(form_title)), *rest;
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
		word = xstrndup(p, l);
		if (word && capitalised_in(ls, word, l)) {
			char *c = capital(word);
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

static int
read_form(struct letter *lt, const struct lines *ls, size_t from, bool given)
{
	size_t i = from, t;
	struct buf b;
	int rc;

	while (i < ls->n && !form_title_line(&ls->l[i]))
		i++;
	if (i >= ls->n) {
		if (!given)
			return 0;
		i = from; /* a form given apart may have no title */
	}
	t = i;
	buf_init(&b, 0);
	while (i < ls->n && form_title_line(&ls->l[t]) && all_caps(ls->l[i].s) && *ls->l[i].s) {
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
		if (!(lt->title = title_of(lt->form_title, ls)) ||
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
			if (form_title_line(&ls.l[i])) {
				form_at = i;
				break;
			}
	if ((rc = read_deadline(lt, &ls, end ? end : head, form_at)))
		goto out;
	if (form)
		rc = read_form(lt, &fs, 0, true);
	else if (form_at < ls.n)
		rc = read_form(lt, &ls, form_at, false);
	/* the title's capitals are the letter's, for a form given apart too */
	if (!rc && form && lt->form_title) {
		free(lt->title);
		if (!(lt->title = title_of(lt->form_title, &ls)))
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
