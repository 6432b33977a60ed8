/*
 * source_imap — the IMAP source (source.h over lib/imap.h): the folder,
 * what is new in it, and the action after filing.  Fetching is in
 * source_imapfetch.c.
 *
 * What is new is what lies above the high-water UID (the mark), except on
 * the first sync of a folder, which takes only the mail of the date
 * window.  The server is acted on only after the commit (STYLE.md habit
 * 1); each outcome is recorded (store_server_done / _refused), so a crash
 * in between is healed by the next cycle.  RFC 3501/9051, UIDPLUS RFC
 * 4315, MOVE RFC 6851, NAMESPACE RFC 2342.
 */
#include "source_imap_p.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "fault.h"
#include "isotime.h"
#include "secret.h"

static void
im_close(struct source *base)
{
	struct imap_src *s = (struct imap_src *)base;

	base->env->stats->imap_commands += s->im ? imap_commands(s->im) : 0;
	secret_free(s->password);
	free(s->uids);
	free(s->widened);
	imap_close(s->im);
	free(s);
}

static int
im_open(const struct source_env *env, struct source **out, struct yk_err *err)
{
	const struct yk_mailbox *mb = &env->cfg->mailbox;
	struct imap_src *s = calloc(1, sizeof *s);
	int rc;

	*out = NULL;
	if (!s)
		return yk_err_set(err, YK_ENOMEM, "out of memory");
	s->base.ops = &source_imap_ops;
	s->base.env = env;
	s->sep = '/';
	if ((rc = secret_read(mb->password_file, "imap.pass", &s->password, err)))
		goto fail;
	if (!s->password) {
		rc = yk_err_set(err, YK_ECONFIG, "there is no IMAP password: the systemd credential "
		                "imap.pass is empty (create /etc/ykien/imap.pass, mode 0600, or set "
		                "mailbox.password_file)");
		goto fail;
	}
	s->o.url = mb->url;
	s->o.user = mb->user;
	s->o.password = s->password;
	s->o.ca_file = mb->ca_file;
	s->o.auth_mechanisms = mb->auth_mechanisms;
	s->o.allow_plaintext = mb->allow_plaintext;
	s->o.timeout = mb->timeout;
	s->o.max_message = (size_t)mb->max_message_size;
	s->o.cancel = env->stop;
	/* the password stays for the helper connections (max_connections) */
	if ((rc = imap_connect(&s->o, &s->im, err)))
		goto fail;
	/* the helper connections log in the way that worked, at once */
	if (!s->o.auth_mechanisms && imap_mechanism(s->im))
		s->o.auth_mechanisms = imap_mechanism(s->im);
	*out = &s->base;
	return 0;
fail:
	im_close(&s->base);
	return rc;
}

static int
set_state(struct store *st, void *ctx, struct yk_err *err)
{
	const struct source_env *env = ctx;

	return store_mailbox_set(st, env->cfg->mailbox.url, env->state, err);
}

static int
im_select(struct source *base, struct yk_err *err)
{
	struct imap_src *s = (struct imap_src *)base;
	const struct source_env *env = base->env;
	const struct yk_mailbox *mb = &env->cfg->mailbox;
	struct store_mailbox *state = env->state;
	int64_t filed = 0;

	/* keep: EXAMINE, so not even \Recent changes on the server */
	if (imap_select(s->im, mb->after_filing == AFTER_KEEP, &s->uidvalidity, &s->uidnext,
	                &s->exists, err) ||
	    store_mailbox_get(env->st, mb->url, state, err))
		return err->code;
	if (state->found && state->uidvalidity != s->uidvalidity)
		env->stats->uidvalidity_changed = true;
	else if (!state->found && store_count_messages(env->st, &filed, err))
		return err->code;
	if (env->stats->uidvalidity_changed || filed > 0) {
		/* The server renumbered the folder (RFC 3501 §2.3.1.1), or this
		 * folder is new to us (another URL spelling, messages imported)
		 * while messages are filed: no UID we hold can be trusted.
		 * Everything now in it is checked by content and only what is not
		 * filed yet is filed.  The new UIDVALIDITY and a mark of 0 are
		 * recorded first, so a crash during the re-scan resumes it. */
		state->found = true;
		state->uidvalidity = s->uidvalidity;
		state->last_uid = 0;
		if (store_tx(env->st, set_state, (void *)env, err))
			return err->code;
	}
	state->uidvalidity = s->uidvalidity;
	return 0;
}

