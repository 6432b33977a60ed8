/* Unit tests for the pages of the web desk (lib/webpage.h): a small
 * configuration (tests/unit/fixture_config.h) and a store in a temporary
 * directory with two replies filed, one of them hostile (subject, sender,
 * body, attachment name and reasons full of markup and script).  What
 * comes out is checked as the browser would meet it: nothing of the
 * message is markup, the status table has one row per agency, a viewer
 * gets no forms, every form has its csrf field, unknown things are 404. */
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

#include "fixture_config.h"
#include "store.h"
#include "web.h"
#include "webpage.h"

#define CAMPAIGN "118-UBND-TH"
#define SHA_GOOD "aaaa1111aaaa1111aaaa1111aaaa1111aaaa1111aaaa1111aaaa1111aaaa1111"
#define SHA_OUT  "cccc3333cccc3333cccc3333cccc3333cccc3333cccc3333cccc3333cccc3333"
#define SHA_LINK "dddd4444dddd4444dddd4444dddd4444dddd4444dddd4444dddd4444dddd4444"
#define SHA_EVIL "bbbb2222bbbb2222bbbb2222bbbb2222bbbb2222bbbb2222bbbb2222bbbb2222"

static char dir[] = "/tmp/yk-webpage-XXXXXX";
static char archive[300];
static struct store *st;
static struct yk_config cfg;   /* fx_config with the archive root */

static const char good_eml[] =
	"From: Sở Lao động <lao.dong@so.tinh.example>\r\n"
	"To: tonghop@so.tinh.example\r\n"
	"Subject: Phieu y kien\r\n"
	"Date: Sat, 20 Jan 2024 08:00:00 +0700\r\n"
	"Message-ID: <good@so.tinh.example>\r\n"
	"MIME-Version: 1.0\r\n"
	"Content-Type: text/plain; charset=utf-8\r\n"
	"\r\n"
	"Đề nghị tiếp tục tổ chức Hội thi.\r\n";

static const char evil_eml[] =
	"From: \"<img src=x onerror=alert(3)>\" <evil@x.example>\r\n"
	"To: tonghop@so.tinh.example\r\n"
	"Subject: <script>alert(1)</script>\"onerror=alert(2)\r\n"
	"Date: Sat, 20 Jan 2024 09:00:00 +0700\r\n"
	"Message-ID: <evil@x.example>\r\n"
	"MIME-Version: 1.0\r\n"
	"Content-Type: multipart/mixed; boundary=\"XX\"\r\n"
	"\r\n"
	"--XX\r\n"
	"Content-Type: text/plain; charset=utf-8\r\n"
	"\r\n"
	"<a href=\"javascript:alert(4)\">click</a><script>alert(5)</script>\r\n"
	"\"onerror=alert(7) <iframe src=\"javascript:alert(8)\"></iframe>\r\n"
	"--XX\r\n"
	"Content-Type: application/pdf\r\n"
	"Content-Disposition: attachment; filename=\"\\\"><script>alert(6)</script>.pdf\"\r\n"
	"Content-Transfer-Encoding: base64\r\n"
	"\r\n"
	"JVBERi0xLjQKJcfsj6IK\r\n"
	"--XX\r\n"
	"Content-Type: image/png\r\n"
	"Content-Disposition: inline; filename=\"logo.png\"\r\n"
	"Content-Transfer-Encoding: base64\r\n"
	"\r\n"
	"iVBORw0KGgoAAAANSUhEUgAAAAE=\r\n"
	"--XX--\r\n";

static void
write_file(const char *rel, const char *data)
{
	char path[400];
	FILE *f;

	snprintf(path, sizeof path, "%s/%s", archive, rel);
	assert_non_null(f = fopen(path, "w"));
	assert_int_equal(fwrite(data, 1, strlen(data), f), strlen(data));
	assert_int_equal(fclose(f), 0);
}

