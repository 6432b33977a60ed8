/*
 * agcode — see agcode.h.
 */
#include "agcode.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <unictype.h>
#include <unistr.h>

#include "text.h"

/* Words of a name looked at (a name is one line). */
#define AGCODE_MAX_WORDS 48

static const struct {
	const char *key;
	enum agcode_col col;
} headers[] = {
	{ "ma", AGCOL_CODE }, { "code", AGCOL_CODE }, { "ma co quan", AGCOL_CODE },
	{ "ma don vi", AGCOL_CODE }, { "ky hieu", AGCOL_CODE }, { "agency code", AGCOL_CODE },
	{ "ten", AGCOL_NAME }, { "name", AGCOL_NAME }, { "co quan", AGCOL_NAME },
	{ "don vi", AGCOL_NAME }, { "co quan don vi", AGCOL_NAME }, { "agency", AGCOL_NAME },
	{ "agency name", AGCOL_NAME },
	{ "email", AGCOL_EMAIL }, { "e mail", AGCOL_EMAIL }, { "emails", AGCOL_EMAIL },
	{ "thu dien tu", AGCOL_EMAIL }, { "hop thu", AGCOL_EMAIL },
	{ "khoi", AGCOL_GROUP }, { "nhom", AGCOL_GROUP }, { "group", AGCOL_GROUP },
	{ "khoi nhom", AGCOL_GROUP }, { "nhom khoi", AGCOL_GROUP },
	{ "ma dinh danh", AGCOL_EDOC }, { "id", AGCOL_EDOC }, { "edoc id", AGCOL_EDOC },
	{ "ma dinh danh dien tu", AGCOL_EDOC }, { "ma dinh danh van ban", AGCOL_EDOC },
	{ "ten khac", AGCOL_ALIASES }, { "aliases", AGCOL_ALIASES }, { "alias", AGCOL_ALIASES },
	{ "ten viet tat", AGCOL_ALIASES },
};

static bool
starts(const char *key, const char *p)
{
	size_t n = strlen(p);

	return !strncmp(key, p, n) && (key[n] == '\0' || key[n] == ' ');
}

enum agcode_col
agcode_header(const char *cell)
{
	char *k = text_key(cell, strlen(cell), NULL);
	enum agcode_col c = AGCOL_NONE;

	if (!k)
		return AGCOL_NONE;
	for (size_t i = 0; i < sizeof headers / sizeof headers[0]; i++)
		if (!strcmp(k, headers[i].key)) {
			c = headers[i].col;
			break;
		}
	/* longer headings: "Mã định danh điện tử (QĐ 20)", "Địa chỉ thư điện
	 * tử", "Tên cơ quan, đơn vị" */
	if (c == AGCOL_NONE) {
		if (starts(k, "ma dinh danh"))
			c = AGCOL_EDOC;
		else if (strstr(k, "email") || strstr(k, "thu dien tu") || strstr(k, "e mail"))
			c = AGCOL_EMAIL;
		else if (starts(k, "ten khac") || starts(k, "ten goi khac"))
			c = AGCOL_ALIASES;
		else if (starts(k, "ten"))
			c = AGCOL_NAME;
		else if (starts(k, "khoi") || starts(k, "nhom"))
			c = AGCOL_GROUP;
		else if (starts(k, "ma co quan") || starts(k, "ma don vi"))
			c = AGCOL_CODE;
	}
	free(k);
	return c;
}

struct word {
	char key[64];    /* folded: lower-case ASCII letters and digits */
	bool caps;       /* written in capitals ("UBND", "HĐND") */
};

/* The words of S: runs of letters and digits, folded, with whether each
 * was written all in capitals.  Returns the count. */
