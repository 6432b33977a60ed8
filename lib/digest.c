/*
 * digest — the digest's text; see digest.h.
 */
#include "digest.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compose.h"
#include "escape.h"
#include "isotime.h"
#include "plan.h"
#include "reasons.h"

#define DIGEST_FROM_MAX 200

/* "07 giờ 30 ngày 16/01/2024": the one style of every text (lib/isotime.h) */
static void
vn_time(time_t t, char out[ISOTIME_VI_LEN])
{
	isotime_format_vi(t, out);
}

/*
 * The digest without smtp.digest_template; conf/templates/tong-hop-ngay.txt
 * is the same text.  The lists of each campaign are made here ({campaigns}):
 * a template decides the frame around them, not their lines.
 */
const char digest_default_template[] =
	"Subject: Tình hình tiếp nhận Phiếu tính đến {until}: {summary}\n"
	"\n"
	"Tình hình tiếp nhận Phiếu tính đến {until}{since_note}.\n"
	"\n"
	"{campaigns}{server_note}"
	"Xem chi tiết: ykien status; Phiếu cần xem lại: ykien review.\n"
	"\n"
	"-- \n"
	"Thư tự động của ykien; không cần trả lời thư này.\n";

void
digest_day(time_t t, bool dmy, char out[16])
{
	struct tm tm;

	/* two literal formats: -Wformat-nonliteral checks them */
	if (!plan_local_tm(t, &tm) ||
	    !(dmy ? strftime(out, 16, "%d/%m/%Y", &tm) : strftime(out, 16, "%Y-%m-%d", &tm)))
		out[0] = '\0';
}

/* When ykien filed the reply of row r, if it is new (filed at or after
 * SINCE); else 0. */
static time_t
new_since(const struct summary_row *r, time_t since)
{
	time_t t;

	if (!r->replied || !r->filed_at || isotime_parse(r->filed_at, &t))
		return 0;
	return t >= since ? t : 0;
}

/* Who is named for a review or a question: the agency, else the From
 * (cut short, its control characters shown rather than passed on). */
static void
who_text(const struct summary *s, const struct summary_review *v, struct buf *b)
{
	const struct yk_agency *a = v->agency ? config_agency(s->cfg, v->agency) : NULL;
	char from[DIGEST_FROM_MAX + 1];

	if (a) {
		(void)buf_printf(b, "  - %s (%s)", a->name, a->code);
		return;
	}
	snprintf(from, sizeof from, "%s", v->from ? v->from : "?");
	(void)buf_adds(b, "  - chưa rõ cơ quan, đơn vị; thư của ");
	(void)esc_term(b, from);
}

/* The questions agencies asked about the campaign that the office has not
 * answered yet (marked with `ykien set SHA answered=yes`). */
static void
questions_text(const struct summary *s, size_t n, struct buf *b)
{
	char when[ISOTIME_VI_LEN], subject[DIGEST_FROM_MAX + 1];
	time_t t;

	(void)buf_printf(b, "Câu hỏi cần trả lời (%zu):\n", n);
	for (size_t i = 0; i < s->n_reviews; i++) {
		const struct summary_review *v = &s->reviews[i];

		if (!v->question)
			continue;
		who_text(s, v, b);
		snprintf(subject, sizeof subject, "%s", v->subject ? v->subject : "");
		(void)buf_adds(b, ": \"");
		(void)esc_term(b, subject);
		(void)buf_adds(b, "\"");
		if (v->arrived && !isotime_parse(v->arrived, &t)) {
			vn_time(t, when);
			(void)buf_printf(b, ", gửi lúc %s", when);
		}
		(void)buf_printf(b, " [%.12s]\n", v->sha256 ? v->sha256 : "");
	}
}

/* When a person last assigned or corrected R's reply, if since SINCE;
 * else 0. */
static time_t
touched_since(const struct summary_row *r, time_t since)
{
	time_t t;

	if (!r->replied || !r->corrected_by || !r->corrected_at || isotime_parse(r->corrected_at, &t))
		return 0;
	return t >= since ? t : 0;
}

/* The replies that count which a person assigned or corrected since the
 * last digest: whose work it is, and when (said only when there are). */
