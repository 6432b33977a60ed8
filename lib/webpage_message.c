/*
 * webpage_message — one message on the web desk: its headers, the answers
 * that count beside the extracted ones, its text (a message's HTML only
 * ever as text: lib/mime.h made it text, and it is escaped here), its
 * attachments to download (never shown inline), and the action forms.
 *
 * The message's bytes are read from the archive: only a path relative to
 * the archive root without "..", resolved and checked to be under the
 * root, and at most WEBPAGE_MAX_MESSAGE bytes.
 */
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gmime/gmime.h>

#include "mime.h"
#include "summary.h"
#include "webpage_p.h"

/* What the page shows of the message's row (store_msg_info's strings live
 * only for the callback). */
struct msg {
	size_t n;
	char *sha256, *from, *subject, *date, *received_at, *filed_at, *kind, *campaign, *agency,
	     *status, *archive_path;
	bool pending_review, confirmed;
};

static void
msg_free(struct msg *m)
{
	free(m->sha256);
	free(m->from);
	free(m->subject);
	free(m->date);
	free(m->received_at);
	free(m->filed_at);
	free(m->kind);
	free(m->campaign);
	free(m->agency);
	free(m->status);
	free(m->archive_path);
}

static char *
dup_or_null(const char *s, bool *fail)
{
	char *d;

	if (!s)
		return NULL;
	if (!(d = strdup(s)))
		*fail = true;
	return d;
}

static int
on_msg(void *ctx, const struct store_msg_info *i)
{
	struct msg *m = ctx;
	bool fail = false;

	if (m->n++)
		return 0;
	m->sha256 = dup_or_null(i->sha256, &fail);
	m->from = dup_or_null(i->from, &fail);
	m->subject = dup_or_null(i->subject, &fail);
	m->date = dup_or_null(i->date, &fail);
	m->received_at = dup_or_null(i->received_at, &fail);
	m->filed_at = dup_or_null(i->filed_at, &fail);
	m->kind = dup_or_null(i->kind, &fail);
	m->campaign = dup_or_null(i->campaign, &fail);
	m->agency = dup_or_null(i->reply_agency ? i->reply_agency : i->agency, &fail);
	m->status = dup_or_null(i->status, &fail);
	m->archive_path = dup_or_null(i->archive_path, &fail);
	m->pending_review = i->pending_review;
	m->confirmed = i->confirmed;
	return fail ? YK_ENOMEM : 0;
}

/* The one message REF (hex, a prefix of its sha256) names: 0 with M
 * filled (M->n == 1), 0 with M->n != 1 when none or several, or an error. */
static int
find(const struct web_req *rq, const char *ref, struct msg *m, struct yk_err *err)
{
	struct store_msg_filter f = { 0 };
	char lower[65];
	size_t n = strlen(ref);
	int rc;

	if (n > 64)
		n = 64;
	for (size_t i = 0; i < n; i++)
		lower[i] = (char)(ref[i] >= 'A' && ref[i] <= 'F' ? ref[i] - 'A' + 'a' : ref[i]);
	lower[n] = '\0';
	f.sha_prefix = lower;
	memset(m, 0, sizeof *m);
	rc = store_each_message(rq->st, &f, on_msg, m, err);
	if (rc == YK_ENOMEM)
		rc = yk_err_set(err, rc, "out of memory");
	return rc;
}

static pthread_once_t gmime_once = PTHREAD_ONCE_INIT;

static void
gmime_init(void)
{
	g_mime_init();
}

void
webpage_gmime_init(void)
{
	pthread_once(&gmime_once, gmime_init);
}

/* Is REL a plain relative path: not absolute, no empty, "." or ".."
 * segment? */
static bool
rel_ok(const char *rel)
{
	const char *p = rel;

	if (!*rel || *rel == '/')
		return false;
	while (*p) {
		const char *end = strchr(p, '/');
		size_t n = end ? (size_t)(end - p) : strlen(p);
		if (!n || (n == 1 && p[0] == '.') || (n == 2 && p[0] == '.' && p[1] == '.'))
			return false;
		p += n + (end ? 1 : 0);
		if (end && !*p)
			return false;
	}
	return true;
}

/* The message's bytes from the archive into RAW (limit
 * WEBPAGE_MAX_MESSAGE); false when its file is not there (moved, too
 * large, or outside the root): the page shows the rest. */
