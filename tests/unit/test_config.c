/* Unit tests for lib/config: every error names FILE:LINE and what was
 * expected, and all of them are reported, not only the first. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <errno.h>
#include <string.h>
#include <sys/stat.h>

#include "config.h"
#include "isotime.h"
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
	assert_true(cfg->mailbox.idle); /* IMAP IDLE unless turned off */
	config_free(cfg);
}

/* idle: a boolean, off when asked; anything else said with file and line */
static void
test_idle(void **state)
{
	struct yk_config *cfg = NULL;
	struct yk_err err = { 0 };
	(void)state;

	assert_int_equal(load_text(variant("password_file = \"PASS\"; };",
	                                   "password_file = \"PASS\"; idle = false; };"),
	                           &cfg, &err, NULL), 0);
	assert_false(cfg->mailbox.idle);
	config_free(cfg);
	cfg = NULL;
	assert_int_equal(load_text(variant("password_file = \"PASS\"; };",
	                                   "password_file = \"PASS\"; idle = \"yes\"; };"),
	                           &cfg, &err, NULL), YK_ECONFIG);
	assert_null(cfg);
	assert_non_null(strstr(err.msg, "t.conf:2: 'mailbox.idle' must be true or false"));
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

/* the keys of ykien dispatch: read, and a reply_address without one %s
 * before its single '@' refused at its line */
static void
test_dispatch_keys(void **state)
{
	static const char *const bad[] = { "tonghop@soctrang.example", "tonghop+%s+%s@h.example",
		"%s@h@h.example", "tonghop@h.example+%s", "tong hop+%s@h.example",
		"tonghop+%d@h.example" };
	struct yk_config *cfg = NULL;
	struct yk_err err = { 0 };
	char line[256];
	(void)state;

	assert_int_equal(load_text(variant("  agencies = [ \"SNV\" ]; } );",
	                                   "  agencies = [ \"SNV\" ]; letter = \"/l/118.pdf\"; "
	                                   "letter_name = \"Công văn.pdf\"; subject = \"S\"; "
	                                   "reply_address = \"tonghop+%s@h.example\"; } );"),
	                           &cfg, &err, NULL), 0);
	assert_string_equal(cfg->campaigns[0].letter_path, "/l/118.pdf");
	assert_string_equal(cfg->campaigns[0].letter_name, "Công văn.pdf");
	assert_string_equal(cfg->campaigns[0].subject, "S");
	assert_string_equal(cfg->campaigns[0].reply_address, "tonghop+%s@h.example");
	config_free(cfg);
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		cfg = NULL;
		snprintf(line, sizeof line, "  agencies = [ \"SNV\" ]; reply_address = \"%s\"; } );",
		         bad[i]);
		assert_int_equal(load_text(variant("  agencies = [ \"SNV\" ]; } );", line), &cfg,
		                           &err, NULL), YK_ECONFIG);
		assert_null(cfg);
		assert_non_null(strstr(err.msg, "t.conf:16: reply_address"));
	}
}

