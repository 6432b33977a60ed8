/*
 * imap — the IMAP client (RFC 3501/9051; UIDPLUS RFC 4315, MOVE RFC
 * 6851), through libcurl; the mailbox source over it is source_imap.c.
 *
 * libcurl connects, negotiates TLS (imaps:// or STARTTLS), and logs in
 * (CURLOPT_CONNECT_ONLY); from there we drive the protocol ourselves over
 * curl_easy_send/recv.  Why: libcurl's own FETCH sets \Seen (BODY[]) and
 * loses the literal of a custom BODY.PEEK[] (NOTES.md), and it cannot
 * pipeline.  One struct imap is one connection and one login; it is owned
 * by the caller and released with imap_close().
 */
#ifndef YK_IMAP_H
#define YK_IMAP_H

#include <signal.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "err.h"

struct imap;

struct imap_opts {
	const char *url;        /* imap://host[:port]/FOLDER or imaps://… */
	const char *user;
	const char *password;   /* only used during imap_connect() */
	const char *ca_file;    /* NULL: the system's CA store */
	bool allow_plaintext;   /* imap:// without STARTTLS (loopback only) */
	const char *auth_mechanisms; /* "LOGIN PLAIN": tried in order, each on a new
	                          * connection, until one logs in; NULL: libcurl's
	                          * pick, then PLAIN and LOGIN when the server
	                          * refused the way, not the password */
	int timeout;            /* seconds: connect, and each command */
	size_t max_message;     /* largest literal accepted */
	const volatile sig_atomic_t *cancel; /* when set (a signal), waiting stops:
	                          * the command fails with YK_ESTOPPED and the
	                          * connection is done */
	const atomic_bool *quit; /* for a connection of another thread: when it is
	                          * set, waiting stops within 100 ms, as for cancel
	                          * (no signal reaches that thread to interrupt
	                          * its poll) */
};

int imap_connect(const struct imap_opts *o, struct imap **out, struct yk_err *err);
void imap_close(struct imap *im); /* LOGOUT (best effort) and free */

/* SELECT (readonly: EXAMINE) the URL's folder. */
int imap_select(struct imap *im, bool readonly, uint32_t *uidvalidity, uint32_t *uidnext,
                uint32_t *exists, struct yk_err *err);

/* UID SEARCH UID from:4294967295 — the UIDs >= from, ascending.  *uids
 * malloc'd. */
int imap_search_from(struct imap *im, uint32_t from, uint32_t **uids, size_t *n,
                     struct yk_err *err);

/* Which of UIDS the folder still has (UID SEARCH UID <set>, as many
 * commands as the set needs).  *present malloc'd, in the server's order. */
int imap_uids_present(struct imap *im, const uint32_t *uids, size_t n, uint32_t **present,
                      size_t *np, struct yk_err *err);

/* UID FETCH from:to (UID): the UIDs the folder has in that range, listed
 * without SEARCH (to check a search that found nothing).  *uids malloc'd. */
int imap_list_range(struct imap *im, uint32_t from, uint32_t to, uint32_t **uids, size_t *n,
                    struct yk_err *err);

/* UID SEARCH CRITERIA, the UIDs >= from, ascending.  CRITERIA is built by
 * the caller from dates and numbers only (never from untrusted text). */
int imap_search(struct imap *im, const char *criteria, uint32_t from, uint32_t **uids,
                size_t *n, struct yk_err *err);

/* UID FETCH uid BODY.PEEK[HEADER]: only the header of the message, and
 * its INTERNALDATE into *arrived (0 when the server gave none). */
int imap_fetch_header(struct imap *im, uint32_t uid, struct buf *out, bool *found,
                      int64_t *arrived, struct yk_err *err);

/*
 * Batched commands: UIDS ascending; as many commands as the sequence sets
 * need.  Responses stream: each message is handed to the callback while
 * the rest is still arriving, so one message at a time is held.
 */
typedef void (*imap_size_fn)(void *ctx, uint32_t uid, uint64_t size);
int imap_fetch_sizes(struct imap *im, const uint32_t *uids, size_t n, imap_size_fn fn, void *ctx,
                     struct yk_err *err);

/* DATA is valid only during the call.  ARRIVED: when the server received
 * the message (its INTERNALDATE, seconds since the epoch; 0 when it gave
 * none before the literal).  A non-zero return stops handing over
 * messages (the rest of the answer is still read and dropped) and is
 * returned by imap_fetch_finish() when no other error occurred. */
typedef int (*imap_body_fn)(void *ctx, uint32_t uid, int64_t arrived, const char *data,
                            size_t len);
/* What an imap_body_fn returns to stop without an error (a signal asked
 * to finish what is in hand); any other non-zero return is a YK_E* code
 * the callback has set in its own struct yk_err. */
#define IMAP_BODY_STOP (-1)

/* UID FETCH (UID INTERNALDATE BODY.PEEK[]) of UIDS in two steps, so that the next batch is
 * on its way while the last one is being committed: send (one command;
 * YK_ELIMIT when the set does not fit one), then read its answer, handing
 * each message to FN.  Nothing else may be sent in between. */
int imap_fetch_send(struct imap *im, const uint32_t *uids, size_t n, char tag[16],
                    struct yk_err *err);
int imap_fetch_finish(struct imap *im, const char *tag, imap_body_fn fn, void *ctx,
                      struct yk_err *err);

