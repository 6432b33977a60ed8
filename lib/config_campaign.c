/*
 * config_campaign — the forms (sections and their options) and the
 * campaigns (a letter sent to agencies, its deadline and reminders) of
 * ykien.conf.  Agencies are loaded before, so a campaign names them.
 */
#include "agcode.h"
#include "config_p.h"

#include <stdlib.h>
#include <string.h>

#include "isotime.h"
#include "orgname.h"
#include "text.h"
#include "vncal.h"

/* The days of list NAME of group G ("2027-02-05" or "05/02/2027") as local
 * day numbers into *out (NULL when none). */
static void
load_days(struct loader *ld, const config_setting_t *g, const char *name, long long **out,
          size_t *n)
{
	size_t ns = 0;
	char **v = config_get_strs(ld, g, name, 1000, &ns, false);

	*out = NULL;
	*n = 0;
	if (ns)
		*out = config_calloc(ns, sizeof **out);
	for (size_t i = 0; i < ns; i++) {
		int y, m, d;
		if (isotime_parse_date(v[i], &y, &m, &d))
			config_bad(ld, config_setting_get_elem(config_setting_get_member(g, name),
			                                       (unsigned)i),
			    "calendar.%s: \"%s\": expected a date \"31/01/2024\" or \"2024-01-31\"",
			    name, v[i]);
		else
			(*out)[(*n)++] = isotime_days_from_civil(y, m, d);
	}
	config_free_strs(v, ns);
}

/* The top-level group 'calendar': days off and make-up working days the
 * Government announces for the years after the shipped table's
 * (lib/vncal.h). */
static void
load_calendar(struct loader *ld, config_t *c)
{
	static const char *const known[] = { "days_off", "working_days", NULL };
	config_setting_t *g = config_lookup(c, "calendar");
	struct vncal_extra *x = &ld->cfg->calendar;

	if (!g)
		return;
	if (config_setting_type(g) != CONFIG_TYPE_GROUP) {
		config_bad(ld, g, "'calendar' must be a group { days_off = [ \"2027-02-05\", ... ]; "
		           "working_days = [ ... ]; }");
		return;
	}
	config_check_members(ld, g, known);
	load_days(ld, g, "days_off", &x->days_off, &x->n_days_off);
	load_days(ld, g, "working_days", &x->working_days, &x->n_working_days);
}

/* deadline_next_working_day: a deadline on a day off (a weekend, a
 * holiday, an announced or configured day off, or one of the campaign's
 * reminders.holidays) moves to the same time of the next working day, as
 * a deadline counted in working days does.  The search stops after a
 * year, which no calendar reaches. */
static void
move_deadline(struct yk_campaign *cp, const struct vncal_extra *cal)
{
	long long day = ((long long)cp->deadline + ISOTIME_VN_OFFSET) / 86400, moved = 0;

	while (moved < 366 && (!vncal_working(cal, day + moved) ||
	                       vncal_listed(cp->reminders.holidays, cp->reminders.n_holidays, day + moved)))
		moved++;
	if (moved < 366)
		cp->deadline = (time_t)((long long)cp->deadline + moved * 86400);
}

