/*
 * remind — the imperative shell around lib/plan: gather the state from the
 * database, plan, and for each reminder due: record it (commit), send it,
 * record the outcome (commit).
 */
#include "remind.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compose.h"
#include "fault.h"
#include "isotime.h"
#include "plan.h"
#include "smtp.h"

#define REMIND_DETAIL_MAX 4096 /* per-address outcomes in one event or row */

/* ---- gathering the state ----------------------------------------------- */

struct rec_copy {
	char *agency;
	struct plan_record rec;     /* rec.slot owned here */
	int attempts;               /* sends tried so far */
};

struct state {
	const struct yk_config *cfg;
	const struct yk_campaign *c;
	struct plan_agency *agencies;
	size_t n_agencies;
	struct rec_copy *recs;
	size_t n_recs, cap_recs;
	char **bouncing;
	size_t n_bouncing, cap_bouncing;
	int oom;
};

static void
state_free(struct state *s)
{
	for (size_t i = 0; i < s->n_agencies; i++)
		free((void *)s->agencies[i].records);
	free(s->agencies);
	for (size_t i = 0; i < s->n_recs; i++) {
		free(s->recs[i].agency);
		free((char *)s->recs[i].rec.slot);
	}
	free(s->recs);
	for (size_t i = 0; i < s->n_bouncing; i++)
		free(s->bouncing[i]);
	free(s->bouncing);
}

static enum plan_rec_state
rec_state(const char *s)
{
	if (!strcmp(s, "pending"))
		return PLAN_REC_PENDING;
	if (!strcmp(s, "retry"))
		return PLAN_REC_RETRY;
	if (!strcmp(s, "sent"))
		return PLAN_REC_SENT;
	if (!strcmp(s, "cancelled"))
		return PLAN_REC_CANCELLED;
	return PLAN_REC_FAILED;
}

static int
on_record(void *ctx, const struct store_reminder *r)
{
	struct state *s = ctx;
	struct rec_copy *rc;

	if (s->n_recs == s->cap_recs) {
		size_t cap = s->cap_recs ? s->cap_recs * 2 : 64;
		struct rec_copy *v = realloc(s->recs, cap * sizeof *v);
		if (!v)
			return s->oom = 1;
		s->recs = v;
		s->cap_recs = cap;
	}
	rc = &s->recs[s->n_recs];
	rc->agency = strdup(r->agency);
	rc->rec.slot = strdup(r->slot);
	if (!rc->agency || !rc->rec.slot) {
		free(rc->agency);
		free((char *)rc->rec.slot);
		return s->oom = 1;
	}
	rc->rec.id = r->id;
	rc->rec.state = rec_state(r->state);
	rc->rec.next_attempt = (time_t)r->next_attempt;
	rc->attempts = r->attempts;
	s->n_recs++;
	return 0;
}

static int
on_bouncing(void *ctx, const char *addr)
{
	struct state *s = ctx;

	if (s->n_bouncing == s->cap_bouncing) {
		size_t cap = s->cap_bouncing ? s->cap_bouncing * 2 : 64;
		char **v = realloc(s->bouncing, cap * sizeof *v);
		if (!v)
			return s->oom = 1;
		s->bouncing = v;
		s->cap_bouncing = cap;
	}
	if (!(s->bouncing[s->n_bouncing] = strdup(addr)))
		return s->oom = 1;
	s->n_bouncing++;
	return 0;
}

static int
on_reply(void *ctx, const struct store_reply *r)
{
	struct state *s = ctx;

	/* the effective reply, also one awaiting review: the agency answered */
	for (size_t i = 0; i < s->n_agencies; i++)
		if (!strcmp(s->cfg->agencies[s->agencies[i].agency_idx].code, r->agency))
			s->agencies[i].replied = true;
	return 0;
}

/* RECORD: note when the campaign and each agency were first planned
 * (inside the caller's transaction); a dry run records nothing. */
