/*
 * webpage_review — what still needs a person (the review list of `ykien
 * review`), the action forms of a message, and the actions themselves:
 * assign (review_assign), correct an answer, confirm, not a reply
 * (review_set), each recorded with the clerk's login (lib/review.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "review.h"
#include "webpage_p.h"

/* ---- the action forms -------------------------------------------------- */

static void
form_open(const struct web_req *rq, struct buf *b, const char *cls, const char *sha,
          const char *action, bool back_message)
{
	webpage_tag(b, "<form class=\"", cls, "\" method=\"post\" action=\"/m/");
	webpage_pct(b, sha);
	webpage_tag(b, "/", action, "\">");
	webpage_csrf(rq, b);
	if (back_message)
		buf_adds(b, "<input type=\"hidden\" name=\"back\" value=\"message\">");
	buf_addc(b, '\n');
}

static void
assign_form(const struct web_req *rq, struct buf *b, const char *sha,
            const struct yk_campaign *cp, const char *agency, bool back)
{
	const struct webtext *t = webtext(rq->lang);
	const struct yk_config *cfg = rq->cfg;

	form_open(rq, b, "assign", sha, "assign", back);
	webpage_tag(b, "<label><span class=\"lbl\">", t->assign, "</span>");
	buf_adds(b, "<select name=\"agency\">\n<option value=\"\"></option>\n");
	for (size_t i = 0; i < cfg->n_agencies; i++) {
		const struct yk_agency *a = &cfg->agencies[i];
		/* the campaign's agencies when it is known: a reply to it can be
		 * filed under no other */
		if (cp && !config_campaign_expects(cp, i))
			continue;
		webpage_tag(b, "<option value=\"", a->code, "\"");
		if (agency && !strcmp(agency, a->code))
			buf_adds(b, " selected");
		webpage_tag(b, ">", a->code, " — ");
		webpage_tag(b, "", a->name, "</option>\n");
	}
	webpage_tag(b, "</select></label>\n<button type=\"submit\">", t->assign_button,
	            "</button>\n</form>\n");
}

static void
correct_form(const struct web_req *rq, struct buf *b, const char *sha,
             const struct yk_campaign *cp, bool back)
{
	const struct webtext *t = webtext(rq->lang);
	const struct yk_form *f = cp->form;
	bool choices = false;

	form_open(rq, b, "correct", sha, "set", back);
	webpage_tag(b, "<label><span class=\"lbl\">", t->correct, "</span>");
	buf_adds(b, "<select name=\"field\">\n");
	for (size_t k = 0; k < f->n_sections; k++) {
		const struct yk_section *sec = &f->sections[k];
		webpage_tag(b, "<option value=\"", sec->id, "\">");
		webpage_tag(b, "", sec->heading, "</option>\n");
		if (sec->n_options) {
			choices = true;
			webpage_tag(b, "<option value=\"", sec->id, ".text\">");
			webpage_tag(b, "", sec->heading, " (");
			webpage_tag(b, "", t->text_of, ")</option>\n");
		}
	}
	webpage_tag(b, "</select></label>\n<label><span class=\"lbl\">", t->value, "</span>");
	buf_adds(b, "<textarea name=\"value\"></textarea></label>\n");
	if (choices) {
		webpage_tag(b, "<p class=\"note\">", t->options_help, "</p>\n<ul class=\"options\">\n");
		for (size_t k = 0; k < f->n_sections; k++)
			for (size_t o = 0; o < f->sections[k].n_options; o++) {
				const struct yk_option *op = &f->sections[k].options[o];
				webpage_tag(b, "<li><code>", op->id, "</code>: ");
				webpage_tag(b, "", op->text ? op->text : op->id, "</li>\n");
			}
		buf_adds(b, "</ul>\n");
	}
	webpage_tag(b, "<button type=\"submit\">", t->correct_button, "</button>\n</form>\n");
}

void
webpage_actions(const struct web_req *rq, struct buf *b, const char *sha, const char *campaign,
                const char *agency, bool back_message)
{
	const struct webtext *t = webtext(rq->lang);
	const struct yk_campaign *cp = campaign ? config_campaign(rq->cfg, campaign) : NULL;

	if (!rq->can_write)
		return;
	if (back_message)
		webpage_tag(b, "<h2>", t->actions, "</h2>\n");
	buf_adds(b, "<div class=\"actions\">\n");
	assign_form(rq, b, sha, cp, agency, back_message);
	if (cp && cp->form)
		correct_form(rq, b, sha, cp, back_message);
	form_open(rq, b, "confirm", sha, "confirm", back_message);
	webpage_tag(b, "<span class=\"lbl\">", t->confirm, "</span>\n");
	webpage_tag(b, "<button type=\"submit\">", t->confirm_button, "</button>\n</form>\n");
	form_open(rq, b, "notreply", sha, "notreply", back_message);
	webpage_tag(b, "<span class=\"lbl\">", t->notreply, "</span>\n");
	webpage_tag(b, "<button type=\"submit\">", t->notreply_button, "</button>\n</form>\n");
	buf_adds(b, "</div>\n");
}

