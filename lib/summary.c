/*
 * summary — gathering one campaign from the database, then pure counting.
 * A person's corrections are applied over the extracted answers here, and
 * only here, so every output uses them the same way.
 */
#include "summary.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "isotime.h"

struct load {
	struct summary *s;
	size_t *row_of;      /* configuration agency index -> row, SIZE_MAX: not asked */
	int rc;              /* first allocation failure */
};

static char *
dup_or_null(const char *v, int *rc)
{
	char *p;

	if (!v)
		return NULL;
	if (!(p = strdup(v)))
		*rc = YK_ENOMEM;
	return p;
}

static struct summary_row *
row_by_code(struct load *l, const char *code)
{
	const struct yk_agency *a = code ? config_agency(l->s->cfg, code) : NULL;
	size_t i;

	if (!a)
		return NULL; /* unassigned, or an agency removed from the config since */
	i = l->row_of[config_agency_index(l->s->cfg, a)];
	return i == SIZE_MAX ? NULL : &l->s->rows[i];
}

static struct summary_row *
row_by_sha(struct load *l, const char *sha)
{
	for (size_t i = 0; i < l->s->n_rows; i++)
		if (l->s->rows[i].sha256 && sha && !strcmp(l->s->rows[i].sha256, sha))
			return &l->s->rows[i];
	return NULL;
}

static int
on_message(void *ctx, const struct store_msg_info *m)
{
	struct load *l = ctx;
	struct summary *s = l->s;
	struct summary_row *row;

	if (m->not_reply)
		return 0; /* a person said it is no reply: it counts for nothing */
	if (m->is_reply && m->reply_agency && (row = row_by_code(l, m->reply_agency))) {
		row->n_replies++;
		if (!strcmp(m->status, "not_counted"))
			row->awaiting = true;
	}
	if (m->is_reply && !strcmp(m->status, "effective")) {
		if (!m->reply_agency) {
			s->t.unassigned++;
		} else if ((row = row_by_code(l, m->reply_agency))) {
			row->replied = true;
			row->needs_review = m->pending_review;
			row->unverified = m->unverified;
			row->unregistered = !m->registered && !m->confirmed;
			free(row->received_at);
			free(row->filed_at);
			free(row->sha256);
			free(row->archive_path);
			free(row->message_id);
			free(row->from);
			row->received_at = dup_or_null(m->received_at ? m->received_at : m->filed_at, &l->rc);
			row->filed_at = dup_or_null(m->filed_at, &l->rc);
			row->sha256 = dup_or_null(m->sha256, &l->rc);
			row->archive_path = dup_or_null(m->archive_path, &l->rc);
			row->message_id = dup_or_null(m->message_id, &l->rc);
			row->from = dup_or_null(m->from, &l->rc);
			row->late = summary_is_late(row->received_at, s->cp->deadline);
			if (!row->answers) {
				row->answers = calloc(s->cp->form->n_sections ? s->cp->form->n_sections : 1,
				                      sizeof *row->answers);
				if (!row->answers)
					l->rc = YK_ENOMEM;
			}
		}
	}
	if (m->pending_review) {
		struct summary_review *v = realloc(s->reviews, (s->n_reviews + 1) * sizeof *v), *r;
		if (!v)
			return l->rc = YK_ENOMEM;
		s->reviews = v;
		r = &v[s->n_reviews++];
		memset(r, 0, sizeof *r);
		r->sha256 = dup_or_null(m->sha256, &l->rc);
		r->agency = dup_or_null(m->is_reply ? m->reply_agency : m->agency, &l->rc);
		r->archive_path = dup_or_null(m->archive_path, &l->rc);
		r->from = dup_or_null(m->from, &l->rc);
		r->subject = dup_or_null(m->subject, &l->rc);
		r->reasons = dup_or_null(m->reasons, &l->rc);
		r->question = m->kind && !strcmp(m->kind, "question");
		r->arrived = dup_or_null(m->received_at ? m->received_at : m->filed_at, &l->rc);
	}
	return l->rc;
}

static size_t
section_index(const struct yk_form *f, const char *id)
{
	for (size_t i = 0; id && i < f->n_sections; i++)
		if (!strcmp(f->sections[i].id, id))
			return i;
	return SIZE_MAX;
}

/* Option ids separated by SEPS into a bitmask; -1 on an unknown id. */
static int
parse_choices(const struct yk_section *sec, const char *v, const char *seps, uint32_t *out)
{
	*out = 0;
	while (v && *v) {
		size_t n = strcspn(v, seps), k;
		if (n) {
			for (k = 0; k < sec->n_options; k++)
				if (strlen(sec->options[k].id) == n && !strncmp(sec->options[k].id, v, n))
					break;
			if (k == sec->n_options)
				return -1;
			*out |= (uint32_t)1 << k;
		}
		v += n;
		v += strspn(v, seps);
	}
	return 0;
}