static void
test_office_clerks_about(void **state)
{
	static const char office[] =
		"office = { parent_body = \"UBND tỉnh Sóc Trăng\"; issuing_body = \"Sở Nội vụ\";\n"
		"  abbreviation = \"SNV\"; place = \"Sóc Trăng\"; province = \"tỉnh Sóc Trăng\";\n"
		"  report_to = [ \"Chủ tịch UBND tỉnh\" ]; signer_authority = \"KT. GIÁM ĐỐC\";\n"
		"  signer_title = \"PHÓ GIÁM ĐỐC\"; signer_name = \"Nguyễn Văn A\";\n"
		"  recipients = [ \"Như trên\", \"Lưu: VT, CCHC\" ]; contact = \"ĐT 0299\"; };\n"
		"clerks = ( { user = \"lan\"; name = \"Nguyễn Thị Lan\"; } );\n";
	struct yk_config *cfg = NULL;
	struct yk_err err = { 0 };
	char text[8192];
	(void)state;

	/* absent: all NULL, and the lookup finds no one */
	assert_int_equal(load_text(good, &cfg, &err, NULL), 0);
	assert_null(cfg->office.issuing_body);
	assert_int_equal(cfg->office.n_recipients, 0);
	assert_null(config_clerk_name(cfg, "lan"));
	assert_null(cfg->campaigns[0].about);
	config_free(cfg);

	snprintf(text, sizeof text, "%s%s", variant("  agencies = [ \"SNV\" ]; } );",
	         "  agencies = [ \"SNV\" ]; about = \"nâng cao hiệu quả\"; } );"), office);
	assert_int_equal(load_text(text, &cfg, &err, NULL), 0);
	assert_string_equal(cfg->campaigns[0].about, "nâng cao hiệu quả");
	assert_string_equal(cfg->office.parent_body, "UBND tỉnh Sóc Trăng");
	assert_string_equal(cfg->office.issuing_body, "Sở Nội vụ");
	assert_string_equal(cfg->office.abbreviation, "SNV");
	assert_string_equal(cfg->office.place, "Sóc Trăng");
	assert_string_equal(cfg->office.province, "tỉnh Sóc Trăng");
	assert_int_equal(cfg->office.n_report_to, 1);
	assert_string_equal(cfg->office.signer_authority, "KT. GIÁM ĐỐC");
	assert_string_equal(cfg->office.signer_name, "Nguyễn Văn A");
	assert_int_equal(cfg->office.n_recipients, 2);
	assert_string_equal(cfg->office.recipients[1], "Lưu: VT, CCHC");
	assert_string_equal(config_clerk_name(cfg, "lan"), "Nguyễn Thị Lan");
	assert_null(config_clerk_name(cfg, "root"));
	config_free(cfg);

	/* each mistake named with its line */
	snprintf(text, sizeof text, "%soffice = { abbreviation = \"BC/SNV\"; signer = \"x\"; };\n"
	         "clerks = ( { user = \"lan\"; name = \"A\"; },\n { user = \"lan\"; name = \"B\"; } );\n",
	         good);
	assert_int_equal(load_text(text, &cfg, &err, NULL), YK_ECONFIG);
	assert_non_null(strstr(err.msg, "t.conf:17: office.abbreviation"));
	assert_non_null(strstr(err.msg, "t.conf:17:"));
	assert_non_null(strstr(err.msg, "signer"));
	assert_non_null(strstr(err.msg, "t.conf:19: clerks: user \"lan\" is listed twice"));
	snprintf(text, sizeof text, "%s%s", variant("  agencies = [ \"SNV\" ]; } );",
	         "  agencies = [ \"SNV\" ];\n about = \"V/v\\nx\"; } );"), "");
	assert_int_equal(load_text(text, &cfg, &err, NULL), YK_ECONFIG);
	assert_non_null(strstr(err.msg, "t.conf:17: about"));
}