static bool
load_raw(const struct web_req *rq, const struct msg *m, struct buf *raw)
{
	char path[PATH_MAX], root[PATH_MAX], real[PATH_MAX];
	struct yk_err ignored = { 0 };
	size_t rn;

	if (!rq->archive || !m->archive_path || !rel_ok(m->archive_path))
		return false;
	if (snprintf(path, sizeof path, "%s/%s", rq->archive, m->archive_path) >= (int)sizeof path)
		return false;
	if (!realpath(rq->archive, root) || !realpath(path, real))
		return false;
	rn = strlen(root);
	/* a symbolic link out of the archive is not followed */
	if (strncmp(real, root, rn) || (real[rn] != '/' && strcmp(root, "/")))
		return false;
	return buf_read_file(raw, real, &ignored) == 0;
}

/* ---- the answers ------------------------------------------------------- */

/* The answers as extracted and the answers that count, side by side: both
 * built by lib/summary's rules (summary_answer_extracted, then
 * summary_answer_correct in the order made), the ones the reports and
 * `ykien export --json` use, so the page cannot show other answers. */
struct one_answer {
	bool have;                /* extraction gave this section */
	char *who, *at;           /* the last person who corrected it */
};

struct answers {
	const struct yk_form *form;
	struct one_answer *a;     /* one per section */
	struct summary_answer *got, *now;
	bool reviewed;
	char *reviewed_who, *reviewed_at;
	bool fail;
};

static size_t
section_of(const struct yk_form *f, const char *id)
{
	for (size_t k = 0; k < f->n_sections; k++)
		if (!strcmp(f->sections[k].id, id))
			return k;
	return SIZE_MAX;
}

static int
on_answer(void *ctx, const struct store_answer *a)
{
	struct answers *x = ctx;
	size_t k = section_of(x->form, a->section);

	if (k == SIZE_MAX)
		return 0;
	x->a[k].have = true;
	if (summary_answer_extracted(x->form, x->got, a->section, a->text, a->choices) ||
	    summary_answer_extracted(x->form, x->now, a->section, a->text, a->choices))
		x->fail = true;
	return x->fail ? YK_ENOMEM : 0;
}

static void
set_who(char **who, char **at, const struct store_correction *c, bool *fail)
{
	free(*who);
	free(*at);
	*who = dup_or_null(c->who, fail);
	*at = dup_or_null(c->at, fail);
}

static int
on_correction(void *ctx, const struct store_correction *c)
{
	struct answers *x = ctx;
	const char *value = c->value ? c->value : "";
	size_t k;
	bool is_choice, changed;
	uint32_t choices;
	char why[256];
	int rc;

	if (!strcmp(c->field, "reviewed")) {
		x->reviewed = true;
		set_who(&x->reviewed_who, &x->reviewed_at, c, &x->fail);
		return x->fail ? YK_ENOMEM : 0;
	}
	/* a correction the form no longer takes is left out, as the reports do */
	if (summary_parse_correction(x->form, c->field, value, &k, &is_choice, &choices, why,
	                             sizeof why) ||
	    k >= x->form->n_sections)
		return 0;
	rc = summary_answer_correct(x->form, x->now, c->field, value, &changed);
	if (rc == YK_ENOMEM)
		return rc;
	if (rc == 0 && changed)
		set_who(&x->a[k].who, &x->a[k].at, c, &x->fail);
	return x->fail ? YK_ENOMEM : 0;
}

static void
answers_free(struct answers *x)
{
	size_t n = x->form ? x->form->n_sections : 0;

	for (size_t k = 0; x->a && k < n; k++) {
		free(x->a[k].who);
		free(x->a[k].at);
	}
	summary_answers_free(x->got, x->got ? n : 0);
	summary_answers_free(x->now, x->now ? n : 0);
	free(x->a);
	free(x->got);
	free(x->now);
	free(x->reviewed_who);
	free(x->reviewed_at);
}

/* The name of a person who corrected: the clerks' list, else the login. */
static const char *
who_name(const struct yk_config *cfg, const char *login)
{
	const char *name = config_clerk_name(cfg, login);

	return name ? name : login ? login : "";
}