static void
people_text(const struct summary *s, time_t since, struct buf *b)
{
	char when[ISOTIME_VI_LEN];
	size_t n = 0;

	for (size_t i = 0; i < s->n_rows; i++)
		n += touched_since(&s->rows[i], since) != 0;
	if (!n)
		return;
	(void)buf_printf(b, "Người tổng hợp đã gán hoặc sửa (%zu):\n", n);
	for (size_t i = 0; i < s->n_rows; i++) {
		const struct summary_row *r = &s->rows[i];
		const char *name = r->corrected_by ? config_clerk_name(s->cfg, r->corrected_by) : NULL;
		time_t t = touched_since(r, since);

		if (!t)
			continue;
		vn_time(t, when);
		(void)buf_printf(b, "  - %s (%s): %s bởi ", r->agency->name, r->agency->code,
		                 r->assigned ? "gán hoặc sửa" : "sửa");
		(void)esc_term(b, name ? name : r->corrected_by);
		(void)buf_printf(b, ", lúc %s\n", when);
	}
}

static void
campaign_text(const struct summary *s, time_t since, time_t until, struct buf *b)
{
	const struct yk_campaign *cp = s->cp;
	char when[ISOTIME_VI_LEN];
	size_t fresh = 0, replied = s->t.replied, late = s->t.late, missing = s->t.missing;
	size_t questions = 0;
	int days = plan_days_left(cp, until);

	for (size_t i = 0; i < s->n_reviews; i++)
		questions += s->reviews[i].question;
	for (size_t i = 0; i < s->n_rows; i++)
		fresh += new_since(&s->rows[i], since) != 0;
	/* a day alone is the end of that day: no 23 giờ 59 */
	isotime_format_vi_deadline(cp->deadline, cp->deadline_is_day, when);
	(void)buf_printf(b, "Công văn số %s%s%s\n", cp->reference, cp->title ? " — " : "",
	                 cp->title ? cp->title : "");
	if (days > 0)
		(void)buf_printf(b, "Hạn gửi: %s (còn %d ngày)\n", when, days);
	else if (days == 0)
		(void)buf_printf(b, "Hạn gửi: %s (hôm nay là ngày cuối)\n", when);
	else
		(void)buf_printf(b, "Hạn gửi: %s (đã quá %d ngày)\n", when, -days);
	if (cp->deadline_written && cp->deadline_written != cp->deadline) {
		/* deadline_next_working_day moved it: the reader has the letter's
		 * date in mind */
		isotime_format_vi_deadline(cp->deadline_written, cp->deadline_is_day, when);
		(void)buf_printf(b, "(Văn bản ghi %s, trùng ngày nghỉ nên chuyển sang ngày làm việc "
		                 "tiếp theo.)\n", when);
	}
	(void)buf_printf(b, "Đã gửi: %zu/%zu cơ quan, đơn vị", replied, s->n_rows);
	if (late)
		(void)buf_printf(b, " (%zu gửi trễ)", late);
	(void)buf_printf(b, "; chưa gửi: %zu; cần xem lại: %zu", missing,
	                 s->n_reviews - questions);
	if (questions)
		(void)buf_printf(b, "; câu hỏi cần trả lời: %zu", questions);
	(void)buf_adds(b, ".\n\n");

	(void)buf_printf(b, "Phiếu mới từ lần tổng hợp trước (%zu):\n", fresh);
	if (!fresh)
		(void)buf_adds(b, "  (không có)\n");
	for (size_t i = 0; i < s->n_rows; i++) {
		const struct summary_row *r = &s->rows[i];
		time_t t;

		if (!new_since(r, since))
			continue;
		/* the time the agency sent it (its Date), as status shows it */
		if (!r->received_at || isotime_parse(r->received_at, &t))
			t = new_since(r, since);
		vn_time(t, when);
		(void)buf_printf(b, "  - %s (%s), gửi lúc %s%s\n", r->agency->name, r->agency->code,
		                 when, r->late ? ", trễ hạn" : "");
	}
	people_text(s, since, b);
	(void)buf_printf(b, "Chưa gửi (%zu):\n", missing);
	if (!missing)
		(void)buf_adds(b, "  (không có)\n");
	for (size_t i = 0; i < s->n_rows; i++) {
		const struct summary_row *r = &s->rows[i];

		if (r->replied)
			continue;
		(void)buf_printf(b, "  - %s (%s)%s\n", r->agency->name, r->agency->code,
		                 r->bouncing ? ", có địa chỉ thư bị trả lại" : "");
	}
	(void)buf_printf(b, "Cần xem lại (%zu):\n", s->n_reviews - questions);
	if (s->n_reviews == questions)
		(void)buf_adds(b, "  (không có)\n");
	for (size_t i = 0; i < s->n_reviews; i++) {
		const struct summary_review *v = &s->reviews[i];

		if (v->question)
			continue;
		who_text(s, v, b);
		(void)buf_adds(b, ": ");
		if (v->reasons && *v->reasons)
			(void)reasons_vi(v->reasons, b);
		else
			(void)buf_adds(b, "cần xem lại");
		(void)buf_printf(b, " [%.12s]\n", v->sha256 ? v->sha256 : "");
	}
	if (questions)
		questions_text(s, questions, b);
	(void)buf_adds(b, "\n");
}