static int
on_answer(void *ctx, const struct store_answer *a)
{
	struct load *l = ctx;
	struct summary_row *row = row_by_sha(l, a->sha256);

	if (!row || !row->answers)
		return 0;
	if (summary_answer_extracted(l->s->cp->form, row->answers, a->section, a->text, a->choices))
		l->rc = YK_ENOMEM;
	return l->rc;
}

/* The last person to correct or assign ROW's reply, by time (the same
 * second: the one recorded later). */
static void
note_person(struct load *l, struct summary_row *row, const char *who, const char *at)
{
	if (row->corrected_at && at && strcmp(at, row->corrected_at) < 0)
		return;
	free(row->corrected_by);
	free(row->corrected_at);
	row->corrected_by = dup_or_null(who, &l->rc);
	row->corrected_at = dup_or_null(at, &l->rc);
}

/* Appends C to the corrections the report lists, under FIELD; the list
 * stays in the order made (an assignment is read before the corrections,
 * but made at its own time). */
static int
add_correction(struct load *l, const struct summary_row *row, const char *field,
               const struct store_correction *c)
{
	struct summary *s = l->s;
	struct summary_correction *v, k;
	size_t i;

	if (!(v = realloc(s->corrections, (s->n_corrections + 1) * sizeof *v)))
		return l->rc = YK_ENOMEM;
	s->corrections = v;
	k.agency = row->agency;
	k.field = dup_or_null(field, &l->rc);
	k.value = dup_or_null(c->value, &l->rc);
	k.who = dup_or_null(c->who, &l->rc);
	k.at = dup_or_null(c->at, &l->rc);
	for (i = s->n_corrections; i > 0 && v[i - 1].at && k.at && strcmp(v[i - 1].at, k.at) > 0; i--)
		v[i] = v[i - 1];
	v[i] = k;
	s->n_corrections++;
	return l->rc;
}

static int
on_correction(void *ctx, const struct store_correction *c)
{
	struct load *l = ctx;
	struct summary *s = l->s;
	struct summary_row *row = row_by_sha(l, c->sha256);
	bool changed;
	int rc;

	if (!row || !row->answers)
		return 0; /* a correction of a reply that does not count */
	if ((rc = summary_answer_correct(s->cp->form, row->answers, c->field, c->value, &changed)))
		return rc == 1 ? 0 : (l->rc = rc); /* 1: the form changed since */
	note_person(l, row, c->who, c->at);
	return add_correction(l, row, c->field, c);
}

/* An assignment (field: the agency before, value: after) of a reply that
 * counts under the agency it was filed under: who filed it there, and
 * when, are shown as a correction's are. */
static int
on_assignment(void *ctx, const struct store_correction *c)
{
	struct load *l = ctx;
	struct summary_row *row = row_by_sha(l, c->sha256);

	if (!row || !row->answers || strcmp(c->value, row->agency->code))
		return 0;
	row->assigned = true;
	note_person(l, row, c->who, c->at);
	return add_correction(l, row, SUMMARY_FIELD_AGENCY, c);
}

static int
on_reminder(void *ctx, const struct store_reminder *r)
{
	struct load *l = ctx;
	struct summary_row *row = row_by_code(l, r->agency);

	if (row && !strcmp(r->state, "sent"))
		row->reminders_sent++;
	return 0;
}

/* Does ADDRESS (lower case) belong to agency A ("user@host" or "@domain")? */
static bool
agency_has_address(const struct yk_agency *a, const char *address)
{
	size_t n = strlen(address);

	for (size_t i = 0; i < a->n_emails; i++) {
		const char *e = a->emails[i];
		size_t m = strlen(e);
		if (e[0] == '@' ? n > m && !strcmp(address + n - m, e) : !strcmp(address, e))
			return true;
	}
	return false;
}

static int
on_bouncing(void *ctx, const char *address)
{
	struct load *l = ctx;

	for (size_t i = 0; i < l->s->n_rows; i++)
		if (agency_has_address(l->s->rows[i].agency, address))
			l->s->rows[i].bouncing = true;
	return 0;
}

int
summary_load(const struct yk_config *cfg, const struct yk_campaign *cp, struct store *st,
             struct summary **out, struct yk_err *err)
{
	struct store_msg_filter f = { .campaign = cp->id };
	struct load l = { 0 };
	struct summary *s;
	int rc;

