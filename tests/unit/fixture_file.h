/*
 * For the unit tests that read files and messages: a file's bytes (the
 * test fails when it cannot be read), and GMime set up and torn down
 * around a group (cmocka_run_group_tests(tests, fx_gmime_setup,
 * fx_gmime_teardown)).  Include after <cmocka.h>.
 */
#ifndef YK_FIXTURE_FILE_H
#define YK_FIXTURE_FILE_H

#include <gmime/gmime.h>
#include <stdio.h>
#include <stdlib.h>

#define FX_FILE_UNUSED __attribute__((unused))

/* PATH's bytes, NUL-terminated, malloc'd (the caller frees); *len their count. */
static FX_FILE_UNUSED char *
fx_read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *d;
	long n;

	assert_non_null(f);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	n = ftell(f);
	assert_true(n >= 0);
	assert_int_equal(fseek(f, 0, SEEK_SET), 0);
	d = malloc((size_t)n + 1);
	assert_non_null(d);
	assert_int_equal(fread(d, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	d[n] = '\0';
	*len = (size_t)n;
	return d;
}

static FX_FILE_UNUSED int
fx_gmime_setup(void **state)
{
	(void)state;
	g_mime_init();
	return 0;
}

static FX_FILE_UNUSED int
fx_gmime_teardown(void **state)
{
	(void)state;
	g_mime_shutdown();
	return 0;
}

#endif
