/*
 * spill — unnamed files for fetched messages (spill.h).
 */
#include "spill.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#define SPILL_PREFIX ".ykien-spill-"

static int
open_unnamed(const char *dir)
{
	int fd = -1;

#ifdef O_TMPFILE
	fd = open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
	if (fd >= 0 || (errno != EOPNOTSUPP && errno != EISDIR && errno != EINVAL))
		return fd;
#endif
	/* no O_TMPFILE here: a name, removed at once (spill_clean for a crash
	 * in between) */
	{
		static atomic_uint seq;
		char path[4096];
		if ((size_t)snprintf(path, sizeof path, "%s/" SPILL_PREFIX "%ld-%u", dir, (long)getpid(),
		                     atomic_fetch_add(&seq, 1)) >= sizeof path) {
			errno = ENAMETOOLONG;
			return -1;
		}
		fd = open(path, O_CREAT | O_EXCL | O_RDWR | O_CLOEXEC | O_NOFOLLOW, 0600);
		if (fd >= 0)
			(void)unlink(path);
		return fd;
	}
}

int
spill_open(const char *dir, int *fd, struct yk_err *err)
{
	*fd = open_unnamed(dir);
	if (*fd < 0 && errno == ENOENT && mkdir(dir, 0750) == 0)
		*fd = open_unnamed(dir);
	if (*fd < 0)
		return yk_err_set(err, YK_EIO, "%s: cannot make a file for the messages being "
		                  "fetched: %s", dir, strerror(errno));
	return 0;
}

int
spill_open_linkable(const char *dir)
{
#ifdef O_TMPFILE
	/* without O_EXCL: linkat(2) may give it a name */
	return open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0640);
#else
	(void)dir;
	errno = EOPNOTSUPP;
	return -1;
#endif
}

void
spill_clean(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	long self = (long)getpid();

	if (!d)
		return;
	while ((e = readdir(d))) {
		char *end;
		long pid;
		if (strncmp(e->d_name, SPILL_PREFIX, sizeof SPILL_PREFIX - 1))
			continue;
		pid = strtol(e->d_name + sizeof SPILL_PREFIX - 1, &end, 10);
		/* ours are being made now; another live process's too */
		if (*end != '-' || pid <= 0 || pid == self || kill((pid_t)pid, 0) == 0 ||
		    errno != ESRCH)
			continue;
		(void)unlinkat(dirfd(d), e->d_name, 0);
	}
	closedir(d);
}

int
spill_map(int fd, int64_t off, size_t len, struct spill_map *m, struct yk_err *err)
{
	long pg = sysconf(_SC_PAGESIZE);
	int64_t start = off - off % (pg > 0 ? pg : 4096);
	size_t delta = (size_t)(off - start);

	memset(m, 0, sizeof *m);
	if (len == 0) {
		m->data = "";
		return 0;
	}
	m->maplen = len + delta;
	m->base = mmap(NULL, m->maplen, PROT_READ, MAP_PRIVATE, fd, (off_t)start);
	if (m->base == MAP_FAILED) {
		m->base = NULL;
		return yk_err_set(err, YK_EIO, "cannot read back a fetched message: %s",
		                  strerror(errno));
	}
	/* read once, front to back (hash, parse, archive) */
	(void)madvise(m->base, m->maplen, MADV_SEQUENTIAL);
	m->data = (const char *)m->base + delta;
	return 0;
}

void
spill_unmap(struct spill_map *m)
{
	if (m->base)
		munmap(m->base, m->maplen);
	memset(m, 0, sizeof *m);
}
