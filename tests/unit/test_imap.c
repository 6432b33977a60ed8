/* Unit tests for lib/imapproto: response framing with literals, status,
 * SEARCH, FETCH items, modified UTF-7 folder names. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "buf.h"
#include "imapproto.h"

#define S(x) x, sizeof(x) - 1

static void
test_complete_plain_line(void **state)
{
	size_t n = 0;
	(void)state;

	assert_int_equal(imapproto_complete(S("* OK hi\r\nY1 OK"), 100, &n), IMAP_COMPLETE);
	assert_int_equal(n, 9);
	assert_int_equal(imapproto_complete(S("* OK hi"), 100, &n), IMAP_NEED_MORE);
	assert_int_equal(imapproto_complete(S(""), 100, &n), IMAP_NEED_MORE);
}

static void
test_complete_with_literal(void **state)
{
	const char r[] = "* 1 FETCH (UID 7 BODY[] {5}\r\nab\r\nc)\r\n* 2 EXISTS\r\n";
	const char *data;
	size_t n = 0, dl;
	(void)state;

	assert_int_equal(imapproto_complete(r, 30, 100, &n), IMAP_NEED_MORE); /* literal cut */
	assert_int_equal(imapproto_complete(r, sizeof r - 1, 100, &n), IMAP_COMPLETE);
	assert_int_equal(n, strlen("* 1 FETCH (UID 7 BODY[] {5}\r\nab\r\nc)\r\n"));
	assert_true(imapproto_literal(r, n, &data, &dl));
	assert_int_equal(dl, 5);
	assert_memory_equal(data, "ab\r\nc", 5);
	/* a literal above the limit is refused, not buffered */
	assert_int_equal(imapproto_complete(r, sizeof r - 1, 4, &n), IMAP_TOO_LONG);
	/* literal+ form */
	assert_int_equal(imapproto_complete(S("* X {2+}\r\nab\r\n"), 100, &n), IMAP_COMPLETE);
}

static void
test_bytes_wanted(void **state)
{
	const char r[] = "* 1 FETCH (UID 7 BODY[] {5}\r\nab";
	(void)state;

	/* the literal needs 5 bytes after the 29-byte line */
	assert_int_equal(imapproto_bytes_wanted(r, sizeof r - 1, 100), 29 + 5);
	assert_int_equal(imapproto_bytes_wanted(S("* OK hi"), 100), 0);       /* no literal */
	assert_int_equal(imapproto_bytes_wanted(r, sizeof r - 1, 4), 0);       /* above the limit */
	assert_int_equal(imapproto_bytes_wanted(S("* X {2}\r\nab\r\n"), 100), 0); /* complete */
}

/* The literal a response waits for, found to be written elsewhere as it
 * arrives (lib/imap.c's spill): where its braces and bytes are. */
static void
test_pending_literal(void **state)
{
	static const char r[] = "* 1 FETCH (UID 7 BODY[] {12}\r\nabc";
	static const char hdr[] = "* 1 FETCH (UID 7 BODY[HEADER] {12}\r\nabc";
	struct imap_pending pl;
	(void)state;

	assert_true(imapproto_pending_literal(r, sizeof r - 1, &pl));
	assert_int_equal(r[pl.open], '{');
	assert_int_equal(r[pl.close], '}');
	assert_int_equal(pl.start, sizeof r - 1 - 3);
	assert_int_equal(pl.size, 12);
	assert_true(pl.body);
	/* not a whole message's body */
	assert_true(imapproto_pending_literal(hdr, sizeof hdr - 1, &pl));
	assert_false(pl.body);
	/* complete, no literal, or its line not all here */
	assert_false(imapproto_pending_literal(S("* X {2}\r\nab\r\n"), &pl));
	assert_false(imapproto_pending_literal(S("* OK hi\r\n"), &pl));
	assert_false(imapproto_pending_literal(S("* 1 FETCH (BODY[] {12"), &pl));
	/* the second literal of a response, the first one complete */
	assert_true(imapproto_pending_literal(S("* 1 FETCH (X {2}\r\nab BODY[] {5}\r\nx"), &pl));
	assert_int_equal(pl.size, 5);
	assert_true(pl.body);
}

static void
test_line_too_long(void **state)
{
	size_t n = IMAP_MAX_LINE + 10;
	char *big = malloc(n);
	size_t rl;
	(void)state;

	memset(big, 'a', n);
	assert_int_equal(imapproto_complete(big, n, 100, &rl), IMAP_TOO_LONG);
	free(big);
}

/* A folder of 100,000 messages answers SEARCH with one line of 590 kB:
 * it is a response, not an error (the first sync of such a folder failed). */
