/*
 * archive — durable writes: temp file, fsync, rename, fsync the directory
 * (a rename is only durable once its directory is).
 */
#include "archive.h"

#include <errno.h>
#include <fcntl.h>
#include <openssl/evp.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fault.h"

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
	{
		/* the usual case: the folder is there already, one stat instead of
		 * a mkdir per component (every component is still checked) */
		struct stat st;
		char whole[ARCHIVE_MAX_PATH];
		bool safe = true;
		for (const char *q = dir; *q && safe;) {
			const char *sl = strchr(q, '/');
			size_t cl = sl ? (size_t)(sl - q) : strlen(q);
			char c[256];
			if (cl >= sizeof c)
				break;
			memcpy(c, q, cl);
			c[cl] = '\0';
			safe = archive_component_ok(c);
			q += cl + (sl ? 1 : 0);
		}
		if (safe && (size_t)snprintf(whole, sizeof whole, "%s/%s", root, dir) < sizeof whole &&
		    lstat(whole, &st) == 0 && S_ISDIR(st.st_mode)) {
			snprintf(full, fullsz, "%s", whole);
			return 0;
		}
	}
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

static bool
write_all(int fd, const char *data, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, data, len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return false; /* errno says why */
		}
		data += n;
		len -= (size_t)n;
	}
	return true;
}

/*
 * Stores DATA as ROOT/DIR/BASE EXT; on a name taken by other bytes, the
 * Nth try is BASE SEP N EXT (SEP "-" for messages, " (" with ")" for
 * attachments, as a desktop names copies).
 */
/* Links the unnamed file FD as FINAL; false when it cannot be (the
 * caller writes the bytes instead). */
static bool
link_unnamed(int fd, const char *final)
{
	char proc[64];

	if (fd < 0)
		return false;
	snprintf(proc, sizeof proc, "/proc/self/fd/%d", fd);
	return linkat(AT_FDCWD, proc, AT_FDCWD, final, AT_SYMLINK_FOLLOW) == 0;
}

static int
store_as(const char *root, const char *dir, const char *base, const char *ext, bool paren,
         int src_fd, const char *data, size_t len, bool sync, char *rel, size_t relsz,
         struct yk_err *err)
{
	char dirpath[ARCHIVE_MAX_PATH], tmp[ARCHIVE_MAX_PATH + 320], final[ARCHIVE_MAX_PATH + 260];
	char name[256];
	int fd, n, i;