	*out = NULL;
	if (!(s = calloc(1, sizeof *s)))
		return yk_err_set(err, YK_ENOMEM, "out of memory");
	s->cfg = cfg;
	s->cp = cp;
	l.s = s;
	s->rows = calloc(cfg->n_agencies ? cfg->n_agencies : 1, sizeof *s->rows);
	l.row_of = calloc(cfg->n_agencies ? cfg->n_agencies : 1, sizeof *l.row_of);
	if (!s->rows || !l.row_of) {
		rc = yk_err_set(err, YK_ENOMEM, "out of memory");
		goto fail;
	}
	for (size_t i = 0; i < cfg->n_agencies; i++) {
		l.row_of[i] = SIZE_MAX;
		if (config_campaign_expects(cp, i)) {
			l.row_of[i] = s->n_rows;
			s->rows[s->n_rows++].agency = &cfg->agencies[i];
		}
	}
	rc = store_each_message(st, &f, on_message, &l, err);
	rc = rc ? rc : store_each_answer(st, cp->id, NULL, on_answer, &l, err);
	/* assignments before corrections: of the same second, the person
	 * named is the one who corrected (a person assigns, then corrects) */
	rc = rc ? rc : store_each_assignment(st, cp->id, NULL, on_assignment, &l, err);
	rc = rc ? rc : store_each_correction(st, cp->id, NULL, on_correction, &l, err);
	rc = rc ? rc : store_reminder_each(st, cp->id, on_reminder, &l, err);
	rc = rc ? rc : store_bouncing_each(st, on_bouncing, &l, err);
	/* a callback's YK_ENOMEM comes back without a message */
	if (l.rc)
		rc = yk_err_set(err, YK_ENOMEM, "out of memory");
	if (rc)
		goto fail;
	summary_count(s);
	free(l.row_of);
	*out = s;
	return 0;
fail:
	free(l.row_of);
	summary_free(s);
	return rc;
}

void
summary_free(struct summary *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->n_rows; i++) {
		struct summary_row *r = &s->rows[i];
		if (r->answers)
			summary_answers_free(r->answers, s->cp->form->n_sections);
		free(r->answers);
		free(r->received_at);
		free(r->filed_at);
		free(r->sha256);
		free(r->archive_path);
		free(r->message_id);
		free(r->from);
		free(r->corrected_by);
		free(r->corrected_at);
	}
	free(s->rows);
	for (size_t i = 0; i < s->n_reviews; i++) {
		free(s->reviews[i].sha256);
		free(s->reviews[i].agency);
		free(s->reviews[i].archive_path);
		free(s->reviews[i].from);
		free(s->reviews[i].subject);
		free(s->reviews[i].reasons);
		free(s->reviews[i].arrived);
	}
	free(s->reviews);
	for (size_t i = 0; i < s->n_corrections; i++) {
		free(s->corrections[i].field);
		free(s->corrections[i].value);
		free(s->corrections[i].who);
		free(s->corrections[i].at);
	}
	free(s->corrections);
	free(s);
}

/* ---- pure ---------------------------------------------------------------- */

void
summary_count(struct summary *s)
{
	size_t unassigned = s->t.unassigned;

	memset(&s->t, 0, sizeof s->t);
	s->t.unassigned = unassigned;
	s->t.asked = s->n_rows;
	for (size_t i = 0; i < s->n_rows; i++) {
		const struct summary_row *r = &s->rows[i];
		if (r->awaiting)
			s->t.awaiting++;
		if (!r->replied)
			continue;
		s->t.replied++;
		if (r->late)
			s->t.late++;
		if (r->corrected_by)
			s->t.corrected++;
		if (r->unverified)
			s->t.unverified++;
		if (r->unregistered)
			s->t.unregistered++;
	}
	s->t.on_time = s->t.replied - s->t.late;
	s->t.missing = s->t.asked - s->t.replied;
	s->t.review = s->n_reviews;
	s->t.questions = 0;
	for (size_t i = 0; i < s->n_reviews; i++)
		s->t.questions += s->reviews[i].question;
}

size_t
summary_tally(const struct summary *s, size_t section, size_t *counts, size_t *none)
{
	const struct yk_section *sec = &s->cp->form->sections[section];
	size_t base = 0;

	memset(counts, 0, sec->n_options * sizeof *counts);
	*none = 0;
	for (size_t i = 0; i < s->n_rows; i++) {
		const struct summary_row *r = &s->rows[i];
		uint32_t c;
		if (!r->replied || !r->answers)
			continue;
		base++;
		c = r->answers[section].choices;
		if (!c)
			(*none)++;
		for (size_t k = 0; k < sec->n_options; k++)
			if (c & ((uint32_t)1 << k))
				counts[k]++;
	}
	return base;
}

unsigned
summary_permille(size_t n, size_t total)
{
	if (!total)
		return 0;
	return (unsigned)((n * 2000 + total) / (2 * total));
}

