/*
 * source — a mailbox the intake reads, behind one interface: an IMAP
 * folder (source_imap.c, source_imapfetch.c) or a local Maildir
 * (source_maildir.c), as isync's driver.h puts its IMAP and Maildir
 * stores behind one table of operations.
 *
 * The intake (lib/intake.h) does the same with every source: it prepares
 * each message the source hands over (extracts it, archives it without a
 * sync), commits a batch (one sync of the archive, then the rows and the
 * mailbox's mark in one transaction) and only then asks the source to act
 * on what was filed (after_filing keep, seen or move).  A source says what
 * is new, fetches it, acts, and heals an action a crash cut short.  One
 * cycle calls, in this order:
 *
 *   open, select, list_new, heal, fetch (which hands messages to the
 *   sink's take() and calls its commit(), which calls act()), finish, close
 *
 * Ownership: open() returns a source that close() releases; it borrows
 * the env, which must outlive it.  An open() that fails has released what
 * it made and set *out to NULL: there is nothing to close.  The sink and a
 * source_msg belong to the caller and are valid during the call only.
 * Errors: every operation returns 0 or a YK_E* code with err set
 * (lib/err.h).  Over IMAP a refusal of the server to act on a message (a
 * flag, a move) is not an error of the cycle: act() records it for a later
 * retry (store_server_refused) and goes on.  In a Maildir an action that
 * fails (a rename) fails the cycle; the next cycle's heal() redoes it.
 */
#ifndef YK_SOURCE_H
#define YK_SOURCE_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "config.h"
#include "err.h"
#include "intake.h"
#include "store.h"

#define SOURCE_BATCH_MAX 200  /* messages in one group commit */
/* Room for the personal namespace's prefix before folder_prefix. */
#define SOURCE_NS_MAX 64
#define SOURCE_FOLDER_MAX (SOURCE_NS_MAX + CONFIG_FOLDER_MAX)

/* What a source works with; all borrowed from the intake. */
struct dispatch_index;

struct source_env {
	const struct yk_config *cfg;
	struct store *st;
	const volatile sig_atomic_t *stop; /* set by a signal: finish what is in hand */
	struct intake_stats *stats;
	struct store_mailbox *state;       /* the mailbox's mark: the source moves it,
	                                    * each commit records it */
	const struct dispatch_index *dispatched; /* lib/dispatch_id.h; may be NULL */
};

/* One message fetched, handed to the sink.  Valid during the call. */
struct source_msg {
	uint32_t uid;         /* IMAP: its UID; 0 in a Maildir */
	int64_t arrived;      /* INTERNALDATE or the file's time; 0: unknown */
	const char *file;     /* Maildir: the unique part of its name, else NULL */
	const char *src;      /* Maildir: its path in the folder, else NULL */
	const char *data;
	size_t len;
	const char *sha;      /* its SHA-256 when the source has it, else NULL */
	int fd;               /* when has_fd: an unnamed file holding exactly DATA, which
	                       * the archive may link into place (archive_adopt()) */
	bool has_fd;
	int64_t size;         /* its size in the mailbox (more than len when too large) */
	const char *note;     /* a review reason (too large: only its header), or NULL */
};

/* One message of a commit, for act(). */
struct source_filed {
	uint32_t uid;
	const char *src;      /* Maildir: its path in the folder */
	const char *leaf;     /* where a move puts it: source_leaf() */
};

/* The intake's side of fetch(): where the messages go. */
struct source_sink {
	void *ctx;
	/* Messages held, not committed yet (at most SOURCE_BATCH_MAX). */
	size_t (*held)(void *ctx);
	/* Are these bytes filed already, or held?  (The same bytes are never
	 * filed twice, whatever UID or name they come back under.) */
	int (*filed_before)(void *ctx, const char *sha, bool *already, struct yk_err *err);
	/* Prepares M into the batch in hand. */
	int (*take)(void *ctx, const struct source_msg *m, struct yk_err *err);
	/* Commits the batch in hand, and env->state as it is now with it
	 * (nothing when none is held and MARK_MOVED is false), then calls the
	 * source's act() for it; DONE more messages of the cycle are then done
	 * (for the progress report).  A batch with messages is recorded and
	 * acted on later, when its sync is over: at the next commit or after
	 * fetch() returns, never after finish() or close(). */
	int (*commit)(void *ctx, bool mark_moved, size_t done, struct yk_err *err);
};

struct source_ops;

/* The part every source starts with (each driver's struct embeds it first). */
struct source {
	const struct source_ops *ops;
	const struct source_env *env;
};

