/*
 * status_table — the status table.  Alignment is by display width (libunistring
 * u8_strwidth), not bytes, so Vietnamese names line up in a terminal;
 * colour codes are added around the padded text, never counted in it.
 * The headings and words are translated (lib/i18n.h), so each column is as
 * wide as its widest word in the language shown; --json keeps its ids.
 */
#include "status_table.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistr.h>
#include <uniwidth.h>

#include "i18n.h"
#include "report.h"
#include "json.h"
#include "summary.h"

#define COL_GAP 2          /* spaces between columns */
#define NAME_MAX_WIDTH 44  /* longer names overflow their column rather than wrap */
#define LETTER_WIDTH 26   /* "2024-01-15 08:00 bounced" and the gap */
/* an option's wording is cut to this (with "…"): the table stays readable
 * in a terminal, and the report has the whole text */
#define CHOICE_MAX_WIDTH 36
#define CHOICE_EACH_WIDTH 24   /* each of several options chosen */

#define ANSI_GREEN "\033[32m"
#define ANSI_YELLOW "\033[33m"
#define ANSI_RED "\033[31m"
#define ANSI_BOLD "\033[1m"
#define ANSI_RESET "\033[0m"

static int
width_of(const char *s)
{
	return u8_strwidth((const uint8_t *)s, "UTF-8");
}

/* S in a column of display width W, padded with spaces (Vietnamese text is
 * multibyte; some letters are two code points). */
static void
status_table_pad(struct buf *out, const char *s, int w)
{
	buf_adds(out, s);
	for (int width = width_of(s); width < w && !buf_status(out); width++)
		buf_addc(out, ' ');
}

/* A padded cell, in COLOUR when colours are on: the codes go around the
 * text, the padding after them. */
static void
cell(struct buf *out, const char *s, int w, const char *colour, bool on)
{
	if (!on || !colour) {
		status_table_pad(out, s, w);
		return;
	}
	buf_adds(out, colour);
	buf_adds(out, s);
	buf_adds(out, ANSI_RESET);
	for (int width = width_of(s); width < w && !buf_status(out); width++)
		buf_addc(out, ' ');
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

/* S, cut to display width W with "…" when it is wider; a combining mark
 * (width 0) stays with its letter. */
static void
shorten(struct buf *out, const char *s, int w)
{
	const uint8_t *p = (const uint8_t *)s;
	size_t left = strlen(s);
	int width = 0;

	if (width_of(s) <= w) {
		buf_adds(out, s);
		return;
	}
	while (left) {
		ucs4_t uc;
		int n = u8_mbtouc(&uc, p, left);
		int cw = uc_width(uc, "UTF-8");

		if (cw > 0 && width + cw > w - 1)
			break;
		buf_add(out, p, (size_t)n);
		width += cw > 0 ? cw : 0;
		p += n;
		left -= (size_t)n;
	}
	buf_adds(out, "…");
}

/* The length of the words every option of SEC begins with ("Đề nghị "),
 * a whole word or more, leaving each option some text; 0 when none. */
static size_t
common_words(const struct yk_section *sec)
{
	size_t n = SIZE_MAX;

	if (sec->n_options < 2)
		return 0;
	for (size_t i = 0; i < sec->n_options; i++) {
		const char *a = sec->options[0].text, *b = sec->options[i].text;
		size_t k = 0;

		if (!a || !b)
			return 0;
		while (k < n && a[k] && a[k] == b[k])
			k++;
		n = k;
	}
	/* back to the end of the last whole word both share */
	while (n > 0 && sec->options[0].text[n - 1] != ' ')
		n--;
	for (size_t i = 0; i < sec->n_options; i++)
		if (!sec->options[i].text[n])
			return 0;
	return n;
}

int
status_table_choice(const struct yk_section *sec, uint32_t chosen, bool corrected,
                    struct buf *out)
{
	int n = 0, each;
	size_t skip;
	bool first = true;

	for (size_t i = 0; i < sec->n_options && i < 32; i++)
		n += (chosen >> i) & 1;
	/* several options repeat the question's verb ("Đề nghị …"): shown
	 * without it, each cut shorter, so that the row stays readable */
	each = n > 1 ? CHOICE_EACH_WIDTH : CHOICE_MAX_WIDTH;
	skip = n > 1 ? common_words(sec) : 0;
	for (size_t i = 0; i < sec->n_options && i < 32; i++) {
		if (!((chosen >> i) & 1))
			continue;
		if (!first)
			buf_adds(out, " + ");
		shorten(out, sec->options[i].text ? sec->options[i].text + skip : sec->options[i].id,
		        each);
		first = false;
	}
	if (first)
		buf_adds(out, "-");
	if (corrected)
		buf_addc(out, '*');
	return buf_status(out);
}

/* What the choice column shows of R: the wording (JSON: the ids, "a+b"),
 * "*" after it when a person set it; "-" without a reply or a choice. */
static void
choice_of(const struct summary *s, const struct summary_row *r, bool ids, struct buf *out)
{
	size_t k = choice_section(s->cp->form);

	if (!r->replied || k == SIZE_MAX || !r->answers) {
		buf_adds(out, "-");
		return;
	}
	if (!ids) {
		status_table_choice(&s->cp->form->sections[k], r->answers[k].choices,
		                    r->answers[k].choices_corrected, out);
		return;
	}
	summary_choice_ids(&s->cp->form->sections[k], r->answers[k].choices, out);
	if (r->answers[k].choices_corrected)
		buf_addc(out, '*');
}


/* The letter ykien dispatched to each agency (lib/dispatch.h), if any. */
struct letter {
	char *agency, *state, *sent_at;
	bool bounced;
};

struct letters {
	struct letter *v;
	size_t n, cap;
};

static int
on_letter(void *ctx, const struct store_dispatch *d)
{
	struct letters *l = ctx;
	struct letter *e;

	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 32;
		struct letter *v = realloc(l->v, cap * sizeof *v);
		if (!v)
			return YK_ENOMEM;
		l->v = v;
		l->cap = cap;
	}
	e = &l->v[l->n];
	e->agency = strdup(d->agency);
	e->state = strdup(d->state);
	e->sent_at = d->sent_at ? strdup(d->sent_at) : NULL;
	e->bounced = d->bounced_at != NULL;
	l->n++;
	return !e->agency || !e->state || (d->sent_at && !e->sent_at) ? YK_ENOMEM : 0;
}

