/* Unit tests of lib/websession: sessions with an injected clock (idle
 * expiry, logout, a full table dropping the least recently used), the CSRF
 * token, the notice for the next page, the login throttle per user and per
 * address, and the table shared by threads. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "websession.h"

static bool
is_hex64(const char *s)
{
	return strlen(s) == WS_ID_HEX && strspn(s, "0123456789abcdef") == WS_ID_HEX;
}

static void
test_create_and_get(void **state)
{
	struct websession *ws = websession_new(8, 60);
	char id[WS_ID_HEX + 1], csrf[WS_ID_HEX + 1], id2[WS_ID_HEX + 1], csrf2[WS_ID_HEX + 1];
	struct ws_info in;

	(void)state;
	assert_non_null(ws);
	assert_int_equal(websession_create(ws, "lan", true, 100, id, csrf), 0);
	assert_true(is_hex64(id));
	assert_true(is_hex64(csrf));
	assert_string_not_equal(id, csrf);
	assert_int_equal(websession_create(ws, "xem", false, 100, id2, csrf2), 0);
	assert_string_not_equal(id, id2);
	assert_int_equal(websession_get(ws, id, 110, true, &in), WS_OK);
	assert_string_equal(in.user, "lan");
	assert_true(in.can_write);
	assert_string_equal(in.csrf, csrf);
	assert_int_equal(websession_get(ws, id2, 110, true, &in), WS_OK);
	assert_string_equal(in.user, "xem");
	assert_false(in.can_write);
	/* an unknown, a malformed, an upper-case or a truncated id */
	id2[0] = id2[0] == 'a' ? 'b' : 'a';
	assert_int_equal(websession_get(ws, id2, 110, true, &in), WS_NONE);
	assert_int_equal(websession_get(ws, "zz", 110, true, &in), WS_NONE);
	assert_int_equal(websession_get(ws, NULL, 110, true, &in), WS_NONE);
	{
		char up[WS_ID_HEX + 1];

		memcpy(up, id, sizeof up);
		for (char *p = up; *p; p++)
			if (*p >= 'a' && *p <= 'f')
				*p = (char)(*p - 'a' + 'A');
		if (strcmp(up, id))
			assert_int_equal(websession_get(ws, up, 110, true, &in), WS_NONE);
		up[WS_ID_HEX - 1] = '\0';
		assert_int_equal(websession_get(ws, up, 110, true, &in), WS_NONE);
	}
	assert_string_equal(in.user, "");
	websession_free(ws);
}

static void
test_idle_expiry_with_use(void **state)
{
	struct websession *ws = websession_new(8, 3.0); /* session_idle_minutes = 0.05 */
	char id[WS_ID_HEX + 1], csrf[WS_ID_HEX + 1];
	struct ws_info in;

	(void)state;
	assert_int_equal(websession_create(ws, "lan", true, 1000, id, csrf), 0);
	/* each use moves the deadline */
	assert_int_equal(websession_get(ws, id, 1002.5, false, &in), WS_OK);
	assert_int_equal(websession_get(ws, id, 1005.0, false, &in), WS_OK);
	assert_int_equal(websession_count(ws), 1);
	assert_int_equal(websession_get(ws, id, 1008.1, false, &in), WS_EXPIRED);
	assert_string_equal(in.user, "");
	/* it stays expired (the login page after the redirect says why), and
	 * is no longer a live session */
	assert_int_equal(websession_get(ws, id, 1008.2, false, &in), WS_EXPIRED);
	assert_int_equal(websession_get(ws, id, 1000, false, &in), WS_EXPIRED);
	assert_int_equal(websession_count(ws), 0);
	websession_free(ws);
}

static void
test_logout(void **state)
{
	struct websession *ws = websession_new(8, 60);
	char id[WS_ID_HEX + 1], csrf[WS_ID_HEX + 1];
	struct ws_info in;

	(void)state;
	assert_int_equal(websession_create(ws, "lan", true, 0, id, csrf), 0);
	assert_true(websession_destroy(ws, id));
	assert_int_equal(websession_get(ws, id, 1, false, &in), WS_NONE);
	assert_false(websession_destroy(ws, id));
	assert_int_equal(websession_count(ws), 0);
	websession_free(ws);
}

