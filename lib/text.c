/*
 * text — see text.h.  Unicode work is libunistring's (u8_normalize,
 * uc_tolower, uc_canonical_decomposition); charsets are iconv's (glibc
 * decodes windows-1258 into base letters plus combining marks, hence the
 * NFC step after every conversion).
 */
#include "text.h"

#include <errno.h>
#include <iconv.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <unicase.h>
#include <unictype.h>
#include <uninorm.h>
#include <unistr.h>

bool
text_utf8_valid(const char *s, size_t n)
{
	return u8_check((const uint8_t *)s, n) == NULL;
}

char *
text_utf8_repair(const char *s, size_t n)
{
	const uint8_t *p = (const uint8_t *)s, *end = p + n;
	char *out, *o;

	if (n > TEXT_MAX_INPUT)
		return NULL;
	/* Worst case: every byte becomes the 3-byte U+FFFD. */
	out = malloc(n * 3 + 1);
	if (!out)
		return NULL;
	o = out;
	while (p < end) {
		ucs4_t uc;
		int len = u8_mbtoucr(&uc, p, (size_t)(end - p));

		if (len <= 0 || uc == 0) {
			if (len == 0 || (len > 0 && uc == 0)) {
				/* An embedded NUL would end the C string early. */
				p++;
				continue;
			}
			memcpy(o, "\xef\xbf\xbd", 3);
			o += 3;
			p++;
			continue;
		}
		memcpy(o, p, (size_t)len);
		o += len;
		p += len;
	}
	*o = '\0';
	return out;
}

static bool nfc_quick(const char *s, size_t n);

char *
text_nfc(const char *s, size_t n)
{
	char *valid, *out;
	size_t outlen = 0;
	uint8_t *r;

	/* Already NFC (plain ASCII, precomposed Vietnamese: most text): skip
	 * the repair and normalisation passes, which would return it as is. */
	if (n <= TEXT_MAX_INPUT && nfc_quick(s, n)) {
		out = malloc(n + 1);
		if (out) {
			memcpy(out, s, n);
			out[n] = '\0';
		}
		return out;
	}
	valid = text_utf8_repair(s, n);
	if (!valid)
		return NULL;
	r = u8_normalize(UNINORM_NFC, (const uint8_t *)valid, strlen(valid), NULL, &outlen);
	free(valid);
	if (!r)
		return NULL;
	out = malloc(outlen + 1);
	if (out) {
		memcpy(out, r, outlen);
		out[outlen] = '\0';
	}
	free(r);
	return out;
}

/* Converts with iconv; NULL when the charset is unknown or input invalid
 * (then the caller falls back).  *bad counts skipped bytes when lenient. */
static char *
convert(const char *s, size_t n, const char *charset, bool lenient, size_t *bad)
{
	iconv_t cd = iconv_open("UTF-8", charset);
	char *out, *in = (char *)s, *o;
	size_t inleft = n, cap, outleft;

	*bad = 0;
	if (cd == (iconv_t)-1)
		return NULL;
	/* A single-byte charset expands at most 3 (windows-1258 letters
	 * with marks: base + 2-byte mark); 4 covers every charset. */
	cap = n * 4 + 16;
	out = malloc(cap);
	if (!out) {
		iconv_close(cd);
		return NULL;
	}
	o = out;
	outleft = cap - 1;
	while (inleft > 0) {
		size_t r = iconv(cd, &in, &inleft, &o, &outleft);

		if (r != (size_t)-1)
			break;
		if ((errno == EILSEQ || errno == EINVAL) && lenient && outleft >= 3) {
			memcpy(o, "\xef\xbf\xbd", 3);
			o += 3;
			outleft -= 3;
			in++;
			inleft--;
			(*bad)++;
			continue;
		}
		free(out);
		iconv_close(cd);
		return NULL;
	}
	/* Stateful decoders (glibc's CP1258 holds back the last letter,
	 * waiting for a combining mark) must be flushed. */
	iconv(cd, NULL, NULL, &o, &outleft);
	iconv_close(cd);
	*o = '\0';
	return out;
}

