/*
 * letter_draft — the draft of letter.h's letter_write(): the libconfig
 * text of `forms` and `campaigns`, with a comment "# KIỂM TRA:" for each
 * thing the administrator must decide.  Strings are escaped for libconfig
 * and comments kept to one line, whatever the letter holds.
 */
#include "letter.h"

#include <stdlib.h>
#include <string.h>

#include "escape.h"

/* S in a comment: line breaks made spaces, so a comment stays one line. */
static void
com(struct buf *b, const char *s)
{
	for (; s && *s; s++)
		buf_addc(b, (unsigned char)*s < 0x20 || *s == 0x7f ? ' ' : *s);
}

static void
write_form(const struct letter *lt, struct buf *b)
{
	buf_adds(b, "forms = (\n  { id = ");
	(void)esc_libconfig(b, lt->form_id ? lt->form_id : "form");
	buf_adds(b, ";\n");
	if (lt->form_title) {
		buf_adds(b, "    # ");
		com(b, lt->form_title);
		buf_addc(b, '\n');
	}
	if (lt->form_notes) {
		for (const char *p = lt->form_notes; *p;) {
			size_t l = strcspn(p, "\n");
			buf_adds(b, "    # KIỂM TRA: ");
			buf_add(b, p, l);
			buf_addc(b, '\n');
			p += l + (p[l] == '\n');
		}
	}
	if (!lt->has_form) {
		buf_adds(b, "    # KIỂM TRA: no form was found (a title \"MẪU …\" or \"PHIẾU …\" in capitals\n"
		            "    # followed by numbered sections \"1. …\"): give it with --form FILE, or\n"
		            "    # write its sections here: { id = \"...\"; heading = \"...\"; }\n"
		            "    sections = ( ); }\n);\n");
		return;
	}
	buf_adds(b, "    sections = (\n");
	for (size_t s = 0; s < lt->n_sec; s++) {
		const struct letter_section *sec = &lt->sec[s];

		buf_adds(b, "      { id = ");
		(void)esc_libconfig(b, sec->id);
		buf_adds(b, ";\n        heading = ");
		(void)esc_libconfig(b, sec->heading);
		buf_adds(b, ";");
		for (size_t o = 0; o < sec->n_opt; o++) {
			buf_adds(b, o == 0 ? "\n        options = ( { id = " : ",\n                    { id = ");
			(void)esc_libconfig(b, sec->opt[o].id);
			buf_adds(b, "; text = ");
			(void)esc_libconfig(b, sec->opt[o].text);
			buf_adds(b, "; }");
		}
		buf_adds(b, sec->n_opt ? " ); }" : " }");
		buf_adds(b, s + 1 < lt->n_sec ? ",\n" : "\n");
	}
	buf_adds(b, "    ); }\n);\n");
}

/* Whom the letter is sent to: every group named gives "all"; some groups
 * "groups = [ … ]"; agencies named alone as well (or alone) the list of
 * codes they and the groups named make, as a campaign takes one or the
 * other. */
static void
write_agencies(const struct letter *lt, const struct letter_who *who, struct buf *b)
{
	unsigned long long named = 0, all;
	size_t n_groups = who->n_groups > 64 ? 64 : who->n_groups, n_named = 0, n_alone = 0;
	bool *alone = calloc(who->n_agencies + 1, sizeof *alone);

	all = n_groups == 64 ? ~0ULL : (1ULL << n_groups) - 1;
	if (!alone) {
		if (!b->failed)
			b->failed = YK_ENOMEM;
		return;
	}
	if (!lt->n_recipients) {
		buf_adds(b, "    # KIỂM TRA: no \"Kính gửi\" list was found: every agency is expected;\n"
		            "    # or write groups = [ \"...\" ]; or agencies = [ \"CODE\", ... ];\n"
		            "    agencies = \"all\";\n");
		free(alone);
		return;
	}
	buf_adds(b, "    # Kính gửi:\n");
	for (size_t i = 0; i < lt->n_recipients; i++) {
		unsigned long long m = 0;
		/* an agency by its name first: "UBND huyện Mỹ Tú" is not the
		 * group of every district */
		long a = letter_match_agency(lt->recipients[i], who);

		if (a < 0)
			letter_match_groups(lt->recipients[i], who->groups, n_groups, &m);
		buf_adds(b, m || a >= 0 ? "    #   " : "    # KIỂM TRA: matches no group or agency: ");
		com(b, lt->recipients[i]);
		if (a >= 0) {
			buf_printf(b, " (%s)", who->codes[a]);
			n_alone += !alone[a];
			alone[a] = true;
		}
		buf_addc(b, '\n');
		named |= m;
	}
	for (size_t g = 0; g < n_groups; g++)
		n_named += (named >> g) & 1;
	if (n_groups && named == all && !who->ungrouped) {
		buf_adds(b, "    agencies = \"all\";              # every group is named\n");
	} else if (!n_named && !n_alone) {
		buf_adds(b, "    # KIỂM TRA: no item of \"Kính gửi\" names a group or an agency: every\n"
		            "    # agency is expected; or list their codes: agencies = [ \"SNV\", ... ];\n"
		            "    agencies = \"all\";\n");
	} else if (!n_alone) {
		if (who->ungrouped)
			buf_printf(b, "    # KIỂM TRA: %zu agencies have no group and are not expected\n",
			           who->ungrouped);
		buf_adds(b, "    groups = [ ");
		for (size_t g = 0, k = 0; g < n_groups; g++) {
			if (!((named >> g) & 1))
				continue;
			if (k++)
				buf_adds(b, ", ");
			(void)esc_libconfig(b, who->groups[g]);
		}
		buf_adds(b, " ];\n");
	} else {
		if (n_named)
			buf_adds(b, "    # the agencies of the groups named and those named alone\n");
		buf_adds(b, "    agencies = [ ");
		for (size_t a = 0, k = 0; a < who->n_agencies; a++) {
			bool in = alone[a];
			for (size_t g = 0; !in && g < n_groups; g++)
				in = ((named >> g) & 1) && who->agency_group[a] &&
				     !strcmp(who->agency_group[a], who->groups[g]);
			if (!in)
				continue;
			if (k++)
				buf_adds(b, ", ");
			(void)esc_libconfig(b, who->codes[a]);
		}
		buf_adds(b, " ];\n");
	}
	free(alone);
}

