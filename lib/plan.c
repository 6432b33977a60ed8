/*
 * plan — slots, the send window and the due rule (see plan.h for the rule
 * itself).  Calendar arithmetic is on local day numbers (days since
 * 1970-01-01 at UTC+7), so no libc timezone state is touched and the result
 * does not depend on the host's TZ.
 */
#include "plan.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "isotime.h"
#include "vncal.h"

#define DAY 86400

static long long
floor_div(long long a, long long b)
{
	long long q = a / b;

	return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

long long
plan_local_day(time_t t)
{
	return floor_div((long long)t + PLAN_TZ_OFFSET, DAY);
}

static int
local_minute(time_t t)
{
	long long s = (long long)t + PLAN_TZ_OFFSET;

	return (int)((s - floor_div(s, DAY) * DAY) / 60);
}

static bool
working(const struct yk_reminder_rules *r, long long day)
{
	/* a public holiday or an announced day off is nobody's working day,
	 * whatever working_days_only says: offices are closed */
	if (vncal_day_off(r->calendar, day))
		return false;
	if (!r->working_days_only)
		return true;
	/* offices work Monday to Friday, and on a make-up Saturday */
	return vncal_working(r->calendar, day) && !vncal_listed(r->holidays, r->n_holidays, day);
}

/* The working day nearest DAY in direction STEP (-1, +1), DAY itself
 * when it is one; DAY unchanged when none is found within the limit. */
static long long
to_working(const struct yk_reminder_rules *r, long long day, int step)
{
	for (int i = 0; i < PLAN_SEARCH_DAYS; i++, day += step)
		if (working(r, day))
			return day;
	return day - (long long)step * PLAN_SEARCH_DAYS;
}

static time_t
slot_time(const struct yk_reminder_rules *r, long long day)
{
	return (time_t)(day * DAY + r->send_at_minutes * 60LL - PLAN_TZ_OFFSET);
}

static int
window_end(const struct yk_reminder_rules *r)
{
	int end = r->send_at_minutes + PLAN_WINDOW_MINUTES;

	return end > 24 * 60 ? 24 * 60 : end; /* the window never crosses midnight */
}

bool
plan_in_window(const struct yk_reminder_rules *r, time_t t)
{
	int m = local_minute(t);

	return working(r, plan_local_day(t)) && m >= r->send_at_minutes && m < window_end(r);
}

time_t
plan_next_window(const struct yk_reminder_rules *r, time_t t)
{
	long long day = plan_local_day(t);

	if (plan_in_window(r, t))
		return t;
	if (working(r, day) && local_minute(t) < r->send_at_minutes)
		return slot_time(r, day);
	return slot_time(r, to_working(r, day + 1, +1));
}

int
plan_days_left(const struct yk_campaign *c, time_t t)
{
	return (int)(plan_local_day(c->deadline) - plan_local_day(t));
}

static int
cmp_int_asc(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;

	return (x > y) - (x < y);
}

int
plan_slots(const struct yk_campaign *c, struct plan_slot **out, size_t *n, struct yk_err *err)
{
	const struct yk_reminder_rules *r = &c->reminders;
	long long dday = plan_local_day(c->deadline), prev;
	size_t nb = r->n_before_days, no = 0, k = 0, kept_before = 0;
	struct plan_slot *s;
	int *days = NULL;

	*out = NULL;
	*n = 0;
	if (r->overdue_every_days > 0 && r->overdue_max > 0)
		no = (size_t)r->overdue_max;
	if (nb + no > PLAN_MAX_SLOTS)
		return yk_err_set(err, YK_ELIMIT, "campaign %s: %zu reminder slots, at most %d",
		                  c->id, nb + no, PLAN_MAX_SLOTS);
	s = calloc(nb + no + 1, sizeof *s);
	days = calloc(nb + 1, sizeof *days);
	if (!s || !days) {
		free(s);
		free(days);
		return yk_err_set(err, YK_ENOMEM, "out of memory");
	}
	if (nb)
		memcpy(days, r->before_days, nb * sizeof *days);
	qsort(days, nb, sizeof *days, cmp_int_asc);
	/* Before the deadline, nearest first, each moved earlier off
	 * non-working days and off the day of the slot after it. */
	prev = dday + 1;
	for (size_t i = 0; i < nb; i++) {
		long long day;
		time_t at;

		if (i > 0 && days[i] == days[i - 1])
			continue; /* the same day listed twice is one slot */
		day = to_working(r, dday - days[i], -1);
		if (day >= prev)
			day = to_working(r, prev - 1, -1);
		at = slot_time(r, day);
		if (at >= c->deadline || at <= c->sent)
			continue; /* not between the letter and the deadline */
		prev = day;
		snprintf(s[k].id, sizeof s[k].id, "before-%d", days[i]);
		s[k].at = at;
		k++;
	}
	kept_before = k;
	/* nearest first -> chronological */
	for (size_t i = 0; i < kept_before / 2; i++) {
		struct plan_slot t = s[i];
		s[i] = s[kept_before - 1 - i];
		s[kept_before - 1 - i] = t;
	}
	/* After it: moved later, and past the previous overdue slot. */
	prev = dday;
	for (size_t i = 1; i <= no; i++) {
		long long day = to_working(r, dday + (long long)i * r->overdue_every_days, +1);
		if (day <= prev)
			day = to_working(r, prev + 1, +1);
		prev = day;
		snprintf(s[k].id, sizeof s[k].id, "overdue-%zu", i);
		s[k].at = slot_time(r, day);
		s[k].overdue = true;
		k++;
	}
	free(days);
	*out = s;
	*n = k;
	return 0;
}

const char *
plan_what_name(enum plan_what w)
{
	switch (w) {
	case PLAN_SEND: return "send";
	case PLAN_RESEND: return "resend";
	case PLAN_CANCEL: return "cancel";
	case PLAN_UNMAILABLE: return "unmailable";
	case PLAN_LATER: return "later";
	case PLAN_PASSED: return "passed";
	}
	return "?";
}

/* struct plan with its private allocations */
struct plan_priv {
	struct plan pub;
	const char **addrs;   /* every agency's to[] then bouncing[] slices */
	size_t cap;
};

static bool
is_bouncing(const struct plan_input *in, const char *addr)
{
	for (size_t i = 0; i < in->n_bouncing; i++)
		if (in->bouncing[i] && !strcmp(in->bouncing[i], addr))
			return true;
	return false;
}

static int
add_entry(struct plan_priv *p, const struct plan_entry *e, struct yk_err *err)
{
	if (p->pub.n_entries == p->cap) {
		size_t cap = p->cap ? p->cap * 2 : 16;
		struct plan_entry *v = realloc(p->pub.entries, cap * sizeof *v);
		if (!v)
			return yk_err_set(err, YK_ENOMEM, "out of memory");
		p->pub.entries = v;
		p->cap = cap;
	}
	p->pub.entries[p->pub.n_entries++] = *e;
	return 0;
}

static long
slot_index(const struct plan *p, const char *id)
{
	for (size_t i = 0; id && i < p->n_slots; i++)
		if (!strcmp(p->slots[i].id, id))
			return (long)i;
	return -1;
}

static int
plan_one(const struct plan_input *in, struct plan_priv *p, const struct plan_agency *pa,
         const char **addrs, struct yk_err *err)
{
	const struct yk_reminder_rules *r = &in->campaign->reminders;
	const struct yk_agency *a = &in->cfg->agencies[pa->agency_idx];
	struct plan *pl = &p->pub;
	struct plan_entry base = { .agency = a, .agency_idx = pa->agency_idx };
	long last = -1, due = -1;
	time_t floor_at = pa->joined_late ? pa->joined_at : (time_t)LLONG_MIN;
	size_t nt = 0, nbo = 0;

	/* addresses: mailable ones first, the bouncing ones after them */
	for (size_t i = 0; i < a->n_emails; i++)
		if (a->emails[i][0] != '@' && !is_bouncing(in, a->emails[i]))
			addrs[nt++] = a->emails[i];
	for (size_t i = 0; i < a->n_emails; i++)
		if (a->emails[i][0] != '@' && is_bouncing(in, a->emails[i]))
			addrs[nt + nbo++] = a->emails[i];
	base.to = addrs;
	base.n_to = nt;
	base.bouncing = addrs + nt;
	base.n_bouncing = nbo;

	for (size_t i = 0; i < pa->n_records; i++) {
		long j = slot_index(pl, pa->records[i].slot);
		if (j > last)
			last = j;
	}
	if (!pa->replied) {
		for (size_t j = (size_t)(last + 1); j < pl->n_slots; j++)
			if (pl->slots[j].at <= in->now && pl->slots[j].at >= floor_at)
				due = (long)j;
		/* missed slots passed over in favour of the latest one */
		for (long j = last + 1; j < due; j++) {
			struct plan_entry e = base;
			if (pl->slots[j].at < floor_at)
				continue;
			e.what = PLAN_PASSED;
			e.slot = &pl->slots[j];
			e.slot_id = e.slot->id;
			e.at = e.slot->at;
			e.reason = "missed; only the latest missed slot is sent";
			if (add_entry(p, &e, err))
				return err->code;
		}
	}
	/* reminders still in flight or waiting for a retry */
	for (size_t i = 0; i < pa->n_records; i++) {
		const struct plan_record *rec = &pa->records[i];
		long j = slot_index(pl, rec->slot);
		struct plan_entry e = base;

		if (rec->state != PLAN_REC_PENDING && rec->state != PLAN_REC_RETRY)
			continue;
		e.slot = j >= 0 ? &pl->slots[j] : NULL;
		e.slot_id = rec->slot;
		e.record_id = rec->id;
		if (pa->replied) {
			e.what = PLAN_CANCEL;
			e.reason = "the agency has replied";
			e.at = in->now;
		} else if (due >= 0 || j < last) {
			e.what = PLAN_CANCEL;
			e.reason = "superseded by a later slot";
			e.at = in->now;
		} else if (j < 0) {
			e.what = PLAN_CANCEL;
			e.reason = "its slot is no longer in the schedule";
			e.at = in->now;
		} else if (pl->in_window && rec->next_attempt <= in->now) {
			e.what = PLAN_RESEND;
			e.at = in->now;
		} else {
			e.what = PLAN_LATER;
			e.at = plan_next_window(r, rec->next_attempt > in->now ? rec->next_attempt
			                                                       : in->now);
		}
		if (add_entry(p, &e, err))
			return err->code;
	}
	if (pa->replied)
		return 0;
	if (due >= 0) {
		struct plan_entry e = base;
		e.slot = &pl->slots[due];
		e.slot_id = e.slot->id;
		if (!pl->in_window) {
			e.what = PLAN_LATER;
			e.at = plan_next_window(r, in->now);
		} else if (nt == 0) {
			e.what = PLAN_UNMAILABLE;
			e.at = in->now;
			e.reason = nbo ? "every address of the agency bounces"
			               : "the agency has no mailbox address (only whole domains)";
		} else {
			e.what = PLAN_SEND;
			e.at = in->now;
		}
		if (add_entry(p, &e, err))
			return err->code;
	}
	/* the schedule ahead */
	for (size_t j = (size_t)((due > last ? due : last) + 1); j < pl->n_slots; j++) {
		struct plan_entry e = base;
		if (pl->slots[j].at <= in->now || pl->slots[j].at < floor_at)
			continue;
		e.what = PLAN_LATER;
		e.slot = &pl->slots[j];
		e.slot_id = e.slot->id;
		e.at = e.slot->at;
		if (nt == 0)
			e.reason = nbo ? "every address of the agency bounces"
			               : "the agency has no mailbox address (only whole domains)";
		if (add_entry(p, &e, err))
			return err->code;
	}
	return 0;
}

int
plan_make(const struct plan_input *in, struct plan **out, struct yk_err *err)
{
	struct plan_priv *p;
	size_t total = 0, off = 0;

	*out = NULL;
	p = calloc(1, sizeof *p);
	if (!p)
		return yk_err_set(err, YK_ENOMEM, "out of memory");
	if (plan_slots(in->campaign, &p->pub.slots, &p->pub.n_slots, err))
		goto fail;
	p->pub.in_window = plan_in_window(&in->campaign->reminders, in->now);
	for (size_t i = 0; i < in->n_agencies; i++) {
		if (in->agencies[i].agency_idx >= in->cfg->n_agencies) {
			yk_err_set(err, YK_EINVAL, "plan: agency index %zu out of range",
			           in->agencies[i].agency_idx);
			goto fail;
		}
		total += in->cfg->agencies[in->agencies[i].agency_idx].n_emails;
	}
	p->addrs = calloc(total + 1, sizeof *p->addrs);
	if (!p->addrs) {
		yk_err_set(err, YK_ENOMEM, "out of memory");
		goto fail;
	}
	for (size_t i = 0; i < in->n_agencies; i++) {
		if (plan_one(in, p, &in->agencies[i], p->addrs + off, err))
			goto fail;
		off += in->cfg->agencies[in->agencies[i].agency_idx].n_emails;
	}
	*out = &p->pub;
	return 0;
fail:
	plan_free(&p->pub);
	return err->code;
}

void
plan_free(struct plan *pub)
{
	struct plan_priv *p = (struct plan_priv *)pub;

	if (!p)
		return;
	free(p->pub.slots);
	free(p->pub.entries);
	free(p->addrs);
	free(p);
}

struct tm *
plan_local_tm(time_t t, struct tm *tm)
{
	time_t l = t + PLAN_TZ_OFFSET;

	return gmtime_r(&l, tm);
}
