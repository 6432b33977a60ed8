/*
 * store — ykien's SQLite database: schema, migrations and every query
 * (prepared statements only, never SQL built from values).
 *
 * The schema is versioned with PRAGMA user_version and migrated in order
 * when opened; a database written by a newer ykien is refused.  WAL mode,
 * foreign keys on, synchronous=FULL: a commit that returned is on disk.
 * struct store is owned by the caller of store_open() (store_close()).
 * Strings handed to callbacks live only for the duration of the call.
 * Every iterator (store_each_*, *_each, store_digest_get/newest) stops at
 * the first non-zero status of its callback and returns it as it is.
 */
#ifndef YK_STORE_H
#define YK_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "err.h"

#define STORE_SCHEMA_VERSION 14

struct store;

int store_open(const char *path, struct store **out, struct yk_err *err);
void store_close(struct store *st);
int store_schema_version(struct store *st, int *version, struct yk_err *err);
/* At most KIB kibibytes of the database's pages kept in memory (SQLite's
 * default is 2 MiB): the daemon, which mostly appends, keeps its memory
 * small with less. */
int store_cache_limit(struct store *st, int kib, struct yk_err *err);

/*
 * Checkpoints: SQLite copies the WAL into the database inside the commit
 * that leaves it over a limit, on the committing thread.  A writer that
 * commits in bulk can do it on another thread instead: raise ST's limit
 * (store_wal_limit() returns the one it replaces, STORE_WAL_PAGES from
 * store_open(), for the caller to put back; 0: never) as a backstop, read
 * store_wal_pages() (the WAL's size after ST's last commit) to decide
 * when, and have that thread run store_ckpt_run() on a struct store_ckpt:
 * a second connection to ST's file that only checkpoints, PASSIVE (it
 * neither waits for nor blocks ST's transactions).  The store_ckpt is
 * owned by its opener (store_ckpt_close()); it may be used by one thread
 * while ST is used by another, and must not outlive ST's file.
 */
#define STORE_WAL_PAGES 10000
struct store_ckpt;
int store_wal_limit(struct store *st, int pages);
int store_wal_pages(const struct store *st);
int store_ckpt_open(struct store *st, struct store_ckpt **out, struct yk_err *err);
int store_ckpt_run(struct store_ckpt *ck, struct yk_err *err);
void store_ckpt_close(struct store_ckpt *ck);

int store_begin(struct store *st, struct yk_err *err);
int store_commit(struct store *st, struct yk_err *err);
void store_rollback(struct store *st);
/* Runs fn inside one transaction: commits when fn returns 0, rolls back
 * when it (or the commit) fails.  Returns fn's status, or the BEGIN's or
 * COMMIT's.  Not nestable (SQLite has no nested BEGIN). */
typedef int (*store_tx_fn)(struct store *st, void *ctx, struct yk_err *err);
int store_tx(struct store *st, store_tx_fn fn, void *ctx, struct yk_err *err);

/* High-water mark of a mailbox folder (keyed by URL).  (The table's
 * rescan_below column, of schema 1, is no longer used: intake recognises
 * every message by content, not only below a re-scan mark.) */
struct store_mailbox {
	bool found;
	uint32_t uidvalidity;
	uint32_t last_uid;
	char since_day[11];   /* "YYYY-MM-DD": the first sync took mail from that day on;
	                       * "" when it took everything */
};
int store_mailbox_get(struct store *st, const char *mailbox, struct store_mailbox *out,
                      struct yk_err *err);
int store_mailbox_set(struct store *st, const char *mailbox, const struct store_mailbox *v,
                      struct yk_err *err);

