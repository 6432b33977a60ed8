/*
 * prof — where an intake cycle's time goes (make bench's breakdown):
 * wall time accumulated per stage, when asked for.  ykiend turns it on
 * with YKIEND_PROFILE set in its environment and logs the sums after each
 * cycle; off (the default), a timer costs one test of a flag.
 *
 * The stages are timed in the filing thread only (the helper connections
 * of lib/fetchpool.h fetch ahead of it): FETCH is what that thread spends
 * fetching or waiting for what was fetched (TLS, IMAP, the server), the
 * time it spends filing messages handed over meanwhile taken out.  The
 * sums are process-wide (atomics), kept until prof_reset().
 */
#ifndef YK_PROF_H
#define YK_PROF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum prof_stage {
	PROF_FETCH,    /* TLS, IMAP and the server: fetching, or waiting for a helper */
	PROF_HASH,     /* SHA-256 of each message */
	PROF_PARSE,    /* MIME parse (lib/mime.h) */
	PROF_EXTRACT,  /* the rest of the extraction: classify, read the forms */
	PROF_ARCHIVE,  /* archive writes: the message and its attachments */
	PROF_SYNC,     /* syncfs of the archive per batch */
	PROF_DB,       /* SQLite: the "filed before?" lookups and each batch's transaction */
	PROF_ACT,      /* after_filing on the server (\Seen, move) */
	PROF_STAGES
};

void prof_enable(bool on);
bool prof_enabled(void);
/* A start time for prof_add(), 0 when profiling is off. */
uint64_t prof_start(void);
/* Adds the time since T0 (from prof_start()) to STAGE; nothing when T0 is 0. */
void prof_add(enum prof_stage stage, uint64_t t0);
/* Takes the time since T0 out of STAGE: a nested stage timed apart. */
void prof_sub(enum prof_stage stage, uint64_t t0);
double prof_seconds(enum prof_stage stage);
const char *prof_name(enum prof_stage stage);
void prof_reset(void);
/* "fetch (TLS, IMAP, server) 1.20 s; SHA-256 0.10 s; ..." into OUT (size N). */
void prof_format(char *out, size_t n);

#endif
