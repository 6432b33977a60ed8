/*
 * webpage — the router of the web desk, the layout every page shares, the
 * login and error pages, the campaigns and the style sheet (webpage.h).
 * The pages themselves are in webpage_status.c (a campaign, its
 * reminders, its reports), webpage_review.c (the review list and the
 * actions) and webpage_message.c (one message, its attachments).
 */
#include "webpage.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "escape.h"
#include "summary.h"
#include "webpage_p.h"

/* The look of every page: readable on a 1366×768 office screen, printable
 * (the nav and the forms are not printed). */
static const char CSS[] =
	"*{box-sizing:border-box}\n"
	"html{font-size:15px}\n"
	"body{margin:0;font-family:'Noto Sans','DejaVu Sans',Arial,Helvetica,sans-serif;"
	"color:#1a1a1a;background:#f4f5f7;line-height:1.4}\n"
	"nav#nav{display:flex;flex-wrap:wrap;align-items:center;gap:.4rem 1.2rem;"
	"padding:.5rem 1.2rem;background:#12355b;color:#fff}\n"
	"nav#nav a{color:#fff;text-decoration:none;font-weight:600}\n"
	"nav#nav a:hover,nav#nav a:focus{text-decoration:underline}\n"
	"nav#nav .user{margin-left:auto}\n"
	"nav#nav .lang a{font-weight:400;margin-left:.5rem}\n"
	"nav#nav form{display:inline;margin:0}\n"
	"nav#nav button{background:#fff;color:#12355b;border:0;border-radius:3px;"
	"padding:.25rem .7rem;cursor:pointer;font:inherit}\n"
	"main{max-width:1320px;margin:0 auto;padding:.8rem 1.2rem 2rem;background:#fff;"
	"min-height:calc(100vh - 3rem)}\n"
	"h1{font-size:1.45rem;margin:.4rem 0 .6rem;color:#12355b}\n"
	"h2{font-size:1.15rem;margin:1.2rem 0 .4rem;color:#12355b}\n"
	"h3{font-size:1rem;margin:.8rem 0 .3rem}\n"
	"p.meta{color:#444;margin:.2rem 0 .8rem}\n"
	"p.flash{max-width:1320px;margin:0 auto;padding:.5rem 1.2rem;background:#e3f1e3;"
	"border-bottom:1px solid #9c9}\n"
	"p.error{color:#a00;font-weight:600}\n"
	"table{border-collapse:collapse;width:100%;margin:.4rem 0 1rem;font-size:.95rem}\n"
	"th,td{border:1px solid #c8ccd2;padding:.3rem .5rem;text-align:left;vertical-align:top}\n"
	"th{background:#e9edf2;font-weight:600}\n"
	"td.n,th.n{text-align:right;white-space:nowrap}\n"
	"tr:nth-child(even) td{background:#fafbfc}\n"
	"tr[data-state=late] td.state{color:#a35b00;font-weight:600}\n"
	"tr[data-state=missing] td.state{color:#a00;font-weight:600}\n"
	"tr[data-state=review] td.state{color:#6a2c91;font-weight:600}\n"
	"tr[data-state=on_time] td.state{color:#176b2c}\n"
	"td.reminders{text-align:right}\n"
	"span.bouncing{display:inline-block;margin-left:.3rem;padding:0 .3rem;border-radius:3px;"
	"background:#fde2e2;color:#a00;font-size:.85rem}\n"
	"ul.reports{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:.6rem}\n"
	"ul.reports a,a#reminders{display:inline-block;padding:.2rem .6rem;border:1px solid #12355b;"
	"border-radius:3px;text-decoration:none;color:#12355b}\n"
	"svg.chart{max-width:100%;height:auto;display:block;margin:.4rem 0 1rem}\n"
	"svg.chart text{font-family:Arial,Helvetica,sans-serif;font-size:13px}\n"
	"section.review-item{border:1px solid #c8ccd2;border-radius:4px;padding:.6rem .9rem;"
	"margin:.8rem 0;background:#fff}\n"
	"section.review-item h2{margin:.1rem 0 .4rem;font-size:1.05rem}\n"
	"ul.reasons{margin:.2rem 0 .5rem;color:#6a2c91}\n"
	"dl#headers,dl.item{display:grid;grid-template-columns:11rem 1fr;gap:.2rem .8rem;"
	"margin:.4rem 0 1rem}\n"
	"dl#headers dt,dl.item dt{font-weight:600;color:#444}\n"
	"dl#headers dd,dl.item dd{margin:0;overflow-wrap:anywhere}\n"
	"pre#text{white-space:pre-wrap;overflow-wrap:anywhere;background:#f7f7f2;"
	"border:1px solid #ddd;padding:.6rem;font-size:.9rem;max-height:40rem;overflow:auto}\n"
	"div.actions{display:flex;flex-wrap:wrap;gap:.6rem 1.2rem;align-items:flex-start;"
	"margin:.4rem 0}\n"
	"div.actions form{border:1px solid #dde1e6;border-radius:4px;padding:.4rem .6rem;"
	"background:#f7f9fb}\n"
	"div.actions label{display:block}\n"
	"div.actions .lbl{display:block;font-size:.85rem;color:#444;margin-bottom:.15rem}\n"
	"div.actions textarea{width:22rem;max-width:100%;height:3.2rem;font:inherit}\n"
	"div.actions select{max-width:22rem;font:inherit}\n"
	"ul.options{font-size:.85rem;margin:.2rem 0;padding-left:1.1rem}\n"
	"button{font:inherit;padding:.2rem .7rem;cursor:pointer}\n"
	"form#login{max-width:24rem;margin:3rem auto;padding:1.2rem 1.5rem;border:1px solid #c8ccd2;"
	"border-radius:4px;background:#fff}\n"
	"form#login label{display:block;margin:.6rem 0 .2rem;font-weight:600}\n"
	"form#login input{width:100%;padding:.35rem;font:inherit}\n"
	"form#login button{margin-top:1rem;width:100%;padding:.45rem}\n"
	"p.lang{text-align:right;margin:.3rem 1.2rem}\n"
	".corr{color:#05a;font-size:.85rem}\n"
	".note{font-size:.9rem;font-style:italic;color:#444}\n"
	"@media print{nav,form,div.actions,ul.reports,a#reminders,p.flash,p.lang{display:none!important}"
	"body{background:#fff;font-size:11pt}main{max-width:none;padding:0}"
	"pre#text{max-height:none;overflow:visible}a{color:#000;text-decoration:none}"
	"tr{break-inside:avoid}}\n";

