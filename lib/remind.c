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
#include "i18n.h"
#include "isotime.h"
#include "outbox.h"
#include "plan.h"

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
			return YK_ENOMEM;
		s->recs = v;
		s->cap_recs = cap;
	}
	rc = &s->recs[s->n_recs];
	rc->agency = strdup(r->agency);
	rc->rec.slot = strdup(r->slot);
	if (!rc->agency || !rc->rec.slot) {
		free(rc->agency);
		free((char *)rc->rec.slot);
		return YK_ENOMEM;
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
			return YK_ENOMEM;
		s->bouncing = v;
		s->cap_bouncing = cap;
	}
	if (!(s->bouncing[s->n_bouncing] = strdup(addr)))
		return YK_ENOMEM;
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
	int rc;

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
	if (!(rc = store_each_effective_reply(st, c->id, on_reply, s, err)) &&
	    !(rc = store_reminder_each(st, c->id, on_record, s, err)))
		rc = store_bouncing_each(st, on_bouncing, s, err);
	if (rc == YK_ENOMEM)
		rc = yk_err_set(err, rc, "out of memory");
	if (rc)
		return rc;
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

/* ---- one cycle ------------------------------------------------------- */

static const struct outcome_policy remind_policy = {
	.max_attempts = REMIND_MAX_ATTEMPTS, .retry_first = REMIND_RETRY_FIRST,
	.retry_max = REMIND_RETRY_MAX,
};

