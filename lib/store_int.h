/*
 * store_int — private to lib/store*.c: the handle and the one way a query
 * runs.  Never include it elsewhere; the interface is lib/store.h.
 *
 * store.c            open, close, transactions, the statement helper
 * store_schema.c     the migrations and PRAGMA user_version
 * store_msg.c        filing messages and the filing rule (lib/filing.h)
 * store_mailbox.c    a folder's high-water mark, server actions, Maildir names
 * store_review.c     a person's work: messages, answers, corrections, assignments
 * store_outbox.c     reminders, recipients, bounces, receipts, digests, dispatches
 */
#ifndef YK_STORE_INT_H
#define YK_STORE_INT_H

#include <sqlite3.h>
#include <stdint.h>

#include "store.h"

#define STORE_CACHED 16 /* prepared statements kept for the per-message path */

struct store {
	sqlite3 *db;
	int wal_pages; /* the WAL's size after the last commit (wal_hook) */
	int wal_limit; /* the commit that leaves more checkpoints (store_wal_limit) */
	/* statements of the per-message path, prepared once: keyed by the
	 * address of their SQL text, which is a string literal */
	struct {
		const char *sql;
		sqlite3_stmt *stmt;
	} cache[STORE_CACHED];
};

/* Called for each row of a query, the statement on it (its text columns
 * live until the next row); non-zero stops the query and is returned. */
typedef int (*store_row_fn)(sqlite3_stmt *s, void *ctx);

/*
 * Runs SQL once: prepares it, binds the parameters after FMT, steps every
 * row into ROW (may be NULL), finalizes.  FMT has one letter per
 * parameter, in order:
 *   t  const char *   text; NULL binds NULL
 *   i  int64_t        (cast: a narrower argument is undefined behaviour)
 *   d  int            (a bool too)
 *   ?  int            the next parameter is bound only when this is non-zero,
 *                     NULL otherwise (its argument is taken either way)
 * Spaces in FMT are ignored: they group the letters for the reader.
 * Returns 0, ROW's non-zero status, or YK_EDB with sqlite's message and
 * WHAT (the error set once, here).
 */
int store_run(struct store *st, const char *what, const char *sql, store_row_fn row, void *ctx,
              struct yk_err *err, const char *fmt, ...);
/* The same for a statement run once per message: prepared the first time
 * and kept (SQL must be a string literal: its address is the key).  Do not
 * nest two runs of the same SQL. */
int store_run_cached(struct store *st, const char *what, const char *sql, store_row_fn row,
                     void *ctx, struct yk_err *err, const char *fmt, ...);

/* The filing rule's "from a registered address" (struct filing_reply) in
 * SQL, for reply r and its message m: classify found the agency it is filed
 * under by one of that agency's addresses. */
#define SQL_REPLY_REGISTERED "(m.agency IS r.agency AND registered_by(m.agency_by))"

/* A person said the message m is not a reply to the form at all (`ykien
 * set REF not_reply=yes`, a row in corrections): it is filed, kept and
 * shown, but counts for nothing (status not_counted), is left out when its
 * agency's replies are decided, and needs no review. */
#define SQL_NOT_REPLY \
	"EXISTS (SELECT 1 FROM corrections nr WHERE nr.sha256 = m.sha256 AND " \
	"nr.field = 'not_reply')"

/* COL = P (a parameter, "?1") through the index on COL's key: COL_key =
 * text_key(P), then the text itself (store.c, schema 14).  For messages.
 * sha256 and replies.answers_json; their rows' keys are written with
 * them. */
#define SQL_KEYED(col, p) "(" col "_key = text_key(" p ") AND " col " = " p ")"

/* The rows of messages (their ids) with the SHA-256 ?1. */
#define SQL_MESSAGES_OF_SHA "(SELECT id FROM messages WHERE " SQL_KEYED("sha256", "?1") ")"

/* Reads the row's columns, from the first, into the pointers after FMT,
 * one letter each (spaces ignored):
 *   t  const char **  NULL for SQL NULL; lives until the next row
 *   i  int64_t *
 *   d  int *
 *   b  bool *         the column is not 0 */
void store_cols(sqlite3_stmt *s, const char *fmt, ...);

int store_exec(struct store *st, const char *sql, struct yk_err *err);
const char *store_col_text(sqlite3_stmt *s, int i);
/* A store_row_fn: the first column of the row into *(int64_t *)CTX. */
int store_row_int64(sqlite3_stmt *s, void *ctx);

/* A public iterator's callback and its context, handed to its row
 * function, which calls FN cast back to its own type. */
struct store_fwd {
	void (*fn)(void);
	void *ctx;
};
typedef int (*store_each_fn)(sqlite3_stmt *s, const struct store_fwd *f);
/* store_run() for a public iterator: ROW gets FN and CTX with each row. */
int store_each(struct store *st, const char *what, const char *sql, store_each_fn row,
               void (*fn)(void), void *ctx, struct yk_err *err, const char *fmt, ...);

/* store_schema.c: brings the schema of the database at PATH up to date. */
int store_migrate(struct store *st, const char *path, struct yk_err *err);

/* store_msg.c: decides again which replies of AGENCY (NULL: the
 * unassigned ones) to CAMPAIGN count, after one joined, left or was
 * confirmed; inside the caller's transaction. */
int store_refile(struct store *st, const char *campaign, const char *agency, struct yk_err *err);

#endif