char *
text_to_utf8(const char *s, size_t n, const char *charset, bool *lossy)
{
	char *u = NULL, *res;
	size_t bad = 0;

	if (lossy)
		*lossy = false;
	if (n > TEXT_MAX_INPUT)
		return NULL;
	if (n >= 3 && memcmp(s, "\xef\xbb\xbf", 3) == 0) {
		s += 3;
		n -= 3;
		charset = "utf-8";
	}
	/* Declared UTF-8 (or ASCII, or nothing) but valid: no conversion. */
	if (text_utf8_valid(s, n) &&
	    (!charset || !strcasecmp(charset, "utf-8") || !strcasecmp(charset, "utf8") ||
	     !strcasecmp(charset, "us-ascii") || !strcasecmp(charset, "ascii")))
		return text_nfc(s, n);
	if (charset && strcasecmp(charset, "utf-8") && strcasecmp(charset, "utf8")) {
		u = convert(s, n, charset, false, &bad);
		if (!u)
			u = convert(s, n, charset, true, &bad);
	}
	if (!u && text_utf8_valid(s, n))
		return text_nfc(s, n);
	/* Undeclared or wrongly declared 8-bit text: Vietnamese Windows
	 * mail is windows-1258, which maps almost every byte. */
	if (!u) {
		u = convert(s, n, "WINDOWS-1258", true, &bad);
		/* A declared charset that did not decode (invalid UTF-8, a
		 * charset iconv does not know): the text is a guess, and
		 * counts as lossy.  Undeclared 8-bit text is the usual case
		 * and does not. */
		if (u && charset && lossy)
			*lossy = true;
	}
	if (!u) {
		if (lossy)
			*lossy = true;
		return text_nfc(s, n);
	}
	if (lossy && bad)
		*lossy = true;
	res = text_nfc(u, strlen(u));
	free(u);
	return res;
}

/* The base letter of uc: lower case, canonical decomposition's first
 * character, đ→d.  Returns 0 for a combining mark (dropped). */
static ucs4_t
fold_char(ucs4_t uc)
{
	ucs4_t d[UC_DECOMPOSITION_MAX_LENGTH];

	if (uc_is_general_category(uc, UC_CATEGORY_M))
		return 0;
	uc = uc_tolower(uc);
	for (int i = 0; i < TEXT_MAX_DECOMP; i++) {
		int k = uc_canonical_decomposition(uc, d);

		if (k <= 0)
			break;
		uc = d[0];
	}
	if (uc == 0x0111 || uc == 0x0110)
		uc = 'd';
	return uc;
}

/*
 * fold_char() costs three libunistring table walks per character, and
 * text_key() runs over every line of every answer several times: the
 * characters of Vietnamese text (Latin, Latin-1, Latin Extended, the
 * combining marks and Latin Extended Additional U+1E00-U+1EFF), and the
 * punctuation, check boxes and ticks around them (U+2000-U+2BFF), all lie
 * below FOLD_TABLE_MAX, so their folds are computed once per process
 * (about a millisecond).
 * Above it, fold_char() is called as before.
 */
#define FOLD_TABLE_MAX 0x3000

struct fold_entry {
	ucs4_t fold;         /* fold_char(uc) */
	bool mark;           /* uc is a combining mark (category M) */
	bool alnum;          /* uc_is_alnum(fold) */
	bool nfc_stable;     /* see fold_table_init() */
};

static struct fold_entry fold_table[FOLD_TABLE_MAX];
static pthread_once_t fold_once = PTHREAD_ONCE_INIT;

/*
 * nfc_stable: a text made only of such characters is already NFC, so
 * text_nfc() can skip u8_normalize().  A character is one when it is its
 * own NFC, is a starter (combining class 0) and cannot compose with the
 * character before it: combining marks (category M) and the Hangul jamo
 * (U+1100-U+11FF), the characters below FOLD_TABLE_MAX that compose with
 * a preceding one, are not.  The kana voicing marks U+3099/U+309A, which
 * do too, lie above it.
 */
static bool
nfc_stable_char(ucs4_t uc)
{
	ucs4_t d[UC_DECOMPOSITION_MAX_LENGTH];
	uint8_t u8[6], *r;
	size_t rl = 0;
	int n;
	bool same;

	if (uc == 0 || (uc >= 0xd800 && uc <= 0xdfff) || (uc >= 0x1100 && uc <= 0x11ff) ||
	    uc_is_general_category(uc, UC_CATEGORY_M) || uc_combining_class(uc) != 0)
		return false;
	if (uc_canonical_decomposition(uc, d) <= 0)
		return true;
	/* Precomposed (ế, ạ, ...): stable unless a singleton or excluded
	 * from composition; ask the normaliser once. */
	n = u8_uctomb(u8, uc, (int)sizeof u8);
	if (n <= 0)
		return false;
	r = u8_normalize(UNINORM_NFC, u8, (size_t)n, NULL, &rl);
	if (!r)
		return false;
	same = rl == (size_t)n && memcmp(r, u8, rl) == 0;
	free(r);
	return same;
}