void
config_load_forms(struct loader *ld, config_t *c)
{
	config_setting_t *l = config_lookup(c, "forms");
	struct yk_config *cfg = ld->cfg;
	char p[256];
	int n;

	if (!l || !config_setting_is_list(l)) {
		config_bad(ld, l, "missing list 'forms = ( { id = \"...\"; sections = ( ... ); } );'");
		return;
	}
	n = config_setting_length(l);
	cfg->forms = config_calloc((size_t)n, sizeof *cfg->forms);
	for (int i = 0; i < n; i++) {
		static const char *const known[] = { "id", "sections", NULL };
		config_setting_t *g = config_list_group(ld, l, i, "{ id = ...; sections = (...); }",
		                                        known);
		config_setting_t *secs;
		struct yk_form *f = &cfg->forms[cfg->n_forms];
		int ns;

		if (!g)
			continue;
		cfg->n_forms++;
		f->id = config_get_str(ld, g, "id", true);
		for (size_t j = 0; f->id && j + 1 < cfg->n_forms; j++)
			if (cfg->forms[j].id && !strcmp(cfg->forms[j].id, f->id))
				config_bad(ld, config_setting_get_member(g, "id"), "duplicate form id \"%s\"", f->id);
		secs = config_setting_get_member(g, "sections");
		if (!secs || !config_setting_is_list(secs) || config_setting_length(secs) == 0) {
			config_bad(ld, secs ? secs : g, "%s: expected 'sections = ( { id = ...; heading = ...; }, ... );'",
			    config_path_of(g, p, sizeof p));
			continue;
		}
		ns = config_setting_length(secs);
		f->sections = config_calloc((size_t)ns, sizeof *f->sections);
		for (int k = 0; k < ns; k++) {
			static const char *const sknown[] = { "id", "heading", "options", NULL };
			config_setting_t *sg = config_list_group(ld, secs, k,
			        "{ id = ...; heading = ...; }", sknown);
			config_setting_t *opts;
			struct yk_section *sec = &f->sections[f->n_sections];

			if (!sg)
				continue;
			f->n_sections++;
			sec->id = config_get_str(ld, sg, "id", true);
			sec->heading = config_get_str(ld, sg, "heading", true);
			sec->key = sec->heading ? text_key(sec->heading, strlen(sec->heading), NULL) : NULL;
			sec->org_key = sec->heading ? orgname_key(sec->heading, strlen(sec->heading)) : NULL;
			for (size_t j = 0; sec->id && j + 1 < f->n_sections; j++)
				if (f->sections[j].id && !strcmp(f->sections[j].id, sec->id))
					config_bad(ld, config_setting_get_member(sg, "id"),
					    "duplicate section id \"%s\" in form \"%s\"", sec->id,
					    f->id ? f->id : "?");
			opts = config_setting_get_member(sg, "options");
			if (!opts)
				continue;
			if (!config_setting_is_list(opts) ||
			    config_setting_length(opts) > CONFIG_MAX_OPTIONS) {
				config_bad(ld, opts, "%s: expected a list of at most %d { id = ...; text = ...; }",
				    config_path_of(opts, p, sizeof p), CONFIG_MAX_OPTIONS);
				continue;
			}
			sec->options = config_calloc((size_t)config_setting_length(opts), sizeof *sec->options);
			for (int o = 0; o < config_setting_length(opts); o++) {
				config_setting_t *og = config_list_group(ld, opts, o,
				        "{ id = ...; text = ...; }", NULL);
				if (!og)
					continue;
				sec->options[sec->n_options].id = config_get_str(ld, og, "id", true);
				sec->options[sec->n_options].text = config_get_str(ld, og, "text", true);
				if (sec->options[sec->n_options].text)
					sec->options[sec->n_options].key =
						text_key(sec->options[sec->n_options].text,
						         strlen(sec->options[sec->n_options].text), NULL);
				sec->n_options++;
				for (size_t j = 0; sec->options[sec->n_options - 1].id &&
				                   j + 1 < sec->n_options; j++)
					if (sec->options[j].id &&
					    !strcmp(sec->options[j].id, sec->options[sec->n_options - 1].id))
						config_bad(ld, config_setting_get_member(og, "id"),
						    "duplicate option id \"%s\" in section \"%s\"",
						    sec->options[j].id, sec->id ? sec->id : "?");
			}
		}
	}
}

/* The time NAME of group G into *out, as people write it (ISO 8601,
 * "31/01/2024 17:00" in Viet Nam time, or a day alone).  IS_DAY non-NULL: a
 * deadline, whose day alone is the end of that day, *is_day saying so;
 * else the letter's date, whose day alone is the start of that day. */
static bool
get_time(struct loader *ld, const config_setting_t *g, const char *name, time_t *out,
         bool *is_day)
{
	char *s = config_get_str(ld, g, name, true);
	char p[256];
	bool ok = false;

	if (s) {
		ok = isotime_parse_human(s, is_day ? 1 : 0, out, is_day) == 0;
		if (!ok) {
			const config_setting_t *m = config_setting_get_member(g, name);
			config_bad(ld, m, "'%s' = \"%s\": expected a date \"31/01/2024\" or "
			           "\"2024-01-31\" (%s of that day, Viet Nam time), a date and time "
			           "\"31/01/2024 17:00\" (Viet Nam time) or "
			           "\"2024-01-31T17:00:00+07:00\"", config_path_of(m, p, sizeof p), s,
			           is_day ? "until the end" : "the start");
		}
	}
	free(s);
	return ok;
}

