/*
 * The export line after a person's work (lib/export.h) and the one way a
 * correction is applied to a reply's answers (lib/summary.h), which the
 * report and the export share.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "export.h"
#include "fixture_config.h"
#include "summary.h"

#define N_SECTIONS 3

/* The answers of a reply as extraction gave them (fx_form's sections). */
static void
extracted(struct summary_answer *a)
{
	memset(a, 0, N_SECTIONS * sizeof *a);
	assert_int_equal(summary_answer_extracted(&fx_form, a, "comments", "Tốt.", NULL), 0);
	assert_int_equal(summary_answer_extracted(&fx_form, a, "proposal", NULL, "continue_contest"), 0);
	assert_int_equal(summary_answer_extracted(&fx_form, a, "other_opinions", "", NULL), 0);
}

static void
test_extracted_answers(void **state)
{
	struct summary_answer a[N_SECTIONS];
	(void)state;

	extracted(a);
	assert_string_equal(a[0].text, "Tốt.");
	assert_int_equal(a[1].choices, 1u);
	assert_null(a[1].text);
	assert_null(a[2].text); /* empty is none */
	assert_false(a[0].text_corrected || a[1].choices_corrected);
	/* a section or an option the form no longer has changes nothing */
	assert_int_equal(summary_answer_extracted(&fx_form, a, "gone", "x", NULL), 0);
	assert_int_equal(summary_answer_extracted(&fx_form, a, "proposal", NULL, "gone"), 0);
	assert_int_equal(a[1].choices, 0u);
	summary_answers_free(a, N_SECTIONS);
}

static void
test_corrections_apply_in_order(void **state)
{
	struct summary_answer a[N_SECTIONS];
	bool changed;
	(void)state;

	extracted(a);
	assert_int_equal(summary_answer_correct(&fx_form, a, "proposal", "other_form", &changed), 0);
	assert_true(changed);
	assert_int_equal(a[1].choices, 2u);
	assert_true(a[1].choices_corrected);
	assert_false(a[1].text_corrected);
	/* the later correction of a field wins */
	assert_int_equal(summary_answer_correct(&fx_form, a, "proposal", "other_form+continue_contest",
	                                        &changed), 0);
	assert_int_equal(a[1].choices, 3u);
	assert_int_equal(summary_answer_correct(&fx_form, a, "proposal.text", "Qua Zalo", &changed), 0);
	assert_string_equal(a[1].text, "Qua Zalo");
	assert_true(a[1].text_corrected);
	assert_int_equal(summary_answer_correct(&fx_form, a, "comments", "", &changed), 0);
	assert_null(a[0].text);
	assert_true(a[0].text_corrected);
	/* the marks of a whole message change no answer */
	assert_int_equal(summary_answer_correct(&fx_form, a, "reviewed", "yes", &changed), 0);
	assert_false(changed);
	assert_int_equal(summary_answer_correct(&fx_form, a, "not_reply", "yes", &changed), 0);
	assert_false(changed);
	/* a correction the form no longer takes is ignored, as the report does */
	assert_int_equal(summary_answer_correct(&fx_form, a, "gone", "x", &changed), 1);
	assert_int_equal(summary_answer_correct(&fx_form, a, "proposal", "gone", &changed), 1);
	assert_false(changed);
	assert_int_equal(a[1].choices, 3u);
	summary_answers_free(a, N_SECTIONS);
}

static void
test_parse_correction_not_reply(void **state)
{
	size_t sec;
	bool choice;
	uint32_t c;
	char why[200];
	(void)state;

	assert_int_equal(summary_parse_correction(&fx_form, "not_reply", "yes", &sec, &choice, &c, why,
	                                          sizeof why), 0);
	assert_int_equal(sec, SIZE_MAX);
	assert_int_not_equal(summary_parse_correction(&fx_form, "not_reply", "no", &sec, &choice, &c,
	                                              why, sizeof why), 0);
	assert_non_null(strstr(why, "not_reply"));
}

/* The answers of `ykien parse --json` for this reply, as extract.c writes them. */
static const char PARSED_ANSWERS[] =
	"{\"comments\":\"Tốt.\",\"proposal\":{\"choices\":[\"continue_contest\"],\"text\":null},"
	"\"other_opinions\":null}";