static void
file(const char *sha, const char *rel, const char *from, const char *subject,
     const char *agency, bool review, const char *parsed, const char *answers, uint32_t uid)
{
	struct yk_err err = { 0 };
	struct store_msg m = {
		.sha256 = sha, .origin = "imap", .mailbox = "imap://x/INBOX", .uidvalidity = 1,
		.uid = uid, .size = 100, .filed_at = "2024-01-20T02:00:00Z", .archive_path = rel,
		.message_id = sha, .from = from, .subject = subject,
		.date = "Sat, 20 Jan 2024 08:00:00 +0700", .received_at = "2024-01-20T01:00:00Z",
		.kind = "form_reply", .campaign = CAMPAIGN, .agency = agency,
		.agency_by = agency ? "address" : NULL, .needs_review = review,
		.parsed_json = parsed, .answers_json = answers, .choice = "continue_contest",
	};

	assert_int_equal(store_begin(st, &err), 0);
	assert_int_equal(store_file_message(st, &m, NULL, NULL, &err), 0);
	assert_int_equal(store_commit(st, &err), 0);
}

static int
setup(void **state)
{
	char path[400];
	struct yk_err err = { 0 };
	(void)state;

	if (!mkdtemp(dir))
		return -1;
	snprintf(archive, sizeof archive, "%s/archive", dir);
	cfg = fx_config;
	cfg.storage.archive = archive;
	snprintf(path, sizeof path, "%s/r", archive);
	if (mkdir(archive, 0700) || mkdir(path, 0700))
		return -1;
	snprintf(path, sizeof path, "%s/db", dir);
	if (store_open(path, &st, &err))
		return -1;
	write_file("r/good.eml", good_eml);
	write_file("r/evil.eml", evil_eml);
	file(SHA_GOOD, "r/good.eml", "lao.dong@so.tinh.example", "Phieu y kien", "SLD", false,
	     "\"kind\":\"form_reply\"",
	     "{\"comments\":\"Tốt\",\"proposal\":{\"choices\":[\"continue_contest\"]}}", 1);
	file(SHA_EVIL, "r/evil.eml", "\"<img src=x onerror=alert(3)>\" <evil@x.example>",
	     "<script>alert(1)</script>\"onerror=alert(2)", NULL, true,
	     "\"kind\":\"form_reply\",\"review_reasons\":[\"agency not identified\","
	     "\"<b onmouseover=alert(9)>x</b>\"]",
	     "{\"comments\":\"<script>alert(10)</script>\"}", 2);
	{
		/* a path that leaves the archive (a damaged or forged row): the
		 * file beside the archive must not be read */
		char out[400], link[400];
		FILE *f;
		snprintf(out, sizeof out, "%s/outside.eml", dir);
		if (!(f = fopen(out, "w")))
			return -1;
		fputs("Subject: x\r\n\r\nSECRET OUTSIDE\r\n", f);
		fclose(f);
		file(SHA_OUT, "../outside.eml", "x@y.example", "outside", "CX", false,
		     "\"kind\":\"form_reply\"", "{}", 3);
		/* the same through a symbolic link inside the archive */
		snprintf(link, sizeof link, "%s/r/link.eml", archive);
		if (symlink(out, link))
			return -1;
		file(SHA_LINK, "r/link.eml", "x@y.example", "link", "TXHK", false,
		     "\"kind\":\"other\"", NULL, 4);
	}
	{
		/* HA was reminded once; an address of STP bounces */
		const char *rcpt[] = { "ubnd@huyena.tinh.example" };
		struct store_reminder r = {
			.campaign = CAMPAIGN, .agency = "HA", .slot = "before-3",
			.message_id = "rem1@so.tinh.example", .due_at = 1705700000, .state = "sent",
			.created_at = "2024-01-19T21:33:20Z", .sent_at = "2024-01-19T21:33:21Z",
		};
		int64_t id;
		if (store_reminder_insert(st, &r, rcpt, 1, &id, &err) ||
		    store_reminder_update(st, id, "sent", 1, 0, "2024-01-19T21:33:21Z", NULL, &err) ||
		    store_bouncing_add(st, "stp@so.tinh.example", "2024-01-19T22:00:00Z", NULL, &err))
			return -1;
	}
	return 0;
}

