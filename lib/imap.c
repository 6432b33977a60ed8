/*
 * imap — IMAP4rev1 client over a libcurl connection (RFC 3501, RFC 9051).
 * libcurl does the connection, TLS and authentication; every command after
 * login is ours, so we choose BODY.PEEK[] (flags untouched), EXAMINE, and
 * later pipelining.  Responses are parsed by imapproto (pure, fuzzed).
 *
 * This file holds the connection, the login and the command loop; the
 * commands after login are in imap_cmd.c (imap_p.h between the two).
 * Everything sent is built from numbers and validated names: no untrusted
 * text ever reaches a command line.
 */
#include "imap_p.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <openssl/ssl.h>

#include "imapproto.h"
#include "log.h"

/*
 * After login, OpenSSL may read ahead: a receive then takes all the
 * records the socket holds, where by default it reads each record's
 * header and body apart, two system calls for a few kB (Dovecot's TLS
 * proxy sends records of about 4 kB).  Not during libcurl's login: its
 * pending-data check (SSL_pending) does not see bytes read ahead.  Ours
 * is safe: read_response() always receives before it polls.
 */
static void
tls_read_ahead(struct imap *im)
{
	if (im->tls)
		SSL_set_read_ahead(im->tls, 1);
}

/* The folder in the URL path: "imap://host/INBOX" → "INBOX", %-decoded;
 * false when it cannot be read or does not fit OUTSZ. */
static bool
folder_from_url(const char *url, char *out, size_t outsz)
{
	const char *p = strstr(url, "://");
	size_t o = 0;

	if (!p)
		return false;
	p = strchr(p + 3, '/');
	if (!p || !p[1]) {
		snprintf(out, outsz, "INBOX");
		return true;
	}
	for (p++; *p && *p != ';' && *p != '?'; p++) {
		int c = (unsigned char)*p;
		if (c == '%' && p[1] && p[2]) {
			char hex[3] = { p[1], p[2], 0 };
			char *end;
			long v = strtol(hex, &end, 16);
			if (*end)
				return false;
			c = (int)v;
			p += 2;
		}
		if (o + 1 >= outsz || c < 0x20)
			return false;
		out[o++] = (char)c;
	}
	out[o] = '\0';
	return true;
}

/* SAID: the server's last line during login ("" if none), for its reason. */
static int
map_curl_error(CURLcode rc, const char *errbuf, const char *said, struct yk_err *err)
{
	const char *detail = errbuf && *errbuf ? errbuf : curl_easy_strerror(rc);
	char why[sizeof ((struct imap *)0)->said * 4] = "";

	if (said && *said)
		log_escape(said, why, sizeof why);
	switch (rc) {
	case CURLE_LOGIN_DENIED:
		/* Only [AUTHENTICATIONFAILED] (RFC 5530) or no reason at all means
		 * the password; a server also refuses a login for other reasons
		 * (too many connections: [UNAVAILABLE] or [LIMIT]) */
		if (*why && strchr(why, '[') && !strstr(why, "[AUTHENTICATIONFAILED]") &&
		    !strstr(why, "[AUTHORIZATIONFAILED]"))
			return yk_err_set(err, YK_EAUTH, "IMAP login refused by the server: %s", why);
		return yk_err_set(err, YK_EAUTH, "IMAP login refused: wrong user or password (%s)",
		                  *why ? why : detail);
	case CURLE_PEER_FAILED_VERIFICATION:
	case CURLE_SSL_CACERT_BADFILE:
	case CURLE_SSL_CONNECT_ERROR:
	case CURLE_SSL_CERTPROBLEM:
		return yk_err_set(err, YK_ETLS, "IMAP TLS failure: %s", detail);
	case CURLE_USE_SSL_FAILED:
		return yk_err_set(err, YK_ETLS, "IMAP server does not offer STARTTLS: %s", detail);
	case CURLE_COULDNT_RESOLVE_HOST:
	case CURLE_COULDNT_CONNECT:
	case CURLE_OPERATION_TIMEDOUT:
		return yk_err_set(err, YK_ENET, "IMAP server unreachable: %s", detail);
	default:
		return yk_err_set(err, YK_ENET, "IMAP connection failed: %s", detail);
	}
}