static void
letters_free(struct letters *l)
{
	for (size_t i = 0; i < l->n; i++) {
		free(l->v[i].agency);
		free(l->v[i].state);
		free(l->v[i].sent_at);
	}
	free(l->v);
}

static const struct letter *
letter_of(const struct letters *l, const char *agency)
{
	for (size_t i = 0; i < l->n; i++)
		if (!strcmp(l->v[i].agency, agency))
			return &l->v[i];
	return NULL;
}

static void
json_row(struct buf *out, const struct summary *s, const struct summary_row *r,
         const char *choice, const struct letter *le)
{
	bool more = false;

	buf_adds(out, "{");
	json_member_str(out, &more, "agency", r->agency->code);
	json_member_str(out, &more, "name", r->agency->name);
	json_member_str(out, &more, "group", r->agency->group);
	json_member_bool(out, &more, "replied", r->replied);
	json_member_str(out, &more, "replied_at", r->received_at);
	json_member_bool(out, &more, "on_time", r->replied && !r->late);
	json_member_bool(out, &more, "late", r->late);
	json_member_str(out, &more, "choice", choice);
	json_member_bool(out, &more, "corrected", r->corrected_by != NULL);
	/* the last person who corrected or assigned the reply that counts
	 * (a clerk's name when listed), and when */
	json_member_str(out, &more, "corrected_by",
	                r->corrected_by ? report_who(s, r->corrected_by) : NULL);
	json_member_str(out, &more, "corrected_at", r->corrected_at);
	json_member_bool(out, &more, "assigned", r->assigned);
	json_member_bool(out, &more, "needs_review", r->needs_review);
	json_member_bool(out, &more, "unverified", r->unverified);
	json_member_bool(out, &more, "by_content", r->unregistered);
	json_member_bool(out, &more, "awaiting_review", r->awaiting);
	json_member_bool(out, &more, "bouncing", r->bouncing);
	buf_printf(out, ",\"reminders_sent\":%u,\"replies\":%lld", r->reminders_sent,
	           (long long)r->n_replies);
	/* the letter sent by `ykien dispatch`: null when none was */
	json_member_str(out, &more, "letter_state", le ? le->state : NULL);
	json_member_str(out, &more, "letter_sent_at", le ? le->sent_at : NULL);
	json_member_bool(out, &more, "letter_bounced", le && le->bounced);
	buf_adds(out, "}\n");
}

