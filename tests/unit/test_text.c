/* Unit tests for lib/text: UTF-8 repair, NFC, charsets (windows-1258),
 * folding, keys with their source map, the fuzzy prefix match, lines. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "text.h"

static void
test_repair(void **state)
{
	char *s;
	(void)state;

	assert_true(text_utf8_valid("Sở Nội vụ", strlen("Sở Nội vụ")));
	assert_false(text_utf8_valid("a\xff", 2));
	s = text_utf8_repair("a\xff" "b", 3);
	assert_string_equal(s, "a\xef\xbf\xbd" "b");
	free(s);
}

static void
test_nfc_of_nfd(void **state)
{
	/* "Đề nghị" as macOS sends it: base letters + combining marks */
	const char *nfd = "\xc4\x90" "e\xcc\x82\xcc\x80 nghi\xcc\xa3";
	char *s = text_nfc(nfd, strlen(nfd));
	(void)state;

	assert_string_equal(s, "Đề nghị");
	free(s);
}

static void
test_windows_1258(void **state)
{
	/* "Nhận xét về Hội thi" in windows-1258: tone marks are separate
	 * combining bytes (0xF2 dot below, 0xCC grave) */
	const char *w = "Nh\xe2\xf2n x\xe9t v\xea\xcc H\xf4\xf2i thi";
	bool lossy = true;
	char *s = text_to_utf8(w, strlen(w), "windows-1258", &lossy);
	(void)state;

	assert_string_equal(s, "Nhận xét về Hội thi");
	assert_false(lossy);
	free(s);
	/* undeclared 8-bit text falls back to windows-1258 */
	s = text_to_utf8(w, strlen(w), NULL, NULL);
	assert_string_equal(s, "Nhận xét về Hội thi");
	free(s);
	/* a wrong label on valid UTF-8 text is not trusted over the bytes */
	s = text_to_utf8("Sở", strlen("Sở"), "utf-8", NULL);
	assert_string_equal(s, "Sở");
	free(s);
	/* BOM dropped */
	s = text_to_utf8("\xef\xbb\xbfHi", 5, NULL, NULL);
	assert_string_equal(s, "Hi");
	free(s);
}

static void
test_fold_and_key(void **state)
{
	struct text_span *map = NULL;
	const char *src = "1. ĐỀ NGHỊ tiếp-tục: Hội thi!";
	char *f = text_fold("Đề Nghị ĐƯỜNG", strlen("Đề Nghị ĐƯỜNG"));
	char *k = text_key(src, strlen(src), &map);
	(void)state;

	assert_string_equal(f, "de nghi duong");
	assert_string_equal(k, "1 de nghi tiep tuc hoi thi");
	/* the key maps back: "hoi" starts at "Hội" in the source */
	{
		const char *p = strstr(k, "hoi");
		size_t at = map[p - k].start;

		assert_memory_equal(src + at, "Hội", strlen("Hội"));
		/* the end of the key maps to the end of "thi" */
		assert_int_equal(map[strlen(k) - 1].end, strlen(src) - 1);
	}
	free(f);
	free(k);
	free(map);
	/* NFD input folds the same as NFC */
	k = text_key("Nhe\xcc\xa3\xcc\x82n", 9, NULL);
	assert_string_equal(k, "nhen");
	free(k);
}

/* text_key_prefix() gives text_key()'s key cut at a whole character, the
 * same map, and folds no further than the cut. */
static void
test_key_prefix(void **state)
{
	const char *src = "  2. Đề nghị TIẾP TỤC tổ chức — Hội thi, Ủy ban nhân dân đường phố";
	struct text_span *full_map = NULL, map[41];
	char *full = text_key(src, strlen(src), &full_map);
	char out[41];
	(void)state;

	for (size_t cap = 0; cap <= 40; cap++) {
		size_t n = text_key_prefix(src, strlen(src), out, cap, map);

		assert_true(n <= cap);
		assert_int_equal(strlen(out), n);
		assert_memory_equal(out, full, n);
		/* never a trailing space, and cut no more than one folded
		 * letter (here at most 2 bytes) and a space short of the cap */
		assert_true(n == 0 || out[n - 1] != ' ');
		assert_true(n + 3 >= cap || n == strlen(full));
		for (size_t i = 0; i < n; i++)
			assert_int_equal(map[i].end, full_map[i].end);
	}
	/* the whole key when the cap is large enough */
	{
		char big[256];
		size_t n = text_key_prefix(src, strlen(src), big, sizeof big - 1, NULL);

		assert_int_equal(n, strlen(full));
		assert_string_equal(big, full);
	}
	free(full);
	free(full_map);
}

static void
test_fuzzy_prefix(void **state)
{
	const char *pat = "nhan xet ve tinh thiet thuc va hieu qua cua hoi thi";
	const char *typo = "nhan xet ve tinh thiet thuc va hieu qa cua hoi thi cai cach";
	const char *other = "de nghi hinh thuc tuyen truyen khac";
	size_t d = 99, m;
	(void)state;

	m = text_fuzzy_prefix(typo, strlen(typo), pat, strlen(pat),
	                      text_edit_budget(strlen(pat)), &d);
	/* matched up to "hoi thi", one letter missing */
	assert_int_equal(m, strlen(pat) - 1);
	assert_int_equal(d, 1);
	/* never in the middle of a word */
	m = text_fuzzy_prefix("nhan xet vexyz", 14, "nhan xet ve", 11, 1, &d);
	assert_int_equal(m, 0);
	/* two option labels of one form do not match each other */
	m = text_fuzzy_prefix(other, strlen(other), "de nghi tiep tuc to chuc hoi thi", 32,
	                      text_edit_budget(32), &d);
	assert_int_equal(m, 0);
	assert_true(text_key_find("so 118 ubnd th ngay", "118 ubnd th") != 0);
	assert_int_equal(text_key_find("so 1180 ubnd th", "118 ubnd th"), 0);
}

static void
test_lines(void **state)
{
	const char *s = "a\r\n  b \n\nc";
	size_t n = 0;
	struct text_span *l = text_lines(s, strlen(s), 100, &n);
	struct text_span t;
	(void)state;

	assert_int_equal(n, 4);
	assert_int_equal(l[0].end - l[0].start, 1); /* CR dropped */
	t = text_trim(s, l[1]);
	assert_memory_equal(s + t.start, "b", 1);
	assert_int_equal(t.end - t.start, 1);
	free(l);
	assert_null(text_lines("a\nb\nc", 5, 2, &n)); /* past the limit */
	assert_true(text_is_filler("..... …… ___", strlen("..... …… ___")));
	assert_false(text_is_filler("... Không", strlen("... Không")));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_repair),
		cmocka_unit_test(test_nfc_of_nfd),
		cmocka_unit_test(test_windows_1258),
		cmocka_unit_test(test_fold_and_key),
		cmocka_unit_test(test_key_prefix),
		cmocka_unit_test(test_fuzzy_prefix),
		cmocka_unit_test(test_lines),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
