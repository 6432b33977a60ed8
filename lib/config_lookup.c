/*
 * config_lookup — finding agencies and campaigns in a loaded
 * configuration.  Apart from the loader, so what only reads a
 * configuration (the digest, the report, their tests) does not link
 * libconfig's parsing with it.
 */
#include "config.h"

#include <string.h>

const struct yk_agency *
config_agency(const struct yk_config *cfg, const char *code)
{
	for (size_t i = 0; i < cfg->n_agencies; i++)
		if (cfg->agencies[i].code && !strcmp(cfg->agencies[i].code, code))
			return &cfg->agencies[i];
	return NULL;
}

size_t
config_agency_index(const struct yk_config *cfg, const struct yk_agency *a)
{
	return (size_t)(a - cfg->agencies);
}

const struct yk_campaign *
config_campaign(const struct yk_config *cfg, const char *id)
{
	for (size_t i = 0; i < cfg->n_campaigns; i++)
		if (cfg->campaigns[i].id && !strcmp(cfg->campaigns[i].id, id))
			return &cfg->campaigns[i];
	return NULL;
}

bool
config_campaign_expects(const struct yk_campaign *c, size_t agency_idx)
{
	if (c->all_agencies)
		return true;
	for (size_t i = 0; i < c->n_agencies; i++)
		if (c->agency_idx[i] == agency_idx)
			return true;
	return false;
}

const char *
config_clerk_name(const struct yk_config *cfg, const char *user)
{
	if (!user)
		return NULL;
	for (size_t i = 0; i < cfg->n_clerks; i++)
		if (cfg->clerks[i].user && !strcmp(cfg->clerks[i].user, user))
			return cfg->clerks[i].name;
	return NULL;
}