/*
 * The headings and words of the text table, translated once per table.
 * The Vietnamese are the report's (lib/report.c, report_words): a clerk
 * reads the same word for the same thing in both.
 */
struct table_words {
	const char *agency, *name, *status, *replied_at, *choice, *review, *unverified,
	           *reminders, *letter, *bouncing;
	const char *replied, *late, *missing, *awaiting, *yes, *by_content, *bounced;
	struct report_words time;   /* report_time() in the language's day order */
	int time_width;             /* of a time in that style */
};

static void
table_words_init(struct table_words *t)
{
	t->agency = _("AGENCY");
	t->name = _("NAME");
	t->status = _("STATUS");
	t->replied_at = _("REPLIED AT");
	t->choice = _("CHOICE");
	t->review = _("REVIEW");
	t->unverified = _("UNVERIFIED");
	t->reminders = _("REMINDERS");
	t->letter = _("LETTER SENT");
	t->bouncing = _("BOUNCING");
	/* TRANSLATORS: a unit that replied by the deadline */
	t->replied = _("replied");
	t->late = _("late");
	/* TRANSLATORS: a unit that has not replied */
	t->missing = _("missing");
	t->awaiting = _("awaiting review");
	t->yes = _("yes");
	/* TRANSLATORS: the reply that counts was recognised by its content, not
	 * by the unit's registered address */
	t->by_content = _("by content");
	t->bounced = _("bounced");
	t->time = *report_words(REPORT_EN);
	/* TRANSLATORS: the order of a date in the status table: "ymd" writes
	 * 2024-01-31 17:00, "dmy" writes 31/01/2024 17:00; translate as one of
	 * the two */
	t->time.day_first = !strcmp(_("ymd"), "dmy");
	{
		/* every time of a style is as wide ("09 giờ 05 ngày 01/02/2024") */
		char sample[40];

		report_time_t(&t->time, 0, sample);
		t->time_width = width_of(sample);
	}
}

/* The state of a dispatched letter not sent yet, in words. */
static const char *
letter_state(const char *state)
{
	if (!strcmp(state, "retry"))
		/* TRANSLATORS: a letter the mail server refused for now */
		return _("retry");
	if (!strcmp(state, "failed"))
		return _("failed");
	if (!strcmp(state, "pending"))
		return _("pending");
	return state;
}

/* Column widths: the longest code, name and choice, the words of the other
 * columns, each with the gap. */
struct widths {
	int code, name, choice, status, when, review, unverified, reminders, letter;
};

/* The widest of MIN and the words (NULL-terminated) with the gap. */
static int
col_width(int min, const char *const *words)
{
	int w = 0;

	for (; *words; words++)
		if (width_of(*words) > w)
			w = width_of(*words);
	return w + COL_GAP > min ? w + COL_GAP : min;
}

static void
widths_of_words(struct widths *w, const struct table_words *t)
{
	w->status = col_width(10, (const char *const[]){ t->status, t->replied, t->late, t->missing,
	                                                 NULL });
	w->when = col_width(18, (const char *const[]){ t->replied_at, NULL });
	if (t->time_width + COL_GAP > w->when)
		w->when = t->time_width + COL_GAP;
	w->review = col_width(17, (const char *const[]){ t->review, t->awaiting, t->yes, NULL });
	w->unverified = col_width(12, (const char *const[]){ t->unverified, t->yes, t->by_content,
	                                                     NULL });
	w->reminders = col_width(11, (const char *const[]){ t->reminders, NULL });
	/* a time, a space and "bounced" */
	w->letter = col_width(LETTER_WIDTH, (const char *const[]){ t->letter, NULL });
	if (t->time_width + 1 + width_of(t->bounced) + COL_GAP > w->letter)
		w->letter = t->time_width + 1 + width_of(t->bounced) + COL_GAP;
}

static void
header(struct buf *out, const struct yk_campaign *cp, const struct widths *w, bool on,
       bool letters, const struct table_words *t)
{
	buf_adds(out, on ? ANSI_BOLD : "");
	/* TRANSLATORS: the campaign's id, then its title */
	buf_printf(out, _("Campaign %s — %s"), cp->id, cp->title ? cp->title : cp->reference);
	buf_printf(out, "%s\n", on ? ANSI_RESET : "");
	buf_adds(out, "  ");
	status_table_pad(out, t->agency, w->code);
	status_table_pad(out, t->name, w->name);
	status_table_pad(out, t->status, w->status);
	status_table_pad(out, t->replied_at, w->when);
	status_table_pad(out, t->choice, w->choice);
	status_table_pad(out, t->review, w->review);
	status_table_pad(out, t->unverified, w->unverified);
	status_table_pad(out, t->reminders, w->reminders);
	if (letters)
		status_table_pad(out, t->letter, w->letter);
	buf_adds(out, t->bouncing);
	buf_addc(out, '\n');
}