static void
test_web_group(void **state)
{
	struct yk_config *cfg = NULL;
	struct yk_err err = { 0 };
	struct sockaddr_in6 sa;
	unsigned len;
	char text[8192];
	int n = 0;
	(void)state;

	/* absent: the defaults */
	assert_int_equal(load_text(good, &cfg, &err, NULL), 0);
	assert_string_equal(cfg->web.listen, "127.0.0.1:8480");
	assert_string_equal(cfg->web.users_file, "/etc/ykien/web-users");
	assert_null(cfg->web.tls_cert);
	assert_true(cfg->web.session_idle_minutes == 30);
	config_free(cfg);

	snprintf(text, sizeof text, "%sweb = { listen = \"[::1]:9000\"; users_file = \"/srv/u\";\n"
	         "  tls_cert = \"/c.pem\"; tls_key = \"/k.pem\"; session_idle_minutes = 0.05; };\n",
	         good);
	assert_int_equal(load_text(text, &cfg, &err, NULL), 0);
	assert_string_equal(cfg->web.listen, "[::1]:9000");
	assert_string_equal(cfg->web.tls_key, "/k.pem");
	assert_true(cfg->web.session_idle_minutes > 0.049 && cfg->web.session_idle_minutes < 0.051);
	config_free(cfg);

	/* every mistake, with its line */
	snprintf(text, sizeof text, "%sweb = { listen = \"localhost:80\";\n"
	         "  users_file = \"web-users\";\n  tls_key = \"/k.pem\";\n"
	         "  session_idle_minutes = 0; port = 1; };\n", good);
	assert_int_equal(load_text(text, &cfg, &err, &n), YK_ECONFIG);
	assert_int_equal(n, 5);
	assert_non_null(strstr(err.msg, "t.conf:17: web.listen: expected a numeric address"));
	assert_non_null(strstr(err.msg, "t.conf:18: web.users_file: expected an absolute path"));
	assert_non_null(strstr(err.msg, "t.conf:19: web: tls_cert and tls_key go together"));
	assert_non_null(strstr(err.msg, "t.conf:20: web.session_idle_minutes"));
	assert_non_null(strstr(err.msg, "port"));

	/* the listen parser itself */
	assert_int_equal(config_web_listen("127.0.0.1:8480", (struct sockaddr *)&sa, &len), 0);
	assert_int_equal(((struct sockaddr_in *)&sa)->sin_family, AF_INET);
	assert_int_equal(ntohs(((struct sockaddr_in *)&sa)->sin_port), 8480);
	assert_int_equal(config_web_listen("[::1]:443", (struct sockaddr *)&sa, &len), 0);
	assert_int_equal(sa.sin6_family, AF_INET6);
	assert_int_equal(len, sizeof sa);
	assert_int_equal(config_web_listen("0.0.0.0:65535", (struct sockaddr *)&sa, &len), 0);
	assert_int_equal(config_web_listen("127.0.0.1:0", (struct sockaddr *)&sa, &len), -1);
	assert_int_equal(config_web_listen("127.0.0.1:65536", (struct sockaddr *)&sa, &len), -1);
	assert_int_equal(config_web_listen("127.0.0.1:80x", (struct sockaddr *)&sa, &len), -1);
	assert_int_equal(config_web_listen("127.0.0.1:-1", (struct sockaddr *)&sa, &len), -1);
	assert_int_equal(config_web_listen("127.0.0.1", (struct sockaddr *)&sa, &len), -1);
	assert_int_equal(config_web_listen("::1:80", (struct sockaddr *)&sa, &len), -1);
	assert_int_equal(config_web_listen("[::1]80", (struct sockaddr *)&sa, &len), -1);
	assert_int_equal(config_web_listen(":80", (struct sockaddr *)&sa, &len), -1);
	assert_int_equal(config_web_listen(NULL, (struct sockaddr *)&sa, &len), -1);
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

/* @include as administrators write it: an absolute name, a name relative
 * to the including file's folder (also in a nested file), and every
 * message naming the file and line it is about. */
static void
test_includes(void **state)
{
	struct yk_config *cfg = NULL;
	struct yk_err err = { 0 };
	char sub[300], abs_agencies[300], text[8192], inc[400];
	(void)state;

	snprintf(sub, sizeof sub, "%s/conf.d", fx_dir);
	assert_true(mkdir(sub, 0700) == 0 || errno == EEXIST);
	/* conf.d/agencies.conf includes conf.d/more.conf, relative to
	 * conf.d (libconfig 1.5 would look in the top file's folder) */
	fx_write_file("conf.d/agencies.conf",
	              "# the province's agencies\n"
	              "agencies = (\n"
	              "  { code = \"SNV\"; name = \"Sở Nội vụ\"; emails = [ \"snv@example.org\" ]; },\n"
	              "  @include \"more.conf\"\n"
	              ");\n");
	fx_write_file("conf.d/more.conf",
	              "  { code = \"UBND_CT\"; name = \"UBND huyện\"; emails = [ \"@ct.example.org\" ]; }\n");
	snprintf(abs_agencies, sizeof abs_agencies, "%s/conf.d/agencies.conf", fx_dir);
	/* an absolute name (the bug: libconfig put the folder in front) */
	snprintf(inc, sizeof inc, "@include \"%s\"  # agencies from the sheet", abs_agencies);
	snprintf(text, sizeof text, "%s", variant(
	    "agencies = (\n"
	    "  { code = \"SNV\"; name = \"Sở Nội vụ\"; emails = [ \"SNV@Example.org\" ]; },\n"
	    "  { code = \"UBND_CT\"; name = \"UBND huyện\"; emails = [ \"@ct.example.org\" ]; }\n"
	    ");\n", "@@\n"));
	{
		char *at = strstr(text, "@@");
		char rest[8192];
		snprintf(rest, sizeof rest, "%s", at + 2);
		snprintf(at, sizeof text - (size_t)(at - text), "%s%s", inc, rest);
	}
	assert_int_equal(load_text(text, &cfg, &err, NULL), 0);
	assert_int_equal(cfg->n_agencies, 2);
	assert_string_equal(cfg->agencies[1].code, "UBND_CT");
	config_free(cfg);
	cfg = NULL;
	/* the same by a relative name: relative to t.conf's folder */
	{
		char *at = strstr(text, abs_agencies);
		memmove(at, "conf.d/agencies.conf", 20);
		memmove(at + 20, at + strlen(abs_agencies), strlen(at + strlen(abs_agencies)) + 1);
	}
	assert_int_equal(load_text(text, &cfg, &err, NULL), 0);
	assert_int_equal(cfg->n_agencies, 2);
	/* an error in the nested file names it and its own line, and one
	 * in the top file after the include keeps its line (12: the
	 * campaign's deadline, 4 lines of agencies became 1) */
	fx_write_file("conf.d/more.conf",
	              "\n  { code = \"UBND_CT\"; name = \"UBND huyện\"; emails = [ \"@ct\" ]; }\n");
	config_free(cfg);
	cfg = NULL;
	{
		char bad[8192];
		char *d = strstr(text, "2024-01-31T17:00:00+07:00");
		snprintf(bad, sizeof bad, "%.*s31/02/2024%s", (int)(d - text), text, d + 25);
		assert_int_equal(load_text(bad, &cfg, &err, NULL), YK_ECONFIG);
	}
	snprintf(inc, sizeof inc, "%s/conf.d/more.conf:2: ", fx_dir);
	assert_non_null(strstr(err.msg, inc));
	assert_non_null(strstr(err.msg, "t.conf:12: 'campaigns[0].deadline' = \"31/02/2024\""));
	/* a syntax error in an included file: that file and line */
	fx_write_file("conf.d/more.conf", "\n\n  { code = \"UBND_CT\"; name = ; }\n");
	assert_int_equal(load_text(text, &cfg, &err, NULL), YK_ECONFIG);
	snprintf(inc, sizeof inc, "%s/conf.d/more.conf:3: syntax error", fx_dir);
	assert_non_null(strstr(err.msg, inc));
	/* a missing include: where the @include is, its name and why */
	fx_write_file("conf.d/more.conf", "@include \"../nope.conf\"\n");
	assert_int_equal(load_text(text, &cfg, &err, NULL), YK_ECONFIG);
	snprintf(inc, sizeof inc, "%s/conf.d/agencies.conf:4: cannot open include file more.conf: ",
	         fx_dir);
	assert_null(strstr(err.msg, inc));
	snprintf(inc, sizeof inc, "%s/conf.d/more.conf:1: cannot open include file ../nope.conf: "
	         "No such file or directory", fx_dir);
	assert_non_null(strstr(err.msg, inc));
	/* a file that includes itself stops, named */
	fx_write_file("conf.d/more.conf", "@include \"more.conf\"\n");
	assert_int_equal(load_text(text, &cfg, &err, NULL), YK_ECONFIG);
	assert_non_null(strstr(err.msg, "more.conf:1: cannot include \"more.conf\": includes nested"));
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
	assert_non_null(strstr(err.msg, "a date and time \"31/01/2024 17:00\" (Viet Nam time)"));
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
	/* as a Vietnamese office writes it: the same end of the day */
	assert_int_equal(load_text(variant("2024-01-31T17:00:00+07:00", "31/01/2024"), &cfg, &err,
	                           NULL), 0);
	assert_int_equal(cfg->campaigns[0].deadline, 1706720399);
	assert_true(cfg->campaigns[0].deadline_is_day);
	config_free(cfg);
	cfg = NULL;
	assert_int_equal(load_text(variant("2024-01-31T17:00:00+07:00", "31/01/2024 17:00"), &cfg,
	                           &err, NULL), 0);
	assert_int_equal(cfg->campaigns[0].deadline, 1706720399 - 7 * 3600 + 1);
	assert_false(cfg->campaigns[0].deadline_is_day);
	config_free(cfg);
	cfg = NULL;
	assert_int_equal(load_text(variant("2024-01-31T17:00:00+07:00", "31/13/2024"), &cfg, &err,
	                           NULL), YK_ECONFIG);
	assert_non_null(strstr(err.msg, "t.conf:15: 'campaigns[0].deadline' = \"31/13/2024\": "
	                                "expected a date \"31/01/2024\" or \"2024-01-31\" (until "
	                                "the end of that day, Viet Nam time), a date and time"));
}

/* The top-level 'calendar' and a deadline counted in working days: one on
 * a day off moves to the same time of the next working day, the written
 * one kept beside it. */
static void
test_calendar_and_deadline_next_working_day(void **state)
{
	struct yk_config *cfg = NULL;
	struct yk_err err = { 0 };
	char text[8192];
	(void)state;

	/* deadline on mùng 2 Tết Ất Tỵ (Thu 30/1/2025): moved to Mon 3/2 */
	snprintf(text, sizeof text, "%s", variant("deadline = \"2024-01-31T17:00:00+07:00\";",
	         "deadline = \"30/01/2025\"; deadline_next_working_day = true;"));
	assert_int_equal(load_text(text, &cfg, &err, NULL), 0);
	assert_int_equal(cfg->campaigns[0].deadline_written,
	                 isotime_days_from_civil(2025, 1, 30) * 86400 + 86399 - 7 * 3600);
	assert_int_equal(cfg->campaigns[0].deadline,
	                 isotime_days_from_civil(2025, 2, 3) * 86400 + 86399 - 7 * 3600);
	assert_ptr_equal(cfg->campaigns[0].reminders.calendar, &cfg->calendar);
	config_free(cfg);
	cfg = NULL;
	/* without the key the letter's deadline stands */
	snprintf(text, sizeof text, "%s", variant("deadline = \"2024-01-31T17:00:00+07:00\";",
	         "deadline = \"30/01/2025 17:00\";"));
	assert_int_equal(load_text(text, &cfg, &err, NULL), 0);
	assert_int_equal(cfg->campaigns[0].deadline,
	                 isotime_days_from_civil(2025, 1, 30) * 86400 + 10 * 3600);
	assert_int_equal(cfg->campaigns[0].deadline, cfg->campaigns[0].deadline_written);
	config_free(cfg);
	cfg = NULL;
	/* a later year's days from the configuration: Fri 5/2/2027 and a
	 * make-up Saturday 6/3/2027; a deadline on Fri 12/2 (configured
	 * off) moves past the weekend to Monday 15/2, the same time */
	snprintf(text, sizeof text, "calendar = { days_off = [ \"2027-02-12\" ]; "
	         "working_days = [ \"06/03/2027\" ]; };\n%s",
	         variant("deadline = \"2024-01-31T17:00:00+07:00\";",
	                 "deadline = \"12/02/2027 17:00\"; deadline_next_working_day = true;"));
	assert_int_equal(load_text(text, &cfg, &err, NULL), 0);
	assert_int_equal(cfg->calendar.n_days_off, 1);
	assert_int_equal(cfg->calendar.days_off[0], isotime_days_from_civil(2027, 2, 12));
	assert_int_equal(cfg->calendar.n_working_days, 1);
	assert_int_equal(cfg->calendar.working_days[0], isotime_days_from_civil(2027, 3, 6));
	assert_int_equal(cfg->campaigns[0].deadline,
	                 isotime_days_from_civil(2027, 2, 15) * 86400 + 10 * 3600);
	config_free(cfg);
	cfg = NULL;
	/* a bad day is named with its line */
	snprintf(text, sizeof text, "%s\ncalendar = { days_off = [ \"2027-02-30\" ]; "
	         "holidays = [ ]; };\n", good);
	assert_int_equal(load_text(text, &cfg, &err, NULL), YK_ECONFIG);
	assert_non_null(strstr(err.msg, "t.conf:18: calendar.days_off: \"2027-02-30\": expected a "
	                                "date \"31/01/2024\" or \"2024-01-31\""));
	assert_non_null(strstr(err.msg, "holidays"));
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
		cmocka_unit_test(test_dispatch_keys),
		cmocka_unit_test(test_office_clerks_about),
		cmocka_unit_test(test_web_group),
		cmocka_unit_test(test_missing_file),
		cmocka_unit_test(test_syntax_error_has_line),
		cmocka_unit_test(test_includes),
		cmocka_unit_test(test_missing_required_setting),
		cmocka_unit_test(test_wrong_type),
		cmocka_unit_test(test_unknown_agency_in_campaign),
		cmocka_unit_test(test_campaign_groups),
		cmocka_unit_test(test_unknown_form_in_campaign),
		cmocka_unit_test(test_bad_date),
		cmocka_unit_test(test_deadline_as_a_date),
		cmocka_unit_test(test_calendar_and_deadline_next_working_day),
		cmocka_unit_test(test_duplicate_agency_code),
		cmocka_unit_test(test_three_mistakes_all_reported),
		cmocka_unit_test(test_plaintext_only_on_loopback),
		cmocka_unit_test(test_misspelt_setting_in_group),
		cmocka_unit_test(test_duplicate_section_id),
		cmocka_unit_test(test_max_connections),
		cmocka_unit_test(test_idle),
		cmocka_unit_test(test_many_errors_are_all_counted),
		cmocka_unit_test(test_folder_prefix_length),
		cmocka_unit_test(test_folder_prefix_with_long_code),
		cmocka_unit_test(test_folder_prefix_empty_or_control),
	};
	return cmocka_run_group_tests(tests, fx_tmpdir_setup, fx_tmpdir_teardown);
}
