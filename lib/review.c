/*
 * review — resolving a REF, showing a message, recording a person's
 * decisions.  The database keeps both: the extracted values (messages,
 * replies) and the person's (corrections, assignments); lib/summary.c
 * applies the second over the first.
 */
#include "review.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "escape.h"
#include "summary.h"

#define REVIEW_AMBIGUOUS_SHOWN 5 /* candidates named when a REF is ambiguous */

/* How a REF is looked up (an agency code is handled by the caller). */
static int
ref_filter(const struct yk_config *cfg, const char *ref, struct store_msg_filter *f, char *tmp,
           size_t tmp_len, struct yk_err *err)
{
	size_t n = strlen(ref), hex = strspn(ref, "0123456789abcdefABCDEF");
	const char *root = cfg->storage.archive;
	size_t rl = strlen(root);

	memset(f, 0, sizeof *f);
	if (!n || n >= tmp_len)
		return yk_err_set(err, YK_EINVAL, "%s: expected a Message-ID, a sha256 prefix, an "
		                  "archive path or an agency code", n ? "REF too long" : "empty REF");
	if (hex == n && n >= REVIEW_MIN_SHA_PREFIX && n <= 64) {
		for (size_t i = 0; i <= n; i++)
			tmp[i] = (char)tolower((unsigned char)ref[i]);
		f->sha_prefix = tmp;
	} else if (ref[0] == '/' && !strncmp(ref, root, rl) && ref[rl] == '/') {
		f->archive_path = ref + rl + 1;
	} else if (strchr(ref, '/') && !strchr(ref, '@')) {
		f->archive_path = ref;
	} else {
		/* a Message-ID, stored without its angle brackets */
		if (ref[0] == '<' && ref[n - 1] == '>' && n > 2) {
			memcpy(tmp, ref + 1, n - 2);
			tmp[n - 2] = '\0';
			f->message_id = tmp;
		} else {
			f->message_id = ref;
		}
	}
	return 0;
}

struct one {
	char *sha;            /* the message */
	char *campaign;
	bool is_reply;
	bool question;        /* kind 'question': answered, not corrected */
	size_t n_distinct;
	bool only_effective;  /* REF was an agency code: the reply that counts */
	char shown[REVIEW_AMBIGUOUS_SHOWN][13];
};

static int
on_one(void *ctx, const struct store_msg_info *m)
{
	struct one *o = ctx;

	if (o->only_effective && (!m->is_reply || strcmp(m->status, "effective")))
		return 0;
	if (o->sha && !strcmp(o->sha, m->sha256))
		return 0; /* the same bytes filed under two rows are one message */
	if (o->n_distinct < REVIEW_AMBIGUOUS_SHOWN)
		snprintf(o->shown[o->n_distinct], sizeof o->shown[0], "%.12s", m->sha256);
	if (o->n_distinct++ == 0) {
		o->sha = strdup(m->sha256);
		o->campaign = m->campaign ? strdup(m->campaign) : NULL;
		o->is_reply = m->is_reply;
		o->question = m->kind && !strcmp(m->kind, "question");
		if (!o->sha || (m->campaign && !o->campaign))
			return YK_ENOMEM;
	}
	return 0;
}

static void
one_free(struct one *o)
{
	free(o->sha);
	free(o->campaign);
}

/* Exactly one message for REF, else an error that says why. */
static int
resolve_one(const struct yk_config *cfg, struct store *st, const char *ref, struct one *o,
            struct yk_err *err)
{
	struct store_msg_filter f;
	char tmp[1024];
	int rc;