static void
text_row(struct buf *out, const struct summary_row *r, const char *choice, const struct widths *w,
         bool on, const struct letters *letters, const struct table_words *t)
{
	const struct letter *le = letters->n ? letter_of(letters, r->agency->code) : NULL;
	char sent[40], lcell[64];

	char when[40], n[16];

	/* Viet Nam's time, as the reminders and the reports show it */
	report_time(&t->time, r->received_at, when);
	snprintf(n, sizeof n, "%u", r->reminders_sent);
	buf_adds(out, "  ");
	status_table_pad(out, r->agency->code, w->code);
	status_table_pad(out, r->agency->name, w->name);
	cell(out, !r->replied ? t->missing : r->late ? t->late : t->replied, w->status,
	     !r->replied ? ANSI_RED : r->late ? ANSI_YELLOW : ANSI_GREEN, on);
	status_table_pad(out, r->replied ? when : "-", w->when);
	status_table_pad(out, choice, w->choice);
	/* a reply held back is the one a person must look at first: it
	 * may change the answers that count */
	cell(out, r->awaiting ? t->awaiting : r->needs_review ? t->yes : "-", w->review,
	     r->awaiting || r->needs_review ? ANSI_YELLOW : NULL, on);
	cell(out, r->unverified ? t->yes : r->unregistered ? t->by_content : "-", w->unverified,
	     r->unverified || r->unregistered ? ANSI_YELLOW : NULL, on);
	status_table_pad(out, n, w->reminders);
	if (letters->n) {
		/* when it left; else what stands in its way ("retry", "failed") */
		if (le && le->sent_at)
			report_time(&t->time, le->sent_at, sent);
		snprintf(lcell, sizeof lcell, "%s%s%s", !le ? "-" : le->sent_at ? sent
		                                                          : letter_state(le->state),
		         le && le->bounced ? " " : "", le && le->bounced ? t->bounced : "");
		cell(out, lcell, w->letter,
		     !le ? ANSI_YELLOW : le->bounced || strcmp(le->state, "sent") ? ANSI_RED : NULL, on);
	}
	cell(out, r->bouncing ? t->yes : "-", 0, r->bouncing ? ANSI_RED : NULL, on);
	buf_addc(out, '\n');
}

static void
totals_json(struct buf *out, const struct summary *s, int64_t waiting)
{
	buf_printf(out, "{\"totals\":{\"campaign\":");
	json_str(out, s->cp->id);
	buf_printf(out, ",\"expected\":%zu,\"replied\":%zu,\"on_time\":%zu,\"missing\":%zu,"
	           "\"late\":%zu,\"needs_review\":%zu,\"unassigned\":%zu,"
	           "\"corrected\":%zu,\"unverified\":%zu,\"by_content\":%zu,"
	           "\"awaiting_review\":%zu,\"server_waiting\":%lld,\"questions\":%zu}}\n",
	           s->t.asked, s->t.replied, s->t.on_time, s->t.missing, s->t.late,
	           s->t.review, s->t.unassigned, s->t.corrected, s->t.unverified,
	           s->t.unregistered, s->t.awaiting, (long long)waiting, s->t.questions);
}

static void
totals_text(struct buf *out, const struct summary *s, int64_t waiting, const char *why)
{
	buf_printf(out, _("Totals: %zu expected, %zu replied (%zu on time, %zu late), "
	                  "%zu missing, %zu need review, %zu unassigned, %zu corrected\n"),
	           s->t.asked, s->t.replied, s->t.on_time, s->t.late, s->t.missing,
	           s->t.review, s->t.unassigned, s->t.corrected);
	if (s->t.questions)
		buf_printf(out, P_("  %zu of those to review is a question from an agency that "
		                   "needs an answer (ykien review)\n",
		                   "  %zu of those to review are a question from an agency that "
		                   "needs an answer (ykien review)\n", s->t.questions),
		           s->t.questions);
	if (s->t.corrected)
		buf_adds(out, _("  * a person corrected the choice (ykien show CODE)\n"));
	if (s->t.awaiting)
		buf_adds(out, _("  awaiting review: a reply not from the agency's registered "
		                "address (identified by content) would replace the one that "
		                "counts; it counts only once a person confirms it (ykien review, "
		                "then ykien assign or ykien set)\n"));
	if (s->t.unregistered)
		buf_adds(out, _("  by content: the reply that counts did not come from a "
		                "registered address; the agency was identified by its content\n"));
	if (waiting > 0)
		buf_printf(out, s->cfg->mailbox.after_filing == AFTER_SEEN
		                ? _("Server: %lld filed message(s) not yet flagged on the mail server, "
		                    "which refused: %s (tried again later)\n")
		                : _("Server: %lld filed message(s) not yet moved on the mail server, "
		                    "which refused: %s (tried again later)\n"),
		           (long long)waiting, why);
}

