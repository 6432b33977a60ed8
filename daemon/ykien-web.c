/*
 * ykien-web — the clerks' web desk: HTTP (RFC 9110, 9112) over GNU
 * libmicrohttpd, TLS through its GnuTLS, cookies (RFC 6265), the Origin
 * header (RFC 6454).  See ykien-web(8).
 *
 * This program owns what stands between a browser and the pages: the
 * listening socket and its bounds, sessions (lib/websession.h), logins
 * against the users file (lib/webusers.h) with their throttle and log
 * lines, the CSRF token and the Origin check on every POST, roles, the
 * language cookie and the security headers of every response.  The pages
 * themselves (lib/webpage.h) are called only for a request that passed all
 * of that.
 *
 * Threads: libmicrohttpd's internal pool of WEB_THREADS; each worker opens
 * its own store connection on first use (SQLite connections are not shared
 * between threads; WAL and the busy timeout let ykiend file meanwhile).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sysexits.h>
#include <systemd/sd-daemon.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "config.h"
#include "err.h"
#include "store.h"
#include "web.h"
#include "webpage.h"
#include "websession.h"
#include "webusers.h"

#define YKIEN_WEB_VERSION "0.1.0"

#define WEB_THREADS          4
#define WEB_MAX_SESSIONS     1024
#define WEB_MAX_URL          2048       /* bytes of a request's path */
#define WEB_CONN_MEMORY      (64u * 1024u) /* a connection's header buffer */
#define WEB_MAX_CONNECTIONS  256
#define WEB_PER_IP_CONNECTIONS 64       /* a proxy in front is one address */
#define WEB_CONN_TIMEOUT     30         /* seconds idle before a connection is closed */
#define WEB_FAIL_DELAY_US    1000000    /* a wrong password costs a second */

static const char *progname = "ykien-web";

/* What every request shares; read-only once the daemon runs, but for the
 * users (reloaded when the file changes, under users_mu). */
static struct {
	struct yk_config *cfg;
	struct websession *ws;
	bool tls;
	char *users_path;
	pthread_mutex_t users_mu;
	struct webusers users;
	struct timespec users_mtime;
	off_t users_size;
	ino_t users_ino;
	/* the store connection of each worker thread, closed at the end */
	pthread_mutex_t stores_mu;
	struct store *stores[64];
	size_t n_stores;
} g;

static _Thread_local struct store *tl_store;

/* A login's throttle check, password check and count of a failure are one
 * step: else the attempts in flight at once (one per worker thread) all
 * pass the check before any failure is counted, more than
 * WS_THROTTLE_MAX guesses in the window.  Logins wait for each other's
 * hash, not for the second a failure is slowed by (that comes after). */
static pthread_mutex_t login_mu = PTHREAD_MUTEX_INITIALIZER;

/* One request in progress (MHD's con_cls). */
struct request {
	struct timespec start;
	struct buf body;
	bool too_large;
	struct web_resp *pending;  /* an answer held back (a failed login's), sent on resume */
};

/*
 * A failed login is answered a second later, without holding a worker
 * thread for that second: the connection is suspended with its answer
 * ready, and this queue's thread resumes it when it is due.  (A sleep in
 * the handler would let four wrong passwords at once stall every page.)
 */
static struct {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	struct { struct MHD_Connection *c; double due; } q[WEB_MAX_CONNECTIONS];
	size_t n;
	bool stop;
	pthread_t thread;
} dq;

static void
logf_(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static double mono_now(void);

static void *
delay_thread(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&dq.mu);
	while (!dq.stop) {
		double now = mono_now(), next = 0;

		for (size_t i = 0; i < dq.n;) {
			if (dq.q[i].due <= now) {
				MHD_resume_connection(dq.q[i].c);
				dq.q[i] = dq.q[--dq.n];
				continue;
			}
			if (!next || dq.q[i].due < next)
				next = dq.q[i].due;
			i++;
		}
		if (!dq.n) {
			pthread_cond_wait(&dq.cv, &dq.mu);
		} else {
			struct timespec ts;

			ts.tv_sec = (time_t)next;
			ts.tv_nsec = (long)((next - (double)ts.tv_sec) * 1e9);
			pthread_cond_timedwait(&dq.cv, &dq.mu, &ts);
		}
	}
	/* stopping: every held answer goes now */
	for (size_t i = 0; i < dq.n; i++)
		MHD_resume_connection(dq.q[i].c);
	dq.n = 0;
	pthread_mutex_unlock(&dq.mu);
	return NULL;
}

static int
delay_start(void)
{
	pthread_condattr_t ca;

	pthread_mutex_init(&dq.mu, NULL);
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&dq.cv, &ca);
	pthread_condattr_destroy(&ca);
	return pthread_create(&dq.thread, NULL, delay_thread, NULL);
}