	memset(o, 0, sizeof *o);
	if (config_agency(cfg, ref)) {
		/* an agency code: its reply that counts, when there is one */
		memset(&f, 0, sizeof f);
		f.agency = config_agency(cfg, ref)->code;
		o->only_effective = true;
	} else if (ref_filter(cfg, ref, &f, tmp, sizeof tmp, err)) {
		return err->code;
	}
	if ((rc = store_each_message(st, &f, on_one, o, err)) == YK_ENOMEM)
		return yk_err_set(err, YK_ENOMEM, "out of memory");
	if (rc)
		return rc;
	if (!o->n_distinct)
		return yk_err_set(err, YK_ENOTFOUND, "%s: no filed message has this Message-ID, sha256 "
		                  "prefix or archive path%s", ref,
		                  o->only_effective ? " (and the agency has no reply that counts)" : "");
	if (o->n_distinct > 1) {
		char names[REVIEW_AMBIGUOUS_SHOWN * 14 + 8] = "";
		size_t len = 0;
		for (size_t i = 0; i < o->n_distinct && i < REVIEW_AMBIGUOUS_SHOWN; i++)
			len += (size_t)snprintf(names + len, sizeof names - len, " %s", o->shown[i]);
		return yk_err_set(err, YK_EINVAL, "%s names %zu messages (%s%s); give a sha256 prefix",
		                  ref, o->n_distinct, names + 1,
		                  o->n_distinct > REVIEW_AMBIGUOUS_SHOWN ? " …" : "");
	}
	return 0;
}

/* ---- review ------------------------------------------------------------ */

/* The writers below append everything and check the buffer once at the
 * end (buf_status). */
struct listing {
	const struct yk_config *cfg;
	struct buf *out;
	size_t n;
	size_t questions;
};

static bool
is_question(const struct store_msg_info *m)
{
	return m->kind && !strcmp(m->kind, "question");
}

static int
on_review(void *ctx, const struct store_msg_info *m)
{
	struct listing *l = ctx;
	struct buf *b = l->out;
	const char *agency = m->is_reply ? m->reply_agency : m->agency;

	l->n++;
	buf_printf(b, "%.12s  %-12s %-16s ", m->sha256, m->campaign ? m->campaign : "-",
	                    agency ? agency : "unassigned");
	esc_term(b, m->from ? m->from : "-");
	if (is_question(m)) {
		/* the office owes an answer: what was asked, and when */
		l->questions++;
		buf_adds(b, "\n    needs an answer: a question about the campaign, \"");
		esc_term(b, m->subject ? m->subject : "");
		buf_adds(b, "\", sent ");
		esc_term(b, m->date ? m->date : "-");
		buf_printf(b, "\n    archive: %s/", l->cfg->storage.archive);
		esc_term(b, m->archive_path);
		buf_adds(b, "\n");
		return 0;
	}
	buf_adds(b, "\n    why: ");
	esc_term(b, !agency && m->is_reply ? "no agency found for the sender"
	                     : m->reasons               ? m->reasons
	                                                : "flagged for review");
	if (!agency && m->is_reply && m->reasons) {
		buf_adds(b, "; ");
		esc_term(b, m->reasons);
	}
	buf_printf(b, "\n    archive: %s/", l->cfg->storage.archive);
	esc_term(b, m->archive_path);
	buf_adds(b, "\n");
	return 0;
}

int
review_list(const struct yk_config *cfg, struct store *st, const char *campaign,
            struct buf *out, size_t *n, struct yk_err *err)
{
	struct store_msg_filter f = { .campaign = campaign, .pending_review = true };
	struct listing l = { .cfg = cfg, .out = out };

	if (store_each_message(st, &f, on_review, &l, err))
		return err->code;
	if (!l.n)
		buf_adds(out, "Nothing needs review.\n");
	else
		buf_printf(out, "%zu to review.  See one with `ykien show SHA`; file it with "
		                   "`ykien assign SHA AGENCY`; correct it with `ykien set SHA "
		                   "FIELD=VALUE`, mark it done with `ykien set SHA reviewed=yes`, or say it is no reply "
		                   "with `ykien set SHA not_reply=yes`.  Assigning or "
		                   "setting a reply held back confirms it: it then counts.\n",
		                   l.n);
	if (l.questions)
		buf_printf(out, "%zu of them %s a question that needs an answer; once answered, mark "
		                "it with `ykien set SHA answered=yes`.\n", l.questions,
		           l.questions == 1 ? "is" : "are");
	*n = l.n;
	return buf_status(out) ? yk_err_set(err, YK_ENOMEM, "out of memory") : 0;
}

/* ---- show -------------------------------------------------------------- */

struct show {
	const struct yk_config *cfg;
	struct store *st;
	struct buf *out;
	struct yk_err *err;
	size_t n;
	bool only_effective;  /* an agency's replies that count */
};

