/*
 * doc — Word 97-2003 binary documents through antiword (falling back to
 * catdoc), run as a child process: no shell, argv fixed, the document in a
 * private temporary file (0600), a wall-clock timeout, and rlimits on CPU,
 * address space and file size, because these converters are old C code
 * reading untrusted input.
 */
#include "readers/readers.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "buf.h"
#include "readers/child.h"
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
		return YK_EIO;
	fd = mkstemp(path); /* mode 0600 */
	if (fd < 0)
		return YK_EIO;
	while (off < len) {
		ssize_t w = write(fd, data + off, len - off);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			close(fd);
			unlink(path);
			return YK_EIO;
		}
		off += (size_t)w;
	}
	close(fd);
	return 0;
}

static const struct child_limits doc_limits = {
	.timeout_ms = DOC_TIMEOUT_MS, .cpu_seconds = DOC_CPU_SECONDS, .memory = DOC_MAX_MEMORY,
};

int
doc_text(const char *data, size_t len, char **out, struct yk_err *err)
{
	char path[512];
	struct buf b;
	int rc;

	*out = NULL;
	if (write_temp(data, len, path, sizeof path))
		return yk_err_set(err, YK_EIO, "doc: cannot write a temporary file");
	buf_init(&b, READER_MAX_TEXT);
	{
		char *const av1[] = { "antiword", "-m", "UTF-8.txt", path, NULL };
		char *const av2[] = { "catdoc", "-d", "utf-8", path, NULL };

		rc = child_run(av1, &doc_limits, NULL, &b) != CHILD_OK || b.len == 0;
		if (rc) {
			buf_reset(&b);
			rc = child_run(av2, &doc_limits, NULL, &b) != CHILD_OK || b.len == 0;
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
