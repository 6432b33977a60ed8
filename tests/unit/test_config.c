/* Unit tests for lib/config: every error names FILE:LINE and what was
 * expected, and all of them are reported, not only the first. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "fixture_file.h"

static const char *good =
	"mailbox = { url = \"imaps://mail.example/INBOX\"; user = \"u\";\n"   /* 1 */
	"  password_file = \"PASS\"; };\n"                                    /* 2 */
	"storage = { database = \"/tmp/x.db\"; archive = \"/tmp/arch\"; };\n" /* 3 */
	"agencies = (\n"                                                      /* 4 */
	"  { code = \"SNV\"; name = \"Sở Nội vụ\"; emails = [ \"SNV@Example.org\" ]; },\n" /* 5 */
	"  { code = \"UBND_CT\"; name = \"UBND huyện\"; emails = [ \"@ct.example.org\" ]; }\n" /* 6 */
	");\n"                                                                /* 7 */
	"forms = ( { id = \"f\"; sections = (\n"                              /* 8 */
	"  { id = \"comments\"; heading = \"Nhận xét\"; },\n"                 /* 9 */
	"  { id = \"proposal\"; heading = \"Đề nghị\";\n"                     /* 10 */
	"    options = ( { id = \"a\"; text = \"A\"; }, { id = \"b\"; text = \"B\"; } ); }\n" /* 11 */
	"); } );\n"                                                           /* 12 */
	"campaigns = ( { id = \"118\"; reference = \"118/UBND-TH\"; form = \"f\";\n" /* 13 */
	"  sent = \"2024-01-15T08:00:00+07:00\";\n"                           /* 14 */
	"  deadline = \"2024-01-31T17:00:00+07:00\";\n"                       /* 15 */
	"  agencies = [ \"SNV\" ]; } );\n";                                   /* 16 */

/* good config with FROM replaced by TO (first occurrence) */
static char *
variant(const char *from, const char *to)
{
	static char text[8192];
	const char *p = strstr(good, from);

	assert_non_null(p);
	snprintf(text, sizeof text, "%.*s%s%s", (int)(p - good), good, to, p + strlen(from));
	return text;
}

static int
load_text(const char *text, struct yk_config **cfg, struct yk_err *err, int *nerr)
{
	yk_err_clear(err);
	return config_load(fx_write_file("t.conf", text), cfg, nerr, err);
}

static void
test_good_config_loads(void **state)
{
	struct yk_config *cfg = NULL;
	struct yk_err err = { 0 };
	(void)state;

	assert_int_equal(load_text(good, &cfg, &err, NULL), 0);
	assert_non_null(cfg);
	assert_int_equal(cfg->n_agencies, 2);
	assert_string_equal(cfg->agencies[0].emails[0], "snv@example.org"); /* lower-cased */
	assert_int_equal(cfg->n_forms, 1);
	assert_int_equal(cfg->forms[0].sections[1].n_options, 2);
	assert_ptr_equal(cfg->campaigns[0].form, &cfg->forms[0]);
	assert_int_equal(cfg->campaigns[0].deadline, 1706695200); /* 2024-01-31 10:00 UTC */
	assert_true(config_campaign_expects(&cfg->campaigns[0], 0));
	assert_false(config_campaign_expects(&cfg->campaigns[0], 1));
	assert_int_equal(cfg->mailbox.poll_interval, 300);
	assert_int_equal(cfg->mailbox.after_filing, AFTER_KEEP);
	assert_int_equal(cfg->mailbox.max_connections, 4);
	config_free(cfg);
}

/* max_connections: 1-16, said with the file and line when out of range */
static void
test_max_connections(void **state)
{
	struct yk_config *cfg = NULL;
	struct yk_err err = { 0 };
	(void)state;

	assert_int_equal(load_text(variant("password_file = \"PASS\"; };",
	                                   "password_file = \"PASS\"; max_connections = 1; };"),
	                           &cfg, &err, NULL), 0);
	assert_int_equal(cfg->mailbox.max_connections, 1);
	config_free(cfg);
	cfg = NULL;
	assert_int_equal(load_text(variant("password_file = \"PASS\"; };",
	                                   "password_file = \"PASS\"; max_connections = 0; };"),
	                           &cfg, &err, NULL), YK_ECONFIG);
	assert_null(cfg);
	assert_non_null(strstr(err.msg, "t.conf:2: 'mailbox.max_connections' must be between 1 "
	                                "and 16, not 0"));
	assert_int_equal(load_text(variant("password_file = \"PASS\"; };",
	                                   "password_file = \"PASS\"; max_connections = 17; };"),
	                           &cfg, &err, NULL), YK_ECONFIG);
	assert_non_null(strstr(err.msg, "t.conf:2: 'mailbox.max_connections' must be between 1 "
	                                "and 16, not 17"));
}