/* One message to file.  All strings may be NULL except those marked. */
struct store_msg {
	const char *sha256;       /* required: hex of the bytes as received */
	const char *origin;       /* required: "imap", "import", "maildir" */
	const char *mailbox;      /* NULL for import */
	uint32_t uidvalidity;
	uint32_t uid;
	int64_t size;
	const char *filed_at;     /* required: ISO 8601 UTC */
	const char *archive_path; /* required: relative to the archive root */
	const char *file;         /* the name it was imported from, or NULL */
	const char *message_id;
	const char *from;
	const char *subject;
	const char *date;
	const char *received_at;  /* ISO 8601 UTC, from Date (else filed_at) */
	const char *kind;         /* required */
	const char *campaign;
	const char *agency;
	const char *agency_by;
	const char *forwarded_from; /* a forwarded reply's forwarded sender (lib/forward.h) */
	const char *source;
	bool needs_review;
	bool unverified;          /* From not vouched for by our server (lib/authres.h) */
	const char *parsed_json;  /* required: the parse contract's fields */
	const char *answers_json; /* for a form reply with a campaign */
	const char *choice;       /* summary of the chosen options */
};

/* Decides the filing status (effective, superseded, duplicate,
 * not_counted) of a form reply against the earlier replies of its agency
 * by the rule of lib/filing.h, and inserts the message; inside the
 * caller's transaction.  *status_out (may be NULL) gets the status, a
 * string literal. */
int store_file_message(struct store *st, const struct store_msg *m, int64_t *id,
                       const char **status_out, struct yk_err *err);

/* Why a reply held back by the trust rule of lib/filing.h is listed for
 * review until a person confirms it (`ykien assign`, `ykien set`). */
#define STORE_HELD_REASON "identified by content, would replace a reply from a registered address"

int store_has_sha(struct store *st, const char *sha256, bool *found, struct yk_err *err);
int store_has_uid(struct store *st, const char *mailbox, uint32_t uidvalidity, uint32_t uid,
                  bool *found, struct yk_err *err);
/* The store_count_* functions return the query's error, never a count of
 * 0 in its place. */
int store_count_messages(struct store *st, int64_t *n, struct yk_err *err);

/* after_filing done on the server for these UIDs (seen or moved). */
int store_server_done(struct store *st, const char *mailbox, uint32_t uidvalidity,
                      const uint32_t *uids, size_t n, struct yk_err *err);

/* The server refused after_filing for these UIDs (NO to a STORE, a MOVE,
 * a CREATE): counted, the server's words WHY kept, and not tried again
 * before NOW + BASE * 2^(refusals so far), at most a day later. */
int store_server_refused(struct store *st, const char *mailbox, uint32_t uidvalidity,
                         const uint32_t *uids, size_t n, int64_t now, int64_t base,
                         const char *why, struct yk_err *err);

/* How many messages filed from MAILBOX wait for an after_filing the
 * server refused, and (WHY, may be NULL) its last words. */
int store_server_waiting(struct store *st, const char *mailbox, int64_t *n, char *why,
                         size_t whysz, struct yk_err *err);

/* Messages of MAILBOX/UIDVALIDITY filed but whose after_filing did not
 * happen (a crash between the commit and the server, or a refusal whose
 * wait is over at NOW): UID, kind, whether a campaign was found, and
 * agency, for at most MAX of them. */
struct store_pending {
	uint32_t uid;
	char kind[16];
	bool campaign;
	char agency[72];
	char message_id[256]; /* "" when it has none (or a longer one) */
};
int store_server_pending(struct store *st, const char *mailbox, uint32_t uidvalidity,
                         int64_t now, struct store_pending *out, size_t max, size_t *n,
                         struct yk_err *err);

/* The `file` of every message filed from MAILBOX (a Maildir's message
 * names). */
typedef int (*store_file_fn)(void *ctx, const char *file);
int store_each_file(struct store *st, const char *mailbox, store_file_fn fn, void *ctx,
                    struct yk_err *err);

/* The reply that counts for each agency of a campaign. */
struct store_reply {
	const char *agency;
	const char *filed_at;
	const char *received_at;
	const char *choice;
	bool needs_review;
	const char *sha256;
	const char *archive_path;
	int64_t n_replies;        /* all replies from the agency, duplicates included */
};
typedef int (*store_reply_fn)(void *ctx, const struct store_reply *r);
int store_each_effective_reply(struct store *st, const char *campaign, store_reply_fn fn,
                               void *ctx, struct yk_err *err);

/* How many rows store_each_effective_reply() would give. */
int store_count_effective(struct store *st, const char *campaign, int64_t *n,
                          struct yk_err *err);
/* Form replies of a campaign that no agency could be found for. */
int store_count_unassigned(struct store *st, const char *campaign, int64_t *n,
                           struct yk_err *err);

