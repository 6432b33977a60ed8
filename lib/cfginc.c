/*
 * cfginc — the configuration's text with its @include lines replaced by
 * the files they name, and the map back from a line of it to its file.
 */
#include "cfginc.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int
grow(struct cfginc *c, size_t more, struct yk_err *err)
{
	if (c->len + more + 1 > c->cap) {
		size_t cap = c->cap ? c->cap : 4096;
		char *t;
		while (cap < c->len + more + 1)
			cap *= 2;
		if (!(t = realloc(c->text, cap)))
			return yk_err_set(err, YK_ENOMEM, "out of memory");
		c->text = t;
		c->cap = cap;
	}
	return 0;
}

/* From the next line of text on, lines come from FILE at LINE. */
static int
add_seg(struct cfginc *c, size_t file, unsigned line, struct yk_err *err)
{
	struct cfginc_seg *v;

	if (c->n_segs && c->segs[c->n_segs - 1].out_line == c->out_line)
		c->n_segs--; /* nothing came from the previous one */
	v = realloc(c->segs, (c->n_segs + 1) * sizeof *v);
	if (!v)
		return yk_err_set(err, YK_ENOMEM, "out of memory");
	c->segs = v;
	c->segs[c->n_segs++] = (struct cfginc_seg){ c->out_line, file, line };
	return 0;
}

/* The whole of file PATH, NUL-terminated, into *out (free()); errno on
 * failure. */
static char *
slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "r");
	char *d = NULL, *t;
	size_t n = 0, cap = 0, got;

	if (!f)
		return NULL;
	do {
		if (cap - n < 4096) {
			cap = cap ? cap * 2 : 8192;
			if (!(t = realloc(d, cap))) {
				free(d);
				fclose(f);
				errno = ENOMEM;
				return NULL;
			}
			d = t;
		}
		got = fread(d + n, 1, cap - n - 1, f);
		n += got;
	} while (got > 0);
	if (ferror(f)) {
		int e = errno ? errno : EIO;
		free(d);
		fclose(f);
		errno = e;
		return NULL;
	}
	fclose(f);
	d[n] = '\0';
	*len = n;
	return d;
}

/* Is the line at P an @include?  Its name (unescaped) into NAME. */
static bool
include_name(const char *p, const char *end, char *name, size_t size, bool *too_long)
{
	size_t n = 0;

	*too_long = false;
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	if ((size_t)(end - p) < 8 || memcmp(p, "@include", 8))
		return false;
	p += 8;
	if (p >= end || (*p != ' ' && *p != '\t'))
		return false;
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	if (p >= end || *p != '"')
		return false;
	for (p++; p < end && *p != '"'; p++) {
		if (*p == '\\' && p + 1 < end && (p[1] == '"' || p[1] == '\\'))
			p++;
		if (n + 1 >= size) {
			*too_long = true;
			return true;
		}
		name[n++] = *p;
	}
	name[n] = '\0';
	return p < end; /* an unclosed quote is libconfig's to report */
}

static int read_file(struct cfginc *c, size_t file, int depth, struct yk_err *err);

/* NAME, included from files[FROM], as the path to open: absolute as it is,
 * relative to the including file's folder. */
static char *
resolve(const struct cfginc *c, size_t from, const char *name)
{
	const char *inc = c->files[from], *slash = strrchr(inc, '/');
	size_t dl = slash ? (size_t)(slash - inc) + 1 : 0;
	char *p;

	if (name[0] == '/' || !slash)
		return strdup(name);
	if (!(p = malloc(dl + strlen(name) + 1)))
		return NULL;
	memcpy(p, inc, dl);
	strcpy(p + dl, name);
	return p;
}

static int
include(struct cfginc *c, size_t from, unsigned line, const char *name, int depth,
        struct yk_err *err)
{
	char *path, **v;
	size_t idx;
	int rc;