/* A section's answer as words: the options chosen, then the text. */
static void
answer_words(struct buf *b, const struct yk_section *sec, uint32_t choices, const char *text)
{
	if (sec->n_options) {
		struct buf w;
		buf_init(&w, 0);
		report_choice_words(sec, choices, "—", &w);
		webpage_tag(b, "<span class=\"choices\">", w.data ? w.data : "", "</span>");
		buf_free(&w);
		if (text && *text)
			buf_adds(b, "<br>");
	}
	if (text && *text)
		webpage_tag(b, "<span class=\"text\">", text, "</span>");
	else if (!sec->n_options)
		buf_adds(b, "—");
}

static int
answers_div(const struct web_req *rq, struct buf *b, const struct msg *m, struct yk_err *err)
{
	const struct webtext *t = webtext(rq->lang);
	const struct report_words *w = webpage_words(rq);
	const struct yk_campaign *cp = m->campaign ? config_campaign(rq->cfg, m->campaign) : NULL;
	struct answers x = { 0 };
	bool any = false, corrected = false;
	int rc;

	webpage_tag(b, "<div id=\"answers\">\n<h2>", t->answers, "</h2>\n");
	if (!cp || !cp->form || !cp->form->n_sections) {
		webpage_tag(b, "<p>", t->no_answers, "</p>\n</div>\n");
		return 0;
	}
	x.form = cp->form;
	x.a = calloc(cp->form->n_sections, sizeof *x.a);
	x.got = calloc(cp->form->n_sections, sizeof *x.got);
	x.now = calloc(cp->form->n_sections, sizeof *x.now);
	if (!x.a || !x.got || !x.now) {
		answers_free(&x);
		return yk_err_set(err, YK_ENOMEM, "out of memory");
	}
	rc = store_each_answer(rq->st, NULL, m->sha256, on_answer, &x, err);
	rc = rc ? rc : store_each_correction(rq->st, NULL, m->sha256, on_correction, &x, err);
	if (x.fail || rc == YK_ENOMEM)
		rc = yk_err_set(err, YK_ENOMEM, "out of memory");
	if (rc) {
		answers_free(&x);
		return rc;
	}
	for (size_t k = 0; k < cp->form->n_sections; k++) {
		bool c = x.now[k].text_corrected || x.now[k].choices_corrected;
		any |= x.a[k].have || c;
		corrected |= c;
	}
	if (!any) {
		webpage_tag(b, "<p>", t->no_answers, "</p>\n");
	} else {
		webpage_tag(b, "<table class=\"answers\">\n<tr><th>", t->field, "</th>");
		webpage_tag(b, "<th>", t->answers, "</th>");
		if (corrected) {
			webpage_tag(b, "<th>", t->extracted, "</th>");
			webpage_tag(b, "<th>", t->corrected_by, "</th>");
		}
		buf_adds(b, "</tr>\n");
		for (size_t k = 0; k < cp->form->n_sections; k++) {
			const struct yk_section *sec = &cp->form->sections[k];
			const struct one_answer *o = &x.a[k];
			const struct summary_answer *now = &x.now[k], *got = &x.got[k];
			bool c = now->text_corrected || now->choices_corrected;

			webpage_tag(b, "<tr class=\"answer\" data-section=\"", sec->id, "\"");
			buf_adds(b, c ? " data-corrected=\"yes\">" : ">");
			webpage_tag(b, "<th scope=\"row\">", sec->heading, "</th><td class=\"counts\">");
			answer_words(b, sec, now->choices, now->text);
			if (c)
				webpage_tag(b, " <span class=\"corr\">(*) ", w->corrected, "</span>");
			buf_adds(b, "</td>");
			if (corrected) {
				buf_adds(b, "<td class=\"extracted\">");
				if (c)
					answer_words(b, sec, got->choices, got->text);
				buf_adds(b, "</td><td class=\"who\">");
				if (c) {
					char when[40];
					report_time(w, o->at, when);
					webpage_tag(b, "", who_name(rq->cfg, o->who), "<br>");
					webpage_tag(b, "", when, "");
				}
				buf_adds(b, "</td>");
			}
			buf_adds(b, "</tr>\n");
		}
		buf_adds(b, "</table>\n");
	}
	if (x.reviewed) {
		char when[40];
		report_time(w, x.reviewed_at, when);
		webpage_tag(b, "<p class=\"reviewed\">", w->reviewed, ": ");
		webpage_tag(b, "", who_name(rq->cfg, x.reviewed_who), ", ");
		webpage_tag(b, "", when, "</p>\n");
	}
	buf_adds(b, "</div>\n");
	answers_free(&x);
	return 0;
}

