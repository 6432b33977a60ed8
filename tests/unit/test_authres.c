/* Unit tests for lib/authres: only our server's Authentication-Results count,
 * and only a pass aligned with the From domain verifies. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "authres.h"

#define TRUSTED "mx.soctrang.example"

static bool
verify(const char *msg, const char *domain)
{
	char why[200];

	return authres_verified(msg, strlen(msg), TRUSTED, domain, why, sizeof why);
}

static void
test_spoofed_from_without_authentication(void **state)
{
	(void)state;
	assert_false(verify("From: snv@soctrang.example\r\nSubject: x\r\n\r\nbody\r\n",
	                    "soctrang.example"));
}

static void
test_dkim_pass_aligned(void **state)
{
	(void)state;
	assert_true(verify("Authentication-Results: mx.soctrang.example;\r\n"
	                   "\tdkim=pass header.d=soctrang.example header.s=s1;\r\n"
	                   "\tspf=fail smtp.mailfrom=x@evil.example\r\n"
	                   "From: snv@soctrang.example\r\n\r\nbody\r\n",
	                   "soctrang.example"));
	/* a subdomain aligns (relaxed) */
	assert_true(verify("Authentication-Results: mx.soctrang.example; dkim=pass "
	                   "header.d=soctrang.example\n\n", "chauthanh.soctrang.example"));
}

static void
test_pass_for_another_domain_does_not_count(void **state)
{
	(void)state;
	assert_false(verify("Authentication-Results: mx.soctrang.example; dkim=pass "
	                    "header.d=evil.example; spf=pass smtp.mailfrom=a@evil.example\n\n",
	                    "soctrang.example"));
	/* "notsoctrang.example" is not a subdomain of soctrang.example */
	assert_false(verify("Authentication-Results: mx.soctrang.example; dkim=pass "
	                    "header.d=notsoctrang.example\n\n", "soctrang.example"));
}

static void
test_spf_and_dmarc(void **state)
{
	(void)state;
	assert_true(verify("Authentication-Results: mx.soctrang.example; spf=pass "
	                   "smtp.mailfrom=snv@soctrang.example\n\n", "soctrang.example"));
	assert_true(verify("Authentication-Results: mx.soctrang.example; dmarc=pass "
	                   "header.from=soctrang.example\n\n", "soctrang.example"));
	assert_false(verify("Authentication-Results: mx.soctrang.example; dkim=fail "
	                    "header.d=soctrang.example; spf=softfail smtp.mailfrom=soctrang.example\n\n",
	                    "soctrang.example"));
}

static void
test_other_servers_are_ignored(void **state)
{
	(void)state;
	/* written by the sender, or by another hop: not ours */
	assert_false(verify("Authentication-Results: mx.evil.example; dkim=pass "
	                    "header.d=soctrang.example\n"
	                    "Authentication-Results: mx.soctrang.example.evil.example; dkim=pass "
	                    "header.d=soctrang.example\n\n", "soctrang.example"));
	/* only the top-most field of ours is read */
	assert_false(verify("Authentication-Results: mx.soctrang.example; dkim=fail "
	                    "header.d=soctrang.example\n"
	                    "Authentication-Results: mx.soctrang.example; dkim=pass "
	                    "header.d=soctrang.example\n\n", "soctrang.example"));
	/* a field in the body is not a header */
	assert_false(verify("Subject: x\n\nAuthentication-Results: mx.soctrang.example; dkim=pass "
	                    "header.d=soctrang.example\n", "soctrang.example"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_spoofed_from_without_authentication),
		cmocka_unit_test(test_dkim_pass_aligned),
		cmocka_unit_test(test_pass_for_another_domain_does_not_count),
		cmocka_unit_test(test_spf_and_dmarc),
		cmocka_unit_test(test_other_servers_are_ignored),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
