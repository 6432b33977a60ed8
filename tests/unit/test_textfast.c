/* Unit tests for the fast paths of lib/text (extraction throughput):
 * the banded text_fuzzy_prefix() against the full edit-distance table it
 * replaced, text_nfc()'s quick check against libunistring's NFC for every
 * character it covers, and text_key() on ASCII against the Unicode path. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include <uninorm.h>
#include <unistr.h>

#include "text.h"

/* The function as it was before the band: the whole table. */
static size_t
full_fuzzy_prefix(const char *key, size_t keylen, const char *pat, size_t patlen,
                  size_t max_edits, size_t *dist)
{
	size_t prev[TEXT_MAX_PATTERN * 2 + 2], cur[TEXT_MAX_PATTERN * 2 + 2];
	size_t jmax = patlen + max_edits, best = 0, bestd = (size_t)-1;

	*dist = 0;
	if (jmax > keylen)
		jmax = keylen;
	for (size_t j = 0; j <= jmax; j++)
		prev[j] = j;
	for (size_t i = 1; i <= patlen; i++) {
		size_t rowmin = i;

		cur[0] = i;
		for (size_t j = 1; j <= jmax; j++) {
			size_t c = prev[j - 1] + (pat[i - 1] == key[j - 1] ? 0 : 1);

			if (prev[j] + 1 < c)
				c = prev[j] + 1;
			if (cur[j - 1] + 1 < c)
				c = cur[j - 1] + 1;
			cur[j] = c;
			if (c < rowmin)
				rowmin = c;
		}
		if (rowmin > max_edits)
			return 0;
		memcpy(prev, cur, (jmax + 1) * sizeof *prev);
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
	if (best)
		*dist = bestd;
	return best;
}

static void
test_fuzzy_band_equals_full(void **state)
{
	static const char alpha[] = "abcd  ";
	unsigned seed = 12345;
	char key[160], pat[80];

	(void)state;
	for (int round = 0; round < 200000; round++) {
		size_t kl, pl, k, d1 = 0, d2 = 0, r1, r2;

		seed = seed * 1103515245u + 12345u;
		pl = 1 + (seed >> 16) % 60;
		seed = seed * 1103515245u + 12345u;
		kl = (seed >> 16) % 100;
		for (size_t i = 0; i < pl; i++) {
			seed = seed * 1103515245u + 12345u;
			pat[i] = alpha[(seed >> 16) % 4];
		}
		/* Keys near the pattern (so that matches happen), and random. */
		for (size_t i = 0; i < kl; i++) {
			seed = seed * 1103515245u + 12345u;
			key[i] = (i < pl && (seed >> 16) % 8 != 0) ? pat[i] : alpha[(seed >> 20) % 6];
		}
		key[kl] = '\0';
		k = text_edit_budget(pl);
		if (round & 1)
			k = (seed >> 24) % 8;
		r1 = text_fuzzy_prefix(key, kl, pat, pl, k, &d1);
		r2 = full_fuzzy_prefix(key, kl, pat, pl, k, &d2);
		assert_int_equal(r1, r2);
		assert_int_equal(d1, d2);
	}
}

/* Every character the quick check covers, alone and between others: the
 * quick path must give libunistring's NFC. */
static void
test_nfc_quick_equals_normalize(void **state)
{
	(void)state;
	for (ucs4_t uc = 1; uc < 0x3100; uc++) {
		uint8_t s[32];
		int n = 0, w;
		size_t rl = 0;
		uint8_t *want;
		char *got;

		if (uc >= 0xd800 && uc <= 0xdfff)
			continue;
		s[n++] = 'a';
		w = u8_uctomb(s + n, uc, 6);
		assert_true(w > 0);
		n += w;
		w = u8_uctomb(s + n, 0x1ec7, 6); /* ệ */
		n += w;
		s[n++] = 'e';
		w = u8_uctomb(s + n, uc, 6);
		n += w;
		want = u8_normalize(UNINORM_NFC, s, (size_t)n, NULL, &rl);
		assert_non_null(want);
		got = text_nfc((const char *)s, (size_t)n);
		assert_non_null(got);
		if (strlen(got) != rl || memcmp(got, want, rl) != 0)
			fail_msg("text_nfc differs from NFC for U+%04X", (unsigned)uc);
		free(want);
		free(got);
	}
}

static void
test_key_ascii_path(void **state)
{
	struct text_span *map = NULL;
	char *k;

	(void)state;
	k = text_key("  1. Nhan XET, ve\ttinh-thiet: Thuc!! ",
	             strlen("  1. Nhan XET, ve\ttinh-thiet: Thuc!! "), &map);
	assert_string_equal(k, "1 nhan xet ve tinh thiet thuc");
	/* key byte 2 ('n') comes from source byte 5 */
	assert_int_equal(map[2].start, 5);
	assert_int_equal(map[2].end, 6);
	free(k);
	free(map);
	k = text_key("Nhận xét \xff đề", strlen("Nhận xét \xff đề"), NULL);
	assert_string_equal(k, "nhan xet de");
	free(k);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fuzzy_band_equals_full),
		cmocka_unit_test(test_nfc_quick_equals_normalize),
		cmocka_unit_test(test_key_ascii_path),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
