/* Unit tests for lib/dispatch_id: the names of a dispatched letter, pure.
 * The token is hex of the bytes drawn; the Message-ID and the reply
 * address carry it and give it back; an id or an address of another shape
 * gives none; what does not fit is refused, never cut; a reply names its
 * letter by In-Reply-To, then References, then the reply address in any
 * address header, and a token not in the table (forged, or of a letter
 * never recorded) names nothing; a delivery report is matched by the
 * Message-ID it quotes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "dispatch_id.h"

static const unsigned char bytes[DISPATCH_TOKEN_BYTES] = { 0x7f, 0x3a, 0x9c, 0x2b,
	                                                   0x00, 0x10, 0xab, 0xff };
#define TOKEN "7f3a9c2b0010abff"

static void
test_token(void **state)
{
	char t[DISPATCH_TOKEN_HEX + 1];

	(void)state;
	dispatch_token_hex(bytes, t);
	assert_string_equal(t, TOKEN);
	assert_true(dispatch_token_valid(t));
	assert_false(dispatch_token_valid("7f3a9c2b0010abf"));   /* one short */
	assert_false(dispatch_token_valid("7f3a9c2b0010abff0")); /* one long */
	assert_false(dispatch_token_valid("7F3A9C2B0010ABFF"));  /* as written, lower case */
	assert_false(dispatch_token_valid("7f3a9c2b0010abfg"));
	assert_false(dispatch_token_valid(NULL));
}

static void
test_message_id(void **state)
{
	char id[DISPATCH_ID_MAX], t[DISPATCH_TOKEN_HEX + 1], small[40];

	(void)state;
	assert_true(dispatch_message_id("118-UBND-TH", "SNV", TOKEN, "soctrang.example", id,
	                                sizeof id));
	assert_string_equal(id, "ykien.d.118-UBND-TH.SNV." TOKEN "@soctrang.example");
	assert_true(dispatch_token_of(id, t));
	assert_string_equal(t, TOKEN);
	/* with its brackets, and with a '.' in the campaign and the code */
	assert_true(dispatch_token_of("<ykien.d.c.1.A.B." TOKEN "@x.example>", t));
	assert_string_equal(t, TOKEN);
	/* not ours, or not a token */
	assert_false(dispatch_token_of("20240115153912.5E2A1C0118@mail.soctrang.example", t));
	assert_false(dispatch_token_of("ykien.d.118-UBND-TH.SNV.7f3a9c2b@soctrang.example", t));
	assert_false(dispatch_token_of("ykien.d." TOKEN "@soctrang.example", t));
	assert_false(dispatch_token_of("ykien.d.118.SNV." TOKEN, t));
	/* refused, not cut; and never without a token */
	assert_false(dispatch_message_id("118-UBND-TH", "SNV", TOKEN, "soctrang.example", small,
	                                 sizeof small));
	assert_false(dispatch_message_id("118-UBND-TH", "SNV", "xyz", "soctrang.example", id,
	                                 sizeof id));
}

static void
test_reply_address(void **state)
{
	char a[DISPATCH_ID_MAX], t[DISPATCH_TOKEN_HEX + 1];

	(void)state;
	assert_true(dispatch_reply_address("tonghop+%s@soctrang.example", "SNV", TOKEN, a,
	                                   sizeof a));
	assert_string_equal(a, "tonghop+snv-" TOKEN "@soctrang.example");
	assert_true(dispatch_token_of_address(a, t));
	assert_string_equal(t, TOKEN);
	/* a code with '_' and '.' stays readable in a local part */
	assert_true(dispatch_reply_address("tonghop+%s@h.example", "UBND_KE.SACH", TOKEN, a,
	                                   sizeof a));
	assert_string_equal(a, "tonghop+ubnd_ke-sach-" TOKEN "@h.example");
	/* a mail client may write the address in capitals */
	assert_true(dispatch_token_of_address("TONGHOP+SNV-7F3A9C2B0010ABFF@SOCTRANG.EXAMPLE", t));
	assert_string_equal(t, TOKEN);
	assert_false(dispatch_token_of_address("tonghop@soctrang.example", t));
	assert_false(dispatch_token_of_address("tonghop+snv" TOKEN "@soctrang.example", t));
	/* no %s, or too long for OUT: refused */
	assert_false(dispatch_reply_address("tonghop@soctrang.example", "SNV", TOKEN, a, sizeof a));
	assert_false(dispatch_reply_address("tonghop+%s@soctrang.example", "SNV", TOKEN, a, 40));
}

