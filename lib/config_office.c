/*
 * config_office — the 'office' group (who issues and signs ykien's papers)
 * and the 'clerks' list (who corrects answers, by name), see ykien.conf(5).
 * Both are optional: without them a document leaves dotted placeholders
 * and a report names a corrector by login.
 */
#include "config_p.h"

#include <stdlib.h>
#include <string.h>

#define OFFICE_MAX_LIST 64   /* Kính gửi / Nơi nhận lines */
#define CLERKS_MAX 1000

/* One line of a printed paper: no line break, bounded. */
static char *
get_line(struct loader *ld, const config_setting_t *g, const char *name)
{
	char *s = config_get_str(ld, g, name, false);

	if (s && (strpbrk(s, "\r\n") || strlen(s) > 500)) {
		config_bad(ld, config_setting_get_member(g, name),
		    "office.%s: expected one line of at most 500 bytes", name);
		free(s);
		return NULL;
	}
	return s;
}

void
config_load_office(struct loader *ld, config_t *c)
{
	static const char *const known[] = { "parent_body", "issuing_body", "abbreviation",
		"place", "report_to", "signer_authority", "signer_title", "signer_name",
		"recipients", "contact", "province", NULL };
	config_setting_t *g = config_lookup(c, "office");
	struct yk_office *o = &ld->cfg->office;

	if (!g)
		return;
	if (config_setting_type(g) != CONFIG_TYPE_GROUP) {
		config_bad(ld, g, "'office' must be a group: office = { issuing_body = \"...\"; ... };");
		return;
	}
	config_check_members(ld, g, known);
	o->parent_body = get_line(ld, g, "parent_body");
	o->issuing_body = get_line(ld, g, "issuing_body");
	o->abbreviation = get_line(ld, g, "abbreviation");
	if (o->abbreviation && strpbrk(o->abbreviation, " \t/"))
		config_bad(ld, config_setting_get_member(g, "abbreviation"),
		    "office.abbreviation: expected the office's ký hiệu without spaces or '/', "
		    "e.g. \"SNV\"");
	o->place = get_line(ld, g, "place");
	o->signer_authority = get_line(ld, g, "signer_authority");
	o->signer_title = get_line(ld, g, "signer_title");
	o->signer_name = get_line(ld, g, "signer_name");
	o->contact = get_line(ld, g, "contact");
	o->province = get_line(ld, g, "province");
	o->report_to = config_get_strs(ld, g, "report_to", OFFICE_MAX_LIST, &o->n_report_to, false);
	o->recipients = config_get_strs(ld, g, "recipients", OFFICE_MAX_LIST, &o->n_recipients,
	                                false);
}

void
config_load_clerks(struct loader *ld, config_t *c)
{
	static const char *const known[] = { "user", "name", NULL };
	config_setting_t *l = config_lookup(c, "clerks");
	struct yk_config *cfg = ld->cfg;
	int n;

	if (!l)
		return;
	if (!config_setting_is_list(l)) {
		config_bad(ld, l, "'clerks' must be a list ( { user = \"lan\"; name = \"...\"; }, ... )");
		return;
	}
	n = config_setting_length(l);
	if (n > CLERKS_MAX) {
		config_bad(ld, l, "'clerks': at most %d entries", CLERKS_MAX);
		return;
	}
	cfg->clerks = config_calloc((size_t)n, sizeof *cfg->clerks);
	for (int i = 0; i < n; i++) {
		config_setting_t *g = config_list_group(ld, l, i, "{ user = \"...\"; name = \"...\"; }",
		                                        known);
		struct yk_clerk *k;

		if (!g)
			continue;
		k = &cfg->clerks[cfg->n_clerks++];
		k->user = config_get_str(ld, g, "user", true);
		k->name = config_get_str(ld, g, "name", true);
		for (size_t j = 0; k->user && j + 1 < cfg->n_clerks; j++)
			if (cfg->clerks[j].user && !strcmp(cfg->clerks[j].user, k->user))
				config_bad(ld, config_setting_get_member(g, "user"),
				    "clerks: user \"%s\" is listed twice", k->user);
	}
}

void
config_free_office(struct yk_config *cfg)
{
	struct yk_office *o = &cfg->office;

	free(o->parent_body);
	free(o->issuing_body);
	free(o->abbreviation);
	free(o->place);
	free(o->signer_authority);
	free(o->signer_title);
	free(o->signer_name);
	free(o->contact);
	free(o->province);
	config_free_strs(o->report_to, o->n_report_to);
	config_free_strs(o->recipients, o->n_recipients);
	for (size_t i = 0; i < cfg->n_clerks; i++) {
		free(cfg->clerks[i].user);
		free(cfg->clerks[i].name);
	}
	free(cfg->clerks);
}
