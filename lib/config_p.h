/*
 * config_p — what the parts of lib/config share; not an interface outside
 * lib/config*.c.
 *
 * config.c loads the file and the server settings (mailbox, smtp, storage,
 * agencies); config_campaign.c the forms and campaigns; config_get.c reads
 * one typed setting and collects the errors; config_lookup.c finds an
 * agency or campaign in what was loaded.  Every error goes through
 * config_bad() as "FILE:LINE: what was expected", and loading goes on, so
 * all of them are reported.  Allocation failure aborts (config_strdup,
 * config_calloc): a half-loaded configuration is worth nothing.  What the
 * getters return is owned by the caller, which stores it in struct
 * yk_config (freed by config_free()).
 */
#ifndef YK_CONFIG_P_H
#define YK_CONFIG_P_H

#include <libconfig.h>
#include <stdbool.h>
#include <stddef.h>

#include "buf.h"
#include "cfginc.h"
#include "config.h"

struct loader {
	const char *path;
	struct buf errors;   /* one line an error */
	int n_errors;
	struct yk_config *cfg;
	const struct cfginc *inc; /* the text read, with the map to its files */
};

/* Adds the error "FILE:LINE: ..." with the file and line of S (the top
 * file alone when S is NULL). */
void config_bad(struct loader *ld, const config_setting_t *s, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
char *config_strdup(const char *s);           /* NULL stays NULL */
void *config_calloc(size_t n, size_t size);   /* n may be 0 */
/* "mailbox.url", "agencies[3].code": where S is, for messages; returns OUT. */
const char *config_path_of(const config_setting_t *s, char *out, size_t n);

/* The setting NAME of group G.  A missing optional one is no error and
 * gives NULL/false; a wrong type is an error.  config_get_int and
 * config_get_bool return whether *out was set. */
char *config_get_str(struct loader *ld, const config_setting_t *g, const char *name,
                     bool required);
bool config_get_int(struct loader *ld, const config_setting_t *g, const char *name,
                    long long min, long long max, long long *out);
bool config_get_bool(struct loader *ld, const config_setting_t *g, const char *name, bool *out);
/* A list or array of at most MAX strings; NULL and *n_out 0 when missing. */
char **config_get_strs(struct loader *ld, const config_setting_t *g, const char *name,
                       size_t max, size_t *n_out, bool required);
void config_free_strs(char **v, size_t n);

/* Settings group G may hold (NULL-terminated); anything else is an error. */
void config_check_members(struct loader *ld, const config_setting_t *g,
                          const char *const *known);
/* Element I of list L when it is a group, its settings checked against
 * KNOWN (NULL: not checked); else NULL after the error "PATH must be a
 * group SHAPE". */
config_setting_t *config_list_group(struct loader *ld, const config_setting_t *l, int i,
                                    const char *shape, const char *const *known);

bool config_valid_email(const char *s);
void config_lower(char *s);

/* config_campaign.c: the lists 'forms' and 'campaigns' (after 'agencies'). */
void config_load_forms(struct loader *ld, config_t *c);
void config_load_campaigns(struct loader *ld, config_t *c);
void config_free_forms(struct yk_config *cfg);
void config_free_campaigns(struct yk_config *cfg);

/* config_office.c: the 'office' group and the 'clerks' list. */
void config_load_office(struct loader *ld, config_t *c);
void config_load_clerks(struct loader *ld, config_t *c);
void config_free_office(struct yk_config *cfg);

/* config_web.c: the 'web' group (defaults when absent). */
void config_load_web(struct loader *ld, config_t *c);
void config_free_web(struct yk_config *cfg);

#endif
