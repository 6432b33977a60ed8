/* Unit tests of lib/web: the form decoder (percent escapes, '+', empty
 * fields, malformed escapes, bytes that are not UTF-8, the field limit)
 * and the download names of web_disposition (nothing that can break out of
 * the header, no leading dot, RFC 5987 for the real name, long names
 * kept short). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "web.h"

static void
test_form_decodes(void **state)
{
	static const char body[] =
		"csrf=ab12&user=lan&value=1%2B2+%C4%91%C3%BA%6E%67&empty=&noeq&&agency=STC&user=dup";
	struct web_form f;

	(void)state;
	assert_int_equal(web_form_parse(body, strlen(body), &f), 0);
	assert_int_equal(f.n, 7);
	assert_string_equal(web_form_get(&f, "csrf"), "ab12");
	assert_string_equal(web_form_get(&f, "user"), "lan"); /* the first */
	assert_string_equal(web_form_get(&f, "value"), "1+2 đúng");
	assert_string_equal(web_form_get(&f, "empty"), "");
	assert_string_equal(web_form_get(&f, "noeq"), "");
	assert_string_equal(web_form_get(&f, "agency"), "STC");
	assert_null(web_form_get(&f, "missing"));
	web_form_free(&f);
	assert_null(f.f);
	/* an empty body, and a body not NUL-terminated where it ends */
	assert_int_equal(web_form_parse("", 0, &f), 0);
	assert_int_equal(f.n, 0);
	web_form_free(&f);
	assert_int_equal(web_form_parse("a=1&b=2XXXX", 7, &f), 0);
	assert_string_equal(web_form_get(&f, "b"), "2");
	web_form_free(&f);
	/* a value may hold '=' */
	assert_int_equal(web_form_parse("v=a=b", 5, &f), 0);
	assert_string_equal(web_form_get(&f, "v"), "a=b");
	web_form_free(&f);
}

static void
expect_invalid(const char *body)
{
	struct web_form f;

	assert_int_equal(web_form_parse(body, strlen(body), &f), YK_EINVAL);
	assert_null(f.f);
	assert_null(f.mem);
}

static void
test_form_refuses(void **state)
{
	(void)state;
	expect_invalid("a=%");
	expect_invalid("a=%4");
	expect_invalid("a=%zz");
	expect_invalid("a=b%");
	expect_invalid("a=%00");         /* a NUL would cut the value */
	expect_invalid("a=%FF");         /* not UTF-8 */
	expect_invalid("a=%C4");         /* a cut character */
	expect_invalid("a=%C0%AF");      /* overlong '/' */
	expect_invalid("a=%ED%A0%80");   /* a surrogate */
	expect_invalid("%FF=1");         /* the name too */
	expect_invalid("a=\xff");        /* raw bytes as well */
}

static void
test_form_limits(void **state)
{
	struct buf b;
	struct web_form f;

	(void)state;
	buf_init(&b, 0);
	for (unsigned i = 0; i < WEB_MAX_FIELDS; i++)
		buf_printf(&b, "%sf%u=%u", i ? "&" : "", i, i);
	assert_int_equal(web_form_parse(b.data, b.len, &f), 0);
	assert_int_equal(f.n, WEB_MAX_FIELDS);
	assert_string_equal(web_form_get(&f, "f63"), "63");
	web_form_free(&f);
	buf_adds(&b, "&one=more");
	assert_int_equal(web_form_parse(b.data, b.len, &f), YK_ELIMIT);
	assert_null(f.f);
	buf_free(&b);
	/* a body over WEB_MAX_FORM_BYTES is refused before it is read */
	assert_int_equal(web_form_parse("a=1", (size_t)WEB_MAX_FORM_BYTES + 1, &f), YK_ELIMIT);
	/* the largest body, all escapes, decodes */
	{
		size_t n = WEB_MAX_FORM_BYTES - (WEB_MAX_FORM_BYTES % 3);
		char *big = malloc(n + 3);

		assert_non_null(big);
		memcpy(big, "v=", 2);
		for (size_t i = 2; i + 3 <= n; i += 3)
			memcpy(big + i, "%41", 3);
		n = 2 + (n - 2) / 3 * 3;
		assert_int_equal(web_form_parse(big, n, &f), 0);
		assert_int_equal(strlen(web_form_get(&f, "v")), (n - 2) / 3);
		web_form_free(&f);
		free(big);
	}
}

static void
expect_disp(const char *name, const char *want)
{
	char *d = web_disposition(name);

	assert_non_null(d);
	assert_string_equal(d, want);
	free(d);
}

static void
test_disposition(void **state)
{
	(void)state;
	expect_disp("report.xlsx", "attachment; filename=\"report.xlsx\"; filename*=UTF-8''report.xlsx");
	expect_disp("Báo cáo.docx",
	            "attachment; filename=\"B_o_c_o.docx\"; filename*=UTF-8''B%C3%A1o%20c%C3%A1o.docx");
	/* quotes, semicolons, CR LF: never out of the header's value */
	expect_disp("a\"; filename=evil.exe\r\nX-Bad: 1",
	            "attachment; filename=\"a___filename_evil.exe__X-Bad__1\"; "
	            "filename*=UTF-8''a%22%3B%20filename%3Devil.exeX-Bad%3A%201");
	/* no hidden file, no path */
	expect_disp(".bashrc", "attachment; filename=\"_bashrc\"; filename*=UTF-8''.bashrc");
	expect_disp("../../etc/passwd",
	            "attachment; filename=\"_._.._etc_passwd\"; filename*=UTF-8''....etcpasswd");
	expect_disp("", "attachment; filename=\"file\"; filename*=UTF-8''file");
	expect_disp(NULL, "attachment; filename=\"file\"; filename*=UTF-8''file");
	expect_disp("\x01\x02", "attachment; filename=\"__\"; filename*=UTF-8''");
}

static void
test_disposition_long_name(void **state)
{
	char name[3000], *d;

	(void)state;
	/* 1,500 two-byte characters: kept short, cut at a character */
	for (size_t i = 0; i < 1500; i++)
		memcpy(name + 2 * i, "đ", 2);
	name[3000 - 1] = '\0';
	name[2998] = '\0';
	d = web_disposition(name);
	assert_non_null(d);
	assert_true(strlen(d) < 1200);
	assert_non_null(strstr(d, "%C4%91\0"));
	assert_null(strstr(d, "%C4\""));
	/* the encoded part ends on a whole character */
	assert_int_equal(strcmp(d + strlen(d) - 6, "%C4%91"), 0);
	free(d);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_form_decodes),
		cmocka_unit_test(test_form_refuses),
		cmocka_unit_test(test_form_limits),
		cmocka_unit_test(test_disposition),
		cmocka_unit_test(test_disposition_long_name),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
