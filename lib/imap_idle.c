/*
 * imap_idle — IMAP IDLE (RFC 2177) over the client's connection (imap.h):
 * "TAG IDLE", the server's "+", untagged updates as mail arrives, then
 * "DONE" and the tagged OK.  What an update means is imapproto's
 * (imapproto_idle_news(), unit-tested); this file only waits.
 *
 * The wait is ppoll on the socket with no timer of its own finer than the
 * caller's timeout: an idle daemon sleeps, it does not spin.
 */
#include "imap_p.h"

#include <string.h>
#include <time.h>

#include "imapproto.h"
#include "log.h"

#define IMAP_IDLE_DONE_MS 2000 /* DONE's answer after a stop flag: do not hang on the way out */

bool
imap_can_idle(struct imap *im)
{
	return imap_has_cap(im, "IDLE");
}

struct idle_ctx {
	uint32_t *exists;
	bool news;
};

/* The untagged responses that come with DONE's answer: mail may arrive
 * between our DONE and the server's OK. */
static int
on_untagged(void *ctx, const char *resp, size_t rlen)
{
	struct idle_ctx *c = ctx;

	if (imapproto_idle_news(resp, rlen, c->exists) == IMAP_IDLE_NEW_MAIL)
		c->news = true;
	return 0;
}

static bool
flagged(const struct imap *im)
{
	return (im->cancel && *im->cancel) || (im->quit && atomic_load(im->quit)) ||
	       (im->wake && *im->wake);
}

/* Reads responses until the server's "+" (IDLING false), or, in IDLE,
 * until UNTIL, new mail or a flag.  0, or an error (im->dead unless the
 * server refused IDLE with a tagged answer). */
static int
read_idle(struct imap *im, const char *tag, const struct timespec *until, bool idling,
          struct idle_ctx *c, struct yk_err *err)
{
	char said[1300];

	for (;;) {
		struct imap_resp r;
		bool over = false;
		size_t rlen;
		enum imap_idle_news news;

		if (imap_read_until(im, &rlen, until, &over, err))
			return err->code;
		if (over) {
			if (!idling) {
				/* the "+" did not come in time (or a signal came
				 * first): the state of the connection is unknown */
				im->dead = true;
				return flagged(im) ? 0 : yk_err_set(err, YK_ENET, "IMAP IDLE: no answer "
				                                    "within %d s", im->timeout_ms / 1000);
			}
			return 0;
		}
		imapproto_classify(im->in.data, rlen, tag, &r);
		if (r.continuation && !idling) {
			buf_consume(&im->in, rlen);
			return 0;
		}
		if (r.tagged || (!r.untagged && !r.continuation)) {
			/* a refusal (NO, BAD), or an end the server chose */
			char raw[301];
			size_t len = r.text_len < sizeof raw - 1 ? r.text_len : sizeof raw - 1;
			int st;
			memcpy(raw, r.text ? r.text : "", len);
			raw[len] = '\0';
			st = yk_err_set(err, YK_EPROTO, "IMAP IDLE %s: %s",
			                r.tagged ? "refused" : "answered out of turn",
			                log_escape(raw, said, sizeof said));
			buf_consume(&im->in, rlen);
			im->dead = !r.tagged; /* after a tagged answer, the connection is usable */
			return st;
		}
		news = r.untagged ? imapproto_idle_news(im->in.data, rlen, c->exists) : IMAP_IDLE_NOTHING;
		buf_consume(&im->in, rlen);
		if (news == IMAP_IDLE_BYE) {
			im->dead = true;
			return yk_err_set(err, YK_ENET, "IMAP server closed the connection during IDLE");
		}
		if (news == IMAP_IDLE_NEW_MAIL) {
			c->news = true;
			if (idling)
				return 0;
		}
	}
}

int
imap_idle(struct imap *im, int timeout_ms, uint32_t *exists, const volatile sig_atomic_t *wake,
          const sigset_t *sigmask, enum imap_idle_end *end, struct yk_err *err)
{
	struct idle_ctx c = { .exists = exists };
	struct timespec until;
	char tag[16];
	int rc, saved = im->timeout_ms;
	bool stop;

	*end = IMAP_IDLE_ENDED_STOP;
	if (timeout_ms > IMAP_IDLE_MAX_MS)
		timeout_ms = IMAP_IDLE_MAX_MS;
	if (timeout_ms < 0)
		timeout_ms = 0;
	im->sigmask = sigmask;
	im->wake = wake;
	if (flagged(im)) {
		rc = 0;
		goto out;
	}
	/* the server's "+" within the command timeout */
	clock_gettime(CLOCK_MONOTONIC, &until);
	until.tv_sec += im->timeout_ms / 1000;
	if ((rc = imap_send_command(im, "IDLE", tag, err)) ||
	    (rc = read_idle(im, tag, &until, false, &c, err)))
		goto out;
	if (im->dead) /* a flag during the wait for "+": nothing to end */
		goto out;
	clock_gettime(CLOCK_MONOTONIC, &until);
	until.tv_sec += timeout_ms / 1000;
	until.tv_nsec += (long)(timeout_ms % 1000) * 1000000L;
	if (until.tv_nsec >= 1000000000L) {
		until.tv_sec++;
		until.tv_nsec -= 1000000000L;
	}
	if (!c.news && (rc = read_idle(im, tag, &until, true, &c, err)))
		goto out;
	if (flagged(im))
		im->timeout_ms = IMAP_IDLE_DONE_MS;
	/* DONE's answer is awaited without the wake flag: it is the way out */
	im->wake = NULL;
	if ((rc = imap_send_line(im, "DONE\r\n", err)) ||
	    (rc = imap_await_tag(im, tag, "IDLE", on_untagged, &c, err)))
		goto out;
out:
	stop = flagged(im) || (wake && *wake);
	im->timeout_ms = saved;
	im->sigmask = NULL;
	im->wake = NULL;
	/* a failure because a flag cut a wait short is the stop that was
	 * asked for, not a broken connection */
	if (rc && stop) {
		yk_err_clear(err);
		rc = 0;
	}
	*end = c.news ? IMAP_IDLE_ENDED_MAIL : stop ? IMAP_IDLE_ENDED_STOP : IMAP_IDLE_ENDED_TIMEOUT;
	return rc;
}
