/*
 * imap — IMAP4rev1 client over a libcurl connection (RFC 3501, RFC 9051).
 * libcurl does the connection, TLS and authentication; every command after
 * login is ours, so we choose BODY.PEEK[] (flags untouched), EXAMINE, and
 * later pipelining.  Responses are parsed by imapproto (pure, fuzzed).
 *
 * Everything sent is built here from numbers and validated names: no
 * untrusted text ever reaches a command line.
 */
#include "imap.h"

#include <curl/curl.h>
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "fault.h"
#include "imapproto.h"
#include "log.h"

#define IMAP_RECV_CHUNK (256 * 1024)
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
	char *created[IMAP_CREATED_MAX]; /* folders CREATE was sent for (a round trip each) */
	size_t n_created;
	bool dead;                /* connection unusable */
};

/* The folder in the URL path: "imap://host/INBOX" → "INBOX", %-decoded. */
static int
folder_from_url(const char *url, char *out, size_t outsz)
{
	const char *p = strstr(url, "://");
	size_t o = 0;

	if (!p)
		return -1;
	p = strchr(p + 3, '/');
	if (!p || !p[1]) {
		snprintf(out, outsz, "INBOX");
		return 0;
	}
	for (p++; *p && *p != ';' && *p != '?'; p++) {
		int c = (unsigned char)*p;
		if (c == '%' && p[1] && p[2]) {
			char hex[3] = { p[1], p[2], 0 };
			char *end;
			long v = strtol(hex, &end, 16);
			if (*end)
				return -1;
			c = (int)v;
			p += 2;
		}
		if (o + 1 >= outsz || c < 0x20)
			return -1;
		out[o++] = (char)c;
	}
	out[o] = '\0';
	return 0;
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

	(void)curl;
	if (type != CURLINFO_HEADER_IN)
		return 0;
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
	if (folder_from_url(o->url, im->folder, sizeof im->folder) < 0 ||
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

static int
wait_sock(struct imap *im, short events, const struct timespec *deadline, struct yk_err *err)
{
	struct pollfd pfd = { .fd = im->sock, .events = events };
	long left = ms_left(deadline);
	int n;

	for (;;) {
		long slice = left;
		if (left <= 0) {
			im->dead = true;
			return yk_err_set(err, YK_ENET, "IMAP server did not answer within %d s",
			                  im->timeout_ms / 1000);
		}
		/* a helper thread is told to stop through its flag, not a signal */
		if (im->quit && slice > IMAP_QUIT_SLICE_MS)
			slice = IMAP_QUIT_SLICE_MS;
		n = poll(&pfd, 1, (int)slice);
		if (n > 0)
			return 0;
		/* a signal (SIGTERM) interrupts the wait: stop rather than wait out
		 * the timeout, so that the service stops promptly */
		if (n < 0 && errno != EINTR) {
			im->dead = true;
			return yk_err_set(err, YK_ENET, "IMAP: poll: %s", strerror(errno));
		}
		if (told_to_stop(im)) {
			im->dead = true;
			return yk_err_set(err, YK_ENET, "IMAP: interrupted by a signal");
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
			if (wait_sock(im, POLLOUT, deadline, err))
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

/* Reads until im->in holds one complete response; *rlen its length.
 * deadline moves forward whenever bytes arrive. */
static int
read_response(struct imap *im, size_t *rlen, struct timespec *deadline, struct yk_err *err)
{
	for (;;) {
		size_t got = 0, room;
		CURLcode rc;
		char *space;
		int brc;

		switch (imapproto_complete(im->in.data ? im->in.data : "", im->in.len, im->max_literal,
		                           rlen)) {
		case IMAP_COMPLETE:
			return 0;
		case IMAP_TOO_LONG:
			im->dead = true;
			return yk_err_set(err, YK_ELIMIT, "IMAP response larger than the limit (%zu bytes)",
			                  im->max_literal);
		case IMAP_NEED_MORE:
			break;
		}
		/* a literal announces its size: make room for it at once, so a
		 * message costs its size in memory, not the next power of two */
		{
			size_t want = imapproto_bytes_wanted(im->in.data ? im->in.data : "", im->in.len,
			                                     im->max_literal);
			if (want > im->in.cap && buf_reserve(&im->in, want + IMAP_RECV_CHUNK)) {
				im->dead = true;
				return yk_err_set(err, YK_ELIMIT, "IMAP response larger than the limit");
			}
		}
		/* receive straight into the buffer: a message is copied once */
		room = im->in.limit && im->in.limit - im->in.len < IMAP_RECV_CHUNK
		               ? im->in.limit - im->in.len
		               : IMAP_RECV_CHUNK;
		if (room == 0 || !(space = buf_space(&im->in, room, &brc))) {
			im->dead = true;
			return yk_err_set(err, YK_ELIMIT, "IMAP response larger than the limit");
		}
		rc = curl_easy_recv(im->curl, space, room, &got);
		if (rc == CURLE_AGAIN) {
			if (wait_sock(im, POLLIN, deadline, err))
				return err->code;
			continue;
		}
		if (rc != CURLE_OK || got == 0) {
			im->dead = true;
			return yk_err_set(err, YK_ENET, "IMAP connection closed by the server%s%s",
			                  rc ? ": " : "", rc ? curl_easy_strerror(rc) : "");
		}
		buf_commit(&im->in, got);
		/* the timeout is for silence, not for the whole of a large literal */
		clock_gettime(CLOCK_MONOTONIC, deadline);
		deadline->tv_sec += im->timeout_ms / 1000;
	}
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

/* What a command does with each untagged response. */
typedef int (*untagged_fn)(void *ctx, const char *resp, size_t rlen);

/*
 * Sends "TAG CMD\r\n" and reads until the tagged answer.  CMD is built by
 * this file only.  Returns 0 on OK; YK_EPROTO with the server's text on NO
 * or BAD.
 */
/* Sends "TAG CMD\r\n"; TAG (16 bytes) gets the tag to wait for. */
static int
send_command(struct imap *im, const char *cmd, char tag[16], struct yk_err *err)
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

/* Reads until the tagged answer to TAG; untagged responses go to FN. */
static int
await_tag(struct imap *im, const char *tag, const char *cmd, untagged_fn fn, void *ctx,
          struct yk_err *err)
{
	char said[1300];
	struct timespec deadline;

	clock_gettime(CLOCK_MONOTONIC, &deadline);
	deadline.tv_sec += im->timeout_ms / 1000;
	for (;;) {
		struct imap_resp r;
		size_t rlen;

		if (read_response(im, &rlen, &deadline, err))
			return err->code;
		imapproto_classify(im->in.data, rlen, tag, &r);
		if (r.untagged && r.status == IMAP_ST_BYE) {
			im->dead = true;
			yk_err_set(err, YK_ENET, "IMAP server closed the connection: %s",
			           server_text(&r, said, sizeof said));
			buf_consume(&im->in, rlen);
			return err->code;
		}
		if (r.tagged) {
			int st = 0;
			if (r.status != IMAP_ST_OK)
				st = yk_err_set(err, YK_EPROTO, "IMAP %.100s refused: %s", cmd,
				                server_text(&r, said, sizeof said));
			buf_consume(&im->in, rlen);
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
		if (r.untagged && fn && fn(ctx, im->in.data, rlen) != 0) {
			buf_consume(&im->in, rlen);
			im->dead = true; /* the rest of the answer is unread */
			return yk_err_set(err, YK_ENOMEM, "IMAP: out of memory reading a response");
		}
		buf_consume(&im->in, rlen);
	}
}

static int
command(struct imap *im, const char *cmd, untagged_fn fn, void *ctx, struct yk_err *err)
{
	char tag[16];

	if (send_command(im, cmd, tag, err))
		return err->code;
	return await_tag(im, tag, cmd, fn, ctx, err);
}

/* Does the server advertise CAP (after login)? */
static bool
imap_has_cap(struct imap *im, const char *cap)
{
	/* asked only when needed: an idle poll is login, EXAMINE and SEARCH */
	if (!im->caps[0]) {
		struct yk_err ignored = { 0 };
		(void)command(im, "CAPABILITY", NULL, NULL, &ignored);
	}
	return im->caps[0] && imapproto_has_capability(im->caps, strlen(im->caps), cap);
}

struct select_ctx {
	uint32_t uidvalidity, uidnext, exists;
	bool have_uidvalidity;
};

static int
on_select(void *vctx, const char *resp, size_t rlen)
{
	struct select_ctx *c = vctx;
	uint32_t v;

	if (imapproto_resp_code_num(resp, rlen, "UIDVALIDITY", &v)) {
		c->uidvalidity = v;
		c->have_uidvalidity = true;
	} else if (imapproto_resp_code_num(resp, rlen, "UIDNEXT", &v)) {
		c->uidnext = v;
	} else if (imapproto_exists(resp, rlen, &v)) {
		c->exists = v;
	}
	return 0;
}

int
imap_select(struct imap *im, bool readonly, uint32_t *uidvalidity, uint32_t *uidnext,
            uint32_t *exists, struct yk_err *err)
{
	struct select_ctx c = { 0 };
	char cmd[2100];

	snprintf(cmd, sizeof cmd, "%s %s", readonly ? "EXAMINE" : "SELECT", im->folder_arg);
	if (command(im, cmd, on_select, &c, err)) {
		if (err->code == YK_EPROTO) {
			err->code = YK_ENOTFOUND;
			snprintf(err->msg, sizeof err->msg, "IMAP folder \"%.200s\" not found or not selectable",
			         im->folder);
		}
		return err->code;
	}
	if (!c.have_uidvalidity)
		return yk_err_set(err, YK_EPROTO, "IMAP server sent no UIDVALIDITY for \"%s\"",
		                  im->folder);
	*uidvalidity = c.uidvalidity;
	if (uidnext)
		*uidnext = c.uidnext;
	if (exists)
		*exists = c.exists;
	return 0;
}

struct search_ctx {
	uint32_t *uids;
	size_t n;
};

static int
on_search(void *vctx, const char *resp, size_t rlen)
{
	struct search_ctx *c = vctx;

	return imapproto_search(resp, rlen, &c->uids, &c->n, IMAP_MAX_SEARCH) < 0 ? -1 : 0;
}

static int
cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

static int
search_with(struct imap *im, const char *cmd, untagged_fn fn, uint32_t from, uint32_t **uids,
            size_t *n, struct yk_err *err)
{
	struct search_ctx c = { 0 };
	size_t k = 0;

	*uids = NULL;
	*n = 0;
	if (command(im, cmd, fn, &c, err)) {
		free(c.uids);
		return err->code;
	}
	if (c.n)
		qsort(c.uids, c.n, sizeof *c.uids, cmp_u32);
	/* "UID n:*" always matches the highest UID even when it is < n
	 * (RFC 3501 §6.4.8): drop what is below from, and repeats */
	for (size_t i = 0; i < c.n; i++)
		if (c.uids[i] >= from && (k == 0 || c.uids[k - 1] != c.uids[i]))
			c.uids[k++] = c.uids[i];
	*uids = c.uids;
	*n = k;
	return 0;
}

static int
search(struct imap *im, const char *cmd, uint32_t from, uint32_t **uids, size_t *n,
       struct yk_err *err)
{
	return search_with(im, cmd, on_search, from, uids, n, err);
}

int
imap_search_from(struct imap *im, uint32_t from, uint32_t **uids, size_t *n, struct yk_err *err)
{
	char cmd[64];

	/* an explicit upper bound, not "n:*": GNU imap4d answers every
	 * "UID n:*" with an empty SEARCH */
	snprintf(cmd, sizeof cmd, "UID SEARCH UID %u:4294967295", from ? from : 1);
	return search(im, cmd, from, uids, n, err);
}

int
imap_search(struct imap *im, const char *criteria, uint32_t from, uint32_t **uids, size_t *n,
            struct yk_err *err)
{
	char cmd[256];

	if ((size_t)snprintf(cmd, sizeof cmd, "UID SEARCH %s", criteria) >= sizeof cmd ||
	    strpbrk(criteria, "\r\n"))
		return yk_err_set(err, YK_EINVAL, "IMAP: bad search criteria");
	return search(im, cmd, from, uids, n, err);
}

/* "* n FETCH (UID u)": u into the list, as a SEARCH would */
static int
on_fetch_uid(void *vctx, const char *resp, size_t rlen)
{
	struct search_ctx *c = vctx;
	uint64_t uid;
	uint32_t *grown;

	if (!imapproto_fetch_num(resp, rlen, "UID", &uid) || uid == 0 || uid > UINT32_MAX)
		return 0;
	if (c->n >= IMAP_MAX_SEARCH || !(grown = realloc(c->uids, (c->n + 1) * sizeof *grown)))
		return -1;
	c->uids = grown;
	c->uids[c->n++] = (uint32_t)uid;
	return 0;
}

int
imap_list_range(struct imap *im, uint32_t from, uint32_t to, uint32_t **uids, size_t *n,
                struct yk_err *err)
{
	char cmd[64];

	snprintf(cmd, sizeof cmd, "UID FETCH %u:%u (UID)", from ? from : 1, to);
	return search_with(im, cmd, on_fetch_uid, from, uids, n, err);
}

struct fetch_ctx {
	uint32_t uid;
	struct buf *out;
	bool found;
	int64_t arrived;
};

static int
on_fetch(void *vctx, const char *resp, size_t rlen)
{
	struct fetch_ctx *c = vctx;
	uint64_t uid;
	const char *data;
	size_t n;

	if (!imapproto_fetch_num(resp, rlen, "UID", &uid) ||
	    uid != c->uid)
		return 0; /* an unsolicited FETCH (flags changed elsewhere) */
	if (!imapproto_literal(resp, rlen, &data, &n))
		return 0;
	c->found = true;
	if (!imapproto_fetch_internaldate(resp, rlen, &c->arrived))
		c->arrived = 0;
	buf_reset(c->out);
	return buf_add(c->out, data, n) ? -1 : 0;
}

int
imap_fetch_header(struct imap *im, uint32_t uid, struct buf *out, bool *found, int64_t *arrived,
                  struct yk_err *err)
{
	struct fetch_ctx c = { .uid = uid, .out = out };
	char cmd[64];

	buf_reset(out);
	/* INTERNALDATE before the literal: imapproto reads it from the line */
	snprintf(cmd, sizeof cmd, "UID FETCH %u (UID INTERNALDATE BODY.PEEK[HEADER])", uid);
	if (command(im, cmd, on_fetch, &c, err))
		return err->code;
	*found = c.found;
	*arrived = c.arrived;
	return 0;
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
		(void)command(im, "LOGOUT", NULL, NULL, &ignored);
		im->timeout_ms = saved;
	}
	curl_easy_cleanup(im->curl);
	buf_free(&im->in);
	for (size_t i = 0; i < im->n_created; i++)
		free(im->created[i]);
	free(im);
}

struct many_ctx {
	imap_size_fn size_fn;
	imap_body_fn body_fn;
	void *ctx;
	int status;     /* first non-zero from body_fn: stop handing over */
};

static int
on_many(void *vctx, const char *resp, size_t rlen)
{
	struct many_ctx *c = vctx;
	uint64_t uid, size;
	int64_t arrived;
	const char *data;
	size_t n;

	if (!imapproto_fetch_num(resp, rlen, "UID", &uid) ||
	    uid == 0 || uid > UINT32_MAX)
		return 0; /* unsolicited FETCH (flags changed by another client) */
	if (c->size_fn) {
		if (imapproto_fetch_num(resp, rlen, "RFC822.SIZE", &size))
			c->size_fn(c->ctx, (uint32_t)uid, size);
		return 0;
	}
	if (c->status || !imapproto_literal(resp, rlen, &data, &n))
		return 0;
	if (!imapproto_fetch_internaldate(resp, rlen, &arrived))
		arrived = 0;
	c->status = c->body_fn(c->ctx, (uint32_t)uid, arrived, data, n);
	return 0;
}

/* Runs "UID <verb> <set> <tail>" over all of UIDS, in as many commands as
 * the sets need. */
static int
uid_command_many(struct imap *im, const char *verb, const uint32_t *uids, size_t n,
                 const char *tail, untagged_fn fn, void *ctx, struct yk_err *err)
{
	char set[IMAP_SET_MAX], cmd[IMAP_MAX_COMMAND];

	while (n > 0) {
		size_t used = imapproto_uid_set(uids, n, set, sizeof set);
		int len;
		if (used == 0)
			return yk_err_set(err, YK_EINVAL, "IMAP: cannot write a UID set");
		len = snprintf(cmd, sizeof cmd, "UID %s %s%s%s", verb, set, *tail ? " " : "", tail);
		if (len < 0 || (size_t)len >= sizeof cmd)
			return yk_err_set(err, YK_EINVAL, "IMAP command too long");
		if (command(im, cmd, fn, ctx, err))
			return err->code;
		uids += used;
		n -= used;
	}
	return 0;
}

int
imap_uids_present(struct imap *im, const uint32_t *uids, size_t n, uint32_t **present,
                  size_t *np, struct yk_err *err)
{
	struct search_ctx c = { 0 };

	*present = NULL;
	*np = 0;
	if (uid_command_many(im, "SEARCH UID", uids, n, "", on_search, &c, err)) {
		free(c.uids);
		return err->code;
	}
	*present = c.uids;
	*np = c.n;
	return 0;
}

int
imap_fetch_sizes(struct imap *im, const uint32_t *uids, size_t n, imap_size_fn fn, void *ctx,
                 struct yk_err *err)
{
	struct many_ctx c = { .size_fn = fn, .ctx = ctx };

	return uid_command_many(im, "FETCH", uids, n, "(UID RFC822.SIZE)", on_many, &c, err);
}

int
imap_store_seen(struct imap *im, const uint32_t *uids, size_t n, struct yk_err *err)
{
	return uid_command_many(im, "STORE", uids, n, "+FLAGS.SILENT (\\Seen)", NULL, NULL, err);
}

/* LIST "" NAME: does the folder exist? */
static int
on_list_any(void *ctx, const char *resp, size_t rlen)
{
	if (rlen > 7 && !strncasecmp(resp, "* LIST ", 7))
		*(bool *)ctx = true;
	return 0;
}

int
imap_ensure_folder(struct imap *im, const char *folder, struct yk_err *err)
{
	char arg[2048], cmd[2100];
	struct yk_err e2 = { 0 };

	if (!imapproto_mailbox_name(folder, arg, sizeof arg))
		return yk_err_set(err, YK_EINVAL, "IMAP: unusable folder name");
	/* every batch moves into the same few folders: ask once per connection */
	for (size_t i = 0; i < im->n_created; i++)
		if (!strcmp(im->created[i], folder))
			return 0;
	snprintf(cmd, sizeof cmd, "CREATE %s", arg);
	/* a refusal is fine when the folder is there (NO [ALREADYEXISTS], or
	 * an older server's own words for it): LIST tells */
	if (command(im, cmd, NULL, NULL, &e2)) {
		bool exists = false;
		struct yk_err e3 = { 0 };
		if (e2.code != YK_EPROTO)
			return yk_err_set(err, e2.code, "%s", e2.msg);
		snprintf(cmd, sizeof cmd, "LIST \"\" %s", arg);
		if (command(im, cmd, on_list_any, &exists, &e3) && e3.code != YK_EPROTO)
			return yk_err_set(err, e3.code, "%s", e3.msg);
		if (!exists)
			return yk_err_set(err, YK_EPROTO, "%s", e2.msg);
	}
	if (im->n_created < IMAP_CREATED_MAX && (im->created[im->n_created] = strdup(folder)))
		im->n_created++;
	return 0;
}

bool
imap_can_move(struct imap *im)
{
	return imap_has_cap(im, "MOVE");
}

/* A Message-ID that can go in a quoted string of a SEARCH as it is:
 * printable ASCII, no quote or backslash. */
static bool
searchable(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (*s < 0x20 || *s > 0x7e || *s == '"' || *s == '\\')
			return false;
	return true;
}

int
imap_folder_holds(struct imap *im, const char *folder, const char *const *mids, size_t n,
                  bool *found, struct yk_err *err)
{
	char arg[2048], cmd[2400];
	struct yk_err e2 = { 0 };

	for (size_t i = 0; i < n; i++)
		found[i] = false;
	if (!imapproto_mailbox_name(folder, arg, sizeof arg))
		return yk_err_set(err, YK_EINVAL, "IMAP: unusable folder name");
	snprintf(cmd, sizeof cmd, "EXAMINE %s", arg);
	if (command(im, cmd, NULL, NULL, &e2))
		return e2.code == YK_EPROTO ? 0 : yk_err_set(err, e2.code, "%s", e2.msg);
	for (size_t i = 0; i < n; i++) {
		uint32_t *v = NULL;
		size_t k = 0;
		if (!mids[i] || !searchable(mids[i]) || strlen(mids[i]) > 1000)
			continue;
		snprintf(cmd, sizeof cmd, "UID SEARCH HEADER Message-ID \"%s\"", mids[i]);
		if (search(im, cmd, 1, &v, &k, err))
			return err->code;
		found[i] = k > 0;
		free(v);
	}
	return 0;
}

int
imap_delete(struct imap *im, const uint32_t *uids, size_t n, struct yk_err *err)
{
	if (uid_command_many(im, "STORE", uids, n, "+FLAGS.SILENT (\\Deleted)", NULL, NULL, err))
		return err->code;
	if (imap_has_cap(im, "UIDPLUS"))
		return uid_command_many(im, "EXPUNGE", uids, n, "", NULL, NULL, err);
	return command(im, "EXPUNGE", NULL, NULL, err);
}

int
imap_move(struct imap *im, const uint32_t *uids, size_t n, const char *folder, struct yk_err *err)
{
	char arg[2048];

	if (!imapproto_mailbox_name(folder, arg, sizeof arg))
		return yk_err_set(err, YK_EINVAL, "IMAP: unusable folder name");
	if (imap_has_cap(im, "MOVE"))
		return uid_command_many(im, "MOVE", uids, n, arg, NULL, NULL, err);
	if (uid_command_many(im, "COPY", uids, n, arg, NULL, NULL, err))
		return err->code;
	/* a crash from here to the EXPUNGE leaves a copy made: the heal looks
	 * for it (imap_folder_holds) before copying again */
	fault_point("copied");
	/* without UIDPLUS a plain EXPUNGE also removes what others marked \Deleted:
	 * that is the server's documented meaning of the flag */
	return imap_delete(im, uids, n, err);
}

static int
on_list(void *ctx, const char *resp, size_t rlen)
{
	char *sep = ctx;
	const char *q;

	/* * LIST (\Noselect) "." "" */
	if (rlen < 8 || strncasecmp(resp, "* LIST ", 7))
		return 0;
	q = memchr(resp, ')', rlen);
	if (q && (size_t)(q - resp) + 4 < rlen && q[1] == ' ' && q[2] == '"' && q[3] != '\\' &&
	    q[4] == '"')
		*sep = q[3];
	return 0;
}

/* The server's hierarchy separator ('/', '.', …) from LIST "" "";
 * '/' when it names none. */
static int
imap_separator(struct imap *im, char *sep, struct yk_err *err)
{
	*sep = '/';
	return command(im, "LIST \"\" \"\"", on_list, sep, err);
}

struct ns_ctx {
	char *prefix;
	size_t n;
	char sep;
	bool found;
};

static int
on_namespace(void *vctx, const char *resp, size_t rlen)
{
	struct ns_ctx *c = vctx;

	if (!c->found && imapproto_namespace(resp, rlen, c->prefix, c->n, &c->sep))
		c->found = true;
	return 0;
}

int
imap_namespace(struct imap *im, char *prefix, size_t n, char *sep, struct yk_err *err)
{
	struct ns_ctx c = { .prefix = prefix, .n = n };

	prefix[0] = '\0';
	if (imap_has_cap(im, "NAMESPACE") && command(im, "NAMESPACE", on_namespace, &c, err))
		return err->code;
	if (c.found && c.sep) {
		*sep = c.sep;
		return 0;
	}
	if (!c.found)
		prefix[0] = '\0'; /* a response that did not parse may have begun it */
	return imap_separator(im, sep, err);
}


int
imap_fetch_send(struct imap *im, const uint32_t *uids, size_t n, char tag[16], struct yk_err *err)
{
	char set[IMAP_SET_MAX], cmd[IMAP_MAX_COMMAND];

	if (imapproto_uid_set(uids, n, set, sizeof set) != n)
		return yk_err_set(err, YK_ELIMIT, "IMAP: the UID set does not fit one command");
	snprintf(cmd, sizeof cmd, "UID FETCH %s (UID INTERNALDATE BODY.PEEK[])", set);
	return send_command(im, cmd, tag, err);
}

int
imap_fetch_finish(struct imap *im, const char *tag, imap_body_fn fn, void *ctx, struct yk_err *err)
{
	struct many_ctx c = { .body_fn = fn, .ctx = ctx };

	if (await_tag(im, tag, "UID FETCH", on_many, &c, err))
		return err->code;
	return c.status;
}