static void
fold_table_init(void)
{
	for (ucs4_t uc = 0; uc < FOLD_TABLE_MAX; uc++) {
		fold_table[uc].mark = uc_is_general_category(uc, UC_CATEGORY_M);
		fold_table[uc].fold = fold_char(uc);
		fold_table[uc].alnum = uc_is_alnum(fold_table[uc].fold);
		fold_table[uc].nfc_stable = nfc_stable_char(uc);
	}
}

/* Is s (n bytes) valid UTF-8, without NUL, and made only of nfc_stable
 * characters?  Then it is its own NFC and needs no repair. */
static bool
nfc_quick(const char *s, size_t n)
{
	const uint8_t *p = (const uint8_t *)s, *end = p + n;

	while (p < end) {
		ucs4_t uc;
		int len;

		if (*p < 0x80) {
			if (*p == 0)
				return false;
			p++;
			continue;
		}
		len = u8_mbtoucr(&uc, p, (size_t)(end - p));
		if (len <= 0 || uc >= FOLD_TABLE_MAX)
			return false;
		pthread_once(&fold_once, fold_table_init);
		if (!fold_table[uc].nfc_stable)
			return false;
		p += len;
	}
	return true;
}

/* fold_char(uc), with *mark and *alnum as text_key() needs them. */
static inline ucs4_t
fold_lookup(ucs4_t uc, bool *mark, bool *alnum)
{
	ucs4_t f;

	if (uc < FOLD_TABLE_MAX) {
		pthread_once(&fold_once, fold_table_init);
		*mark = fold_table[uc].mark;
		*alnum = fold_table[uc].alnum;
		return fold_table[uc].fold;
	}
	*mark = uc_is_general_category(uc, UC_CATEGORY_M);
	f = fold_char(uc);
	*alnum = uc_is_alnum(f);
	return f;
}

char *
text_fold(const char *s, size_t n)
{
	const uint8_t *p = (const uint8_t *)s, *end = p + n;
	uint8_t *out, *o;

	if (n > TEXT_MAX_INPUT)
		return NULL;
	/* A few letters lower-case to a longer encoding (U+023A is 2
	 * bytes, its lower case 3): 2n bounds it. */
	out = malloc(n * 2 + 1);
	if (!out)
		return NULL;
	o = out;
	while (p < end) {
		ucs4_t uc;
		int len = u8_mbtoucr(&uc, p, (size_t)(end - p));
		ucs4_t f;
		int w;

		if (len <= 0) {
			p++;
			continue;
		}
		p += len;
		{
			bool mark, alnum;

			f = fold_lookup(uc, &mark, &alnum);
		}
		if (!f)
			continue;
		w = u8_uctomb(o, f, 6);
		if (w > 0)
			o += w;
	}
	*o = '\0';
	return (char *)out;
}

/*
 * The fold behind text_key() and text_key_prefix(): at most cap key bytes
 * into out (no NUL), their source spans into m (may be NULL).  Stops at
 * the first character that does not fit, so a capped key costs only the
 * source it covers.  Returns the key length.
 */
