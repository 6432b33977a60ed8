/*
 * status_table — the status table.  Alignment is by display width (libunistring
 * u8_strwidth), not bytes, so Vietnamese names line up in a terminal;
 * colour codes are added around the padded text, never counted in it.
 */
#include "status_table.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <uniwidth.h>

#include "report.h"
#include "json.h"
#include "summary.h"

#define COL_GAP 2          /* spaces between columns */
#define NAME_MAX_WIDTH 44  /* longer names overflow their column rather than wrap */

#define ANSI_GREEN "\033[32m"
#define ANSI_YELLOW "\033[33m"
#define ANSI_RED "\033[31m"
#define ANSI_BOLD "\033[1m"
#define ANSI_RESET "\033[0m"

int
status_table_pad(struct buf *out, const char *s, int w)
{
	int width = u8_strwidth((const uint8_t *)s, "UTF-8");
	int rc = buf_adds(out, s);

	for (; !rc && width < w; width++)
		rc = buf_addc(out, ' ');
	return rc;
}

/* A padded cell, in COLOUR when colours are on. */
static int
cell(struct buf *out, const char *s, int w, const char *colour, bool on)
{
	int rc = 0;

	if (on && colour)
		rc |= buf_adds(out, colour);
	if (on && colour && w > 0) {
		/* the codes go around the text, the padding after them */
		int width = u8_strwidth((const uint8_t *)s, "UTF-8");
		rc |= buf_adds(out, s);
		rc |= buf_adds(out, ANSI_RESET);
		for (; !rc && width < w; width++)
			rc |= buf_addc(out, ' ');
		return rc;
	}
	rc |= status_table_pad(out, s, w);
	if (on && colour)
		rc |= buf_adds(out, ANSI_RESET);
	return rc;
}

static int
width_of(const char *s)
{
	return u8_strwidth((const uint8_t *)s, "UTF-8");
}

/* The first choice section of the form, or SIZE_MAX. */
static size_t
choice_section(const struct yk_form *f)
{
	for (size_t i = 0; i < f->n_sections; i++)
		if (f->sections[i].n_options)
			return i;
	return SIZE_MAX;
}

/* The option ids chosen ("a+b"), "*" after them when a person set them. */
static int
choice_of(const struct summary *s, const struct summary_row *r, struct buf *out)
{
	size_t k = choice_section(s->cp->form);
	int rc;

	if (!r->replied || k == SIZE_MAX || !r->answers)
		return buf_adds(out, "-");
	rc = summary_choice_ids(&s->cp->form->sections[k], r->answers[k].choices, out);
	if (r->answers[k].choices_corrected)
		rc |= buf_addc(out, '*');
	return rc;
}

static int
json_row(struct buf *out, const struct summary *s, const struct summary_row *r)
{
	struct buf choice;
	bool more = false;
	int rc = 0;

	buf_init(&choice, 0);
	rc |= choice_of(s, r, &choice);
	rc |= buf_adds(out, "{");
	rc |= json_member_str(out, &more, "agency", r->agency->code);
	rc |= json_member_str(out, &more, "name", r->agency->name);
	rc |= json_member_str(out, &more, "group", r->agency->group);
	rc |= json_member_bool(out, &more, "replied", r->replied);
	rc |= json_member_str(out, &more, "replied_at", r->received_at);
	rc |= json_member_bool(out, &more, "on_time", r->replied && !r->late);
	rc |= json_member_bool(out, &more, "late", r->late);
	rc |= json_member_str(out, &more, "choice", choice.data);
	rc |= json_member_bool(out, &more, "corrected", r->corrected_by != NULL);
	rc |= json_member_bool(out, &more, "needs_review", r->needs_review);
	rc |= json_member_bool(out, &more, "unverified", r->unverified);
	rc |= json_member_bool(out, &more, "by_content", r->unregistered);
	rc |= json_member_bool(out, &more, "awaiting_review", r->awaiting);
	rc |= json_member_bool(out, &more, "bouncing", r->bouncing);
	rc |= buf_printf(out, ",\"reminders_sent\":%u,\"replies\":%lld}\n", r->reminders_sent,
	                 (long long)r->n_replies);
	buf_free(&choice);
	return rc;
}

int
status_table(const struct yk_config *cfg, struct store *st, const struct status_table_opts *o,
              struct buf *out, struct yk_err *err)
{
	const struct yk_campaign *cp = o->campaign;
	struct summary *s = NULL;
	struct buf choice;
	int w_code = (int)strlen("AGENCY"), w_name = (int)strlen("NAME"), w_choice = 8;
	bool on = o->colour && !o->json;
	int rc = 0;

	int64_t waiting = 0;
	char why[300];