static void
delay_stop(void)
{
	pthread_mutex_lock(&dq.mu);
	dq.stop = true;
	pthread_cond_signal(&dq.cv);
	pthread_mutex_unlock(&dq.mu);
	pthread_join(dq.thread, NULL);
}

/* Holds C's answer (already in its request) for SECONDS; false when the
 * queue is full (the caller answers at once). */
static bool
delay_answer(struct MHD_Connection *c, double seconds)
{
	bool ok = false;

	pthread_mutex_lock(&dq.mu);
	if (!dq.stop && dq.n < sizeof dq.q / sizeof dq.q[0]) {
		MHD_suspend_connection(c);
		dq.q[dq.n].c = c;
		dq.q[dq.n].due = mono_now() + seconds;
		dq.n++;
		pthread_cond_signal(&dq.cv);
		ok = true;
	}
	pthread_mutex_unlock(&dq.mu);
	return ok;
}

/* One line on standard error (the journal under systemd). */
static void
logf_(const char *fmt, ...)
{
	va_list ap;
	char line[1024];

	va_start(ap, fmt);
	vsnprintf(line, sizeof line, fmt, ap);
	va_end(ap);
	fprintf(stderr, "%s: %s\n", progname, line);
}

static double
mono_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* S made safe for a log line: what a client typed is shown only when it
 * is a plausible login, else as "?". */
static const char *
log_name(const char *s)
{
	return webusers_name_ok(s) ? s : "?";
}

/* This thread's store connection, opened on first use. */
static struct store *
thread_store(struct yk_err *err)
{
	if (tl_store)
		return tl_store;
	if (store_open(g.cfg->storage.database, &tl_store, err))
		return NULL;
	pthread_mutex_lock(&g.stores_mu);
	if (g.n_stores < sizeof g.stores / sizeof g.stores[0])
		g.stores[g.n_stores++] = tl_store;
	pthread_mutex_unlock(&g.stores_mu);
	return tl_store;
}

/* The users file read again when it changed since the last look (an
 * account added while the desk runs counts at its next login). */
static void
users_refresh(void)
{
	struct stat sb;
	struct webusers fresh;
	struct yk_err err = { 0 };

	pthread_mutex_lock(&g.users_mu);
	if (stat(g.users_path, &sb) == 0 &&
	    (sb.st_mtim.tv_sec != g.users_mtime.tv_sec ||
	     sb.st_mtim.tv_nsec != g.users_mtime.tv_nsec || sb.st_size != g.users_size ||
	     sb.st_ino != g.users_ino)) {
		if (webusers_load(g.users_path, &fresh, &err) == 0) {
			/* an account deleted, or made a viewer, loses its sessions now */
			for (size_t i = 0; i < g.users.n; i++) {
				const struct webuser *o = &g.users.u[i], *n = NULL;

				for (size_t j = 0; j < fresh.n && !n; j++)
					if (!strcmp(fresh.u[j].name, o->name))
						n = &fresh.u[j];
				if ((!n || n->role != o->role) && websession_end_user(g.ws, o->name))
					logf_("sessions of %s ended: the account %s", o->name,
					      n ? "changed role" : "was deleted");
			}
			webusers_free(&g.users);
			g.users = fresh;
			g.users_mtime = sb.st_mtim;
			g.users_size = sb.st_size;
			g.users_ino = sb.st_ino;
		} else {
			logf_("%s (keeping the accounts read before)", err.msg);
		}
	}
	pthread_mutex_unlock(&g.users_mu);
}

/* --- the client: its address, the scheme and host it reached ---------- */

static bool
peer_is_loopback(struct MHD_Connection *c)
{
	const union MHD_ConnectionInfo *ci =
		MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	const struct sockaddr *sa = ci ? ci->client_addr : NULL;

	if (!sa)
		return false;
	if (sa->sa_family == AF_INET)
		return (ntohl(((const struct sockaddr_in *)(const void *)sa)->sin_addr.s_addr) >> 24) == 127;
	if (sa->sa_family == AF_INET6) {
		const struct in6_addr *a = &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr;

		return IN6_IS_ADDR_LOOPBACK(a) ||
		       (IN6_IS_ADDR_V4MAPPED(a) && a->s6_addr[12] == 127);
	}
	return false;
}

/* The client's address into OUT.  Behind a reverse proxy on the same
 * machine (the peer is a loopback address) the last X-Forwarded-For entry
 * is the client as the proxy saw it: the proxy appends it, so a client
 * cannot forge that last entry.  Anything else ignores the header. */