/* ---- the page ---------------------------------------------------------- */

/* The last assignment of a message: who and when. */
struct assigned {
	char *who, *at;
	bool fail;
};

static int
on_assignment(void *ctx, const struct store_correction *c)
{
	struct assigned *x = ctx;

	set_who(&x->who, &x->at, c, &x->fail);
	return x->fail ? YK_ENOMEM : 0;
}

/* "lan, 09 giờ 12 ngày 16/01/2024" after the agency when a person filed
 * the message under it. */
static int
assigned_header(const struct web_req *rq, struct buf *b, const char *sha256, struct yk_err *err)
{
	const struct webtext *t = webtext(rq->lang);
	struct assigned x = { 0 };
	char when[40];
	int rc = store_each_assignment(rq->st, NULL, sha256, on_assignment, &x, err);

	if (x.fail)
		rc = yk_err_set(err, YK_ENOMEM, "out of memory");
	if (!rc && (x.who || x.at)) {
		report_time(webpage_words(rq), x.at, when);
		webpage_tag(b, "<dt>", t->assigned_by, "</dt><dd id=\"assigned\">");
		webpage_tag(b, "", who_name(rq->cfg, x.who), ", ");
		webpage_tag(b, "", when, "</dd>\n");
	}
	free(x.who);
	free(x.at);
	return rc;
}

static const char *
status_words(const struct webtext *t, const struct msg *m)
{
	if (!m->status)
		return m->pending_review ? t->st_review : "";
	if (!strcmp(m->status, "effective"))
		return t->st_effective;
	if (!strcmp(m->status, "superseded"))
		return t->st_superseded;
	if (!strcmp(m->status, "duplicate"))
		return t->st_duplicate;
	if (!strcmp(m->status, "not_counted"))
		return t->st_not_counted;
	return m->status;
}

static void
header(struct buf *b, const char *name, const char *value)
{
	webpage_tag(b, "<dt>", name, "</dt>");
	webpage_tag(b, "<dd>", value ? value : "", "</dd>\n");
}

int
webpage_message(const struct web_req *rq, const char *ref, struct web_resp *rs,
                struct yk_err *err)
{
	const struct webtext *t = webtext(rq->lang);
	const struct report_words *w = webpage_words(rq);
	struct buf *b = &rs->body;
	struct webpage_atts atts = { .n = 0 };
	struct mime_msg *mm = NULL;
	const struct yk_campaign *cp;
	const struct yk_agency *a;
	struct buf raw;
	struct msg m;
	char when[40] = "";
	int rc;

	buf_init(&raw, WEBPAGE_MAX_MESSAGE);
	if ((rc = find(rq, ref, &m, err)))
		goto out;
	if (m.n != 1 || !m.sha256 || !webpage_is_hex(m.sha256, 64, 64)) {
		rc = webpage_not_found(rq, rs);
		goto out;
	}
	if (load_raw(rq, &m, &raw)) {
		webpage_gmime_init();
		if ((rc = mime_parse(raw.data, raw.len, &mm, err)))
			goto out;
		if ((rc = webpage_atts(raw.data, raw.len, SIZE_MAX, &atts, NULL)))
			goto out;
	}
	cp = m.campaign ? config_campaign(rq->cfg, m.campaign) : NULL;
	a = m.agency ? config_agency(rq->cfg, m.agency) : NULL;
	webpage_head(rq, b, m.subject && *m.subject ? m.subject : t->message_title);
	buf_adds(b, "<dl id=\"headers\">\n");
	if (mm && mm->from_name && *mm->from_name) {
		struct buf from;
		buf_init(&from, 0);
		buf_printf(&from, "%s <%s>", mm->from_name, mm->from ? mm->from : "");
		header(b, t->from, from.data);
		buf_free(&from);
	} else {
		header(b, t->from, m.from);
	}
	header(b, t->to, mm ? mime_header(mm, "To") : NULL);
	header(b, t->subject, m.subject);
	header(b, t->date, m.date);
	if (m.received_at || m.filed_at)
		report_time(w, m.received_at ? m.received_at : m.filed_at, when);
	header(b, t->arrived, when);
	header(b, t->campaign, cp && cp->title ? cp->title : m.campaign);
	header(b, t->unit, a ? a->name : m.agency ? m.agency : t->unidentified);
	if ((rc = assigned_header(rq, b, m.sha256, err)))
		goto out;
	webpage_tag(b, "<dt>", t->status, "</dt><dd id=\"status\">");
	webpage_tag(b, "", status_words(t, &m), "");
	if (m.pending_review && m.status)
		webpage_tag(b, " · ", t->st_review, "");
	buf_adds(b, "</dd>\n</dl>\n");
	if ((rc = answers_div(rq, b, &m, err)))
		goto out;