static void
load_reminders(struct loader *ld, const config_setting_t *cg, struct yk_reminder_rules *r)
{
	config_setting_t *g = config_setting_get_member(cg, "reminders");
	config_setting_t *s;
	char p[256];
	long long v;
	char *t;
	int y, m, d;

	r->send_at_minutes = 8 * 60;
	r->working_days_only = true;
	if (!g)
		return;
	if (config_setting_type(g) != CONFIG_TYPE_GROUP) {
		config_bad(ld, g, "%s must be a group { before_days = [...]; ... }", config_path_of(g, p, sizeof p));
		return;
	}
	if ((s = config_setting_get_member(g, "before_days"))) {
		int n = config_setting_length(s);
		if (!config_setting_is_array(s) && !config_setting_is_list(s)) {
			config_bad(ld, s, "reminders.before_days must be a list of whole numbers [ 7, 3, 1 ]");
		} else {
			r->before_days = config_calloc((size_t)n, sizeof *r->before_days);
			for (int i = 0; i < n; i++) {
				config_setting_t *e = config_setting_get_elem(s, (unsigned)i);
				if (config_setting_type(e) != CONFIG_TYPE_INT ||
				    config_setting_get_int(e) < 0 || config_setting_get_int(e) > 365) {
					config_bad(ld, e, "reminders.before_days: expected whole numbers of days from 0 to 365");
					continue;
				}
				r->before_days[r->n_before_days++] = config_setting_get_int(e);
			}
		}
	}
	{
		static const char *const known[] = { "before_days", "overdue_every_days",
			"overdue_max", "send_at", "working_days_only", "holidays", NULL };
		config_check_members(ld, g, known);
	}
	if (config_get_int(ld, g, "overdue_every_days", 1, 365, &v))
		r->overdue_every_days = (int)v;
	if (config_get_int(ld, g, "overdue_max", 0, 100, &v))
		r->overdue_max = (int)v;
	if (r->overdue_max > 0 && r->overdue_every_days == 0)
		config_bad(ld, config_setting_get_member(g, "overdue_max"),
		    "reminders.overdue_max needs overdue_every_days (days between two overdue reminders)");
	config_get_bool(ld, g, "working_days_only", &r->working_days_only);
	if ((t = config_get_str(ld, g, "send_at", false))) {
		if (isotime_parse_hhmm(t, &r->send_at_minutes))
			config_bad(ld, config_setting_get_member(g, "send_at"),
			    "reminders.send_at = \"%s\": expected a local time \"HH:MM\"", t);
		free(t);
	}
	r->holidays = config_get_strs(ld, g, "holidays", 1000, &r->n_holidays, false);
	for (size_t i = 0; i < r->n_holidays; i++)
		if (isotime_parse_date(r->holidays[i], &y, &m, &d))
			config_bad(ld, config_setting_get_elem(config_setting_get_member(g, "holidays"), (unsigned)i),
			    "holiday \"%s\": expected a date \"31/01/2024\" or \"2024-01-31\"", r->holidays[i]);
}

/* The keys of `ykien dispatch` (lib/dispatch.h): the letter to attach,
 * the subject, and the per-agency reply address by sub-addressing. */
static void
load_dispatch(struct loader *ld, const config_setting_t *g, struct yk_campaign *cp)
{
	const char *pct;

	cp->letter_path = config_get_str(ld, g, "letter", false);
	cp->letter_name = config_get_str(ld, g, "letter_name", false);
	if (cp->letter_name && (strchr(cp->letter_name, '/') || strpbrk(cp->letter_name, "\r\n")))
		config_bad(ld, config_setting_get_member(g, "letter_name"),
		    "letter_name: expected a file name without '/' or line breaks");
	cp->subject = config_get_str(ld, g, "subject", false);
	if (cp->subject && strpbrk(cp->subject, "\r\n"))
		config_bad(ld, config_setting_get_member(g, "subject"),
		    "subject: expected one line");
	cp->reply_address = config_get_str(ld, g, "reply_address", false);
	/* one %s, in the local part: the server must deliver it to the
	 * mailbox ykien reads (sub-addressing, "user+tag@host") */
	if (cp->reply_address &&
	    (!(pct = strstr(cp->reply_address, "%s")) || strstr(pct + 2, "%") ||
	     strchr(cp->reply_address, '%') != pct || !strchr(pct, '@') ||
	     strchr(cp->reply_address, '@') != strrchr(cp->reply_address, '@') ||
	     strpbrk(cp->reply_address, " \t\r\n<>,;\"")))
		config_bad(ld, config_setting_get_member(g, "reply_address"),
		    "reply_address = \"%s\": expected an address with one %%s before its '@', "
		    "e.g. \"tonghop+%%s@soctrang.example\"", cp->reply_address);
}

/*
 * groups = [ "Sở, ban ngành", ... ]: the expected agencies are those whose
 * group is one of these (as `ykien campaign new` writes from the letter's
 * "Kính gửi"), resolved here into agency_idx like a list of codes.  A
 * group no agency has is an error: a typo would silently expect nobody.
 */