/* Keeps the server's last line during login: libcurl's own error says
 * only "Login denied", the server says why.  What we send (the password)
 * is never looked at. */
static int
on_login_debug(CURL *curl, curl_infotype type, char *data, size_t size, void *ctx)
{
	struct imap *im = ctx;
	size_t n = size < sizeof im->said - 1 ? size : sizeof im->said - 1;

	if (type != CURLINFO_HEADER_IN)
		return 0;
	{
		/* The connection's SSL is reachable only while libcurl works
		 * on it, as here (tls_read_ahead() uses it after login). */
		struct curl_tlssessioninfo *ti = NULL;

		if (curl_easy_getinfo(curl, CURLINFO_TLS_SSL_PTR, &ti) == CURLE_OK && ti &&
		    ti->backend == CURLSSLBACKEND_OPENSSL && ti->internals)
			im->tls = ti->internals;
	}
	memcpy(im->said, data, n);
	while (n > 0 && (im->said[n - 1] == '\n' || im->said[n - 1] == '\r'))
		n--;
	im->said[n] = '\0';
	return 0;
}

static bool
told_to_stop(const struct imap *im)
{
	return (im->cancel && *im->cancel) || (im->quit && atomic_load(im->quit));
}

/* Lets libcurl's connect and login be abandoned like our own waits. */
static int
on_connect_progress(void *clientp, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal,
                    curl_off_t ulnow)
{
	(void)dltotal;
	(void)dlnow;
	(void)ultotal;
	(void)ulnow;
	return told_to_stop(clientp) ? 1 : 0;
}

/* One login with LOGIN_OPTIONS (NULL: libcurl's pick of the mechanisms
 * the server offers); on failure im->curl is NULL again and im->said has
 * the server's last words. */
