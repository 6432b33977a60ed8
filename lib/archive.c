/*
 * archive — durable writes: temp file, fsync, rename, fsync the directory
 * (a rename is only durable once its directory is).
 */
#include "archive.h"

#include <errno.h>
#include <fcntl.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define ARCHIVE_MAX_COLLISIONS 1000

bool
archive_component_ok(const char *s)
{
	size_t n = 0;

	if (!s || !*s || s[0] == '.')
		return false;
	for (; *s; s++, n++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f || *s == '/' || *s == '\\')
			return false;
	return n <= 200;
}

static int
fsync_dir(const char *path, struct yk_err *err)
{
	int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd < 0)
		return yk_err_set(err, YK_EIO, "%s: %s", path, strerror(errno));
	if (fsync(fd) < 0) {
		int e = errno;
		close(fd);
		return yk_err_set(err, YK_EIO, "fsync %s: %s", path, strerror(e));
	}
	close(fd);
	return 0;
}

/* mkdir -p of ROOT/DIR, checking every component of DIR. */
static int
make_dirs(const char *root, const char *dir, char *full, size_t fullsz, struct yk_err *err)
{
	char comp[256];
	const char *p = dir;
	size_t off;
	int n;

	n = snprintf(full, fullsz, "%s", root);
	if (n < 0 || (size_t)n >= fullsz)
		return yk_err_set(err, YK_ELIMIT, "archive path too long");
	if (mkdir(full, 0750) < 0 && errno != EEXIST)
		return yk_err_set(err, YK_EIO, "%s: cannot create: %s", full, strerror(errno));
	off = (size_t)n;
	while (*p) {
		const char *slash = strchr(p, '/');
		size_t cl = slash ? (size_t)(slash - p) : strlen(p);
		bool created;
		if (cl >= sizeof comp)
			return yk_err_set(err, YK_ELIMIT, "archive path component too long");
		memcpy(comp, p, cl);
		comp[cl] = '\0';
		if (!archive_component_ok(comp))
			return yk_err_set(err, YK_EINVAL, "unsafe archive path component \"%s\"", comp);
		n = snprintf(full + off, fullsz - off, "/%s", comp);
		if (n < 0 || (size_t)n >= fullsz - off)
			return yk_err_set(err, YK_ELIMIT, "archive path too long");
		created = mkdir(full, 0750) == 0;
		if (!created && errno != EEXIST)
			return yk_err_set(err, YK_EIO, "%s: cannot create: %s", full, strerror(errno));
		if (created) {
			/* the new directory's entry must be durable too */
			full[off] = '\0';
			if (fsync_dir(full, err))
				return err->code;
			full[off] = '/';
		}
		off += (size_t)n;
		p += cl;
		if (*p == '/')
			p++;
	}
	return 0;
}

/* Does PATH hold exactly DATA? */
static bool
same_content(const char *path, const char *data, size_t len)
{
	char chunk[65536];
	size_t off = 0;
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	struct stat st;
	bool same = false;

	if (fd < 0)
		return false;
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && (size_t)st.st_size == len) {
		same = true;
		while (same && (n = read(fd, chunk, sizeof chunk)) > 0) {
			if ((size_t)n > len - off || memcmp(chunk, data + off, (size_t)n))
				same = false;
			off += (size_t)n;
		}
		same = same && off == len;
	}
	close(fd);
	return same;
}

static int
write_all(int fd, const char *data, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, data, len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		data += n;
		len -= (size_t)n;
	}
	return 0;
}