static void
test_missing_file(void **state)
{
	struct yk_config *cfg = NULL;
	struct yk_err err = { 0 };
	(void)state;

	assert_int_equal(config_load("/nonexistent/ykien.conf", &cfg, NULL, &err), YK_ENOTFOUND);
	assert_null(cfg);
	assert_non_null(strstr(err.msg, "/nonexistent/ykien.conf"));
}

static void
test_syntax_error_has_line(void **state)
{
	struct yk_config *cfg = NULL;
	struct yk_err err = { 0 };
	(void)state;

	assert_int_equal(load_text(variant("storage = {", "storage = { {"), &cfg, &err, NULL),
	                 YK_ECONFIG);
	assert_non_null(strstr(err.msg, "t.conf:3: syntax error"));
}

static void
test_missing_required_setting(void **state)
{
	struct yk_config *cfg = NULL;
	struct yk_err err = { 0 };
	(void)state;

	assert_int_equal(load_text(variant("archive = \"/tmp/arch\"; ", ""), &cfg, &err, NULL),
	                 YK_ECONFIG);
	assert_non_null(strstr(err.msg, "t.conf:3: missing setting 'archive'"));
}

static void
test_wrong_type(void **state)
{
	struct yk_config *cfg = NULL;
	struct yk_err err = { 0 };
	(void)state;

	assert_int_equal(load_text(variant("password_file = \"PASS\"; };",
	                                   "password_file = \"PASS\"; poll_interval = \"5\"; };"),
	                           &cfg, &err, NULL), YK_ECONFIG);
	assert_non_null(strstr(err.msg, "t.conf:2: 'mailbox.poll_interval' must be a whole number"));
}

static void
test_unknown_agency_in_campaign(void **state)
{
	struct yk_config *cfg = NULL;
	struct yk_err err = { 0 };
	(void)state;

	assert_int_equal(load_text(variant("[ \"SNV\" ]; } );", "[ \"SNV\", \"NOPE\" ]; } );"),
	                           &cfg, &err, NULL), YK_ECONFIG);
	assert_non_null(strstr(err.msg, "t.conf:16: campaign \"118\": unknown agency code \"NOPE\""));
}

/* groups = [ ... ] (from the letter's "Kính gửi"): the agencies of those
 * groups are expected; a group no agency has is an error with its line */
static void
test_campaign_groups(void **state)
{
	struct yk_config *cfg = NULL;
	struct yk_err err = { 0 };
	char text[8192];
	(void)state;

	snprintf(text, sizeof text, "%s", variant("agencies = [ \"SNV\" ];",
	                                          "groups = [ \"Sở, ban ngành\" ];"));
	{
		/* and SNV in that group */
		const char *from = "emails = [ \"SNV@Example.org\" ]; },";
		char *p = strstr(text, from), rest[8192];
		assert_non_null(p);
		snprintf(rest, sizeof rest, "%s", p + strlen(from));
		snprintf(p, sizeof text - (size_t)(p - text),
		         "emails = [ \"SNV@Example.org\" ]; group = \"Sở, ban ngành\"; },%s", rest);
	}
	assert_int_equal(load_text(text, &cfg, &err, NULL), 0);
	assert_false(cfg->campaigns[0].all_agencies);
	assert_int_equal(cfg->campaigns[0].n_groups, 1);
	assert_true(config_campaign_expects(&cfg->campaigns[0], 0));  /* SNV, of the group */
	assert_false(config_campaign_expects(&cfg->campaigns[0], 1)); /* UBND_CT, of none */
	config_free(cfg);

	cfg = NULL;
	assert_int_equal(load_text(variant("agencies = [ \"SNV\" ]; } );",
	                                   "groups = [ \"Sở ban ngành\" ]; } );"), &cfg, &err, NULL),
	                 YK_ECONFIG);
	assert_non_null(strstr(err.msg, "t.conf:16: campaign \"118\": unknown group \"Sở ban ngành\""));
	assert_int_equal(load_text(variant("agencies = [ \"SNV\" ]; } );",
	                                   "agencies = \"all\"; groups = [ \"x\" ]; } );"), &cfg,
	                           &err, NULL),
	                 YK_ECONFIG);
	assert_non_null(strstr(err.msg, "say 'agencies' or 'groups', not both"));
}

