/*
 * agimport — `ykien agencies import`: a sheet's rows to agencies, checked
 * (every problem with its sheet row), merged with the file written last
 * time (codes kept for the same agency, a removed agency's code retired
 * for good), and written as a libconfig file to @include.
 *
 * Nothing here does I/O: the caller reads the sheet (lib/sheet.h) and the
 * previous file, and writes what agimp_write() gives.  Problems and the
 * report of changes are lines for a person, appended to a struct buf.
 * A struct agimp_list and all it holds belongs to its caller:
 * agimp_list_free().  Errors (err): YK_ENOMEM; YK_EINVAL for a previous
 * file that is not one of ours.
 */
#ifndef YK_AGIMPORT_H
#define YK_AGIMPORT_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"
#include "err.h"
#include "sheet.h"

/* Agencies in one file (config.c's own limit). */
#define AGIMP_MAX_AGENCIES 10000
/* Addresses of one agency (config.c's CONFIG_MAX_EMAILS). */
#define AGIMP_MAX_EMAILS 64
/* Other names of one agency (config.c's). */
#define AGIMP_MAX_ALIASES 64
/* The marker of a retired code in the file we write: a comment, so the
 * configuration loader never sees it, and the code stays out of use. */
#define AGIMP_RETIRED "# retired: "

struct agimp_agency {
	size_t row;          /* its sheet row; 0: from the previous file */
	char *code;          /* NULL until agimp_merge() when the sheet has none */
	bool code_given;     /* the sheet's own */
	char *name;
	char *group;         /* NULL: none */
	char *edoc_id;       /* NULL: none */
	char **emails;       /* lower case */
	size_t n_emails;
	char **aliases;
	size_t n_aliases;
};

struct agimp_list {
	struct agimp_agency *a;
	size_t n;
	char **retired;      /* "CODE name": codes never given again */
	size_t n_retired;
};

void agimp_list_free(struct agimp_list *l);

/*
 * Where the findings go: lines for a person, and, when the JSON buffers
 * are not NULL, the same as JSON objects separated by commas (the caller
 * writes the brackets):
 *   problems: {"row": N or null, "message": "..."}
 *   changes:  {"change": "added", "code", "name", "row"}
 *             {"change": "changed", "code", "row", "field": "name" |
 *              "emails" | "group" | "edoc_id", "old", "new"} (emails: arrays)
 *             {"change": "removed", "code", "name"}
 * The buffers belong to the caller.
 */
struct agimp_sink {
	struct buf *problems;   /* "agencies.xlsx: row 14: no email for Sở Y tế\n" */
	size_t n_problems;
	struct buf *report;     /* "added CODE: name (row N)\n" ... and a count */
	struct buf *jproblems;  /* may be NULL */
	struct buf *jchanges;   /* may be NULL */
	size_t added, changed, removed;
};

/*
 * The agencies of sheet S (SRC names it in the problems: "agencies.xlsx:
 * row 14: no email for Sở Y tế").  The header is the first row with a name
 * and an email column.  Every problem found goes to K.
 */
int agimp_from_sheet(const struct sheet *s, const char *src, struct agimp_list *out,
                     struct agimp_sink *k, struct yk_err *err);

/* The agencies and retired codes of a file agimp_write() wrote (TEXT,
 * NUL-terminated; SRC names it in errors). */
int agimp_previous(const char *text, const char *src, struct agimp_list *prev,
                   struct yk_err *err);

/*
 * Gives every agency of CUR a code: its own from the sheet, else that of
 * the same agency in PREV (matched by edoc_id, then any address, then the
 * folded name), else one made from its name that no agency of PREV, no
 * retired code and no other agency of CUR has.  CUR's retired codes become
 * PREV's plus those of PREV's agencies no longer there.  K's report gets
 * "added", "changed" and "removed" lines and a count (PREV NULL: the
 * count only); a code of the sheet that belongs to another agency is a
 * problem, as in agimp_from_sheet().
 */
int agimp_merge(struct agimp_list *cur, const struct agimp_list *prev, const char *src,
                struct agimp_sink *k, struct yk_err *err);

/* The libconfig file of CUR: a header comment naming SRC and WHEN (ISO
 * 8601) and how to include it, the retired codes, `agencies = ( ... );`. */
int agimp_write(const struct agimp_list *cur, const char *src, const char *when,
                struct buf *out);

/* Is S an address (user@host.tld) or a whole domain (@host.tld)? */
bool agimp_valid_email(const char *s);

#endif
