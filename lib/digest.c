/*
 * digest — see digest.h.
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
#include "smtp.h"

#define DIGEST_TEXT_MAX ((size_t)4 << 20)
#define DIGEST_DETAIL_MAX 4000
#define DIGEST_FROM_MAX 200

/* "HH:MM ngày DD/MM/YYYY" in Viet Nam */
static void
vn_time(time_t t, char out[40])
{
	struct tm tm;

	if (!plan_local_tm(t, &tm) || !strftime(out, 40, "%H:%M ngày %d/%m/%Y", &tm))
		out[0] = '\0';
}

/* "31/01/2024" (dmy) or "2024-01-31", in Viet Nam */
static void
vn_day(time_t t, bool dmy, char out[16])
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

static int
campaign_text(const struct summary *s, time_t since, time_t until, struct buf *b)
{
	const struct yk_campaign *cp = s->cp;
	char when[40];
	size_t fresh = 0, replied = s->t.replied, late = s->t.late, missing = s->t.missing;
	int days = plan_days_left(cp, until), rc = 0;

	for (size_t i = 0; i < s->n_rows; i++)
		fresh += new_since(&s->rows[i], since) != 0;
	if (cp->deadline_is_day)
		vn_day(cp->deadline, true, when); /* the end of that day: no 23:59 */
	else
		vn_time(cp->deadline, when);
	rc |= buf_printf(b, "Công văn số %s%s%s\n", cp->reference, cp->title ? " — " : "",
	                 cp->title ? cp->title : "");
	if (days > 0)
		rc |= buf_printf(b, "Hạn gửi: %s (còn %d ngày)\n", when, days);
	else if (days == 0)
		rc |= buf_printf(b, "Hạn gửi: %s (hôm nay là ngày cuối)\n", when);
	else
		rc |= buf_printf(b, "Hạn gửi: %s (đã quá %d ngày)\n", when, -days);
	rc |= buf_printf(b, "Đã gửi: %zu/%zu cơ quan", replied, s->n_rows);
	if (late)
		rc |= buf_printf(b, " (%zu gửi trễ)", late);
	rc |= buf_printf(b, "; chưa gửi: %zu; cần xem lại: %zu.\n\n", missing, s->n_reviews);

	rc |= buf_printf(b, "Phiếu mới từ lần tổng hợp trước (%zu):\n", fresh);
	if (!fresh)
		rc |= buf_adds(b, "  (không có)\n");
	for (size_t i = 0; i < s->n_rows; i++) {
		const struct summary_row *r = &s->rows[i];
		time_t t;

		if (!new_since(r, since))
			continue;
		/* the time the agency sent it (its Date), as status shows it */
		if (!r->received_at || isotime_parse(r->received_at, &t))
			t = new_since(r, since);
		vn_time(t, when);
		rc |= buf_printf(b, "  - %s (%s), gửi lúc %s%s\n", r->agency->name, r->agency->code,
		                 when, r->late ? ", trễ hạn" : "");
	}
	rc |= buf_printf(b, "Chưa gửi (%zu):\n", missing);
	if (!missing)
		rc |= buf_adds(b, "  (không có)\n");
	for (size_t i = 0; i < s->n_rows; i++) {
		const struct summary_row *r = &s->rows[i];

		if (r->replied)
			continue;
		rc |= buf_printf(b, "  - %s (%s)%s\n", r->agency->name, r->agency->code,
		                 r->bouncing ? ", có địa chỉ thư bị trả lại" : "");
	}
	rc |= buf_printf(b, "Cần xem lại (%zu):\n", s->n_reviews);
	if (!s->n_reviews)
		rc |= buf_adds(b, "  (không có)\n");
	for (size_t i = 0; i < s->n_reviews; i++) {
		const struct summary_review *v = &s->reviews[i];
		const struct yk_agency *a = v->agency ? config_agency(s->cfg, v->agency) : NULL;

		if (a) {
			rc |= buf_printf(b, "  - %s (%s)", a->name, a->code);
		} else {
			/* a stranger's From: cut short, its control characters
			 * shown rather than passed on */
			char from[DIGEST_FROM_MAX + 1];

			snprintf(from, sizeof from, "%s", v->from ? v->from : "?");
			rc |= buf_adds(b, "  - chưa rõ cơ quan, thư của ");
			rc |= esc_term(b, from);
		}
		rc |= buf_adds(b, ": ");
		if (v->reasons && *v->reasons)
			rc |= reasons_vi(v->reasons, b);
		else
			rc |= buf_adds(b, "cần xem lại");
		rc |= buf_printf(b, " [%.12s]\n", v->sha256 ? v->sha256 : "");
	}
	rc |= buf_adds(b, "\n");
	return rc;
}