static size_t
words(const char *s, struct word *w, size_t max)
{
	const uint8_t *p = (const uint8_t *)s, *end = p + strlen(s);
	size_t n = 0;

	while (p < end && n < max) {
		const uint8_t *st;
		ucs4_t uc;
		int l = u8_mbtouc(&uc, p, (size_t)(end - p));
		size_t letters = 0, lower = 0;
		char *k;

		if (!uc_is_alnum(uc)) {
			p += l > 0 ? l : 1;
			continue;
		}
		st = p;
		while (p < end) {
			l = u8_mbtouc(&uc, p, (size_t)(end - p));
			if (!uc_is_alnum(uc) && !uc_is_property_diacritic(uc) &&
			    !uc_is_general_category(uc, UC_CATEGORY_M))
				break;
			if (uc_is_alpha(uc)) {
				letters++;
				lower += uc_is_lower(uc);
			}
			p += l > 0 ? l : 1;
		}
		k = text_key((const char *)st, (size_t)(p - st), NULL);
		if (!k)
			continue;
		if (*k && strlen(k) < sizeof w[n].key) {
			memcpy(w[n].key, k, strlen(k) + 1);
			w[n].caps = letters >= 2 && lower == 0;
			n++;
		}
		free(k);
	}
	return n;
}

static void
put_upper(char *out, size_t *len, const char *s)
{
	for (; *s && *len < AGCODE_MAX; s++)
		out[(*len)++] = (*s >= 'a' && *s <= 'z') ? (char)(*s - 'a' + 'A') : *s;
}

/* Is word I the start of "w0 w1 ..." (PHRASE, space-separated)?  Returns
 * the words it spans, 0 if not. */
static size_t
phrase(const struct word *w, size_t n, size_t i, const char *p)
{
	size_t k = 0;

	while (*p) {
		size_t l = strcspn(p, " ");

		if (i + k >= n || strlen(w[i + k].key) != l || strncmp(w[i + k].key, p, l))
			return 0;
		k++;
		p += l;
		p += *p == ' ';
	}
	return k;
}

char *
agcode_from_name(const char *name)
{
	static const char *const units[] = { "tinh", "thanh pho", "tp", "huyen", "thi xa", "xa",
		                             "quan", "phuong", "thi tran", "dac khu", NULL };
	static const char *const skip[] = { "va", "cac", "cua", NULL };
	struct word w[AGCODE_MAX_WORDS] = { 0 };  /* words() fills n of them; zeroed for -O1's flow analysis */
	size_t n = words(name, w, AGCODE_MAX_WORDS), i = 0, len = 0, k;
	char out[AGCODE_MAX + 1];

	if ((k = phrase(w, n, 0, "uy ban nhan dan")) || (k = phrase(w, n, 0, "ubnd"))) {
		put_upper(out, &len, "UBND");
		/* "UBND thị xã Vĩnh Châu": the kind of place is left out */
		for (i = k; i < n;) {
			size_t u = 0;

			for (size_t j = 0; units[j] && !u; j++)
				u = phrase(w, n, i, units[j]);
			if (!u)
				break;
			i += u;
		}
		if (i < n)
			put_upper(out, &len, "_");
		for (; i < n; i++)
			put_upper(out, &len, w[i].key);
	} else {
		for (; i < n; i++) {
			bool skipped = false;
			char one[2] = { w[i].key[0], '\0' };

			for (size_t j = 0; skip[j] && !w[i].caps; j++)
				skipped = skipped || !strcmp(w[i].key, skip[j]);
			if (skipped)
				continue;
			if (w[i].caps || (w[i].key[0] >= '0' && w[i].key[0] <= '9'))
				put_upper(out, &len, w[i].key);
			else
				put_upper(out, &len, one);
		}
	}
	if (!len)
		put_upper(out, &len, "AGENCY");
	out[len] = '\0';
	return strdup(out);
}

bool
agcode_valid(const char *s)
{
	size_t n = strlen(s);

	if (n == 0 || n > 64 || s[0] == '.' || s[0] == '-')
		return false;
	for (; *s; s++)
		if (!((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') ||
		      (*s >= '0' && *s <= '9') || *s == '_' || *s == '-' || *s == '.'))
			return false;
	return true;
}

bool
agcode_valid_edoc_id(const char *s)
{
	size_t n = strlen(s);

	if (n == 0 || n > 64 || s[0] == '.' || s[n - 1] == '.')
		return false;
	for (; *s; s++)
		if (!((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') ||
		      (*s >= '0' && *s <= '9') || *s == '.'))
			return false;
	return true;
}