	webpage_tag(b, "<h2>", t->text, "</h2>\n");
	if (mm && ((mm->plain && *mm->plain) || (mm->html && *mm->html) || mm->fwd_text)) {
		/* the message's own HTML only ever as text: mime made it text,
		 * and it is escaped like everything else */
		webpage_tag(b, "<pre id=\"text\">", mm->plain && *mm->plain ? mm->plain : mm->html, "");
		if (mm->fwd_text)
			webpage_tag(b, "\n\n-------- ", t->forwarded, " --------\n");
		if (mm->fwd_text)
			webpage_tag(b, "", mm->fwd_text, "");
		buf_adds(b, "</pre>\n");
	} else {
		webpage_tag(b, "<pre id=\"text\">", t->no_text, "</pre>\n");
	}

	webpage_tag(b, "<h2>", t->attachments, "</h2>\n<ul id=\"attachments\">\n");
	for (size_t i = 0; i < atts.n; i++) {
		const struct webpage_att *at = &atts.a[i];

		buf_adds(b, "<li>");
		if (at->too_large) {
			webpage_tag(b, "<span class=\"att\">", at->name, "</span>");
			webpage_tag(b, " <span class=\"note\">(", t->too_large, ")</span>");
		} else {
			buf_printf(b, "<a href=\"/m/%s/a/%zu\">", m.sha256, i);
			webpage_tag(b, "", at->name, "</a>");
		}
		webpage_tag(b, " <span class=\"type\">(", at->type, ")</span></li>\n");
	}
	buf_adds(b, "</ul>\n");
	if (!atts.n)
		webpage_tag(b, "<p>", t->no_attachments, "</p>\n");
	/* after the text: a clerk reads it before deciding */
	webpage_actions(rq, b, m.sha256, m.campaign, m.agency, true);
	webpage_foot(b);
	if (buf_status(b))
		rc = yk_err_set(err, buf_status(b), "the page is too large");
out:
	webpage_atts_free(&atts);
	mime_free(mm);
	buf_free(&raw);
	msg_free(&m);
	return rc;
}

int
webpage_attachment(const struct web_req *rq, const char *ref, const char *nstr,
                   struct web_resp *rs, struct yk_err *err)
{
	struct webpage_atts atts = { .n = 0 };
	struct buf raw;
	unsigned long n;
	struct msg m;
	int rc;

	/* digits only, no sign, no leading zeros but "0" */
	if (!*nstr || nstr[strspn(nstr, "0123456789")] || (nstr[0] == '0' && nstr[1]) ||
	    strlen(nstr) > 4)
		return webpage_not_found(rq, rs);
	n = strtoul(nstr, NULL, 10);
	buf_init(&raw, WEBPAGE_MAX_MESSAGE);
	if ((rc = find(rq, ref, &m, err)))
		goto out;
	if (m.n != 1 || !m.sha256 || !webpage_is_hex(m.sha256, 64, 64) ||
	    !load_raw(rq, &m, &raw)) {
		rc = webpage_not_found(rq, rs);
		goto out;
	}
	if ((rc = webpage_atts(raw.data, raw.len, n, &atts, &rs->body))) {
		rc = yk_err_set(err, rc, "the attachment is too large");
		goto out;
	}
	if (!atts.got) {
		buf_reset(&rs->body);
		rc = webpage_not_found(rq, rs);
		goto out;
	}
	/* never shown inline: a download, whatever it claims to be */
	rs->content_type = "application/octet-stream";
	if (!(rs->disposition = web_disposition(atts.a[n].name)))
		rc = yk_err_set(err, YK_ENOMEM, "out of memory");
	rs->status = 200;
out:
	webpage_atts_free(&atts);
	buf_free(&raw);
	msg_free(&m);
	return rc;
}