int
digest_text(struct summary *const *s, size_t n, time_t since, time_t until,
            const struct digest_server *server, struct buf *subject, struct buf *text,
            struct yk_err *err)
{
	char now[40], from[40], day[16];
	int rc = 0;

	vn_time(until, now);
	vn_day(until, true, day);
	rc |= buf_printf(text, "Tổng hợp ý kiến tham gia đến %s", now);
	if (since) {
		vn_time(since, from);
		rc |= buf_printf(text, "; phiếu mới là phiếu đến từ %s", from);
	}
	rc |= buf_adds(text, ".\n\n");
	for (size_t i = 0; i < n; i++)
		rc |= campaign_text(s[i], since, until, text);
	if (server && server->waiting > 0)
		rc |= buf_printf(text, "Máy chủ thư: %lld thư đã lưu nhưng chưa %s được trên máy chủ; "
		                 "máy chủ trả lời: %s. ykien sẽ thử lại sau; thư mới vẫn được nhận.\n\n",
		                 (long long)server->waiting,
		                 server->move ? "chuyển vào thư mục" : "đánh dấu đã đọc",
		                 server->why && *server->why ? server->why : "(không rõ)");
	rc |= buf_adds(text, "Xem chi tiết: ykien status; phiếu cần xem lại: ykien review.\n\n"
	                     "-- \nThư tự động của ykien; không cần trả lời thư này.\n");
	if (n == 1)
		rc |= buf_printf(subject, "Tổng hợp ý kiến ngày %s: %zu/%zu cơ quan đã gửi (Công văn số %s)",
		                 day, s[0]->t.replied, s[0]->t.asked, s[0]->cp->reference);
	else
		rc |= buf_printf(subject, "Tổng hợp ý kiến ngày %s: %zu công văn", day, n);
	return rc ? yk_err_set(err, YK_ENOMEM, "digest: out of memory or too long") : 0;
}

/* --- loading ------------------------------------------------------------- */

struct set {
	struct summary **v;
	size_t n;
};

static void
set_free(struct set *s)
{
	for (size_t i = 0; i < s->n; i++)
		summary_free(s->v[i]);
	free(s->v);
	s->v = NULL;
	s->n = 0;
}

/* Is campaign CP one to speak of at UNTIL: its letter sent, its deadline
 * not long past? */
static bool
in_digest(const struct yk_campaign *cp, time_t until)
{
	return !(cp->sent && cp->sent > until) &&
	       until - cp->deadline <= (time_t)DIGEST_DAYS_AFTER_DEADLINE * 86400;
}

/* The summaries of the campaigns to speak of at UNTIL. */
static int
set_load(const struct yk_config *cfg, struct store *st, time_t until, struct set *out,
         struct yk_err *err)
{
	out->v = calloc(cfg->n_campaigns + 1, sizeof *out->v);
	out->n = 0;
	if (!out->v)
		return yk_err_set(err, YK_ENOMEM, "out of memory");
	for (size_t i = 0; i < cfg->n_campaigns; i++) {
		const struct yk_campaign *cp = &cfg->campaigns[i];
		int rc;

		if (!in_digest(cp, until))
			continue;
		if ((rc = summary_load(cfg, cp, st, &out->v[out->n], err))) {
			set_free(out);
			return rc;
		}
		out->n++;
	}
	return 0;
}

static int
since_of(struct store *st, time_t *since, struct yk_err *err)
{
	char last[32];
	int rc;

	*since = 0;
	if ((rc = store_digest_last_sent(st, last, err)))
		return rc;
	if (last[0] && isotime_parse(last, since))
		*since = 0;
	return 0;
}

/* What the digest says of the server actions that wait. */
static int
server_of(const struct yk_config *cfg, struct store *st, struct digest_server *srv, char *why,
          size_t whysz, struct yk_err *err)
{
	srv->move = cfg->mailbox.after_filing == AFTER_MOVE;
	srv->why = why;
	return store_server_waiting(st, cfg->mailbox.url, &srv->waiting, why, whysz, err);
}