static int
teardown(void **state)
{
	char cmd[400];
	(void)state;

	store_close(st);
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

static struct web_req
req(enum web_lang lang, bool can_write)
{
	struct web_req rq = {
		.cfg = &cfg, .st = st, .archive = archive, .lang = lang, .user = "lan",
		.can_write = can_write, .csrf = "c0ffee00c0ffee00", .flash = NULL,
		.now = 1705800000,
	};
	return rq;
}

/* With YK_WEBPAGE_DUMP=DIR, each page is kept there to look at. */
static void
dump(const char *path, const struct web_resp *rs)
{
	const char *d = getenv("YK_WEBPAGE_DUMP");
	char name[600];
	size_t n;
	FILE *f;

	if (!d || !rs->body.data)
		return;
	n = (size_t)snprintf(name, sizeof name, "%s/", d);
	for (const char *p = path; *p && n + 1 < sizeof name; p++)
		name[n++] = *p == '/' ? '_' : *p;
	name[n] = '\0';
	if ((f = fopen(name, "w"))) {
		fwrite(rs->body.data, 1, rs->body.len, f);
		fclose(f);
	}
}

/* GET PATH as a clerk (or a viewer) in LANG into RS; returns the status. */
static int
get(struct web_resp *rs, const char *path, enum web_lang lang, bool can_write)
{
	struct web_req rq = req(lang, can_write);
	struct yk_err err = { 0 };

	web_resp_init(rs);
	assert_int_equal(webpage_get(&rq, path, rs, &err), 0);
	dump(path, rs);
	return rs->status;
}

static size_t
count(const char *hay, const char *needle)
{
	size_t n = 0;

	for (const char *p = hay; (p = strstr(p, needle)); p += strlen(needle))
		n++;
	return n;
}

/* Nothing of what the hostile message holds became markup. */
static void
assert_inert(const char *html)
{
	assert_null(strcasestr(html, "<script"));
	assert_null(strcasestr(html, "<img"));
	assert_null(strcasestr(html, "<iframe"));
	assert_null(strcasestr(html, "<b onmouseover"));
	assert_null(strcasestr(html, "href=\"javascript:"));
	assert_null(strcasestr(html, "src=\"javascript:"));
	assert_null(strstr(html, "\"onerror"));
	/* no inline style or script anywhere */
	assert_null(strstr(html, "style="));
	assert_null(strstr(html, "<style"));
}

/* Every <form> carries the csrf field before it closes. */
static void
assert_csrf_in_forms(const char *html)
{
	for (const char *p = html; (p = strstr(p, "<form")); p++) {
		const char *end = strstr(p, "</form>");
		const char *tok = strstr(p, "name=\"csrf\" value=\"c0ffee00c0ffee00\"");
		assert_non_null(end);
		assert_non_null(tok);
		assert_true(tok < end);
	}
}

static void
test_campaigns(void **state)
{
	struct web_resp rs;
	(void)state;

	assert_int_equal(get(&rs, "/", WEB_VI, true), 200);
	assert_non_null(strstr(rs.body.data, "<table id=\"campaigns\">"));
	assert_int_equal(count(rs.body.data, "<tr data-campaign=\"" CAMPAIGN "\">"), 1);
	assert_non_null(strstr(rs.body.data, "<a href=\"/c/" CAMPAIGN "\">"));
	assert_non_null(strstr(rs.body.data, "<nav id=\"nav\">"));
	assert_non_null(strstr(rs.body.data, "<span id=\"whoami\">lan</span>"));
	assert_non_null(strstr(rs.body.data, "<form id=\"logout\" method=\"post\" action=\"/logout\">"));
	assert_non_null(strstr(rs.body.data, "id=\"logout-submit\""));
	assert_non_null(strstr(rs.body.data, "<a id=\"lang-en\" href=\"?lang=en\">English</a>"));
	assert_non_null(strstr(rs.body.data, "<a id=\"lang-vi\" href=\"?lang=vi\">Tiếng Việt</a>"));
	assert_non_null(strstr(rs.body.data, "<button id=\"logout-submit\">"));
	assert_csrf_in_forms(rs.body.data);
	web_resp_free(&rs);
}

static void
test_status_one_row_per_agency(void **state)
{
	struct web_resp rs;
	const size_t n = sizeof fx_agencies / sizeof fx_agencies[0];
	(void)state;

	assert_int_equal(get(&rs, "/c/" CAMPAIGN, WEB_VI, true), 200);
	assert_non_null(strstr(rs.body.data, "<table id=\"status\">"));
	assert_int_equal(count(rs.body.data, "<tr class=\"agency\""), n);
	for (size_t i = 0; i < n; i++) {
		char want[100];
		snprintf(want, sizeof want, "data-agency=\"%s\"", fx_agencies[i].code);
		assert_int_equal(count(rs.body.data, want), 1);
	}
	/* SLD replied; the others did not */
	assert_non_null(strstr(rs.body.data, "data-agency=\"SLD\" data-state=\"on_time\"") ?:
	                strstr(rs.body.data, "data-agency=\"SLD\" data-state=\"late\""));
	assert_non_null(strstr(rs.body.data, "data-agency=\"SVH\" data-state=\"missing\""));
	assert_int_equal(count(rs.body.data, "<td class=\"reminders\">0</td>"), n - 1);
	assert_non_null(strstr(strstr(rs.body.data, "data-agency=\"HA\""), "<td class=\"reminders\">1</td>"));
	assert_int_equal(count(rs.body.data, "<span class=\"bouncing\">"), 1);
	assert_true(strstr(rs.body.data, "<span class=\"bouncing\">") >
	            strstr(rs.body.data, "data-agency=\"STP\""));
	assert_true(strstr(rs.body.data, "<span class=\"bouncing\">") <
	            strstr(rs.body.data, "data-agency=\"CX\""));
	assert_int_equal(count(rs.body.data, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\""),
	                 1);
	assert_int_equal(count(rs.body.data, "<a class=\"report\" href=\"/c/" CAMPAIGN "/report."), 5);
	assert_non_null(strstr(rs.body.data, "<a id=\"reminders\" href=\"/c/" CAMPAIGN "/reminders\">"));
	assert_non_null(strstr(rs.body.data, "Cơ quan, đơn vị"));
	assert_non_null(strstr(rs.body.data, "Chưa trả lời"));
	web_resp_free(&rs);
}

static void
test_review_hostile_is_inert(void **state)
{
	struct web_resp rs;
	(void)state;

	assert_int_equal(get(&rs, "/review", WEB_VI, true), 200);
	assert_int_equal(count(rs.body.data, "<section class=\"review-item\""), 1);
	assert_non_null(strstr(rs.body.data, "data-sha=\"" SHA_EVIL "\""));
	assert_non_null(strstr(rs.body.data, "<a class=\"message\" href=\"/m/" SHA_EVIL "\">"));
	assert_non_null(strstr(rs.body.data, "&lt;script&gt;alert(1)&lt;/script&gt;&quot;onerror"));
	/* the reasons in Vietnamese, as list items */
	assert_non_null(strstr(rs.body.data, "<ul class=\"reasons\"><li>không xác định được cơ quan gửi"
	                                     "</li>"));
	assert_non_null(strstr(rs.body.data, "<form class=\"assign\" method=\"post\" action=\"/m/"
	                                     SHA_EVIL "/assign\">"));
	assert_non_null(strstr(rs.body.data, "<select name=\"agency\""));
	assert_non_null(strstr(rs.body.data, "<option value=\"SVH\">"));
	assert_non_null(strstr(rs.body.data, "<form class=\"correct\" method=\"post\" action=\"/m/"
	                                     SHA_EVIL "/set\">"));
	assert_non_null(strstr(rs.body.data, "<option value=\"proposal.text\">"));
	assert_non_null(strstr(rs.body.data, "<textarea name=\"value\""));
	assert_non_null(strstr(rs.body.data, "<form class=\"confirm\" method=\"post\" action=\"/m/"
	                                     SHA_EVIL "/confirm\">"));
	assert_non_null(strstr(rs.body.data, "<form class=\"notreply\" method=\"post\" action=\"/m/"
	                                     SHA_EVIL "/notreply\">"));
	assert_inert(rs.body.data);
	assert_csrf_in_forms(rs.body.data);
	web_resp_free(&rs);
}

static void
test_message_hostile_is_inert(void **state)
{
	struct web_resp rs;
	const char *pre;
	(void)state;

	assert_int_equal(get(&rs, "/m/" SHA_EVIL, WEB_VI, true), 200);
	assert_non_null(strstr(rs.body.data, "<dl id=\"headers\">"));
	assert_non_null(strstr(rs.body.data, "<div id=\"answers\">"));
	assert_non_null(pre = strstr(rs.body.data, "<pre id=\"text\">"));
	/* the body as text */
	assert_non_null(strstr(pre, "&lt;a href=&quot;javascript:alert(4)&quot;&gt;click"));
	assert_non_null(strstr(rs.body.data, "<ul id=\"attachments\">"));
	assert_non_null(strstr(rs.body.data, "<a href=\"/m/" SHA_EVIL "/a/0\">"
	                                     "&quot;&gt;&lt;script&gt;alert(6)&lt;/script&gt;.pdf</a>"));
	assert_non_null(strstr(rs.body.data, "<a href=\"/m/" SHA_EVIL "/a/1\">logo.png</a>"));
	/* the actions come back to the message */
	assert_non_null(strstr(rs.body.data, "<input type=\"hidden\" name=\"back\" value=\"message\">"));
	assert_inert(rs.body.data);
	assert_csrf_in_forms(rs.body.data);
	web_resp_free(&rs);

	/* a prefix of six hex digits names it too */
	assert_int_equal(get(&rs, "/m/bbbb22", WEB_VI, true), 200);
	assert_non_null(strstr(rs.body.data, "<pre id=\"text\">"));
	web_resp_free(&rs);
}

static void
test_message_answers(void **state)
{
	struct web_resp rs;
	(void)state;

	assert_int_equal(get(&rs, "/m/" SHA_GOOD, WEB_EN, true), 200);
	assert_non_null(strstr(rs.body.data, "data-section=\"proposal\""));
	assert_non_null(strstr(rs.body.data, "Đề nghị tiếp tục tổ chức Hội thi"));
	assert_non_null(strstr(rs.body.data, "Tốt"));
	assert_non_null(strstr(rs.body.data, "Sở Lao động"));
	web_resp_free(&rs);
}

static void
test_viewer_gets_no_forms(void **state)
{
	static const char *const paths[] = { "/", "/review", "/c/" CAMPAIGN, "/m/" SHA_EVIL,
		                             "/c/" CAMPAIGN "/reminders" };
	(void)state;

	for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++) {
		struct web_resp rs;
		assert_int_equal(get(&rs, paths[i], WEB_VI, false), 200);
		/* only the logout form of the nav */
		assert_int_equal(count(rs.body.data, "<form"), 1);
		assert_non_null(strstr(rs.body.data, "<form id=\"logout\""));
		assert_null(strstr(rs.body.data, "<textarea"));
		web_resp_free(&rs);
	}
	{
		struct web_resp rs;
		assert_int_equal(get(&rs, "/review", WEB_VI, false), 200);
		/* the same data */
		assert_non_null(strstr(rs.body.data, "data-sha=\"" SHA_EVIL "\""));
		web_resp_free(&rs);
	}
}