#define DIGEST_KNOWN COMPOSE_DIGEST_KNOWN

struct digest_values {
	const struct yk_config *cfg;
	char until[ISOTIME_VI_LEN];
	struct buf since_note, summary, campaigns, server_note, scratch;
};

static bool
digest_value(void *ctx, const char *name, const char **v)
{
	struct digest_values *x = ctx;

	if (!strcmp(name, "until"))
		*v = x->until;
	else if (!strcmp(name, "since_note"))
		*v = x->since_note.data;
	else if (!strcmp(name, "summary"))
		*v = x->summary.data;
	else if (!strcmp(name, "campaigns"))
		*v = x->campaigns.data;
	else if (!strcmp(name, "server_note"))
		*v = x->server_note.data;
	else if (x->cfg)
		/* no {letter_issuer}: a digest may speak of several letters */
		return compose_office_value(x->cfg, NULL, name, &x->scratch, v);
	else
		return false;
	return true;
}

int
digest_text(struct summary *const *s, size_t n, time_t since, time_t until,
            const struct digest_server *server, const struct compose_tmpl *tmpl,
            struct buf *subject, struct buf *text, struct yk_err *err)
{
	struct digest_values x = { .cfg = n ? s[0]->cfg : NULL };
	struct compose_tmpl builtin;
	const struct compose_tmpl *t = tmpl;
	char from[ISOTIME_VI_LEN];
	int rc;

	buf_init(&x.since_note, 0);
	buf_init(&x.summary, 0);
	buf_init(&x.campaigns, 0);
	buf_init(&x.server_note, 0);
	buf_init(&x.scratch, 0);
	memset(&builtin, 0, sizeof builtin);
	vn_time(until, x.until);
	if (since) {
		vn_time(since, from);
		(void)buf_printf(&x.since_note, "; Phiếu mới là Phiếu đến từ %s", from);
	}
	for (size_t i = 0; i < n; i++)
		campaign_text(s[i], since, until, &x.campaigns);
	if (server && server->waiting > 0)
		(void)buf_printf(&x.server_note, "Máy chủ thư: %lld thư đã lưu nhưng chưa %s được trên "
		                 "máy chủ; máy chủ trả lời: %s. ykien sẽ thử lại sau; thư mới vẫn được "
		                 "nhận.\n\n", (long long)server->waiting,
		                 server->move ? "chuyển vào thư mục" : "đánh dấu đã đọc",
		                 server->why && *server->why ? server->why : "(không rõ)");
	if (n == 1)
		(void)buf_printf(&x.summary, "%zu/%zu cơ quan, đơn vị đã gửi (Công văn số %s)",
		                 s[0]->t.replied, s[0]->t.asked, s[0]->cp->reference);
	else
		(void)buf_printf(&x.summary, "%zu công văn", n);
	(void)buf_adds(&x.since_note, "");
	(void)buf_adds(&x.campaigns, "");
	(void)buf_adds(&x.server_note, "");
	if ((rc = buf_status(&x.since_note)) || (rc = buf_status(&x.summary)) ||
	    (rc = buf_status(&x.campaigns)) || (rc = buf_status(&x.server_note))) {
		rc = yk_err_set(err, rc, "digest: out of memory");
		goto out;
	}
	if (!t) {
		if ((rc = compose_tmpl_load(&builtin, NULL, digest_default_template, err)))
			goto out;
		t = &builtin;
	}
	if ((rc = compose_expand(t->subject ? t->subject : "Tình hình tiếp nhận Phiếu tính đến "
	                         "{until}: {summary}", t->origin, 1, 0, digest_value, &x,
	                         DIGEST_KNOWN, subject, err)) ||
	    (rc = compose_expand(t->body, t->origin, t->body_line, 0, digest_value, &x, DIGEST_KNOWN,
	                         text, err)))
		goto out;
	if (strpbrk(subject->data ? subject->data : "", "\r\n"))
		rc = yk_err_set(err, YK_EINVAL, "%s: the digest's subject would hold a line break",
		                t->origin);
out:
	compose_tmpl_free(&builtin);
	buf_free(&x.since_note);
	buf_free(&x.summary);
	buf_free(&x.campaigns);
	buf_free(&x.server_note);
	buf_free(&x.scratch);
	return rc;
}

bool
digest_speaks_of(const struct yk_campaign *cp, time_t until)
{
	return !(cp->sent && cp->sent > until) &&
	       until - cp->deadline <= (time_t)DIGEST_DAYS_AFTER_DEADLINE * 86400;
}