static void
client_addr(struct MHD_Connection *c, char *out, size_t n)
{
	const union MHD_ConnectionInfo *ci =
		MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	const struct sockaddr *sa = ci ? ci->client_addr : NULL;
	const char *xff;

	snprintf(out, n, "?");
	if (sa && sa->sa_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, out,
		          (socklen_t)n);
	else if (sa && sa->sa_family == AF_INET6)
		inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr, out,
		          (socklen_t)n);
	if (peer_is_loopback(c) &&
	    (xff = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "X-Forwarded-For"))) {
		const char *last = strrchr(xff, ',');
		char tmp[WS_ADDR_MAX];
		size_t l;

		last = last ? last + 1 : xff;
		while (*last == ' ')
			last++;
		l = strcspn(last, " ");
		/* only an address's characters: it goes into the log */
		if (l > 0 && l < sizeof tmp && strspn(last, "0123456789abcdefABCDEF.:") >= l) {
			memcpy(tmp, last, l);
			tmp[l] = '\0';
			snprintf(out, n, "%s", tmp);
		}
	}
}

/* The scheme the browser used: ours, or, behind a proxy on this machine,
 * the X-Forwarded-Proto it sets (nginx $scheme; Apache: RequestHeader). */
static const char *
scheme_of(struct MHD_Connection *c)
{
	const char *p = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "X-Forwarded-Proto");

	if (p && peer_is_loopback(c) && (!strcmp(p, "https") || !strcmp(p, "http")))
		return p;
	return g.tls ? "https" : "http";
}

/* Does the request's Origin name this server, scheme://Host?  A missing
 * Origin fails too: every browser sends one on a POST. */
static bool
origin_ok(struct MHD_Connection *c)
{
	const char *origin = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Origin");
	const char *host = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Host");
	const char *scheme = scheme_of(c);
	size_t ls;

	if (!origin || !host || !*host)
		return false;
	ls = strlen(scheme);
	return !strncmp(origin, scheme, ls) && !strncmp(origin + ls, "://", 3) &&
	       !strcasecmp(origin + ls + 3, host);
}

/* --- responses ---------------------------------------------------------- */

static void
add_cookie(struct MHD_Response *r, struct MHD_Connection *c, const char *name, const char *value,
           bool clear)
{
	char line[256];

	snprintf(line, sizeof line, "%s=%s; Path=/; HttpOnly; SameSite=Strict%s%s", name, value,
	         clear ? "; Max-Age=0" : (!strcmp(name, "ykien_lang") ? "; Max-Age=31536000" : ""),
	         !strcmp(scheme_of(c), "https") ? "; Secure" : "");
	MHD_add_response_header(r, MHD_HTTP_HEADER_SET_COOKIE, line);
}

/* Cookies a response sets, beside its page. */
struct cookies {
	const char *session;       /* a new session id, or NULL */
	bool clear_session;
	const char *login;         /* the login form's token, or NULL */
	const char *lang;          /* "vi" / "en", or NULL */
};

/* Sends RS with the headers every response carries.  Returns MHD's
 * answer. */
static enum MHD_Result
send_resp(struct MHD_Connection *c, struct request *rq, struct web_resp *rs,
          const struct cookies *ck)
{
	struct MHD_Response *r;
	enum MHD_Result ret;
	size_t len = rs->body.len;
	char *body = buf_take(&rs->body);
	char timing[64];
	struct timespec now;

	if (!body) {
		len = 0;
		body = strdup("");
	}
	r = MHD_create_response_from_buffer(len, body, MHD_RESPMEM_MUST_FREE);
	if (!r) {
		free(body);
		return MHD_NO;
	}
	MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE,
	                        rs->content_type ? rs->content_type : "text/html; charset=utf-8");
	MHD_add_response_header(r, "Content-Security-Policy",
	                        "default-src 'self'; frame-ancestors 'none'; form-action 'self'; "
	                        "base-uri 'none'");
	MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(r, "X-Frame-Options", "DENY");
	MHD_add_response_header(r, "Referrer-Policy", "same-origin");
	MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
	if (g.tls)
		MHD_add_response_header(r, "Strict-Transport-Security", "max-age=31536000");
	if (rs->location)
		MHD_add_response_header(r, MHD_HTTP_HEADER_LOCATION, rs->location);
	if (rs->disposition)
		MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_DISPOSITION, rs->disposition);
	if (ck) {
		if (ck->session)
			add_cookie(r, c, "ykien_session", ck->session, false);
		if (ck->clear_session)
			add_cookie(r, c, "ykien_session", "", true);
		if (ck->login)
			add_cookie(r, c, "ykien_login", ck->login, false);
		if (ck->lang)
			add_cookie(r, c, "ykien_lang", ck->lang, false);
	}
	clock_gettime(CLOCK_MONOTONIC, &now);
	snprintf(timing, sizeof timing, "app;dur=%.3f",
	         (double)(now.tv_sec - rq->start.tv_sec) * 1e3 +
	                 (double)(now.tv_nsec - rq->start.tv_nsec) / 1e6);
	MHD_add_response_header(r, "Server-Timing", timing);
	ret = MHD_queue_response(c, (unsigned)rs->status, r);
	MHD_destroy_response(r);
	return ret;
}