static void
load_groups(struct loader *ld, const config_setting_t *g, struct yk_campaign *cp)
{
	const struct yk_config *cfg = ld->cfg;
	const config_setting_t *gs = config_setting_get_member(g, "groups");

	cp->groups = config_get_strs(ld, g, "groups", 1000, &cp->n_groups, true);
	if (config_setting_is_aggregate(gs) && config_setting_length(gs) == 0)
		config_bad(ld, gs, "campaign \"%s\": 'groups' is empty (say agencies = \"all\" for all)",
		    cp->id ? cp->id : "?");
	for (size_t k = 0; k < cp->n_groups; k++) {
		bool known = false;
		for (size_t i = 0; i < cfg->n_agencies && !known; i++)
			known = cfg->agencies[i].group && !strcmp(cfg->agencies[i].group, cp->groups[k]);
		if (!known)
			config_bad(ld, config_setting_get_elem(gs, (unsigned)k),
			    "campaign \"%s\": unknown group \"%s\" (no agency has it as its 'group')",
			    cp->id ? cp->id : "?", cp->groups[k]);
	}
	cp->agency_idx = config_calloc(cfg->n_agencies ? cfg->n_agencies : 1, sizeof *cp->agency_idx);
	for (size_t i = 0; i < cfg->n_agencies; i++)
		for (size_t k = 0; k < cp->n_groups; k++)
			if (cfg->agencies[i].group && !strcmp(cfg->agencies[i].group, cp->groups[k])) {
				cp->agency_idx[cp->n_agencies++] = i;
				break;
			}
}

void
config_load_campaigns(struct loader *ld, config_t *c)
{
	config_setting_t *l = config_lookup(c, "campaigns");
	struct yk_config *cfg = ld->cfg;
	int n;

	load_calendar(ld, c);
	if (!l) {
		config_bad(ld, NULL, "missing list 'campaigns = ( { id = ...; reference = ...; form = ...; ... } );'");
		return;
	}
	if (!config_setting_is_list(l)) {
		config_bad(ld, l, "'campaigns' must be a list ( { ... }, ... )");
		return;
	}
	n = config_setting_length(l);
	cfg->campaigns = config_calloc((size_t)n, sizeof *cfg->campaigns);
	for (int i = 0; i < n; i++) {
		static const char *const known[] = { "id", "reference", "form", "title",
			"letter_message_id", "sent", "deadline", "agencies", "reminders", "template",
			"attach", "template_html", "attach_name", "acknowledge", "groups",
			"deadline_next_working_day", "letter", "letter_name", "subject", "reply_address",
			"about", NULL };
		config_setting_t *g = config_list_group(ld, l, i, "{ id = ...; ... }", known);
		config_setting_t *ag;
		struct yk_campaign *cp = &cfg->campaigns[cfg->n_campaigns];
		bool have_sent, have_deadline;

		if (!g)
			continue;
		cfg->n_campaigns++;
		cp->id = config_get_str(ld, g, "id", true);
		if (cp->id && !agcode_valid(cp->id))
			config_bad(ld, config_setting_get_member(g, "id"),
			    "campaign id \"%s\": expected letters, digits, '_', '-' or '.'", cp->id);
		for (size_t j = 0; cp->id && j + 1 < cfg->n_campaigns; j++)
			if (cfg->campaigns[j].id && !strcmp(cfg->campaigns[j].id, cp->id))
				config_bad(ld, config_setting_get_member(g, "id"), "duplicate campaign id \"%s\"", cp->id);
		cp->reference = config_get_str(ld, g, "reference", true);
		cp->title = config_get_str(ld, g, "title", false);
		cp->about = config_get_str(ld, g, "about", false);
		if (cp->about && strpbrk(cp->about, "\r\n"))
			config_bad(ld, config_setting_get_member(g, "about"),
			    "about: expected the letter's trích yếu on one line, without \"V/v\"");
		cp->title_key = cp->title ? orgname_key(cp->title, strlen(cp->title)) : NULL;
		cp->form_id = config_get_str(ld, g, "form", true);
		if (cp->form_id) {
			for (size_t j = 0; j < cfg->n_forms; j++)
				if (cfg->forms[j].id && !strcmp(cfg->forms[j].id, cp->form_id))
					cp->form = &cfg->forms[j];
			if (!cp->form)
				config_bad(ld, config_setting_get_member(g, "form"),
				    "campaign \"%s\": form \"%s\" is not defined in 'forms'",
				    cp->id ? cp->id : "?", cp->form_id);
		}
		have_sent = get_time(ld, g, "sent", &cp->sent, NULL);
		have_deadline = get_time(ld, g, "deadline", &cp->deadline, &cp->deadline_is_day);
		if (have_sent && have_deadline && cp->deadline <= cp->sent)
			config_bad(ld, config_setting_get_member(g, "deadline"),
			    "campaign \"%s\": the deadline must come after 'sent'", cp->id ? cp->id : "?");
		cp->template_path = config_get_str(ld, g, "template", false);
		cp->attach_path = config_get_str(ld, g, "attach", false);
		config_get_bool(ld, g, "acknowledge", &cp->acknowledge);
		cp->letter_message_id = config_get_str(ld, g, "letter_message_id", false);
		if (cp->letter_message_id && strpbrk(cp->letter_message_id, "\r\n<> \t"))
			config_bad(ld, config_setting_get_member(g, "letter_message_id"),
			    "letter_message_id: expected the Message-ID without <>, spaces or line breaks");
		cp->template_html_path = config_get_str(ld, g, "template_html", false);
		cp->attach_name = config_get_str(ld, g, "attach_name", false);
		if (cp->attach_name && (strchr(cp->attach_name, '/') || strpbrk(cp->attach_name, "\r\n")))
			config_bad(ld, config_setting_get_member(g, "attach_name"),
			    "attach_name: expected a file name without '/' or line breaks");
		load_dispatch(ld, g, cp);
		load_reminders(ld, g, &cp->reminders);
		cp->reminders.calendar = &cfg->calendar;
		cp->deadline_written = cp->deadline;
		config_get_bool(ld, g, "deadline_next_working_day", &cp->deadline_next_working_day);
		if (have_deadline && cp->deadline_next_working_day)
			move_deadline(cp, &cfg->calendar);

		ag = config_setting_get_member(g, "agencies");
		if (config_setting_get_member(g, "groups")) {
			if (ag)
				config_bad(ld, ag, "campaign \"%s\": say 'agencies' or 'groups', not both",
				    cp->id ? cp->id : "?");
			else
				load_groups(ld, g, cp);
		} else if (!ag || (config_setting_type(ag) == CONFIG_TYPE_STRING &&
		            !strcmp(config_setting_get_string(ag), "all"))) {
			cp->all_agencies = true;
		} else if (config_setting_is_array(ag) || config_setting_is_list(ag)) {
			int na = config_setting_length(ag);
			cp->agency_idx = config_calloc((size_t)na, sizeof *cp->agency_idx);
			for (int k = 0; k < na; k++) {
				config_setting_t *e = config_setting_get_elem(ag, (unsigned)k);
				const char *code = config_setting_get_string(e);
				const struct yk_agency *a = code ? config_agency(cfg, code) : NULL;
				if (!code)
					config_bad(ld, e, "campaign agencies: expected agency codes as strings");
				else if (!a)
					config_bad(ld, e, "campaign \"%s\": unknown agency code \"%s\" (not in 'agencies')",
					    cp->id ? cp->id : "?", code);
				else
					cp->agency_idx[cp->n_agencies++] = config_agency_index(cfg, a);
			}
		} else {
			config_bad(ld, ag, "campaign agencies: expected \"all\" or a list of agency codes [ \"SNV\", ... ]");
		}
	}
}