static CURLcode
attempt(const struct imap_opts *o, struct imap *im, const char *base, const char *login_options,
        char errbuf[CURL_ERROR_SIZE])
{
	CURLcode rc;

	errbuf[0] = '\0';
	im->said[0] = '\0';
	im->curl = curl_easy_init();
	if (!im->curl)
		return CURLE_OUT_OF_MEMORY;
	curl_easy_setopt(im->curl, CURLOPT_URL, base);
	curl_easy_setopt(im->curl, CURLOPT_USERNAME, o->user ? o->user : "");
	curl_easy_setopt(im->curl, CURLOPT_PASSWORD, o->password ? o->password : "");
	if (login_options)
		curl_easy_setopt(im->curl, CURLOPT_LOGIN_OPTIONS, login_options);
	curl_easy_setopt(im->curl, CURLOPT_CONNECT_ONLY, 1L);
	curl_easy_setopt(im->curl, CURLOPT_ERRORBUFFER, errbuf);
	curl_easy_setopt(im->curl, CURLOPT_CONNECTTIMEOUT_MS, (long)im->timeout_ms);
	curl_easy_setopt(im->curl, CURLOPT_TIMEOUT_MS, (long)im->timeout_ms);
	curl_easy_setopt(im->curl, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(im->curl, CURLOPT_DEBUGFUNCTION, on_login_debug);
	curl_easy_setopt(im->curl, CURLOPT_DEBUGDATA, im);
	curl_easy_setopt(im->curl, CURLOPT_VERBOSE, 1L);
	if (im->quit) {
		curl_easy_setopt(im->curl, CURLOPT_XFERINFOFUNCTION, on_connect_progress);
		curl_easy_setopt(im->curl, CURLOPT_XFERINFODATA, im);
		curl_easy_setopt(im->curl, CURLOPT_NOPROGRESS, 0L);
	}
	curl_easy_setopt(im->curl, CURLOPT_PROTOCOLS_STR, "imap,imaps");
	if (!strncmp(o->url, "imap://", 7) && !o->allow_plaintext)
		curl_easy_setopt(im->curl, CURLOPT_USE_SSL, (long)CURLUSESSL_ALL);
	if (o->ca_file)
		curl_easy_setopt(im->curl, CURLOPT_CAINFO, o->ca_file);
	im->tls = NULL;
	rc = curl_easy_perform(im->curl);
	if (rc != CURLE_OK) {
		curl_easy_cleanup(im->curl);
		im->curl = NULL;
	}
	return rc;
}

/* "PLAIN" -> "AUTH=PLAIN", libcurl's login option for one mechanism. */
static void
login_option(const char *mech, size_t n, char *out, size_t outsz)
{
	snprintf(out, outsz, "AUTH=%.*s", (int)n, mech);
}

/* Refused for the password (RFC 5530 [AUTHENTICATIONFAILED]), so that
 * another mechanism would be refused as well? */
static bool
password_refused(const char *said)
{
	return strstr(said, "[AUTHENTICATIONFAILED]") || strstr(said, "[AUTHORIZATIONFAILED]");
}

int
imap_connect(const struct imap_opts *o, struct imap **out, struct yk_err *err)
{
	char errbuf[CURL_ERROR_SIZE] = "", opts[IMAP_MAX_MECHS][32], base[1024];
	const char *ways[IMAP_MAX_MECHS];
	size_t nways = 0;
	char last_said[sizeof ((struct imap *)0)->said] = "", last_err[CURL_ERROR_SIZE] = "";
	struct imap *im;
	const char *p, *mechs = o->auth_mechanisms;
	CURLcode rc, last = CURLE_OK;

	*out = NULL;
	im = calloc(1, sizeof *im);
	if (!im)
		return yk_err_set(err, YK_ENOMEM, "out of memory");
	buf_init(&im->in, o->max_message + IMAP_MAX_LINE * 2);
	im->timeout_ms = (o->timeout > 0 ? o->timeout : 60) * 1000;
	im->max_literal = o->max_message;
	im->cancel = o->cancel;
	im->quit = o->quit;
	if (!folder_from_url(o->url, im->folder, sizeof im->folder) ||
	    !imapproto_mailbox_name(im->folder, im->folder_arg, sizeof im->folder_arg)) {
		free(im);
		return yk_err_set(err, YK_ECONFIG, "mailbox url: cannot use the folder name in %s", o->url);
	}
	/* the URL without the folder: libcurl must not SELECT anything */
	p = strstr(o->url, "://");
	p = p ? strchr(p + 3, '/') : NULL;
	snprintf(base, sizeof base, "%.*s/", p ? (int)(p - o->url) : (int)strlen(o->url), o->url);

	/* the ways to log in, in order: the configured mechanisms, else
	 * libcurl's own pick (NULL) and then, should the server refuse the way
	 * rather than the password (GNU imap4d offers GSSAPI it cannot do),
	 * PLAIN and LOGIN */
	if (mechs) {
		while (*mechs && nways < IMAP_MAX_MECHS) {
			size_t n;
			while (*mechs == ' ' || *mechs == ',')
				mechs++;
			if (!(n = strcspn(mechs, " ,")))
				break;
			login_option(mechs, n, opts[nways], sizeof opts[nways]);
			ways[nways] = opts[nways];
			nways++;
			mechs += n;
		}
	} else {
		ways[nways++] = NULL;
		ways[nways++] = "AUTH=PLAIN";
		ways[nways++] = "AUTH=LOGIN";
	}
	for (size_t w = 0; w < nways; w++) {
		rc = attempt(o, im, base, ways[w], errbuf);
		if (rc == CURLE_OK) {
			if (ways[w] && !o->auth_mechanisms)
				snprintf(im->mech, sizeof im->mech, "%s", ways[w] + 5);
			break;
		}
		/* the last refusal is the one to report: after a mechanism the
		 * server offered and could not do, the password's own verdict */
		last = rc;
		memcpy(last_said, im->said, sizeof last_said);
		memcpy(last_err, errbuf, sizeof last_err);
		/* only a way of logging in refused is worth another try */
		if (rc != CURLE_LOGIN_DENIED || password_refused(im->said) || told_to_stop(im))
			break;
	}
	if (!im->curl) {
		int st = map_curl_error(last, last_err, last_said, err);
		free(im);
		return st;
	}
	/* after login the connection is ours: no overall timeout from libcurl */
	curl_easy_setopt(im->curl, CURLOPT_ERRORBUFFER, NULL);
	curl_easy_setopt(im->curl, CURLOPT_VERBOSE, 0L);
	if (curl_easy_getinfo(im->curl, CURLINFO_ACTIVESOCKET, &im->sock) != CURLE_OK ||
	    im->sock == CURL_SOCKET_BAD) {
		curl_easy_cleanup(im->curl);
		free(im);
		return yk_err_set(err, YK_ENET, "IMAP: no socket after login");
	}
	tls_read_ahead(im);
	*out = im;
	return 0;
}

const char *
imap_mechanism(const struct imap *im)
{
	return im->mech[0] ? im->mech : NULL;
}

unsigned long
imap_commands(const struct imap *im)
{
	return im->commands;
}

static long
ms_left(const struct timespec *deadline)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (deadline->tv_sec - now.tv_sec) * 1000 + (deadline->tv_nsec - now.tv_nsec) / 1000000;
}