static int
gather(const struct yk_config *cfg, struct store *st, const struct yk_campaign *c, time_t now,
       bool record, struct state *s, struct yk_err *err)
{
	int64_t camp_first, first;

	memset(s, 0, sizeof *s);
	s->cfg = cfg;
	s->c = c;
	s->agencies = calloc(cfg->n_agencies + 1, sizeof *s->agencies);
	if (!s->agencies)
		return yk_err_set(err, YK_ENOMEM, "out of memory");
	if (store_first_seen(st, c->id, NULL, (int64_t)now, record, &camp_first, err))
		return err->code;
	for (size_t i = 0; i < cfg->n_agencies; i++) {
		struct plan_agency *pa;
		if (!config_campaign_expects(c, i))
			continue;
		pa = &s->agencies[s->n_agencies++];
		pa->agency_idx = i;
		if (store_first_seen(st, c->id, cfg->agencies[i].code, (int64_t)now, record, &first,
		                     err))
			return err->code;
		/* an agency first planned after the campaign joined it late;
		 * in a dry run an unrecorded one joins now, as it would */
		pa->joined_late = first > camp_first;
		pa->joined_at = (time_t)first;
	}
	if (store_each_effective_reply(st, c->id, on_reply, s, err) ||
	    store_reminder_each(st, c->id, on_record, s, err) ||
	    store_bouncing_each(st, on_bouncing, s, err))
		return err->code;
	if (s->oom)
		return yk_err_set(err, YK_ENOMEM, "out of memory");
	for (size_t i = 0; i < s->n_agencies; i++) {
		struct plan_agency *pa = &s->agencies[i];
		const char *code = cfg->agencies[pa->agency_idx].code;
		struct plan_record *v;
		size_t n = 0;

		for (size_t k = 0; k < s->n_recs; k++)
			n += !strcmp(s->recs[k].agency, code);
		v = calloc(n + 1, sizeof *v);
		if (!v)
			return yk_err_set(err, YK_ENOMEM, "out of memory");
		for (size_t k = 0, j = 0; k < s->n_recs; k++)
			if (!strcmp(s->recs[k].agency, code))
				v[j++] = s->recs[k].rec;
		pa->records = v;
		pa->n_records = n;
	}
	return 0;
}

static int
make_plan(const struct yk_config *cfg, const struct state *s, time_t now, struct plan **p,
          struct yk_err *err)
{
	struct plan_input in = {
		.cfg = cfg, .campaign = s->c, .agencies = s->agencies, .n_agencies = s->n_agencies,
		.bouncing = (const char *const *)s->bouncing, .n_bouncing = s->n_bouncing, .now = now,
	};

	return plan_make(&in, p, err);
}

static void
local_time(time_t t, char out[32])
{
	struct tm tm;

	if (!plan_local_tm(t, &tm) || !strftime(out, 32, "%Y-%m-%d %H:%M", &tm))
		out[0] = '\0';
}

static time_t
backoff(int attempts)
{
	time_t wait = REMIND_RETRY_FIRST;

	for (int i = 1; i < attempts && wait < REMIND_RETRY_MAX; i++)
		wait *= 2;
	return wait < REMIND_RETRY_MAX ? wait : REMIND_RETRY_MAX;
}

/* ---- one cycle ------------------------------------------------------- */

struct cycle {
	const struct yk_config *cfg;
	struct store *st;
	time_t now;
	remind_event_fn fn;
	void *ctx;
	struct remind_stats *stats;
	struct smtp *smtp;            /* opened on the first message */
	char from[SMTP_ADDR_MAX];
};

static void
emit(struct cycle *cy, const struct yk_campaign *c, const struct plan_entry *e, const char *mid,
     const char *what, const char *detail)
{
	struct remind_event ev = {
		.campaign = c->id, .agency = e->agency->code, .slot = e->slot_id, .message_id = mid,
		.what = what, .detail = detail,
	};

	if (cy->fn)
		cy->fn(cy->ctx, &ev);
}

static int
open_smtp(struct cycle *cy, struct yk_err *err)
{
	int rc;

	if (cy->smtp)
		return 0;
	if ((rc = compose_from_address(cy->cfg, cy->from, sizeof cy->from, err)))
		return rc;
	return smtp_open_config(cy->cfg, &cy->smtp, err);
}