const char *
webpage_css(void)
{
	return CSS;
}

const struct report_words *
webpage_words(const struct web_req *rq)
{
	return report_words(rq->lang == WEB_EN ? REPORT_EN : REPORT_VI);
}

void
webpage_tag(struct buf *b, const char *open, const char *s, const char *close)
{
	buf_adds(b, open);
	esc_html(b, s);
	buf_adds(b, close);
}

void
webpage_pct(struct buf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";

	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		    c == '.' || c == '_' || c == '~' || c == '-') {
			buf_addc(b, (char)c);
		} else {
			buf_addc(b, '%');
			buf_addc(b, hex[c >> 4]);
			buf_addc(b, hex[c & 15]);
		}
	}
}

void
webpage_csrf(const struct web_req *rq, struct buf *b)
{
	webpage_tag(b, "<input type=\"hidden\" name=\"csrf\" value=\"", rq->csrf ? rq->csrf : "",
	            "\">");
}

bool
webpage_is_hex(const char *s, size_t min, size_t max)
{
	size_t n = 0;

	for (; s[n]; n++) {
		char c = s[n];
		if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')))
			return false;
	}
	return n >= min && n <= max;
}

static void
nav(const struct web_req *rq, struct buf *b)
{
	const struct webtext *t = webtext(rq->lang);

	webpage_tag(b, "<nav id=\"nav\">\n<a href=\"/\">", t->nav_campaigns, "</a>\n");
	webpage_tag(b, "<a href=\"/review\">", t->nav_review, "</a>\n");
	webpage_tag(b, "<span class=\"user\">", t->logged_in_as, ": ");
	webpage_tag(b, "<span id=\"whoami\">", rq->user, "</span></span>\n");
	buf_adds(b, "<span class=\"lang\"><a id=\"lang-en\" href=\"?lang=en\">"
	            "English</a><a id=\"lang-vi\" href=\"?lang=vi\">"
	            "Tiếng Việt</a></span>\n");
	buf_adds(b, "<form id=\"logout\" method=\"post\" action=\"/logout\">");
	webpage_csrf(rq, b);
	webpage_tag(b, "<button id=\"logout-submit\">", t->logout,
	            "</button></form>\n</nav>\n");
}