#define IMAP_QUIT_SLICE_MS 100 /* how often a helper thread looks at its quit flag */

/* Waits for the socket.  OVER NULL: until DEADLINE, which is then an
 * error (the server is silent).  OVER set (during IDLE): DEADLINE or a
 * stop flag (im->wake too) ends the wait with *OVER true and no error,
 * the flags looked at before each wait: the caller blocks the signals
 * that set them and im->sigmask unblocks them during the wait only
 * (ppoll), so none is lost between the look and the wait. */
static int
wait_sock(struct imap *im, short events, const struct timespec *deadline, bool *over,
          struct yk_err *err)
{
	struct pollfd pfd = { .fd = im->sock, .events = events };
	long left = ms_left(deadline);
	int n;

	for (;;) {
		long slice = left;
		if (over && (left <= 0 || told_to_stop(im) || (im->wake && *im->wake))) {
			*over = true;
			return 0;
		}
		if (left <= 0) {
			im->dead = true;
			return yk_err_set(err, YK_ENET, "IMAP server did not answer within %d s",
			                  im->timeout_ms / 1000);
		}
		/* a helper thread is told to stop through its flag, not a signal */
		if (im->quit && slice > IMAP_QUIT_SLICE_MS)
			slice = IMAP_QUIT_SLICE_MS;
		if (im->sigmask) {
			struct timespec ts = { .tv_sec = slice / 1000, .tv_nsec = slice % 1000 * 1000000 };
			n = ppoll(&pfd, 1, &ts, im->sigmask);
		} else {
			n = poll(&pfd, 1, (int)slice);
		}
		if (n > 0)
			return 0;
		/* a signal (SIGTERM) interrupts the wait: stop rather than wait out
		 * the timeout, so that the service stops promptly */
		if (n < 0 && errno != EINTR) {
			im->dead = true;
			return yk_err_set(err, YK_ENET, "IMAP: poll: %s", strerror(errno));
		}
		if (!over && told_to_stop(im)) {
			im->dead = true;
			return yk_err_set(err, YK_ESTOPPED, "IMAP: interrupted by a signal");
		}
		left = ms_left(deadline);
	}
}

static int
send_all(struct imap *im, const char *p, size_t n, const struct timespec *deadline,
         struct yk_err *err)
{
	while (n > 0) {
		size_t sent = 0;
		CURLcode rc = curl_easy_send(im->curl, p, n, &sent);
		if (rc == CURLE_AGAIN) {
			if (wait_sock(im, POLLOUT, deadline, NULL, err))
				return err->code;
			continue;
		}
		if (rc != CURLE_OK) {
			im->dead = true;
			return yk_err_set(err, YK_ENET, "IMAP send failed: %s", curl_easy_strerror(rc));
		}
		p += sent;
		n -= sent;
	}
	return 0;
}

void
imap_spill_target(struct imap_spill *sp, int *fd, int64_t *off)
{
	*fd = sp->own_file ? sp->own_file(sp->own_ctx) : -1;
	*off = 0;
	if (*fd < 0) {
		*fd = sp->fd;
		*off = sp->at;
	}
}