int
summary_fmt_percent(struct buf *out, unsigned permille, char decimal)
{
	if (decimal == ',')
		return buf_printf(out, "%u,%u %%", permille / 10, permille % 10);
	return buf_printf(out, "%u.%u%%", permille / 10, permille % 10);
}

bool
summary_is_late(const char *iso, time_t deadline)
{
	time_t t;

	return iso && isotime_parse(iso, &t) == 0 && t > deadline;
}

int
summary_parse_correction(const struct yk_form *form, const char *field, const char *value,
                         size_t *section, bool *is_choice, uint32_t *choices, char *why,
                         size_t why_len)
{
	const char *dot = strchr(field, '.');
	size_t flen = dot ? (size_t)(dot - field) : strlen(field);
	size_t i;

	*section = SIZE_MAX;
	*is_choice = false;
	*choices = 0;
	if (strlen(value) > SUMMARY_MAX_CORRECTION) {
		snprintf(why, why_len, "%s: longer than %d bytes", field, SUMMARY_MAX_CORRECTION);
		return YK_ELIMIT;
	}
	if (!strcmp(field, "reviewed") || !strcmp(field, "not_reply")) {
		if (strcmp(value, "yes")) {
			snprintf(why, why_len, "%s: the only value is \"yes\"", field);
			return YK_EINVAL;
		}
		return 0;
	}
	for (i = 0; i < form->n_sections; i++)
		if (strlen(form->sections[i].id) == flen && !strncmp(form->sections[i].id, field, flen))
			break;
	if (i == form->n_sections) {
		snprintf(why, why_len, "%s: not a section of form %s (expected one of its section ids, "
		         "SECTION.text, reviewed or not_reply)", field, form->id);
		return YK_EINVAL;
	}
	*section = i;
	if (dot) {
		if (strcmp(dot, ".text") || !form->sections[i].n_options) {
			snprintf(why, why_len, "%s: only a choice section has a .text part", field);
			return YK_EINVAL;
		}
		return 0;
	}
	if (!form->sections[i].n_options)
		return 0;
	*is_choice = true;
	if (!strcmp(value, "none") || !strcmp(value, "-"))
		return 0;
	if (parse_choices(&form->sections[i], value, "+, ", choices)) {
		size_t n = 0;
		n += (size_t)snprintf(why, why_len, "%s=%s: expected option ids among", field, value);
		for (size_t k = 0; k < form->sections[i].n_options && n < why_len; k++)
			n += (size_t)snprintf(why + n, why_len - n, " %s", form->sections[i].options[k].id);
		if (n < why_len)
			snprintf(why + n, why_len - n, " (joined by +), or none");
		return YK_EINVAL;
	}
	return 0;
}

int
summary_choice_ids(const struct yk_section *sec, uint32_t choices, struct buf *out)
{
	bool first = true;

	for (size_t k = 0; k < sec->n_options; k++) {
		if (!(choices & ((uint32_t)1 << k)))
			continue;
		buf_printf(out, "%s%s", first ? "" : "+", sec->options[k].id);
		first = false;
	}
	if (first)
		buf_adds(out, "-");
	return buf_status(out);
}

int
summary_answer_extracted(const struct yk_form *form, struct summary_answer *answers,
                         const char *section, const char *text, const char *choices)
{
	size_t i = section_index(form, section);
	struct summary_answer *ans;

	if (i == SIZE_MAX)
		return 0; /* a section removed from the config since */
	ans = &answers[i];
	free(ans->text);
	ans->text = NULL;
	if (text && *text && !(ans->text = strdup(text)))
		return YK_ENOMEM;
	if (choices && parse_choices(&form->sections[i], choices, " ", &ans->choices))
		ans->choices = 0; /* an option removed from the config since */
	return 0;
}

int
summary_answer_correct(const struct yk_form *form, struct summary_answer *answers,
                       const char *field, const char *value, bool *changed)
{
	struct summary_answer *ans;
	size_t sec;
	bool is_choice;
	uint32_t choices;
	char why[160];

	*changed = false;
	if (summary_parse_correction(form, field, value, &sec, &is_choice, &choices, why,
	                             sizeof why))
		return 1; /* the form changed since: the correction no longer applies */
	if (sec == SIZE_MAX)
		return 0; /* reviewed, not_reply: no answer changes */
	ans = &answers[sec];
	*changed = true;
	if (is_choice) {
		ans->choices = choices;
		ans->choices_corrected = true;
		return 0;
	}
	free(ans->text);
	ans->text = NULL;
	ans->text_corrected = true;
	if (*value && !(ans->text = strdup(value)))
		return YK_ENOMEM;
	return 0;
}

void
summary_answers_free(struct summary_answer *answers, size_t n_sections)
{
	for (size_t k = 0; answers && k < n_sections; k++) {
		free(answers[k].text);
		answers[k].text = NULL;
	}
}