static void
line(struct buf *b, const char *label, const char *value)
{
	buf_printf(b, "  %-15s ", label);
	esc_term(b, value ? value : "-");
	buf_addc(b, '\n');
}

static int
on_answer_line(void *ctx, const struct store_answer *a)
{
	struct show *s = ctx;
	struct buf *b = s->out;

	buf_printf(b, "  %-15s ", a->section);
	if (a->choices) {
		esc_term(b, *a->choices ? a->choices : "(no option chosen)");
		if (a->text) {
			buf_adds(b, "; text: ");
			esc_term(b, a->text);
		}
	} else {
		esc_term(b, a->text ? a->text : "(empty)");
	}
	buf_addc(b, '\n');
	return 0;
}

static int
on_correction_line(void *ctx, const struct store_correction *c)
{
	struct show *s = ctx;

	buf_printf(s->out, "  %s by ", c->at);
	esc_term(s->out, c->who);
	buf_printf(s->out, ": %s = ", c->field);
	esc_term(s->out, c->value);
	buf_addc(s->out, '\n');
	return 0;
}

static int
on_assignment_line(void *ctx, const struct store_correction *c)
{
	struct show *s = ctx;

	buf_printf(s->out, "  %s by ", c->at);
	esc_term(s->out, c->who);
	buf_printf(s->out, ": agency %s -> %s\n", *c->field ? c->field : "unassigned",
	                    c->value);
	return 0;
}

static int
on_show(void *ctx, const struct store_msg_info *m)
{
	struct show *s = ctx;
	struct buf *b = s->out;
	char tmp[200];
	size_t before;
	int rc;

	if (s->only_effective && (!m->is_reply || strcmp(m->status, "effective")))
		return 0;
	if (s->n++)
		buf_addc(b, '\n');
	buf_adds(b, "Message ");
	esc_term(b, m->message_id ? m->message_id : "(no Message-ID)");
	buf_addc(b, '\n');
	line(b, "sha256", m->sha256);
	snprintf(tmp, sizeof tmp, "%s/", s->cfg->storage.archive);
	buf_printf(b, "  %-15s %s", "archive", tmp);
	esc_term(b, m->archive_path);
	buf_addc(b, '\n');
	if (m->file)
		line(b, "imported from", m->file);
	line(b, "from", m->from);
	line(b, "subject", m->subject);
	line(b, "date", m->date);
	line(b, "filed at", m->filed_at);
	line(b, "kind", m->kind);
	line(b, "campaign", m->campaign);
	snprintf(tmp, sizeof tmp, "%s%s%s%s", m->agency ? m->agency : "unassigned",
	         m->agency_by ? " (by " : "", m->agency_by ? m->agency_by : "", m->agency_by ? ")" : "");
	line(b, "agency", tmp);
	if (m->forwarded_from)
		line(b, "forwarded from", m->forwarded_from);
	if (m->is_reply && (m->reply_agency ? !m->agency || strcmp(m->agency, m->reply_agency)
	                                    : m->agency != NULL))
		line(b, "filed under", m->reply_agency ? m->reply_agency : "unassigned");
	line(b, "source", m->source);
	if (m->duplicate_of)
		snprintf(tmp, sizeof tmp, "%s (of %.12s)", m->status, m->duplicate_of);
	else if (m->superseded_by)
		snprintf(tmp, sizeof tmp, "%s (by %.12s)", m->status, m->superseded_by);
	else if (m->not_reply)
		snprintf(tmp, sizeof tmp, "%s (a person marked it as not a reply: it counts for "
		         "nothing)", m->status);
	else if (m->is_reply && !strcmp(m->status, "not_counted"))
		snprintf(tmp, sizeof tmp, "%s (held back until a person confirms it with "
		         "`ykien assign` or `ykien set`)", m->status);
	else
		snprintf(tmp, sizeof tmp, "%s", m->status);
	line(b, "status", tmp);
	if (m->is_reply && m->reply_agency)
		line(b, "sender", m->registered ? "a registered address of the agency"
		                           : m->confirmed ? "not a registered address; confirmed by a "
		                                            "person"
		                                          : "not a registered address of the agency");
	if (is_question(m))
		line(b, "needs answer", m->pending_review ? "yes" : "answered");
	else
		line(b, "needs review", m->pending_review ? "yes" : m->needs_review ? "done" : "no");
	if (m->reasons)
		line(b, "reasons", m->reasons);
	if (m->is_reply) {
		buf_adds(b, "Extracted answers\n");
		if ((rc = store_each_answer(s->st, NULL, m->sha256, on_answer_line, s, s->err)))
			return rc;
	}
	if (m->n_corrections) {
		buf_adds(b, "Corrections (the report uses the latest of each field)\n");
		if ((rc = store_each_correction(s->st, NULL, m->sha256, on_correction_line, s,
		                                s->err)))
			return rc;
	}
	buf_adds(b, "Assignments\n");
	before = b->len;
	if ((rc = store_each_assignment(s->st, NULL, m->sha256, on_assignment_line, s, s->err)))
		return rc;
	if (b->len == before)
		buf_adds(b, "  none\n");
	return 0;
}