static void
test_login_page(void **state)
{
	struct web_req rq = req(WEB_VI, false);
	struct web_resp rs;
	(void)state;

	rq.user = NULL;
	web_resp_init(&rs);
	assert_int_equal(webpage_login(&rq, NULL, &rs), 0);
	assert_int_equal(rs.status, 200);
	assert_non_null(strstr(rs.body.data, "<form id=\"login\" method=\"post\" action=\"/login\">"));
	assert_non_null(strstr(rs.body.data, "<input name=\"user\""));
	assert_non_null(strstr(rs.body.data, "type=\"password\" name=\"password\""));
	assert_non_null(strstr(rs.body.data, "<button type=\"submit\" id=\"login-submit\">Đăng nhập"));
	assert_null(strstr(rs.body.data, "login-error"));
	assert_null(strstr(rs.body.data, "<nav"));
	assert_non_null(strstr(rs.body.data, "<html lang=\"vi\">"));
	assert_csrf_in_forms(rs.body.data);
	web_resp_free(&rs);

	web_resp_init(&rs);
	assert_int_equal(webpage_login(&rq, "<b>sai</b> mật khẩu", &rs), 0);
	assert_int_equal(rs.status, 401);
	assert_non_null(strstr(rs.body.data, "<p class=\"error\" id=\"login-error\">"
	                                     "&lt;b&gt;sai&lt;/b&gt; mật khẩu</p>"));
	web_resp_free(&rs);
}

