/*
 * agimport — see agimport.h.
 */
#include "agimport.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libconfig.h>

#include "agcode.h"
#include "text.h"

/* Longest name, group or address kept (a cell is at most SHEET_MAX_CELL). */
#define AGIMP_MAX_FIELD 512
/* Suffixes tried for a code made from a name ("UBND_X_2" ...). */
#define AGIMP_MAX_SUFFIX 1000

static void
agency_free(struct agimp_agency *a)
{
	free(a->code);
	free(a->name);
	free(a->group);
	free(a->edoc_id);
	for (size_t i = 0; i < a->n_emails; i++)
		free(a->emails[i]);
	free(a->emails);
	for (size_t i = 0; i < a->n_aliases; i++)
		free(a->aliases[i]);
	free(a->aliases);
}

void
agimp_list_free(struct agimp_list *l)
{
	if (!l)
		return;
	for (size_t i = 0; i < l->n; i++)
		agency_free(&l->a[i]);
	free(l->a);
	for (size_t i = 0; i < l->n_retired; i++)
		free(l->retired[i]);
	free(l->retired);
	memset(l, 0, sizeof *l);
}

bool
agimp_valid_email(const char *s)
{
	const char *at = strchr(s, '@'), *dot;

	if (!at || strchr(at + 1, '@') || strlen(s) > 254)
		return false;
	for (const char *p = s; *p; p++)
		if ((unsigned char)*p <= ' ' || (unsigned char)*p >= 0x7f || strchr("<>,;:\"()[]\\", *p))
			return false;
	dot = strrchr(at + 1, '.');
	/* a host with a dot not at either end, and no empty label */
	return at[1] && at[1] != '.' && dot && dot[1] && !strstr(at, "..");
}

/* A copy of a cell with runs of white space (a line break typed in the
 * cell) made one space; NULL for an empty one.  *rc: YK_ENOMEM. */
static char *
clean(const char *s, int *rc)
{
	size_t n = strlen(s), j = 0;
	char *o;

	if (n > AGIMP_MAX_FIELD)
		n = AGIMP_MAX_FIELD;
	o = malloc(n + 1);
	if (!o) {
		*rc = YK_ENOMEM;
		return NULL;
	}
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c <= ' ' || c == 0x7f) {
			if (j && o[j - 1] != ' ')
				o[j++] = ' ';
		} else {
			o[j++] = (char)c;
		}
	}
	while (j && o[j - 1] == ' ')
		j--;
	/* a multi-byte character cut at the limit is dropped */
	while (j && !text_utf8_valid(o, j))
		j--;
	o[j] = '\0';
	if (!j) {
		free(o);
		return NULL;
	}
	return o;
}

static int
push(char ***v, size_t *n, char *s)
{
	char **nv = realloc(*v, (*n + 1) * sizeof **v);

	if (!nv) {
		free(s);
		return YK_ENOMEM;
	}
	*v = nv;
	nv[(*n)++] = s;
	return 0;
}