static void
write_deadline(const struct letter *lt, struct buf *b)
{
	if (!lt->deadline[0]) {
		buf_adds(b, "    # KIỂM TRA: no deadline phrase was found (\"trong tháng …\", \"trước ngày …\",\n"
		            "    # \"chậm nhất ngày …\", \"trước 17 giờ 00 ngày …\"): write the deadline\n"
		            "    deadline = \"\";\n");
		return;
	}
	buf_adds(b, "    # KIỂM TRA: the deadline is read from \"");
	com(b, lt->deadline_phrase);
	buf_adds(b, "\"");
	if (lt->deadline_strict)
		/* In Vietnamese administrative usage "trước ngày 25/01" is
		 * "before the 25th": the 25th itself is late, as "chậm nhất
		 * ngày 25/01" or "trước hoặc trong ngày 25/01" would not be. */
		buf_adds(b, ":\n    # \"trước ngày D\" is before that day, so the end of the day before;\n"
		            "    # write D itself if the office means \"until D\"");
	else if (lt->deadline_relative)
		buf_adds(b, ",\n    # counted from the letter's date (Monday to Friday for working days,\n"
		            "    # holidays not taken out): count from the day it was sent");
	else if (!strchr(lt->deadline, 'T'))
		buf_adds(b, ": a date alone is until the end\n    # of that day, Viet Nam time");
	buf_addc(b, '\n');
	if (lt->deadline_others) {
		buf_adds(b, "    # KIỂM TRA: the letter also says ");
		com(b, lt->deadline_others);
		buf_addc(b, '\n');
	}
	buf_adds(b, "    deadline = ");
	(void)esc_libconfig(b, lt->deadline);
	buf_adds(b, ";\n");
	if (lt->deadline_working_days)
		buf_adds(b, "    # the letter counts in working days: a deadline on a day off moves on\n"
		            "    deadline_next_working_day = true;\n");
}

int
letter_write(const struct letter *lt, const struct letter_who *who, const char *source,
             struct buf *b, struct yk_err *err)
{
	buf_adds(b, "# Drafted by `ykien campaign new` from ");
	com(b, source ? source : "the letter");
	buf_adds(b, ".\n# Read every line, above all those beginning \"# KIỂM TRA:\", then include\n"
	            "# this file (or paste it) in ykien.conf and run `ykien check-config`.\n\n");
	if (lt->cut)
		buf_printf(b, "# KIỂM TRA: the letter has more than %d \"Kính gửi\" items, %d sections or\n"
		              "# %d options in a section: the rest was left out of this draft\n\n",
		           LETTER_MAX_RECIPIENTS, LETTER_MAX_SECTIONS, LETTER_MAX_OPTIONS);
	write_form(lt, b);
	buf_adds(b, "\ncampaigns = (\n  { id = ");
	if (!lt->reference)
		buf_adds(b, "\"campaign\";\n    # KIỂM TRA: no number \"Số: 118/UBND-TH\" was found\n"
		            "    reference = \"\";\n");
	else {
		(void)esc_libconfig(b, lt->id);
		buf_adds(b, ";\n    reference = ");
		(void)esc_libconfig(b, lt->reference);
		buf_adds(b, ";\n");
	}
	if (lt->subject) {
		/* the trích yếu the báo cáo and the đôn đốc cite ("về việc …") */
		buf_adds(b, "    about = ");
		(void)esc_libconfig(b, lt->subject);
		buf_adds(b, ";\n");
	}
	buf_adds(b, "    form = ");
	(void)esc_libconfig(b, lt->form_id ? lt->form_id : "form");
	buf_adds(b, ";\n");
	if (lt->title) {
		buf_adds(b, "    # the contest named after \"Hội thi\" in the title is this campaign's\n"
		            "    title = ");
		(void)esc_libconfig(b, lt->title);
		buf_adds(b, ";\n");
	} else {
		buf_adds(b, "    # KIỂM TRA: the form has no title: name the campaign, e.g. the contest\n"
		            "    # title = \"Phiếu tham gia ý kiến về Hội thi …\";\n");
	}
	if (lt->message_id) {
		buf_adds(b, "    letter_message_id = ");
		(void)esc_libconfig(b, lt->message_id);
		buf_adds(b, ";  # the letter as it was sent (--message-id)\n");
	} else {
		buf_adds(b, "    # KIỂM TRA: the letter's Message-ID is not known: `ykien dispatch` sends the\n"
		            "    # letter and records its own; if it was sent by hand, copy its Message-ID\n"
		            "    # letter_message_id = \"...\";\n");
	}
	if (lt->sent_y)
		buf_printf(b, "    sent = \"%04d-%02d-%02dT08:00:00+07:00\";  # the letter's date, "
		              "at the office's opening\n", lt->sent_y, lt->sent_m, lt->sent_d);
	else
		buf_adds(b, "    # KIỂM TRA: the letter's date was not found\n    sent = \"\";\n");
	write_deadline(lt, b);
	write_agencies(lt, who, b);
	buf_adds(b, "  }\n);\n");
	if (buf_status(b))
		return yk_err_set(err, buf_status(b), "letter: the draft is too large or out of memory");
	return 0;
}
