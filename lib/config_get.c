/*
 * config_get — one typed setting at a time, and the list of errors: every
 * getter says FILE:LINE and what was expected, then loading goes on, so an
 * administrator sees all the mistakes of a file at once.
 */
#include "config_p.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void
config_bad(struct loader *ld, const config_setting_t *s, const char *fmt, ...)
{
	va_list ap;
	unsigned line = s ? (unsigned)config_setting_source_line(s) : 0;
	const char *file = ld->path;

	/* a line of the text with its includes expanded: the included file's */
	if (ld->inc && line)
		cfginc_locate(ld->inc, line, &file, &line);
	ld->n_errors++;
	if (ld->errors.len)
		(void)buf_addc(&ld->errors, '\n');
	if (line)
		(void)buf_printf(&ld->errors, "%s:%u: ", file, line);
	else
		(void)buf_printf(&ld->errors, "%s: ", ld->path);
	va_start(ap, fmt);
	(void)buf_vprintf(&ld->errors, fmt, ap);
	va_end(ap);
}

char *
config_strdup(const char *s)
{
	char *p = s ? strdup(s) : NULL;

	if (s && !p)
		abort(); /* allocation of a config string: nothing sane to do */
	return p;
}

void *
config_calloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size);

	if (!p)
		abort();
	return p;
}

const char *
config_path_of(const config_setting_t *s, char *out, size_t n)
{
	/* "mailbox.url", "agencies[3].code": for messages */
	const char *names[16];
	int idx[16];
	int depth = 0;
	size_t off = 0;

	out[0] = '\0';
	while (s && config_setting_parent(s) && depth < 16) {
		names[depth] = config_setting_name(s);
		idx[depth] = config_setting_index(s);
		depth++;
		s = config_setting_parent(s);
	}
	while (depth-- > 0 && off < n) {
		int w;
		if (names[depth])
			w = snprintf(out + off, n - off, "%s%s", off ? "." : "", names[depth]);
		else
			w = snprintf(out + off, n - off, "[%d]", idx[depth]);
		if (w < 0)
			break;
		off += (size_t)w;
	}
	return out;
}

/* A string setting NAME in group G.  Required: error when missing. */
char *
config_get_str(struct loader *ld, const config_setting_t *g, const char *name, bool required)
{
	config_setting_t *s = config_setting_get_member(g, name);
	char p[256];

	if (!s) {
		if (required)
			config_bad(ld, g, "missing setting '%s' in %s (a string)", name,
			    config_path_of(g, p, sizeof p));
		return NULL;
	}
	if (config_setting_type(s) != CONFIG_TYPE_STRING) {
		config_bad(ld, s, "'%s' must be a string in double quotes", config_path_of(s, p, sizeof p));
		return NULL;
	}
	if (required && !*config_setting_get_string(s)) {
		config_bad(ld, s, "'%s' must not be empty", config_path_of(s, p, sizeof p));
		return NULL;
	}
	return config_strdup(config_setting_get_string(s));
}

bool
config_get_int(struct loader *ld, const config_setting_t *g, const char *name, long long min,
        long long max, long long *out)
{
	config_setting_t *s = config_setting_get_member(g, name);
	char p[256];
	long long v;

	if (!s)
		return false;
	switch (config_setting_type(s)) {
	case CONFIG_TYPE_INT: v = config_setting_get_int(s); break;
	case CONFIG_TYPE_INT64: v = config_setting_get_int64(s); break;
	default:
		config_bad(ld, s, "'%s' must be a whole number", config_path_of(s, p, sizeof p));
		return false;
	}
	if (v < min || v > max) {
		config_bad(ld, s, "'%s' must be between %lld and %lld, not %lld",
		    config_path_of(s, p, sizeof p), min, max, v);
		return false;
	}
	*out = v;
	return true;
}

