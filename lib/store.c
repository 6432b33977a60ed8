/*
 * store — opening the database, transactions, and the one way every query
 * runs (store_run, lib/store_int.h): prepare, bind by a format, step each
 * row into a callback, finalize, and the status mapped in one place.  The
 * queries themselves live in the store_*.c file of their family.
 */
#include "store_int.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "filing.h"

static int
store_db_err(struct store *st, struct yk_err *err, const char *what)
{
	return yk_err_set(err, YK_EDB, "database: %s: %s", what, sqlite3_errmsg(st->db));
}

int
store_exec(struct store *st, const char *sql, struct yk_err *err)
{
	char *msg = NULL;

	if (sqlite3_exec(st->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		yk_err_set(err, YK_EDB, "database: %s", msg ? msg : sqlite3_errmsg(st->db));
		sqlite3_free(msg);
		return YK_EDB;
	}
	return 0;
}

const char *
store_col_text(sqlite3_stmt *s, int i)
{
	return (const char *)sqlite3_column_text(s, i);
}

int
store_row_int64(sqlite3_stmt *s, void *ctx)
{
	*(int64_t *)ctx = sqlite3_column_int64(s, 0);
	return 0;
}

void
store_cols(sqlite3_stmt *s, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	for (int i = 0; *fmt; fmt++) {
		switch (*fmt) {
		case 't':
			*va_arg(ap, const char **) = store_col_text(s, i++);
			break;
		case 'i':
			*va_arg(ap, int64_t *) = sqlite3_column_int64(s, i++);
			break;
		case 'd':
			*va_arg(ap, int *) = sqlite3_column_int(s, i++);
			break;
		case 'b':
			*va_arg(ap, bool *) = sqlite3_column_int(s, i++) != 0;
			break;
		default:
			break; /* a space */
		}
	}
	va_end(ap);
}

/* The filing rule's notion of a registered address, one definition for C
 * and SQL alike. */
static void
sql_registered_by(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)argc;
	sqlite3_result_int(ctx, filing_registered_by((const char *)sqlite3_value_text(argv[0])));
}

/*
 * text_key(TEXT): a 63-bit FNV-1a hash of TEXT's bytes (NULL for NULL).
 * The indexes the intake writes for every message hold this key of a
 * SHA-256 and of the answers instead of the texts themselves (schema 14):
 * 8 bytes a row, not 64 or some hundreds, so a first sync's inserts, on
 * random keys, change fewer pages.  A lookup compares the text after the
 * key (SQL_KEYED, store_int.h), so that two texts sharing a key are
 * harmless.  Stored in the database: never change it.
 */
static void
sql_text_key(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	const unsigned char *p = sqlite3_value_text(argv[0]);
	int n = sqlite3_value_bytes(argv[0]);
	uint64_t h = 14695981039346656037ULL;

	(void)argc;
	if (!p) {
		sqlite3_result_null(ctx);
		return;
	}
	for (int i = 0; i < n; i++)
		h = (h ^ p[i]) * 1099511628211ULL;
	sqlite3_result_int64(ctx, (sqlite3_int64)(h >> 1));
}

/*
 * Takes the place of SQLite's own wal_autocheckpoint hook: the same
 * PASSIVE checkpoint, at a limit the intake can raise for the time a
 * thread of its own checkpoints (store_ckpt_run), and the WAL's size kept
 * for it to decide when.
 */