void
webpage_head(const struct web_req *rq, struct buf *b, const char *title)
{
	const struct webtext *t = webtext(rq->lang);

	buf_printf(b, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n"
	           "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
	           "<meta name=\"referrer\" content=\"same-origin\">\n<title>", t->lang);
	webpage_tag(b, "", title, " — ");
	webpage_tag(b, "", t->app, "</title>\n<link rel=\"stylesheet\" href=\"/static/ykien.css\">\n"
	            "</head>\n<body>\n");
	if (rq->user)
		nav(rq, b);
	else
		buf_adds(b, "<p class=\"lang\"><a id=\"lang-en\" href=\"?lang=en\">"
		            "English</a> · <a id=\"lang-vi\" href=\"?lang=vi\">"
		            "Tiếng Việt</a></p>\n");
	if (rq->flash && *rq->flash)
		webpage_tag(b, "<p class=\"flash\" id=\"flash\">", rq->flash, "</p>\n");
	webpage_tag(b, "<main>\n<h1>", title, "</h1>\n");
}

void
webpage_foot(struct buf *b)
{
	buf_adds(b, "</main>\n</body>\n</html>\n");
}

/* 0, or YK_ENOMEM/YK_ELIMIT when the page did not fit (with a message). */
static int
page_status(struct web_resp *rs, struct yk_err *err)
{
	int rc = buf_status(&rs->body);

	return rc ? yk_err_set(err, rc, "the page is too large") : 0;
}

int
webpage_login(const struct web_req *rq, const char *why, struct web_resp *rs)
{
	const struct webtext *t = webtext(rq->lang);
	struct web_req anon = *rq;

	anon.user = NULL;
	anon.flash = NULL;
	rs->status = why ? 401 : 200;
	webpage_head(&anon, &rs->body, t->login_title);
	if (why)
		webpage_tag(&rs->body, "<p class=\"error\" id=\"login-error\">", why,
		            "</p>\n");
	buf_adds(&rs->body, "<form id=\"login\" method=\"post\" action=\"/login\">\n");
	webpage_csrf(rq, &rs->body);
	webpage_tag(&rs->body, "\n<label for=\"user\">", t->user, "</label>\n");
	buf_adds(&rs->body, "<input name=\"user\" id=\"user\" autocomplete=\"username\" "
	                    "autocapitalize=\"none\" spellcheck=\"false\" maxlength=\"32\" "
	                    "required autofocus>\n");
	webpage_tag(&rs->body, "<label for=\"password\">", t->password, "</label>\n");
	buf_adds(&rs->body, "<input type=\"password\" name=\"password\" id=\"password\" "
	                    "autocomplete=\"current-password\" maxlength=\"1024\" required>\n");
	webpage_tag(&rs->body, "<button type=\"submit\" id=\"login-submit\">", t->login,
	            "</button>\n</form>\n");
	webpage_foot(&rs->body);
	return buf_status(&rs->body);
}

