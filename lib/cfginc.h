/*
 * cfginc — ykien.conf with its @include lines expanded, as administrators
 * write them: an absolute name is that file, a relative one is relative to
 * the folder of the file that includes it (also in an included file), and
 * a file that cannot be opened is reported where the @include is:
 * "FILE:LINE: cannot open include file NAME: reason".
 *
 * Why not libconfig's own @include: libconfig 1.5 (Debian 12) puts its one
 * include folder in front of every name, absolute ones too, resolves the
 * names of nested files against that same folder, and says neither the
 * name nor the reason of a failure.  So the text is put together here and
 * handed to config_read_string(); cfginc_locate() turns a line of that
 * text back into the file and line it came from, for every message.
 *
 * An @include line is "@include" at the start of a line (after blanks),
 * then a name in double quotes (\" and \\ as in libconfig strings); the
 * rest of that line is dropped (a comment).  Included files nest up to
 * CFGINC_DEPTH deep (a file that includes itself stops there).
 *
 * Ownership: struct cfginc owns its text, file names and map; free with
 * cfginc_free() (also after a failed cfginc_read()).
 */
#ifndef YK_CFGINC_H
#define YK_CFGINC_H

#include <stddef.h>

#include "err.h"

#define CFGINC_DEPTH 10

struct cfginc_seg {
	unsigned out_line; /* from this line of text on ... */
	size_t file;       /* ... lines come from files[file] ... */
	unsigned line;     /* ... starting at its line LINE */
};

struct cfginc {
	char *text;               /* the whole configuration, NUL-terminated */
	char **files;             /* files[0] is the top file as given */
	size_t n_files;
	struct cfginc_seg *segs;  /* by out_line */
	size_t n_segs;
	unsigned out_line;        /* while reading: lines of text so far + 1 */
	size_t len, cap;          /* while reading: text's length and room */
	int open_errno;           /* while reading: why a file did not open */
};

/* Reads PATH and every file it includes into *c.  Errors: YK_ENOTFOUND or
 * YK_EIO for PATH itself ("PATH: cannot open: reason"), YK_ECONFIG for an
 * include ("FILE:LINE: cannot open include file NAME: reason", or nested
 * too deep), YK_ENOMEM. */
int cfginc_read(const char *path, struct cfginc *c, struct yk_err *err);

/* The file and line LINE of c->text came from (LINE 0: *file is the top
 * file, *fline 0). */
void cfginc_locate(const struct cfginc *c, unsigned line, const char **file, unsigned *fline);

void cfginc_free(struct cfginc *c);

#endif
