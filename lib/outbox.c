/*
 * outbox — see outbox.h.
 */
#include "outbox.h"

#include <string.h>

#include "compose.h"
#include "fault.h"

void
outbox_init(struct outbox *ob, const struct yk_config *cfg, struct store *st, time_t now)
{
	memset(ob, 0, sizeof *ob);
	ob->cfg = cfg;
	ob->st = st;
	ob->now = now;
}

void
outbox_close(struct outbox *ob)
{
	smtp_close(ob->smtp);
	ob->smtp = NULL;
}

static int
open_smtp(struct outbox *ob, struct yk_err *err)
{
	int rc;

	if (ob->smtp)
		return 0;
	if ((rc = compose_from_address(ob->cfg, ob->from, sizeof ob->from, err)))
		return rc;
	return smtp_open_config(ob->cfg, &ob->smtp, err);
}

struct outcome_tx {
	const struct outbox_kind *k;
	void *ctx;
	const struct outbox_result *r;
};

static int
outcome_tx(struct store *st, void *ctx, struct yk_err *err)
{
	struct outcome_tx *o = ctx;

	return o->k->outcome(st, o->ctx, o->r, err);
}

int
outbox_send(struct outbox *ob, const struct outbox_kind *k, void *ctx, bool fresh, int attempts,
            struct yk_err *err)
{
	struct outbox_msg m = { 0 };
	struct outbox_result r = { .attempts = attempts + 1 };
	struct outcome_tx o = { .k = k, .ctx = ctx, .r = &r };
	struct yk_err serr = { 0 };
	struct outcome_tally t;
	time_t wait;
	int rc, send_rc = 0;

	if (fresh) {
		/* the intent is durable before the message leaves */
		if ((rc = store_tx(ob->st, k->record, ctx, err)))
			return rc;
		if (k->recorded)
			fault_point(k->recorded);
	}
	buf_init(&m.text, 0);
	if ((rc = k->build(ctx, &m, err)))
		goto out;
	t = m.earlier;
	if (m.n > 0) {
		if ((rc = open_smtp(ob, err)))
			goto out;
		send_rc = smtp_send(ob->smtp, ob->from, m.rcpts, m.n, m.text.data, m.text.len, &serr);
		if (send_rc && !k->count_dropped) {
			/* the server went away: the row stays as it was */
			rc = yk_err_set(err, serr.code, "%s", serr.msg);
			goto out;
		}
		r.tried = true;
		r.rcpts = m.rcpts;
		r.n = m.n;
		outcome_count(&t, m.rcpts, m.n);
	}
	r.verdict = outcome_verdict(k->policy, &t, r.attempts);
	if (r.verdict == OUTCOME_RETRY && (wait = outcome_backoff(k->policy, r.attempts)) > 0)
		r.next_attempt = ob->now + wait;
	if ((rc = store_tx(ob->st, outcome_tx, &o, err)))
		goto out;
	if (k->done)
		k->done(ctx, &r);
	/* the server cannot be used now: the rest waits for the next cycle */
	if (send_rc)
		rc = yk_err_set(err, serr.code, "%s", serr.msg);
out:
	buf_free(&m.text);
	return rc;
}