struct rcpt_list {
	struct smtp_rcpt *v;
	char **addrs;
	size_t n, cap;
	int oom;
};

static int
on_recipient(void *ctx, const struct store_recipient *r)
{
	struct rcpt_list *l = ctx;

	/* accepted or refused for good: never again (same Message-ID) */
	if (strcmp(r->state, "pending") && strcmp(r->state, "deferred"))
		return 0;
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 8;
		struct smtp_rcpt *v = realloc(l->v, cap * sizeof *v);
		char **a = realloc(l->addrs, cap * sizeof *a);
		if (v)
			l->v = v;
		if (a)
			l->addrs = a;
		if (!v || !a)
			return l->oom = 1;
		l->cap = cap;
	}
	if (!(l->addrs[l->n] = strdup(r->address)))
		return l->oom = 1;
	memset(&l->v[l->n], 0, sizeof l->v[l->n]);
	l->v[l->n].addr = l->addrs[l->n];
	l->n++;
	return 0;
}

static void
rcpt_list_free(struct rcpt_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->addrs[i]);
	free(l->addrs);
	free(l->v);
}

/*
 * Sends the recorded reminder ID (attempts so far: ATTEMPTS) to its
 * recipients still open and records the outcome.  Returns an error only
 * when the cycle must stop.
 */
static int
deliver(struct cycle *cy, const struct yk_campaign *c, const struct plan_entry *e, int64_t id,
        const char *mid, int attempts, struct yk_err *err)
{
	struct compose_reminder cr = {
		.cfg = cy->cfg, .campaign = c, .agency = e->agency, .slot = e->slot_id,
		.to = (const char *const *)e->to, .n_to = e->n_to, .date = cy->now,
	};
	struct rcpt_list l = { 0 };
	struct buf msg, detail;
	struct yk_err serr = { 0 };
	size_t accepted = 0, deferred = 0, rejected = 0;
	const char *state, *what;
	char now_iso[32];
	int64_t next = 0;
	int rc, send_rc;

	buf_init(&msg, 0);
	buf_init(&detail, REMIND_DETAIL_MAX);
	isotime_format(cy->now, now_iso);
	if ((rc = store_recipient_each(cy->st, id, on_recipient, &l, err)))
		goto out;
	if (l.oom) {
		rc = yk_err_set(err, YK_ENOMEM, "out of memory");
		goto out;
	}
	attempts++;
	if (l.n == 0 || compose_reminder(&cr, &msg, &serr)) {
		/* nothing left to send to, or a message that cannot be built
		 * (template, attachment): a person must look; never retried blind */
		const char *why = l.n == 0 ? "no recipient left to send to" : serr.msg;
		if ((rc = store_begin(cy->st, err)) ||
		    (rc = store_reminder_update(cy->st, id, "failed", attempts, 0, NULL, why, err)) ||
		    (rc = store_commit(cy->st, err))) {
			store_rollback(cy->st);
			goto out;
		}
		cy->stats->failed++;
		emit(cy, c, e, mid, "failed", why);
		goto out;
	}
	if ((rc = open_smtp(cy, err)))
		goto out;
	send_rc = smtp_send(cy->smtp, cy->from, l.v, l.n, msg.data, msg.len, &serr);
	/* the outcome, one transaction */
	if ((rc = store_begin(cy->st, err)))
		goto out;
	for (size_t i = 0; i < l.n; i++) {
		const struct smtp_rcpt *r = &l.v[i];
		const char *rs = r->cls == SMTP_ACCEPTED ? "accepted"
		                 : r->cls == SMTP_PERMANENT ? "rejected" : "deferred";
		accepted += r->cls == SMTP_ACCEPTED;
		rejected += r->cls == SMTP_PERMANENT;
		deferred += r->cls == SMTP_TEMPORARY;
		if (r->cls != SMTP_ACCEPTED)
			(void)buf_printf(&detail, "%s%s: %s", detail.len ? "; " : "", r->addr,
			                 r->reply[0] ? r->reply : "no reply");
		if ((rc = store_recipient_set(cy->st, id, r->addr, rs, r->code, r->reply, err)))
			goto rollback;
	}
	if (deferred && attempts < REMIND_MAX_ATTEMPTS) {
		state = "retry";
		what = "retry";
		next = (int64_t)(cy->now + backoff(attempts));
	} else if (deferred) {
		state = "failed";
		what = "failed";
		(void)buf_printf(&detail, " (gave up after %d attempts)", attempts);
	} else if (accepted || !rejected) {
		/* every open recipient answered for good, at least one accepted;
		 * recipients accepted on an earlier attempt count too */
		state = "sent";
		what = rejected ? "partial" : "sent";
	} else {
		state = "failed";
		what = "failed";
	}
	if ((rc = store_reminder_update(cy->st, id, state, attempts, next,
	                                accepted ? now_iso : NULL,
	                                detail.len ? detail.data : NULL, err)) ||
	    (rc = store_commit(cy->st, err)))
		goto rollback;
	if (!strcmp(state, "sent"))
		cy->stats->sent++;
	else if (!strcmp(state, "retry"))
		cy->stats->retry++;
	else
		cy->stats->failed++;
	emit(cy, c, e, mid, what, detail.len ? detail.data : NULL);
	if (send_rc) {
		/* the server cannot be used now: the rest waits for the next cycle */
		rc = yk_err_set(err, serr.code, "%s", serr.msg);
	}
	goto out;
rollback:
	store_rollback(cy->st);
out:
	rcpt_list_free(&l);
	buf_free(&msg);
	buf_free(&detail);
	return rc;
}

