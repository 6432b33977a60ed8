/*
 * attach — the attachments of a filed reply, kept beside its message in
 * the archive (…/<stamp>-<uid>/<file name>) so that staff can open them
 * without a mail client.  File names are decoded (RFC 2231, RFC 2047) by
 * GMime and made safe by archive_safe_name(); nothing is written outside
 * the archive.  Bounded: the MIME limits of lib/mime.h (a message that hits
 * one is not unpacked), ATTACH_MAX_FILES files, ATTACH_MAX_DEPTH levels,
 * ATTACH_MAX_BYTES per attachment and ATTACH_MAX_TOTAL in all.  Only
 * documents, spreadsheets, pictures and archives (by the name's extension)
 * are unpacked; programs and unknown binaries stay inside the message.
 */
#ifndef YK_ATTACH_H
#define YK_ATTACH_H

#include <stddef.h>

#include "err.h"

#define ATTACH_MAX_FILES 100
#define ATTACH_MAX_DEPTH 16
#define ATTACH_MAX_BYTES ((size_t)25 << 20)   /* one attachment, encoded; larger
                                              * ones stay inside the message */
#define ATTACH_MAX_TOTAL ((size_t)64 << 20)   /* all of a message's, encoded */

/* Writes the attachments of DATA into ROOT/DIR (created only when there is
 * one), not synced (archive_sync() does it); *n gets how many. */
int attach_save(const char *root, const char *dir, const char *data, size_t len, size_t *n,
                struct yk_err *err);

#endif