/* Writes the bytes of the spilled literal that IN holds to where it goes
 * (spilled_fd at spill_at) and takes them out of IN. */
static int
spill_drain(struct imap *im, struct yk_err *err)
{
	struct imap_spill *sp = im->spill;
	size_t have = im->in.len - im->spill_mark;
	size_t take = have < im->spill_left ? have : (size_t)im->spill_left;
	const char *p = im->in.data + im->spill_mark;

	for (size_t left = take; left > 0;) {
		ssize_t w = pwrite(im->spilled_fd, p, left, (off_t)im->spill_at);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			im->dead = true; /* the rest of the literal is unread */
			return yk_err_set(err, YK_EIO, "IMAP: cannot write a message to the spill: %s",
			                  w < 0 ? strerror(errno) : "no room");
		}
		im->spill_at += w;
		if (im->spilled_fd == sp->fd)
			sp->at = im->spill_at;
		sp->used += w;
		p += w;
		left -= (size_t)w;
	}
	memmove(im->in.data + im->spill_mark, im->in.data + im->spill_mark + take, have - take);
	im->in.len -= take;
	im->in.data[im->in.len] = '\0';
	im->spill_left -= take;
	return 0;
}

/* Is enough of the spilled literal in IN to be worth a write?  Each
 * receive brings one TLS record, a few kB: a write for each was a third of
 * a first sync's system calls. */
static bool
spill_ready(const struct imap *im)
{
	size_t have = im->in.len - im->spill_mark;

	return have >= im->spill_left || have >= IMAP_SPILL_CHUNK;
}

/* Is the first response in IN waiting for a message's body that is to go
 * to the spill?  Then "{n}" becomes "{0}" in IN, and the literal's bytes,
 * those in IN and those to come, go to the spill (spill_drain). */
static int
spill_begin(struct imap *im, struct yk_err *err)
{
	struct imap_pending pl;
	size_t digits;

	if (!im->spill || im->spilled || !im->in.len ||
	    !imapproto_pending_literal(im->in.data, im->in.len, &pl) || !pl.body || pl.size == 0 ||
	    pl.size > im->max_literal)
		return 0;
	if (im->spill->limit && (uint64_t)(im->spill->limit - im->spill->used) < pl.size) {
		im->dead = true;
		return yk_err_set(err, YK_ELIMIT, "IMAP: the server sent more than the %lld bytes "
		                  "it announced", (long long)im->spill->limit);
	}
	digits = pl.close - pl.open - 1;
	im->in.data[pl.open + 1] = '0';
	memmove(im->in.data + pl.open + 2, im->in.data + pl.close, im->in.len - pl.close);
	im->in.len -= digits - 1;
	im->in.data[im->in.len] = '\0';
	im->spill_mark = pl.start - (digits - 1);
	im->spill_left = pl.size;
	im->spilled = true;
	imap_spill_target(im->spill, &im->spilled_fd, &im->spilled_off);
	im->spill_at = im->spilled_off;
	im->spilled_len = pl.size;
	return spill_ready(im) ? spill_drain(im, err) : 0;
}

int
imap_send_line(struct imap *im, const char *line, struct yk_err *err)
{
	struct timespec deadline;

	if (im->dead)
		return yk_err_set(err, YK_ENET, "IMAP connection lost");
	clock_gettime(CLOCK_MONOTONIC, &deadline);
	deadline.tv_sec += im->timeout_ms / 1000;
	return send_all(im, line, strlen(line), &deadline, err);
}

/* Reads until im->in holds one complete response; *rlen its length.
 * OVER NULL: deadline moves forward whenever bytes arrive (it bounds
 * silence).  OVER set: as wait_sock() says; the deadline stays. */
