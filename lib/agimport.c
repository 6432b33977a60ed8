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
#include "escape.h"
#include "json.h"
#include "text.h"

/* Longest name, group or other name accepted (a cell may be longer: a
 * list of addresses). */
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

/* A copy of a cell (at most SHEET_MAX_CELL bytes: never cut here) with
 * runs of white space (a line break typed in the cell) made one space;
 * NULL for an empty one.  *rc: YK_ENOMEM. */
static char *
clean(const char *s, int *rc)
{
	size_t n = strlen(s), j = 0;
	char *o;

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

/* Longest problem message (two names of AGIMP_MAX_FIELD and two
 * addresses at most, and the words around them). */
#define AGIMP_MAX_MESSAGE 4096

static void
problem(struct agimp_sink *k, const char *src, size_t row, const char *fmt, ...)
        __attribute__((format(printf, 4, 5)));

static void
problem(struct agimp_sink *k, const char *src, size_t row, const char *fmt, ...)
{
	char msg[AGIMP_MAX_MESSAGE];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof msg)
		snprintf(msg, sizeof msg, "(a problem too long to say)");
	if (row)
		(void)buf_printf(k->problems, "%s: row %zu: %s\n", src, row, msg);
	else
		(void)buf_printf(k->problems, "%s: %s\n", src, msg);
	k->n_problems++;
	if (k->jproblems) {
		bool more = false;

		(void)buf_adds(k->jproblems, k->jproblems->len ? ",{" : "{");
		(void)json_member(k->jproblems, &more, "row");
		if (row)
			(void)buf_printf(k->jproblems, "%zu", row);
		else
			(void)buf_adds(k->jproblems, "null");
		(void)json_member_str(k->jproblems, &more, "message", msg);
		(void)buf_addc(k->jproblems, '}');
	}
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
                 struct agimp_sink *k, struct yk_err *err)
{
	size_t col[AGCOL_N], h, np0 = k->n_problems;
	int rc = 0;