int
webpage_error(const struct web_req *rq, int status, const char *why, struct web_resp *rs)
{
	const struct webtext *t = webtext(rq->lang);
	const char *title;

	switch (status) {
	case 400: title = t->e400; break;
	case 403: title = t->e403; break;
	case 404: title = t->e404; break;
	case 405: title = t->e405; break;
	case 413: title = t->e413; break;
	case 429: title = t->e429; break;
	case 500: title = t->e500; break;
	default: title = t->e_other;
	}
	rs->status = status;
	rs->content_type = NULL;
	buf_reset(&rs->body);
	webpage_head(rq, &rs->body, title);
	if (why)
		webpage_tag(&rs->body, "<p class=\"error\" id=\"error\">", why, "</p>\n");
	webpage_tag(&rs->body, "<p><a href=\"/\">", t->back_home, "</a></p>\n");
	webpage_foot(&rs->body);
	return buf_status(&rs->body);
}

int
webpage_not_found(const struct web_req *rq, struct web_resp *rs)
{
	(void)webpage_error(rq, 404, NULL, rs);
	return 0;
}

int
webpage_redirect(struct web_resp *rs, const char *target, const char *flash, struct yk_err *err)
{
	free(rs->location);
	free(rs->flash);
	rs->location = strdup(target);
	rs->flash = flash ? strdup(flash) : NULL;
	if (!rs->location || (flash && !rs->flash))
		return yk_err_set(err, YK_ENOMEM, "out of memory");
	rs->status = 303;
	buf_reset(&rs->body);
	return 0;
}

/* ---- the campaigns --------------------------------------------------- */

int
webpage_campaigns(const struct web_req *rq, struct web_resp *rs, struct yk_err *err)
{
	const struct webtext *t = webtext(rq->lang);
	const struct report_words *w = webpage_words(rq);
	struct buf *b = &rs->body;
	int rc = 0;

	webpage_head(rq, b, t->campaigns_title);
	webpage_tag(b, "<table id=\"campaigns\">\n<tr><th>", t->campaign, "</th>");
	webpage_tag(b, "<th>", t->reference, "</th>");
	webpage_tag(b, "<th>", t->deadline, "</th>");
	webpage_tag(b, "<th class=\"n\">", t->asked, "</th>");
	webpage_tag(b, "<th class=\"n\">", t->replied, "</th>");
	webpage_tag(b, "<th class=\"n\">", t->late, "</th>");
	webpage_tag(b, "<th class=\"n\">", t->missing, "</th>");
	webpage_tag(b, "<th class=\"n\">", t->review, "</th></tr>\n");
	for (size_t i = 0; i < rq->cfg->n_campaigns && !rc; i++) {
		const struct yk_campaign *cp = &rq->cfg->campaigns[i];
		char deadline[REPORT_DEADLINE_LEN];
		struct summary *s;

		if ((rc = summary_load(rq->cfg, cp, rq->st, &s, err)))
			break;
		report_deadline(w, cp, deadline);
		webpage_tag(b, "<tr data-campaign=\"", cp->id, "\"><td><a href=\"/c/");
		webpage_pct(b, cp->id);
		webpage_tag(b, "\">", cp->title ? cp->title : cp->id, "</a></td>");
		webpage_tag(b, "<td>", cp->reference, "</td>");
		webpage_tag(b, "<td>", deadline, "</td>");
		buf_printf(b, "<td class=\"n asked\">%zu</td><td class=\"n replied\">%zu</td>"
		           "<td class=\"n late\">%zu</td><td class=\"n missing\">%zu</td>"
		           "<td class=\"n review\">%zu</td></tr>\n",
		           s->t.asked, s->t.replied, s->t.late, s->t.missing, s->n_reviews);
		summary_free(s);
	}
	buf_adds(b, "</table>\n");
	if (!rq->cfg->n_campaigns)
		webpage_tag(b, "<p>", t->no_campaigns, "</p>\n");
	webpage_foot(b);
	return rc ? rc : page_status(rs, err);
}