	if ((rc = summary_load(cfg, cp, st, &s, err)))
		return rc;
	/* the mailbox's, not the campaign's: a server action that keeps being
	 * refused is shown to whoever looks (ykien status) */
	if ((rc = store_server_waiting(st, cfg->mailbox.url, &waiting, why, sizeof why, err))) {
		summary_free(s);
		return rc;
	}
	buf_init(&choice, 0);
	for (size_t i = 0; i < s->n_rows; i++) {
		const struct summary_row *r = &s->rows[i];
		int wn = width_of(r->agency->name);
		if (width_of(r->agency->code) > w_code)
			w_code = width_of(r->agency->code);
		if (wn > w_name)
			w_name = wn < NAME_MAX_WIDTH ? wn : NAME_MAX_WIDTH;
		buf_reset(&choice);
		rc |= choice_of(s, r, &choice);
		if (width_of(choice.data) > w_choice)
			w_choice = width_of(choice.data);
	}
	w_code += COL_GAP;
	w_name += COL_GAP;
	w_choice += COL_GAP;
	if (!o->json) {
		rc |= buf_printf(out, "%sCampaign %s — %s%s\n", on ? ANSI_BOLD : "", cp->id,
		                 cp->title ? cp->title : cp->reference, on ? ANSI_RESET : "");
		rc |= buf_adds(out, "  ");
		rc |= status_table_pad(out, "AGENCY", w_code);
		rc |= status_table_pad(out, "NAME", w_name);
		rc |= status_table_pad(out, "STATUS", 10);
		rc |= status_table_pad(out, "REPLIED AT", 18);
		rc |= status_table_pad(out, "CHOICE", w_choice);
		rc |= status_table_pad(out, "REVIEW", 17);
		rc |= status_table_pad(out, "UNVERIFIED", 12);
		rc |= status_table_pad(out, "REMINDERS", 11);
		rc |= buf_adds(out, "BOUNCING\n");
	}
	for (size_t i = 0; i < s->n_rows && !rc; i++) {
		const struct summary_row *r = &s->rows[i];
		char when[40], n[16];
		if (o->json) {
			rc |= json_row(out, s, r);
			continue;
		}
		/* Viet Nam's time, as the reminders and the reports show it */
		report_time(report_words(REPORT_EN), r->received_at, when);
		buf_reset(&choice);
		rc |= choice_of(s, r, &choice);
		snprintf(n, sizeof n, "%u", r->reminders_sent);
		rc |= buf_adds(out, "  ");
		rc |= status_table_pad(out, r->agency->code, w_code);
		rc |= status_table_pad(out, r->agency->name, w_name);
		rc |= cell(out, !r->replied ? "missing" : r->late ? "late" : "replied", 10,
		           !r->replied ? ANSI_RED : r->late ? ANSI_YELLOW : ANSI_GREEN, on);
		rc |= status_table_pad(out, r->replied ? when : "-", 18);
		rc |= status_table_pad(out, choice.data, w_choice);
		/* a reply held back is the one a person must look at first: it
		 * may change the answers that count */
		rc |= cell(out, r->awaiting ? "awaiting review" : r->needs_review ? "yes" : "-", 17,
		           r->awaiting || r->needs_review ? ANSI_YELLOW : NULL, on);
		rc |= cell(out, r->unverified ? "yes" : r->unregistered ? "by content" : "-", 12,
		           r->unverified || r->unregistered ? ANSI_YELLOW : NULL, on);
		rc |= status_table_pad(out, n, 11);
		rc |= cell(out, r->bouncing ? "yes" : "-", 0, r->bouncing ? ANSI_RED : NULL, on);
		rc |= buf_addc(out, '\n');
	}
	if (o->json) {
		rc |= buf_printf(out, "{\"totals\":{\"campaign\":");
		rc |= json_str(out, cp->id);
		rc |= buf_printf(out, ",\"expected\":%zu,\"replied\":%zu,\"on_time\":%zu,\"missing\":%zu,"
		                 "\"late\":%zu,\"needs_review\":%zu,\"unassigned\":%zu,"
		                 "\"corrected\":%zu,\"unverified\":%zu,\"by_content\":%zu,"
		                 "\"awaiting_review\":%zu,\"server_waiting\":%lld}}\n",
		                 s->t.asked, s->t.replied, s->t.on_time, s->t.missing, s->t.late,
		                 s->t.review, s->t.unassigned, s->t.corrected, s->t.unverified,
		                 s->t.unregistered, s->t.awaiting, (long long)waiting);
	} else {
		rc |= buf_printf(out, "Totals: %zu expected, %zu replied (%zu on time, %zu late), "
		                 "%zu missing, %zu need review, %zu unassigned, %zu corrected\n",
		                 s->t.asked, s->t.replied, s->t.on_time, s->t.late, s->t.missing,
		                 s->t.review, s->t.unassigned, s->t.corrected);
		if (s->t.corrected)
			rc |= buf_adds(out, "  * a person corrected the choice (ykien show CODE)\n");
		if (s->t.awaiting)
			rc |= buf_adds(out, "  awaiting review: a reply not from the agency's registered "
			                    "address (identified by content) would replace the one that "
			                    "counts; it counts only once a person confirms it (ykien review, "
			                    "then ykien assign or ykien set)\n");
		if (s->t.unregistered)
			rc |= buf_adds(out, "  by content: the reply that counts did not come from a "
			                    "registered address; the agency was identified by its content\n");
		if (waiting > 0)
			rc |= buf_printf(out, "Server: %lld filed message(s) not yet %s on the mail server, "
			                 "which refused: %s (tried again later)\n", (long long)waiting,
			                 cfg->mailbox.after_filing == AFTER_SEEN ? "flagged" : "moved",
			                 why);
	}
	if (rc && !err->code)
		rc = yk_err_set(err, YK_ENOMEM, "out of memory");
	buf_free(&choice);
	summary_free(s);
	return rc;
}