static void
test_unknown_form_in_campaign(void **state)
{
	struct yk_config *cfg = NULL;
	struct yk_err err = { 0 };
	(void)state;

	assert_int_equal(load_text(variant("form = \"f\";", "form = \"g\";"), &cfg, &err, NULL),
	                 YK_ECONFIG);
	assert_non_null(strstr(err.msg, "t.conf:13: campaign \"118\": form \"g\" is not defined"));
}

static void
test_bad_date(void **state)
{
	struct yk_config *cfg = NULL;
	struct yk_err err = { 0 };
	(void)state;

	assert_int_equal(load_text(variant("2024-01-31T17:00:00+07:00", "2024-02-30T17:00:00+07:00"),
	                           &cfg, &err, NULL), YK_ECONFIG);
	assert_non_null(strstr(err.msg, "t.conf:15: 'campaigns[0].deadline' = \"2024-02-30T"));
	assert_non_null(strstr(err.msg, "or a date and time like"));
}

/* "trong tháng 01/2024": a deadline written as a date alone is the end of
 * that day in Viet Nam; a time of day stays possible. */
static void
test_deadline_as_a_date(void **state)
{
	struct yk_config *cfg = NULL;
	struct yk_err err = { 0 };
	(void)state;

	assert_int_equal(load_text(variant("2024-01-31T17:00:00+07:00", "2024-01-31"), &cfg, &err,
	                           NULL), 0);
	assert_int_equal(cfg->campaigns[0].deadline, 1706720399);
	assert_true(cfg->campaigns[0].deadline_is_day);
	config_free(cfg);
	cfg = NULL;
	assert_int_equal(load_text(good, &cfg, &err, NULL), 0);
	assert_false(cfg->campaigns[0].deadline_is_day);
	config_free(cfg);
	cfg = NULL;
	/* the day before 'sent' is refused as a time before it is */
	assert_int_equal(load_text(variant("2024-01-31T17:00:00+07:00", "2024-01-14"), &cfg, &err,
	                           NULL), YK_ECONFIG);
	assert_non_null(strstr(err.msg, "t.conf:15: campaign \"118\": the deadline must come after"));
	assert_int_equal(load_text(variant("2024-01-31T17:00:00+07:00", "31/01/2024"), &cfg, &err,
	                           NULL), YK_ECONFIG);
	assert_non_null(strstr(err.msg, "t.conf:15: 'campaigns[0].deadline' = \"31/01/2024\": "
	                                "expected a date \"2024-01-31\" (until the end of that day, "
	                                "Viet Nam time) or a date and time like"));
}

static void
test_duplicate_agency_code(void **state)
{
	struct yk_config *cfg = NULL;
	struct yk_err err = { 0 };
	(void)state;

	assert_int_equal(load_text(variant("code = \"UBND_CT\"", "code = \"SNV\""), &cfg, &err, NULL),
	                 YK_ECONFIG);
	assert_non_null(strstr(err.msg, "t.conf:6: duplicate agency code \"SNV\""));
}

static void
test_three_mistakes_all_reported(void **state)
{
	struct yk_config *cfg = NULL;
	struct yk_err err = { 0 };
	char text[8192];
	int n = 0;
	(void)state;

	snprintf(text, sizeof text, "%s", variant("form = \"f\";", "form = \"zz\";"));
	{
		/* and a bad address on line 5 and a bad date on line 14 */
		char *p = strstr(text, "SNV@Example.org");
		memcpy(p, "SNV-Example.org", 15);
		p = strstr(text, "2024-01-15T08:00:00+07:00");
		memcpy(p, "2024-13-15", 10);
	}
	assert_int_equal(load_text(text, &cfg, &err, &n), YK_ECONFIG);
	assert_int_equal(n, 3);
	assert_non_null(strstr(err.msg, "t.conf:5: \"snv-example.org\": expected an address"));
	assert_non_null(strstr(err.msg, "t.conf:13: campaign \"118\": form \"zz\""));
	assert_non_null(strstr(err.msg, "t.conf:14:"));
}

