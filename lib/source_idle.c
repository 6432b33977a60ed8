/*
 * source_idle — waiting for new mail between cycles (mailbox.idle): IMAP
 * IDLE (RFC 2177) on a connection of its own, kept from one wait to the
 * next, so that a message is filed seconds after it arrives instead of at
 * the next poll.  It only decides *when* the next cycle runs: it files,
 * records and acts on nothing (the folder is EXAMINEd, read-only), so
 * every guarantee of the cycle (lib/intake.h) stays the cycle's.
 */
#include "source.h"

#include <stdlib.h>
#include <string.h>

#include "imap.h"
#include "secret.h"

struct source_idle {
	const struct yk_config *cfg;
	const volatile sig_atomic_t *stop;
	struct imap *im;          /* NULL until ready(), and after a failure */
	uint32_t exists;          /* the folder's size as this connection knows it */
	uint32_t woke_uidnext;    /* the UIDNEXT a fresh connection last woke a cycle for */
	bool no_idle;             /* the server does not offer IDLE: not asked again */
};

int
source_idle_new(const struct yk_config *cfg, const volatile sig_atomic_t *stop,
                struct source_idle **out, struct yk_err *err)
{
	struct source_idle *w;

	*out = NULL;
	if (!cfg->mailbox.idle || source_for(cfg->mailbox.url) != &source_imap_ops)
		return 0;
	if (!(w = calloc(1, sizeof *w)))
		return yk_err_set(err, YK_ENOMEM, "out of memory");
	w->cfg = cfg;
	w->stop = stop;
	*out = w;
	return 0;
}

/* Logs in (the password is read for the login only) and examines the
 * folder. */
static int
connect_idle(struct source_idle *w, uint32_t *uidvalidity, uint32_t *uidnext,
             struct yk_err *err)
{
	const struct yk_mailbox *mb = &w->cfg->mailbox;
	struct imap_opts o = { 0 };
	char *password = NULL;
	int rc;

	if ((rc = secret_read(mb->password_file, "imap.pass", &password, err)))
		return rc;
	if (!password)
		return yk_err_set(err, YK_ECONFIG, "there is no IMAP password");
	o.url = mb->url;
	o.user = mb->user;
	o.password = password;
	o.ca_file = mb->ca_file;
	o.auth_mechanisms = mb->auth_mechanisms;
	o.allow_plaintext = mb->allow_plaintext;
	o.timeout = mb->timeout;
	o.max_message = (size_t)mb->max_message_size;
	o.cancel = w->stop;
	rc = imap_connect(&o, &w->im, err);
	secret_free(password);
	if (rc)
		return rc;
	/* EXAMINE: looking changes nothing, not even \Recent */
	return imap_select(w->im, true, uidvalidity, uidnext, &w->exists, err);
}

static void
drop(struct source_idle *w)
{
	imap_close(w->im);
	w->im = NULL;
}

int
source_idle_ready(struct source_idle *w, struct store *st, bool *able, bool *waiting,
                  struct yk_err *err)
{
	struct store_mailbox mark = { 0 };
	uint32_t uidvalidity = 0, uidnext = 0;

	*able = !w->no_idle;
	*waiting = false;
	if (w->im || w->no_idle)
		return 0;
	if (connect_idle(w, &uidvalidity, &uidnext, err) ||
	    store_mailbox_get(st, w->cfg->mailbox.url, &mark, err)) {
		drop(w);
		return err->code;
	}
	if (!imap_can_idle(w->im)) {
		w->no_idle = true;
		*able = false;
		drop(w);
		return 0;
	}
	/*
	 * Mail that arrived after the cycle's SEARCH and before this EXAMINE
	 * is counted in EXISTS already, so IDLE would not announce it: a
	 * UIDNEXT above the mark says some may be there.  Once per UIDNEXT,
	 * so that a UID the cycle leaves below its mark (the server did not
	 * send it) cannot make every reconnection run a cycle at once.
	 */
	if (mark.found && (mark.uidvalidity != uidvalidity ||
	                   (uidnext > mark.last_uid + 1 && uidnext != w->woke_uidnext))) {
		w->woke_uidnext = uidnext;
		*waiting = true;
	}
	return 0;
}

int
source_idle_wait(struct source_idle *w, int timeout_ms, const volatile sig_atomic_t *wake,
                 const sigset_t *sigmask, enum source_woke *why, struct yk_err *err)
{
	enum imap_idle_end end = IMAP_IDLE_ENDED_STOP;

	*why = SOURCE_WOKE_FLAG;
	if (!w->im)
		return yk_err_set(err, YK_ENET, "IMAP IDLE: not connected");
	if (imap_idle(w->im, timeout_ms, &w->exists, wake, sigmask, &end, err)) {
		drop(w); /* the next wait connects again */
		return err->code;
	}
	switch (end) {
	case IMAP_IDLE_ENDED_MAIL:
		*why = SOURCE_WOKE_MAIL;
		break;
	case IMAP_IDLE_ENDED_TIMEOUT:
		*why = SOURCE_WOKE_TIMEOUT;
		break;
	case IMAP_IDLE_ENDED_STOP:
		/* the connection may be mid-IDLE: not reused */
		drop(w);
		break;
	}
	return 0;
}

void
source_idle_free(struct source_idle *w)
{
	if (!w)
		return;
	imap_close(w->im);
	free(w);
}