/* Every filed message in filing order (for `ykien export --json`,
 * lib/export.h). */
struct store_export {
	const char *sha256;
	const char *filed_at;
	const char *archive_path;
	const char *file;
	const char *status;
	const char *duplicate_of;
	const char *superseded_by;
	const char *parsed_json;   /* the parse contract's members, without braces */
	const char *members;       /* parsed_json as an object, without agency, agency_by
	                            * and answers (the ones a person may change) */
	const char *agency_x;      /* as extracted (parsed_json's), or NULL */
	const char *agency_by_x;
	const char *answers_x;     /* as extracted: JSON text, or NULL */
	const char *campaign_id;   /* the campaign it was filed under, or NULL */
	bool is_reply;             /* has a row in replies */
	const char *reply_agency;  /* the agency it is filed under now (after assignments) */
	int64_t n_corrections;     /* rows in corrections, of any field */
	int64_t n_assignments;
};
typedef int (*store_export_fn)(void *ctx, const struct store_export *e);
int store_each_export(struct store *st, const char *campaign, store_export_fn fn, void *ctx,
                      struct yk_err *err);

/* ---- reminders (lib/remind.c) ----------------------------------------
 * A reminder is inserted (state "pending", with its Message-ID and its
 * recipients) and committed before it is sent; then updated to "sent",
 * "retry" (a temporary failure; next_attempt, attempts), "failed" or
 * "cancelled".  Times as int64 are Unix seconds. */
struct store_reminder {
	int64_t id;
	const char *campaign;
	const char *agency;
	const char *slot;
	const char *message_id;
	int64_t due_at;
	const char *state;        /* pending retry sent failed cancelled */
	int attempts;
	int64_t next_attempt;
	const char *created_at;   /* ISO 8601 UTC */
	const char *sent_at;
	const char *error;
};
typedef int (*store_reminder_fn)(void *ctx, const struct store_reminder *r);
/* CAMPAIGN NULL: every campaign. */
int store_reminder_each(struct store *st, const char *campaign, store_reminder_fn fn, void *ctx,
                        struct yk_err *err);
/* Inserts R (its id ignored) and its recipients, each "pending"; *id gets the row. */
int store_reminder_insert(struct store *st, const struct store_reminder *r,
                          const char *const *rcpts, size_t n, int64_t *id, struct yk_err *err);
/* sent_at NULL keeps the one recorded. */
int store_reminder_update(struct store *st, int64_t id, const char *state, int attempts,
                          int64_t next_attempt, const char *sent_at, const char *error,
                          struct yk_err *err);

struct store_recipient {
	const char *address;
	const char *state;        /* pending accepted deferred rejected */
	int code;                 /* the SMTP reply code, 0 when none */
	const char *reply;
};
typedef int (*store_recipient_fn)(void *ctx, const struct store_recipient *r);
int store_recipient_each(struct store *st, int64_t reminder, store_recipient_fn fn, void *ctx,
                         struct yk_err *err);
int store_recipient_set(struct store *st, int64_t reminder, const char *address,
                        const char *state, int code, const char *reply, struct yk_err *err);

/* When ykien first planned CAMPAIGN (AGENCY NULL) or one of its agencies;
 * with RECORD, NOW is recorded when nothing is yet.  Without RECORD (a dry
 * run) *first is NOW when nothing is recorded. */
int store_first_seen(struct store *st, const char *campaign, const char *agency, int64_t now,
                     bool record, int64_t *first, struct yk_err *err);

/* Addresses a delivery report said failed (lower case). */
int store_bouncing_add(struct store *st, const char *address, const char *at,
                       const char *sha256, struct yk_err *err);
typedef int (*store_bouncing_fn)(void *ctx, const char *address);
int store_bouncing_each(struct store *st, store_bouncing_fn fn, void *ctx, struct yk_err *err);

/* ---- a person's work: review, corrections, assignments (lib/review.c) --
 * Kept beside what was extracted, never over it, keyed by the message's
 * sha256: a correction holds for the same bytes however often they are
 * filed. */