struct source_ops {
	const char *origin;   /* recorded with each message: "imap", "maildir" */
	int (*open)(const struct source_env *env, struct source **out, struct yk_err *err);
	/* Selects the folder and sets env->state (the mark, a new UIDVALIDITY). */
	int (*select)(struct source *s, struct yk_err *err);
	/* Finds what is new; *TOTAL: how many messages fetch() will go through,
	 * for the progress report (sink->commit's DONE).  A Maildir reports
	 * none: it commits with DONE 0, so its TOTAL is never shown. */
	int (*list_new)(struct source *s, size_t *total, struct yk_err *err);
	/* Redoes the after_filing a crash cut short (after the commit, before
	 * the action): a flag set twice or a move of a message gone is harmless. */
	int (*heal)(struct source *s, struct yk_err *err);
	/* Fetches what list_new() found into SINK, committing as it goes;
	 * stops early, with what is in hand committed, when env->stop is set. */
	int (*fetch)(struct source *s, const struct source_sink *sink, struct yk_err *err);
	/* after_filing for V (N messages just committed), each outcome recorded. */
	int (*act)(struct source *s, const struct source_filed *v, size_t n, struct yk_err *err);
	/* Records what the cycle learnt beside the messages (the date window);
	 * NULL: the source has nothing to record. */
	int (*finish)(struct source *s, struct yk_err *err);
	void (*close)(struct source *s);
};

/* Has a signal asked the cycle to stop?  (Then what is in hand is
 * committed and nothing more is begun.) */
static inline bool
source_stopped(const struct source_env *env)
{
	return env->stop && *env->stop;
}

extern const struct source_ops source_imap_ops;
extern const struct source_ops source_maildir_ops;

/* The source of mailbox.url: maildir:// or IMAP. */
const struct source_ops *source_for(const char *url);

/*
 * Waiting for new mail between cycles (mailbox.idle, source_idle.c): IMAP
 * IDLE (RFC 2177) on a connection of its own, kept from one wait to the
 * next.  It only says when the next cycle runs; it files nothing and
 * changes nothing on the server (the folder is EXAMINEd).
 * Ownership: source_idle_new() gives one that source_idle_free() releases
 * (with its connection); it borrows CFG and STOP, which must outlive it
 * (after a reload, free it and make a new one).
 */
struct source_idle;
enum source_woke {
	SOURCE_WOKE_MAIL,    /* the server announced new mail: run a cycle now */
	SOURCE_WOKE_TIMEOUT, /* the time given passed */
	SOURCE_WOKE_FLAG,    /* STOP or WAKE was set (the connection is closed) */
};

/* *OUT NULL (and 0) when the mailbox cannot idle: maildir://, or
 * mailbox.idle false.  STOP (a signal's flag) cuts a login or a wait short. */
int source_idle_new(const struct yk_config *cfg, const volatile sig_atomic_t *stop,
                    struct source_idle **out, struct yk_err *err);
/* Logs in and examines the folder unless connected already (call it with
 * the signals that set STOP unblocked).  *ABLE false: the server does not
 * offer IDLE (it is not asked again; the caller sleeps).  *WAITING: a new
 * connection sees mail above the mark in ST that the last cycle may have
 * missed (it arrived after the cycle looked): run a cycle now.  An error
 * leaves it unconnected; the next call tries again. */
int source_idle_ready(struct source_idle *w, struct store *st, bool *able, bool *waiting,
                      struct yk_err *err);
/* IDLE up to TIMEOUT_MS (at most IMAP_IDLE_MAX_MS), or until new mail,
 * STOP or WAKE (may be NULL).  SIGMASK: the signal mask during the wait
 * (imap_idle()).  An error (the server closed the connection, a network
 * failure) closes the connection: the caller sleeps until its next poll,
 * and the next source_idle_ready() connects again. */
int source_idle_wait(struct source_idle *w, int timeout_ms, const volatile sig_atomic_t *wake,
                     const sigset_t *sigmask, enum source_woke *why, struct yk_err *err);
void source_idle_free(struct source_idle *w);

/* The folder's leaf of a move: the agency code, "_unassigned" or "_other"
 * (for what was just extracted, and for what the database says of a
 * message filed before).  FORM_REPLY: source_beside_replies() of its kind. */
const char *source_leaf(bool form_reply, bool campaign, const char *agency);
/* Is a message of KIND (extract_kind_name()) moved beside the agency's
 * replies: a form reply, or a question about the campaign? */
bool source_beside_replies(const char *kind);

/*
 * "YKien/SNV", "INBOX.YKien._unassigned", "YKien._other": the personal
 * namespace's prefix NS (RFC 2342: "" on Dovecot, "INBOX." on Cyrus and
 * Courier, where a top-level CREATE is refused), folder_prefix and LEAF,
 * joined by the hierarchy separator SEP (the server's; '.' in a Maildir),
 * into OUT (size N).  A folder_prefix that already starts with NS is taken
 * as it is; one written with a leading '/' is absolute (NS left out).
 * YK_ELIMIT when it does not fit: a name is never cut.
 */
int source_folder(const struct yk_config *cfg, const char *ns, char sep, const char *leaf,
                  char *out, size_t n, struct yk_err *err);

#endif