/* The attempts so far of record ID, as gather() read them. */
static int
attempts_of(const struct state *s, int64_t id)
{
	for (size_t i = 0; i < s->n_recs; i++)
		if (s->recs[i].rec.id == id)
			return s->recs[i].attempts;
	return 0;
}

static int
act(struct cycle *cy, const struct yk_campaign *c, const struct state *s,
    const struct plan_entry *e, struct yk_err *err)
{
	char mid[COMPOSE_MESSAGE_ID_MAX], now_iso[32];
	int64_t id = 0;
	struct buf why;
	int rc = 0;

	if (e->what == PLAN_LATER || e->what == PLAN_PASSED)
		return 0;
	if ((rc = compose_message_id(cy->cfg, c->id, e->agency->code, e->slot_id, mid, sizeof mid,
	                             err)))
		return rc;
	isotime_format(cy->now, now_iso);
	buf_init(&why, REMIND_DETAIL_MAX);
	switch (e->what) {
	case PLAN_CANCEL:
		if ((rc = store_begin(cy->st, err)) ||
		    (rc = store_reminder_update(cy->st, e->record_id, "cancelled", 0, 0, NULL, e->reason,
		                                err)) ||
		    (rc = store_commit(cy->st, err))) {
			store_rollback(cy->st);
			break;
		}
		cy->stats->cancelled++;
		emit(cy, c, e, mid, "cancelled", e->reason);
		break;
	case PLAN_UNMAILABLE: {
		struct store_reminder r = {
			.campaign = c->id, .agency = e->agency->code, .slot = e->slot_id,
			.message_id = mid, .due_at = (int64_t)e->slot->at, .state = "failed",
			.created_at = now_iso,
		};
		(void)buf_adds(&why, e->reason);
		for (size_t i = 0; i < e->n_bouncing; i++)
			(void)buf_printf(&why, "%s%s", i ? ", " : ": ", e->bouncing[i]);
		r.error = why.data;
		if ((rc = store_begin(cy->st, err)) ||
		    (rc = store_reminder_insert(cy->st, &r, NULL, 0, &id, err)) ||
		    (rc = store_commit(cy->st, err))) {
			store_rollback(cy->st);
			break;
		}
		cy->stats->failed++;
		emit(cy, c, e, mid, "unmailable", why.data);
		break;
	}
	case PLAN_SEND: {
		struct store_reminder r = {
			.campaign = c->id, .agency = e->agency->code, .slot = e->slot_id,
			.message_id = mid, .due_at = (int64_t)e->slot->at, .state = "pending",
			.next_attempt = (int64_t)cy->now, .created_at = now_iso,
		};
		const char **rcpts = calloc(e->n_to + cy->cfg->smtp.n_cc + 1, sizeof *rcpts);
		size_t n = 0;
		if (!rcpts) {
			rc = yk_err_set(err, YK_ENOMEM, "out of memory");
			break;
		}
		for (size_t i = 0; i < e->n_to; i++)
			rcpts[n++] = e->to[i];
		for (size_t i = 0; i < cy->cfg->smtp.n_cc; i++)
			rcpts[n++] = cy->cfg->smtp.cc[i];
		/* the intent is durable before the message leaves */
		rc = store_begin(cy->st, err);
		if (!rc)
			rc = store_reminder_insert(cy->st, &r, rcpts, n, &id, err);
		if (!rc)
			rc = store_commit(cy->st, err);
		free(rcpts);
		if (rc) {
			store_rollback(cy->st);
			break;
		}
		fault_point("reminder-recorded");
		rc = deliver(cy, c, e, id, mid, 0, err);
		break;
	}
	case PLAN_RESEND:
		rc = deliver(cy, c, e, e->record_id, mid, attempts_of(s, e->record_id), err);
		break;
	default:
		break;
	}
	buf_free(&why);
	return rc;
}

