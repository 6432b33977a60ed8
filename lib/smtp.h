/*
 * smtp — sending one message to several recipients over libcurl.
 *
 * RFC 5321 (SMTP), RFC 3207 (STARTTLS), RFC 8314 (implicit TLS, smtps://),
 * RFC 4954 (AUTH), RFC 3463 (enhanced status codes, only displayed).
 *
 * smtps:// is TLS from the start; smtp:// must upgrade with STARTTLS
 * unless allow_plaintext (accepted by config.c for a loopback address
 * only).  The server certificate and host name are always checked.
 *
 * Every recipient is tried (CURLOPT_MAIL_RCPT_ALLOWFAILS): one address the
 * server refuses does not stop the others.  Each recipient's reply is read
 * from libcurl's protocol trace, which is parsed here and never logged (it
 * also holds the AUTH exchange).
 *
 * Outcome classes (RFC 5321 §4.2.1): 2xx accepted; 4xx or no answer
 * (connection refused, timeout, dropped) temporary, to be retried later;
 * 5xx permanent.
 *
 * struct smtp is owned by the caller of smtp_open() (smtp_close()), and
 * keeps one connection for a whole cycle.  The password is copied into
 * libcurl and not kept here.  Errors via struct yk_err; nothing printed.
 */
#ifndef YK_SMTP_H
#define YK_SMTP_H

#include <stdbool.h>
#include <stddef.h>

#include "config.h"
#include "err.h"

#define SMTP_MAX_RCPTS 128          /* recipients of one message */
#define SMTP_REPLY_MAX 256          /* a server reply kept for the record */
#define SMTP_ADDR_MAX 320           /* RFC 5321 §4.5.3.1: 64 + 1 + 255 */

struct smtp_opts {
	const char *url;            /* smtps://host[:port] or smtp://host[:port] */
	const char *user;           /* NULL: no AUTH */
	const char *password;
	const char *ca_file;        /* NULL: the system's CA store */
	bool allow_plaintext;
	int timeout;                /* seconds, for connecting and for each reply */
};

enum smtp_class { SMTP_ACCEPTED, SMTP_TEMPORARY, SMTP_PERMANENT };

struct smtp_rcpt {
	const char *addr;           /* in: the recipient */
	enum smtp_class cls;        /* out */
	int code;                   /* out: the reply code, 0 when none came */
	char reply[SMTP_REPLY_MAX]; /* out: the reply line, or what went wrong */
};

struct smtp;

int smtp_open(const struct smtp_opts *o, struct smtp **out, struct yk_err *err);
/* smtp_open() with CFG's smtp group, the password read from
 * smtp.password_file (or the "smtp.pass" credential) only for the login. */
int smtp_open_config(const struct yk_config *cfg, struct smtp **out, struct yk_err *err);
void smtp_close(struct smtp *s);

/*
 * Sends MSG (CRLF line ends) from FROM (a bare address) to every RCPTS[i].
 * Returns 0 when the exchange ended (each rcpt then holds its own outcome:
 * when the message itself was refused, every recipient not refused at RCPT
 * gets that reply).  Returns YK_ENET / YK_ETLS / YK_EAUTH / YK_ECONFIG
 * (with every rcpt marked temporary or permanent as fits) when the server
 * could not be used at all: the caller should stop the cycle.  Any other
 * error (YK_ELIMIT, YK_EINVAL, YK_ENOMEM) comes before the server is asked,
 * with every rcpt marked temporary and code 0: none was tried.
 */
int smtp_send(struct smtp *s, const char *from, struct smtp_rcpt *rcpts, size_t n,
              const char *msg, size_t len, struct yk_err *err);

#endif