/* An error page of STATUS from the pages, or a plain one if they fail. */
static enum MHD_Result
send_error(struct MHD_Connection *c, struct request *rq, const struct web_req *wr, int status,
           const char *why, const struct cookies *ck)
{
	struct web_resp rs;
	enum MHD_Result ret;

	web_resp_init(&rs);
	if (webpage_error(wr, status, why, &rs)) {
		web_resp_free(&rs);
		web_resp_init(&rs);
		buf_printf(&rs.body, "%d\n", status);
		rs.content_type = "text/plain; charset=utf-8";
	}
	rs.status = status;
	ret = send_resp(c, rq, &rs, ck);
	web_resp_free(&rs);
	return ret;
}

static enum MHD_Result
send_redirect(struct MHD_Connection *c, struct request *rq, const char *to,
              const struct cookies *ck)
{
	struct web_resp rs;
	enum MHD_Result ret;

	web_resp_init(&rs);
	rs.status = 303;
	rs.location = strdup(to);
	rs.content_type = "text/plain; charset=utf-8";
	ret = send_resp(c, rq, &rs, ck);
	web_resp_free(&rs);
	return ret;
}

/* PATH percent-encoded for a Location header (nothing but the characters
 * of a path goes into a header). */
static char *
encode_path(const char *path)
{
	static const char hex[] = "0123456789ABCDEF";
	struct buf b;

	buf_init(&b, 4 * WEB_MAX_URL);
	for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		    strchr("/-._~", *p)) {
			buf_addc(&b, (char)*p);
		} else {
			buf_addc(&b, '%');
			buf_addc(&b, hex[*p >> 4]);
			buf_addc(&b, hex[*p & 15]);
		}
	}
	if (buf_status(&b)) {
		buf_free(&b);
		return NULL;
	}
	return buf_take(&b);
}

/* --- routes ------------------------------------------------------------- */

/* Is PATH one the desk serves (the pages decide about what lies under
 * /c/ and /m/)?  Anything else is a 404 before any session is asked for. */
static bool
known_route(const char *path)
{
	return !strcmp(path, "/") || !strcmp(path, "/login") || !strcmp(path, "/logout") ||
	       !strcmp(path, "/review") || !strcmp(path, "/static/ykien.css") ||
	       !strncmp(path, "/c/", 3) || !strncmp(path, "/m/", 3);
}

static bool
path_ok(const char *path)
{
	if (path[0] != '/' || strlen(path) > WEB_MAX_URL)
		return false;
	for (const unsigned char *p = (const unsigned char *)path; *p; p++)
		if (*p < 0x20 || *p == 0x7f)
			return false;
	return true;
}

static enum MHD_Result
serve_css(struct MHD_Connection *c, struct request *rq)
{
	struct web_resp rs;
	enum MHD_Result ret;

	web_resp_init(&rs);
	buf_adds(&rs.body, webpage_css());
	rs.content_type = "text/css; charset=utf-8";
	ret = send_resp(c, rq, &rs, NULL);
	web_resp_free(&rs);
	return ret;
}

/* A well-formed token (64 lower-case hex digits), as the cookies hold. */
static bool
token_ok(const char *s)
{
	return s && strlen(s) == WS_ID_HEX && strspn(s, "0123456789abcdef") == WS_ID_HEX;
}

static enum MHD_Result
login_page_delayed(struct MHD_Connection *c, struct request *rq, struct web_req *wr, int status,
                   const char *why, bool delay)
{
	const char *tok = MHD_lookup_connection_value(c, MHD_COOKIE_KIND, "ykien_login");
	char fresh[WS_ID_HEX + 1];
	struct cookies ck = { 0 };
	struct web_resp rs;
	enum MHD_Result ret;

	if (!token_ok(tok)) {
		if (websession_token(fresh))
			return send_error(c, rq, wr, 500, NULL, NULL);
		tok = fresh;
		ck.login = fresh;
	}
	wr->csrf = tok;
	wr->user = NULL;
	web_resp_init(&rs);
	if (webpage_login(wr, why, &rs)) {
		web_resp_free(&rs);
		return send_error(c, rq, wr, 500, NULL, &ck);
	}
	rs.status = status;
	/* a token is never fresh here: the login POST checked the cookie's */
	if (delay && !ck.login && (rq->pending = malloc(sizeof *rq->pending))) {
		*rq->pending = rs;
		if (delay_answer(c, WEB_FAIL_DELAY_US / 1e6))
			return MHD_YES;
		rs = *rq->pending;
		free(rq->pending);
		rq->pending = NULL;
	}
	ret = send_resp(c, rq, &rs, &ck);
	web_resp_free(&rs);
	return ret;
}

static enum MHD_Result
login_page(struct MHD_Connection *c, struct request *rq, struct web_req *wr, int status,
           const char *why)
{
	return login_page_delayed(c, rq, wr, status, why, false);
}

