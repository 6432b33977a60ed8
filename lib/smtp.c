/*
 * smtp — libcurl SMTP with per-recipient outcomes.
 *
 * libcurl reports one result per transfer; which recipient was refused,
 * and how, is only in the protocol trace.  The trace callback below
 * follows the commands libcurl sends (MAIL, RCPT one at a time in list
 * order, DATA) and takes the final reply line of each.  It keeps nothing
 * else: the trace also carries the AUTH exchange, which must never be
 * stored or logged.
 */
#include "smtp.h"

#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "fault.h"
#include "secret.h"

#define SMTP_TRANSFER_MAX_SECONDS 900L /* one message, however slow the server */
#define SMTP_LINE_MAX 1024             /* a reply line as seen in the trace */

/* CURLOPT_MAIL_RCPT_ALLOWFAILS was spelled with three L's before 8.2. */
#if LIBCURL_VERSION_NUM < 0x080200
#define YK_CURLOPT_RCPT_ALLOWFAILS CURLOPT_MAIL_RCPT_ALLLOWFAILS
#else
#define YK_CURLOPT_RCPT_ALLOWFAILS CURLOPT_MAIL_RCPT_ALLOWFAILS
#endif

struct smtp {
	CURL *curl;
};

enum stage { ST_NONE, ST_MAIL, ST_RCPT, ST_DATA, ST_OTHER };

struct trace {
	enum stage stage;
	size_t n_rcpt_sent;          /* RCPT commands seen so far */
	struct smtp_rcpt *rcpts;
	size_t n;
	int mail_code;
	int data_code;               /* the reply to DATA (354) */
	int end_code;                /* the reply after the message's final "." */
	char mail_reply[SMTP_REPLY_MAX];
	char end_reply[SMTP_REPLY_MAX];
	char partial[SMTP_LINE_MAX]; /* a reply line split across callbacks */
	size_t partial_len;
};

struct upload {
	const char *data;
	size_t len, off;
};

static size_t
read_cb(char *dst, size_t size, size_t nmemb, void *ud)
{
	struct upload *u = ud;
	size_t n = size * nmemb;

	if (n > u->len - u->off)
		n = u->len - u->off;
	memcpy(dst, u->data + u->off, n);
	u->off += n;
	return n;
}

/* Copies a reply line for the record: printable ASCII only, since it ends
 * up in the database and in logs and comes from a remote server. */
static void
keep_reply(char *dst, size_t n, const char *line, size_t len)
{
	size_t k = 0;

	for (size_t i = 0; i < len && k + 1 < n; i++) {
		unsigned char ch = (unsigned char)line[i];
		if (ch == '\r' || ch == '\n')
			break;
		dst[k++] = (ch >= 0x20 && ch < 0x7f) ? (char)ch : '?';
	}
	dst[k] = '\0';
}

static void
reply_line(struct trace *t, const char *line, size_t len)
{
	int code;

	/* "250-..." continues a multi-line reply; only "250 ..." or "250" ends it */
	if (len < 3 || line[0] < '2' || line[0] > '5' || line[1] < '0' || line[1] > '9' ||
	    line[2] < '0' || line[2] > '9' || (len > 3 && line[3] == '-'))
		return;
	code = (line[0] - '0') * 100 + (line[1] - '0') * 10 + (line[2] - '0');
	switch (t->stage) {
	case ST_MAIL:
		t->mail_code = code;
		keep_reply(t->mail_reply, sizeof t->mail_reply, line, len);
		break;
	case ST_RCPT:
		if (t->n_rcpt_sent >= 1 && t->n_rcpt_sent <= t->n) {
			struct smtp_rcpt *r = &t->rcpts[t->n_rcpt_sent - 1];
			r->code = code;
			keep_reply(r->reply, sizeof r->reply, line, len);
		}
		break;
	case ST_DATA:
		if (!t->data_code) {
			t->data_code = code;
			if (code == 354)
				break;
			/* DATA itself refused: that is the message's answer */
		}
		t->end_code = code;
		keep_reply(t->end_reply, sizeof t->end_reply, line, len);
		break;
	default:
		break;
	}
}

static int
debug_cb(CURL *h, curl_infotype type, char *data, size_t size, void *ud)
{
	struct trace *t = ud;

	(void)h;
	if (type == CURLINFO_HEADER_OUT) {
		/* one command per call; only its verb matters here */
		if (size >= 9 && !strncasecmp(data, "RCPT TO:", 8)) {
			t->stage = ST_RCPT;
			t->n_rcpt_sent++;
		} else if (size >= 10 && !strncasecmp(data, "MAIL FROM:", 10)) {
			t->stage = ST_MAIL;
		} else if (size >= 4 && !strncasecmp(data, "DATA", 4)) {
			t->stage = ST_DATA;
		} else {
			t->stage = ST_OTHER;
		}
		t->partial_len = 0;
	} else if (type == CURLINFO_HEADER_IN) {
		for (size_t i = 0; i < size; i++) {
			if (data[i] == '\n') {
				reply_line(t, t->partial, t->partial_len);
				t->partial_len = 0;
			} else if (t->partial_len + 1 < sizeof t->partial) {
				t->partial[t->partial_len++] = data[i];
			}
		}
	}
	return 0;
}