/* ---- the router ------------------------------------------------------ */

/* The campaign named by the segment at P (up to '/' or the end); *rest
 * gets what follows it. */
static const struct yk_campaign *
campaign_of(const struct web_req *rq, const char *p, const char **rest)
{
	const char *slash = strchr(p, '/');
	size_t n = slash ? (size_t)(slash - p) : strlen(p);

	*rest = p + n;
	for (size_t i = 0; i < rq->cfg->n_campaigns; i++) {
		const char *id = rq->cfg->campaigns[i].id;
		if (strlen(id) == n && !memcmp(id, p, n))
			return &rq->cfg->campaigns[i];
	}
	return NULL;
}

int
webpage_get(const struct web_req *rq, const char *path, struct web_resp *rs, struct yk_err *err)
{
	rs->status = 200;
	if (!strcmp(path, "/static/ykien.css")) {
		rs->content_type = "text/css; charset=utf-8";
		return buf_adds(&rs->body, CSS) ? yk_err_set(err, YK_ENOMEM, "out of memory") : 0;
	}
	if (!strcmp(path, "/"))
		return webpage_campaigns(rq, rs, err);
	if (!strcmp(path, "/review"))
		return webpage_review(rq, rs, err);
	if (!strncmp(path, "/c/", 3)) {
		const char *rest;
		const struct yk_campaign *cp = campaign_of(rq, path + 3, &rest);

		if (!cp)
			return webpage_not_found(rq, rs);
		if (!*rest)
			return webpage_status(rq, cp, rs, err);
		if (!strcmp(rest, "/reminders"))
			return webpage_reminders(rq, cp, rs, err);
		if (!strncmp(rest, "/report.", 8))
			return webpage_report(rq, cp, rest + 8, rs, err);
		return webpage_not_found(rq, rs);
	}
	if (!strncmp(path, "/m/", 3)) {
		char ref[65];
		const char *p = path + 3, *slash = strchr(p, '/');
		size_t n = slash ? (size_t)(slash - p) : strlen(p);

		if (n >= sizeof ref)
			return webpage_not_found(rq, rs);
		memcpy(ref, p, n);
		ref[n] = '\0';
		if (!webpage_is_hex(ref, 6, 64))
			return webpage_not_found(rq, rs);
		if (!slash)
			return webpage_message(rq, ref, rs, err);
		if (!strncmp(slash, "/a/", 3))
			return webpage_attachment(rq, ref, slash + 3, rs, err);
	}
	return webpage_not_found(rq, rs);
}

int
webpage_post(const struct web_req *rq, const char *path, const struct web_form *form,
             struct web_resp *rs, struct yk_err *err)
{
	char ref[65];
	const char *p, *slash;
	size_t n;

	rs->status = 200;
	if (strncmp(path, "/m/", 3))
		return webpage_not_found(rq, rs);
	p = path + 3;
	if (!(slash = strchr(p, '/')) || (n = (size_t)(slash - p)) >= sizeof ref)
		return webpage_not_found(rq, rs);
	memcpy(ref, p, n);
	ref[n] = '\0';
	if (!webpage_is_hex(ref, 6, 64))
		return webpage_not_found(rq, rs);
	if (strcmp(slash + 1, "assign") && strcmp(slash + 1, "set") &&
	    strcmp(slash + 1, "confirm") && strcmp(slash + 1, "notreply"))
		return webpage_not_found(rq, rs);
	/* the server checks the role; a page that changes things checks again */
	if (!rq->can_write)
		return webpage_error(rq, 403, NULL, rs) ? yk_err_set(err, YK_ENOMEM, "out of memory")
		                                        : 0;
	return webpage_action(rq, ref, slash + 1, form, rs, err);
}
