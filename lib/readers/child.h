/*
 * child — running a converter (antiword, catdoc, tesseract, pdftoppm) on
 * untrusted input: a child process, no shell, argv fixed, stdin and stderr
 * on /dev/null, rlimits on CPU, address space and file size set before exec
 * (or it does not run at all), a wall-clock timeout, and a cap on what is
 * read back from its stdout.  OMP_THREAD_LIMIT=1 in its environment: an
 * OpenMP program (tesseract) otherwise spins threads on every core.
 */
#ifndef YK_READERS_CHILD_H
#define YK_READERS_CHILD_H

#include <sys/resource.h>

#include "alive.h"
#include "buf.h"

struct child_limits {
	long timeout_ms;
	rlim_t cpu_seconds;
	rlim_t memory;     /* RLIMIT_AS */
	rlim_t fsize;      /* RLIMIT_FSIZE: 0 when it writes only to stdout */
};

enum child_status { CHILD_OK = 0, CHILD_FAILED, CHILD_TIMEOUT, CHILD_TOO_MUCH, CHILD_NOT_FOUND };

/* Runs ARGV[0] (looked up in PATH) with ARGV; its stdout is appended to
 * OUT, whose own limit bounds it (CHILD_TOO_MUCH past it).  While it
 * waits, ALIVE (may be NULL) is pinged every half second. */
enum child_status child_run(char *const argv[], const struct child_limits *l,
                            const struct yk_alive *alive, struct buf *out);

#endif