static const char *
text(const struct web_req *wr, const char *vi, const char *en)
{
	return wr->lang == WEB_EN ? en : vi;
}

/* Does PW open USER's account?  The account is copied out under the lock
 * and hashed outside it, so that logins on several threads do not wait on
 * one another's yescrypt. */
static bool
check_password(const char *user, const char *pw, enum webrole *role)
{
	struct webuser one = { 0 };
	struct webusers us = { &one, 0 };
	bool ok;

	pthread_mutex_lock(&g.users_mu);
	for (size_t i = 0; i < g.users.n; i++)
		if (!strcmp(g.users.u[i].name, user)) {
			one.name = strdup(g.users.u[i].name);
			one.hash = strdup(g.users.u[i].hash);
			one.role = g.users.u[i].role;
			us.n = one.name && one.hash;
			break;
		}
	pthread_mutex_unlock(&g.users_mu);
	/* none (or no memory): the dummy hash is checked, at the same cost */
	ok = webusers_verify(&us, user, pw, role);
	free(one.name);
	free(one.hash);
	return ok;
}

static enum MHD_Result
login_post(struct MHD_Connection *c, struct request *rq, struct web_req *wr,
           const struct web_form *form)
{
	const char *tok = MHD_lookup_connection_value(c, MHD_COOKIE_KIND, "ykien_login");
	const char *user = web_form_get(form, "user"), *pw = web_form_get(form, "password");
	char addr[WS_ADDR_MAX], id[WS_ID_HEX + 1], csrf[WS_ID_HEX + 1], why[200];
	enum webrole role = WEBROLE_VIEWER;
	struct cookies ck = { 0 };
	bool ok;
	int wait;

	client_addr(c, addr, sizeof addr);
	if (!origin_ok(c) || !token_ok(tok) || !websession_equal(web_form_get(form, "csrf"), tok)) {
		logf_("login form refused from %s: wrong Origin or token", addr);
		return send_error(c, rq, wr, 403, NULL, NULL);
	}
	if (!user)
		user = "";
	pthread_mutex_lock(&login_mu);
	if ((wait = websession_throttle_check(g.ws, user, addr, mono_now())) > 0) {
		pthread_mutex_unlock(&login_mu);
		logf_("login refused for %s from %s: too many failures", log_name(user), addr);
		if (wr->lang == WEB_EN)
			snprintf(why, sizeof why,
			         "Too many failed logins. Please try again in %d seconds.", wait);
		else
			snprintf(why, sizeof why,
			         "Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau %d giây.", wait);
		return login_page(c, rq, wr, 429, why);
	}
	users_refresh();
	ok = check_password(user, pw ? pw : "", &role);
	if (ok)
		websession_throttle_ok(g.ws, user);
	else
		websession_throttle_fail(g.ws, user, addr, mono_now());
	pthread_mutex_unlock(&login_mu);
	if (!ok) {
		logf_("login failed for %s from %s", log_name(user), addr);
		/* a guess costs a second, whatever the hash cost */
		return login_page_delayed(c, rq, wr, 401,
		                          text(wr, "Tên đăng nhập hoặc mật khẩu không đúng.",
		                               "Wrong user name or password."), true);
	}
	if (websession_create(g.ws, user, role == WEBROLE_CLERK, mono_now(), id, csrf))
		return send_error(c, rq, wr, 500, NULL, NULL);
	logf_("login %s (%s) from %s", user, webusers_role_name(role), addr);
	ck.session = id;
	return send_redirect(c, rq, "/", &ck);
}

/* The request's language: the cookie ykien_lang, Vietnamese by default. */
static enum web_lang
lang_of(struct MHD_Connection *c)
{
	const char *l = MHD_lookup_connection_value(c, MHD_COOKIE_KIND, "ykien_lang");

	return l && !strcmp(l, "en") ? WEB_EN : WEB_VI;
}

