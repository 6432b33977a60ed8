/*
 * spill — where fetched messages wait to be filed: files without a name
 * in the archive's folder (lib/imap.h, struct imap_spill), instead of
 * memory.  The messages go to disk anyway; the page cache holds them
 * until the filing thread maps them, one at a time, so that what the
 * daemon holds in memory does not grow with the connections, the
 * prefetched batches or the size of a message.
 *
 * A spill file has no name (O_TMPFILE), or, where the file system cannot
 * make one, a name removed at once: a crash leaves nothing behind, bar a
 * file named between those two steps, which spill_clean() removes at the
 * next start.  Nothing is written outside the archive's folder.  The
 * caller owns the descriptor (close() it: its room is given back).
 */
#ifndef YK_SPILL_H
#define YK_SPILL_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"

/* A new empty spill file in DIR (created when missing), open for reading
 * and writing, into *FD. */
int spill_open(const char *dir, int *fd, struct yk_err *err);

/* A new empty file in DIR with no name that can be given one later
 * (O_TMPFILE, mode 0640: archive_adopt() links it into the archive): its
 * descriptor, or -1 where the file system has no such files (the caller
 * keeps the message in a spill). */
int spill_open_linkable(const char *dir);

/* Removes what a process that died between naming a spill file and
 * removing its name left in DIR (best effort). */
void spill_clean(const char *dir);

/* LEN bytes of a spill at OFF, read-only, mapped from the page cache. */
struct spill_map {
	const char *data;    /* valid until spill_unmap() */
	void *base;
	size_t maplen;
};
int spill_map(int fd, int64_t off, size_t len, struct spill_map *m, struct yk_err *err);
void spill_unmap(struct spill_map *m);

#endif