static void
problem(struct buf *p, size_t *np, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void
problem(struct buf *p, size_t *np, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	(void)buf_vprintf(p, fmt, ap);
	va_end(ap);
	(void)buf_addc(p, '\n');
	(*np)++;
}

/* Splits a list cell at ';', ',' and white space into V. */
static int
split(const char *cell, char ***v, size_t *n, bool lower, bool spaces)
{
	const char *seps = spaces ? ";, \t\r\n" : ";\n";

	for (const char *p = cell; *p;) {
		size_t l = strcspn(p, seps);

		if (l) {
			char *s = strndup(p, l);
			int rc = 0;
			char *c;

			if (!s)
				return YK_ENOMEM;
			c = clean(s, &rc);
			free(s);
			if (rc)
				return rc;
			if (c && lower)
				for (char *q = c; *q; q++)
					if (*q >= 'A' && *q <= 'Z')
						*q = (char)(*q - 'A' + 'a');
			if (c) {
				bool dup = false;

				for (size_t i = 0; i < *n && !dup; i++)
					dup = !strcmp((*v)[i], c);
				if (dup)
					free(c);
				else if ((rc = push(v, n, c)))
					return rc;
			}
		}
		p += l;
		p += *p != '\0';
	}
	return 0;
}

int
agimp_from_sheet(const struct sheet *s, const char *src, struct agimp_list *out,
                 struct buf *problems, size_t *nproblems, struct yk_err *err)
{
	size_t col[AGCOL_N], h, np0 = *nproblems;
	int rc = 0;

	memset(out, 0, sizeof *out);
	for (h = 0; h < s->n; h++) {
		for (size_t c = 0; c < AGCOL_N; c++)
			col[c] = SIZE_MAX;
		for (size_t c = 0; c < s->rows[h].n; c++) {
			enum agcode_col k = agcode_header(s->rows[h].cells[c]);

			if (k != AGCOL_NONE && col[k] == SIZE_MAX)
				col[k] = c;
		}
		if (col[AGCOL_NAME] != SIZE_MAX && col[AGCOL_EMAIL] != SIZE_MAX)
			break;
	}
	if (h == s->n) {
		problem(problems, nproblems,
		        "%s: no header row with a name column (Tên cơ quan, Tên đơn vị, Name) and an "
		        "email column (Email, Thư điện tử)", src);
		return 0;
	}
	out->a = calloc(s->n - h, sizeof *out->a);
	if (!out->a)
		return yk_err_set(err, YK_ENOMEM, "agencies: out of memory");
	for (size_t r = h + 1; r < s->n && !rc; r++) {
		const struct sheet_row *row = &s->rows[r];
		struct agimp_agency *a = &out->a[out->n];
		const char *name = col[AGCOL_NAME] != SIZE_MAX ? sheet_cell(row, col[AGCOL_NAME]) : "";
		const char *mail = sheet_cell(row, col[AGCOL_EMAIL]);
		bool any = false;

		for (size_t c = 0; c < AGCOL_N; c++)
			any = any || (col[c] != SIZE_MAX && *sheet_cell(row, col[c]));
		if (!any)
			continue;  /* a row of only a number (STT) or a note */
		if (out->n >= AGIMP_MAX_AGENCIES) {
			problem(problems, nproblems, "%s: row %zu: more than %d agencies", src, row->line,
			        AGIMP_MAX_AGENCIES);
			break;
		}
		a->row = row->line;
		a->name = clean(name, &rc);
		if (col[AGCOL_GROUP] != SIZE_MAX)
			a->group = clean(sheet_cell(row, col[AGCOL_GROUP]), &rc);
		if (col[AGCOL_EDOC] != SIZE_MAX)
			a->edoc_id = clean(sheet_cell(row, col[AGCOL_EDOC]), &rc);
		if (col[AGCOL_CODE] != SIZE_MAX && (a->code = clean(sheet_cell(row, col[AGCOL_CODE]), &rc)))
			a->code_given = true;
		if (!rc)
			rc = split(mail, &a->emails, &a->n_emails, true, true);
		if (!rc && col[AGCOL_ALIASES] != SIZE_MAX)
			rc = split(sheet_cell(row, col[AGCOL_ALIASES]), &a->aliases, &a->n_aliases, false,
			           false);
		out->n++;
		if (rc)
			break;
		if (!a->name) {
			problem(problems, nproblems, "%s: row %zu: no name", src, a->row);
			continue;
		}
		if (!a->n_emails)
			problem(problems, nproblems, "%s: row %zu: no email for %s", src, a->row, a->name);
		if (a->n_emails > AGIMP_MAX_EMAILS)
			problem(problems, nproblems, "%s: row %zu: more than %d addresses for %s", src,
			        a->row, AGIMP_MAX_EMAILS, a->name);
		if (a->n_aliases > AGIMP_MAX_ALIASES)
			problem(problems, nproblems, "%s: row %zu: more than %d other names for %s", src,
			        a->row, AGIMP_MAX_ALIASES, a->name);
		for (size_t i = 0; i < a->n_emails; i++)
			if (!agimp_valid_email(a->emails[i]))
				problem(problems, nproblems,
				        "%s: row %zu: \"%s\" is not an email address (%s)", src, a->row,
				        a->emails[i], a->name);
		if (a->edoc_id) {
			bool ok = a->edoc_id[0] != '.' && a->edoc_id[strlen(a->edoc_id) - 1] != '.' &&
			          strlen(a->edoc_id) <= 64;

			for (const char *p = a->edoc_id; *p && ok; p++)
				ok = (*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
				     (*p >= '0' && *p <= '9') || *p == '.';
			if (!ok)
				problem(problems, nproblems,
				        "%s: row %zu: mã định danh \"%s\" of %s: expected letters, digits and "
				        "dots, e.g. H49.12", src, a->row, a->edoc_id, a->name);
		}
		if (a->code_given) {
			bool ok = strlen(a->code) <= 64 && a->code[0] != '.' && a->code[0] != '-';

			for (const char *p = a->code; *p && ok; p++)
				ok = (*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
				     (*p >= '0' && *p <= '9') || *p == '_' || *p == '-' || *p == '.';
			if (!ok)
				problem(problems, nproblems,
				        "%s: row %zu: code \"%s\" of %s: expected 1-64 letters, digits, '_', "
				        "'-' or '.'", src, a->row, a->code, a->name);
		}
		/* what two agencies may not share: both rows named */
		for (size_t j = 0; j + 1 < out->n; j++) {
			const struct agimp_agency *b = &out->a[j];

			if (!b->name)
				continue;
			for (size_t i = 0; i < a->n_emails; i++)
				for (size_t k = 0; k < b->n_emails; k++)
					if (!strcmp(a->emails[i], b->emails[k]))
						problem(problems, nproblems,
						        "%s: row %zu: %s is also the address of row %zu (%s); "
						        "an address belongs to one agency", src, a->row,
						        a->emails[i], b->row, b->name);
			if (a->edoc_id && b->edoc_id && !strcmp(a->edoc_id, b->edoc_id))
				problem(problems, nproblems,
				        "%s: row %zu: mã định danh %s is also that of row %zu (%s)", src,
				        a->row, a->edoc_id, b->row, b->name);
			if (a->code_given && b->code_given && !strcmp(a->code, b->code))
				problem(problems, nproblems, "%s: row %zu: code %s is also that of row %zu (%s)",
				        src, a->row, a->code, b->row, b->name);
		}
	}
	if (!rc && !out->n && *nproblems == np0)
		problem(problems, nproblems, "%s: no agency below the header (row %zu)", src,
		        s->rows[h].line);
	if (!rc && (buf_status(problems)))
		rc = buf_status(problems);
	return rc ? yk_err_set(err, rc, "agencies: out of memory") : 0;
}

/* ---- the previous file ------------------------------------------------- */

static char *
get_str(const config_setting_t *g, const char *name, int *rc)
{
	const char *v;
	char *c;

	if (!config_setting_lookup_string(g, name, &v) || !*v)
		return NULL;
	c = strdup(v);
	if (!c)
		*rc = YK_ENOMEM;
	return c;
}

static int
get_strs(const config_setting_t *g, const char *name, char ***v, size_t *n)
{
	const config_setting_t *l = config_setting_get_member(g, name);
	int rc = 0;

	for (int i = 0; l && i < config_setting_length(l) && !rc; i++) {
		const char *s = config_setting_get_string_elem(l, i);
		char *c = s ? strdup(s) : NULL;

		if (s && !c)
			return YK_ENOMEM;
		if (c)
			rc = push(v, n, c);
	}
	return rc;
}

int
agimp_previous(const char *text, const char *src, struct agimp_list *prev, struct yk_err *err)
{
	config_t c;
	const config_setting_t *l;
	int rc = 0, n;
	size_t rl = strlen(AGIMP_RETIRED);

	memset(prev, 0, sizeof *prev);
	config_init(&c);
	if (!config_read_string(&c, text)) {
		rc = yk_err_set(err, YK_EINVAL, "%s:%d: %s", src, config_error_line(&c),
		                config_error_text(&c));
		config_destroy(&c);
		return rc;
	}
	l = config_lookup(&c, "agencies");
	if (!l || !config_setting_is_list(l)) {
		config_destroy(&c);
		return yk_err_set(err, YK_EINVAL, "%s: no list 'agencies = ( ... );'", src);
	}
	n = config_setting_length(l);
	prev->a = calloc(n > 0 ? (size_t)n : 1, sizeof *prev->a);
	for (int i = 0; prev->a && i < n && !rc; i++) {
		const config_setting_t *g = config_setting_get_elem(l, (unsigned)i);
		struct agimp_agency *a = &prev->a[prev->n];

		if (!config_setting_is_group(g))
			continue;
		a->code = get_str(g, "code", &rc);
		a->name = get_str(g, "name", &rc);
		a->group = get_str(g, "group", &rc);
		a->edoc_id = get_str(g, "edoc_id", &rc);
		a->code_given = true;
		prev->n++;
		if (!rc)
			rc = get_strs(g, "emails", &a->emails, &a->n_emails);
		if (!rc)
			rc = get_strs(g, "aliases", &a->aliases, &a->n_aliases);
		if (!rc && (!a->code || !a->name))
			rc = yk_err_set(err, YK_EINVAL, "%s:%d: an agency without a code or a name", src,
			                config_setting_source_line(g));
	}
	config_destroy(&c);
	if (!prev->a)
		rc = YK_ENOMEM;
	/* the retired codes: comment lines the loader never reads */
	for (const char *p = text; *p && !rc; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : p + strlen(p)) {
		size_t ll = strcspn(p, "\n");
		char *r;

		if (ll <= rl || strncmp(p, AGIMP_RETIRED, rl))
			continue;
		r = strndup(p + rl, ll - rl);
		if (!r || push(&prev->retired, &prev->n_retired, r))
			rc = YK_ENOMEM;
	}
	if (rc == YK_ENOMEM)
		yk_err_set(err, rc, "agencies: out of memory");
	if (rc)
		agimp_list_free(prev);
	return rc;
}

/* ---- merge ------------------------------------------------------------- */

/* The code of a "CODE name" retired line, into OUT. */
static void
retired_code(const char *line, char *out, size_t cap)
{
	size_t l = strcspn(line, " \t");

	if (l >= cap)
		l = cap - 1;
	memcpy(out, line, l);
	out[l] = '\0';
}

static bool
code_taken(const struct agimp_list *cur, const struct agimp_list *prev, const char *code)
{
	char rc[80];

	for (size_t i = 0; i < cur->n; i++)
		if (cur->a[i].code && !strcmp(cur->a[i].code, code))
			return true;
	for (size_t i = 0; prev && i < prev->n; i++)
		if (!strcmp(prev->a[i].code, code))
			return true;
	for (size_t i = 0; prev && i < prev->n_retired; i++) {
		retired_code(prev->retired[i], rc, sizeof rc);
		if (!strcmp(rc, code))
			return true;
	}
	return false;
}

static bool
same_strs(char **a, size_t na, char **b, size_t nb)
{
	if (na != nb)
		return false;
	for (size_t i = 0; i < na; i++) {
		bool f = false;

		for (size_t j = 0; j < nb && !f; j++)
			f = !strcmp(a[i], b[j]);
		if (!f)
			return false;
	}
	return true;
}

static bool
same(const char *a, const char *b)
{
	return (!a && !b) || (a && b && !strcmp(a, b));
}

static void
join(struct buf *r, char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		(void)buf_printf(r, "%s%s", i ? ", " : "", v[i]);
	if (!n)
		(void)buf_adds(r, "(none)");
}

/* "changed CODE: ..." lines for what differs between P and A. */
static size_t
report_change(struct buf *r, const struct agimp_agency *p, const struct agimp_agency *a)
{
	size_t k = 0;

	if (!same(p->name, a->name))
		k++, (void)buf_printf(r, "changed %s: name \"%s\" -> \"%s\" (row %zu)\n", a->code, p->name,
		                      a->name, a->row);
	if (!same_strs(p->emails, p->n_emails, a->emails, a->n_emails)) {
		k++;
		(void)buf_printf(r, "changed %s: emails ", a->code);
		join(r, p->emails, p->n_emails);
		(void)buf_adds(r, " -> ");
		join(r, a->emails, a->n_emails);
		(void)buf_printf(r, " (row %zu)\n", a->row);
	}
	if (!same(p->group, a->group))
		k++, (void)buf_printf(r, "changed %s: group \"%s\" -> \"%s\" (row %zu)\n", a->code,
		                      p->group ? p->group : "", a->group ? a->group : "", a->row);
	if (!same(p->edoc_id, a->edoc_id))
		k++, (void)buf_printf(r, "changed %s: edoc_id \"%s\" -> \"%s\" (row %zu)\n", a->code,
		                      p->edoc_id ? p->edoc_id : "", a->edoc_id ? a->edoc_id : "",
		                      a->row);
	return k;
}

int
agimp_merge(struct agimp_list *cur, const struct agimp_list *prev, const char *src,
            struct buf *report, struct buf *problems, size_t *nproblems, struct yk_err *err)
{
	size_t *match = NULL, np = prev ? prev->n : 0, added = 0, changed = 0, removed = 0;
	bool *used = NULL;
	int rc = 0;

	match = malloc((cur->n + 1) * sizeof *match);
	used = calloc(np + 1, sizeof *used);
	if (!match || !used) {
		free(match);
		free(used);
		return yk_err_set(err, YK_ENOMEM, "agencies: out of memory");
	}
	for (size_t i = 0; i < cur->n; i++)
		match[i] = SIZE_MAX;
	/* the same agency in the previous file: by its own code when the
	 * sheet has one, else by mã định danh, then any address, then the
	 * folded name, each pass over all of them before the next, so a swap
	 * of addresses does not steal another's code */
	for (int pass = 0; pass < 4; pass++)
		for (size_t i = 0; i < cur->n; i++) {
			struct agimp_agency *a = &cur->a[i];
			char *ka = pass == 3 && a->name ? text_key(a->name, strlen(a->name), NULL) : NULL;

			for (size_t j = 0; j < np && match[i] == SIZE_MAX; j++) {
				const struct agimp_agency *p = &prev->a[j];
				bool m = false;

				if (used[j])
					continue;
				if (pass == 0)
					m = a->code_given && !strcmp(a->code, p->code);
				else if (pass == 1)
					m = !a->code_given && a->edoc_id && p->edoc_id &&
					    !strcmp(a->edoc_id, p->edoc_id);
				else if (pass == 2)
					for (size_t x = 0; !a->code_given && x < a->n_emails && !m; x++)
						for (size_t y = 0; y < p->n_emails && !m; y++)
							m = !strcmp(a->emails[x], p->emails[y]);
				else if (ka && !a->code_given) {
					char *kp = text_key(p->name, strlen(p->name), NULL);

					m = kp && !strcmp(ka, kp);
					free(kp);
				}
				if (m) {
					match[i] = j;
					used[j] = true;
				}
			}
			free(ka);
		}
	/* the codes kept, then the sheet's own checked against those of other
	 * agencies, then new ones */
	for (size_t i = 0; i < cur->n && !rc; i++)
		if (match[i] != SIZE_MAX && !cur->a[i].code_given &&
		    !(cur->a[i].code = strdup(prev->a[match[i]].code)))
			rc = YK_ENOMEM;
	for (size_t i = 0; i < cur->n && !rc; i++) {
		struct agimp_agency *a = &cur->a[i];
		char rcode[80];

		if (!a->code_given || match[i] != SIZE_MAX)
			continue;
		for (size_t j = 0; j < np; j++)
			if (!strcmp(prev->a[j].code, a->code))
				problem(problems, nproblems,
				        "%s: row %zu: code %s of %s is that of %s in the previous file; "
				        "a code is never given to another agency", src, a->row, a->code,
				        a->name ? a->name : "", prev->a[j].name);
		for (size_t j = 0; prev && j < prev->n_retired; j++) {
			retired_code(prev->retired[j], rcode, sizeof rcode);
			if (!strcmp(rcode, a->code))
				problem(problems, nproblems,
				        "%s: row %zu: code %s of %s was retired (%s); a code is never given "
				        "to another agency", src, a->row, a->code, a->name ? a->name : "",
				        prev->retired[j]);
		}
		for (size_t j = 0; j < cur->n; j++)
			if (j != i && !cur->a[j].code_given && cur->a[j].code &&
			    !strcmp(cur->a[j].code, a->code))
				problem(problems, nproblems,
				        "%s: row %zu: code %s of %s is kept by row %zu (%s) from the "
				        "previous file", src, a->row, a->code, a->name ? a->name : "",
				        cur->a[j].row, cur->a[j].name);
	}
	for (size_t i = 0; i < cur->n && !rc; i++) {
		struct agimp_agency *a = &cur->a[i];
		char *base, code[AGCODE_MAX + 16];

		if (a->code || !a->name)
			continue;
		if (!(base = agcode_from_name(a->name))) {
			rc = YK_ENOMEM;
			break;
		}
		snprintf(code, sizeof code, "%s", base);
		/* a readable suffix, never a code another agency had */
		for (unsigned k = 2; code_taken(cur, prev, code) && k < AGIMP_MAX_SUFFIX; k++)
			snprintf(code, sizeof code, "%s_%u", base, k);
		free(base);
		if (!(a->code = strdup(code)))
			rc = YK_ENOMEM;
	}
	/* the report: added, changed, removed */
	for (size_t i = 0; prev && i < cur->n && !rc; i++)
		if (match[i] == SIZE_MAX && cur->a[i].name) {
			added++;
			(void)buf_printf(report, "added %s: %s (row %zu)\n", cur->a[i].code, cur->a[i].name,
			                 cur->a[i].row);
		}
	for (size_t i = 0; i < cur->n && !rc; i++)
		if (match[i] != SIZE_MAX)
			changed += report_change(report, &prev->a[match[i]], &cur->a[i]) > 0;
	for (size_t j = 0; prev && j < prev->n_retired && !rc; j++) {
		char *r = strdup(prev->retired[j]);

		if (!r || push(&cur->retired, &cur->n_retired, r))
			rc = YK_ENOMEM;
	}
	for (size_t j = 0; j < np && !rc; j++) {
		char *r;

		if (used[j])
			continue;
		removed++;
		(void)buf_printf(report, "removed %s: %s (its code is retired)\n", prev->a[j].code,
		                 prev->a[j].name);
		if (asprintf(&r, "%s %s", prev->a[j].code, prev->a[j].name) < 0 ||
		    push(&cur->retired, &cur->n_retired, r))
			rc = YK_ENOMEM;
	}
	if (prev)
		(void)buf_printf(report, "%zu agencies: %zu added, %zu changed, %zu removed\n", cur->n,
		                 added, changed, removed);
	else
		(void)buf_printf(report, "%zu agencies (no previous file: all new)\n", cur->n);
	free(match);
	free(used);
	if (!rc)
		rc = buf_status(report) ? buf_status(report) : buf_status(problems);
	return rc ? yk_err_set(err, rc, "agencies: out of memory") : 0;
}

/* ---- the file ---------------------------------------------------------- */

/* S as a libconfig string: quotes and backslashes escaped, no control
 * character (clean() left none; a previous file's are dropped). */
static void
str(struct buf *o, const char *s)
{
	(void)buf_addc(o, '"');
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			(void)buf_addc(o, '\\');
		if ((unsigned char)*s >= ' ')
			(void)buf_addc(o, *s);
	}
	(void)buf_addc(o, '"');
}

static void
strs(struct buf *o, char **v, size_t n)
{
	(void)buf_adds(o, "[ ");
	for (size_t i = 0; i < n; i++) {
		if (i)
			(void)buf_adds(o, ", ");
		str(o, v[i]);
	}
	(void)buf_adds(o, " ]");
}

int
agimp_write(const struct agimp_list *cur, const char *src, const char *when, struct buf *o)
{
	(void)buf_adds(o, "# Agencies for ykien, written by `ykien agencies import` from\n# ");
	for (const char *p = src; *p; p++)
		(void)buf_addc(o, (unsigned char)*p < ' ' ? '?' : *p);
	(void)buf_printf(o, " on %s.\n", when);
	(void)buf_adds(o,
	        "#\n"
	        "# Include it from ykien.conf, in place of its own agencies list:\n"
	        "#     @include \"agencies.conf\"\n"
	        "# then run `ykien check-config`.  To update it, change the spreadsheet and\n"
	        "# import again with -o this file: codes are kept for the same agency, and\n"
	        "# the code of an agency removed is kept below, never given to another one.\n");
	for (size_t i = 0; i < cur->n_retired; i++) {
		(void)buf_adds(o, AGIMP_RETIRED);
		for (const char *p = cur->retired[i]; *p; p++)
			(void)buf_addc(o, (unsigned char)*p < ' ' ? ' ' : *p);
		(void)buf_addc(o, '\n');
	}
	(void)buf_adds(o, "\nagencies = (\n");
	for (size_t i = 0; i < cur->n; i++) {
		const struct agimp_agency *a = &cur->a[i];

		(void)buf_adds(o, "  {\n    code = ");
		str(o, a->code);
		(void)buf_adds(o, ";\n    name = ");
		str(o, a->name);
		if (a->group) {
			(void)buf_adds(o, ";\n    group = ");
			str(o, a->group);
		}
		if (a->edoc_id) {
			(void)buf_adds(o, ";\n    edoc_id = ");
			str(o, a->edoc_id);
		}
		(void)buf_adds(o, ";\n    emails = ");
		strs(o, a->emails, a->n_emails);
		if (a->n_aliases) {
			(void)buf_adds(o, ";\n    aliases = ");
			strs(o, a->aliases, a->n_aliases);
		}
		(void)buf_adds(o, i + 1 < cur->n ? ";\n  },\n" : ";\n  }\n");
	}
	(void)buf_adds(o, ");\n");
	return buf_status(o);
}
