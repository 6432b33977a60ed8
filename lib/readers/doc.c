/*
 * doc — Word 97-2003 binary documents through antiword (falling back to
 * catdoc), run as a child process: no shell, argv fixed, the document in a
 * private temporary file (0600), a wall-clock timeout, and rlimits on CPU,
 * address space and file size, because these converters are old C code
 * reading untrusted input.
 */
#include "readers/readers.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "text.h"

/* Wall-clock time one converter may take (a form converts in ~50 ms). */
#define DOC_TIMEOUT_MS 15000
/* CPU seconds and address space for the converter. */
#define DOC_CPU_SECONDS 10
#define DOC_MAX_MEMORY ((rlim_t)512 << 20)

static int
write_temp(const char *data, size_t len, char *path, size_t pathsz)
{
	const char *dir = getenv("TMPDIR");
	int fd;
	size_t off = 0;

	if (!dir || !*dir)
		dir = "/tmp";
	if ((size_t)snprintf(path, pathsz, "%s/ykien-doc-XXXXXX", dir) >= pathsz)
		return -1;
	fd = mkstemp(path); /* mode 0600 */
	if (fd < 0)
		return -1;
	while (off < len) {
		ssize_t w = write(fd, data + off, len - off);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			close(fd);
			unlink(path);
			return -1;
		}
		off += (size_t)w;
	}
	close(fd);
	return 0;
}

static long
ms_since(const struct timespec *t0)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (t.tv_sec - t0->tv_sec) * 1000 + (t.tv_nsec - t0->tv_nsec) / 1000000;
}

/* Runs argv, collecting stdout into b.  0 when it exited 0 with output. */
static int
run(char *const argv[], struct buf *b)
{
	int pfd[2];
	pid_t pid;
	struct timespec t0;
	int status = 0, rc = 0;
	bool done = false;

	if (pipe2(pfd, O_CLOEXEC) < 0)
		return -1;
	pid = fork();
	if (pid < 0) {
		close(pfd[0]);
		close(pfd[1]);
		return -1;
	}
	if (pid == 0) {
		struct rlimit cpu = { DOC_CPU_SECONDS, DOC_CPU_SECONDS };
		struct rlimit mem = { DOC_MAX_MEMORY, DOC_MAX_MEMORY };
		struct rlimit fsz = { 0, 0 };
		int devnull = open("/dev/null", O_RDWR);

		setrlimit(RLIMIT_CPU, &cpu);
		setrlimit(RLIMIT_AS, &mem);
		setrlimit(RLIMIT_FSIZE, &fsz); /* it writes nothing but stdout */
		if (devnull >= 0) {
			dup2(devnull, STDIN_FILENO);
			dup2(devnull, STDERR_FILENO);
		}
		dup2(pfd[1], STDOUT_FILENO);
		execvp(argv[0], argv);
		_exit(127);
	}
	close(pfd[1]);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	while (!done) {
		struct pollfd p = { pfd[0], POLLIN, 0 };
		long left = DOC_TIMEOUT_MS - ms_since(&t0);
		char chunk[8192];
		ssize_t r;

		if (left <= 0) {
			rc = -1;
			break;
		}
		if (poll(&p, 1, (int)left) <= 0) {
			if (errno == EINTR)
				continue;
			rc = -1;
			break;
		}
		r = read(pfd[0], chunk, sizeof chunk);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			done = true;
			break;
		}
		if (buf_add(b, chunk, (size_t)r) != 0) {
			rc = -1; /* past READER_MAX_TEXT: not a form */
			break;
		}
	}
	close(pfd[0]);
	if (!done)
		kill(pid, SIGKILL); /* our own child, by its pid */
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (rc || !WIFEXITED(status) || WEXITSTATUS(status) != 0 || b->len == 0)
		return -1;
	return 0;
}

int
doc_text(const char *data, size_t len, char **out, struct yk_err *err)
{
	char path[512];
	struct buf b;
	int rc;

	*out = NULL;
	if (write_temp(data, len, path, sizeof path) < 0)
		return yk_err_set(err, YK_EIO, "doc: cannot write a temporary file");
	buf_init(&b, READER_MAX_TEXT);
	{
		char *const av1[] = { "antiword", "-m", "UTF-8.txt", path, NULL };
		char *const av2[] = { "catdoc", "-d", "utf-8", path, NULL };

		rc = run(av1, &b);
		if (rc) {
			buf_reset(&b);
			rc = run(av2, &b);
		}
	}
	unlink(path);
	if (rc) {
		buf_free(&b);
		return yk_err_set(err, YK_EINVAL, "doc: neither antiword nor catdoc could read it");
	}
	*out = text_nfc(b.data, b.len);
	buf_free(&b);
	return *out ? 0 : yk_err_set(err, YK_ENOMEM, "doc: out of memory");
}