static void
test_match(void **state)
{
	struct dispatch_index x = { 0 };
	const char *how = NULL;
	const char *addrs[4] = { NULL };
	const struct dispatch_entry *e;
	static const char snv[] = "ykien.d.118.SNV.7f3a9c2b0010abff@soctrang.example";
	static const char stp[] = "ykien.d.118.STP.0123456789abcdef@soctrang.example";
	static const char report[] = "Reporting-MTA: dns; mx\r\n\r\nFrom: tonghop@soctrang.example\r\n"
	                             "Message-ID: <ykien.d.118.STP.0123456789abcdef@soctrang.example>\r\n";

	(void)state;
	assert_null(dispatch_match(&x, "<a@b>", NULL, addrs, 4, &how));
	assert_true(dispatch_index_add(&x, "118", "SNV", snv, "tonghop+snv-7f3a9c2b0010abff@s.example"));
	assert_true(dispatch_index_add(&x, "118", "STP", stp, NULL));

	e = dispatch_match(&x, "<ykien.d.118.SNV.7f3a9c2b0010abff@soctrang.example>", NULL, addrs,
	                   4, &how);
	assert_non_null(e);
	assert_string_equal(e->agency, "SNV");
	assert_string_equal(how, "in_reply_to");
	/* References: the letter anywhere in the chain, after others */
	e = dispatch_match(&x, "<other@gmail.example>",
	                   "<x@y>\r\n <ykien.d.118.STP.0123456789abcdef@soctrang.example> <z@w>",
	                   addrs, 4, &how);
	assert_non_null(e);
	assert_string_equal(e->agency, "STP");
	assert_string_equal(how, "references");
	/* a forged token, or one id inside a longer one: nothing */
	assert_null(dispatch_match(&x, "<ykien.d.118.SNV.0000000000000000@soctrang.example>",
	                           NULL, addrs, 4, &how));
	assert_null(how);
	assert_null(dispatch_match(&x, "<x" "ykien.d.118.SNV.7f3a9c2b0010abff@soctrang.example>",
	                           NULL, addrs, 4, NULL));
	/* the reply address, in any of the address headers, any case */
	addrs[1] = "\"Tong hop\" <TONGHOP+SNV-7F3A9C2B0010ABFF@S.EXAMPLE>, a@b.example";
	e = dispatch_match(&x, NULL, NULL, addrs, 4, &how);
	assert_non_null(e);
	assert_string_equal(e->agency, "SNV");
	assert_string_equal(how, "address");
	addrs[1] = "tonghop+snv-7f3a9c2b0010abff@s.example.org";  /* another host */
	assert_null(dispatch_match(&x, NULL, NULL, addrs, 4, NULL));
	addrs[1] = "tonghop+snv-0000000000000000@s.example";     /* a forged token */
	assert_null(dispatch_match(&x, NULL, NULL, addrs, 4, NULL));

	/* a delivery report quotes the Message-ID of the letter it returns */
	e = dispatch_find_in(&x, report, sizeof report - 1);
	assert_non_null(e);
	assert_string_equal(e->agency, "STP");
	assert_null(dispatch_find_in(&x, "ykien.d.118.STP.0000000000000000@soctrang.example", 49));
	/* a returned reminder threaded under the letter is not the letter */
	{
		static const char rem[] = "Message-ID: <abc.reminder@soctrang.example>\r\n"
		                          "References: <ykien.d.118.STP.0123456789abcdef@soctrang.example>\r\n";
		static const char lower[] = "message-id:<ykien.d.118.STP.0123456789abcdef@soctrang.example>";
		assert_null(dispatch_find_in(&x, rem, sizeof rem - 1));
		assert_non_null(dispatch_find_in(&x, lower, sizeof lower - 1));
	}
	assert_null(dispatch_find_in(NULL, report, sizeof report - 1));
	assert_non_null(dispatch_by_message_id(&x, snv, strlen(snv)));
	dispatch_index_free(&x);
	assert_int_equal(x.n, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_token),
		cmocka_unit_test(test_message_id),
		cmocka_unit_test(test_reply_address),
		cmocka_unit_test(test_match),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