static int
wal_hook(void *ctx, sqlite3 *db, const char *name, int pages)
{
	struct store *st = ctx;

	st->wal_pages = pages;
	if (st->wal_limit > 0 && pages >= st->wal_limit)
		(void)sqlite3_wal_checkpoint_v2(db, name, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
	return SQLITE_OK;
}

/* Opens the database at PATH into *DB with FLAGS; on failure *DB is
 * closed again and ERR says why, naming the file. */
static int
open_db(const char *path, int flags, sqlite3 **db, struct yk_err *err)
{
	if (sqlite3_open_v2(path, db, flags, NULL) == SQLITE_OK)
		return 0;
	yk_err_set(err, YK_EDB, "%s: cannot open database: %s", path,
	           *db ? sqlite3_errmsg(*db) : "out of memory");
	sqlite3_close(*db);
	*db = NULL;
	return err->code;
}

int
store_open(const char *path, struct store **out, struct yk_err *err)
{
	struct store *st;

	*out = NULL;
	st = calloc(1, sizeof *st);
	if (!st)
		return yk_err_set(err, YK_ENOMEM, "out of memory");
	if (open_db(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, &st->db, err))
		goto fail;
	sqlite3_busy_timeout(st->db, 10000);
	if (sqlite3_create_function_v2(st->db, "registered_by", 1,
	                               SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, NULL,
	                               sql_registered_by, NULL, NULL, NULL) != SQLITE_OK ||
	    sqlite3_create_function_v2(st->db, "text_key", 1,
	                               SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, NULL,
	                               sql_text_key, NULL, NULL, NULL) != SQLITE_OK) {
		store_db_err(st, err, "registered_by, text_key");
		goto fail;
	}
	if (store_exec(st, "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; "
	                   "PRAGMA foreign_keys = ON;", err) ||
	    store_migrate(st, path, err))
		goto fail;
	/*
	 * The WAL is copied into the database every STORE_WAL_PAGES pages, not
	 * SQLite's 1,000: a first sync's inserts land on random pages of the
	 * indexes on hashes and Message-IDs, and a checkpoint writes (and
	 * syncs) each page it finds changed; ten times fewer checkpoints
	 * write the pages changed again in between once.  A first sync of
	 * 100,000 messages: 33.7 s -> 27.2 s.  The WAL then takes up to some
	 * 40 MB of disk, not 4.
	 */
	st->wal_limit = STORE_WAL_PAGES;
	sqlite3_wal_hook(st->db, wal_hook, st);
	*out = st;
	return 0;
fail:
	sqlite3_close(st->db);
	free(st);
	return err->code;
}

int
store_cache_limit(struct store *st, int kib, struct yk_err *err)
{
	char sql[64];

	snprintf(sql, sizeof sql, "PRAGMA cache_size = -%d", kib > 0 ? kib : 1);
	return store_exec(st, sql, err);
}

int
store_wal_limit(struct store *st, int pages)
{
	int was = st->wal_limit;

	st->wal_limit = pages;
	return was;
}

int
store_wal_pages(const struct store *st)
{
	return st->wal_pages;
}

struct store_ckpt {
	sqlite3 *db;
};

int
store_ckpt_open(struct store *st, struct store_ckpt **out, struct yk_err *err)
{
	const char *path = sqlite3_db_filename(st->db, "main");
	struct store_ckpt *ck;

	*out = NULL;
	if (!path || !*path)
		return yk_err_set(err, YK_EDB, "database: no file to checkpoint");
	if (!(ck = calloc(1, sizeof *ck)))
		return yk_err_set(err, YK_ENOMEM, "out of memory");
	/* the file exists and is in WAL mode (store_open): never created here */
	if (open_db(path, SQLITE_OPEN_READWRITE, &ck->db, err) ||
	    (sqlite3_exec(ck->db, "PRAGMA synchronous = FULL", NULL, NULL, NULL) != SQLITE_OK &&
	     yk_err_set(err, YK_EDB, "%s: %s", path, sqlite3_errmsg(ck->db)))) {
		store_ckpt_close(ck);
		return err->code;
	}
	*out = ck;
	return 0;
}

int
store_ckpt_run(struct store_ckpt *ck, struct yk_err *err)
{
	int rc = sqlite3_wal_checkpoint_v2(ck->db, "main", SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);

	/* busy: another checkpoint runs; the next one copies the rest */
	if (rc != SQLITE_OK && rc != SQLITE_BUSY)
		return yk_err_set(err, YK_EDB, "database: checkpoint: %s", sqlite3_errmsg(ck->db));
	return 0;
}

void
store_ckpt_close(struct store_ckpt *ck)
{
	if (!ck)
		return;
	sqlite3_close(ck->db);
	free(ck);
}

void
store_close(struct store *st)
{
	if (!st)
		return;
	for (int i = 0; i < STORE_CACHED; i++)
		sqlite3_finalize(st->cache[i].stmt);
	sqlite3_close(st->db);
	free(st);
}

int
store_begin(struct store *st, struct yk_err *err)
{
	return store_exec(st, "BEGIN IMMEDIATE", err);
}

int
store_commit(struct store *st, struct yk_err *err)
{
	return store_exec(st, "COMMIT", err);
}

void
store_rollback(struct store *st)
{
	sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
}

int
store_tx(struct store *st, store_tx_fn fn, void *ctx, struct yk_err *err)
{
	int rc;

	if ((rc = store_begin(st, err)) != 0)
		return rc;
	if ((rc = fn(st, ctx, err)) != 0 || (rc = store_commit(st, err)) != 0)
		store_rollback(st);
	return rc;
}

/* The statement of SQL kept in the cache, prepared the first time; *kept
 * false when the cache is full (the caller finalizes it then).  Persistent
 * statements are what makes the per-message path fast at intake. */
static int
prep_cached(struct store *st, const char *sql, sqlite3_stmt **s, bool *kept)
{
	int i;

	for (i = 0; i < STORE_CACHED && st->cache[i].sql; i++) {
		if (st->cache[i].sql == sql) {
			*s = st->cache[i].stmt;
			*kept = true;
			return SQLITE_OK;
		}
	}
	if (sqlite3_prepare_v3(st->db, sql, -1, SQLITE_PREPARE_PERSISTENT, s, NULL) != SQLITE_OK)
		return SQLITE_ERROR;
	*kept = i < STORE_CACHED;
	if (*kept) {
		st->cache[i].sql = sql;
		st->cache[i].stmt = *s;
	}
	return SQLITE_OK;
}

static int
bind_args(sqlite3_stmt *s, const char *fmt, va_list ap)
{
	int rc = SQLITE_OK;

	for (int i = 1; *fmt && rc == SQLITE_OK; fmt++, i++) {
		bool bound = true;
		const char *t;
		int64_t v;
		int d;

		while (*fmt == ' ')
			fmt++;
		if (!*fmt)
			break;
		if (*fmt == '?') {
			bound = va_arg(ap, int) != 0;
			fmt++;
		}
		switch (*fmt) {
		case 't':
			t = va_arg(ap, const char *);
			rc = bound && t ? sqlite3_bind_text(s, i, t, -1, SQLITE_TRANSIENT)
			                : sqlite3_bind_null(s, i);
			break;
		case 'i':
			v = va_arg(ap, int64_t);
			rc = bound ? sqlite3_bind_int64(s, i, v) : sqlite3_bind_null(s, i);
			break;
		case 'd':
			d = va_arg(ap, int);
			rc = bound ? sqlite3_bind_int(s, i, d) : sqlite3_bind_null(s, i);
			break;
		default:
			rc = SQLITE_MISUSE; /* a format this file does not know */
			break;
		}
	}
	return rc;
}

static int
run(struct store *st, bool cached, const char *what, const char *sql, store_row_fn row,
    void *ctx, struct yk_err *err, const char *fmt, va_list ap)
{
	sqlite3_stmt *s;
	bool kept = false;
	int rc, status = 0;

	if ((cached ? prep_cached(st, sql, &s, &kept)
	            : sqlite3_prepare_v2(st->db, sql, -1, &s, NULL)) != SQLITE_OK)
		return store_db_err(st, err, "prepare");
	if (bind_args(s, fmt, ap) != SQLITE_OK) {
		rc = SQLITE_ERROR;
	} else {
		while ((rc = sqlite3_step(s)) == SQLITE_ROW)
			if (row && (status = row(s, ctx)) != 0)
				break;
	}
	if (!status && rc != SQLITE_ROW && rc != SQLITE_DONE)
		status = store_db_err(st, err, what);
	if (kept) {
		sqlite3_reset(s);
		sqlite3_clear_bindings(s);
	} else {
		sqlite3_finalize(s);
	}
	return status;
}

int
store_run(struct store *st, const char *what, const char *sql, store_row_fn row, void *ctx,
          struct yk_err *err, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = run(st, false, what, sql, row, ctx, err, fmt, ap);
	va_end(ap);
	return rc;
}

int
store_run_cached(struct store *st, const char *what, const char *sql, store_row_fn row,
                 void *ctx, struct yk_err *err, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = run(st, true, what, sql, row, ctx, err, fmt, ap);
	va_end(ap);
	return rc;
}

struct each {
	store_each_fn row;
	struct store_fwd f;
};

static int
each_row(sqlite3_stmt *s, void *ctx)
{
	const struct each *e = ctx;

	return e->row(s, &e->f);
}

int
store_each(struct store *st, const char *what, const char *sql, store_each_fn row,
           void (*fn)(void), void *ctx, struct yk_err *err, const char *fmt, ...)
{
	struct each e = { row, { fn, ctx } };
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = run(st, false, what, sql, each_row, &e, err, fmt, ap);
	va_end(ap);
	return rc;
}
