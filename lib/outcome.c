/*
 * outcome — see outcome.h.
 */
#include "outcome.h"

void
outcome_count(struct outcome_tally *t, const struct smtp_rcpt *rcpts, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		t->accepted += rcpts[i].cls == SMTP_ACCEPTED;
		t->deferred += rcpts[i].cls == SMTP_TEMPORARY;
		t->rejected += rcpts[i].cls == SMTP_PERMANENT;
	}
}

enum outcome_verdict
outcome_verdict(const struct outcome_policy *p, const struct outcome_tally *t, int attempts)
{
	if (t->deferred)
		return attempts < p->max_attempts ? OUTCOME_RETRY : OUTCOME_GAVE_UP;
	if (!t->accepted)
		return OUTCOME_FAILED;
	return t->rejected ? OUTCOME_PARTIAL : OUTCOME_SENT;
}

time_t
outcome_backoff(const struct outcome_policy *p, int attempts)
{
	time_t wait = p->retry_first;

	if (wait <= 0)
		return 0;
	for (int i = 1; i < attempts && wait < p->retry_max; i++)
		wait *= 2;
	return wait < p->retry_max ? wait : p->retry_max;
}

void
outcome_failures(const struct smtp_rcpt *rcpts, size_t n, struct buf *out)
{
	for (size_t i = 0; i < n; i++)
		if (rcpts[i].cls != SMTP_ACCEPTED)
			(void)buf_printf(out, "%s%s: %s", out->len ? "; " : "", rcpts[i].addr,
			                 rcpts[i].reply[0] ? rcpts[i].reply : "no reply");
}