	if (depth >= CFGINC_DEPTH)
		return yk_err_set(err, YK_ECONFIG,
		                  "%s:%u: cannot include \"%s\": includes nested more than %d deep "
		                  "(does a file include itself?)", c->files[from], line, name,
		                  CFGINC_DEPTH);
	if (!(path = resolve(c, from, name)) ||
	    !(v = realloc(c->files, (c->n_files + 1) * sizeof *v))) {
		free(path);
		return yk_err_set(err, YK_ENOMEM, "out of memory");
	}
	c->files = v;
	idx = c->n_files++;
	c->files[idx] = path;
	rc = read_file(c, idx, depth + 1, err);
	if (rc == YK_EIO || rc == YK_ENOTFOUND) /* where the @include is, what it names */
		return yk_err_set(err, YK_ECONFIG, "%s:%u: cannot open include file %s: %s",
		                  c->files[from], line, name, strerror(c->open_errno));
	return rc;
}

/* Appends files[FILE], expanding its includes. */
static int
read_file(struct cfginc *c, size_t file, int depth, struct yk_err *err)
{
	size_t len = 0;
	char *d = slurp(c->files[file], &len), name[4096];
	const char *p, *end;
	unsigned line = 1;
	int rc = 0;

	if (!d) {
		/* include() or cfginc_read() says which file, and why */
		c->open_errno = errno;
		if (errno == ENOMEM)
			return yk_err_set(err, YK_ENOMEM, "out of memory");
		return errno == ENOENT ? YK_ENOTFOUND : YK_EIO;
	}
	if ((rc = add_seg(c, file, 1, err)))
		goto out;
	for (p = d, end = d + len; p < end; line++) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *eol = nl ? nl : end;
		bool too_long;

		if (include_name(p, eol, name, sizeof name, &too_long)) {
			if (too_long) {
				rc = yk_err_set(err, YK_ECONFIG, "%s:%u: include file name too long",
				                c->files[file], line);
				goto out;
			}
			if ((rc = include(c, file, line, name, depth, err)) ||
			    (rc = add_seg(c, file, line + 1, err)))
				goto out;
		} else {
			size_t n = (size_t)(eol - p);
			if ((rc = grow(c, n + 1, err)))
				goto out;
			memcpy(c->text + c->len, p, n);
			c->len += n;
			c->text[c->len++] = '\n'; /* a last line without one gets one */
			c->text[c->len] = '\0';
			c->out_line++;
		}
		p = nl ? nl + 1 : end;
	}
out:
	free(d);
	return rc;
}

int
cfginc_read(const char *path, struct cfginc *c, struct yk_err *err)
{
	int rc;

	memset(c, 0, sizeof *c);
	c->out_line = 1;
	if (!(c->files = malloc(sizeof *c->files)) || !(c->files[0] = strdup(path)))
		return yk_err_set(err, YK_ENOMEM, "out of memory");
	c->n_files = 1;
	if ((rc = grow(c, 0, err)))
		return rc;
	c->text[0] = '\0';
	rc = read_file(c, 0, 0, err);
	if (rc == YK_EIO || rc == YK_ENOTFOUND)
		return yk_err_set(err, rc, "%s: cannot open: %s", path, strerror(c->open_errno));
	return rc;
}

void
cfginc_locate(const struct cfginc *c, unsigned line, const char **file, unsigned *fline)
{
	size_t lo = 0, hi = c->n_segs;

	*file = c->n_files ? c->files[0] : "";
	*fline = 0;
	if (!line || !c->n_segs)
		return;
	/* the last segment starting at or before LINE */
	while (hi - lo > 1) {
		size_t mid = (lo + hi) / 2;
		if (c->segs[mid].out_line <= line)
			lo = mid;
		else
			hi = mid;
	}
	*file = c->files[c->segs[lo].file];
	*fline = c->segs[lo].line + (line - c->segs[lo].out_line);
}

void
cfginc_free(struct cfginc *c)
{
	free(c->text);
	for (size_t i = 0; i < c->n_files; i++)
		free(c->files[i]);
	free(c->files);
	free(c->segs);
	memset(c, 0, sizeof *c);
}
