/*
 * secret — reading a password from a file or a systemd credential.
 *
 * secret_read() checks the file's mode before reading it (a password file
 * that group or others may read is refused) and hands the value over in a
 * malloc'd buffer the caller owns: it wipes and frees it with secret_free()
 * as soon as it is no longer needed.  Nothing here logs the value.
 * Errors are returned per lib/err.h: YK_ECONFIG for a missing, unsafe or
 * malformed file, YK_ENOMEM.
 */
#ifndef YK_SECRET_H
#define YK_SECRET_H

#include "err.h"

/*
 * Reads a secret from FILE, refusing a file that group or others may read.
 * FILE NULL means $CREDENTIALS_DIRECTORY/CREDNAME (systemd LoadCredential=).
 * Trailing newline removed; a file longer than 4096 bytes is refused.  An
 * empty credential (the unit's SetCredential= stand-in when the file is
 * absent) gives 0 and *out NULL: no password.
 */
int secret_read(const char *file, const char *credname, char **out, struct yk_err *err);
/* Wipes and frees SECRET; NULL is fine. */
void secret_free(char *secret);

#endif
