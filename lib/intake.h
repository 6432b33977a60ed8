/*
 * intake — one poll cycle: mailbox → archive → database, and filing of a
 * single message (shared by the cycle and `ykien import`).  The cycle is
 * the same for every mailbox source (lib/source.h: IMAP or Maildir):
 * prepare each message, commit a batch, then let the source act on it.
 *
 * Order of durability (STYLE.md habit 1): the raw message is archived and
 * fsynced, then its row and the new high-water UID are committed in one
 * transaction; only after that commit may the server copy be flagged.  A
 * crash at any point therefore refetches (and recognises) a message rather
 * than losing it or filing it twice.
 *
 * lib/ does not print: what happened to each message is reported through
 * the caller's intake_event_fn.
 */
#ifndef YK_INTAKE_H
#define YK_INTAKE_H

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>

#include "alive.h"
#include "config.h"
#include "err.h"
#include "store.h"

struct intake_event {
	uint32_t uid;           /* 0 for import */
	const char *file;       /* import: the file name */
	const char *kind;
	const char *campaign;
	const char *agency;
	const char *status;     /* effective, duplicate, superseded, not_counted, already filed */
	const char *archive_path;
	bool needs_review;
	const char *note;       /* e.g. why it was skipped; may be NULL */
};
typedef void (*intake_event_fn)(void *ctx, const struct intake_event *ev);

struct intake_stats {
	unsigned filed;         /* new messages recorded this cycle */
	unsigned already;       /* the same bytes were filed already (under another UID:
	                         * a renumbered folder, a message moved back into it) */
	unsigned too_large;     /* recorded without their body */
	unsigned long imap_commands;  /* over every connection */
	unsigned helpers_connected;   /* further connections that fetched (max_connections) */
	unsigned helpers_failed;      /* further connections that could not connect or broke */
	char helper_error[200];       /* why the first of those failed */
	unsigned not_returned;  /* asked for, not sent by the server, still there: the
	                         * next cycle asks again */
	char not_returned_uids[120]; /* the first of them, "105, 130" */
	unsigned vanished;      /* asked for, not sent, and gone from the server */
	unsigned actions_refused; /* filed, but the server refused their flag or move
	                           * (retried later with back-off) */
	char action_error[300];   /* the server's words for the first of them */
	unsigned search_missed; /* UID SEARCH found nothing above the mark, UIDNEXT said
	                         * there was mail, and a UID FETCH listed this many */
	uint32_t mark_raised_to; /* ...and listed none (expunged): the mark moved here */
	bool uidvalidity_changed;
	unsigned passed_over;   /* first sync: older than the date window, never fetched */
	unsigned widened;       /* older mail taken because the window moved earlier */
};

/* After each batch: how many of the messages this cycle takes are done. */
typedef void (*intake_progress_fn)(void *ctx, size_t done, size_t total);

struct dispatch_index;

struct intake {
	const struct yk_config *cfg;
	struct store *st;
	const volatile sig_atomic_t *stop; /* set by a signal: finish the message in hand */
	intake_event_fn on_event;
	void *event_ctx;
	intake_progress_fn on_progress;    /* may be NULL */
	const struct yk_alive *alive;      /* pinged per message and during OCR; may be NULL */
	/* the letters ykien dispatched (lib/dispatch.h dispatch_index_load(),
	 * read by the caller before each cycle); may be NULL */
	const struct dispatch_index *dispatched;
};

/* One cycle against cfg->mailbox: open, select, list what is new, heal,
 * fetch and file (source.h). */
int intake_cycle(const struct intake *in, struct intake_stats *stats, struct yk_err *err);

/*
 * Files DATA (one whole message) that arrived outside the mailbox (FILE is
 * its name, for the record).  The same bytes filed before are not filed
 * again (*already true).
 */
int intake_import(const struct intake *in, const char *file, const char *data, size_t len,
                  bool *already, struct yk_err *err);

#endif