static size_t
key_into(const char *s, size_t n, uint8_t *out, size_t cap, struct text_span *m)
{
	const uint8_t *p = (const uint8_t *)s, *end = p + n;
	size_t o = 0;
	bool pending = false;

	while (p < end) {
		size_t at = (size_t)(p - (const uint8_t *)s);
		ucs4_t uc, f;
		int len;
		uint8_t tmp[6];
		int w;
		bool mark, alnum;

		if (*p < 0x80) {
			/* ASCII, most of any Vietnamese text: the same fold
			 * as below, without the Unicode tables. */
			uint8_t c = *p++;

			if (c >= 'A' && c <= 'Z')
				c = (uint8_t)(c - 'A' + 'a');
			if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) {
				pending = o > 0;
				continue;
			}
			if (o + 1 + (pending ? 1 : 0) > cap)
				break;
			if (pending) {
				if (m) {
					m[o].start = at;
					m[o].end = at;
				}
				out[o++] = ' ';
				pending = false;
			}
			if (m) {
				m[o].start = at;
				m[o].end = at + 1;
			}
			out[o++] = c;
			continue;
		}
		len = u8_mbtoucr(&uc, p, (size_t)(end - p));
		if (len <= 0) {
			p++;
			pending = o > 0;
			continue;
		}
		p += len;
		f = fold_lookup(uc, &mark, &alnum);
		if (mark) {
			/* A combining mark belongs to the letter before it. */
			if (m && o > 0)
				m[o - 1].end = (size_t)(p - (const uint8_t *)s);
			continue;
		}
		if (!alnum) {
			pending = o > 0;
			continue;
		}
		w = u8_uctomb(tmp, f, (int)sizeof tmp);
		if (w <= 0)
			continue;
		if (o + (size_t)w + (pending ? 1 : 0) > cap)
			break;
		if (pending) {
			if (m) {
				m[o].start = at;
				m[o].end = at;
			}
			out[o++] = ' ';
			pending = false;
		}
		for (int i = 0; i < w; i++) {
			if (m) {
				m[o].start = at;
				m[o].end = (size_t)(p - (const uint8_t *)s);
			}
			out[o++] = tmp[i];
		}
	}
	return o;
}

char *
text_key(const char *s, size_t n, struct text_span **map)
{
	uint8_t *out;
	struct text_span *m = NULL;
	size_t o, cap;

	if (map)
		*map = NULL;
	if (n > TEXT_MAX_INPUT)
		return NULL;
	/* A letter folds to at most twice its bytes (see text_fold), a
	 * separator run gives one space: 2n + 1 bounds the key. */
	cap = n * 2 + 1;
	out = malloc(cap + 1);
	if (!out)
		return NULL;
	if (map) {
		m = calloc(cap + 1, sizeof *m);
		if (!m) {
			free(out);
			return NULL;
		}
	}
	o = key_into(s, n, out, cap, m);
	out[o] = '\0';
	if (m) {
		m[o].start = m[o].end = o > 0 ? m[o - 1].end : 0;
		*map = m;
	}
	return (char *)out;
}

size_t
text_key_prefix(const char *s, size_t n, char *out, size_t cap, struct text_span *map)
{
	size_t o = key_into(s, n, (uint8_t *)out, cap, map);

	out[o] = '\0';
	if (map)
		map[o].start = map[o].end = o > 0 ? map[o - 1].end : 0;
	return o;
}

size_t
text_edit_budget(size_t patlen)
{
	/* About one typo per ten letters: "Nhan xet ve tinh thiet thu va"
	 * still matches, while two different option labels of a form (which
	 * differ in whole words) do not. */
	size_t b = patlen / 10;

	return b > 6 ? 6 : b;
}

size_t
text_fuzzy_prefix(const char *key, size_t keylen, const char *pat, size_t patlen,
                  size_t max_edits, size_t *dist)
{
	size_t row0[TEXT_MAX_PATTERN * 2 + 2], row1[TEXT_MAX_PATTERN * 2 + 2];
	size_t *prev = row0, *cur = row1;
	size_t jmax, best = 0, bestd = (size_t)-1, inf;

	if (dist)
		*dist = 0;
	if (patlen == 0 || patlen > TEXT_MAX_PATTERN || max_edits > TEXT_MAX_PATTERN)
		return 0;
	/* A key shorter than the pattern by more than the budget cannot
	 * match (the end column loop below would be empty): most lines
	 * against a long heading. */
	if (keylen + max_edits < patlen)
		return 0;
	jmax = patlen + max_edits;
	if (jmax > keylen)
		jmax = keylen;
	/*
	 * Rows over the pattern, columns over the key prefix.  Only a band
	 * of 2 * max_edits + 1 columns around the diagonal is computed: a
	 * cell (i, j) off it costs at least |i - j| > max_edits edits.  Every
	 * cell is capped at inf = max_edits + 1, which leaves each value
	 * <= max_edits exactly as the full table gives it (min and +1
	 * commute with the cap), so the result is the full table's.
	 */
	inf = max_edits + 1;
	/* Row 0: only the columns row 1's band reads (0 .. max_edits + 1). */
	for (size_t j = 0; j <= jmax && j <= inf; j++)
		prev[j] = j < inf ? j : inf;
	for (size_t i = 1; i <= patlen; i++) {
		size_t rowmin, lo, hi;

		lo = i > max_edits ? i - max_edits : 1;
		hi = i + max_edits < jmax ? i + max_edits : jmax;
		cur[0] = i < inf ? i : inf;
		if (lo > 1)
			cur[lo - 1] = inf;
		rowmin = i;
		for (size_t j = lo; j <= hi; j++) {
			size_t c = prev[j - 1] + (pat[i - 1] == key[j - 1] ? 0 : 1);

			if (prev[j] + 1 < c)
				c = prev[j] + 1;
			if (cur[j - 1] + 1 < c)
				c = cur[j - 1] + 1;
			if (c > inf)
				c = inf;
			cur[j] = c;
			if (c < rowmin)
				rowmin = c;
		}
		if (hi + 1 <= jmax)
			cur[hi + 1] = inf;
		if (rowmin > max_edits)
			return 0;
		size_t *t = prev;
		prev = cur;
		cur = t;
	}
	for (size_t j = patlen > max_edits ? patlen - max_edits : 1; j <= jmax; j++) {
		if (j < keylen && key[j] != ' ')
			continue;
		if (prev[j] <= max_edits && (prev[j] < bestd ||
		    (prev[j] == bestd && (j > patlen ? j - patlen : patlen - j) <
		     (best > patlen ? best - patlen : patlen - best)))) {
			bestd = prev[j];
			best = j;
		}
	}
	if (best && dist)
		*dist = bestd;
	return best;
}