void
config_free_forms(struct yk_config *cfg)
{
	for (size_t i = 0; i < cfg->n_forms; i++) {
		struct yk_form *f = &cfg->forms[i];
		for (size_t k = 0; k < f->n_sections; k++) {
			struct yk_section *s = &f->sections[k];
			free(s->id);
			free(s->heading);
			free(s->key);
			free(s->org_key);
			for (size_t o = 0; o < s->n_options; o++) {
				free(s->options[o].id);
				free(s->options[o].text);
				free(s->options[o].key);
			}
			free(s->options);
		}
		free(f->sections);
		free(f->id);
	}
	free(cfg->forms);
}

void
config_free_campaigns(struct yk_config *cfg)
{
	for (size_t i = 0; i < cfg->n_campaigns; i++) {
		struct yk_campaign *cp = &cfg->campaigns[i];
		free(cp->id);
		free(cp->reference);
		free(cp->form_id);
		free(cp->title);
		free(cp->title_key);
		free(cp->agency_idx);
		config_free_strs(cp->groups, cp->n_groups);
		free(cp->reminders.before_days);
		config_free_strs(cp->reminders.holidays, cp->reminders.n_holidays);
		free(cp->template_path);
		free(cp->attach_path);
		free(cp->letter_message_id);
		free(cp->template_html_path);
		free(cp->attach_name);
		free(cp->letter_path);
		free(cp->letter_name);
		free(cp->subject);
		free(cp->reply_address);
		free(cp->about);
	}
	free(cfg->campaigns);
	free(cfg->calendar.days_off);
	free(cfg->calendar.working_days);
}