static bool
has_slots(const struct yk_campaign *c)
{
	return c->reminders.n_before_days > 0 ||
	       (c->reminders.overdue_max > 0 && c->reminders.overdue_every_days > 0);
}

int
remind_run(const struct yk_config *cfg, struct store *st, time_t now, const char *campaign,
           remind_event_fn fn, void *ctx, struct remind_stats *stats, struct yk_err *err)
{
	struct cycle cy = { .cfg = cfg, .st = st, .now = now, .fn = fn, .ctx = ctx,
		            .stats = stats };
	int rc = 0;

	memset(stats, 0, sizeof *stats);
	if (!cfg->smtp.url)
		return yk_err_set(err, YK_ECONFIG, "%s: no smtp group: reminders cannot be sent",
		                  cfg->path ? cfg->path : "configuration");
	for (size_t i = 0; i < cfg->n_campaigns && !rc; i++) {
		const struct yk_campaign *c = &cfg->campaigns[i];
		struct state s;
		struct plan *p = NULL;

		if ((campaign && strcmp(campaign, c->id)) || !has_slots(c))
			continue;
		if ((rc = store_begin(st, err)))
			break;
		if ((rc = gather(cfg, st, c, now, true, &s, err)) || (rc = store_commit(st, err))) {
			store_rollback(st);
			state_free(&s);
			break;
		}
		if (!(rc = make_plan(cfg, &s, now, &p, err))) {
			for (size_t k = 0; k < p->n_entries && !rc; k++)
				rc = act(&cy, c, &s, &p->entries[k], err);
		}
		plan_free(p);
		state_free(&s);
	}
	smtp_close(cy.smtp);
	return rc;
}

int
remind_cycle(const struct yk_config *cfg, struct store *st, time_t now, remind_event_fn fn,
             void *ctx, struct remind_stats *stats, struct yk_err *err)
{
	if (!cfg->smtp.url) {
		memset(stats, 0, sizeof *stats);
		return 0; /* no smtp group: this installation sends no reminders */
	}
	return remind_run(cfg, st, now, NULL, fn, ctx, stats, err);
}

/* ---- dry run and status ------------------------------------------------ */

int
remind_dry_run(const struct yk_config *cfg, struct store *st, time_t now, const char *campaign,
               struct buf *out, struct yk_err *err)
{
	int rc = 0;

