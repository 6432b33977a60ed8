/* Unit tests for lib/secret: a password file readable by others is
 * refused, a systemd credential is read from $CREDENTIALS_DIRECTORY. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "secret.h"

static char tmpdir[] = "/tmp/yk-secret-XXXXXX";

static void
test_password_file_mode(void **state)
{
	char path[256], *secret = NULL;
	struct yk_err err = { 0 };
	FILE *f;
	(void)state;

	snprintf(path, sizeof path, "%s/pass", tmpdir);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs("s3cret\n", f);
	fclose(f);
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
	char path[256], *secret = NULL;
	struct yk_err err = { 0 };
	FILE *f;
	(void)state;

	snprintf(path, sizeof path, "%s/imap.pass", tmpdir);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs("fromcred", f);
	fclose(f);
	setenv("CREDENTIALS_DIRECTORY", tmpdir, 1);
	assert_int_equal(secret_read(NULL, "imap.pass", &secret, &err), 0);
	assert_string_equal(secret, "fromcred");
	secret_free(secret);
	unsetenv("CREDENTIALS_DIRECTORY");
	assert_int_equal(secret_read(NULL, "imap.pass", &secret, &err), YK_ECONFIG);
}


static int
setup(void **state)
{
	(void)state;
	return mkdtemp(tmpdir) ? 0 : -1;
}

static int
teardown(void **state)
{
	char cmd[300];
	(void)state;
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
	return system(cmd) == 0 ? 0 : -1;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_password_file_mode),
		cmocka_unit_test(test_credentials_directory),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
