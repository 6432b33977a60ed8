/*
 * fetchpool — further IMAP connections that fetch batches ahead of the
 * caller (mailbox.max_connections).
 *
 * On a distant server the round trips of one connection leave it idle
 * between answers.  A pool opens HELPERS more connections, each in its own
 * thread, and lets them fetch the bodies of the caller's jobs (batches of
 * UIDs) ahead while the caller files the jobs in order.  Only the
 * fetching is parallel: the caller still extracts, archives and commits
 * every message itself, job after job in UID order, so the high-water UID
 * advances exactly as with one connection (lib/source_imapfetch.c).
 *
 * What a helper fetches is not held in memory: each message is written,
 * as it arrives, to a file of its own with no name in the archive's folder
 * (or, where none can be made, to the job's spill file; lib/spill.h), and
 * fetchpool_each() maps it back from the page cache, one message at a
 * time.  The memory of the pool is a receive chunk per
 * helper, whatever the connections, the jobs ahead or the messages' sizes.
 *
 * The caller owns the jobs array (it must outlive the pool) and its own
 * connection; the pool owns its threads, connections and spill files, all
 * released by fetchpool_stop().  A helper that cannot connect, or whose
 * connection breaks, stops; a job it failed is given back to the caller,
 * who fetches it over its own connection.  At most AHEAD jobs past the one
 * the caller is at are fetched or held, each in a file bounded by twice its
 * declared size (a server sending much more fails the job, which goes back
 * to the caller), so the disk used stays bounded by AHEAD times that.
 */
#ifndef YK_FETCHPOOL_H
#define YK_FETCHPOOL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "imap.h"

struct fetchpool;

struct fetchpool_job {
	const uint32_t *uids; /* ascending */
	size_t n;
	size_t bytes;         /* their sizes as the server gave them (RFC822.SIZE) */
	bool local;           /* only the caller fetches it (e.g. a large message) */
};

/* Starts HELPERS threads, each connecting with O (copied; its strings,
 * and SPILL_DIR, where the jobs' spill files are made, must outlive the
 * pool; the helpers' o->cancel and o->quit are the pool's
 * own flag, while o->cancel, the caller's, ends fetchpool_take()'s wait)
 * and EXAMINE-ing the folder; a helper whose folder has another
 * UIDVALIDITY than UIDVALIDITY takes no job. */
int fetchpool_start(const struct imap_opts *o, const char *spill_dir, uint32_t uidvalidity,
                    unsigned helpers, const struct fetchpool_job *jobs, size_t njobs,
                    size_t ahead, struct fetchpool **out, struct yk_err *err);

/* The caller is at job J (jobs are taken in order).  Returns true when a
 * helper fetched it: hand it over with fetchpool_each().  False: the job
 * is the caller's to fetch (no helper took it, or the helper failed) —
 * or, when the flag o->cancel of fetchpool_start() is set, the caller is
 * to stop (a helper may still be fetching it). */
bool fetchpool_take(struct fetchpool *p, size_t j);

/* A message a helper fetched, DATA mapped during the call, SHA its
 * SHA-256 (lower-case hex, hashed by the helper), FD a file holding
 * exactly DATA for archive_adopt() (the pool's, valid during the call; -1:
 * none).  Returns as an imap_body_fn does. */
typedef int (*fetchpool_fn)(void *ctx, uint32_t uid, int64_t arrived, const char *data,
                            size_t len, const char *sha, int fd);

/* Hands the messages a helper fetched for job J to FN, in UID order, each
 * mapped from its file during the call; a non-zero return of FN stops
 * and is returned (a message that cannot be read back: YK_EIO in ERR).
 * Then frees them. */
int fetchpool_each(struct fetchpool *p, size_t j, fetchpool_fn fn, void *ctx,
                   struct yk_err *err);

struct fetchpool_stats {
	unsigned connected;      /* helpers that logged in and took part */
	unsigned failed;         /* helpers that could not connect or broke */
	unsigned long commands;  /* IMAP commands the helpers sent */
	char first_error[200];   /* why the first helper failed, "" if none */
};

/* Tells the helpers to stop, waits for them (each notices within 100 ms),
 * logs out, fills *ST (may be NULL) and frees everything.  NULL: no-op. */
void fetchpool_stop(struct fetchpool *p, struct fetchpool_stats *st);

#endif
