/* Unit tests for lib/secret: a password file readable by others is
 * refused, so is one too long, a systemd credential is read from
 * $CREDENTIALS_DIRECTORY. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fixture_file.h"
#include "secret.h"

static void
test_password_file_mode(void **state)
{
	char *path = fx_write_file("pass", "s3cret\n"), *secret = NULL;
	struct yk_err err = { 0 };
	(void)state;

	chmod(path, 0644);
	assert_int_equal(secret_read(path, "imap.pass", &secret, &err), YK_ECONFIG);
	assert_null(secret);
	assert_non_null(strstr(err.msg, "readable by group or others"));
	chmod(path, 0640);
	yk_err_clear(&err);
	assert_int_equal(secret_read(path, "imap.pass", &secret, &err), YK_ECONFIG);
	chmod(path, 0600);
	yk_err_clear(&err);
	assert_int_equal(secret_read(path, "imap.pass", &secret, &err), 0);
	assert_string_equal(secret, "s3cret");
	secret_free(secret);
}

static void
test_credentials_directory(void **state)
{
	char *secret = NULL;
	struct yk_err err = { 0 };
	(void)state;

	fx_write_file("imap.pass", "fromcred");
	setenv("CREDENTIALS_DIRECTORY", fx_dir, 1);
	assert_int_equal(secret_read(NULL, "imap.pass", &secret, &err), 0);
	assert_string_equal(secret, "fromcred");
	secret_free(secret);
	unsetenv("CREDENTIALS_DIRECTORY");
	assert_int_equal(secret_read(NULL, "imap.pass", &secret, &err), YK_ECONFIG);
}

/* A file past the limit is refused whole, not cut to a password: read() of
 * one byte more than the limit tells it, and nothing is read past the
 * buffer. */
static void
test_password_file_too_long(void **state)
{
	char text[5001], *path, *secret = NULL;
	struct yk_err err = { 0 };
	(void)state;

	memset(text, 'x', sizeof text - 1);
	text[sizeof text - 1] = '\0';
	path = fx_write_file("long.pass", text);
	chmod(path, 0600);
	assert_int_equal(secret_read(path, "imap.pass", &secret, &err), YK_ECONFIG);
	assert_null(secret);
	assert_non_null(strstr(err.msg, "longer than"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_password_file_mode),
		cmocka_unit_test(test_credentials_directory),
		cmocka_unit_test(test_password_file_too_long),
	};
	return cmocka_run_group_tests(tests, fx_tmpdir_setup, fx_tmpdir_teardown);
}
