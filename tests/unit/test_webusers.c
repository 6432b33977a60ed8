/* Unit tests of lib/webusers: yescrypt hashes that verify the right
 * password only; an unknown user costs as much as a known one; the users
 * file written 0600 and atomically, read back, refused when others may
 * read it or when a line is bad (file:line); names and roles checked; the
 * credential directory preferred when it holds the file. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "err.h"
#include "webusers.h"

static char dir[] = "/tmp/yk-webusers-XXXXXX";
static char path[256];

static int
setup(void **state)
{
	(void)state;
	if (!mkdtemp(dir))
		return -1;
	snprintf(path, sizeof path, "%s/web-users", dir);
	return 0;
}

static int
teardown(void **state)
{
	char cmd[300];

	(void)state;
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

static void
write_file(const char *p, const char *text, mode_t mode)
{
	FILE *f = fopen(p, "w");

	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	assert_int_equal(chmod(p, mode), 0);
}

static void
test_names_and_roles(void **state)
{
	(void)state;
	assert_true(webusers_name_ok("lan"));
	assert_true(webusers_name_ok("nguyen.thi-lan_2"));
	assert_true(webusers_name_ok("abcdefghijklmnopqrstuvwxyz012345"));     /* 32 */
	assert_false(webusers_name_ok("abcdefghijklmnopqrstuvwxyz0123456"));   /* 33 */
	assert_false(webusers_name_ok(""));
	assert_false(webusers_name_ok("Lan"));
	assert_false(webusers_name_ok("lan:x"));
	assert_false(webusers_name_ok("la n"));
	assert_false(webusers_name_ok("lân"));
	assert_false(webusers_name_ok(NULL));
	assert_int_equal(webusers_role_parse("clerk"), WEBROLE_CLERK);
	assert_int_equal(webusers_role_parse("viewer"), WEBROLE_VIEWER);
	assert_int_equal(webusers_role_parse("admin"), -1);
	assert_int_equal(webusers_role_parse(NULL), -1);
	assert_string_equal(webusers_role_name(WEBROLE_CLERK), "clerk");
}

static void
test_hash_and_verify(void **state)
{
	struct webusers us = { 0 };
	struct yk_err err = { 0 };
	enum webrole role = WEBROLE_VIEWER;
	char *h1 = webusers_hash("mật khẩu"), *h2 = webusers_hash("mật khẩu");

	(void)state;
	assert_non_null(h1);
	assert_non_null(h2);
	assert_memory_equal(h1, "$y$", 3);
	assert_string_not_equal(h1, h2); /* a fresh salt each time */
	free(h1);
	free(h2);
	assert_int_equal(webusers_set(&us, "lan", "mật khẩu", WEBROLE_CLERK, &err), 0);
	assert_int_equal(webusers_set(&us, "xem", "other", WEBROLE_VIEWER, &err), 0);
	assert_true(webusers_verify(&us, "lan", "mật khẩu", &role));
	assert_int_equal(role, WEBROLE_CLERK);
	assert_false(webusers_verify(&us, "lan", "mật khẩ", &role));
	assert_false(webusers_verify(&us, "lan", "", &role));
	assert_false(webusers_verify(&us, "lan", "other", &role));
	assert_true(webusers_verify(&us, "xem", "other", &role));
	assert_int_equal(role, WEBROLE_VIEWER);
	assert_false(webusers_verify(&us, "nobody", "mật khẩu", &role));
	assert_false(webusers_verify(&us, NULL, "x", &role));
	/* a new password replaces the old; the role changes with it */
	assert_int_equal(webusers_set(&us, "lan", "new one", WEBROLE_VIEWER, &err), 0);
	assert_int_equal(us.n, 2);
	assert_false(webusers_verify(&us, "lan", "mật khẩu", &role));
	assert_true(webusers_verify(&us, "lan", "new one", &role));
	assert_int_equal(role, WEBROLE_VIEWER);
	/* refused: a bad name, an empty password */
	assert_int_equal(webusers_set(&us, "Bad", "x", WEBROLE_CLERK, &err), YK_EINVAL);
	yk_err_clear(&err);
	assert_int_equal(webusers_set(&us, "ok", "", WEBROLE_CLERK, &err), YK_EINVAL);
	yk_err_clear(&err);
	assert_int_equal(webusers_del(&us, "xem", &err), 0);
	assert_int_equal(webusers_del(&us, "xem", &err), YK_ENOTFOUND);
	assert_int_equal(us.n, 1);
	webusers_free(&us);
}