/* Who corrected or assigned the reply that counts, and when, per agency:
 * the table shows what counts, this says whose work it is. */
static void
people_text(struct buf *out, const struct summary *s, const struct table_words *t)
{
	char when[40];

	for (size_t i = 0; i < s->n_rows; i++) {
		const struct summary_row *r = &s->rows[i];

		if (!r->replied || !r->corrected_by)
			continue;
		report_time(&t->time, r->corrected_at, when);
		buf_printf(out, r->assigned ? _("  %s: assigned or corrected by %s, %s\n")
		                            : _("  %s: corrected by %s, %s\n"),
		           r->agency->code, report_who(s, r->corrected_by), when);
	}
}

int
status_table(const struct yk_config *cfg, struct store *st, const struct status_table_opts *o,
             struct buf *out, struct yk_err *err)
{
	struct table_words t;
	struct widths w;
	bool on = o->colour && !o->json;
	struct summary *s = NULL;
	struct buf choice;
	struct letters letters = { 0 };
	int64_t waiting = 0;
	char why[300];
	int rc;

	if ((rc = summary_load(cfg, o->campaign, st, &s, err)))
		return rc;
	/* the mailbox's, not the campaign's: a server action that keeps being
	 * refused is shown to whoever looks (ykien status) */
	if ((rc = store_server_waiting(st, cfg->mailbox.url, &waiting, why, sizeof why, err))) {
		summary_free(s);
		return rc;
	}
	table_words_init(&t);
	w = (struct widths){ .code = width_of(t.agency), .name = width_of(t.name),
		             .choice = width_of(t.choice) > 8 ? width_of(t.choice) : 8 };
	widths_of_words(&w, &t);
	buf_init(&choice, 0);
	for (size_t i = 0; i < s->n_rows; i++) {
		const struct summary_row *r = &s->rows[i];
		int wn = width_of(r->agency->name);
		if (width_of(r->agency->code) > w.code)
			w.code = width_of(r->agency->code);
		if (wn > w.name)
			w.name = wn < NAME_MAX_WIDTH ? wn : NAME_MAX_WIDTH;
		buf_reset(&choice);
		choice_of(s, r, o->json, &choice);
		if (!buf_status(&choice) && width_of(choice.data) > w.choice)
			w.choice = width_of(choice.data);
	}
	w.code += COL_GAP;
	w.name += COL_GAP;
	w.choice += COL_GAP;
	rc = store_dispatch_each(st, o->campaign->id, on_letter, &letters, err);
	if (rc == YK_ENOMEM)
		rc = yk_err_set(err, rc, "status: out of memory");
	if (rc) {
		letters_free(&letters);
		buf_free(&choice);
		summary_free(s);
		return rc;
	}
	if (!o->json)
		header(out, o->campaign, &w, on, letters.n > 0, &t);
	for (size_t i = 0; i < s->n_rows && !buf_status(out); i++) {
		buf_reset(&choice);
		choice_of(s, &s->rows[i], o->json, &choice);
		if ((rc = buf_status(&choice)))
			break;
		if (o->json)
			json_row(out, s, &s->rows[i], choice.data,
			         letter_of(&letters, s->rows[i].agency->code));
		else
			text_row(out, &s->rows[i], choice.data, &w, on, &letters, &t);
	}
	if (o->json) {
		totals_json(out, s, waiting);
	} else {
		totals_text(out, s, waiting, why);
		people_text(out, s, &t);
	}
	if (rc || (rc = buf_status(out)))
		rc = yk_err_set(err, rc, "status: %s", rc == YK_ELIMIT ? "too large" : "out of memory");
	letters_free(&letters);
	buf_free(&choice);
	summary_free(s);
	return rc;
}