static int
read_response(struct imap *im, size_t *rlen, struct timespec *deadline, bool *over,
              struct yk_err *err)
{
	for (;;) {
		size_t got = 0, room;
		CURLcode rc;
		char *space;
		int brc;

		if (im->spill_left && spill_ready(im) && spill_drain(im, err))
			return err->code;
		if (!im->spill_left) {
			switch (imapproto_complete(im->in.data ? im->in.data : "", im->in.len,
			                           im->max_literal, rlen)) {
			case IMAP_COMPLETE:
				return 0;
			case IMAP_TOO_LONG:
				im->dead = true;
				return yk_err_set(err, YK_ELIMIT, "IMAP response larger than the limits (a "
				                  "line of %zu bytes, a literal of %zu)",
				                  (size_t)IMAP_MAX_LINE, im->max_literal);
			case IMAP_NEED_MORE:
				break;
			}
			if (spill_begin(im, err))
				return err->code;
		}
		/* a literal announces its size: make room for it at once, so a
		 * message costs its size in memory, not the next power of two
		 * (one being spilled costs a receive chunk) */
		if (!im->spill_left) {
			size_t want = imapproto_bytes_wanted(im->in.data ? im->in.data : "", im->in.len,
			                                     im->max_literal);
			if (want > im->in.cap && buf_reserve(&im->in, want + IMAP_RECV_CHUNK)) {
				im->dead = true;
				return yk_err_set(err, YK_ELIMIT, "IMAP response larger than the limit");
			}
		}
		/* receive straight into the buffer: a message is copied once */
		{
			/* a body going to the spill passes through a smaller chunk */
			size_t chunk = im->spill_left ? IMAP_SPILL_CHUNK : IMAP_RECV_CHUNK;
			room = im->in.limit && im->in.limit - im->in.len < chunk ? im->in.limit - im->in.len
			                                                         : chunk;
		}
		if (room == 0 || !(space = buf_space(&im->in, room, &brc))) {
			im->dead = true;
			return yk_err_set(err, YK_ELIMIT, "IMAP response larger than the limit");
		}
		rc = curl_easy_recv(im->curl, space, room, &got);
		if (rc == CURLE_AGAIN) {
			if (wait_sock(im, POLLIN, deadline, over, err))
				return err->code;
			if (over && *over)
				return 0;
			continue;
		}
		if (rc != CURLE_OK || got == 0) {
			im->dead = true;
			return yk_err_set(err, YK_ENET, "IMAP connection closed by the server%s%s",
			                  rc ? ": " : "", rc ? curl_easy_strerror(rc) : "");
		}
		buf_commit(&im->in, got);
		/* the timeout is for silence, not for the whole of a large literal */
		if (!over) {
			clock_gettime(CLOCK_MONOTONIC, deadline);
			deadline->tv_sec += im->timeout_ms / 1000;
		}
	}
}

/* The room of a spilled body nobody took: its own file closed, or the
 * spill's end set back. */
static void
spill_give_back(struct imap *im)
{
	struct imap_spill *sp = im->spill;

	if (im->spilled_fd != sp->fd)
		close(im->spilled_fd);
	else
		sp->at = im->spilled_off;
	sp->used -= im->spill_at - im->spilled_off;
	im->spilled_fd = -1;
}

/* Takes the first response out of IN.  Its body, when spilled and not
 * handed over (unsolicited, unasked for, a tagged line: whatever a server
 * sends), gives its room in the spill back, so that a server cannot fill
 * the disk with answers nobody takes. */
static void
consume(struct imap *im, size_t rlen)
{
	buf_consume(&im->in, rlen);
	if (im->spilled && !im->spill_claimed && im->spill)
		spill_give_back(im);
	im->spilled = false;
	im->spill_claimed = false;
}

int
imap_read_until(struct imap *im, size_t *rlen, const struct timespec *until, bool *over,
                struct yk_err *err)
{
	struct timespec deadline = *until;

	*over = false;
	*rlen = 0;
	if (im->dead)
		return yk_err_set(err, YK_ENET, "IMAP connection lost");
	return read_response(im, rlen, &deadline, over, err);
}

/* The server's words, made safe to log (they are untrusted text). */
static const char *
server_text(const struct imap_resp *r, char *out, size_t n)
{
	char raw[301];
	size_t len = r->text_len < sizeof raw - 1 ? r->text_len : sizeof raw - 1;

	memcpy(raw, r->text, len);
	raw[len] = '\0';
	return log_escape(raw, out, n);
}

