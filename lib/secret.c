/*
 * secret — password files and systemd credentials, read with the checks
 * msmtp makes (mode, one line, bounded) and wiped after use.
 */
#include "secret.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define SECRET_MAX 4096 /* bytes of a password file, newline included */
/* one byte past SECRET_MAX tells a longer file, one more keeps a NUL */
#define SECRET_BUF (SECRET_MAX + 2)

/* A buffer that never became the caller's secret: wiped whole, since
 * strlen() would stop at a NUL read from the file. */
static void
wipe_free(char *buf)
{
	explicit_bzero(buf, SECRET_BUF);
	free(buf);
}

int
secret_read(const char *file, const char *credname, char **out, struct yk_err *err)
{
	char path[PATH_MAX];
	struct stat st;
	char *buf;
	ssize_t n;
	int fd;

	*out = NULL;
	if (!file) {
		const char *dir = getenv("CREDENTIALS_DIRECTORY");
		if (!dir)
			return yk_err_set(err, YK_ECONFIG,
			                  "no password_file set and no systemd credential '%s' "
			                  "($CREDENTIALS_DIRECTORY is not set)", credname);
		if ((size_t)snprintf(path, sizeof path, "%s/%s", dir, credname) >= sizeof path)
			return yk_err_set(err, YK_ECONFIG, "credential path too long");
		file = path;
	}
	fd = open(file, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0)
		return yk_err_set(err, YK_ECONFIG, "%s: cannot open password file: %s", file,
		                  strerror(errno));
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return yk_err_set(err, YK_ECONFIG, "%s: not a regular file", file);
	}
	/* systemd credentials are managed by systemd; a password_file is ours to check */
	if (file != path && (st.st_mode & 077)) {
		close(fd);
		return yk_err_set(err, YK_ECONFIG,
		                  "%s: password file is readable by group or others (mode %04o); "
		                  "expected mode 0600 or 0400", file, (unsigned)(st.st_mode & 07777));
	}
	buf = calloc(1, SECRET_BUF);
	if (!buf) {
		close(fd);
		return yk_err_set(err, YK_ENOMEM, "out of memory");
	}
	n = read(fd, buf, SECRET_MAX + 1);
	close(fd);
	if (n < 0) {
		int e = errno;
		wipe_free(buf);
		return yk_err_set(err, YK_ECONFIG, "%s: %s", file, strerror(e));
	}
	if (n > SECRET_MAX) {
		wipe_free(buf);
		return yk_err_set(err, YK_ECONFIG, "%s: longer than %d bytes", file, SECRET_MAX);
	}
	while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == '\r'))
		buf[--n] = '\0';
	if (n == 0 && file == path) {
		/* an empty credential is the unit's stand-in (SetCredential=) for
		 * a file LoadCredential= did not find: no password, said by the
		 * caller that needs one */
		wipe_free(buf);
		return 0;
	}
	if (n == 0 || memchr(buf, '\0', (size_t)n) || strpbrk(buf, "\r\n")) {
		wipe_free(buf);
		return yk_err_set(err, YK_ECONFIG, "%s: expected one line holding the password", file);
	}
	*out = buf;
	return 0;
}

void
secret_free(char *secret)
{
	if (!secret)
		return;
	explicit_bzero(secret, strlen(secret));
	free(secret);
}
