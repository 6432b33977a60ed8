/*
 * filing — the one rule that decides which reply of an agency counts.
 *
 * Pure: no SQLite, no I/O, no allocation.  The store asks it when a reply
 * is filed (store_file_message(): the agency's earlier replies as they
 * stand, then the new one) and replays it over all of an agency's replies
 * when one joins or leaves the agency or a person confirms one
 * (store_assign(), store_confirm()), so the two paths cannot disagree.
 *
 * Replies are decided in filing order (the order of the array, the order
 * of their rows), not by their Date: a reply filed later can supersede one
 * that says it was written later still.
 *
 * The rule:
 * - an unassigned reply (no agency) always counts and is compared with
 *   nothing: a person must first say whose it is;
 * - a reply with the same Message-ID or the same answers as an earlier one
 *   is its duplicate (of the first such);
 * - anyone can write an agency's name in a mail: a reply not from one of
 *   the agency's registered addresses and not confirmed by a person
 *   ("untrusted") counts only while the agency has no reply from a
 *   registered address; otherwise it is held back (not counted) until a
 *   person confirms it.  An untrusted reply is the duplicate of any earlier
 *   one; a trusted reply never of a held one (the registered address
 *   sending the same answers is what makes them count);
 * - a reply that counts supersedes the one that counted so far and every
 *   one held back before it.
 *
 * The caller owns the array and its strings.
 */
#ifndef YK_FILING_H
#define YK_FILING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum filing_status {
	FILING_EFFECTIVE,   /* it counts */
	FILING_SUPERSEDED,  /* a later reply counts instead */
	FILING_DUPLICATE,   /* the same Message-ID or answers as an earlier reply */
	FILING_NOT_COUNTED, /* held back until a person confirms it */
};

struct filing_reply {
	/* what the rule looks at */
	int64_t id;                /* its row: the array is in filing order, ids ascending */
	const char *message_id;    /* NULL: none (never equal to another) */
	const char *answers;       /* the extracted answers as JSON, never NULL */
	bool registered;           /* from a registered address of the agency it is filed
	                            * under (filing_registered_by) */
	bool confirmed;            /* a person confirmed it (assign, set) */
	/* what it decides; for the replies before the one decided, as they stand */
	enum filing_status status;
	int64_t duplicate_of;      /* the id of the reply it duplicates, 0: none */
	int64_t superseded_by;     /* the id of the reply that counts instead, 0: none */
};

/* Decides v[n - 1], filed last, against v[0 .. n - 2] as they stand: sets
 * its status and duplicate_of, and when it counts marks the earlier
 * effective and held-back replies superseded by its id.  HAS_AGENCY false:
 * the replies are unassigned, every one counts.  N must be at least 1. */
void filing_decide(struct filing_reply *v, size_t n, bool has_agency);

/* Decides every reply of V again, in order, each against the earlier ones
 * as the replay left them. */
void filing_replay(struct filing_reply *v, size_t n, bool has_agency);

/* Does classify's agency_by (lib/classify.h) name a registered address:
 * "from", "sender", or "reply_to" (set only when the Reply-To is one of
 * the agency's addresses), or "dispatch" (the token of the letter sent to
 * it, lib/dispatch_id.h)?  "content" and NULL do not. */
bool filing_registered_by(const char *agency_by);

/* The stored name of a status ("effective", "superseded", "duplicate",
 * "not_counted"), and back: false when NAME is none of them. */
const char *filing_status_name(enum filing_status s);
bool filing_status_parse(const char *name, enum filing_status *s);

#endif