static void
test_not_found(void **state)
{
	static const char *const paths[] = {
		"/c/nope", "/c/" CAMPAIGN "/nope", "/c/" CAMPAIGN "/report.exe", "/m/ffffff",
		"/m/zzzzzz", "/m/abc", "/m/" SHA_EVIL "/a/9", "/m/" SHA_EVIL "/a/-1",
		"/m/" SHA_EVIL "/a/01", "/m/" SHA_EVIL "/x", "/nope", "/static/other.css", "/login/x",
	};
	(void)state;

	for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++) {
		struct web_resp rs;
		assert_int_equal(get(&rs, paths[i], WEB_VI, true), 404);
		assert_non_null(strstr(rs.body.data, "Không tìm thấy trang"));
		web_resp_free(&rs);
	}
}

static void
test_attachment_download(void **state)
{
	struct web_resp rs;
	(void)state;

	assert_int_equal(get(&rs, "/m/" SHA_EVIL "/a/0", WEB_VI, true), 200);
	assert_string_equal(rs.content_type, "application/octet-stream");
	assert_non_null(rs.disposition);
	assert_int_equal(strncmp(rs.disposition, "attachment; filename=\"", 22), 0);
	/* the plain name has no quote, angle bracket or slash of its own */
	assert_null(strchr(rs.disposition + 22, '<'));
	assert_null(strchr(rs.disposition + 22, '/'));
	assert_int_equal(strncmp(rs.body.data, "%PDF-1.4", 8), 0);
	web_resp_free(&rs);

	/* a small picture, of which extraction keeps only the first bytes,
	 * is served whole */
	assert_int_equal(get(&rs, "/m/" SHA_EVIL "/a/1", WEB_VI, true), 200);
	assert_string_equal(rs.content_type, "application/octet-stream");
	assert_int_equal(rs.body.len, 20);
	assert_memory_equal(rs.body.data, "\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01", 20);
	assert_non_null(strstr(rs.disposition, "filename=\"logo.png\""));
	web_resp_free(&rs);
	assert_int_equal(get(&rs, "/m/" SHA_EVIL "/a/2", WEB_VI, true), 404);
	web_resp_free(&rs);
}

