/*
 * plan — the reminder planner.  Pure: (campaign, agencies, replies,
 * reminders already recorded, bouncing addresses, now) in, the reminders
 * due and the whole schedule ahead out.  No clock, no database, no network:
 * the caller gathers the state (lib/remind.c) and acts on the result.
 *
 * Time.  Slots fall at reminders.send_at, local time in Asia/Ho_Chi_Minh.
 * Viet Nam has kept UTC+7 without daylight saving since 1975, so a fixed
 * offset is exact (and independent of the host's TZ).
 *
 * Slots.  "before-N": N days before the deadline's local date; "overdue-K":
 * K × overdue_every_days after it, K = 1..overdue_max.  A slot on a day
 * off of the calendar (lib/vncal.h: public holidays, announced and
 * configured days off), and with working_days_only one on a Saturday,
 * Sunday (unless a make-up working day) or the campaign's holiday, moves
 * to the previous working day before the deadline and to the next one
 * after it; a slot that would then land on or past a neighbour's day moves
 * one more working day away, so every slot keeps its own day and the
 * overdue cap stays exact.  A before-slot not strictly between the letter
 * (campaign.sent) and the deadline is dropped.
 *
 * Which slot is due (the rule, documented in ykien.conf(5)):
 *  - An agency gets at most one reminder per cycle: the LATEST slot whose
 *    time has come that is later than every slot recorded for it.  Earlier
 *    slots that were missed (ykien was stopped, or the campaign was added
 *    after they passed) are passed over, never sent in a burst.
 *  - An agency added to the campaign after ykien first planned it
 *    (joined_late) gets only the slots at or after the time it joined.
 *  - Mail leaves only inside the send window: on a working day (when
 *    working_days_only) between send_at and send_at + PLAN_WINDOW_MINUTES,
 *    local time.  Outside it, a due reminder waits for the next window.
 *  - An agency that has replied (a reply awaiting review counts) gets
 *    nothing; a reminder of it still in flight or waiting for a retry is
 *    cancelled.  So is one superseded by a later due slot.
 *  - Addresses known to bounce are left out and reported; an agency whose
 *    every address bounces (or that has only whole-domain entries) is
 *    reported, not mailed.
 *
 * Ownership: struct plan and everything in it belongs to it (plan_free()).
 * Its agency, address and campaign pointers point into the yk_config of the
 * input, which must outlive it.  Errors: struct yk_err; nothing printed.
 */
#ifndef YK_PLAN_H
#define YK_PLAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "config.h"
#include "err.h"
#include "isotime.h"

#define PLAN_TZ_OFFSET ISOTIME_VN_OFFSET /* the one zone of every date a person reads */

/* t as Viet Nam's wall-clock time, whatever the server's own time zone:
 * every date a person reads (reminders, status, reports) is shown so.
 * Returns tm, or NULL when t cannot be broken down. */
struct tm *plan_local_tm(time_t t, struct tm *tm);
#define PLAN_WINDOW_MINUTES (9 * 60)   /* send_at 08:00 -> window 08:00-17:00 */
#define PLAN_SLOT_ID_MAX 32
#define PLAN_MAX_SLOTS 512             /* before_days entries + overdue_max (<= 100) */
#define PLAN_SEARCH_DAYS 366           /* a working day is found within a year, or none */

struct plan_slot {
	char id[PLAN_SLOT_ID_MAX]; /* "before-7", "overdue-2" */
	time_t at;                 /* when it falls (after moving off non-working days) */
	bool overdue;
};

/* A reminder already recorded for (campaign, agency). */
enum plan_rec_state {
	PLAN_REC_PENDING,   /* recorded, not yet known to be delivered (in flight, or a crash) */
	PLAN_REC_RETRY,     /* a temporary failure: try again at next_attempt */
	PLAN_REC_SENT,
	PLAN_REC_FAILED,    /* permanent failure, or not mailable */
	PLAN_REC_CANCELLED,
};

struct plan_record {
	int64_t id;               /* the caller's row id, handed back in entries */
	const char *slot;
	enum plan_rec_state state;
	time_t next_attempt;      /* PENDING / RETRY: not before this */
};

struct plan_agency {
	size_t agency_idx;        /* into cfg->agencies */
	bool replied;             /* a form reply is filed, also one awaiting review */
	bool joined_late;         /* joined after ykien first planned the campaign */
	time_t joined_at;         /* with joined_late: when */
	const struct plan_record *records;
	size_t n_records;
};

struct plan_input {
	const struct yk_config *cfg;
	const struct yk_campaign *campaign;
	const struct plan_agency *agencies; /* every agency the campaign expects */
	size_t n_agencies;
	const char *const *bouncing;        /* lower-case addresses known to bounce */
	size_t n_bouncing;
	time_t now;
};

enum plan_what {
	PLAN_SEND,        /* due now: record it, then send it */
	PLAN_RESEND,      /* a recorded one to send again (after a crash or a retry wait) */
	PLAN_CANCEL,      /* a recorded one not to send any more (replied, superseded) */
	PLAN_UNMAILABLE,  /* due now, but no address to mail: record it as failed */
	PLAN_LATER,       /* ahead (for --dry-run): at is when it will be due */
	PLAN_PASSED,      /* missed and passed over by the rule above (for --dry-run) */
};

struct plan_entry {
	enum plan_what what;
	const struct yk_agency *agency;
	size_t agency_idx;
	const struct plan_slot *slot;   /* points into plan.slots; NULL for a record whose
	                                   slot is no longer in the schedule */
	const char *slot_id;            /* slot->id, or the record's slot */
	time_t at;                      /* when it is (or was) due */
	int64_t record_id;              /* RESEND, CANCEL: the record */
	const char *reason;             /* CANCEL, UNMAILABLE, PASSED: why (static text) */
	const char **to;                /* addresses to mail, into cfg */
	size_t n_to;
	const char **bouncing;          /* addresses left out because they bounce */
	size_t n_bouncing;
};

struct plan {
	struct plan_slot *slots;        /* sorted by time */
	size_t n_slots;
	struct plan_entry *entries;     /* in the order of in->agencies, each by time */
	size_t n_entries;
	bool in_window;                 /* is now inside the send window */
};

/* The campaign's slots, sorted by time, into a new array (free()). */
int plan_slots(const struct yk_campaign *c, struct plan_slot **out, size_t *n,
               struct yk_err *err);

/* The schedule: due actions and everything ahead.  *out: plan_free(). */
int plan_make(const struct plan_input *in, struct plan **out, struct yk_err *err);
void plan_free(struct plan *p);

/* Is T inside the campaign's send window; the first time >= T that is. */
bool plan_in_window(const struct yk_reminder_rules *r, time_t t);
time_t plan_next_window(const struct yk_reminder_rules *r, time_t t);

/* Local (UTC+7) day number since 1970-01-01 of T. */
long long plan_local_day(time_t t);

/* Whole local days from the day of T to the deadline's day (negative after). */
int plan_days_left(const struct yk_campaign *c, time_t t);

const char *plan_what_name(enum plan_what w);

#endif