int
archive_store(const char *root, const char *dir, const char *stem, const char *data, size_t len,
              bool sync, char *rel, size_t relsz, struct yk_err *err)
{
	char dirpath[ARCHIVE_MAX_PATH], tmp[ARCHIVE_MAX_PATH + 320], final[ARCHIVE_MAX_PATH + 260];
	char name[256];
	int fd, n, i;

	if (!archive_component_ok(stem) || strlen(stem) > 200)
		return yk_err_set(err, YK_EINVAL, "unsafe archive file name \"%s\"", stem);
	if (make_dirs(root, dir, dirpath, sizeof dirpath, err))
		return err->code;
	for (i = 1; i <= ARCHIVE_MAX_COLLISIONS; i++) {
		if (i == 1)
			snprintf(name, sizeof name, "%s.eml", stem);
		else
			snprintf(name, sizeof name, "%s-%d.eml", stem, i);
		n = snprintf(final, sizeof final, "%s/%s", dirpath, name);
		if (n < 0 || (size_t)n >= sizeof final)
			return yk_err_set(err, YK_ELIMIT, "archive path too long");
		if (access(final, F_OK) != 0)
			break;
		if (same_content(final, data, len))
			goto done; /* filed before a crash, not yet recorded */
	}
	if (i > ARCHIVE_MAX_COLLISIONS)
		return yk_err_set(err, YK_ELIMIT, "%s: too many files named %s", dirpath, stem);
	/* one temporary name per target: a retry after a crash overwrites what
	 * the crashed attempt left, instead of leaving it behind */
	n = snprintf(tmp, sizeof tmp, "%s/.tmp-%s", dirpath, name);
	if (n < 0 || (size_t)n >= sizeof tmp)
		return yk_err_set(err, YK_ELIMIT, "archive path too long");
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0640);
	if (fd < 0)
		return yk_err_set(err, YK_EIO, "%s: %s", tmp, strerror(errno));
	if (write_all(fd, data, len) < 0 || (sync && fsync(fd) < 0)) {
		int e = errno;
		close(fd);
		unlink(tmp);
		return yk_err_set(err, YK_EIO, "%s: %s", tmp, strerror(e));
	}
	if (close(fd) < 0) {
		int e = errno;
		unlink(tmp);
		return yk_err_set(err, YK_EIO, "%s: %s", tmp, strerror(e));
	}
	if (rename(tmp, final) < 0) {
		int e = errno;
		unlink(tmp);
		return yk_err_set(err, YK_EIO, "rename to %s: %s", final, strerror(e));
	}
	if (sync && fsync_dir(dirpath, err))
		return err->code;
done:
	n = snprintf(rel, relsz, "%s%s%s", dir, *dir ? "/" : "", name);
	if (n < 0 || (size_t)n >= relsz)
		return yk_err_set(err, YK_ELIMIT, "archive path too long");
	return 0;
}

static int
fsync_path(const char *path, int flags, struct yk_err *err)
{
	int fd = open(path, flags | O_RDONLY | O_CLOEXEC | O_NOFOLLOW);

	if (fd < 0)
		return yk_err_set(err, YK_EIO, "%s: %s", path, strerror(errno));
	if (fsync(fd) < 0) {
		int e = errno;
		close(fd);
		return yk_err_set(err, YK_EIO, "fsync %s: %s", path, strerror(e));
	}
	close(fd);
	return 0;
}

int
archive_sync(const char *root, const char *const *rels, size_t n, struct yk_err *err)
{
	char path[ARCHIVE_MAX_PATH * 2];
	int fd;

	if (n == 0)
		return 0;
	/* One syncfs(2) flushes the whole batch, data and directory entries,
	 * where an fsync per file and per directory would cost a disk flush
	 * each: this is the group commit. */
	fd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return yk_err_set(err, YK_EIO, "%s: %s", root, strerror(errno));
	if (syncfs(fd) == 0) {
		close(fd);
		return 0;
	}
	close(fd);
	/* no syncfs here: every file, then every directory it made */
	for (size_t i = 0; i < n; i++) {
		snprintf(path, sizeof path, "%s/%s", root, rels[i]);
		if (fsync_path(path, 0, err))
			return err->code;
		*strrchr(path, '/') = '\0';
		if (fsync_path(path, O_DIRECTORY, err))
			return err->code;
	}
	return 0;
}

void
archive_sha256(const char *data, size_t len, char out[65])
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0;

	/* OpenSSL's SHA-256 uses the CPU's SHA instructions: hashing every
	 * message costs a few percent of the intake instead of a quarter */
	if (!EVP_Digest(data, len, md, &mdlen, EVP_sha256(), NULL) || mdlen != 32) {
		snprintf(out, 65, "%064d", 0);
		return;
	}
	for (unsigned i = 0; i < 32; i++)
		snprintf(out + 2 * i, 3, "%02x", md[i]);
}