/* ---- the review list ---------------------------------------------------- */

struct list {
	const struct web_req *rq;
	const struct webtext *t;
	const struct report_words *w;
	struct buf *b;
	struct buf tmp;     /* the reasons in the page's language */
	size_t n;
	int rc;
};

/* REASONS ("; "-separated) as list items. */
static void
reasons_list(struct buf *b, const char *reasons)
{
	const char *p = reasons;

	buf_adds(b, "<ul class=\"reasons\">");
	while (p && *p) {
		const char *end = strstr(p, "; ");
		size_t n = end ? (size_t)(end - p) : strlen(p);
		char *one = strndup(p, n);

		if (!one) {
			buf_adds(b, "</ul>");
			b->failed = b->failed ? b->failed : YK_ENOMEM;
			return;
		}
		webpage_tag(b, "<li>", one, "</li>");
		free(one);
		p = end ? end + 2 : p + n;
	}
	buf_adds(b, "</ul>\n");
}

static int
on_item(void *ctx, const struct store_msg_info *m)
{
	struct list *l = ctx;
	struct buf *b = l->b;
	const struct webtext *t = l->t;
	const char *agency = m->reply_agency ? m->reply_agency : m->agency;
	const struct yk_agency *a = agency ? config_agency(l->rq->cfg, agency) : NULL;
	const struct yk_campaign *cp = m->campaign ? config_campaign(l->rq->cfg, m->campaign) : NULL;
	const char *reasons = NULL;
	char when[40] = "";

	if (!m->sha256 || !webpage_is_hex(m->sha256, 64, 64))
		return 0;
	if (++l->n > WEBPAGE_MAX_REVIEW)
		return 0;
	webpage_tag(b, "<section class=\"review-item\" data-sha=\"", m->sha256, "\">\n<h2>");
	webpage_tag(b, "<a class=\"message\" href=\"/m/", m->sha256, "\">");
	webpage_tag(b, "", m->subject && *m->subject ? m->subject : t->open_message, "</a></h2>\n");
	buf_adds(b, "<dl class=\"item\">");
	webpage_tag(b, "<dt>", t->from, "</dt>");
	webpage_tag(b, "<dd>", m->from, "</dd>");
	if (m->received_at || m->filed_at) {
		report_time(l->w, m->received_at ? m->received_at : m->filed_at, when);
		webpage_tag(b, "<dt>", t->arrived, "</dt>");
		webpage_tag(b, "<dd>", when, "</dd>");
	}
	webpage_tag(b, "<dt>", t->campaign, "</dt><dd>");
	if (cp)
		webpage_tag(b, "", cp->title ? cp->title : cp->id, "");
	else if (m->campaign)
		webpage_tag(b, "", m->campaign, "");
	webpage_tag(b, "</dd><dt>", t->unit, "</dt>");
	webpage_tag(b, "<dd class=\"agency\">", a ? a->name : agency ? agency : t->unidentified,
	            "</dd>");
	buf_adds(b, "</dl>\n");
	if (m->kind && !strcmp(m->kind, "question"))
		webpage_tag(b, "<p class=\"question\">", t->question, "</p>\n");
	buf_reset(&l->tmp);
	if (report_reasons(l->w, m->reasons, &l->tmp, &reasons))
		reasons = m->reasons;
	webpage_tag(b, "<p class=\"reasons-label\">", t->reasons, ":</p>\n");
	reasons_list(b, reasons);
	webpage_actions(l->rq, b, m->sha256, m->campaign, agency, false);
	buf_adds(b, "</section>\n");
	return buf_status(b);
}

int
webpage_review(const struct web_req *rq, struct web_resp *rs, struct yk_err *err)
{
	struct list l = { .rq = rq, .t = webtext(rq->lang), .w = webpage_words(rq),
		          .b = &rs->body };
	struct store_msg_filter f = { .pending_review = true };
	int rc;

	buf_init(&l.tmp, 0);
	webpage_head(rq, &rs->body, l.t->review_title);
	rc = store_each_message(rq->st, &f, on_item, &l, err);
	buf_free(&l.tmp);
	if (rc == YK_ENOMEM || rc == YK_ELIMIT)
		return yk_err_set(err, rc, "the page is too large");
	if (rc)
		return rc;
	if (!l.n)
		webpage_tag(&rs->body, "<p id=\"review-nothing\">", l.t->review_nothing, "</p>\n");
	else if (l.n > WEBPAGE_MAX_REVIEW)
		buf_printf(&rs->body, "<p class=\"note\" id=\"review-more\">%s: %zu / %zu</p>\n",
		           l.t->review_more, (size_t)WEBPAGE_MAX_REVIEW, l.n);
	webpage_foot(&rs->body);
	return buf_status(&rs->body) ? yk_err_set(err, buf_status(&rs->body), "the page is too large")
	                             : 0;
}