static void
test_end_user(void **state)
{
	struct websession *ws = websession_new(8, 60);
	char a[WS_ID_HEX + 1], b[WS_ID_HEX + 1], c[WS_ID_HEX + 1], csrf[WS_ID_HEX + 1];
	struct ws_info in;

	(void)state;
	assert_int_equal(websession_create(ws, "lan", true, 0, a, csrf), 0);
	assert_int_equal(websession_create(ws, "lan", true, 0, b, csrf), 0);
	assert_int_equal(websession_create(ws, "lanh", true, 0, c, csrf), 0);
	assert_int_equal(websession_end_user(ws, "lan"), 2);
	assert_int_equal(websession_get(ws, a, 1, false, &in), WS_NONE);
	assert_int_equal(websession_get(ws, b, 1, false, &in), WS_NONE);
	assert_int_equal(websession_get(ws, c, 1, false, &in), WS_OK);
	assert_int_equal(websession_end_user(ws, "lan"), 0);
	websession_free(ws);
}

static void
test_full_table_drops_least_recent(void **state)
{
	struct websession *ws = websession_new(3, 1000);
	char id[4][WS_ID_HEX + 1], csrf[WS_ID_HEX + 1];
	struct ws_info in;

	(void)state;
	for (int i = 0; i < 3; i++)
		assert_int_equal(websession_create(ws, "u", false, 10 + i, id[i], csrf), 0);
	/* the oldest by creation is used again: the second becomes the stalest */
	assert_int_equal(websession_get(ws, id[0], 20, false, &in), WS_OK);
	assert_int_equal(websession_create(ws, "v", false, 21, id[3], csrf), 0);
	assert_int_equal(websession_count(ws), 3);
	assert_int_equal(websession_get(ws, id[1], 22, false, &in), WS_NONE);
	assert_int_equal(websession_get(ws, id[0], 22, false, &in), WS_OK);
	assert_int_equal(websession_get(ws, id[2], 22, false, &in), WS_OK);
	assert_int_equal(websession_get(ws, id[3], 22, false, &in), WS_OK);
	assert_string_equal(in.user, "v");
	websession_free(ws);
}

static void
test_flash_taken_once(void **state)
{
	struct websession *ws = websession_new(4, 60);
	char id[WS_ID_HEX + 1], csrf[WS_ID_HEX + 1], longer[600];
	struct ws_info in;

	(void)state;
	assert_int_equal(websession_create(ws, "lan", true, 0, id, csrf), 0);
	websession_set_flash(ws, id, "Đã gán cho STC");
	/* a POST's look does not take it; the next page's does */
	assert_int_equal(websession_get(ws, id, 1, false, &in), WS_OK);
	assert_string_equal(in.flash, "");
	assert_int_equal(websession_get(ws, id, 1, true, &in), WS_OK);
	assert_string_equal(in.flash, "Đã gán cho STC");
	assert_int_equal(websession_get(ws, id, 1, true, &in), WS_OK);
	assert_string_equal(in.flash, "");
	/* a long notice is cut at a character, not inside one */
	memset(longer, 0, sizeof longer);
	for (size_t i = 0; i + 2 < sizeof longer - 1; i += 2)
		memcpy(longer + i, "đ", 2);
	websession_set_flash(ws, id, longer);
	assert_int_equal(websession_get(ws, id, 1, true, &in), WS_OK);
	assert_true(strlen(in.flash) <= WS_FLASH_MAX);
	assert_int_equal(strlen(in.flash) % 2, 0);
	websession_free(ws);
}

