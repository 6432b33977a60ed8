/*
 * webusers — the accounts of the web desk: the users file, one
 * "name:hash:role" line each (NAME [a-z0-9._-]{1,32}, HASH a yescrypt
 * "$y$…" from libcrypt, ROLE clerk or viewer), mode 0600.
 *
 * The file is refused when its mode lets anyone but its owner read it, or
 * when a line is malformed (the error names FILE:LINE).  It is written
 * whole and atomically: a temporary file beside it, fsync, rename, fsync of
 * the folder, so a crash leaves the old file or the new one.
 *
 * struct webusers is owned by the caller (webusers_free()); its strings
 * are its own.
 */
#ifndef YK_WEBUSERS_H
#define YK_WEBUSERS_H

#include <stdbool.h>
#include <stddef.h>

#include "err.h"

#define WEBUSERS_MAX       1000
#define WEBUSERS_NAME_MAX  32
#define WEBUSERS_PASS_MAX  1024   /* a password longer than this is refused */
#define WEBUSERS_FILE_MAX  (1u << 20)

enum webrole { WEBROLE_VIEWER, WEBROLE_CLERK };

struct webuser {
	char *name;
	char *hash;
	enum webrole role;
};

struct webusers {
	struct webuser *u;
	size_t n;
};

/* Is NAME a valid login? */
bool webusers_name_ok(const char *name);
/* "clerk" / "viewer"; webusers_role_parse returns -1 for anything else. */
const char *webusers_role_name(enum webrole role);
int webusers_role_parse(const char *s);

/* Reads PATH into OUT.  A missing file is YK_ENOTFOUND (OUT empty); one
 * that group or others may read or write, or a bad line, is YK_EINVAL
 * ("PATH:LINE: …" for the first bad line). */
int webusers_load(const char *path, struct webusers *out, struct yk_err *err);
/* Writes US to PATH (mode 0600), atomically. */
int webusers_save(const char *path, const struct webusers *us, struct yk_err *err);
void webusers_free(struct webusers *us);

/* The users file to read: $CREDENTIALS_DIRECTORY/web-users when that is
 * set and the file exists (the unit's LoadCredential=), else CONFIGURED.
 * Returns a malloc'd path or NULL. */
char *webusers_path(const char *configured);

/* Sets NAME's hash (from PASSWORD) and role, adding NAME if new.
 * Returns 0 or an error (YK_EINVAL for a bad name or password). */
int webusers_set(struct webusers *us, const char *name, const char *password, enum webrole role,
                 struct yk_err *err);
/* Removes NAME; YK_ENOTFOUND when there is none. */
int webusers_del(struct webusers *us, const char *name, struct yk_err *err);

/* A yescrypt hash of PASSWORD, malloc'd, or NULL. */
char *webusers_hash(const char *password);

/* Does PASSWORD open NAME's account?  *ROLE is its role when it does.  An
 * unknown NAME is checked against a dummy hash, so the time taken does not
 * tell whether the account exists; the hashes are compared in constant
 * time. */
bool webusers_verify(const struct webusers *us, const char *name, const char *password,
                     enum webrole *role);

#endif