/* "YYYY-MM-DD" of the earliest campaign's letter, less the margin, in
 * Viet Nam's time (UTC+7); "" when every message is wanted. */
static void
window_day(const struct yk_config *cfg, char out[11])
{
	time_t first = 0;
	struct tm tm;

	out[0] = '\0';
	if (cfg->mailbox.since_margin_days < 0 || cfg->n_campaigns == 0)
		return;
	for (size_t i = 0; i < cfg->n_campaigns; i++)
		if (!first || cfg->campaigns[i].sent < first)
			first = cfg->campaigns[i].sent;
	first += ISOTIME_VN_OFFSET - (time_t)cfg->mailbox.since_margin_days * 86400;
	gmtime_r(&first, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

/* "2024-01-08" as IMAP's date-text "8-Jan-2024" (RFC 3501 §9). */
static void
imap_day(const char *day, char out[16])
{
	static const char *const mon[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
		                           "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	int y = 1970, m = 1, d = 1;

	/* DAY comes from window_day() or the store; one that is not a day
	 * stays the epoch's, before any mail */
	(void)isotime_parse_day(day, &y, &m, &d);
	snprintf(out, 16, "%d-%s-%d", d, mon[m - 1], y);
}

/* A window that moved earlier (a campaign added with an earlier date)
 * adds, once, the older mail not filed yet (from DAY, "" for all). */
static int
widen(struct imap_src *s, const char *day, struct yk_err *err)
{
	const struct source_env *env = s->base.env;
	struct store_mailbox *state = env->state;
	char d1[16], d2[16], crit[96];
	uint32_t *v;
	size_t k = 0;

	imap_day(state->since_day, d2);
	if (day[0]) {
		imap_day(day, d1);
		snprintf(crit, sizeof crit, "SINCE %s BEFORE %s UID 1:%u", d1, d2, state->last_uid);
	} else {
		snprintf(crit, sizeof crit, "BEFORE %s UID 1:%u", d2, state->last_uid);
	}
	if (imap_search(s->im, crit, 1, &v, &s->nw, err))
		return err->code;
	for (size_t i = 0; i < s->nw; i++) {
		bool filed = false;
		if (store_has_uid(env->st, env->cfg->mailbox.url, state->uidvalidity, v[i], &filed,
		                  err)) {
			free(v);
			return err->code;
		}
		if (!filed)
			v[k++] = v[i];
	}
	s->widened = v;
	s->nw = k;
	env->stats->widened = (unsigned)k;
	snprintf(state->since_day, sizeof state->since_day, "%s", day);
	return 0;
}

/*
 * The UIDs to take this cycle.  The first sync of a folder takes only the
 * mail that arrived on or after the window's first day (years of history
 * are never downloaded); later cycles take everything above the mark, and
 * what a widened window adds.
 */
static int
im_list_new(struct source *base, size_t *total, struct yk_err *err)
{
	struct imap_src *s = (struct imap_src *)base;
	const struct source_env *env = base->env;
	struct store_mailbox *state = env->state;
	struct intake_stats *stats = env->stats;
	char day[11], d1[16], crit[96];

	*total = 0;
	window_day(env->cfg, day);
	if (!state->found && state->last_uid == 0 && day[0]) {
		imap_day(day, d1);
		snprintf(crit, sizeof crit, "SINCE %s", d1);
		if (imap_search(s->im, crit, 1, &s->uids, &s->n, err))
			return err->code;
		stats->passed_over = s->exists > s->n ? s->exists - (unsigned)s->n : 0;
		snprintf(state->since_day, sizeof state->since_day, "%s", day);
		*total = s->n;
		return 0;
	}
	if (state->since_day[0] && strcmp(day, state->since_day) < 0 && state->last_uid > 0 &&
	    widen(s, day, err))
		return err->code;
	if (imap_search_from(s->im, state->last_uid + 1, &s->uids, &s->n, err))
		return err->code;
	/* UIDNEXT (when the server gives it) says whether mail arrived above
	 * the mark.  If so and the search found none, the folder is listed
	 * without SEARCH: what is there is taken and the log says the search
	 * failed; when nothing is, it was expunged, and the mark moves up to
	 * UIDNEXT - 1 (no UID below UIDNEXT can appear later) */
	if (s->n == 0 && s->uidnext > state->last_uid + 1) {
		free(s->uids);
		s->uids = NULL;
		if (imap_list_range(s->im, state->last_uid + 1, s->uidnext - 1, &s->uids, &s->n, err))
			return err->code;
		if (s->n)
			stats->search_missed = (unsigned)s->n;
		else
			stats->mark_raised_to = s->uidnext - 1;
	}
	*total = s->n + s->nw;
	return 0;
}

/* A refusal of the server (NO to a STORE, MOVE or CREATE; a folder name
 * it cannot take) belongs to the action, not to the cycle: recorded and
 * retried later with back-off while new mail goes on being filed.  A
 * broken connection or a database error still fails the cycle. */
static bool
refused(int code)
{
	return code == YK_EPROTO || code == YK_ELIMIT || code == YK_EINVAL;
}

/* UIDS (N) were refused, WHY says how: counted, recorded, not retried
 * before their wait is over (store_server_refused). */
static int
note_refused(struct imap_src *s, const uint32_t *uids, size_t n, const char *why,
             struct yk_err *err)
{
	const struct source_env *env = s->base.env;
	struct intake_stats *stats = env->stats;

	if (!stats->action_error[0])
		snprintf(stats->action_error, sizeof stats->action_error, "%s", why);
	stats->actions_refused += (unsigned)n;
	return store_server_refused(env->st, env->cfg->mailbox.url, s->uidvalidity, uids, n,
	                            (int64_t)time(NULL), env->cfg->mailbox.poll_interval, why, err);
}

/*
 * A move healed on a server without MOVE: a crash between its COPY and
 * its EXPUNGE left a copy in FOLDER already.  The ones FOLDER holds (by
 * Message-ID, MIDS) are only deleted here; the rest are moved.  FOLDER is
 * examined to look, so the intake's folder is selected again after.
 */
static int
heal_copy(struct imap_src *s, const uint32_t *group, size_t k, const char *const *mids,
          const char *folder, struct yk_err *err)
{
	bool found[SOURCE_BATCH_MAX];
	uint32_t held[SOURCE_BATCH_MAX], rest[SOURCE_BATCH_MAX], uv = 0;
	size_t nh = 0, nr = 0;
	int looked = imap_folder_holds(s->im, folder, mids, k, found, err);
	struct yk_err e2 = { 0 };

	/* the intake's folder again, whatever the look found: the rest of the
	 * cycle reads it (a failure here is the cycle's, not the action's) */
	if (imap_select(s->im, false, &uv, NULL, NULL, &e2))
		return yk_err_set(err, YK_ESTATE, "%s", e2.msg);
	if (looked)
		return looked;
	if (uv != s->uidvalidity)
		return yk_err_set(err, YK_ESTATE, "UIDVALIDITY changed while a move was healed");
	for (size_t i = 0; i < k; i++) {
		if (found[i])
			held[nh++] = group[i];
		else
			rest[nr++] = group[i];
	}
	if ((nh && imap_delete(s->im, held, nh, err)) ||
	    (nr && imap_move(s->im, rest, nr, folder, err)))
		return err->code;
	return 0;
}

/* The outcome of an action on GROUP (K UIDs): done, or refused (E says
 * why); anything else fails the cycle. */
static int
outcome(struct imap_src *s, const uint32_t *group, size_t k, const struct yk_err *e,
        const char *step, struct yk_err *err)
{
	const struct source_env *env = s->base.env;

	if (e->code) {
		if (!refused(e->code))
			return yk_err_set(err, e->code, "%s", e->msg);
		return note_refused(s, group, k, e->msg, err);
	}
	fault_point(step);
	return store_server_done(env->st, env->cfg->mailbox.url, s->uidvalidity, group, k, err);
}

/* after_filing on the server for UIDS (into FOLDERS, with move), each
 * outcome recorded as it comes: done, or refused.  MIDS (the heal's; NULL
 * for a batch just filed) are their Message-IDs. */
static int
server_action(struct imap_src *s, const uint32_t *uids, size_t n, const char *const *folders,
              const char *const *mids, struct yk_err *err)
{
	const struct yk_mailbox *mb = &s->base.env->cfg->mailbox;

	if (n == 0 || mb->after_filing == AFTER_KEEP)
		return 0;
	if (mb->after_filing == AFTER_SEEN) {
		struct yk_err e = { 0 };
		(void)imap_store_seen(s->im, uids, n, &e);
		return outcome(s, uids, n, &e, "stored-seen", err);
	}
	/* move: one UID MOVE per destination folder, in UID order */
	for (size_t i = 0; i < n; i++) {
		uint32_t group[SOURCE_BATCH_MAX];
		const char *gmids[SOURCE_BATCH_MAX];
		struct yk_err e = { 0 };
		size_t k = 0;
		bool done_before = false, look;
		for (size_t j = 0; j < i && !done_before; j++)
			done_before = !strcmp(folders[j], folders[i]);
		if (done_before)
			continue;
		for (size_t j = i; j < n && k < SOURCE_BATCH_MAX; j++)
			if (!strcmp(folders[j], folders[i])) {
				gmids[k] = mids ? mids[j] : NULL;
				group[k++] = uids[j];
			}
		/* only a heal on a server without MOVE can find a copy made */
		look = mids && !imap_can_move(s->im);
		if (!imap_ensure_folder(s->im, folders[i], &e))
			(void)(look ? heal_copy(s, group, k, gmids, folders[i], &e)
			            : imap_move(s->im, group, k, folders[i], &e));
		if (outcome(s, group, k, &e, "moved", err))
			return err->code;
	}
	return 0;
}

/* The folders of UIDS for a move; a name that cannot be made is refused
 * for its message (which is left out: *N shrinks), never cut. */
static int
folders_for(struct imap_src *s, uint32_t *uids, const char **mids, const char *const *leaves,
            size_t *n, const char **folders, char (*buf)[SOURCE_FOLDER_MAX + 1],
            struct yk_err *err)
{
	size_t k = 0;

	for (size_t i = 0; i < *n; i++) {
		struct yk_err e = { 0 };
		if (source_folder(s->base.env->cfg, s->ns, s->sep, leaves[i], buf[k], sizeof buf[k],
		                  &e)) {
			if (note_refused(s, &uids[i], 1, e.msg, err))
				return err->code;
			continue;
		}
		uids[k] = uids[i];
		if (mids)
			mids[k] = mids[i];
		folders[k] = buf[k];
		k++;
	}
	*n = k;
	return 0;
}

/* after_filing for N UIDS whose folders' LEAVES are known (MIDS: see
 * server_action()). */
static int
act_on(struct imap_src *s, uint32_t *uids, const char **mids, const char *const *leaves,
       size_t n, struct yk_err *err)
{
	const char *folders[SOURCE_BATCH_MAX] = { NULL };
	char folder_buf[SOURCE_BATCH_MAX][SOURCE_FOLDER_MAX + 1];

	if (s->base.env->cfg->mailbox.after_filing == AFTER_MOVE &&
	    folders_for(s, uids, mids, leaves, &n, folders, folder_buf, err))
		return err->code;
	return server_action(s, uids, n, folders, mids, err);
}

static int
im_act(struct source *base, const struct source_filed *v, size_t n, struct yk_err *err)
{
	struct imap_src *s = (struct imap_src *)base;
	uint32_t uids[SOURCE_BATCH_MAX];
	const char *leaves[SOURCE_BATCH_MAX];

	for (size_t i = 0; i < n; i++) {
		uids[i] = v[i].uid;
		leaves[i] = v[i].leaf;
	}
	/* each outcome is recorded; a crash before is healed by im_heal() */
	return act_on(s, uids, NULL, leaves, n, err);
}

#define SOURCE_HEAL_MAX 1000 /* messages whose after_filing is redone per cycle */

/*
 * A crash between the commit of a batch and its seen/move on the server
 * leaves filed messages untouched on the server: do it now (UID STORE and
 * UID MOVE are harmless for a UID already flagged or gone).
 */
static int
im_heal(struct source *base, struct yk_err *err)
{
	struct imap_src *s = (struct imap_src *)base;
	const struct source_env *env = base->env;
	const struct yk_mailbox *mb = &env->cfg->mailbox;
	struct store_pending *p;
	size_t n = 0;
	int rc;

	if (mb->after_filing == AFTER_MOVE &&
	    (rc = imap_namespace(s->im, s->ns, sizeof s->ns, &s->sep, err)))
		return rc;
	if (mb->after_filing == AFTER_KEEP)
		return 0;
	p = calloc(SOURCE_HEAL_MAX, sizeof *p);
	if (!p)
		return yk_err_set(err, YK_ENOMEM, "out of memory");
	rc = store_server_pending(env->st, mb->url, s->uidvalidity, (int64_t)time(NULL), p,
	                          SOURCE_HEAL_MAX, &n, err);
	for (size_t i = 0; i < n && !rc; i += SOURCE_BATCH_MAX) {
		size_t k = n - i < SOURCE_BATCH_MAX ? n - i : SOURCE_BATCH_MAX;
		uint32_t uids[SOURCE_BATCH_MAX];
		const char *leaves[SOURCE_BATCH_MAX], *mids[SOURCE_BATCH_MAX];
		for (size_t j = 0; j < k; j++) {
			const struct store_pending *q = &p[i + j];
			leaves[j] = source_leaf(source_beside_replies(q->kind), q->campaign, q->agency);
			uids[j] = q->uid;
			mids[j] = q->message_id;
		}
		rc = act_on(s, uids, mids, leaves, k, err);
	}
	free(p);
	return rc;
}

static int
im_fetch(struct source *base, const struct source_sink *sink, struct yk_err *err)
{
	struct imap_src *s = (struct imap_src *)base;

	s->sink = sink;
	s->mark_start = base->env->state->last_uid;
	if (source_imap_take(s, s->widened, s->nw, err) || source_imap_take(s, s->uids, s->n, err))
		return err->code;
	return 0;
}

static int
im_finish(struct source *base, struct yk_err *err)
{
	struct imap_src *s = (struct imap_src *)base;
	const struct source_env *env = base->env;
	struct store_mailbox *state = env->state;
	struct intake_stats *stats = env->stats;

	if (stats->mark_raised_to > state->last_uid)
		state->last_uid = stats->mark_raised_to;
	if (s->n == 0 && !source_stopped(env) &&
	    (stats->passed_over || s->nw || !state->found || stats->mark_raised_to)) {
		/* nothing new, but the window (and the folder) must be remembered */
		state->found = true;
		return store_tx(env->st, set_state, (void *)env, err);
	}
	return 0;
}

const struct source_ops source_imap_ops = {
	.origin = "imap",
	.open = im_open,
	.select = im_select,
	.list_new = im_list_new,
	.heal = im_heal,
	.fetch = im_fetch,
	.act = im_act,
	.finish = im_finish,
	.close = im_close,
};