/* ---- the actions ------------------------------------------------------- */

struct found {
	char sha[65];
	char kind[32];
	size_t n;
};

static int
on_found(void *ctx, const struct store_msg_info *m)
{
	struct found *f = ctx;

	if (!f->n++) {
		snprintf(f->sha, sizeof f->sha, "%s", m->sha256 ? m->sha256 : "");
		snprintf(f->kind, sizeof f->kind, "%s", m->kind ? m->kind : "");
	}
	return 0;
}

/* A 400 page saying WHY. */
static int
bad(const struct web_req *rq, struct web_resp *rs, const char *why, struct yk_err *err)
{
	if (webpage_error(rq, 400, why, rs))
		return yk_err_set(err, YK_ENOMEM, "out of memory");
	return 0;
}

int
webpage_action(const struct web_req *rq, const char *ref, const char *action,
               const struct web_form *form, struct web_resp *rs, struct yk_err *err)
{
	const struct webtext *t = webtext(rq->lang);
	struct store_msg_filter f = { 0 };
	struct found fd = { .n = 0 };
	const char *back = web_form_get(form, "back"), *flash;
	char lower[65], at[32], target[80], *pair = NULL;
	struct yk_err aerr = { 0 };
	struct buf out;
	struct tm tm;
	int rc;

	for (size_t i = 0; ref[i] && i < 64; i++)
		lower[i] = (char)(ref[i] >= 'A' && ref[i] <= 'F' ? ref[i] - 'A' + 'a' : ref[i]);
	lower[strlen(ref) < 64 ? strlen(ref) : 64] = '\0';
	f.sha_prefix = lower;
	if ((rc = store_each_message(rq->st, &f, on_found, &fd, err)))
		return rc;
	if (fd.n != 1 || !webpage_is_hex(fd.sha, 64, 64))
		return webpage_not_found(rq, rs);
	if (!gmtime_r(&rq->now, &tm) || !strftime(at, sizeof at, "%Y-%m-%dT%H:%M:%SZ", &tm))
		return yk_err_set(err, YK_EINVAL, "the time cannot be written");

	buf_init(&out, 1u << 20);   /* review_*'s own report, not shown */
	if (!strcmp(action, "assign")) {
		const char *agency = web_form_get(form, "agency");
		if (!agency || !*agency || !config_agency(rq->cfg, agency)) {
			buf_free(&out);
			return bad(rq, rs, t->bad_agency, err);
		}
		rc = review_assign(rq->cfg, rq->st, fd.sha, agency, rq->user, at, &out, &aerr);
		flash = t->flash_assigned;
	} else {
		const char *field, *value;
		if (!strcmp(action, "set")) {
			field = web_form_get(form, "field");
			value = web_form_get(form, "value");
			if (!field || !*field || strchr(field, '=') || !value) {
				buf_free(&out);
				return bad(rq, rs, t->bad_field, err);
			}
			flash = t->flash_corrected;
		} else if (!strcmp(action, "confirm")) {
			/* a question is taken off the list by "answered" (lib/review.h) */
			field = !strcmp(fd.kind, "question") ? "answered" : "reviewed";
			value = "yes";
			flash = t->flash_confirmed;
		} else {
			field = "not_reply";
			value = "yes";
			flash = t->flash_notreply;
		}
		size_t n = strlen(field) + strlen(value) + 2;
		if (!(pair = malloc(n))) {
			buf_free(&out);
			return yk_err_set(err, YK_ENOMEM, "out of memory");
		}
		snprintf(pair, n, "%s=%s", field, value);
		rc = review_set(rq->cfg, rq->st, fd.sha, &pair, 1, rq->user, at, &out, &aerr);
		free(pair);
	}
	buf_free(&out);
	if (rc == YK_EINVAL || rc == YK_ENOTFOUND) {
		/* review's reason is in English: the page's language leads, the
		 * detail (option ids, the field) follows as written */
		char why[sizeof aerr.msg + 160];
		snprintf(why, sizeof why, "%s: %s", t->not_saved, aerr.msg);
		return bad(rq, rs, why, err);
	}
	if (rc) {
		*err = aerr;
		return rc;
	}
	if (back && !strcmp(back, "message"))
		snprintf(target, sizeof target, "/m/%s", fd.sha);
	else
		snprintf(target, sizeof target, "/review");
	return webpage_redirect(rs, target, flash, err);
}