static void
test_answers_json_has_the_parse_shape(void **state)
{
	struct summary_answer a[N_SECTIONS];
	struct buf b;
	bool changed;
	(void)state;

	buf_init(&b, 0);
	extracted(a);
	assert_int_equal(export_answers_json(&fx_form, a, &b), 0);
	assert_string_equal(b.data, PARSED_ANSWERS);
	buf_reset(&b);
	assert_int_equal(summary_answer_correct(&fx_form, a, "proposal", "other_form+continue_contest",
	                                        &changed), 0);
	assert_int_equal(summary_answer_correct(&fx_form, a, "other_opinions", "Ý \"kiến\"", &changed),
	                 0);
	assert_int_equal(export_answers_json(&fx_form, a, &b), 0);
	assert_string_equal(b.data, "{\"comments\":\"Tốt.\",\"proposal\":{\"choices\":"
	                            "[\"continue_contest\",\"other_form\"],\"text\":null},"
	                            "\"other_opinions\":\"Ý \\\"kiến\\\"\"}");
	summary_answers_free(a, N_SECTIONS);
	buf_free(&b);
}

struct line_ctx {
	const struct yk_config *cfg;
	struct store *st;
	struct buf *out;
};

static int
on_line(void *ctx, const struct store_export *e)
{
	struct line_ctx *x = ctx;
	struct yk_err err = { 0 };

	return export_line(x->cfg, x->st, e, x->out, &err);
}

static struct store_export
row(void)
{
	struct store_export e = {
		.sha256 = "ab12", .filed_at = "2024-01-20T00:00:00Z", .archive_path = "118/x.eml",
		.file = NULL, .status = "effective",
		.parsed_json = "\"kind\":\"form_reply\",\"agency\":null,\"agency_by\":null,"
		               "\"answers\":{}",
		.members = "{\"kind\":\"form_reply\",\"needs_review\":true}",
		.agency_x = NULL, .agency_by_x = NULL, .answers_x = PARSED_ANSWERS,
		.campaign_id = "118-UBND-TH", .is_reply = true,
	};
	return e;
}

static void
test_untouched_line(void **state)
{
	struct store_export e = row();
	struct export_view v = { .e = &e, .agency = e.agency_x, .agency_by = e.agency_by_x };
	struct buf b;
	(void)state;

	buf_init(&b, 0);
	assert_int_equal(export_format(&v, &b), 0);
	assert_string_equal(b.data,
	                    "{\"file\":\"118/x.eml\",\"kind\":\"form_reply\",\"needs_review\":true,"
	                    "\"agency\":null,\"agency_by\":null,\"answers\":"
	                    "{\"comments\":\"Tốt.\",\"proposal\":{\"choices\":[\"continue_contest\"],"
	                    "\"text\":null},\"other_opinions\":null},"
	                    "\"corrected_by\":null,\"corrected_at\":null,\"sha256\":\"ab12\","
	                    "\"filed_at\":\"2024-01-20T00:00:00Z\",\"archive_path\":\"118/x.eml\","
	                    "\"status\":\"effective\",\"duplicate_of\":null,\"superseded_by\":null}\n");
	assert_null(strstr(b.data, "extracted"));
	buf_free(&b);
}

static void
test_corrected_line(void **state)
{
	struct store_export e = row();
	struct summary_answer a[N_SECTIONS];
	struct export_view v = { .e = &e, .agency = "SLD", .agency_by = "person", .form = &fx_form,
		                 .answers = a, .changed = true, .corrected_by = "Nguyễn Thị Lan",
		                 .corrected_at = "2024-01-25T02:00:00Z" };
	struct buf b;
	bool changed;
	(void)state;

	buf_init(&b, 0);
	extracted(a);
	assert_int_equal(summary_answer_correct(&fx_form, a, "proposal", "other_form", &changed), 0);
	assert_int_equal(export_format(&v, &b), 0);
	assert_non_null(strstr(b.data, "\"agency\":\"SLD\",\"agency_by\":\"person\",\"answers\":"
	                                "{\"comments\":\"Tốt.\",\"proposal\":{\"choices\":"
	                                "[\"other_form\"],"));
	/* what extraction gave, beside */
	assert_non_null(strstr(b.data, "\"extracted\":{\"agency\":null,\"agency_by\":null,"
	                                "\"answers\":{\"comments\":\"Tốt.\",\"proposal\":"
	                                "{\"choices\":[\"continue_contest\"]"));
	assert_non_null(strstr(b.data, "\"corrected_by\":\"Nguyễn Thị Lan\","
	                                "\"corrected_at\":\"2024-01-25T02:00:00Z\""));
	/* one object on one line */
	assert_ptr_equal(strchr(b.data, '\n'), b.data + b.len - 1);
	summary_answers_free(a, N_SECTIONS);
	buf_free(&b);
}

