/*
 * maildir — a local mailbox in Maildir format (new/, cur/, tmp/; flags in
 * the ":2,FLAGS" suffix; sub-folders as Maildir++ ".Name" directories), the
 * second mailbox source beside imap.
 *
 * A message is known by the unique part of its file name (before ":2,"),
 * which stays the same when a mail reader moves it from new/ to cur/ or
 * changes its flags.  Nothing here changes the folder except
 * maildir_mark_seen() and maildir_move(), which the caller uses only after
 * the message is filed.  Paths are built only from names read in the
 * folder itself and from checked components.
 */
#ifndef YK_MAILDIR_H
#define YK_MAILDIR_H

#include <stddef.h>
#include <time.h>

#include "buf.h"
#include "err.h"

#define MAILDIR_MAX_MESSAGES 1000000

struct maildir_msg {
	char *rel;      /* "new/NAME" or "cur/NAME:2,FLAGS" */
	char *key;      /* NAME: the unique part */
	time_t mtime;   /* when it arrived */
	long long size;
	int seen;       /* 'S' among its flags */
};

/* Every message in ROOT's new/ and cur/, oldest first.  *out and its
 * strings are owned by the caller: maildir_list_free(). */
int maildir_list(const char *root, struct maildir_msg **out, size_t *n, struct yk_err *err);
void maildir_list_free(struct maildir_msg *v, size_t n);

/* Reads the message (at most MAX bytes; only up to the end of its header
 * when HEADER_ONLY) into OUT. */
int maildir_read(const char *root, const char *rel, size_t max, int header_only,
                 struct buf *out, struct yk_err *err);

/* Adds the S flag: renames into cur/ with ":2,…S". */
int maildir_mark_seen(const char *root, const char *rel, struct yk_err *err);

/* Moves the message into the Maildir++ folder ".FOLDER" (created with its
 * new/, cur/ and tmp/ when missing), keeping its name and flags. */
int maildir_move(const char *root, const char *rel, const char *folder, struct yk_err *err);

#endif