struct store_msg_info {
	int64_t id;
	const char *sha256;
	const char *message_id;
	const char *from;
	const char *subject;
	const char *date;
	const char *received_at;
	const char *filed_at;
	const char *kind;
	const char *campaign;
	const char *agency;        /* as classified (may be NULL) */
	const char *agency_by;
	const char *forwarded_from; /* a forwarded reply's forwarded sender, or NULL */
	const char *source;
	const char *archive_path;
	const char *file;
	const char *status;        /* effective superseded duplicate not_counted (a reply
	                            * held back: STORE_HELD_REASON) */
	const char *parsed_json;
	bool needs_review;         /* as extracted */
	bool is_reply;             /* has a row in replies */
	const char *reply_agency;  /* the agency it is filed under, after any assignment */
	const char *answers_json;
	const char *choice;
	const char *duplicate_of;  /* sha256 */
	const char *superseded_by; /* sha256 */
	bool pending_review;       /* still needs a person */
	int64_t n_corrections;
	const char *reasons;       /* why it needs review, "; "-separated, or NULL */
	bool unverified;           /* From not vouched for by our server */
	bool registered;           /* a reply from a registered address of the agency it is
	                            * filed under (filing_registered_by) */
	bool confirmed;            /* a person confirmed the reply (assign, set) */
	bool not_reply;            /* a person said it is not a reply (`set not_reply=yes`) */
};
/* Every NULL / false field matches everything. */
struct store_msg_filter {
	const char *campaign;
	const char *sha_prefix;    /* lower-case hex */
	const char *message_id;    /* without <> */
	const char *archive_path;  /* relative to the archive root */
	const char *agency;        /* the agency it is filed under */
	bool pending_review;
};
typedef int (*store_msg_fn)(void *ctx, const struct store_msg_info *m);
int store_each_message(struct store *st, const struct store_msg_filter *f, store_msg_fn fn,
                       void *ctx, struct yk_err *err);

/* Extracted answers, one per section: of the effective replies of CAMPAIGN
 * (NULL: all), or of every reply of the message SHA256 when given. */
struct store_answer {
	const char *sha256;
	const char *section;
	const char *text;          /* NULL when none */
	const char *choices;       /* option ids separated by spaces; NULL: not a choice section */
};
typedef int (*store_answer_fn)(void *ctx, const struct store_answer *a);
int store_each_answer(struct store *st, const char *campaign, const char *sha256,
                      store_answer_fn fn, void *ctx, struct yk_err *err);

struct store_correction {
	const char *sha256;
	const char *field;         /* a section id, "SECTION.text", or "reviewed" */
	const char *value;
	const char *who;
	const char *at;            /* ISO 8601 UTC */
};
typedef int (*store_correction_fn)(void *ctx, const struct store_correction *c);
int store_correction_add(struct store *st, const struct store_correction *c, struct yk_err *err);
/* In the order recorded (a later one overrides an earlier one of its field).
 * CAMPAIGN, SHA256: NULL matches all. */
int store_each_correction(struct store *st, const char *campaign, const char *sha256,
                          store_correction_fn fn, void *ctx, struct yk_err *err);
/* Assignments, in the order recorded: field is the agency before ("" when
 * none), value the agency after.  CAMPAIGN, SHA256: NULL matches all. */
int store_each_assignment(struct store *st, const char *campaign, const char *sha256,
                          store_correction_fn fn, void *ctx, struct yk_err *err);
/* Files the reply SHA256 under AGENCY, records who and when, marks it
 * confirmed, and decides again which replies count (effective, superseded,
 * duplicate, held back) for the agency it left and the one it joined;
 * inside the caller's transaction. */
int store_assign(struct store *st, const char *sha256, const char *agency, const char *who,
                 const char *at, struct yk_err *err);
/* A person confirmed the reply SHA256 (`ykien set`): it is trusted from
 * now on, and its agency's replies are decided again (a reply held back
 * then supersedes the one that counted); inside the caller's
 * transaction. */
int store_confirm(struct store *st, const char *sha256, struct yk_err *err);
/* The message SHA256 is not a reply to the form (the caller recorded the
 * correction not_reply=yes first, in the same transaction): it counts no
 * more (not_counted), and the replies of each agency it was filed under
 * are decided again without it, so an earlier one counts again. */