struct history {
	struct buf *out;
	size_t n;
};

static int
on_history(void *ctx, const struct store_msg_info *m)
{
	struct history *h = ctx;

	h->n++;
	buf_printf(h->out, "  %-20s %.12s  %-12s %-11s %-24s ",
	                    m->received_at ? m->received_at : "-", m->sha256,
	                    m->campaign ? m->campaign : "-", m->status,
	                    m->choice ? m->choice : "-");
	esc_term(h->out, m->archive_path);
	buf_addc(h->out, '\n');
	return 0;
}

int
review_show(const struct yk_config *cfg, struct store *st, const char *ref, struct buf *out,
            struct yk_err *err)
{
	const struct yk_agency *a = config_agency(cfg, ref);
	struct store_msg_filter f;
	struct show s = { .cfg = cfg, .st = st, .out = out, .err = err };
	char tmp[1024];

	if (a) {
		struct history h = { .out = out };
		memset(&f, 0, sizeof f);
		f.agency = a->code;
		buf_printf(out, "Agency %s — %s%s%s%s\n", a->code, a->name, a->group ? " (" : "",
		                   a->group ? a->group : "", a->group ? ")" : "");
		buf_printf(out, "  %-20s %-12s  %-12s %-11s %-24s %s\n", "SENT", "SHA256",
		                   "CAMPAIGN", "STATUS", "CHOICE", "ARCHIVE");
		if (store_each_message(st, &f, on_history, &h, err))
			return err->code;
		if (!h.n)
			buf_adds(out, "  no reply filed\n");
		if (buf_status(out))
			return yk_err_set(err, YK_ENOMEM, "out of memory");
		/* then the replies that count, in full */
		s.only_effective = true;
		s.n = 1; /* a blank line before each */
		if (store_each_message(st, &f, on_show, &s, err))
			return err->code;
		return buf_status(out) ? yk_err_set(err, YK_ENOMEM, "out of memory") : 0;
	}
	if (ref_filter(cfg, ref, &f, tmp, sizeof tmp, err))
		return err->code;
	if (store_each_message(st, &f, on_show, &s, err))
		return err->code;
	if (buf_status(out))
		return yk_err_set(err, YK_ENOMEM, "out of memory");
	if (!s.n)
		return yk_err_set(err, YK_ENOTFOUND, "%s: no agency code, and no filed message has "
		                  "this Message-ID, sha256 prefix or archive path", ref);
	return 0;
}

/* ---- assign and set ------------------------------------------------------ */

struct assignment {
	const char *sha, *agency, *who, *at;
};

static int
assign_tx(struct store *st, void *ctx, struct yk_err *err)
{
	const struct assignment *x = ctx;

	return store_assign(st, x->sha, x->agency, x->who, x->at, err);
}

int
review_assign(const struct yk_config *cfg, struct store *st, const char *ref,
              const char *agency, const char *who, const char *at, struct buf *out,
              struct yk_err *err)
{
	const struct yk_agency *a = config_agency(cfg, agency);
	struct one o;
	int rc;