int
digest_preview(const struct yk_config *cfg, struct store *st, time_t now, struct buf *out,
               bool *empty, struct yk_err *err)
{
	struct set set = { 0 };
	struct buf subject, text;
	struct digest_server srv;
	char why[300];
	time_t since;
	int rc;

	*empty = true;
	if ((rc = since_of(st, &since, err)) || (rc = set_load(cfg, st, now, &set, err)))
		return rc;
	buf_init(&subject, COMPOSE_SUBJECT_MAX);
	buf_init(&text, DIGEST_TEXT_MAX);
	if (set.n > 0) {
		*empty = false;
		if (!(rc = server_of(cfg, st, &srv, why, sizeof why, err)))
			rc = digest_text(set.v, set.n, since, now, &srv, &subject, &text, err);
		if (!rc && (buf_printf(out, "Subject: %s\n\n", subject.data) ||
		            buf_add(out, text.data, text.len)))
			rc = yk_err_set(err, YK_ENOMEM, "out of memory");
	}
	buf_free(&subject);
	buf_free(&text);
	set_free(&set);
	return rc;
}

/* --- sending ------------------------------------------------------------- */

/* The day's row, copied out of the query. */
struct row {
	bool found;
	char day[16], message_id[COMPOSE_MESSAGE_ID_MAX], since[32], until[32], state[16];
	int attempts;
	char *done, *refused, *error;
};

static int
on_row(void *ctx, const struct store_digest *d)
{
	struct row *r = ctx;

	r->found = true;
	snprintf(r->day, sizeof r->day, "%s", d->day);
	snprintf(r->message_id, sizeof r->message_id, "%s", d->message_id);
	snprintf(r->since, sizeof r->since, "%s", d->since ? d->since : "");
	snprintf(r->until, sizeof r->until, "%s", d->until);
	snprintf(r->state, sizeof r->state, "%s", d->state);
	r->attempts = d->attempts;
	r->done = d->done ? strdup(d->done) : NULL;
	r->refused = d->refused ? strdup(d->refused) : NULL;
	r->error = d->error ? strdup(d->error) : NULL;
	return 0;
}

