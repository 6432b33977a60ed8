/*
 * digest_cycle — see digest_cycle.h.  The digest is one more kind of the
 * outbox: its row (lib/store.h, one per day) is the record, the addresses
 * not yet done with are the recipients.
 */
#include "digest_cycle.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compose.h"
#include "i18n.h"
#include "isotime.h"
#include "outbox.h"
#include "plan.h"

#define DIGEST_TEXT_MAX ((size_t)4 << 20)
#define DIGEST_DETAIL_MAX 4000

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

		if (!digest_speaks_of(cp, until))
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

/* The subject and text of the digest of SET at UNTIL. */
static int
text_of(const struct yk_config *cfg, struct store *st, const struct set *set, time_t since,
        time_t until, struct buf *subject, struct buf *text, struct yk_err *err)
{
	struct digest_server srv;
	struct compose_tmpl t;
	char why[300];
	int rc;

	if ((rc = server_of(cfg, st, &srv, why, sizeof why, err)))
		return rc;
	if (!(rc = compose_tmpl_load(&t, cfg->smtp.digest_template_path, digest_default_template,
	                             err)))
		rc = digest_text(set->v, set->n, since, until, &srv, &t, subject, text, err);
	compose_tmpl_free(&t);
	return rc;
}

int
digest_preview(const struct yk_config *cfg, struct store *st, time_t now, struct buf *out,
               bool *empty, struct yk_err *err)
{
	struct set set = { 0 };
	struct buf subject, text;
	time_t since;
	int rc;

	*empty = true;
	if ((rc = since_of(st, &since, err)) || (rc = set_load(cfg, st, now, &set, err)))
		return rc;
	buf_init(&subject, COMPOSE_SUBJECT_MAX);
	buf_init(&text, DIGEST_TEXT_MAX);
	if (set.n > 0) {
		*empty = false;
		rc = text_of(cfg, st, &set, since, now, &subject, &text, err);
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
	/* a list lost here would send the digest again to who has it */
	if ((d->done && !r->done) || (d->refused && !r->refused) || (d->error && !r->error))
		return YK_ENOMEM;
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

/* How many space-separated addresses LIST (may be NULL) holds. */
static size_t
count_listed(const char *list)
{
	size_t n = 0;

	for (const char *p = list; p && *p; p++)
		n += *p != ' ' && (p == list || p[-1] == ' ');
	return n;
}

/* One digest, as the outbox's kind. */
struct one {
	const struct yk_config *cfg;
	struct store *st;
	time_t now;
	struct row *r;
	struct smtp_rcpt *rcpts;      /* the addresses not done with */
	const char **to;
	size_t n;
	struct set set;
	bool no_campaign;             /* its campaigns ended meanwhile */
	struct buf done, refused;     /* the row's lists, this attempt added */
	struct buf detail;            /* every attempt's failures, for the row */
	struct buf now_detail;        /* this attempt's, for the event */
	const char *what;
	digest_event_fn fn;
	void *ctx;
	unsigned *sent;
};

static int
one_record(struct store *st, void *ctx, struct yk_err *err)
{
	struct one *o = ctx;
	const struct row *r = o->r;
	struct store_digest d = {
		.day = r->day, .message_id = r->message_id, .since = r->since[0] ? r->since : NULL,
		.until = r->until, .state = "pending",
	};
	int rc;

	/* an earlier day's still unsent is not sent any more (this one
	 * counts its replies too) */
	if ((rc = store_digest_supersede(st, r->day, err)))
		return rc;
	return store_digest_set(st, &d, err);
}

static int
one_build(void *ctx, struct outbox_msg *m, struct yk_err *err)
{
	struct one *o = ctx;
	const struct yk_smtp *s = &o->cfg->smtp;
	struct compose_note note = { .cfg = o->cfg, .message_id = o->r->message_id,
		                     .auto_submitted = "auto-generated", .date = o->now };
	struct buf subject, text;
	time_t since = 0, until = 0;
	int rc = 0;

	for (size_t i = 0; i < s->n_digest_to; i++) {
		if (listed(o->r->done, s->digest_to[i]) || listed(o->r->refused, s->digest_to[i]))
			continue;
		o->to[o->n] = s->digest_to[i];
		o->rcpts[o->n].addr = s->digest_to[i];
		o->n++;
	}
	if (o->r->since[0] && isotime_parse(o->r->since, &since))
		since = 0;
	if (isotime_parse(o->r->until, &until))
		until = o->now;
	if ((rc = set_load(o->cfg, o->st, until, &o->set, err)))
		return rc;
	m->earlier.accepted = count_listed(o->r->done);
	m->earlier.rejected = count_listed(o->r->refused);
	/* nothing left to send to, or nothing left to say */
	o->no_campaign = o->set.n == 0 && o->n > 0;
	if (o->n == 0 || o->set.n == 0)
		return 0;
	buf_init(&subject, COMPOSE_SUBJECT_MAX);
	buf_init(&text, DIGEST_TEXT_MAX);
	if (!(rc = text_of(o->cfg, o->st, &o->set, since, until, &subject, &text, err))) {
		note.to = o->to;
		note.n_to = o->n;
		note.subject = subject.data;
		note.text = text.data;
		if (!(rc = compose_note(&note, &m->text, err))) {
			m->rcpts = o->rcpts;
			m->n = o->n;
		}
	}
	buf_free(&subject);
	buf_free(&text);
	return rc;
}

static int
one_outcome(struct store *st, void *ctx, const struct outbox_result *res, struct yk_err *err)
{
	struct one *o = ctx;
	const struct row *r = o->r;
	const char *state;
	char at[32];
	int rc = 0;

	if (r->done)
		(void)buf_adds(&o->done, r->done);
	if (r->refused)
		(void)buf_adds(&o->refused, r->refused);
	if (r->error)
		rc = buf_adds(&o->detail, r->error);
	for (size_t i = 0; i < res->n; i++) {
		const struct smtp_rcpt *p = &res->rcpts[i];
		struct buf *to_list = p->cls == SMTP_ACCEPTED ? &o->done
		                      : p->cls == SMTP_PERMANENT ? &o->refused : NULL;

		if (to_list)
			(void)buf_printf(to_list, "%s%s", to_list->len ? " " : "", p->addr);
	}
	if (rc || buf_status(&o->done) || buf_status(&o->refused))
		return yk_err_set(err, YK_ENOMEM, "out of memory");
	/* this attempt's failures for the event, every attempt's for the
	 * record (cut when long) */
	outcome_failures(res->rcpts, res->n, &o->now_detail);
	outcome_failures(res->rcpts, res->n, &o->detail);
	if (o->no_campaign) {
		state = o->what = "failed";
		(void)buf_adds(&o->now_detail, "no campaign left to speak of");
		(void)buf_printf(&o->detail, "%sno campaign left to speak of",
		                 o->detail.len ? "; " : "");
	} else if (res->verdict == OUTCOME_RETRY) {
		state = "pending";
		o->what = "retry";
	} else if (res->verdict == OUTCOME_SENT || res->verdict == OUTCOME_PARTIAL) {
		state = "sent";
		o->what = res->verdict == OUTCOME_PARTIAL ? "partial" : "sent";
	} else {
		/* given up, or every address refused it */
		state = o->what = "failed";
	}
	isotime_format(o->now, at);
	{
		struct store_digest d = {
			.day = r->day, .message_id = r->message_id, .since = r->since[0] ? r->since : NULL,
			.until = r->until, .state = state, .attempts = res->attempts,
			.done = o->done.len ? o->done.data : NULL,
			.refused = o->refused.len ? o->refused.data : NULL,
			.sent_at = !strcmp(state, "sent") ? at : NULL,
			.error = o->detail.len ? o->detail.data : NULL,
		};
		return store_digest_set(st, &d, err);
	}
}

static void
one_done(void *ctx, const struct outbox_result *res)
{
	struct one *o = ctx;
	/* this attempt's failures; for "partial", who refused it */
	const struct buf *d = o->now_detail.len || strcmp(o->what, "partial") ? &o->now_detail
	                                                                      : &o->detail;
	struct digest_event ev = { .day = o->r->day, .message_id = o->r->message_id,
		                   .what = o->what, .detail = d->len ? d->data : NULL };
	size_t accepted = 0;

	for (size_t i = 0; i < res->n; i++)
		accepted += res->rcpts[i].cls == SMTP_ACCEPTED;
	*o->sent += accepted > 0;
	if (o->fn)
		o->fn(o->ctx, &ev);
}

static const struct outcome_policy digest_policy = { .max_attempts = DIGEST_MAX_ATTEMPTS };

static const struct outbox_kind digest_kind = {
	.policy = &digest_policy, .recorded = NULL, .count_dropped = false,
	.record = one_record, .build = one_build, .outcome = one_outcome, .done = one_done,
};

/* Sends the digest R (recorded already unless FRESH) to the addresses not
 * done with, records the outcome. */
static int
deliver(const struct yk_config *cfg, struct store *st, time_t now, struct row *r, bool fresh,
        digest_event_fn fn, void *ctx, unsigned *sent, struct yk_err *err)
{
	size_t n_to = cfg->smtp.n_digest_to;
	struct one o = {
		.cfg = cfg, .st = st, .now = now, .r = r, .fn = fn, .ctx = ctx, .sent = sent,
		.rcpts = calloc(n_to + 1, sizeof *o.rcpts), .to = calloc(n_to + 1, sizeof *o.to),
	};
	struct outbox ob;
	int rc;

	buf_init(&o.done, 0);
	buf_init(&o.refused, 0);
	buf_init(&o.detail, DIGEST_DETAIL_MAX);
	buf_init(&o.now_detail, DIGEST_DETAIL_MAX);
	outbox_init(&ob, cfg, st, now);
	if (!o.rcpts || !o.to)
		rc = yk_err_set(err, YK_ENOMEM, "out of memory");
	else
		rc = outbox_send(&ob, &digest_kind, &o, fresh, r->attempts, err);
	outbox_close(&ob);
	set_free(&o.set);
	buf_free(&o.done);
	buf_free(&o.refused);
	buf_free(&o.detail);
	buf_free(&o.now_detail);
	free(o.rcpts);
	free(o.to);
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
	digest_day(now, false, day);
	rc = store_digest_get(st, day, on_row, &r, err);
	if (rc == YK_ENOMEM)
		rc = yk_err_set(err, rc, "out of memory");
	if (rc)
		goto out;
	if (r.found && strcmp(r.state, "pending"))
		goto out; /* sent, or given up: one a day */
	if (!r.found) {
		time_t since;
		char slot[32];
		bool any = false;

		for (size_t i = 0; i < cfg->n_campaigns; i++)
			any |= digest_speaks_of(&cfg->campaigns[i], now);
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
	}
	rc = deliver(cfg, st, now, &r, !r.found, fn, ctx, sent, err);
out:
	free(r.done);
	free(r.refused);
	free(r.error);
	return rc;
}

struct newest {
	struct buf *out;
	bool found;
};

static int
on_newest(void *ctx, const struct store_digest *d)
{
	struct newest *n = ctx;

	n->found = true;
	/* under the status table, in its language (lib/i18n.h) */
	(void)buf_printf(n->out, _("; the newest, of %s: %s"), d->day,
	                 !strcmp(d->state, "pending") ? _("waiting for a retry")
	                 : !strcmp(d->state, "sent") ? _("sent")
	                 : !strcmp(d->state, "failed") ? _("failed") : d->state);
	if (d->refused)
		(void)buf_printf(n->out, _(", refused by %s"), d->refused);
	if (d->error && strcmp(d->state, "sent"))
		(void)buf_printf(n->out, " (%s)", d->error);
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
	(void)buf_printf(out, _("Daily digest at %02d:%02d to"), m->digest_at_minutes / 60,
	                 m->digest_at_minutes % 60);
	for (size_t i = 0; i < m->n_digest_to; i++)
		(void)buf_printf(out, "%s %s", i ? "," : "", m->digest_to[i]);
	if ((rc = store_digest_newest(st, on_newest, &n, err)))
		return rc;
	(void)buf_adds(out, n.found ? "\n" : _("; none sent yet\n"));
	return buf_status(out) ? yk_err_set(err, YK_ENOMEM, "out of memory") : 0;
}