	if (!a)
		return yk_err_set(err, YK_EINVAL, "%s: no agency with this code in %s", agency,
		                  cfg->path ? cfg->path : "the configuration");
	if ((rc = resolve_one(cfg, st, ref, &o, err)))
		goto out;
	if (!o.is_reply) {
		rc = yk_err_set(err, YK_EINVAL, "%.12s is not a form reply to a campaign; only replies "
		                "are filed under an agency", o.sha);
		goto out;
	}
	{
		struct assignment x = { .sha = o.sha, .agency = a->code, .who = who, .at = at };
		if ((rc = store_tx(st, assign_tx, &x, err)))
			goto out;
	}
	if (buf_printf(out, "%.12s filed under %s (%s) by %s at %s\n", o.sha, a->code, a->name, who,
	               at))
		rc = yk_err_set(err, YK_ENOMEM, "out of memory");
out:
	one_free(&o);
	return rc;
}

/* The corrections of one `ykien set`: checked all first (RECORD false),
 * then recorded all in one transaction, or none. */
struct setting {
	const struct yk_campaign *cp;
	const char *sha;
	char *const *pairs;
	size_t n_pairs;
	const char *who, *at;
	struct buf *out;
	struct buf value;
	bool record;
};

static int
set_pairs(struct store *st, void *ctx, struct yk_err *err)
{
	struct setting *x = ctx;
	int rc = 0;

	for (size_t i = 0; i < x->n_pairs && !rc; i++) {
		const char *pair = x->pairs[i], *eq = strchr(pair, '=');
		char field[128], why[512];
		size_t sec;
		bool is_choice;
		uint32_t choices;

		if (!eq || eq == pair || (size_t)(eq - pair) >= sizeof field)
			return yk_err_set(err, YK_EINVAL, "%s: expected FIELD=VALUE", pair);
		memcpy(field, pair, (size_t)(eq - pair));
		field[eq - pair] = '\0';
		if (!strcmp(field, "not_reply"))
			return yk_err_set(err, YK_EINVAL, "not_reply=yes is said alone: the message is "
			                  "then no reply, and there is nothing to correct");
		if (summary_parse_correction(x->cp->form, field, eq + 1, &sec, &is_choice, &choices,
		                             why, sizeof why))
			return yk_err_set(err, YK_EINVAL, "%s", why);
		if (!x->record)
			continue;
		buf_reset(&x->value);
		/* choices are recorded in one spelling: ids joined by '+' */
		if (is_choice && (choices ? summary_choice_ids(&x->cp->form->sections[sec], choices,
		                                               &x->value)
		                          : buf_adds(&x->value, "none")))
			return yk_err_set(err, YK_ENOMEM, "out of memory");
		{
			struct store_correction c = { .sha256 = x->sha, .field = field,
				                      .value = is_choice ? x->value.data : eq + 1,
				                      .who = x->who, .at = x->at };
			rc = store_correction_add(st, &c, err);
		}
		if (!rc && (buf_printf(x->out, "%.12s: %s = ", x->sha, field) ||
		            esc_term(x->out, is_choice ? x->value.data : eq + 1) ||
		            buf_addc(x->out, '\n')))
			rc = yk_err_set(err, YK_ENOMEM, "out of memory");
	}
	/* a person who looked at the reply closely enough to correct it (or
	 * to say it is reviewed) vouches for it: held back until now, it
	 * counts from now on */
	if (!rc && x->record)
		rc = store_confirm(st, x->sha, err);
	return rc;
}

struct answered {
	const char *sha, *who, *at;
};

static int
answered_tx(struct store *st, void *ctx, struct yk_err *err)
{
	const struct answered *x = ctx;
	struct store_correction c = { .sha256 = x->sha, .field = "answered", .value = "yes",
		                      .who = x->who, .at = x->at };

	return store_correction_add(st, &c, err);
}

/* A question has no answers to correct: the one thing a person records of
 * it is that the office has answered it ("answered=yes"; "reviewed=yes"
 * says the same), kept beside it like a correction, so it leaves the
 * review list (SQL_PENDING_REVIEW).  It is not a reply and counts for
 * nothing. */
static int
set_answered(struct store *st, const char *sha, char *const *pairs, size_t n_pairs,
             const char *who, const char *at, struct buf *out, struct yk_err *err)
{
	struct answered x = { .sha = sha, .who = who, .at = at };

	if (n_pairs != 1 || (strcmp(pairs[0], "answered=yes") && strcmp(pairs[0], "reviewed=yes")))
		return yk_err_set(err, YK_EINVAL, "%.12s is a question about the campaign, not a "
		                  "reply: the only setting is answered=yes", sha);
	if (store_tx(st, answered_tx, &x, err))
		return err->code;
	if (buf_printf(out, "%.12s: answered = yes, recorded by %s at %s\n", sha, who, at))
		return yk_err_set(err, YK_ENOMEM, "out of memory");
	return 0;
}