struct cycle {
	const struct yk_config *cfg;
	struct store *st;
	time_t now;
	char now_iso[32];
	remind_event_fn fn;
	void *ctx;
	struct remind_stats *stats;
	struct outbox ob;             /* one SMTP connection for the cycle */
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

struct rcpt_list {
	struct smtp_rcpt *v;
	char **addrs;
	size_t n, cap;
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
			return YK_ENOMEM;
		l->cap = cap;
	}
	if (!(l->addrs[l->n] = strdup(r->address)))
		return YK_ENOMEM;
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

/* One reminder, as the outbox's kind. */
struct one {
	struct cycle *cy;
	const struct yk_campaign *c;
	const struct plan_entry *e;
	const char *mid;
	int64_t id;                   /* its row (set by one_record for a new one) */
	struct rcpt_list l;           /* the recipients still open */
	const char *why;              /* nothing sent: why (a person must look) */
	struct yk_err serr;           /* a message that could not be built */
	struct buf detail;            /* per-address outcomes */
	const char *state, *what;
};

static int
one_record(struct store *st, void *ctx, struct yk_err *err)
{
	struct one *o = ctx;
	const struct yk_config *cfg = o->cy->cfg;
	const struct plan_entry *e = o->e;
	struct store_reminder r = {
		.campaign = o->c->id, .agency = e->agency->code, .slot = e->slot_id,
		.message_id = o->mid, .due_at = (int64_t)e->slot->at, .state = "pending",
		.next_attempt = (int64_t)o->cy->now, .created_at = o->cy->now_iso,
	};
	const char **rcpts = calloc(e->n_to + cfg->smtp.n_cc + 1, sizeof *rcpts);
	size_t n = 0;
	int rc;

	if (!rcpts)
		return yk_err_set(err, YK_ENOMEM, "out of memory");
	for (size_t i = 0; i < e->n_to; i++)
		rcpts[n++] = e->to[i];
	for (size_t i = 0; i < cfg->smtp.n_cc; i++)
		rcpts[n++] = cfg->smtp.cc[i];
	rc = store_reminder_insert(st, &r, rcpts, n, &o->id, err);
	free(rcpts);
	return rc;
}

/* The Message-ID of the letter `ykien dispatch` sent the agency, if any. */
struct letter_id {
	const char *agency;
	char id[COMPOSE_MESSAGE_ID_MAX];
};

static int
on_dispatch(void *ctx, const struct store_dispatch *d)
{
	struct letter_id *l = ctx;

	if (!strcmp(d->agency, l->agency) && strlen(d->message_id) < sizeof l->id)
		memcpy(l->id, d->message_id, strlen(d->message_id) + 1);
	return 0;
}

static int
one_build(void *ctx, struct outbox_msg *m, struct yk_err *err)
{
	struct one *o = ctx;
	const struct plan_entry *e = o->e;
	struct letter_id letter = { .agency = e->agency->code };
	struct compose_reminder cr = {
		.cfg = o->cy->cfg, .campaign = o->c, .agency = e->agency, .slot = e->slot_id,
		.to = (const char *const *)e->to, .n_to = e->n_to, .date = o->cy->now,
	};
	int rc = store_recipient_each(o->cy->st, o->id, on_recipient, &o->l, err);

	/* under the letter dispatched to this agency: a reply to the reminder
	 * keeps it in References, which names the agency (lib/dispatch_id.h) */
	if (!rc && !(rc = store_dispatch_each(o->cy->st, o->c->id, on_dispatch, &letter, err)) &&
	    letter.id[0])
		cr.in_reply_to = letter.id;

	if (rc == YK_ENOMEM)
		rc = yk_err_set(err, rc, "out of memory");
	if (rc)
		return rc;
	/* nothing left to send to, or a message that cannot be built
	 * (template, attachment): a person must look; never retried blind */
	if (o->l.n == 0)
		o->why = "no recipient left to send to";
	else if (compose_reminder(&cr, &m->text, &o->serr))
		o->why = o->serr.msg;
	else {
		m->rcpts = o->l.v;
		m->n = o->l.n;
	}
	return 0;
}

static int
one_outcome(struct store *st, void *ctx, const struct outbox_result *r, struct yk_err *err)
{
	struct one *o = ctx;
	size_t accepted = 0;
	int rc;

	if (!r->tried) {
		o->state = o->what = "failed";
		return store_reminder_update(st, o->id, "failed", r->attempts, 0, NULL, o->why, err);
	}
	for (size_t i = 0; i < r->n; i++) {
		const struct smtp_rcpt *p = &r->rcpts[i];
		const char *rs = p->cls == SMTP_ACCEPTED ? "accepted"
		                 : p->cls == SMTP_PERMANENT ? "rejected" : "deferred";
		accepted += p->cls == SMTP_ACCEPTED;
		if ((rc = store_recipient_set(st, o->id, p->addr, rs, p->code, p->reply, err)))
			return rc;
	}
	outcome_failures(r->rcpts, r->n, &o->detail);
	switch (r->verdict) {
	case OUTCOME_RETRY:
		o->state = o->what = "retry";
		break;
	case OUTCOME_GAVE_UP:
		o->state = o->what = "failed";
		(void)buf_printf(&o->detail, " (gave up after %d attempts)", r->attempts);
		break;
	case OUTCOME_SENT:
	case OUTCOME_PARTIAL:
		/* every open recipient answered for good, at least one accepted */
		o->state = "sent";
		o->what = r->verdict == OUTCOME_PARTIAL ? "partial" : "sent";
		break;
	default:
		o->state = o->what = "failed";
		break;
	}
	return store_reminder_update(st, o->id, o->state, r->attempts,
	                             r->verdict == OUTCOME_RETRY ? (int64_t)r->next_attempt : 0,
	                             accepted ? o->cy->now_iso : NULL,
	                             o->detail.len ? o->detail.data : NULL, err);
}

static void
one_done(void *ctx, const struct outbox_result *r)
{
	struct one *o = ctx;
	struct remind_stats *stats = o->cy->stats;

	if (!strcmp(o->state, "sent"))
		stats->sent++;
	else if (!strcmp(o->state, "retry"))
		stats->retry++;
	else
		stats->failed++;
	emit(o->cy, o->c, o->e, o->mid, o->what,
	     !r->tried ? o->why : o->detail.len ? o->detail.data : NULL);
}

static const struct outbox_kind remind_kind = {
	.policy = &remind_policy, .recorded = "reminder-recorded", .count_dropped = true,
	.record = one_record, .build = one_build, .outcome = one_outcome, .done = one_done,
};

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
send_one(struct cycle *cy, const struct yk_campaign *c, const struct state *s,
         const struct plan_entry *e, const char *mid, struct yk_err *err)
{
	bool fresh = e->what == PLAN_SEND;
	struct one o = { .cy = cy, .c = c, .e = e, .mid = mid,
		         .id = fresh ? 0 : e->record_id };
	int rc;

	buf_init(&o.detail, REMIND_DETAIL_MAX);
	rc = outbox_send(&cy->ob, &remind_kind, &o, fresh, fresh ? 0 : attempts_of(s, o.id), err);
	rcpt_list_free(&o.l);
	buf_free(&o.detail);
	return rc;
}

/* A reminder planned never to leave: cancelled (its row updated) or
 * unmailable (a row recorded as failed). */
struct settle {
	struct cycle *cy;
	const struct yk_campaign *c;
	const struct plan_entry *e;
	const char *mid;
	const char *why;
};

static int
settle_tx(struct store *st, void *ctx, struct yk_err *err)
{
	struct settle *t = ctx;
	const struct plan_entry *e = t->e;
	struct store_reminder r = { 0 };
	int64_t id;

	/* a cancelled one's slot may be gone from the schedule (e->slot NULL) */
	if (e->what == PLAN_CANCEL)
		return store_reminder_update(st, e->record_id, "cancelled", 0, 0, NULL, t->why, err);
	r.campaign = t->c->id;
	r.agency = e->agency->code;
	r.slot = e->slot_id;
	r.message_id = t->mid;
	r.due_at = (int64_t)e->slot->at;
	r.state = "failed";
	r.created_at = t->cy->now_iso;
	r.error = t->why;
	return store_reminder_insert(st, &r, NULL, 0, &id, err);
}

static int
act(struct cycle *cy, const struct yk_campaign *c, const struct state *s,
    const struct plan_entry *e, struct yk_err *err)
{
	char mid[COMPOSE_MESSAGE_ID_MAX];
	struct settle t = { .cy = cy, .c = c, .e = e, .mid = mid, .why = e->reason };
	struct buf why;
	int rc;

	if (e->what == PLAN_LATER || e->what == PLAN_PASSED)
		return 0;
	if ((rc = compose_message_id(cy->cfg, c->id, e->agency->code, e->slot_id, mid, sizeof mid,
	                             err)))
		return rc;
	if (e->what == PLAN_SEND || e->what == PLAN_RESEND)
		return send_one(cy, c, s, e, mid, err);
	buf_init(&why, REMIND_DETAIL_MAX);
	if (e->what == PLAN_UNMAILABLE) {
		(void)buf_adds(&why, e->reason);
		for (size_t i = 0; i < e->n_bouncing; i++)
			(void)buf_printf(&why, "%s%s", i ? ", " : ": ", e->bouncing[i]);
		t.why = why.data;
	}
	if (!(rc = store_tx(cy->st, settle_tx, &t, err))) {
		if (e->what == PLAN_CANCEL)
			cy->stats->cancelled++;
		else
			cy->stats->failed++;
		emit(cy, c, e, mid, e->what == PLAN_CANCEL ? "cancelled" : "unmailable", t.why);
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

/* gather() with RECORD, as one transaction */
struct gather_tx {
	const struct yk_config *cfg;
	const struct yk_campaign *c;
	time_t now;
	struct state *s;
};

static int
gather_tx(struct store *st, void *ctx, struct yk_err *err)
{
	struct gather_tx *g = ctx;

	return gather(g->cfg, st, g->c, g->now, true, g->s, err);
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
	isotime_format(now, cy.now_iso);
	outbox_init(&cy.ob, cfg, st, now);
	for (size_t i = 0; i < cfg->n_campaigns && !rc; i++) {
		const struct yk_campaign *c = &cfg->campaigns[i];
		struct state s = { 0 };
		struct gather_tx g = { .cfg = cfg, .c = c, .now = now, .s = &s };
		struct plan *p = NULL;

		if ((campaign && strcmp(campaign, c->id)) || !has_slots(c))
			continue;
		if (!(rc = store_tx(st, gather_tx, &g, err)) &&
		    !(rc = make_plan(cfg, &s, now, &p, err))) {
			for (size_t k = 0; k < p->n_entries && !rc; k++)
				rc = act(&cy, c, &s, &p->entries[k], err);
		}
		plan_free(p);
		state_free(&s);
	}
	outbox_close(&cy.ob);
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
remind_each_planned(const struct yk_config *cfg, struct store *st, time_t now,
                    const struct yk_campaign *c, remind_planned_fn fn, void *ctx,
                    struct yk_err *err)
{
	struct state s;
	struct plan *p = NULL;
	int rc;

	if (!has_slots(c))
		return 0;
	/* gather() without recording and the plan: a dry run, as --dry-run */
	if (!(rc = gather(cfg, st, c, now, false, &s, err)) &&
	    !(rc = make_plan(cfg, &s, now, &p, err))) {
		for (size_t k = 0; k < p->n_entries && !rc; k++)
			if ((rc = fn(ctx, &p->entries[k])))
				rc = yk_err_set(err, rc, "out of memory");
	}
	plan_free(p);
	state_free(&s);
	return rc;
}

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
		(void)buf_printf(out, "Campaign %s — %s (now %s +07:00%s)\n", c->id,
		                 c->title ? c->title : c->reference, when,
		                 plan_in_window(&c->reminders, now) ? ", inside the send window" : "");
		if (!has_slots(c)) {
			(void)buf_adds(out, "  no reminders configured\n");
			continue;
		}
		if ((rc = gather(cfg, st, c, now, false, &s, err)) ||
		    (rc = make_plan(cfg, &s, now, &p, err))) {
			state_free(&s);
			break;
		}
		for (size_t k = 0; k < s.n_agencies; k++)
			replied += s.agencies[k].replied;
		(void)buf_adds(out, "  slots:");
		for (size_t k = 0; k < p->n_slots; k++) {
			local_time(p->slots[k].at, when);
			(void)buf_printf(out, " %s %s%s", p->slots[k].id, when,
			                 k + 1 < p->n_slots ? "," : "");
		}
		(void)buf_printf(out, "\n  %zu of %zu agencies replied (they get no reminder)\n",
		                 replied, s.n_agencies);
		for (size_t k = 0; k < p->n_entries; k++) {
			const struct plan_entry *e = &p->entries[k];
			local_time(e->at, when);
			(void)buf_printf(out, "  %s  %-16s %-11s %-10s ", when, e->agency->code,
			                 e->slot_id, plan_what_name(e->what));
			for (size_t a = 0; a < e->n_to; a++)
				(void)buf_printf(out, "%s%s", a ? ", " : "", e->to[a]);
			for (size_t a = 0; a < cfg->smtp.n_cc && e->n_to; a++)
				(void)buf_printf(out, ", cc %s", cfg->smtp.cc[a]);
			for (size_t a = 0; a < e->n_bouncing; a++)
				(void)buf_printf(out, "%s%s (bounces: not mailed)", e->n_to || a ? ", " : "",
				                 e->bouncing[a]);
			if (e->reason)
				(void)buf_printf(out, "%s[%s]", e->n_to || e->n_bouncing ? " " : "", e->reason);
			(void)buf_addc(out, '\n');
		}
		plan_free(p);
		state_free(&s);
	}
	if (!rc && buf_status(out))
		rc = yk_err_set(err, buf_status(out), "out of memory");
	return rc;
}

struct status_ctx {
	struct buf *out;
	unsigned n[5]; /* pending retry sent failed cancelled */
	struct buf failures;
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
		(void)buf_printf(&s->failures, "  %-9s %-16s %-11s %s\n",
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
	/* shown under the status table, in its language (lib/i18n.h) */
	(void)buf_printf(out, _("Reminders: %u sent, %u in flight, %u waiting for a retry, "
	                        "%u failed, %u cancelled\n"), s.n[2], s.n[0], s.n[1], s.n[3], s.n[4]);
	if (s.failures.len)
		(void)buf_add(out, s.failures.data, s.failures.len);
	if (buf_status(&s.failures) || buf_status(out))
		rc = yk_err_set(err, YK_ENOMEM, "out of memory");
out:
	buf_free(&s.failures);
	return rc;
}
