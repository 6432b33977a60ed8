/*
 * source_imap_p — private to the IMAP source (source_imap.c: the folder,
 * what is new, the actions; source_imapfetch.c: fetching over one or
 * more connections).  Not for any other file.
 */
#ifndef YK_SOURCE_IMAP_P_H
#define YK_SOURCE_IMAP_P_H

#include "imap.h"
#include "source.h"

struct imap_src {
	struct source base;
	struct imap_opts o;        /* also for the helper connections (max_connections) */
	char *password;            /* kept for the helpers; secret_free() */
	struct imap *im;           /* the daemon's own connection */
	uint32_t uidvalidity, uidnext, exists;
	uint32_t *uids, *widened;  /* what list_new found: above the mark; older
	                            * mail a widened date window adds (malloc'd) */
	size_t n, nw;
	char sep;                  /* the server's hierarchy separator */
	char ns[SOURCE_NS_MAX];    /* its personal namespace's prefix (move) */

	/* during fetch() */
	const struct source_sink *sink;
	struct imap_spill *spill;  /* where this connection's messages wait (spill.h) */
	uint32_t last_seen;        /* highest UID handed over, filed or recognised */
	uint32_t mark_start;       /* the mark when the cycle began */
	/* a UID asked for, not sent, still on the server: the mark stays
	 * below it, so the next cycle asks again (0: none) */
	uint32_t hold_below;
	/* the job being read: which of its UIDs the server did send */
	const uint32_t *job_uids;
	bool *job_got;
	size_t job_n;
	struct yk_err *err;
};

/* Fetches and files UIDS (N, ascending) into the sink (source_imapfetch.c). */
int source_imap_take(struct imap_src *s, const uint32_t *uids, size_t n, struct yk_err *err);

#endif