static void
test_archive_path_outside_not_read(void **state)
{
	struct web_resp rs;
	(void)state;

	assert_int_equal(get(&rs, "/m/" SHA_OUT, WEB_VI, true), 200);
	assert_null(strstr(rs.body.data, "SECRET OUTSIDE"));
	assert_non_null(strstr(rs.body.data, "<pre id=\"text\">Thư không có nội dung văn bản.</pre>"));
	web_resp_free(&rs);
	assert_int_equal(get(&rs, "/m/" SHA_OUT "/a/0", WEB_VI, true), 404);
	web_resp_free(&rs);
	assert_int_equal(get(&rs, "/m/" SHA_LINK, WEB_VI, true), 200);
	assert_null(strstr(rs.body.data, "SECRET OUTSIDE"));
	web_resp_free(&rs);
}

static void
test_lang(void **state)
{
	struct web_resp rs;
	(void)state;

	assert_int_equal(get(&rs, "/c/" CAMPAIGN, WEB_EN, true), 200);
	assert_non_null(strstr(rs.body.data, "<html lang=\"en\">"));
	assert_non_null(strstr(rs.body.data, "Log out"));
	assert_non_null(strstr(rs.body.data, "Not replied"));
	assert_null(strstr(rs.body.data, "Đăng xuất"));
	web_resp_free(&rs);
	assert_int_equal(get(&rs, "/c/" CAMPAIGN, WEB_VI, true), 200);
	assert_non_null(strstr(rs.body.data, "<html lang=\"vi\">"));
	assert_non_null(strstr(rs.body.data, "Đăng xuất"));
	assert_null(strstr(rs.body.data, "Log out"));
	web_resp_free(&rs);
}

static void
test_reports_and_css(void **state)
{
	static const char *const fmts[] = { "html", "csv", "md", "xlsx", "docx" };
	struct web_resp rs;
	(void)state;

	for (size_t i = 0; i < 5; i++) {
		char path[100];
		snprintf(path, sizeof path, "/c/" CAMPAIGN "/report.%s", fmts[i]);
		assert_int_equal(get(&rs, path, WEB_VI, false), 200);
		assert_non_null(rs.content_type);
		assert_non_null(rs.disposition);
		assert_int_equal(strncmp(rs.disposition, "attachment; filename=\"bao-cao-" CAMPAIGN ".",
		                         30 + strlen(CAMPAIGN)), 0);
		assert_true(rs.body.len > 0);
		if (i >= 3)
			assert_int_equal(memcmp(rs.body.data, "PK", 2), 0);
		web_resp_free(&rs);
	}
	assert_int_equal(get(&rs, "/c/" CAMPAIGN "/reminders", WEB_VI, true), 200);
	assert_non_null(strstr(rs.body.data, "<table id=\"reminders\">"));
	assert_non_null(strstr(rs.body.data, "<tr class=\"reminder\" data-state=\"sent\" "
	                                     "data-agency=\"HA\">"));
	assert_non_null(strstr(rs.body.data, "Đã gửi"));
	assert_null(strstr(rs.body.data, "<form class"));
	web_resp_free(&rs);
	assert_int_equal(get(&rs, "/static/ykien.css", WEB_VI, true), 200);
	assert_string_equal(rs.content_type, "text/css; charset=utf-8");
	assert_non_null(strstr(rs.body.data, "@media print"));
	assert_ptr_equal(strstr(webpage_css(), "@media print") != NULL, 1);
	web_resp_free(&rs);
}