static void
test_long_search_line(void **state)
{
	struct buf b;
	size_t rl;
	uint32_t *uids = NULL;
	size_t n = 0;
	(void)state;

	buf_init(&b, 0);
	assert_int_equal(buf_adds(&b, "* SEARCH"), 0);
	for (unsigned u = 1; u <= 100000; u++) {
		char num[16];
		snprintf(num, sizeof num, " %u", u);
		assert_int_equal(buf_adds(&b, num), 0);
	}
	assert_int_equal(buf_adds(&b, "\r\n"), 0);
	assert_true(b.len > 500000);
	assert_int_equal(imapproto_complete(b.data, b.len, 100, &rl), IMAP_COMPLETE);
	assert_int_equal(rl, b.len);
	assert_int_equal(imapproto_search(b.data, rl, &uids, &n, 10000000, NULL), 0);
	assert_int_equal(n, 100000);
	assert_int_equal(uids[99999], 100000);
	free(uids);
	buf_free(&b);
}

static void
test_classify(void **state)
{
	struct imap_resp r;
	(void)state;

	imapproto_classify(S("Y12 OK done\r\n"), "Y12", &r);
	assert_true(r.tagged);
	assert_int_equal(r.status, IMAP_ST_OK);
	assert_int_equal(r.text_len, 4);
	imapproto_classify(S("Y12 NO [TRYCREATE] no such\r\n"), "Y12", &r);
	assert_int_equal(r.status, IMAP_ST_NO);
	imapproto_classify(S("Y1 OK done\r\n"), "Y12", &r);
	assert_false(r.tagged); /* another tag: not ours */
	imapproto_classify(S("Y123 OK done\r\n"), "Y12", &r);
	assert_false(r.tagged);
	imapproto_classify(S("* BYE shutting down\r\n"), "Y12", &r);
	assert_true(r.untagged);
	assert_int_equal(r.status, IMAP_ST_BYE);
	imapproto_classify(S("+ go ahead\r\n"), "Y1", &r);
	assert_true(r.continuation);
}

static void
test_codes_and_exists(void **state)
{
	uint32_t v = 0;
	(void)state;

	assert_true(imapproto_resp_code_num(S("* OK [UIDVALIDITY 1795803146] UIDs valid\r\n"),
	                                    "UIDVALIDITY", &v));
	assert_int_equal(v, 1795803146u);
	assert_false(imapproto_resp_code_num(S("* OK [UIDNEXT 5] x\r\n"), "UIDVALIDITY", &v));
	assert_false(imapproto_resp_code_num(S("* OK [UIDVALIDITY 99999999999] x\r\n"), "UIDVALIDITY",
	                                     &v)); /* past 32 bits */
	assert_true(imapproto_exists(S("* 42 EXISTS\r\n"), &v));
	assert_int_equal(v, 42);
	assert_false(imapproto_exists(S("* 42 RECENT\r\n"), &v));
}

/* untagged responses during IDLE: only a folder that grew is new mail */
static void
test_idle_news(void **state)
{
	uint32_t ex = 5;
	(void)state;

	assert_int_equal(imapproto_idle_news(S("* 6 EXISTS\r\n"), &ex), IMAP_IDLE_NEW_MAIL);
	assert_int_equal(ex, 6);
	assert_int_equal(imapproto_idle_news(S("* 1 RECENT\r\n"), &ex), IMAP_IDLE_NOTHING);
	/* the same size again (a server repeating itself) is nothing new */
	assert_int_equal(imapproto_idle_news(S("* 6 exists\r\n"), &ex), IMAP_IDLE_NOTHING);
	/* our own cycle moved two messages out: no wake-up for that */
	assert_int_equal(imapproto_idle_news(S("* 3 EXPUNGE\r\n"), &ex), IMAP_IDLE_NOTHING);
	assert_int_equal(imapproto_idle_news(S("* 3 EXPUNGE\r\n"), &ex), IMAP_IDLE_NOTHING);
	assert_int_equal(ex, 4);
	assert_int_equal(imapproto_idle_news(S("* 4 FETCH (FLAGS (\\Seen))\r\n"), &ex),
	                 IMAP_IDLE_NOTHING);
	/* ...but one arriving after them is, though the size is back to 5 */
	assert_int_equal(imapproto_idle_news(S("* 5 EXISTS\r\n"), &ex), IMAP_IDLE_NEW_MAIL);
	assert_int_equal(ex, 5);
	assert_int_equal(imapproto_idle_news(S("* OK Still here\r\n"), &ex), IMAP_IDLE_NOTHING);
	assert_int_equal(imapproto_idle_news(S("* BYE Disconnected for inactivity.\r\n"), &ex),
	                 IMAP_IDLE_BYE);
	/* malformed: no number, a number past 32 bits, a word run on */
	assert_int_equal(imapproto_idle_news(S("* EXISTS\r\n"), &ex), IMAP_IDLE_NOTHING);
	assert_int_equal(imapproto_idle_news(S("* 99999999999 EXISTS\r\n"), &ex),
	                 IMAP_IDLE_NOTHING);
	assert_int_equal(imapproto_idle_news(S("* 9 EXISTSX\r\n"), &ex), IMAP_IDLE_NOTHING);
	assert_int_equal(imapproto_idle_news(S("* 9\r\n"), &ex), IMAP_IDLE_NOTHING);
	assert_int_equal(imapproto_idle_news(S("Y4 OK IDLE terminated\r\n"), &ex),
	                 IMAP_IDLE_NOTHING);
	assert_int_equal(ex, 5);
	ex = 0;
	assert_int_equal(imapproto_idle_news(S("* 1 EXPUNGE\r\n"), &ex), IMAP_IDLE_NOTHING);
	assert_int_equal(ex, 0); /* never below nothing */
}