/*
 * A spill: where the bodies of a UID FETCH go instead of memory.  Each
 * message's BODY[] literal is written to FD at AT as it arrives (AT moves
 * on), so that a connection holds one receive chunk of a message, not the
 * message, whatever its size: the bytes go to disk anyway (lib/spill.h).
 * With OWN_FILE set, each body goes instead to a file of its own, at 0 of
 * the descriptor OWN_FILE(OWN_CTX) returns (FD as before when it returns
 * -1): written once, where a copy from FD would write it twice.
 * LIMIT: the bytes USED, written and not given back, never pass it
 * (YK_ELIMIT; 0: no limit).  The caller owns FD and may set AT back once it has handed a
 * message over.
 */
struct imap_spill {
	int fd;
	int64_t at;
	int64_t limit;
	int (*own_file)(void *own_ctx);
	void *own_ctx;
	int64_t used;
};
/* A message in the spill: LEN bytes at OFF of FD, SP's fd or a file of
 * its own (then FD is the callback's: it keeps or closes it).  Returns as
 * an imap_body_fn does. */
typedef int (*imap_spilled_fn)(void *ctx, uint32_t uid, int64_t arrived, int fd, int64_t off,
                               size_t len);
/* imap_fetch_finish() with every message written to SP before FN is told
 * where it is; an answer not handed to FN leaves AT where it was. */
int imap_fetch_finish_spill(struct imap *im, const char *tag, struct imap_spill *sp,
                            imap_spilled_fn fn, void *ctx, struct yk_err *err);

int imap_store_seen(struct imap *im, const uint32_t *uids, size_t n, struct yk_err *err);

/* Where personal folders go (RFC 2342): the personal namespace's prefix
 * ("" on Dovecot, "INBOX." on Cyrus and Courier) into PREFIX (size N) and
 * its hierarchy separator into *SEP.  Without NAMESPACE: "" and the
 * separator of LIST "" "" ('/' when it names none). */
int imap_namespace(struct imap *im, char *prefix, size_t n, char *sep, struct yk_err *err);

/* CREATE the folder (UTF-8 name) unless it exists; asked once per
 * connection for each folder.  A refusal of a folder that LIST does not
 * show either is an error in the server's words. */
int imap_ensure_folder(struct imap *im, const char *folder, struct yk_err *err);

/* Moves UIDS to FOLDER: UID MOVE (RFC 6851) when offered, else UID COPY,
 * UID STORE \Deleted and UID EXPUNGE (RFC 4315), else COPY, STORE and
 * EXPUNGE. */
int imap_move(struct imap *im, const uint32_t *uids, size_t n, const char *folder,
              struct yk_err *err);

/* The mechanism a fallback logged in with ("PLAIN"), when libcurl's own
 * pick was refused; NULL otherwise.  Valid while IM is. */
const char *imap_mechanism(const struct imap *im);

/* Does the server offer MOVE (RFC 6851)? */
bool imap_can_move(struct imap *im);

/* Which of MIDS (N Message-IDs, without <>) FOLDER holds already: FOUND[i].
 * FOLDER is EXAMINEd, so the caller selects its own folder again after.
 * A folder that does not exist holds none; a Message-ID that cannot be
 * searched for as it is (quotes, non-ASCII) is taken as not there. */
int imap_folder_holds(struct imap *im, const char *folder, const char *const *mids, size_t n,
                      bool *found, struct yk_err *err);

/* UID STORE \Deleted and UID EXPUNGE (EXPUNGE without UIDPLUS). */
int imap_delete(struct imap *im, const uint32_t *uids, size_t n, struct yk_err *err);

/*
 * IDLE (RFC 2177): the server announces new mail as it arrives, instead of
 * being asked at the next poll.  RFC 2177 lets a server drop an IDLE
 * after 30 minutes: one IDLE lasts at most IMAP_IDLE_MAX_MS, and the
 * caller issues the next.
 */
#define IMAP_IDLE_MAX_MS (25 * 60 * 1000)

/* Does the server offer IDLE (its CAPABILITY)? */
bool imap_can_idle(struct imap *im);

enum imap_idle_end {
	IMAP_IDLE_ENDED_MAIL,    /* the folder grew: new mail */
	IMAP_IDLE_ENDED_TIMEOUT, /* TIMEOUT_MS passed */
	IMAP_IDLE_ENDED_STOP,    /* a stop flag (cancel, quit, WAKE) was set */
};

/*
 * IDLE on the selected folder until new mail, TIMEOUT_MS (at most
 * IMAP_IDLE_MAX_MS), or a flag (the cancel and quit of imap_opts, and
 * WAKE, which may be NULL); then DONE and its tagged OK, so the
 * connection can idle again (after a stop flag, not: imap_close() it).
 * *EXISTS: the folder's size as known (imap_select()'s), kept up to date.
 * SIGMASK (may be NULL): the signal mask during the waits (ppoll), for a
 * caller that blocks the signals setting the flags, so that one arriving
 * just before a wait is not lost; NULL: plain poll.  The wait costs no CPU:
 * the process sleeps in ppoll until the socket, a signal or the time.
 * A connection closed or refusing IDLE is an error (YK_ENET, YK_EPROTO).
 */
int imap_idle(struct imap *im, int timeout_ms, uint32_t *exists,
              const volatile sig_atomic_t *wake, const sigset_t *sigmask,
              enum imap_idle_end *end, struct yk_err *err);

/* Number of commands sent on this connection (for the benchmark). */
unsigned long imap_commands(const struct imap *im);

#endif