static enum MHD_Result
handle(struct MHD_Connection *c, struct request *rq, const char *path, bool post)
{
	struct web_req wr = { 0 };
	struct ws_info si;
	const char *sid = MHD_lookup_connection_value(c, MHD_COOKIE_KIND, "ykien_session");
	const char *ql;
	enum ws_state st;
	struct yk_err err = { 0 };
	struct web_resp rs;
	struct web_form form = { 0 };
	enum MHD_Result ret;
	int rc;

	wr.cfg = g.cfg;
	wr.archive = g.cfg->storage.archive;
	wr.lang = lang_of(c);
	wr.now = time(NULL);
	if (!path_ok(path) || !known_route(path))
		return send_error(c, rq, &wr, 404, NULL, NULL);
	/* ?lang=: the cookie, and the same page again without the query */
	if (!post && (ql = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "lang")) &&
	    (!strcmp(ql, "en") || !strcmp(ql, "vi"))) {
		struct cookies ck = { .lang = ql };
		char *to = encode_path(path);

		ret = to ? send_redirect(c, rq, to, &ck) : send_error(c, rq, &wr, 500, NULL, NULL);
		free(to);
		return ret;
	}
	if (!post && !strcmp(path, "/static/ykien.css"))
		return serve_css(c, rq);
	if (post) {
		rc = web_form_parse(rq->body.data ? rq->body.data : "", rq->body.len, &form);
		if (rc == YK_ELIMIT)
			return send_error(c, rq, &wr, 413, NULL, NULL);
		if (rc)
			return send_error(c, rq, &wr, 400, NULL, NULL);
	}
	/* the login and error pages get the store too, though they need not
	 * read it (NULL when it cannot be opened: they must not need it) */
	wr.st = thread_store(&err);
	yk_err_clear(&err);
	if (!strcmp(path, "/login")) {
		if (post) {
			ret = login_post(c, rq, &wr, &form);
		} else {
			st = websession_get(g.ws, sid, mono_now(), false, &si);
			ret = login_page(c, rq, &wr, 200,
			                 st == WS_EXPIRED
			                         ? text(&wr, "Phiên làm việc đã hết hạn. Vui lòng đăng nhập lại.",
			                                "Your session has expired. Please log in again.")
			                         : NULL);
		}
		web_form_free(&form);
		return ret;
	}
	users_refresh(); /* a stat(2): a deleted account's sessions end at once */
	st = websession_get(g.ws, sid, mono_now(), !post, &si);
	if (st != WS_OK) {
		web_form_free(&form);
		/* a form sent after the session ended is not saved: say why, so
		 * the clerk logs in again rather than thinking it was */
		return post ? send_error(c, rq, &wr, 403,
		                         text(&wr, "Phiên làm việc đã hết hạn hoặc chưa đăng nhập: "
		                                   "nội dung vừa gửi chưa được lưu. "
		                                   "Vui lòng đăng nhập lại rồi làm lại.",
		                              "Your session has ended or you are not logged in: "
		                              "what you sent was not saved. Please log in again "
		                              "and repeat it."),
		                         NULL)
		            : send_redirect(c, rq, "/login", NULL);
	}
	wr.user = si.user;
	wr.can_write = si.can_write;
	wr.csrf = si.csrf;
	wr.flash = si.flash[0] ? si.flash : NULL;
	if (post) {
		char addr[WS_ADDR_MAX];

		if (!origin_ok(c) || !websession_equal(web_form_get(&form, "csrf"), si.csrf)) {
			client_addr(c, addr, sizeof addr);
			logf_("POST %s by %s from %s refused: wrong Origin or CSRF token", path, si.user,
			      addr);
			web_form_free(&form);
			return send_error(c, rq, &wr, 403, NULL, NULL);
		}
		if (!strcmp(path, "/logout")) {
			struct cookies ck = { .clear_session = true };

			websession_destroy(g.ws, sid);
			client_addr(c, addr, sizeof addr);
			logf_("logout %s from %s", si.user, addr);
			web_form_free(&form);
			return send_redirect(c, rq, "/login", &ck);
		}
		if (!si.can_write) {
			web_form_free(&form);
			return send_error(c, rq, &wr, 403,
			                  text(&wr, "Tài khoản chỉ được xem.", "This account may only read."),
			                  NULL);
		}
	} else if (!strcmp(path, "/logout")) {
		return send_error(c, rq, &wr, 405, NULL, NULL);
	}
	if (!(wr.st = thread_store(&err))) {
		logf_("%s", err.msg);
		web_form_free(&form);
		return send_error(c, rq, &wr, 500, NULL, NULL);
	}
	web_resp_init(&rs);
	rc = post ? webpage_post(&wr, path, &form, &rs, &err) : webpage_get(&wr, path, &rs, &err);
	web_form_free(&form);
	if (rc) {
		logf_("%s %s by %s: %s", post ? "POST" : "GET", path, si.user, err.msg);
		web_resp_free(&rs);
		return send_error(c, rq, &wr, 500, NULL, NULL);
	}
	if (rs.status == 303 && rs.flash)
		websession_set_flash(g.ws, sid, rs.flash);
	if (post && rs.status == 303) {
		char addr[WS_ADDR_MAX];

		client_addr(c, addr, sizeof addr);
		logf_("POST %s by %s from %s", path, si.user, addr);
	}
	ret = send_resp(c, rq, &rs, NULL);
	web_resp_free(&rs);
	return ret;
}