static void
test_plaintext_only_on_loopback(void **state)
{
	struct yk_config *cfg = NULL;
	struct yk_err err = { 0 };
	(void)state;

	assert_int_equal(load_text(variant("url = \"imaps://mail.example/INBOX\"; user = \"u\";",
	                                   "url = \"imap://mail.example/INBOX\"; user = \"u\"; "
	                                   "allow_plaintext = true;"), &cfg, &err, NULL), YK_ECONFIG);
	assert_non_null(strstr(err.msg, "t.conf:1: plain imap:// is allowed only to a loopback"));
	assert_int_equal(load_text(variant("url = \"imaps://mail.example/INBOX\"; user = \"u\";",
	                                   "url = \"imap://127.0.0.1:1143/INBOX\"; user = \"u\"; "
	                                   "allow_plaintext = true;"), &cfg, &err, NULL), 0);
	config_free(cfg);
	/* a name that only starts like a loopback address is not one */
	assert_int_equal(load_text(variant("url = \"imaps://mail.example/INBOX\"; user = \"u\";",
	                                   "url = \"imap://localhost.evil.example/INBOX\"; user = \"u\"; "
	                                   "allow_plaintext = true;"), &cfg, &err, NULL), YK_ECONFIG);
	assert_int_equal(load_text(variant("url = \"imaps://mail.example/INBOX\"; user = \"u\";",
	                                   "url = \"imap://127.0.0.1.evil.example/INBOX\"; user = \"u\"; "
	                                   "allow_plaintext = true;"), &cfg, &err, NULL), YK_ECONFIG);
}

static void
test_misspelt_setting_in_group(void **state)
{
	struct yk_config *cfg = NULL;
	struct yk_err err = { 0 };
	(void)state;

	assert_int_equal(load_text(variant("password_file = \"PASS\"; };",
	                                   "password_file = \"PASS\"; pol_interval = 5; };"),
	                           &cfg, &err, NULL), YK_ECONFIG);
	assert_non_null(strstr(err.msg, "t.conf:2: unknown setting 'pol_interval' in mailbox"));
}

static void
test_duplicate_section_id(void **state)
{
	struct yk_config *cfg = NULL;
	struct yk_err err = { 0 };
	(void)state;

	assert_int_equal(load_text(variant("{ id = \"proposal\";", "{ id = \"comments\";"), &cfg,
	                           &err, NULL), YK_ECONFIG);
	assert_non_null(strstr(err.msg, "t.conf:10: duplicate section id \"comments\""));
}

static void
test_many_errors_are_all_counted(void **state)
{
	struct yk_config *cfg = NULL;
	struct yk_err err = { 0 };
	char text[65536];
	size_t off;
	int n = 0;
	(void)state;

	/* 300 agencies with a bad address each: more than fit in one message */
	off = (size_t)snprintf(text, sizeof text, "%s", variant("agencies = (\n", "agencies = (\n"));
	{
		char *p = strstr(text, "agencies = (\n") + strlen("agencies = (\n");
		char tail[8192];
		snprintf(tail, sizeof tail, "%s", p);
		off = (size_t)(p - text);
		for (int i = 0; i < 300; i++)
			off += (size_t)snprintf(text + off, sizeof text - off,
			                        "{ code = \"A%d\"; name = \"x\"; emails = [ \"bad\" ]; },\n", i);
		snprintf(text + off, sizeof text - off, "%s", tail);
	}
	assert_int_equal(load_text(text, &cfg, &err, &n), YK_ECONFIG);
	assert_int_equal(n, 300);
	assert_non_null(strstr(err.msg, "more errors"));
}

/* good config with mailbox.folder_prefix (on line 2) set to PREFIX */
static int
load_prefix(const char *prefix, struct yk_config **cfg, struct yk_err *err)
{
	char line[1024];

	snprintf(line, sizeof line, "password_file = \"PASS\"; folder_prefix = \"%s\"; };", prefix);
	return load_text(variant("password_file = \"PASS\"; };", line), cfg, err, NULL);
}

/* "P" repeated N times */
static const char *
repeat(size_t n)
{
	static char s[512];

	assert_true(n < sizeof s);
	memset(s, 'P', n);
	s[n] = '\0';
	return s;
}

/*
 * The longest folder a move makes is folder_prefix, the separator and the
 * longest leaf: here "_unassigned" (11 bytes; the codes are shorter).  One
 * byte over CONFIG_FOLDER_MAX is an error on folder_prefix's line, where
 * intake would otherwise cut the name silently.
 */
