/*
 * export — a filed message's line of `ykien export --json`, with a
 * person's work applied the way lib/summary.c applies it for the report.
 */
#include "export.h"

#include <stdlib.h>
#include <string.h>

#include "json.h"

int
export_answers_json(const struct yk_form *form, const struct summary_answer *answers,
                    struct buf *out)
{
	buf_addc(out, '{');
	for (size_t s = 0; form && s < form->n_sections; s++) {
		const struct yk_section *sec = &form->sections[s];
		const struct summary_answer *a = &answers[s];

		if (s)
			buf_addc(out, ',');
		json_key(out, sec->id);
		if (sec->n_options == 0) {
			json_str(out, a->text);
			continue;
		}
		buf_addc(out, '{');
		json_key(out, "choices");
		buf_addc(out, '[');
		for (size_t o = 0, k = 0; o < sec->n_options && o < CONFIG_MAX_OPTIONS; o++) {
			if (!(a->choices & ((uint32_t)1 << o)))
				continue;
			if (k++)
				buf_addc(out, ',');
			json_str(out, sec->options[o].id);
		}
		buf_adds(out, "],");
		json_key(out, "text");
		json_str(out, a->text);
		buf_addc(out, '}');
	}
	buf_addc(out, '}');
	return buf_status(out);
}

/* JSON text, or null. */
static void
raw_or_null(struct buf *out, const char *json)
{
	buf_adds(out, json ? json : "null");
}

int
export_format(const struct export_view *v, struct buf *out)
{
	const struct store_export *e = v->e;
	bool more = false;

	buf_addc(out, '{');
	json_member_str(out, &more, "file", e->file ? e->file : e->archive_path);
	/* the parse contract's other members, as extracted: an object's text
	 * from the store, written without its braces */
	if (e->members && strlen(e->members) > 2 && e->members[0] == '{') {
		buf_addc(out, ',');
		buf_add(out, e->members + 1, strlen(e->members) - 2);
	}
	json_member_str(out, &more, "agency", v->agency);
	json_member_str(out, &more, "agency_by", v->agency_by);
	json_member(out, &more, "answers");
	if (v->answers)
		export_answers_json(v->form, v->answers, out);
	else
		raw_or_null(out, e->answers_x);
	if (v->changed) {
		bool in = false;
		json_member(out, &more, "extracted");
		buf_addc(out, '{');
		json_member_str(out, &in, "agency", e->agency_x);
		json_member_str(out, &in, "agency_by", e->agency_by_x);
		json_member(out, &in, "answers");
		raw_or_null(out, e->answers_x);
		buf_addc(out, '}');
	}
	json_member_str(out, &more, "corrected_by", v->corrected_by);
	json_member_str(out, &more, "corrected_at", v->corrected_at);
	json_member_str(out, &more, "sha256", e->sha256);
	json_member_str(out, &more, "filed_at", e->filed_at);
	json_member_str(out, &more, "archive_path", e->archive_path);
	json_member_str(out, &more, "status", e->status);
	json_member_str(out, &more, "duplicate_of", e->duplicate_of);
	json_member_str(out, &more, "superseded_by", e->superseded_by);
	buf_adds(out, "}\n");
	return buf_status(out);
}

/* ---- reading a person's work -------------------------------------------- */

struct work {
	const struct yk_form *form;    /* a reply to a campaign of the configuration, else NULL */
	struct summary_answer *answers;
	bool answers_changed;
	char *who, *at;                /* the last person, and when */
	int rc;                        /* YK_ENOMEM */
};

/* The last person by time (the same second: the one recorded later). */
static void
note(struct work *w, const char *who, const char *at)
{
	char *a, *b;

	if (w->at && at && strcmp(at, w->at) < 0)
		return;
	a = strdup(who ? who : "");
	b = strdup(at ? at : "");
	if (!a || !b) {
		free(a);
		free(b);
		w->rc = YK_ENOMEM;
		return;
	}
	free(w->who);
	free(w->at);
	w->who = a;
	w->at = b;
}

static int
on_answer(void *ctx, const struct store_answer *a)
{
	struct work *w = ctx;

	if (summary_answer_extracted(w->form, w->answers, a->section, a->text, a->choices))
		w->rc = YK_ENOMEM;
	return w->rc;
}

static int
on_correction(void *ctx, const struct store_correction *c)
{
	struct work *w = ctx;
	bool changed = false;

	if (w->form) {
		int rc = summary_answer_correct(w->form, w->answers, c->field, c->value, &changed);
		if (rc == 1)
			return 0; /* the form changed since: it no longer applies, as in the report */
		if (rc)
			return w->rc = rc;
		w->answers_changed |= changed;
	}
	note(w, c->who, c->at);
	return w->rc;
}

static int
on_assignment(void *ctx, const struct store_correction *c)
{
	note(ctx, c->who, c->at);
	return ((struct work *)ctx)->rc;
}

int
export_line(const struct yk_config *cfg, struct store *st, const struct store_export *e,
            struct buf *out, struct yk_err *err)
{
	const struct yk_campaign *cp = e->campaign_id ? config_campaign(cfg, e->campaign_id) : NULL;
	struct export_view v = { .e = e, .agency = e->agency_x, .agency_by = e->agency_by_x };
	struct work w = { 0 };
	int rc = 0;

	if (!e->n_corrections && !e->n_assignments)
		goto write; /* no one touched it: as extracted */
	if (e->is_reply && cp && e->n_corrections) {
		w.form = cp->form;
		if (!(w.answers = calloc(cp->form->n_sections ? cp->form->n_sections : 1,
		                         sizeof *w.answers)))
			return yk_err_set(err, YK_ENOMEM, "out of memory");
		rc = store_each_answer(st, NULL, e->sha256, on_answer, &w, err);
	}
	/* assignments first, as lib/summary.c: of the same second, the person
	 * named is the one who corrected */
	if (!rc && e->n_assignments)
		rc = store_each_assignment(st, NULL, e->sha256, on_assignment, &w, err);
	if (!rc && e->n_corrections)
		rc = store_each_correction(st, NULL, e->sha256, on_correction, &w, err);
	if (w.rc)
		rc = yk_err_set(err, YK_ENOMEM, "out of memory");
	if (rc)
		goto out;
	if (e->is_reply && e->n_assignments) {
		v.agency = e->reply_agency;
		v.agency_by = "person";
	}
	if (w.answers_changed) {
		v.form = w.form;
		v.answers = w.answers;
	}
	v.changed = (e->is_reply && e->n_assignments) || w.answers_changed;
	if (w.who) {
		const char *name = config_clerk_name(cfg, w.who);
		v.corrected_by = name ? name : w.who;
		v.corrected_at = w.at;
	}
write:
	if (export_format(&v, out))
		rc = yk_err_set(err, YK_ENOMEM, "out of memory");
out:
	if (w.answers)
		summary_answers_free(w.answers, w.form->n_sections);
	free(w.answers);
	free(w.who);
	free(w.at);
	return rc;
}