/* Is ADDR among the space-separated addresses of LIST? */
static bool
listed(const char *list, const char *addr)
{
	size_t n = strlen(addr);

	for (const char *p = list; p && (p = strstr(p, addr)) != NULL; p += n)
		if ((p == list || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0'))
			return true;
	return false;
}

/* Sends the recorded digest R to the addresses not done with, records the
 * outcome. */
static int
deliver(const struct yk_config *cfg, struct store *st, time_t now, struct row *r,
        digest_event_fn fn, void *ctx, unsigned *sent, struct yk_err *err)
{
	const struct yk_smtp *m = &cfg->smtp;
	struct smtp_rcpt *rc_v = calloc(m->n_digest_to + 1, sizeof *rc_v);
	const char **to = calloc(m->n_digest_to + 1, sizeof *to);
	struct compose_note note = { .cfg = cfg, .message_id = r->message_id,
		                     .auto_submitted = "auto-generated", .date = now };
	struct buf subject, text, msg, done, refused, detail, now_detail;
	struct set set = { 0 };
	struct smtp *smtp = NULL;
	char from[COMPOSE_MESSAGE_ID_MAX], at[32], srv_why[300];
	struct digest_server srv;
	time_t since = 0, until = 0;
	size_t n = 0, accepted = 0, deferred = 0;
	bool tried = false;
	const char *state, *what;
	int rc = 0, attempts = r->attempts + 1;

	buf_init(&subject, COMPOSE_SUBJECT_MAX);
	buf_init(&text, DIGEST_TEXT_MAX);
	buf_init(&msg, 0);
	buf_init(&done, 0);
	buf_init(&refused, 0);
	buf_init(&detail, DIGEST_DETAIL_MAX);
	buf_init(&now_detail, DIGEST_DETAIL_MAX);
	if (!rc_v || !to) {
		rc = yk_err_set(err, YK_ENOMEM, "out of memory");
		goto out;
	}
	for (size_t i = 0; i < m->n_digest_to; i++) {
		if (listed(r->done, m->digest_to[i]) || listed(r->refused, m->digest_to[i]))
			continue;
		to[n] = m->digest_to[i];
		rc_v[n].addr = m->digest_to[i];
		n++;
	}
	if (r->since[0] && isotime_parse(r->since, &since))
		since = 0;
	if (isotime_parse(r->until, &until))
		until = now;
	if ((rc = set_load(cfg, st, until, &set, err)))
		goto out;
	if (n > 0 && set.n > 0) {
		if ((rc = server_of(cfg, st, &srv, srv_why, sizeof srv_why, err)) ||
		    (rc = digest_text(set.v, set.n, since, until, &srv, &subject, &text, err)))
			goto out;
		note.to = to;
		note.n_to = n;
		note.subject = subject.data;
		note.text = text.data;
		if ((rc = compose_note(&note, &msg, err)) ||
		    (rc = compose_from_address(cfg, from, sizeof from, err)) ||
		    (rc = smtp_open_config(cfg, &smtp, err)))
			goto out;
		if ((rc = smtp_send(smtp, from, rc_v, n, msg.data, msg.len, err)))
			goto out; /* the server went away: the digest stays pending */
		tried = true;
	}
	if ((r->done && buf_adds(&done, r->done)) || (r->refused && buf_adds(&refused, r->refused)) ||
	    (r->error && buf_adds(&detail, r->error)))
		rc = yk_err_set(err, YK_ENOMEM, "out of memory");
	for (size_t i = 0; !rc && tried && i < n; i++) {
		struct buf *to_list = rc_v[i].cls == SMTP_ACCEPTED ? &done
		                      : rc_v[i].cls == SMTP_PERMANENT ? &refused : NULL;

		accepted += rc_v[i].cls == SMTP_ACCEPTED;
		deferred += rc_v[i].cls == SMTP_TEMPORARY;
		if (to_list && buf_printf(to_list, "%s%s", to_list->len ? " " : "", rc_v[i].addr))
			rc = yk_err_set(err, YK_ENOMEM, "out of memory");
		/* this attempt's failures for the event, every attempt's for
		 * the record (cut when long) */
		if (rc_v[i].cls != SMTP_ACCEPTED) {
			const char *why = rc_v[i].reply[0] ? rc_v[i].reply : "no reply";
			(void)buf_printf(&now_detail, "%s%s: %s", now_detail.len ? "; " : "",
			                 rc_v[i].addr, why);
			(void)buf_printf(&detail, "%s%s: %s", detail.len ? "; " : "", rc_v[i].addr, why);
		}
	}
	if (rc)
		goto out;
	if (set.n == 0 && n > 0) {
		/* its campaigns ended meanwhile: nothing left to say */
		state = "failed";
		what = "failed";
		(void)buf_adds(&now_detail, "no campaign left to speak of");
		(void)buf_printf(&detail, "%sno campaign left to speak of", detail.len ? "; " : "");
	} else if (deferred && attempts < DIGEST_MAX_ATTEMPTS) {
		state = "pending";
		what = "retry";
	} else if (deferred || done.len == 0) {
		/* given up, or every address refused it */
		state = "failed";
		what = "failed";
	} else {
		state = "sent";
		what = refused.len ? "partial" : "sent";
	}
	isotime_format(now, at);
	{
		struct store_digest d = {
			.day = r->day, .message_id = r->message_id, .since = r->since[0] ? r->since : NULL,
			.until = r->until, .state = state, .attempts = attempts,
			.done = done.len ? done.data : NULL,
			.refused = refused.len ? refused.data : NULL,
			.sent_at = !strcmp(state, "sent") ? at : NULL,
			.error = detail.len ? detail.data : NULL,
		};
		if ((rc = store_begin(st, err)) || (rc = store_digest_set(st, &d, err)) ||
		    (rc = store_commit(st, err))) {
			store_rollback(st);
			goto out;
		}
	}
	*sent += accepted > 0;
	if (fn) {
		/* this attempt's failures; for "partial", who refused it */
		const struct buf *d = now_detail.len || strcmp(what, "partial") ? &now_detail : &detail;
		struct digest_event ev = { .day = r->day, .message_id = r->message_id, .what = what,
			                   .detail = d->len ? d->data : NULL };
		fn(ctx, &ev);
	}
out:
	smtp_close(smtp);
	set_free(&set);
	buf_free(&subject);
	buf_free(&text);
	buf_free(&msg);
	buf_free(&done);
	buf_free(&refused);
	buf_free(&detail);
	buf_free(&now_detail);
	free(rc_v);
	free(to);
	return rc;
}

int
digest_cycle(const struct yk_config *cfg, struct store *st, time_t now, digest_event_fn fn,
             void *ctx, unsigned *sent, struct yk_err *err)
{
	const struct yk_smtp *m = &cfg->smtp;
	struct row r = { 0 };
	char day[16];
	long long local_day;
	time_t at;
	int rc;

	*sent = 0;
	if (!m->url || m->n_digest_to == 0)
		return 0;
	/* today's digest_at, in Viet Nam */
	local_day = plan_local_day(now);
	at = (time_t)(local_day * 86400 + m->digest_at_minutes * 60LL - PLAN_TZ_OFFSET);
	if (now < at)
		return 0;
	vn_day(now, false, day);
	if ((rc = store_digest_get(st, day, on_row, &r, err)))
		goto out;
	if (r.found && strcmp(r.state, "pending"))
		goto out; /* sent, or given up: one a day */
	if (!r.found) {
		time_t since;
		char slot[32];
		struct store_digest d = { .day = day, .state = "pending" };
		bool any = false;

		for (size_t i = 0; i < cfg->n_campaigns; i++)
			any |= in_digest(&cfg->campaigns[i], now);
		if (!any)
			goto out; /* nothing to speak of today */
		if ((rc = since_of(st, &since, err)))
			goto out;
		snprintf(r.day, sizeof r.day, "%s", day);
		snprintf(slot, sizeof slot, "digest-%s", day);
		if ((rc = compose_message_id(cfg, "", "", slot, r.message_id, sizeof r.message_id,
		                             err)))
			goto out;
		if (since)
			isotime_format(since, r.since);
		isotime_format(now, r.until);
		snprintf(r.state, sizeof r.state, "pending");
		d.message_id = r.message_id;
		d.since = r.since[0] ? r.since : NULL;
		d.until = r.until;
		/* recorded before it is sent: a crash sends this one again;
		 * an earlier day's still unsent is not sent any more (this
		 * one counts its replies too) */
		if ((rc = store_begin(st, err)) || (rc = store_digest_supersede(st, day, err)) ||
		    (rc = store_digest_set(st, &d, err)) ||
		    (rc = store_commit(st, err))) {
			store_rollback(st);
			goto out;
		}
	}
	rc = deliver(cfg, st, now, &r, fn, ctx, sent, err);
out:
	free(r.done);
	free(r.refused);
	free(r.error);
	return rc;
}

struct newest {
	struct buf *out;
	bool found;
	int rc;
};

static int
on_newest(void *ctx, const struct store_digest *d)
{
	struct newest *n = ctx;

	n->found = true;
	n->rc |= buf_printf(n->out, "; the newest, of %s: %s", d->day,
	                    !strcmp(d->state, "pending") ? "waiting for a retry" : d->state);
	if (d->refused)
		n->rc |= buf_printf(n->out, ", refused by %s", d->refused);
	if (d->error && strcmp(d->state, "sent"))
		n->rc |= buf_printf(n->out, " (%s)", d->error);
	return 0;
}

int
digest_status(const struct yk_config *cfg, struct store *st, struct buf *out, struct yk_err *err)
{
	const struct yk_smtp *m = &cfg->smtp;
	struct newest n = { .out = out };
	int rc;

	if (!m->url || m->n_digest_to == 0)
		return 0;
	n.rc |= buf_printf(out, "Daily digest at %02d:%02d to", m->digest_at_minutes / 60,
	                   m->digest_at_minutes % 60);
	for (size_t i = 0; i < m->n_digest_to; i++)
		n.rc |= buf_printf(out, "%s %s", i ? "," : "", m->digest_to[i]);
	if ((rc = store_digest_newest(st, on_newest, &n, err)))
		return rc;
	n.rc |= buf_adds(out, n.found ? "\n" : "; none sent yet\n");
	return n.rc ? yk_err_set(err, YK_ENOMEM, "out of memory") : 0;
}
