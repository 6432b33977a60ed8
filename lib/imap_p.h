/*
 * imap_p — private to the IMAP client (imap.c: the connection, login and
 * the command loop; imap_cmd.c: the commands after login).  Not for any
 * other file: the interface is imap.h.
 */
#ifndef YK_IMAP_P_H
#define YK_IMAP_P_H

#include <curl/curl.h>
#include <signal.h>
#include <time.h>

#include "imap.h"

#define IMAP_RECV_CHUNK (256 * 1024)
#define IMAP_SPILL_CHUNK (64 * 1024) /* while a body goes to the spill */
#define IMAP_MAX_SEARCH 10000000 /* UIDs in one SEARCH answer */
#define IMAP_MAX_COMMAND 8000     /* bytes of one command line we send; servers
                                   * accept at least 8000 (RFC 7162 §4) */
#define IMAP_MAX_MECHS 8           /* mailbox.auth_mechanisms: at most (config.c) */
#define IMAP_SET_MAX 7000         /* of which a sequence set */

#define IMAP_CREATED_MAX 64       /* folders remembered per connection */
#define IMAP_KEEP_ROOM (1u << 20) /* receive buffer kept between commands */

struct imap {
	CURL *curl;
	curl_socket_t sock;
	char folder[1024];        /* decoded UTF-8 */
	char folder_arg[2048];    /* as sent: quoted modified UTF-7 */
	struct buf in;            /* bytes received, not yet consumed */
	unsigned long tag;
	unsigned long commands;
	int timeout_ms;
	size_t max_literal;
	const volatile sig_atomic_t *cancel;
	const atomic_bool *quit;
	char caps[4096];          /* last CAPABILITY line seen */
	char said[300];           /* during login: the server's last line */
	char mech[16];            /* the mechanism a fallback logged in with, or "" */
	void *tls;                /* OpenSSL's SSL of the connection, or NULL; libcurl's */
	char *created[IMAP_CREATED_MAX]; /* folders CREATE was sent for (a round trip each) */
	size_t n_created;
	bool dead;                /* connection unusable */
	/* during imap_fetch_finish_spill(): the body of the first response in
	 * IN goes to SPILL; IN holds "{0}" in place of it */
	struct imap_spill *spill;
	uint64_t spill_left;      /* its bytes still to come, to write at in[spill_mark] */
	size_t spill_mark;
	bool spilled;             /* the first response in IN had its body spilled: */
	bool spill_claimed;       /* ...and it was handed over (else its room is reused) */
	int spilled_fd;           /* the spill's fd, or the body's own file */
	int64_t spilled_off;      /* where in it */
	int64_t spill_at;         /* where the next bytes of the body go */
	uint64_t spilled_len;
	/* during imap_idle() only (else NULL): the signal mask while waiting
	 * (ppoll), and a further flag that ends the wait */
	const sigset_t *sigmask;
	const volatile sig_atomic_t *wake;
};

/* What a command does with each untagged response: 0, or a YK_E* code
 * (the command fails with it). */
typedef int (*untagged_fn)(void *ctx, const char *resp, size_t rlen);

/* Sends "TAG CMD\r\n"; TAG (16 bytes) gets the tag to wait for.  CMD is
 * built by imap.c and imap_cmd.c only, never from untrusted text. */
int imap_send_command(struct imap *im, const char *cmd, char tag[16], struct yk_err *err);
/* Reads until the tagged answer to TAG; untagged responses go to FN.
 * 0 on OK; YK_EPROTO with the server's text on NO or BAD. */
int imap_await_tag(struct imap *im, const char *tag, const char *cmd, untagged_fn fn, void *ctx,
                   struct yk_err *err);
/* Sends LINE (with its CRLF) as it is: IDLE's "DONE", which has no tag. */
int imap_send_line(struct imap *im, const char *line, struct yk_err *err);
/* During IDLE: reads until im->in holds one complete response (*RLEN its
 * length, not consumed), or until UNTIL (CLOCK_MONOTONIC) passes or a stop
 * flag (cancel, quit, im->wake) is set: then *OVER is true, *RLEN 0 and 0
 * is returned.  A closed connection is an error. */
int imap_read_until(struct imap *im, size_t *rlen, const struct timespec *until, bool *over,
                    struct yk_err *err);
/* Both: one command and its answer. */
int imap_command(struct imap *im, const char *cmd, untagged_fn fn, void *ctx, struct yk_err *err);
/* Does the server advertise CAP (after login)? */
bool imap_has_cap(struct imap *im, const char *cap);

/* Where a body about to be spilled goes: *FD and *OFF (SP->own_file's
 * file at 0, else SP->fd at SP->at). */
void imap_spill_target(struct imap_spill *sp, int *fd, int64_t *off);

#endif