	if (!archive_component_ok(base) || strlen(base) + strlen(ext) > 200)
		return yk_err_set(err, YK_EINVAL, "unsafe archive file name \"%s\"", base);
	if (make_dirs(root, dir, dirpath, sizeof dirpath, err))
		return err->code;
	for (i = 1; i <= ARCHIVE_MAX_COLLISIONS; i++) {
		if (i == 1)
			snprintf(name, sizeof name, "%s%s", base, ext);
		else if (paren)
			snprintf(name, sizeof name, "%s (%d)%s", base, i, ext);
		else
			snprintf(name, sizeof name, "%s-%d%s", base, i, ext);
		n = snprintf(final, sizeof final, "%s/%s", dirpath, name);
		if (n < 0 || (size_t)n >= sizeof final)
			return yk_err_set(err, YK_ELIMIT, "archive path too long");
		if (access(final, F_OK) != 0)
			break;
		if (same_content(final, data, len))
			goto done; /* filed before a crash, not yet recorded */
	}
	if (i > ARCHIVE_MAX_COLLISIONS)
		return yk_err_set(err, YK_ELIMIT, "%s: too many files named %s", dirpath, base);
	/* one temporary name per target: a retry after a crash overwrites what
	 * the crashed attempt left, instead of leaving it behind */
	n = snprintf(tmp, sizeof tmp, "%s/.tmp-%s", dirpath, name);
	if (n < 0 || (size_t)n >= sizeof tmp)
		return yk_err_set(err, YK_ELIMIT, "archive path too long");
	/* the bytes already on this file system, written once: a name is all
	 * they need (durable with the batch's syncfs, or the fsyncs below);
	 * what a crashed attempt to write them left under the temporary name
	 * goes (the retry may come by this way, not by the write's) */
	if (link_unnamed(src_fd, final)) {
		(void)unlink(tmp);
		if (sync && fsync(src_fd) < 0)
			return yk_err_set(err, YK_EIO, "%s: %s", final, strerror(errno));
		if (sync && fsync_dir(dirpath, err))
			return err->code;
		goto done;
	}
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0640);
	if (fd < 0)
		return yk_err_set(err, YK_EIO, "%s: %s", tmp, strerror(errno));
	if (!write_all(fd, data, len) || (sync && fsync(fd) < 0)) {
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

int
archive_store(const char *root, const char *dir, const char *stem, const char *data, size_t len,
              bool sync, char *rel, size_t relsz, struct yk_err *err)
{
	return store_as(root, dir, stem, ".eml", false, -1, data, len, sync, rel, relsz, err);
}

int
archive_adopt(const char *root, const char *dir, const char *stem, int fd, const char *data,
              size_t len, bool sync, char *rel, size_t relsz, struct yk_err *err)
{
	return store_as(root, dir, stem, ".eml", false, fd, data, len, sync, rel, relsz, err);
}

/* Length of the longest prefix of S, at most MAX bytes, that does not cut
 * a UTF-8 sequence. */
static size_t
utf8_prefix(const char *s, size_t max)
{
	size_t n = strlen(s);

	if (n <= max)
		return n;
	while (max > 0 && ((unsigned char)s[max] & 0xc0) == 0x80)
		max--;
	return max;
}

void
archive_safe_name(const char *in, char *out, size_t n)
{
	char tmp[8192]; /* whole, so the extension is found; longer names lose it */
	const char *dot;
	size_t o = 0, baselen, extlen;

	/* the last path component only: "../../etc/passwd" is "passwd" */
	for (const char *p = in ? in : ""; *p; p++)
		if (*p == '/' || *p == '\\')
			in = p + 1;
	for (const char *p = in ? in : ""; *p && o + 1 < sizeof tmp; p++) {
		unsigned char c = (unsigned char)*p;
		if (c < 0x20 || c == 0x7f || c == ':' || c == '*' || c == '?' || c == '"' || c == '<' ||
		    c == '>' || c == '|')
			c = '_';
		if (o == 0 && (c == '.' || c == ' ' || c == '-'))
			continue; /* no hidden files, no option-like names */
		tmp[o++] = (char)c;
	}
	while (o > 0 && (tmp[o - 1] == ' ' || tmp[o - 1] == '.'))
		o--;
	tmp[o] = '\0';
	if (o == 0) {
		snprintf(out, n, "attachment");
		return;
	}
	/* bounded, keeping the extension (what opens it) */
	dot = strrchr(tmp, '.');
	extlen = dot && strlen(dot) <= 16 ? strlen(dot) : 0;
	baselen = o - extlen <= ARCHIVE_NAME_MAX - extlen ? o - extlen
	                                                  : utf8_prefix(tmp, ARCHIVE_NAME_MAX - extlen);
	snprintf(out, n, "%.*s%s", (int)baselen, tmp, extlen ? tmp + o - extlen : "");
	if (!out[0])
		snprintf(out, n, "attachment");
}

int
archive_store_attachment(const char *root, const char *dir, const char *name, const char *data,
                         size_t len, char *rel, size_t relsz, struct yk_err *err)
{
	char safe[ARCHIVE_NAME_MAX + 8], base[ARCHIVE_NAME_MAX + 8];
	const char *dot;

	archive_safe_name(name, safe, sizeof safe);
	dot = strrchr(safe, '.');
	if (!dot || dot == safe || strlen(dot) > 16)
		dot = safe + strlen(safe);
	snprintf(base, sizeof base, "%.*s", (int)(dot - safe), safe);
	return store_as(root, dir, base, dot, true, -1, data, len, false, rel, relsz, err);
}

int
archive_sync(const char *root, struct yk_err *err)
{
	int fd;

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
	if (errno != ENOSYS) {
		/* a write failed (disk full, I/O error): nothing may be recorded */
		int e = errno;
		close(fd);
		return yk_err_set(err, YK_EIO, "%s: cannot make the archive durable: %s", root,
		                  strerror(e));
	}
	close(fd);
	sync(); /* no syncfs(2): flush everything; slow, but durable */
	return 0;
}

static void
sha_hex(const unsigned char md[32], char out[65])
{
	for (unsigned i = 0; i < 32; i++)
		snprintf(out + 2 * i, 3, "%02x", md[i]);
}

int
archive_sha256_fd(int fd, int64_t off, size_t len, int copy_to, char out[65],
                  struct yk_err *err)
{
	unsigned char md[EVP_MAX_MD_SIZE], piece[64 << 10];
	unsigned int mdlen = 0;
	EVP_MD_CTX *c;
	bool ok;

	out[0] = '\0';
	if (fault_fail("sha256") || !(c = EVP_MD_CTX_new()))
		return yk_err_set(err, YK_EIO, "SHA-256 of a message could not be computed "
		                  "(libcrypto failed)");
	ok = EVP_DigestInit_ex(c, EVP_sha256(), NULL) == 1;
	while (ok && len > 0) {
		ssize_t got = pread(fd, piece, len < sizeof piece ? len : sizeof piece, (off_t)off);
		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0) {
			EVP_MD_CTX_free(c);
			return yk_err_set(err, YK_EIO, "cannot read back a fetched message: %s",
			                  got < 0 ? strerror(errno) : "file too short");
		}
		ok = EVP_DigestUpdate(c, piece, (size_t)got) == 1;
		if (copy_to >= 0 && !write_all(copy_to, (const char *)piece, (size_t)got)) {
			int e = errno;
			EVP_MD_CTX_free(c);
			return yk_err_set(err, YK_EIO, "cannot write a fetched message: %s",
			                  strerror(e));
		}
		off += got;
		len -= (size_t)got;
	}
	ok = ok && EVP_DigestFinal_ex(c, md, &mdlen) == 1 && mdlen == 32;
	EVP_MD_CTX_free(c);
	if (!ok)
		return yk_err_set(err, YK_EIO, "SHA-256 of a message could not be computed "
		                  "(libcrypto failed)");
	sha_hex(md, out);
	return 0;
}

int
archive_sha256(const char *data, size_t len, char out[65], struct yk_err *err)
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0;

	out[0] = '\0';
	/* OpenSSL's SHA-256 uses the CPU's SHA instructions: hashing every
	 * message costs a few percent of the intake instead of a quarter */
	if (fault_fail("sha256") || !EVP_Digest(data, len, md, &mdlen, EVP_sha256(), NULL) ||
	    mdlen != 32)
		return yk_err_set(err, YK_EIO, "SHA-256 of a message could not be computed "
		                  "(libcrypto failed)");
	sha_hex(md, out);
	return 0;
}
