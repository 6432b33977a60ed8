/*
 * archive — raw messages on disk, exactly as received.
 *
 * A file is written to a temporary name, fsynced, renamed into place, and
 * its directory fsynced, so that once archive_store() returns the message
 * survives a crash.  Paths are built only from components that
 * archive_component_ok() accepts, under the archive root: nothing is ever
 * written outside it.
 */
#ifndef YK_ARCHIVE_H
#define YK_ARCHIVE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "err.h"

#define ARCHIVE_MAX_PATH 1024

/* A safe single path component: no '/', '\\', control characters, no
 * leading '.', not empty, at most 200 bytes. */
bool archive_component_ok(const char *s);

/*
 * Stores DATA as ROOT/DIR/STEM.eml (DIR: components joined by '/', each
 * checked).  If that name exists with the same bytes (a crash after the
 * rename, before the database commit), it is reused; with other bytes,
 * STEM-2.eml, STEM-3.eml … are tried.  REL gets the path relative to ROOT.
 * SYNC false skips the fsyncs (the caller syncs the batch itself).
 */
int archive_store(const char *root, const char *dir, const char *stem, const char *data,
                  size_t len, bool sync, char *rel, size_t relsz, struct yk_err *err);

/*
 * The same, but the bytes are already in FD, an unnamed file (O_TMPFILE)
 * on the archive's file system holding exactly DATA: it is linked into
 * place instead of written again (the fetch helpers write each message
 * there as it arrives, lib/fetchpool.c).  Where it cannot be linked (no
 * /proc, another file system, a kernel without linkat of an unnamed
 * file) DATA is written as archive_store() does.  FD stays the caller's.
 */
int archive_adopt(const char *root, const char *dir, const char *stem, int fd, const char *data,
                  size_t len, bool sync, char *rel, size_t relsz, struct yk_err *err);

/*
 * Makes every file and directory written under ROOT with sync = false
 * durable: one syncfs(2) of its file system per batch instead of two
 * fsyncs per message (group commit).  A write error that syncfs reports is
 * returned.
 */
int archive_sync(const char *root, struct yk_err *err);

#define ARCHIVE_NAME_MAX 120   /* bytes of an attachment's file name kept */

/*
 * A file name from a message made safe to write: its last path component
 * only, no control characters or characters Windows refuses, no leading
 * dot, space or dash, at most ARCHIVE_NAME_MAX bytes (cut on a UTF-8
 * boundary, the extension kept); "attachment" when nothing is left.
 */
void archive_safe_name(const char *in, char *out, size_t n);

/* Stores an attachment as ROOT/DIR/<safe name>, "name (2).ext" on a
 * collision with other bytes (not fsynced: archive_sync covers it). */
int archive_store_attachment(const char *root, const char *dir, const char *name,
                             const char *data, size_t len, char *rel, size_t relsz,
                             struct yk_err *err);

/* Lower-case hex SHA-256 of DATA into out (65 bytes).  A failure (the
 * crypto library could not hash) is an error, never a made-up value: the
 * hash decides whether a message was filed before. */
int archive_sha256(const char *data, size_t len, char out[65], struct yk_err *err);
/* The same of the LEN bytes at OFF of the file FD, read in pieces (no
 * mapping, a buffer on the stack), written on to the file COPY_TO as they
 * pass when it is not -1: for the fetch helpers, which hash what they
 * fetched, and give each message a file of its own for archive_adopt(),
 * while the filing thread files (lib/fetchpool.c).  YK_EIO also when FD
 * is shorter. */
int archive_sha256_fd(int fd, int64_t off, size_t len, int copy_to, char out[65],
                      struct yk_err *err);

#endif