static void
test_search(void **state)
{
	uint32_t *uids = NULL;
	size_t n = 0;
	(void)state;

	bool found = false;

	assert_int_equal(imapproto_search(S("* SEARCH 3 5 8\r\n"), &uids, &n, 100, &found), 0);
	assert_true(found);
	assert_int_equal(n, 3);
	assert_int_equal(uids[2], 8);
	assert_int_equal(imapproto_search(S("* SEARCH\r\n"), &uids, &n, 100, &found), 0);
	assert_true(found);
	assert_int_equal(n, 3);
	assert_int_equal(imapproto_search(S("* 3 EXISTS\r\n"), &uids, &n, 100, &found), 0);
	assert_false(found);
	/* over max: a limit, not an allocation failure */
	assert_int_equal(imapproto_search(S("* SEARCH 1 2\r\n"), &uids, &n, 4, NULL), YK_ELIMIT);
	free(uids);
}

static void
test_search_many(void **state)
{
	/* growth past the first allocation */
	char line[20000] = "* SEARCH";
	uint32_t *uids = NULL;
	size_t n = 0, off = strlen(line);
	(void)state;

	for (int i = 1; i <= 1000; i++)
		off += (size_t)snprintf(line + off, sizeof line - off, " %d", i);
	snprintf(line + off, sizeof line - off, "\r\n");
	assert_int_equal(imapproto_search(line, strlen(line), &uids, &n, 100000, NULL), 0);
	assert_int_equal(n, 1000);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(uids[i], i + 1);
	free(uids);
}

static void
test_fetch_items(void **state)
{
	uint64_t v = 0;
	(void)state;

	assert_true(imapproto_is_fetch(S("* 3 FETCH (UID 17 RFC822.SIZE 2048)\r\n")));
	assert_true(imapproto_fetch_num(S("* 3 FETCH (UID 17 RFC822.SIZE 2048)\r\n"), "UID", &v));
	assert_int_equal(v, 17);
	assert_true(imapproto_fetch_num(S("* 3 FETCH (RFC822.SIZE 2048 UID 17)\r\n"), "RFC822.SIZE",
	                                &v));
	assert_int_equal(v, 2048);
	assert_false(imapproto_fetch_num(S("* 3 FETCH (FLAGS (\\Seen))\r\n"), "UID", &v));
	assert_false(imapproto_is_fetch(S("* 3 EXPUNGE\r\n")));
}

/* NAMESPACE (RFC 2342): the personal namespace's prefix and delimiter. */
static void
test_namespace(void **state)
{
	char p[64], sep = 0;
	(void)state;

	assert_true(imapproto_namespace(S("* NAMESPACE ((\"INBOX.\" \".\")) NIL NIL\r\n"), p,
	                                sizeof p, &sep));
	assert_string_equal(p, "INBOX.");
	assert_int_equal(sep, '.');
	assert_true(imapproto_namespace(
		S("* NAMESPACE ((\"\" \"/\")) ((\"~\" \"/\")) ((\"#shared/\" \"/\"))\r\n"), p, sizeof p,
		&sep));
	assert_string_equal(p, "");
	assert_int_equal(sep, '/');
	assert_true(imapproto_namespace(S("* NAMESPACE ((\"\" NIL)) NIL NIL\r\n"), p, sizeof p, &sep));
	assert_int_equal(sep, '\0');
	/* an escaped backslash as the delimiter */
	assert_true(imapproto_namespace(S("* NAMESPACE ((\"\" \"\\\\\")) NIL NIL\r\n"), p, sizeof p,
	                                &sep));
	assert_int_equal(sep, '\\');
	assert_false(imapproto_namespace(S("* NAMESPACE NIL NIL NIL\r\n"), p, sizeof p, &sep));
	assert_false(imapproto_namespace(S("* NAMESPACE ((\"INBOX.\r\n"), p, sizeof p, &sep));
	assert_false(imapproto_namespace(S("* NAMESPACE ((\"INBOX.\" \".\")) NIL NIL\r\n"), p, 4, &sep));
	assert_false(imapproto_namespace(S("* LIST () \".\" INBOX\r\n"), p, sizeof p, &sep));
}