static int
post(struct web_resp *rs, const char *path, const char *body, bool can_write)
{
	struct web_req rq = req(WEB_VI, can_write);
	struct web_form form;
	struct yk_err err = { 0 };

	assert_int_equal(web_form_parse(body, strlen(body), &form), 0);
	web_resp_init(rs);
	assert_int_equal(webpage_post(&rq, path, &form, rs, &err), 0);
	web_form_free(&form);
	return rs->status;
}

/* Last: it changes the store. */
static void
test_actions(void **state)
{
	struct web_resp rs;
	(void)state;

	assert_int_equal(post(&rs, "/m/" SHA_EVIL "/assign", "csrf=x&agency=SVH", false), 403);
	web_resp_free(&rs);
	assert_int_equal(post(&rs, "/m/" SHA_EVIL "/assign", "csrf=x&agency=NOPE", true), 400);
	web_resp_free(&rs);
	assert_int_equal(post(&rs, "/m/" SHA_EVIL "/set", "csrf=x&field=nosuch&value=1", true), 400);
	web_resp_free(&rs);
	/* an option the form does not have: refused in the page's language */
	assert_int_equal(post(&rs, "/m/bbbb2222/set", "csrf=x&field=proposal&value=zzz", true), 400);
	assert_non_null(strstr(rs.body.data, "Chưa lưu: giá trị không hợp lệ: "));
	web_resp_free(&rs);
	assert_int_equal(post(&rs, "/m/ffffff/confirm", "csrf=x", true), 404);
	web_resp_free(&rs);
	assert_int_equal(post(&rs, "/m/" SHA_EVIL "/delete", "csrf=x", true), 404);
	web_resp_free(&rs);

	assert_int_equal(post(&rs, "/m/" SHA_EVIL "/assign", "csrf=x&agency=SVH", true), 303);
	assert_string_equal(rs.location, "/review");
	assert_non_null(rs.flash);
	web_resp_free(&rs);
	assert_int_equal(post(&rs, "/m/bbbb2222/set",
	                      "csrf=x&field=proposal&value=other_form&back=message", true), 303);
	assert_string_equal(rs.location, "/m/" SHA_EVIL);
	web_resp_free(&rs);

	assert_int_equal(get(&rs, "/m/" SHA_EVIL, WEB_VI, true), 200);
	assert_non_null(strstr(rs.body.data, "Sở Văn hóa"));
	assert_non_null(strstr(rs.body.data, "data-section=\"proposal\" data-corrected=\"yes\""));
	assert_non_null(strstr(rs.body.data, "Đề nghị hình thức tuyên truyền khác"));
	assert_non_null(strstr(rs.body.data, "<td class=\"extracted\">"));
	assert_non_null(strstr(rs.body.data, "lan<br>"));
	/* the assignment, with who made it */
	assert_non_null(strstr(rs.body.data, "<dd id=\"assigned\">lan, "));
	web_resp_free(&rs);
	assert_int_equal(get(&rs, "/c/" CAMPAIGN, WEB_VI, true), 200);
	assert_null(strstr(rs.body.data, "data-agency=\"SVH\" data-state=\"missing\""));
	web_resp_free(&rs);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_campaigns),
		cmocka_unit_test(test_status_one_row_per_agency),
		cmocka_unit_test(test_review_hostile_is_inert),
		cmocka_unit_test(test_message_hostile_is_inert),
		cmocka_unit_test(test_message_answers),
		cmocka_unit_test(test_viewer_gets_no_forms),
		cmocka_unit_test(test_login_page),
		cmocka_unit_test(test_not_found),
		cmocka_unit_test(test_attachment_download),
		cmocka_unit_test(test_archive_path_outside_not_read),
		cmocka_unit_test(test_lang),
		cmocka_unit_test(test_reports_and_css),
		cmocka_unit_test(test_actions),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