static void
test_throttle_per_user(void **state)
{
	struct websession *ws = websession_new(4, 60);

	(void)state;
	for (int i = 0; i < 5; i++) {
		assert_int_equal(websession_throttle_check(ws, "lan", "10.0.0.1", 100 + i), 0);
		/* from different addresses: the user's count alone */
		char addr[32];
		snprintf(addr, sizeof addr, "10.0.0.%d", i + 1);
		websession_throttle_fail(ws, "lan", addr, 100 + i);
	}
	/* the sixth attempt within the minute: refused, the wait until the
	 * first failure leaves the window (100 + 60 - 110 = 50 s) */
	assert_int_equal(websession_throttle_check(ws, "lan", "10.0.0.9", 110), 50);
	/* another user from a fresh address is not affected */
	assert_int_equal(websession_throttle_check(ws, "hoa", "10.0.0.9", 110), 0);
	/* once the first failure is a minute old, one more attempt may go */
	assert_int_equal(websession_throttle_check(ws, "lan", "10.0.0.9", 160.5), 0);
	/* a success forgets the user's failures */
	websession_throttle_ok(ws, "lan");
	assert_int_equal(websession_throttle_check(ws, "lan", "10.0.0.9", 110), 0);
	websession_free(ws);
}

static void
test_throttle_per_address(void **state)
{
	struct websession *ws = websession_new(4, 60);
	char user[16];
	int w;

	(void)state;
	for (int i = 0; i < 5; i++) {
		snprintf(user, sizeof user, "u%d", i);
		websession_throttle_fail(ws, user, "192.0.2.7", 200 + 0.5 * i);
	}
	/* a sixth name from the same address: refused */
	w = websession_throttle_check(ws, "u9", "192.0.2.7", 203);
	assert_int_equal(w, 57);
	/* a success of one user does not clear the address */
	websession_throttle_ok(ws, "u0");
	assert_true(websession_throttle_check(ws, "u0", "192.0.2.7", 203) > 0);
	/* the wait is at least a second, rounded up */
	assert_int_equal(websession_throttle_check(ws, "u9", "192.0.2.7", 259.9), 1);
	assert_int_equal(websession_throttle_check(ws, "u9", "192.0.2.7", 260.0), 0);
	websession_free(ws);
}

static void
test_equal(void **state)
{
	(void)state;
	assert_true(websession_equal("abc", "abc"));
	assert_false(websession_equal("abc", "abd"));
	assert_false(websession_equal("abc", "abcd"));
	assert_false(websession_equal("", "a"));
	assert_true(websession_equal("", ""));
	assert_false(websession_equal(NULL, "a"));
	assert_false(websession_equal("a", NULL));
}

struct worker {
	struct websession *ws;
	int bad;
};

static void *
work(void *arg)
{
	struct worker *w = arg;

	for (int i = 0; i < 500; i++) {
		char id[WS_ID_HEX + 1], csrf[WS_ID_HEX + 1];
		struct ws_info in;

		if (websession_create(w->ws, "lan", true, i, id, csrf) ||
		    websession_get(w->ws, id, i, true, &in) != WS_OK || strcmp(in.csrf, csrf))
			w->bad++;
		websession_throttle_fail(w->ws, "lan", "127.0.0.1", i);
		websession_destroy(w->ws, id);
	}
	return NULL;
}

static void
test_threads(void **state)
{
	struct websession *ws = websession_new(64, 1e9);
	struct worker w[4];
	pthread_t t[4];

	(void)state;
	for (int i = 0; i < 4; i++) {
		w[i] = (struct worker){ .ws = ws };
		assert_int_equal(pthread_create(&t[i], NULL, work, &w[i]), 0);
	}
	for (int i = 0; i < 4; i++) {
		pthread_join(t[i], NULL);
		assert_int_equal(w[i].bad, 0);
	}
	assert_int_equal(websession_count(ws), 0);
	websession_free(ws);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_create_and_get),
		cmocka_unit_test(test_idle_expiry_with_use),
		cmocka_unit_test(test_logout),
		cmocka_unit_test(test_end_user),
		cmocka_unit_test(test_full_table_drops_least_recent),
		cmocka_unit_test(test_flash_taken_once),
		cmocka_unit_test(test_throttle_per_user),
		cmocka_unit_test(test_throttle_per_address),
		cmocka_unit_test(test_equal),
		cmocka_unit_test(test_threads),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
