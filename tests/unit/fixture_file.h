/*
 * For the unit tests that read files and messages: a file's bytes (the
 * test fails when it cannot be read), GMime set up and torn down around a
 * group (cmocka_run_group_tests(tests, fx_gmime_setup,
 * fx_gmime_teardown)), and a temporary folder for the files a group writes
 * (fx_tmpdir_setup, fx_tmpdir_teardown, fx_write_file).  Include after
 * <cmocka.h>.
 */
#ifndef YK_FIXTURE_FILE_H
#define YK_FIXTURE_FILE_H

#include <gmime/gmime.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FX_FILE_UNUSED __attribute__((unused))

/* The group's temporary folder, made by fx_tmpdir_setup(). */
static FX_FILE_UNUSED char fx_dir[] = "/tmp/yk-test-XXXXXX";

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

static FX_FILE_UNUSED int
fx_tmpdir_setup(void **state)
{
	(void)state;
	return mkdtemp(fx_dir) ? 0 : -1;
}

static FX_FILE_UNUSED int
fx_tmpdir_teardown(void **state)
{
	char cmd[64];
	(void)state;
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", fx_dir);
	return system(cmd) == 0 ? 0 : -1;
}

/* Writes TEXT to fx_dir/NAME; returns its path, valid until the next call. */
static FX_FILE_UNUSED char *
fx_write_file(const char *name, const char *text)
{
	static char path[256];
	FILE *f;

	assert_true((size_t)snprintf(path, sizeof path, "%s/%s", fx_dir, name) < sizeof path);
	f = fopen(path, "w");
	assert_non_null(f);
	assert_true(fputs(text, f) >= 0);
	assert_int_equal(fclose(f), 0);
	return path;
}

#endif