int
smtp_open(const struct smtp_opts *o, struct smtp **out, struct yk_err *err)
{
	struct smtp *s;
	bool tls = !strncmp(o->url, "smtps://", 8);

	*out = NULL;
	if (!tls && strncmp(o->url, "smtp://", 7))
		return yk_err_set(err, YK_ECONFIG, "smtp.url must start with smtps:// or smtp://");
	s = calloc(1, sizeof *s);
	if (!s || !(s->curl = curl_easy_init())) {
		free(s);
		return yk_err_set(err, YK_ENOMEM, "out of memory");
	}
	curl_easy_setopt(s->curl, CURLOPT_URL, o->url);
	curl_easy_setopt(s->curl, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
	curl_easy_setopt(s->curl, CURLOPT_NOSIGNAL, 1L);
	/* plain smtp:// must upgrade, unless config.c allowed plaintext on loopback */
	if (!tls)
		curl_easy_setopt(s->curl, CURLOPT_USE_SSL,
		                 o->allow_plaintext ? (long)CURLUSESSL_NONE : (long)CURLUSESSL_ALL);
	curl_easy_setopt(s->curl, CURLOPT_SSL_VERIFYPEER, 1L);
	curl_easy_setopt(s->curl, CURLOPT_SSL_VERIFYHOST, 2L);
	if (o->ca_file)
		curl_easy_setopt(s->curl, CURLOPT_CAINFO, o->ca_file);
	if (o->user) {
		curl_easy_setopt(s->curl, CURLOPT_USERNAME, o->user);
		curl_easy_setopt(s->curl, CURLOPT_PASSWORD, o->password ? o->password : "");
	}
	curl_easy_setopt(s->curl, CURLOPT_CONNECTTIMEOUT, (long)o->timeout);
	/* a server that stops answering for `timeout` seconds is given up on */
	curl_easy_setopt(s->curl, CURLOPT_LOW_SPEED_LIMIT, 1L);
	curl_easy_setopt(s->curl, CURLOPT_LOW_SPEED_TIME, (long)o->timeout);
	curl_easy_setopt(s->curl, CURLOPT_TIMEOUT, SMTP_TRANSFER_MAX_SECONDS);
	curl_easy_setopt(s->curl, CURLOPT_UPLOAD, 1L);
	curl_easy_setopt(s->curl, CURLOPT_READFUNCTION, read_cb);
	curl_easy_setopt(s->curl, YK_CURLOPT_RCPT_ALLOWFAILS, 1L);
	curl_easy_setopt(s->curl, CURLOPT_DEBUGFUNCTION, debug_cb);
	curl_easy_setopt(s->curl, CURLOPT_VERBOSE, 1L);
	*out = s;
	return 0;
}

void
smtp_close(struct smtp *s)
{
	if (!s)
		return;
	curl_easy_cleanup(s->curl);
	free(s);
}

static bool
valid_addr(const char *a)
{
	size_t n = strlen(a);

	return n > 2 && n < SMTP_ADDR_MAX && strchr(a, '@') && !strpbrk(a, "<>\r\n \t,;");
}

static enum smtp_class
class_of(int code)
{
	if (code >= 200 && code < 400)
		return SMTP_ACCEPTED;
	if (code >= 500)
		return SMTP_PERMANENT;
	return SMTP_TEMPORARY; /* 4xx, or no reply at all */
}

int
smtp_send(struct smtp *s, const char *from, struct smtp_rcpt *rcpts, size_t n,
          const char *msg, size_t len, struct yk_err *err)
{
	struct trace t = { .rcpts = rcpts, .n = n };
	struct upload up = { .data = msg, .len = len };
	struct curl_slist *list = NULL;
	char addr[SMTP_ADDR_MAX + 3], curl_msg[CURL_ERROR_SIZE] = "";
	CURLcode cc;
	int rc = 0;

	/* every early return below leaves each recipient untried, never accepted */
	for (size_t i = 0; i < n; i++) {
		rcpts[i].cls = SMTP_TEMPORARY;
		rcpts[i].code = 0;
		rcpts[i].reply[0] = '\0';
	}
	if (n == 0 || n > SMTP_MAX_RCPTS)
		return yk_err_set(err, YK_ELIMIT, "%zu recipients (1 to %d allowed)", n,
		                  SMTP_MAX_RCPTS);
	if (!valid_addr(from))
		return yk_err_set(err, YK_EINVAL, "sender \"%s\" is not a plain address", from);
	for (size_t i = 0; i < n; i++) {
		struct curl_slist *l;
		if (!valid_addr(rcpts[i].addr)) {
			curl_slist_free_all(list);
			return yk_err_set(err, YK_EINVAL, "recipient \"%s\" is not a plain address",
			                  rcpts[i].addr);
		}
		snprintf(addr, sizeof addr, "<%s>", rcpts[i].addr);
		if (!(l = curl_slist_append(list, addr))) {
			curl_slist_free_all(list);
			return yk_err_set(err, YK_ENOMEM, "out of memory");
		}
		list = l;
	}
	snprintf(addr, sizeof addr, "<%s>", from);
	curl_easy_setopt(s->curl, CURLOPT_MAIL_FROM, addr);
	curl_easy_setopt(s->curl, CURLOPT_MAIL_RCPT, list);
	curl_easy_setopt(s->curl, CURLOPT_READDATA, &up);
	curl_easy_setopt(s->curl, CURLOPT_INFILESIZE_LARGE, (curl_off_t)len);
	curl_easy_setopt(s->curl, CURLOPT_DEBUGDATA, &t);
	curl_easy_setopt(s->curl, CURLOPT_ERRORBUFFER, curl_msg);
	cc = curl_easy_perform(s->curl);
	curl_easy_setopt(s->curl, CURLOPT_MAIL_RCPT, NULL);
	curl_easy_setopt(s->curl, CURLOPT_ERRORBUFFER, NULL);
	curl_slist_free_all(list);
	if (t.end_code >= 200 && t.end_code < 300)
		fault_point("smtp-accepted");

	if (!curl_msg[0] && cc != CURLE_OK)
		snprintf(curl_msg, sizeof curl_msg, "%s", curl_easy_strerror(cc));
	for (size_t i = 0; i < n; i++) {
		struct smtp_rcpt *r = &rcpts[i];
		if (r->code && class_of(r->code) != SMTP_ACCEPTED) {
			r->cls = class_of(r->code); /* refused at RCPT: its own answer */
		} else if (r->code) {
			/* accepted at RCPT: the answer to the message decides */
			r->cls = t.end_code ? class_of(t.end_code) : SMTP_TEMPORARY;
			if (t.end_code) {
				r->code = t.end_code;
				snprintf(r->reply, sizeof r->reply, "%s", t.end_reply);
			} else {
				r->code = 0;
				snprintf(r->reply, sizeof r->reply, "no answer to the message: %.200s",
				         curl_msg[0] ? curl_msg : "connection closed");
			}
		} else if (t.mail_code >= 400) {
			r->cls = class_of(t.mail_code); /* the sender was refused */
			r->code = t.mail_code;
			snprintf(r->reply, sizeof r->reply, "MAIL FROM refused: %.200s", t.mail_reply);
		} else {
			r->cls = SMTP_TEMPORARY;
			snprintf(r->reply, sizeof r->reply, "not tried: %.200s",
			         curl_msg[0] ? curl_msg : "the exchange ended early");
		}
	}
	/* the server could not be used at all: the caller stops this cycle */
	switch (cc) {
	case CURLE_OK:
		break;
	case CURLE_LOGIN_DENIED:
		rc = yk_err_set(err, YK_EAUTH, "SMTP login refused: %s", curl_msg);
		break;
	case CURLE_PEER_FAILED_VERIFICATION:
	case CURLE_SSL_CONNECT_ERROR:
	case CURLE_SSL_CACERT_BADFILE:
	case CURLE_USE_SSL_FAILED:
		rc = yk_err_set(err, YK_ETLS, "SMTP TLS: %s", curl_msg);
		break;
	case CURLE_COULDNT_RESOLVE_HOST:
	case CURLE_COULDNT_CONNECT:
	case CURLE_OPERATION_TIMEDOUT:
		rc = yk_err_set(err, YK_ENET, "SMTP: %s", curl_msg);
		break;
	default:
		/* a refusal: each recipient carries it */
		if (!t.mail_code && !t.n_rcpt_sent)
			rc = yk_err_set(err, YK_ENET, "SMTP: %s", curl_msg);
		break;
	}
	return rc;
}

int
smtp_open_config(const struct yk_config *cfg, struct smtp **out, struct yk_err *err)
{
	const struct yk_smtp *m = &cfg->smtp;
	struct smtp_opts o = { .url = m->url, .user = m->user, .ca_file = m->ca_file,
		               .allow_plaintext = m->allow_plaintext, .timeout = m->timeout };
	char *password = NULL;
	int rc;

	if (m->user && (rc = secret_read(m->password_file, "smtp.pass", &password, err)))
		return rc;
	if (m->user && !password)
		return yk_err_set(err, YK_ECONFIG, "smtp.user is set but there is no password: the "
		                  "systemd credential smtp.pass is empty (create /etc/ykien/smtp.pass, "
		                  "mode 0600, or set smtp.password_file)");
	o.password = password;
	rc = smtp_open(&o, out, err);
	secret_free(password);
	return rc;
}