/* A mark of a whole message, "not_reply=yes" or "reviewed=yes", kept as a
 * correction. */
struct mark {
	const char *sha, *field, *who, *at;
	bool is_reply;
};

static int
mark_tx(struct store *st, void *ctx, struct yk_err *err)
{
	const struct mark *x = ctx;
	struct store_correction c = { .sha256 = x->sha, .field = x->field, .value = "yes",
		                      .who = x->who, .at = x->at };
	int rc = store_correction_add(st, &c, err);

	/* the correction first: the agency's replies are decided again
	 * without the message it marks */
	if (!rc && x->is_reply && !strcmp(x->field, "not_reply"))
		rc = store_not_reply(st, x->sha, err);
	return rc;
}

/* "not_reply=yes" of any message: it counts for nothing, needs no review;
 * an earlier reply of its agency counts again.  "reviewed=yes" of a
 * message that is no reply to a campaign of the configuration (a form
 * reply whose campaign was not recognised): it needs no review. */
static int
set_mark(struct store *st, const struct one *o, const char *field, const char *who,
         const char *at, struct buf *out, struct yk_err *err)
{
	struct mark x = { .sha = o->sha, .field = field, .who = who, .at = at,
		          .is_reply = o->is_reply };
	bool not_reply = !strcmp(field, "not_reply");

	if (store_tx(st, mark_tx, &x, err))
		return err->code;
	if (buf_printf(out, "%.12s: %s, recorded by %s at %s\n", o->sha,
	               not_reply ? "not a reply: it counts for nothing" : "reviewed", who, at))
		return yk_err_set(err, YK_ENOMEM, "out of memory");
	return 0;
}

int
review_set(const struct yk_config *cfg, struct store *st, const char *ref, char *const *pairs,
           size_t n_pairs, const char *who, const char *at, struct buf *out, struct yk_err *err)
{
	struct setting x = { .pairs = pairs, .n_pairs = n_pairs, .who = who, .at = at, .out = out };
	struct one o;
	int rc;

	if (n_pairs == 0 || n_pairs > REVIEW_MAX_FIELDS)
		return yk_err_set(err, YK_EINVAL, "expected 1 to %d FIELD=VALUE pairs",
		                  REVIEW_MAX_FIELDS);
	if ((rc = resolve_one(cfg, st, ref, &o, err)))
		goto done;
	if (n_pairs == 1 && !strncmp(pairs[0], "not_reply=", 10)) {
		rc = strcmp(pairs[0] + 10, "yes")
		             ? yk_err_set(err, YK_EINVAL, "not_reply: the only value is \"yes\"")
		             : set_mark(st, &o, "not_reply", who, at, out, err);
		goto done;
	}
	if (o.question) {
		rc = set_answered(st, o.sha, pairs, n_pairs, who, at, out, err);
		goto done;
	}
	if (!o.is_reply || !o.campaign || !(x.cp = config_campaign(cfg, o.campaign))) {
		if (n_pairs == 1 && !strcmp(pairs[0], "reviewed=yes")) {
			rc = set_mark(st, &o, "reviewed", who, at, out, err);
			goto done;
		}
		rc = yk_err_set(err, YK_EINVAL, "%.12s is not a form reply to a campaign of this "
		                "configuration; there are no answers to correct", o.sha);
		goto done;
	}
	x.sha = o.sha;
	buf_init(&x.value, SUMMARY_MAX_CORRECTION + 1);
	/* check every pair before recording any: all or none */
	rc = set_pairs(st, &x, err);
	if (!rc) {
		x.record = true;
		rc = store_tx(st, set_pairs, &x, err);
	}
	buf_free(&x.value);
	if (!rc && buf_printf(out, "recorded by %s at %s, beside the extracted values\n", who, at))
		rc = yk_err_set(err, YK_ENOMEM, "out of memory");
done:
	one_free(&o);
	return rc;
}
