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

/* The last person by time (the same second: the one recorded later). */
static int
note(struct export_work *w, const char *who, const char *at)
{
	char *a, *b;

	if (w->at && at && strcmp(at, w->at) < 0)
		return 0;
	a = strdup(who ? who : "");
	b = strdup(at ? at : "");
	if (!a || !b) {
		free(a);
		free(b);
		return YK_ENOMEM;
	}
	free(w->who);
	free(w->at);
	w->who = a;
	w->at = b;
	return 0;
}

static int
on_answer(void *ctx, const struct store_answer *a)
{
	struct export_work *w = ctx;

	return summary_answer_extracted(w->form, w->answers, a->section, a->text, a->choices);
}

static int
on_correction(void *ctx, const struct store_correction *c)
{
	struct export_work *w = ctx;
	bool changed = false;

	if (w->form) {
		int rc = summary_answer_correct(w->form, w->answers, c->field, c->value, &changed);
		if (rc == 1)
			return 0; /* the form changed since: it no longer applies, as in the report */
		if (rc)
			return rc;
		w->answers_changed |= changed;
	}
	w->n_changes++;
	return note(w, c->who, c->at);
}

static int
on_assignment(void *ctx, const struct store_correction *c)
{
	struct export_work *w = ctx;

	w->assigned = true;
	w->n_changes++;
	return note(w, c->who, c->at);
}

int
export_work_load(const struct yk_config *cfg, struct store *st, const char *sha256,
                 const char *campaign, bool is_reply, struct export_work *w, struct yk_err *err)
{
	const struct yk_campaign *cp = campaign ? config_campaign(cfg, campaign) : NULL;
	int rc = 0;

	memset(w, 0, sizeof *w);
	if (is_reply && cp) {
		w->form = cp->form;
		if (!(w->answers = calloc(cp->form->n_sections ? cp->form->n_sections : 1,
		                          sizeof *w->answers)))
			return yk_err_set(err, YK_ENOMEM, "out of memory");
		rc = store_each_answer(st, NULL, sha256, on_answer, w, err);
	}
	/* assignments first, as lib/summary.c: of the same second, the person
	 * named is the one who corrected */
	if (!rc && is_reply)
		rc = store_each_assignment(st, NULL, sha256, on_assignment, w, err);
	if (!rc)
		rc = store_each_correction(st, NULL, sha256, on_correction, w, err);
	if (rc == YK_ENOMEM)
		rc = yk_err_set(err, YK_ENOMEM, "out of memory");
	if (rc)
		export_work_free(w);
	return rc;
}

void
export_work_free(struct export_work *w)
{
	if (w->answers && w->form)
		summary_answers_free(w->answers, w->form->n_sections);
	free(w->answers);
	free(w->who);
	free(w->at);
	memset(w, 0, sizeof *w);
}

int
export_line(const struct yk_config *cfg, struct store *st, const struct store_export *e,
            struct buf *out, struct yk_err *err)
{
	struct export_view v = { .e = e, .agency = e->agency_x, .agency_by = e->agency_by_x };
	struct export_work w = { 0 };
	int rc = 0;

	/* no one touched it (most messages): as extracted, without a query */
	if ((e->n_corrections || e->n_assignments) &&
	    (rc = export_work_load(cfg, st, e->sha256, e->campaign_id, e->is_reply, &w, err)))
		return rc;
	if (w.assigned) {
		v.agency = e->reply_agency;
		v.agency_by = "person";
	}
	if (w.answers_changed) {
		v.form = w.form;
		v.answers = w.answers;
	}
	v.changed = w.assigned || w.answers_changed;
	if (w.who) {
		const char *name = config_clerk_name(cfg, w.who);
		v.corrected_by = name ? name : w.who;
		v.corrected_at = w.at;
	}
	if (export_format(&v, out))
		rc = yk_err_set(err, YK_ENOMEM, "out of memory");
	export_work_free(&w);
	return rc;
}
