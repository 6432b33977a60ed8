/*
 * err — the one error contract of lib/.
 *
 * A lib/ function that can fail takes a `struct yk_err *` and returns a
 * status (0 on success, an YK_E* code otherwise).  The first error set is
 * kept; later ones (consequences of the first) are ignored, so the caller in
 * daemon/ reports the root cause once.  lib/ never prints and never exits.
 * The struct is caller-owned and holds no heap memory.
 */
#ifndef YK_ERR_H
#define YK_ERR_H

#include <stddef.h>

enum yk_status {
	YK_OK = 0,
	YK_EINVAL,    /* bad input, bad argument */
	YK_ECONFIG,   /* configuration error */
	YK_EIO,       /* disk or system call */
	YK_ENOMEM,    /* allocation failed */
	YK_ELIMIT,    /* a named limit was exceeded */
	YK_ENET,      /* network: connect, timeout, dropped */
	YK_EAUTH,     /* login refused */
	YK_ETLS,      /* certificate or TLS failure */
	YK_EPROTO,    /* the server said something we cannot use */
	YK_ENOTFOUND, /* folder, file or record not there */
	YK_EDB,       /* SQLite */
	YK_ESTATE,    /* stored state inconsistent (e.g. database newer than us) */
	YK_ESTOPPED,  /* a stop asked for (a signal, a quit flag) cut a wait short:
	               * no fault of the peer; the caller keeps what it has */
};

struct yk_err {
	int code;
	char msg[8192]; /* room for every error of a config file */
};

/* Sets the error unless one is already set; returns code.  printf-like. */
int yk_err_set(struct yk_err *err, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void yk_err_clear(struct yk_err *err);
const char *yk_status_name(int code);

/* sysexits(3)-style exit status for an error code, for daemon/. */
int yk_err_exit_status(int code);

#endif