static enum MHD_Result
on_request(void *cls, struct MHD_Connection *c, const char *url, const char *method,
           const char *version, const char *upload_data, size_t *upload_data_size, void **con_cls)
{
	struct request *rq = *con_cls;
	bool post = !strcmp(method, MHD_HTTP_METHOD_POST);
	bool get = !strcmp(method, MHD_HTTP_METHOD_GET) || !strcmp(method, MHD_HTTP_METHOD_HEAD);

	(void)cls;
	(void)version;
	if (rq && rq->pending) {
		/* resumed: the answer held back */
		enum MHD_Result ret = send_resp(c, rq, rq->pending, NULL);

		web_resp_free(rq->pending);
		free(rq->pending);
		rq->pending = NULL;
		return ret;
	}
	if (!rq) {
		const char *cl;

		if (!(rq = calloc(1, sizeof *rq)))
			return MHD_NO;
		clock_gettime(CLOCK_MONOTONIC, &rq->start);
		buf_init(&rq->body, WEB_MAX_FORM_BYTES);
		*con_cls = rq;
		/* a body announced too large is refused before a byte of it is
		 * read (libmicrohttpd then closes the connection); one that
		 * grows too large unannounced (chunked) is read to its end,
		 * kept to WEB_MAX_FORM_BYTES, and refused then */
		cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
		if (cl && strtoull(cl, NULL, 10) > WEB_MAX_FORM_BYTES) {
			struct web_req wr = { .cfg = g.cfg, .lang = lang_of(c), .now = time(NULL) };

			rq->too_large = true;
			return send_error(c, rq, &wr, 413, NULL, NULL);
		}
		return MHD_YES;
	}
	if (*upload_data_size) {
		if (!rq->too_large && buf_add(&rq->body, upload_data, *upload_data_size))
			rq->too_large = true;
		*upload_data_size = 0;
		return MHD_YES;
	}
	if (rq->too_large) {
		struct web_req wr = { .cfg = g.cfg, .lang = lang_of(c), .now = time(NULL) };

		return send_error(c, rq, &wr, 413, NULL, NULL);
	}
	if (!post && !get) {
		struct web_req wr = { .cfg = g.cfg, .lang = lang_of(c), .now = time(NULL) };

		return send_error(c, rq, &wr, 405, NULL, NULL);
	}
	return handle(c, rq, url, post);
}

static void
on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
             enum MHD_RequestTerminationCode toe)
{
	struct request *rq = *con_cls;

	(void)cls;
	(void)c;
	(void)toe;
	if (rq) {
		if (rq->pending) {
			web_resp_free(rq->pending);
			free(rq->pending);
		}
		if (rq->body.data)
			explicit_bzero(rq->body.data, rq->body.len); /* may hold a password */
		buf_free(&rq->body);
		free(rq);
		*con_cls = NULL;
	}
}

static void
on_mhd_error(void *cls, const char *fmt, va_list ap)
{
	char line[512];

	(void)cls;
	vsnprintf(line, sizeof line, fmt, ap);
	line[strcspn(line, "\n")] = '\0';
	logf_("libmicrohttpd: %s", line);
}

/* --- main ------------------------------------------------------------- */

static void
usage(FILE *f)
{
	fprintf(f, "usage: ykien-web [-c FILE] [--listen ADDR:PORT]\n"
	           "  -c, --config FILE     configuration file (default %s)\n"
	           "  -l, --listen ADDR:PORT  where to listen, instead of web.listen\n"
	           "  -h, --help            this help\n"
	           "  -V, --version         print the version\n"
	           "See ykien-web(8).\n", CONFIG_DEFAULT_PATH);
}

static int
read_pem(const char *path, char **out, struct yk_err *err)
{
	struct buf b;
	int rc;

	buf_init(&b, 1u << 20);
	if ((rc = buf_read_file(&b, path, err))) {
		buf_free(&b);
		return rc;
	}
	*out = buf_take(&b);
	return 0;
}

/* The TLS key: the unit's credential web.key when it holds one (the file
 * itself stays root's), else web.tls_key as configured. */