	for (size_t i = 0; i < cfg->n_campaigns && !rc; i++) {
		const struct yk_campaign *c = &cfg->campaigns[i];
		struct state s;
		struct plan *p = NULL;
		char when[32];
		size_t replied = 0;

		if (campaign && strcmp(campaign, c->id))
			continue;
		local_time(now, when);
		rc |= buf_printf(out, "Campaign %s — %s (now %s +07:00%s)\n", c->id,
		                 c->title ? c->title : c->reference, when,
		                 plan_in_window(&c->reminders, now) ? ", inside the send window" : "");
		if (!has_slots(c)) {
			rc |= buf_adds(out, "  no reminders configured\n");
			continue;
		}
		if ((rc = gather(cfg, st, c, now, false, &s, err)) ||
		    (rc = make_plan(cfg, &s, now, &p, err))) {
			state_free(&s);
			break;
		}
		for (size_t k = 0; k < s.n_agencies; k++)
			replied += s.agencies[k].replied;
		rc |= buf_adds(out, "  slots:");
		for (size_t k = 0; k < p->n_slots; k++) {
			local_time(p->slots[k].at, when);
			rc |= buf_printf(out, " %s %s%s", p->slots[k].id, when,
			                 k + 1 < p->n_slots ? "," : "");
		}
		rc |= buf_printf(out, "\n  %zu of %zu agencies replied (they get no reminder)\n",
		                 replied, s.n_agencies);
		for (size_t k = 0; k < p->n_entries; k++) {
			const struct plan_entry *e = &p->entries[k];
			local_time(e->at, when);
			rc |= buf_printf(out, "  %s  %-16s %-11s %-10s ", when, e->agency->code,
			                 e->slot_id, plan_what_name(e->what));
			for (size_t a = 0; a < e->n_to; a++)
				rc |= buf_printf(out, "%s%s", a ? ", " : "", e->to[a]);
			for (size_t a = 0; a < cfg->smtp.n_cc && e->n_to; a++)
				rc |= buf_printf(out, ", cc %s", cfg->smtp.cc[a]);
			for (size_t a = 0; a < e->n_bouncing; a++)
				rc |= buf_printf(out, "%s%s (bounces: not mailed)", e->n_to || a ? ", " : "",
				                 e->bouncing[a]);
			if (e->reason)
				rc |= buf_printf(out, "%s[%s]", e->n_to || e->n_bouncing ? " " : "", e->reason);
			rc |= buf_addc(out, '\n');
		}
		plan_free(p);
		state_free(&s);
	}
	if (rc && !err->code)
		rc = yk_err_set(err, YK_ENOMEM, "out of memory");
	return rc;
}

struct status_ctx {
	struct buf *out;
	unsigned n[5]; /* pending retry sent failed cancelled */
	struct buf failures;
	int rc;
};

static int
on_status_row(void *ctx, const struct store_reminder *r)
{
	struct status_ctx *s = ctx;
	static const char *const names[] = { "pending", "retry", "sent", "failed", "cancelled" };

	for (size_t i = 0; i < 5; i++)
		if (!strcmp(r->state, names[i]))
			s->n[i]++;
	if (!strcmp(r->state, "failed") || (r->error && !strcmp(r->state, "sent")) ||
	    !strcmp(r->state, "retry"))
		s->rc |= buf_printf(&s->failures, "  %-9s %-16s %-11s %s\n",
		                    !strcmp(r->state, "sent") ? "partial" : r->state, r->agency, r->slot,
		                    r->error ? r->error : "");
	return 0;
}

int
remind_status(struct store *st, const char *campaign, struct buf *out, struct yk_err *err)
{
	struct status_ctx s = { .out = out };
	int rc;

	buf_init(&s.failures, 0);
	if ((rc = store_reminder_each(st, campaign, on_status_row, &s, err)))
		goto out;
	if (s.n[0] + s.n[1] + s.n[2] + s.n[3] + s.n[4] == 0)
		goto out;
	s.rc |= buf_printf(out, "Reminders: %u sent, %u in flight, %u waiting for a retry, "
	                   "%u failed, %u cancelled\n", s.n[2], s.n[0], s.n[1], s.n[3], s.n[4]);
	if (s.failures.len)
		s.rc |= buf_add(out, s.failures.data, s.failures.len);
	if (s.rc)
		rc = yk_err_set(err, YK_ENOMEM, "out of memory");
out:
	buf_free(&s.failures);
	return rc;
}
