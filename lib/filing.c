/*
 * filing — the rule of lib/filing.h.  Quadratic in the replies of one
 * agency to one campaign, which are a handful.
 */
#include "filing.h"

#include <string.h>

static const char *const names[] = {
	[FILING_EFFECTIVE] = "effective",
	[FILING_SUPERSEDED] = "superseded",
	[FILING_DUPLICATE] = "duplicate",
	[FILING_NOT_COUNTED] = "not_counted",
};

const char *
filing_status_name(enum filing_status s)
{
	return names[s];
}

bool
filing_status_parse(const char *name, enum filing_status *s)
{
	for (size_t i = 0; name && i < sizeof names / sizeof names[0]; i++) {
		if (!strcmp(name, names[i])) {
			*s = (enum filing_status)i;
			return true;
		}
	}
	return false;
}

bool
filing_registered_by(const char *agency_by)
{
	/* "dispatch": the reply names the token of the letter sent to that
	 * agency (lib/dispatch_id.h), proof as good as its own address */
	return agency_by && (!strcmp(agency_by, "from") || !strcmp(agency_by, "sender") ||
	                     !strcmp(agency_by, "reply_to") || !strcmp(agency_by, "dispatch"));
}

static bool
same_reply(const struct filing_reply *a, const struct filing_reply *b)
{
	return (a->message_id && b->message_id && !strcmp(a->message_id, b->message_id)) ||
	       !strcmp(a->answers, b->answers);
}

void
filing_decide(struct filing_reply *v, size_t n, bool has_agency)
{
	struct filing_reply *r = &v[n - 1];
	bool trusted = r->registered || r->confirmed, earlier_registered = false;
	int64_t dup_any = 0, dup_counted = 0;

	r->duplicate_of = r->superseded_by = 0;
	r->status = FILING_EFFECTIVE;
	if (!has_agency)
		return; /* nothing to compare with until a person assigns it */
	for (size_t j = 0; j + 1 < n; j++) {
		earlier_registered |= v[j].registered;
		if (!same_reply(r, &v[j]))
			continue;
		if (!dup_any)
			dup_any = v[j].id;
		if (!dup_counted && v[j].status != FILING_NOT_COUNTED)
			dup_counted = v[j].id;
	}
	if ((r->duplicate_of = trusted ? dup_counted : dup_any) != 0) {
		r->status = FILING_DUPLICATE;
		return;
	}
	if (!trusted && earlier_registered) {
		r->status = FILING_NOT_COUNTED;
		return;
	}
	for (size_t j = 0; j + 1 < n; j++) {
		if (v[j].status == FILING_EFFECTIVE || v[j].status == FILING_NOT_COUNTED) {
			v[j].status = FILING_SUPERSEDED;
			v[j].superseded_by = r->id;
		}
	}
}

void
filing_replay(struct filing_reply *v, size_t n, bool has_agency)
{
	for (size_t i = 0; i < n; i++)
		filing_decide(v, i + 1, has_agency);
}