int store_not_reply(struct store *st, const char *sha256, struct yk_err *err);

/* Acknowledgments of receipt (lib/ack.h): the replies that should get one
 * and have not (ack_message_id NULL), or whose one is recorded but not
 * sent yet (ack_message_id set). */
struct store_ack {
	const char *sha256;
	const char *reply_message_id;
	const char *from;
	const char *campaign;
	const char *agency;
	const char *subject;
	const char *ack_message_id;
	int attempts;
	const char *received_at; /* when the reply reached the mailbox, else
	                            when it was filed (ISO 8601 UTC) */
};
typedef int (*store_ack_fn)(void *ctx, const struct store_ack *a);
int store_each_ack_due(struct store *st, store_ack_fn fn, void *ctx, struct yk_err *err);
/* Records (or updates) the acknowledgment of reply SHA256. */
int store_ack_set(struct store *st, const char *sha256, const char *message_id, const char *address,
                  const char *state, int attempts, const char *at, const char *error,
                  struct yk_err *err);

/* The letter sent by ykien itself (lib/dispatch.h): one row per campaign
 * and agency, recorded with its Message-ID before it is sent. */
struct store_dispatch {
	const char *campaign;
	const char *agency;
	const char *message_id;   /* without <> */
	const char *token;        /* the random part of message_id and reply_address */
	const char *reply_address;/* NULL: none */
	const char *recipients;   /* the addresses at the time of the intent, ", " between */
	const char *state;        /* "pending" "sent" "retry" "failed" */
	int attempts;
	const char *created_at;
	const char *sent_at;
	const char *error;        /* the server's words for what failed */
	const char *bounced_at;   /* a delivery report for it was filed; NULL: none */
};
typedef int (*store_dispatch_fn)(void *ctx, const struct store_dispatch *d);
/* The rows of CAMPAIGN (NULL: all), by campaign and agency. */
int store_dispatch_each(struct store *st, const char *campaign, store_dispatch_fn fn, void *ctx,
                        struct yk_err *err);
int store_dispatch_insert(struct store *st, const struct store_dispatch *d, struct yk_err *err);
int store_dispatch_update(struct store *st, const char *campaign, const char *agency,
                          const char *state, int attempts, const char *sent_at,
                          const char *error, struct yk_err *err);
/* A delivery report returned Message-ID MESSAGE_ID (inside the caller's
 * transaction); nothing when no row has it. */
int store_dispatch_bounced(struct store *st, const char *message_id, const char *at,
                           const char *sha256, struct yk_err *err);

/* The daily digest (lib/digest.h): one row per day in Viet Nam, recorded
 * with its Message-ID before it is sent. */
struct store_digest {
	const char *day;          /* "2024-01-24" */
	const char *message_id;
	const char *since;        /* ISO 8601 UTC: replies from then on are new; NULL: all */
	const char *until;        /* ISO 8601 UTC: the time the digest speaks of */
	const char *state;        /* "pending" "sent" "failed" */
	int attempts;
	const char *done;         /* addresses that accepted it, one space between;
	                             NULL: none yet */
	const char *refused;      /* addresses that refused it for good (5xx), the same */
	const char *sent_at;
	const char *error;        /* every failure so far, "ADDR: reply; ..." */
};
typedef int (*store_digest_fn)(void *ctx, const struct store_digest *d);
/* The digest of DAY, if there is one: FN is called once, or not at all. */
int store_digest_get(struct store *st, const char *day, store_digest_fn fn, void *ctx,
                     struct yk_err *err);
/* The newest digest recorded, if any: FN is called once, or not at all. */
int store_digest_newest(struct store *st, store_digest_fn fn, void *ctx, struct yk_err *err);
/* The until of the newest digest sent, "" when none was. */
int store_digest_last_sent(struct store *st, char until[32], struct yk_err *err);
/* Earlier days' digests still pending become "failed" (superseded by DAY's). */
int store_digest_supersede(struct store *st, const char *day, struct yk_err *err);
/* Records (or updates, by day) digest D; sent_at is D->sent_at. */
int store_digest_set(struct store *st, const struct store_digest *d, struct yk_err *err);

#endif