int
imap_send_command(struct imap *im, const char *cmd, char tag[16], struct yk_err *err)
{
	char line[IMAP_MAX_COMMAND + 32];
	struct timespec deadline;
	int n;

	if (im->dead)
		return yk_err_set(err, YK_ENET, "IMAP connection lost");
	snprintf(tag, 16, "Y%lu", ++im->tag);
	n = snprintf(line, sizeof line, "%s %s\r\n", tag, cmd);
	if (n < 0 || (size_t)n >= sizeof line)
		return yk_err_set(err, YK_EINVAL, "IMAP command too long");
	clock_gettime(CLOCK_MONOTONIC, &deadline);
	deadline.tv_sec += im->timeout_ms / 1000;
	im->commands++;
	return send_all(im, line, (size_t)n, &deadline, err);
}

int
imap_await_tag(struct imap *im, const char *tag, const char *cmd, untagged_fn fn, void *ctx,
          struct yk_err *err)
{
	char said[1300];
	struct timespec deadline;

	clock_gettime(CLOCK_MONOTONIC, &deadline);
	deadline.tv_sec += im->timeout_ms / 1000;
	for (;;) {
		struct imap_resp r;
		size_t rlen;

		if (read_response(im, &rlen, &deadline, NULL, err))
			return err->code;
		imapproto_classify(im->in.data, rlen, tag, &r);
		if (r.untagged && r.status == IMAP_ST_BYE) {
			im->dead = true;
			yk_err_set(err, YK_ENET, "IMAP server closed the connection: %s",
			           server_text(&r, said, sizeof said));
			consume(im, rlen);
			return err->code;
		}
		if (r.tagged) {
			int st = 0;
			if (r.status != IMAP_ST_OK)
				st = yk_err_set(err, YK_EPROTO, "IMAP %.100s refused: %s", cmd,
				                server_text(&r, said, sizeof said));
			consume(im, rlen);
			/* a large message's room is not kept while the connection
			 * idles (a helper connection waits for its next batch) */
			if (im->in.len == 0 && im->in.cap > IMAP_KEEP_ROOM)
				buf_free(&im->in); /* its limit stays */
			return st;
		}
		if (r.untagged && imapproto_has_capability(im->in.data, rlen, "IMAP4rev1")) {
			size_t cl = rlen < sizeof im->caps ? rlen : sizeof im->caps - 1;
			memcpy(im->caps, im->in.data, cl);
			im->caps[cl] = '\0';
		}
		if (r.untagged && fn) {
			int rc = fn(ctx, im->in.data, rlen);
			if (rc) {
				consume(im, rlen);
				im->dead = true; /* the rest of the answer is unread */
				if (rc == YK_ELIMIT)
					return yk_err_set(err, rc, "IMAP %.100s: the answer is longer than "
					                  "its limit", cmd);
				return yk_err_set(err, rc, "IMAP: out of memory reading a response");
			}
		}
		consume(im, rlen);
	}
}

int
imap_command(struct imap *im, const char *cmd, untagged_fn fn, void *ctx, struct yk_err *err)
{
	char tag[16];

	if (imap_send_command(im, cmd, tag, err))
		return err->code;
	return imap_await_tag(im, tag, cmd, fn, ctx, err);
}

bool
imap_has_cap(struct imap *im, const char *cap)
{
	/* asked only when needed: an idle poll is login, EXAMINE and SEARCH */
	if (!im->caps[0]) {
		struct yk_err ignored = { 0 };
		(void)imap_command(im, "CAPABILITY", NULL, NULL, &ignored);
	}
	return im->caps[0] && imapproto_has_capability(im->caps, strlen(im->caps), cap);
}

void
imap_close(struct imap *im)
{
	struct yk_err ignored = { 0 };

	if (!im)
		return;
	if (!im->dead) {
		int saved = im->timeout_ms;
		im->timeout_ms = 2000; /* do not hang on the way out */
		(void)imap_command(im, "LOGOUT", NULL, NULL, &ignored);
		im->timeout_ms = saved;
	}
	curl_easy_cleanup(im->curl);
	buf_free(&im->in);
	for (size_t i = 0; i < im->n_created; i++)
		free(im->created[i]);
	free(im);
}