	memset(out, 0, sizeof *out);
	for (h = 0; h < s->n; h++) {
		for (size_t c = 0; c < AGCOL_N; c++)
			col[c] = SIZE_MAX;
		for (size_t c = 0; c < s->rows[h].n; c++) {
			enum agcode_col hc = agcode_header(s->rows[h].cells[c]);

			if (hc != AGCOL_NONE && col[hc] == SIZE_MAX)
				col[hc] = c;
		}
		if (col[AGCOL_NAME] != SIZE_MAX && col[AGCOL_EMAIL] != SIZE_MAX)
			break;
	}
	if (h == s->n) {
		problem(k, src, 0,
		        "no header row with a name column (Tên cơ quan, Tên đơn vị, Name) and an "
		        "email column (Email, Thư điện tử)");
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
			problem(k, src, row->line, "more than %d agencies", AGIMP_MAX_AGENCIES);
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
			problem(k, src, a->row, "no name");
			continue;
		}
		if (strlen(a->name) > AGIMP_MAX_FIELD || (a->group && strlen(a->group) > AGIMP_MAX_FIELD)) {
			problem(k, src, a->row, "a name or group of more than %d bytes", AGIMP_MAX_FIELD);
			continue;
		}
		for (size_t i = 0; i < a->n_aliases; i++)
			if (strlen(a->aliases[i]) > AGIMP_MAX_FIELD)
				problem(k, src, a->row, "another name of %s longer than %d bytes", a->name,
				        AGIMP_MAX_FIELD);
		if (!a->n_emails)
			problem(k, src, a->row, "no email for %s", a->name);
		if (a->n_emails > AGIMP_MAX_EMAILS)
			problem(k, src, a->row, "more than %d addresses for %s", AGIMP_MAX_EMAILS, a->name);
		if (a->n_aliases > AGIMP_MAX_ALIASES)
			problem(k, src, a->row, "more than %d other names for %s", AGIMP_MAX_ALIASES, a->name);
		for (size_t i = 0; i < a->n_emails; i++)
			if (!agimp_valid_email(a->emails[i]))
				problem(k, src, a->row,
				        "\"%.300s\" is not an email address (%s)", a->emails[i], a->name);
		if (a->edoc_id && !agcode_valid_edoc_id(a->edoc_id))
			problem(k, src, a->row,
			        "mã định danh \"%s\" of %s: expected letters, digits and "
			        "dots, e.g. H49.12", a->edoc_id, a->name);
		if (a->code_given && !agcode_valid(a->code))
			problem(k, src, a->row,
			        "code \"%s\" of %s: expected 1-64 letters, digits, '_', "
			        "'-' or '.'", a->code, a->name);
		/* what two agencies may not share: both rows named */
		for (size_t j = 0; j + 1 < out->n; j++) {
			const struct agimp_agency *b = &out->a[j];

			if (!b->name)
				continue;
			for (size_t i = 0; i < a->n_emails; i++)
				for (size_t e = 0; e < b->n_emails; e++)
					if (!strcmp(a->emails[i], b->emails[e]))
						problem(k, src, a->row,
						        "%s is also the address of row %zu (%s); "
						        "an address belongs to one agency", a->emails[i], b->row, b->name);
			if (a->edoc_id && b->edoc_id && !strcmp(a->edoc_id, b->edoc_id))
				problem(k, src, a->row,
				        "mã định danh %s is also that of row %zu (%s)", a->edoc_id, b->row, b->name);
			if (a->code_given && b->code_given && !strcmp(a->code, b->code))
				problem(k, src, a->row, "code %s is also that of row %zu (%s)", a->code, b->row, b->name);
		}
	}
	if (!rc && !out->n && k->n_problems == np0)
		problem(k, src, 0, "no agency below the header (row %zu)", s->rows[h].line);
	if (!rc && buf_status(k->problems))
		rc = buf_status(k->problems);
	if (!rc && k->jproblems && buf_status(k->jproblems))
		rc = buf_status(k->jproblems);
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
	for (const char *p = text; p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL)
		if (!strncmp(p + strspn(p, " \t"), "@include", 8))
			return yk_err_set(err, YK_EINVAL, "%s: has an @include, so it is not a file "
			                  "written by `ykien agencies import`: not replaced", src);
	config_init(&c);
	if (!config_read_string(&c, text)) {
		rc = yk_err_set(err, YK_EINVAL, "%s:%d: %s", src, config_error_line(&c),
		                config_error_text(&c));
		config_destroy(&c);
		return rc;
	}
	/* -o pointed at ykien.conf itself would be replaced by its agencies
	 * alone: a file with anything else is not one of ours */
	for (int i = 0; i < config_setting_length(config_root_setting(&c)); i++) {
		const char *nm = config_setting_name(config_setting_get_elem(config_root_setting(&c),
		                                                             (unsigned)i));

		if (nm && strcmp(nm, "agencies")) {
			rc = yk_err_set(err, YK_EINVAL, "%s: has '%s', so it is not a file written by "
			                "`ykien agencies import`: not replaced", src, nm);
			config_destroy(&c);
			return rc;
		}
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

/* A JSON object of K's changes, opened: {"change": KIND, "code": CODE */
static struct buf *
jchange(struct agimp_sink *k, const char *kind, const char *code, bool *more)
{
	struct buf *j = k->jchanges;

	if (!j)
		return NULL;
	*more = false;
	(void)buf_adds(j, j->len ? ",{" : "{");
	(void)json_member_str(j, more, "change", kind);
	(void)json_member_str(j, more, "code", code);
	return j;
}

static void
jstrs(struct buf *j, char **v, size_t n)
{
	(void)buf_addc(j, '[');
	for (size_t i = 0; i < n; i++) {
		if (i)
			(void)buf_addc(j, ',');
		(void)json_str(j, v[i]);
	}
	(void)buf_addc(j, ']');
}

/* One field of A changed since P: a line, and a JSON object. */
static void
changed(struct agimp_sink *k, const struct agimp_agency *a, const char *field, const char *o,
        const char *n)
{
	bool more;
	struct buf *j = jchange(k, "changed", a->code, &more);

	(void)buf_printf(k->report, "changed %s: %s \"%s\" -> \"%s\" (row %zu)\n", a->code, field,
	                 o ? o : "", n ? n : "", a->row);
	if (!j)
		return;
	(void)json_member(j, &more, "row");
	(void)buf_printf(j, "%zu", a->row);
	(void)json_member_str(j, &more, "field", field);
	(void)json_member_str(j, &more, "old", o);
	(void)json_member_str(j, &more, "new", n);
	(void)buf_addc(j, '}');
}

/* "changed CODE: ..." for what differs between P and A; whether any. */
static bool
report_change(struct agimp_sink *k, const struct agimp_agency *p, const struct agimp_agency *a)
{
	bool any = false;

	if (!same(p->name, a->name))
		any = true, changed(k, a, "name", p->name, a->name);
	if (!same_strs(p->emails, p->n_emails, a->emails, a->n_emails)) {
		struct buf *r = k->report, *j;
		bool more;

		any = true;
		(void)buf_printf(r, "changed %s: emails ", a->code);
		join(r, p->emails, p->n_emails);
		(void)buf_adds(r, " -> ");
		join(r, a->emails, a->n_emails);
		(void)buf_printf(r, " (row %zu)\n", a->row);
		if ((j = jchange(k, "changed", a->code, &more))) {
			(void)json_member(j, &more, "row");
			(void)buf_printf(j, "%zu", a->row);
			(void)json_member_str(j, &more, "field", "emails");
			(void)json_member(j, &more, "old");
			jstrs(j, p->emails, p->n_emails);
			(void)json_member(j, &more, "new");
			jstrs(j, a->emails, a->n_emails);
			(void)buf_addc(j, '}');
		}
	}
	if (!same(p->group, a->group))
		any = true, changed(k, a, "group", p->group, a->group);
	if (!same(p->edoc_id, a->edoc_id))
		any = true, changed(k, a, "edoc_id", p->edoc_id, a->edoc_id);
	return any;
}

int
agimp_merge(struct agimp_list *cur, const struct agimp_list *prev, const char *src,
            struct agimp_sink *k, struct yk_err *err)
{
	size_t *match = NULL, np = prev ? prev->n : 0;
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
				problem(k, src, a->row,
				        "code %s of %s is that of %s in the previous file; "
				        "a code is never given to another agency", a->code, a->name ? a->name : "", prev->a[j].name);
		for (size_t j = 0; prev && j < prev->n_retired; j++) {
			retired_code(prev->retired[j], rcode, sizeof rcode);
			if (!strcmp(rcode, a->code))
				problem(k, src, a->row,
				        "code %s of %s was retired (%s); a code is never given "
				        "to another agency", a->code, a->name ? a->name : "", prev->retired[j]);
		}
		for (size_t j = 0; j < cur->n; j++)
			if (j != i && !cur->a[j].code_given && cur->a[j].code &&
			    !strcmp(cur->a[j].code, a->code))
				problem(k, src, a->row,
				        "code %s of %s is kept by row %zu (%s) from the "
				        "previous file", a->code, a->name ? a->name : "", cur->a[j].row, cur->a[j].name);
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
		for (unsigned x = 2; code_taken(cur, prev, code) && x < AGIMP_MAX_SUFFIX; x++)
			snprintf(code, sizeof code, "%s_%u", base, x);
		if (code_taken(cur, prev, code))
			problem(k, src, a->row, "no free code for %s (%s to %s_%d are taken): give one in "
			        "a code column", a->name, base, base, AGIMP_MAX_SUFFIX - 1);
		free(base);
		if (!(a->code = strdup(code)))
			rc = YK_ENOMEM;
	}
	/* the report: added, changed, removed */
	for (size_t i = 0; prev && i < cur->n && !rc; i++)
		if (match[i] == SIZE_MAX && cur->a[i].name) {
			bool more;
			struct buf *j = jchange(k, "added", cur->a[i].code, &more);

			k->added++;
			(void)buf_printf(k->report, "added %s: %s (row %zu)\n", cur->a[i].code,
			                 cur->a[i].name, cur->a[i].row);
			if (j) {
				(void)json_member_str(j, &more, "name", cur->a[i].name);
				(void)json_member(j, &more, "row");
				(void)buf_printf(j, "%zu}", cur->a[i].row);
			}
		}
	for (size_t i = 0; i < cur->n && !rc; i++)
		if (match[i] != SIZE_MAX)
			k->changed += report_change(k, &prev->a[match[i]], &cur->a[i]);
	for (size_t j = 0; prev && j < prev->n_retired && !rc; j++) {
		char *r = strdup(prev->retired[j]);

		if (!r || push(&cur->retired, &cur->n_retired, r))
			rc = YK_ENOMEM;
	}
	for (size_t j = 0; j < np && !rc; j++) {
		char *r;
		bool more;
		struct buf *jb;

		if (used[j])
			continue;
		k->removed++;
		(void)buf_printf(k->report, "removed %s: %s (its code is retired)\n", prev->a[j].code,
		                 prev->a[j].name);
		if ((jb = jchange(k, "removed", prev->a[j].code, &more))) {
			(void)json_member_str(jb, &more, "name", prev->a[j].name);
			(void)buf_addc(jb, '}');
		}
		if (asprintf(&r, "%s %s", prev->a[j].code, prev->a[j].name) < 0 ||
		    push(&cur->retired, &cur->n_retired, r))
			rc = YK_ENOMEM;
	}
	if (prev)
		(void)buf_printf(k->report, "%zu agencies: %zu added, %zu changed, %zu removed\n",
		                 cur->n, k->added, k->changed, k->removed);
	else
		(void)buf_printf(k->report, "%zu agencies (no previous file: all new)\n", cur->n);
	free(match);
	free(used);
	if (!rc)
		rc = buf_status(k->report) ? buf_status(k->report) : buf_status(k->problems);
	if (!rc && k->jchanges)
		rc = buf_status(k->jchanges);
	return rc ? yk_err_set(err, rc, "agencies: out of memory") : 0;
}

/* ---- the file ---------------------------------------------------------- */

static void
strs(struct buf *o, char **v, size_t n)
{
	(void)buf_adds(o, "[ ");
	for (size_t i = 0; i < n; i++) {
		if (i)
			(void)buf_adds(o, ", ");
		(void)esc_libconfig(o, v[i]);
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
		(void)esc_libconfig(o, a->code);
		(void)buf_adds(o, ";\n    name = ");
		(void)esc_libconfig(o, a->name);
		if (a->group) {
			(void)buf_adds(o, ";\n    group = ");
			(void)esc_libconfig(o, a->group);
		}
		if (a->edoc_id) {
			(void)buf_adds(o, ";\n    edoc_id = ");
			(void)esc_libconfig(o, a->edoc_id);
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
