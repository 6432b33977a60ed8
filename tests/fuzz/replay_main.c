/*
 * replay_main — runs a libFuzzer target's LLVMFuzzerTestOneInput() once on
 * each file given (a directory: each regular file in it, in name order),
 * without clang, without mutation.  Linked with a fuzz_*.c by the normal
 * compiler, so `make check` replays every corpus in seconds and a known
 * crashing input fails it; under `make asan` a memory error does too.
 *
 *   fuzz_TARGET-replay [-m MAX_BYTES] FILE|DIR...
 *
 * Each input is copied into a buffer of exactly its size, as libFuzzer
 * does, so that ASan sees a read past its end.  An input longer than
 * MAX_BYTES (default REPLAY_MAX_DEFAULT) is cut to it, as libFuzzer's
 * -max_len does: intake never hands extraction more than
 * mailbox.max_message_size, and a 200 MB hostile attachment need not cost
 * 200 MB on every `make check` to show that a large one is handled.
 * Prints "# replay NAME" on stderr before each input (a crash names it),
 * then "replayed N inputs" on stdout; exit 0, or 1 when an input cannot be
 * read.  A crash ends the process, which is the point.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fuzz_common.h"

#define REPLAY_MAX_DEFAULT (8L * 1024 * 1024)
#define REPLAY_MAX_FILES 100000 /* per directory */

#pragma weak LLVMFuzzerInitialize

static long max_bytes = REPLAY_MAX_DEFAULT;
static unsigned long replayed;

static int
replay_file(const char *path)
{
	struct stat st;
	uint8_t *data;
	size_t len, off = 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0 || fstat(fd, &st) < 0) {
		fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	len = st.st_size > max_bytes ? (size_t)max_bytes : (size_t)st.st_size;
	/* malloc(0) may return NULL: one byte, of which none is given */
	if (!(data = malloc(len ? len : 1))) {
		fprintf(stderr, "replay: %s: out of memory\n", path);
		close(fd);
		return -1;
	}
	while (off < len) {
		ssize_t n = read(fd, data + off, len - off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			fprintf(stderr, "replay: %s: %s\n", path, n < 0 ? strerror(errno) : "shorter than its size");
			free(data);
			close(fd);
			return -1;
		}
		off += (size_t)n;
	}
	close(fd);
	fprintf(stderr, "# replay %s (%zu bytes%s)\n", path, len,
	        (long long)st.st_size > (long long)len ? ", cut" : "");
	LLVMFuzzerTestOneInput(data, len);
	free(data);
	replayed++;
	return 0;
}

static int
cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int
replay_dir(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char **names = NULL;
	size_t n = 0;
	int rc = 0;

	if (!d) {
		fprintf(stderr, "replay: %s: %s\n", dir, strerror(errno));
		return -1;
	}
	while ((e = readdir(d)) && n < REPLAY_MAX_FILES) {
		char **grown;
		if (e->d_name[0] == '.')
			continue;
		if (!(grown = realloc(names, (n + 1) * sizeof *names)) ||
		    !(grown[n] = strdup(e->d_name))) {
			names = grown ? grown : names;
			rc = -1;
			break;
		}
		names = grown;
		n++;
	}
	closedir(d);
	qsort(names, n, sizeof *names, cmp_names);
	for (size_t i = 0; i < n; i++) {
		char path[4096];
		struct stat st;
		if ((size_t)snprintf(path, sizeof path, "%s/%s", dir, names[i]) >= sizeof path) {
			fprintf(stderr, "replay: %s/%s: path too long\n", dir, names[i]);
			rc = -1;
		} else if (stat(path, &st) == 0 && S_ISREG(st.st_mode) && replay_file(path)) {
			rc = -1;
		}
		free(names[i]);
	}
	free(names);
	return rc;
}

int
main(int argc, char **argv)
{
	int i = 1, status = 0;

	if (argc > 2 && !strcmp(argv[1], "-m")) {
		char *end;
		errno = 0;
		max_bytes = strtol(argv[2], &end, 10);
		if (errno || *end || max_bytes < 1) {
			fprintf(stderr, "replay: -m %s: expected a number of bytes\n", argv[2]);
			return 2;
		}
		i = 3;
	}
	if (i >= argc) {
		fprintf(stderr, "usage: %s [-m MAX_BYTES] FILE|DIR...\n", argv[0]);
		return 2;
	}
	if (LLVMFuzzerInitialize) {
		/* copies: a target may change what it is given */
		int ac = argc;
		char **av = argv;
		LLVMFuzzerInitialize(&ac, &av);
	}
	for (; i < argc; i++) {
		struct stat st;
		if (stat(argv[i], &st) < 0) {
			fprintf(stderr, "replay: %s: %s\n", argv[i], strerror(errno));
			status = 1;
		} else if (S_ISDIR(st.st_mode) ? replay_dir(argv[i]) : replay_file(argv[i])) {
			status = 1;
		}
	}
	printf("replayed %lu inputs\n", replayed);
	return status;
}