/* INTERNALDATE (RFC 3501 date-time) to seconds since the epoch. */
static void
test_internaldate(void **state)
{
	int64_t t = 0;
	(void)state;

	/* RFC 3501's own example: 17-Jul-1996 02:44:25 -0700 = 09:44:25 UTC */
	assert_true(imapproto_fetch_internaldate(
		S("* 1 FETCH (UID 5 INTERNALDATE \"17-Jul-1996 02:44:25 -0700\" BODY[] {3}\r\nabc)\r\n"),
		&t));
	assert_int_equal(t, 837596665);
	/* a space-padded day, a zone east of UTC (Viet Nam) */
	assert_true(imapproto_fetch_internaldate(
		S("* 2 FETCH (INTERNALDATE \" 1-Feb-2024 12:00:00 +0700\" UID 9)\r\n"), &t));
	assert_int_equal(t, 1706763600);
	/* leap day */
	assert_true(imapproto_fetch_internaldate(
		S("* 2 FETCH (INTERNALDATE \"29-Feb-2024 00:00:00 +0000\")\r\n"), &t));
	assert_int_equal(t, 1709164800);
	/* inside the literal only: not the response's */
	assert_false(imapproto_fetch_internaldate(
		S("* 1 FETCH (UID 5 BODY[] {40}\r\nINTERNALDATE \"17-Jul-1996 02:44:25 -0700\")\r\n"),
		&t));
	assert_false(imapproto_fetch_internaldate(
		S("* 1 FETCH (INTERNALDATE \"17-Jyl-1996 02:44:25 -0700\")\r\n"), &t));
	assert_false(imapproto_fetch_internaldate(
		S("* 1 FETCH (INTERNALDATE \"17-Jul-1996 25:44:25 -0700\")\r\n"), &t));
	assert_false(imapproto_fetch_internaldate(S("* 1 FETCH (INTERNALDATE \"17-Jul\r\n"), &t));
	assert_false(imapproto_fetch_internaldate(S("* 1 FETCH (UID 5)\r\n"), &t));
}

static void
test_capability(void **state)
{
	(void)state;
	assert_true(imapproto_has_capability(S("* CAPABILITY IMAP4rev1 UIDPLUS MOVE\r\n"), "MOVE"));
	assert_false(imapproto_has_capability(S("* CAPABILITY IMAP4rev1 UIDPLUS\r\n"), "MOVE"));
	assert_true(imapproto_has_capability(S("* OK [CAPABILITY IMAP4rev1 MOVE] ready\r\n"), "MOVE"));
	assert_false(imapproto_has_capability(S("* CAPABILITY IMAP4rev1 MOVEX\r\n"), "MOVE"));
}

static void
test_mailbox_names(void **state)
{
	char out[256];
	(void)state;

	assert_true(imapproto_mailbox_name("INBOX", out, sizeof out));
	assert_string_equal(out, "\"INBOX\"");
	assert_true(imapproto_mailbox_name("YKien/Sở Nội vụ", out, sizeof out));
	/* RFC 3501 §5.1.3: UTF-16 in base64 with ',' for '/', ASCII as is
	 * (checked against Python's utf-16-be + base64) */
	assert_string_equal(out, "\"YKien/S&Ht8- N&Htk-i v&HuU-\"");
	assert_true(imapproto_mailbox_name("A&B \"q\"", out, sizeof out));
	assert_string_equal(out, "\"A&-B \\\"q\\\"\"");
	assert_false(imapproto_mailbox_name("bad\r\nname", out, sizeof out));
	assert_false(imapproto_mailbox_name("\xff", out, sizeof out));
	assert_false(imapproto_mailbox_name("INBOX", out, 4)); /* does not fit */
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_complete_plain_line),
		cmocka_unit_test(test_complete_with_literal),
		cmocka_unit_test(test_bytes_wanted),
		cmocka_unit_test(test_pending_literal),
		cmocka_unit_test(test_line_too_long),
		cmocka_unit_test(test_long_search_line),
		cmocka_unit_test(test_classify),
		cmocka_unit_test(test_codes_and_exists),
		cmocka_unit_test(test_idle_news),
		cmocka_unit_test(test_search),
		cmocka_unit_test(test_search_many),
		cmocka_unit_test(test_fetch_items),
		cmocka_unit_test(test_internaldate),
		cmocka_unit_test(test_namespace),
		cmocka_unit_test(test_capability),
		cmocka_unit_test(test_mailbox_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