static int
read_key(const char *configured, char **out, struct yk_err *err)
{
	const char *cd = getenv("CREDENTIALS_DIRECTORY");

	if (cd && *cd) {
		char p[4096];
		struct yk_err ignored = { 0 };

		snprintf(p, sizeof p, "%s/web.key", cd);
		if (read_pem(p, out, &ignored) == 0) {
			if (strstr(*out, "-----BEGIN"))
				return 0;
			free(*out); /* the stand-in: an empty line */
			*out = NULL;
		}
	}
	return read_pem(configured, out, err);
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "listen", required_argument, NULL, 'l' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	const char *path = CONFIG_DEFAULT_PATH, *listen = NULL;
	struct sockaddr_in6 sa;
	unsigned salen;
	struct yk_err err = { 0 };
	char *cert = NULL, *key = NULL;
	struct MHD_Daemon *d;
	unsigned flags;
	sigset_t set;
	int ch, sig, rc = EX_OK;

	while ((ch = getopt_long(argc, argv, "c:l:hV", longopts, NULL)) != -1) {
		switch (ch) {
		case 'c': path = optarg; break;
		case 'l': listen = optarg; break;
		case 'h': usage(stdout); return EX_OK;
		case 'V': printf("ykien-web %s\n", YKIEN_WEB_VERSION); return EX_OK;
		default: usage(stderr); return EX_USAGE;
		}
	}
	if (optind != argc) {
		usage(stderr);
		return EX_USAGE;
	}
	if (config_load(path, &g.cfg, NULL, &err)) {
		fprintf(stderr, err.code == YK_ECONFIG ? "%s\n" : "ykien-web: %s\n", err.msg);
		return yk_err_exit_status(err.code);
	}
	if (!listen)
		listen = g.cfg->web.listen;
	if (config_web_listen(listen, (struct sockaddr *)&sa, &salen)) {
		fprintf(stderr, "ykien-web: --listen %s: expected ADDR:PORT, e.g. 127.0.0.1:8480 or "
		                "[::1]:8480\n", listen);
		config_free(g.cfg);
		return EX_USAGE;
	}
	g.tls = g.cfg->web.tls_cert != NULL;
	if (g.tls && (read_pem(g.cfg->web.tls_cert, &cert, &err) ||
	              read_key(g.cfg->web.tls_key, &key, &err))) {
		fprintf(stderr, "ykien-web: %s\n", err.msg);
		free(cert);
		config_free(g.cfg);
		return yk_err_exit_status(err.code);
	}
	pthread_mutex_init(&g.users_mu, NULL);
	pthread_mutex_init(&g.stores_mu, NULL);
	g.users_path = webusers_path(g.cfg->web.users_file);
	if (!g.users_path || webusers_load(g.users_path, &g.users, &err)) {
		/* no account yet is allowed when run by hand (web-user add
		 * while it runs; under the unit a missing file stops systemd
		 * before us); a users file that is unsafe or malformed is not */
		if (err.code != YK_ENOTFOUND) {
			fprintf(stderr, "ykien-web: %s\n", err.msg);
			rc = EX_CONFIG;
			goto out;
		}
		logf_("%s: no users file yet: add an account with ykien web-user add", g.users_path);
	} else {
		struct stat sb;

		if (stat(g.users_path, &sb) == 0) {
			g.users_mtime = sb.st_mtim;
			g.users_size = sb.st_size;
			g.users_ino = sb.st_ino;
		}
	}
	g.ws = websession_new(WEB_MAX_SESSIONS, g.cfg->web.session_idle_minutes * 60.0);
	if (!g.ws) {
		rc = EX_OSERR;
		goto out;
	}
	/* the workers inherit this mask: only the main thread takes the signals */
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGHUP);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);

	flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ERROR_LOG |
	        MHD_ALLOW_SUSPEND_RESUME;
	if (delay_start()) {
		rc = EX_OSERR;
		goto out;
	}
	if (sa.sin6_family == AF_INET6)
		flags |= MHD_USE_IPv6;
	if (g.tls)
		flags |= MHD_USE_TLS;
	d = MHD_start_daemon(flags, 0, NULL, NULL, on_request, NULL,
	                     MHD_OPTION_EXTERNAL_LOGGER, on_mhd_error, NULL,
	                     MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa,
	                     MHD_OPTION_THREAD_POOL_SIZE, (unsigned)WEB_THREADS,
	                     MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)WEB_CONN_MEMORY,
	                     MHD_OPTION_CONNECTION_LIMIT, (unsigned)WEB_MAX_CONNECTIONS,
	                     MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned)WEB_PER_IP_CONNECTIONS,
	                     MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)WEB_CONN_TIMEOUT,
	                     MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL,
	                     MHD_OPTION_STRICT_FOR_CLIENT, (int)1,
	                     g.tls ? MHD_OPTION_HTTPS_MEM_CERT : MHD_OPTION_END, cert,
	                     MHD_OPTION_HTTPS_MEM_KEY, key,
	                     MHD_OPTION_END);
	if (!d) {
		fprintf(stderr, "ykien-web: cannot listen on %s: %s\n", listen,
		        errno ? strerror(errno) : "libmicrohttpd refused to start");
		delay_stop();
		rc = EX_UNAVAILABLE;
		goto out;
	}
	fprintf(stderr, "ykien-web: listening on %s://%s\n", g.tls ? "https" : "http", listen);
	sd_notify(0, "READY=1");
	for (;;) {
		if (sigwait(&set, &sig))
			continue;
		if (sig == SIGHUP) {
			users_refresh(); /* the accounts; the rest needs a restart */
			continue;
		}
		break;
	}
	sd_notify(0, "STOPPING=1");
	logf_("stopping (signal %d)", sig);
	delay_stop();
	MHD_stop_daemon(d);
out:
	for (size_t i = 0; i < g.n_stores; i++)
		store_close(g.stores[i]);
	websession_free(g.ws);
	webusers_free(&g.users);
	free(g.users_path);
	if (key)
		explicit_bzero(key, strlen(key));
	free(key);
	free(cert);
	config_free(g.cfg);
	return rc;
}
