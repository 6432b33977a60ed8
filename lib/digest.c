/*
 * digest — the digest's text; see digest.h.
 */
#include "digest.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "escape.h"
#include "isotime.h"
#include "plan.h"
#include "reasons.h"

#define DIGEST_FROM_MAX 200

/* "HH:MM ngày DD/MM/YYYY" in Viet Nam */
static void
vn_time(time_t t, char out[40])
{
	struct tm tm;

	if (!plan_local_tm(t, &tm) || !strftime(out, 40, "%H:%M ngày %d/%m/%Y", &tm))
		out[0] = '\0';
}

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
	(void)buf_adds(b, "  - chưa rõ cơ quan, thư của ");
	(void)esc_term(b, from);
}

/* The questions agencies asked about the campaign that the office has not
 * answered yet (marked with `ykien set SHA answered=yes`). */
static void
questions_text(const struct summary *s, size_t n, struct buf *b)
{
	char when[40], subject[DIGEST_FROM_MAX + 1];
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

static void
campaign_text(const struct summary *s, time_t since, time_t until, struct buf *b)
{
	const struct yk_campaign *cp = s->cp;
	char when[40];
	size_t fresh = 0, replied = s->t.replied, late = s->t.late, missing = s->t.missing;
	size_t questions = 0;
	int days = plan_days_left(cp, until);

	for (size_t i = 0; i < s->n_reviews; i++)
		questions += s->reviews[i].question;
	for (size_t i = 0; i < s->n_rows; i++)
		fresh += new_since(&s->rows[i], since) != 0;
	if (cp->deadline_is_day)
		digest_day(cp->deadline, true, when); /* the end of that day: no 23:59 */
	else
		vn_time(cp->deadline, when);
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
		if (cp->deadline_is_day)
			digest_day(cp->deadline_written, true, when);
		else
			vn_time(cp->deadline_written, when);
		(void)buf_printf(b, "(Văn bản ghi %s, trùng ngày nghỉ nên chuyển sang ngày làm việc "
		                 "tiếp theo.)\n", when);
	}
	(void)buf_printf(b, "Đã gửi: %zu/%zu cơ quan", replied, s->n_rows);
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

int
digest_text(struct summary *const *s, size_t n, time_t since, time_t until,
            const struct digest_server *server, struct buf *subject, struct buf *text,
            struct yk_err *err)
{
	char now[40], from[40], day[16];
	int rc;

	vn_time(until, now);
	digest_day(until, true, day);
	(void)buf_printf(text, "Tổng hợp ý kiến tham gia đến %s", now);
	if (since) {
		vn_time(since, from);
		(void)buf_printf(text, "; phiếu mới là phiếu đến từ %s", from);
	}
	(void)buf_adds(text, ".\n\n");
	for (size_t i = 0; i < n; i++)
		campaign_text(s[i], since, until, text);
	if (server && server->waiting > 0)
		(void)buf_printf(text, "Máy chủ thư: %lld thư đã lưu nhưng chưa %s được trên máy chủ; "
		                 "máy chủ trả lời: %s. ykien sẽ thử lại sau; thư mới vẫn được nhận.\n\n",
		                 (long long)server->waiting,
		                 server->move ? "chuyển vào thư mục" : "đánh dấu đã đọc",
		                 server->why && *server->why ? server->why : "(không rõ)");
	(void)buf_adds(text, "Xem chi tiết: ykien status; phiếu cần xem lại: ykien review.\n\n"
	                     "-- \nThư tự động của ykien; không cần trả lời thư này.\n");
	if (n == 1)
		(void)buf_printf(subject, "Tổng hợp ý kiến ngày %s: %zu/%zu cơ quan đã gửi (Công văn số %s)",
		                 day, s[0]->t.replied, s[0]->t.asked, s[0]->cp->reference);
	else
		(void)buf_printf(subject, "Tổng hợp ý kiến ngày %s: %zu công văn", day, n);
	if ((rc = buf_status(text)) || (rc = buf_status(subject)))
		return yk_err_set(err, rc, "digest: %s", rc == YK_ELIMIT ? "too long" : "out of memory");
	return 0;
}

bool
digest_speaks_of(const struct yk_campaign *cp, time_t until)
{
	return !(cp->sent && cp->sent > until) &&
	       until - cp->deadline <= (time_t)DIGEST_DAYS_AFTER_DEADLINE * 86400;
}