bool
config_get_bool(struct loader *ld, const config_setting_t *g, const char *name, bool *out)
{
	config_setting_t *s = config_setting_get_member(g, name);
	char p[256];

	if (!s)
		return false;
	if (config_setting_type(s) != CONFIG_TYPE_BOOL) {
		config_bad(ld, s, "'%s' must be true or false", config_path_of(s, p, sizeof p));
		return false;
	}
	*out = config_setting_get_bool(s) != 0;
	return true;
}

/* A list or array of strings; NULL/0 when missing. */
char **
config_get_strs(struct loader *ld, const config_setting_t *g, const char *name, size_t max,
         size_t *n_out, bool required)
{
	config_setting_t *s = config_setting_get_member(g, name);
	char p[256];
	char **v;
	int i, n;

	*n_out = 0;
	if (!s) {
		if (required)
			config_bad(ld, g, "missing setting '%s' in %s (a list of strings [ \"...\" ])",
			    name, config_path_of(g, p, sizeof p));
		return NULL;
	}
	if (!config_setting_is_aggregate(s) || config_setting_type(s) == CONFIG_TYPE_GROUP) {
		config_bad(ld, s, "'%s' must be a list of strings [ \"...\", ... ]", config_path_of(s, p, sizeof p));
		return NULL;
	}
	n = config_setting_length(s);
	if ((size_t)n > max) {
		config_bad(ld, s, "'%s' has %d entries, at most %zu allowed", config_path_of(s, p, sizeof p), n, max);
		return NULL;
	}
	v = config_calloc((size_t)n, sizeof *v);
	for (i = 0; i < n; i++) {
		config_setting_t *e = config_setting_get_elem(s, (unsigned)i);
		if (config_setting_type(e) != CONFIG_TYPE_STRING) {
			config_bad(ld, e, "'%s' must be a string", config_path_of(e, p, sizeof p));
			continue;
		}
		v[(*n_out)++] = config_strdup(config_setting_get_string(e));
	}
	return v;
}

void
config_free_strs(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

/* Settings a group may hold; anything else is a misspelling worth an error. */
void
config_check_members(struct loader *ld, const config_setting_t *g, const char *const *known)
{
	char p[256];

	for (int i = 0; g && i < config_setting_length(g); i++) {
		config_setting_t *s = config_setting_get_elem(g, (unsigned)i);
		const char *name = config_setting_name(s);
		bool ok = false;
		if (!name)
			continue;
		for (int k = 0; known[k] && !ok; k++)
			ok = !strcmp(name, known[k]);
		if (!ok) {
			struct buf list;
			buf_init(&list, 0);
			for (int k = 0; known[k]; k++)
				buf_printf(&list, "%s%s", k ? ", " : "", known[k]);
			config_bad(ld, s, "unknown setting '%s' in %s (expected one of: %s)", name,
			    config_setting_parent(g) ? config_path_of(g, p, sizeof p) : "the top level",
			    list.data ? list.data : "");
			buf_free(&list);
		}
	}
}

config_setting_t *
config_list_group(struct loader *ld, const config_setting_t *l, int i, const char *shape,
                  const char *const *known)
{
	config_setting_t *g = config_setting_get_elem(l, (unsigned)i);
	char p[256];

	if (config_setting_type(g) != CONFIG_TYPE_GROUP) {
		config_bad(ld, g, "%s must be a group %s", config_path_of(g, p, sizeof p), shape);
		return NULL;
	}
	if (known)
		config_check_members(ld, g, known);
	return g;
}



bool
config_valid_email(const char *s)
{
	const char *at = strchr(s, '@');

	if (!at || strchr(at + 1, '@') || !at[1] || !strchr(at + 1, '.'))
		return false;
	for (; *s; s++)
		if ((unsigned char)*s <= ' ' || *s == '<' || *s == '>' || *s == ',' || *s == ';')
			return false;
	return true;
}

void
config_lower(char *s)
{
	for (; *s; s++)
		if (*s >= 'A' && *s <= 'Z')
			*s = (char)(*s - 'A' + 'a');
}