static double
secs(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* An unknown user costs a hash as a known one does: no enumeration by
 * timing (the unknown may not be ten times faster). */
static void
test_unknown_user_costs_a_hash(void **state)
{
	struct webusers us = { 0 };
	struct yk_err err = { 0 };
	double t0, known, unknown;

	(void)state;
	assert_int_equal(webusers_set(&us, "lan", "pw", WEBROLE_CLERK, &err), 0);
	t0 = secs();
	for (int i = 0; i < 3; i++)
		assert_false(webusers_verify(&us, "lan", "wrong", NULL));
	known = secs() - t0;
	t0 = secs();
	for (int i = 0; i < 3; i++)
		assert_false(webusers_verify(&us, "ghost", "wrong", NULL));
	unknown = secs() - t0;
	assert_true(unknown * 10 > known);
	assert_true(known * 10 > unknown);
	webusers_free(&us);
}

static void
test_save_and_load(void **state)
{
	struct webusers us = { 0 }, back = { 0 };
	struct yk_err err = { 0 };
	struct stat sb;
	char tmp[300];

	(void)state;
	assert_int_equal(webusers_set(&us, "lan", "a", WEBROLE_CLERK, &err), 0);
	assert_int_equal(webusers_set(&us, "xem", "b", WEBROLE_VIEWER, &err), 0);
	unlink(path);
	assert_int_equal(webusers_save(path, &us, &err), 0);
	assert_int_equal(stat(path, &sb), 0);
	assert_int_equal(sb.st_mode & 07777, 0600);
	/* no temporary file left beside it */
	snprintf(tmp, sizeof tmp, "ls %s | wc -l | grep -qx 1", dir);
	assert_int_equal(system(tmp), 0);
	assert_int_equal(webusers_load(path, &back, &err), 0);
	assert_int_equal(back.n, 2);
	assert_string_equal(back.u[0].name, "lan");
	assert_int_equal(back.u[0].role, WEBROLE_CLERK);
	assert_string_equal(back.u[1].hash, us.u[1].hash);
	assert_true(webusers_verify(&back, "xem", "b", NULL));
	webusers_free(&back);
	/* saving over a file that was 0644 leaves it 0600 */
	assert_int_equal(chmod(path, 0644), 0);
	assert_int_equal(webusers_save(path, &us, &err), 0);
	assert_int_equal(stat(path, &sb), 0);
	assert_int_equal(sb.st_mode & 07777, 0600);
	webusers_free(&us);
}

static void
expect_refused(const char *text, mode_t mode, const char *want)
{
	struct webusers us = { 0 };
	struct yk_err err = { 0 };

	write_file(path, text, mode);
	assert_int_equal(webusers_load(path, &us, &err), YK_EINVAL);
	if (!strstr(err.msg, want))
		fail_msg("\"%s\" not in \"%s\"", want, err.msg);
	assert_int_equal(us.n, 0);
}

static void
test_refused_files(void **state)
{
	static const char good[] = "lan:$y$j9T$abc$def:clerk\n";
	char want[300];
	struct webusers us = { 0 };
	struct yk_err err = { 0 };

	(void)state;
	expect_refused(good, 0644, "mode 0644");
	expect_refused(good, 0640, "mode 0640");
	snprintf(want, sizeof want, "%s:2: expected name:hash:role", path);
	expect_refused("lan:$y$j9T$abc$def:clerk\nbroken\n", 0600, want);
	snprintf(want, sizeof want, "%s:1: expected the role", path);
	expect_refused("lan:$y$j9T$abc$def:admin\n", 0600, want);
	snprintf(want, sizeof want, "%s:1: expected a name", path);
	expect_refused("Lan:$y$j9T$abc$def:clerk\n", 0600, want);
	snprintf(want, sizeof want, "%s:1: expected a crypt(5) hash", path);
	expect_refused("lan:plain:clerk\n", 0600, want);
	snprintf(want, sizeof want, "%s:3: user \"lan\" is listed twice", path);
	expect_refused("lan:$y$a$b:clerk\n# comment\nlan:$y$a$c:viewer\n", 0600, want);
	/* comments, blank lines and CRLF are fine */
	write_file(path, "# accounts\n\nlan:$y$a$b:clerk\r\nxem:$y$a$c:viewer", 0600);
	assert_int_equal(webusers_load(path, &us, &err), 0);
	assert_int_equal(us.n, 2);
	assert_int_equal(us.u[1].role, WEBROLE_VIEWER);
	webusers_free(&us);
	unlink(path);
	assert_int_equal(webusers_load(path, &us, &err), YK_ENOTFOUND);
}

static void
test_credentials_directory(void **state)
{
	char cred[300];
	char *p;

	(void)state;
	unsetenv("CREDENTIALS_DIRECTORY");
	p = webusers_path("/etc/ykien/web-users");
	assert_string_equal(p, "/etc/ykien/web-users");
	free(p);
	/* set, but without the file: the configured one */
	setenv("CREDENTIALS_DIRECTORY", dir, 1);
	unlink(path);
	p = webusers_path("/etc/ykien/web-users");
	assert_string_equal(p, "/etc/ykien/web-users");
	free(p);
	write_file(path, "", 0600);
	p = webusers_path("/etc/ykien/web-users");
	snprintf(cred, sizeof cred, "%s/web-users", dir);
	assert_string_equal(p, cred);
	free(p);
	unsetenv("CREDENTIALS_DIRECTORY");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_names_and_roles),
		cmocka_unit_test(test_hash_and_verify),
		cmocka_unit_test(test_unknown_user_costs_a_hash),
		cmocka_unit_test(test_save_and_load),
		cmocka_unit_test(test_refused_files),
		cmocka_unit_test(test_credentials_directory),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