size_t
text_key_find(const char *key, const char *pat)
{
	size_t pl = strlen(pat);
	const char *p = key;

	if (!pl)
		return 0;
	while ((p = strstr(p, pat)) != NULL) {
		bool left = p == key || p[-1] == ' ';
		bool right = p[pl] == '\0' || p[pl] == ' ';

		if (left && right)
			return (size_t)(p - key) + 1;
		p++;
	}
	return 0;
}

struct text_span *
text_lines(const char *s, size_t len, size_t max, size_t *n)
{
	struct text_span *v;
	size_t cnt = 1, k = 0, start = 0;

	for (size_t i = 0; i < len; i++)
		if (s[i] == '\n')
			cnt++;
	if (cnt > max)
		return NULL;
	v = calloc(cnt, sizeof *v);
	if (!v)
		return NULL;
	for (size_t i = 0; i <= len; i++) {
		if (i == len || s[i] == '\n') {
			size_t end = i;

			if (end > start && s[end - 1] == '\r')
				end--;
			v[k].start = start;
			v[k].end = end;
			k++;
			start = i + 1;
		}
	}
	*n = k;
	return v;
}

static bool
is_space_at(const char *s, size_t i, size_t end, size_t *w)
{
	unsigned char c = (unsigned char)s[i];

	if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v') {
		*w = 1;
		return true;
	}
	if (c == 0xc2 && i + 1 < end && (unsigned char)s[i + 1] == 0xa0) {
		*w = 2;
		return true;
	}
	return false;
}

struct text_span
text_trim(const char *s, struct text_span sp)
{
	size_t w;

	while (sp.start < sp.end && is_space_at(s, sp.start, sp.end, &w))
		sp.start += w;
	while (sp.end > sp.start) {
		unsigned char c = (unsigned char)s[sp.end - 1];

		if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v')
			sp.end--;
		else if (c == 0xa0 && sp.end - 1 > sp.start && (unsigned char)s[sp.end - 2] == 0xc2)
			sp.end -= 2;
		else
			break;
	}
	return sp;
}

bool
text_is_filler(const char *s, size_t n)
{
	const uint8_t *p = (const uint8_t *)s, *end = p + n;

	while (p < end) {
		ucs4_t uc;
		int len = u8_mbtoucr(&uc, p, (size_t)(end - p));

		if (len <= 0)
			return false;
		p += len;
		switch (uc) {
		case ' ': case '\t': case '\r': case '\n': case 0xa0:
		case '.': case '_': case '-': case 0x2026: case 0x2013: case 0x2014:
		case 0x2010: case 0x2011: case 0x2012: case 0x2015:
			continue;
		default:
			return false;
		}
	}
	return true;
}

size_t
text_chars(const char *s, size_t n)
{
	size_t c = 0;

	for (size_t i = 0; i < n; i++)
		c += ((unsigned char)s[i] & 0xc0) != 0x80;
	return c;
}