static void
test_folder_prefix_length(void **state)
{
	struct yk_config *cfg = NULL;
	struct yk_err err = { 0 };
	size_t fits = CONFIG_FOLDER_MAX - 1 - strlen("_unassigned");
	(void)state;

	assert_int_equal(load_prefix(repeat(fits), &cfg, &err), 0);
	assert_string_equal(cfg->mailbox.folder_prefix, repeat(fits));
	config_free(cfg);
	cfg = NULL;

	assert_int_equal(load_prefix(repeat(fits + 1), &cfg, &err), YK_ECONFIG);
	assert_null(cfg);
	assert_non_null(strstr(err.msg, "t.conf:2: mailbox.folder_prefix"));
	assert_non_null(strstr(err.msg, "_unassigned"));
	assert_non_null(strstr(err.msg, "at most"));

	/* bytes, not characters: "Ý" is two bytes of UTF-8 */
	{
		char s[512];
		size_t n = 0;
		while (n + 2 <= fits + 1)
			n += (size_t)snprintf(s + n, sizeof s - n, "Ý");
		if (n < fits + 1)
			s[n++] = 'P';
		s[n] = '\0';
		assert_int_equal(load_prefix(s, &cfg, &err), YK_ECONFIG);
		assert_non_null(strstr(err.msg, "t.conf:2: mailbox.folder_prefix"));
	}
}

/* A long agency code makes the longest folder: the error names it. */
static void
test_folder_prefix_with_long_code(void **state)
{
	struct yk_config *cfg = NULL;
	struct yk_err err = { 0 };
	char code[65], text[8192], line[1024];
	(void)state;

	memset(code, 'C', 64);
	code[64] = '\0';
	snprintf(text, sizeof text, "%s", variant("code = \"UBND_CT\"", "code = \"CODE64\""));
	{
		char *p = strstr(text, "CODE64");
		char tail[8192];
		snprintf(tail, sizeof tail, "%s", p + 6);
		snprintf(p, sizeof text - (size_t)(p - text), "%s%s", code, tail);
	}
	/* "_unassigned" fits, the 64-byte code does not */
	snprintf(line, sizeof line, "password_file = \"PASS\"; folder_prefix = \"%s\"; };",
	         repeat(CONFIG_FOLDER_MAX - 1 - 64 + 1));
	{
		char *p = strstr(text, "password_file = \"PASS\"; };");
		char tail[8192];
		snprintf(tail, sizeof tail, "%s", p + strlen("password_file = \"PASS\"; };"));
		snprintf(p, sizeof text - (size_t)(p - text), "%s%s", line, tail);
	}
	assert_int_equal(load_text(text, &cfg, &err, NULL), YK_ECONFIG);
	assert_non_null(strstr(err.msg, "t.conf:2: mailbox.folder_prefix"));
	assert_non_null(strstr(err.msg, code));
}

static void
test_folder_prefix_empty_or_control(void **state)
{
	struct yk_config *cfg = NULL;
	struct yk_err err = { 0 };
	(void)state;

	assert_int_equal(load_prefix("", &cfg, &err), YK_ECONFIG);
	assert_non_null(strstr(err.msg, "t.conf:2: mailbox.folder_prefix"));
	assert_int_equal(load_prefix("YKien\\tX", &cfg, &err), YK_ECONFIG);
	assert_non_null(strstr(err.msg, "t.conf:2: mailbox.folder_prefix"));
	/* a hierarchy of folders is allowed, and so is Vietnamese */
	assert_int_equal(load_prefix("Ý kiến/2024", &cfg, &err), 0);
	config_free(cfg);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good_config_loads),
		cmocka_unit_test(test_missing_file),
		cmocka_unit_test(test_syntax_error_has_line),
		cmocka_unit_test(test_missing_required_setting),
		cmocka_unit_test(test_wrong_type),
		cmocka_unit_test(test_unknown_agency_in_campaign),
		cmocka_unit_test(test_campaign_groups),
		cmocka_unit_test(test_unknown_form_in_campaign),
		cmocka_unit_test(test_bad_date),
		cmocka_unit_test(test_deadline_as_a_date),
		cmocka_unit_test(test_duplicate_agency_code),
		cmocka_unit_test(test_three_mistakes_all_reported),
		cmocka_unit_test(test_plaintext_only_on_loopback),
		cmocka_unit_test(test_misspelt_setting_in_group),
		cmocka_unit_test(test_duplicate_section_id),
		cmocka_unit_test(test_max_connections),
		cmocka_unit_test(test_many_errors_are_all_counted),
		cmocka_unit_test(test_folder_prefix_length),
		cmocka_unit_test(test_folder_prefix_with_long_code),
		cmocka_unit_test(test_folder_prefix_empty_or_control),
	};
	return cmocka_run_group_tests(tests, fx_tmpdir_setup, fx_tmpdir_teardown);
}