static void
test_members_may_be_empty(void **state)
{
	struct store_export e = row();
	struct export_view v = { .e = &e };
	struct buf b;
	(void)state;

	e.members = "{}";
	e.answers_x = NULL;
	e.file = "a.eml";
	buf_init(&b, 0);
	assert_int_equal(export_format(&v, &b), 0);
	assert_ptr_equal(strstr(b.data, "{\"file\":\"a.eml\",\"agency\":null,\"agency_by\":null,"
	                                "\"answers\":null,"), b.data);
	buf_free(&b);
}

/* export_line over a real store: a reply filed with no agency, then
 * assigned by one login and corrected by another. */
static void
test_line_from_the_store(void **state)
{
	static struct yk_clerk clerk = { .user = (char *)"lan", .name = (char *)"Nguyễn Thị Lan" };
	struct yk_config cfg = fx_config;
	char dir[] = "/tmp/yk-export-XXXXXX", path[64], cmd[96];
	struct store *st = NULL;
	struct yk_err err = { 0 };
	struct store_msg m = {
		.sha256 = "ab12ab12", .origin = "import", .size = 1,
		.filed_at = "2024-01-20T00:00:00Z", .archive_path = "118/x.eml", .kind = "form_reply",
		.campaign = "118-UBND-TH", .needs_review = true,
		.parsed_json = "\"kind\":\"form_reply\",\"agency\":null,\"agency_by\":null,"
		               "\"answers\":{\"comments\":\"Tốt.\",\"proposal\":{\"choices\":"
		               "[\"continue_contest\"],\"text\":null},\"other_opinions\":null},"
		               "\"needs_review\":true",
		.answers_json = "{\"comments\":\"Tốt.\",\"proposal\":{\"choices\":"
		                "[\"continue_contest\"],\"text\":null},\"other_opinions\":null}",
	};
	struct store_correction c = { .sha256 = "ab12ab12", .field = "proposal",
		                      .value = "other_form", .who = "minh",
		                      .at = "2024-01-25T03:00:00Z" };
	struct export_work w;
	struct buf b;
	(void)state;

	cfg.clerks = &clerk;
	cfg.n_clerks = 1;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/db", dir);
	assert_int_equal(store_open(path, &st, &err), 0);
	assert_int_equal(store_begin(st, &err), 0);
	assert_int_equal(store_file_message(st, &m, NULL, NULL, &err), 0);
	assert_int_equal(store_assign(st, "ab12ab12", "SLD", "lan", "2024-01-25T02:00:00Z", &err), 0);
	assert_int_equal(store_commit(st, &err), 0);

	/* assigned only: the agency counts, the answers are as extracted */
	assert_int_equal(export_work_load(&cfg, st, "ab12ab12", "118-UBND-TH", true, &w, &err), 0);
	assert_true(w.assigned);
	assert_false(w.answers_changed);
	assert_string_equal(w.who, "lan");
	assert_int_equal(w.answers[1].choices, 1u);
	export_work_free(&w);

	assert_int_equal(store_begin(st, &err), 0);
	assert_int_equal(store_correction_add(st, &c, &err), 0);
	assert_int_equal(store_commit(st, &err), 0);
	buf_init(&b, 0);
	assert_int_equal(store_each_export(st, NULL, on_line, &(struct line_ctx){ &cfg, st, &b },
	                                   &err), 0);
	assert_non_null(strstr(b.data, "\"agency\":\"SLD\",\"agency_by\":\"person\","
	                                "\"answers\":{\"comments\":\"Tốt.\",\"proposal\":"
	                                "{\"choices\":[\"other_form\"],\"text\":null},"
	                                "\"other_opinions\":null},\"extracted\":{\"agency\":null,"
	                                "\"agency_by\":null,\"answers\":{\"comments\":\"Tốt.\","
	                                "\"proposal\":{\"choices\":[\"continue_contest\"]"));
	/* the last change is minh's (not listed: the login) */
	assert_non_null(strstr(b.data, "\"corrected_by\":\"minh\","
	                                "\"corrected_at\":\"2024-01-25T03:00:00Z\""));
	assert_non_null(strstr(b.data, "\"needs_review\":true"));
	/* one agency member, one answers member, at the top level */
	assert_ptr_equal(strstr(b.data, "\"agency\":"), strstr(b.data, "\"agency\":\"SLD\""));
	buf_free(&b);
	store_close(st);
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_extracted_answers),
		cmocka_unit_test(test_corrections_apply_in_order),
		cmocka_unit_test(test_parse_correction_not_reply),
		cmocka_unit_test(test_answers_json_has_the_parse_shape),
		cmocka_unit_test(test_untouched_line),
		cmocka_unit_test(test_corrected_line),
		cmocka_unit_test(test_members_may_be_empty),
		cmocka_unit_test(test_line_from_the_store),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
