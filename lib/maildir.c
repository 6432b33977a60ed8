/*
 * maildir — reading and acting on a local Maildir (the format of qmail's
 * maildir(5); flags per the Maildir "info" convention ":2,FLAGS" with the
 * flag letters in ASCII order).
 */
#include "maildir.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "archive.h"

#define MAILDIR_PATH 4096

static int
cmp_msg(const void *a, const void *b)
{
	const struct maildir_msg *x = a, *y = b;

	if (x->mtime != y->mtime)
		return x->mtime < y->mtime ? -1 : 1;
	return strcmp(x->key, y->key);
}

void
maildir_list_free(struct maildir_msg *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].rel);
		free(v[i].key);
	}
	free(v);
}

int
maildir_list(const char *root, struct maildir_msg **out, size_t *n, struct yk_err *err)
{
	static const char *const sub[] = { "new", "cur" };
	struct maildir_msg *v = NULL;
	size_t cap = 0;

	*out = NULL;
	*n = 0;
	for (int s = 0; s < 2; s++) {
		char dir[MAILDIR_PATH];
		struct dirent *e;
		DIR *d;

		snprintf(dir, sizeof dir, "%s/%s", root, sub[s]);
		if (!(d = opendir(dir))) {
			maildir_list_free(v, *n);
			*n = 0;
			return yk_err_set(err, errno == ENOENT ? YK_ENOTFOUND : YK_EIO,
			                  "maildir %s: %s", dir, strerror(errno));
		}
		while ((e = readdir(d))) {
			char path[MAILDIR_PATH * 2];
			struct stat st;
			const char *colon;

			if (e->d_name[0] == '.')
				continue;
			snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
			if (lstat(path, &st) < 0 || !S_ISREG(st.st_mode))
				continue; /* vanished meanwhile, or not a message */
			if (*n >= MAILDIR_MAX_MESSAGES) {
				closedir(d);
				maildir_list_free(v, *n);
				*n = 0;
				return yk_err_set(err, YK_ELIMIT, "maildir %s: more than %d messages", root,
				                  MAILDIR_MAX_MESSAGES);
			}
			if (*n == cap) {
				size_t nc = cap ? cap * 2 : 256;
				struct maildir_msg *nv = realloc(v, nc * sizeof *nv);
				if (!nv) {
					closedir(d);
					maildir_list_free(v, *n);
					*n = 0;
					return yk_err_set(err, YK_ENOMEM, "out of memory");
				}
				v = nv;
				cap = nc;
			}
			colon = strstr(e->d_name, ":2,");
			v[*n].rel = malloc(strlen(sub[s]) + strlen(e->d_name) + 2);
			v[*n].key = strndup(e->d_name, colon ? (size_t)(colon - e->d_name)
			                                      : strlen(e->d_name));
			if (!v[*n].rel || !v[*n].key) {
				free(v[*n].rel);
				free(v[*n].key);
				closedir(d);
				maildir_list_free(v, *n);
				*n = 0;
				return yk_err_set(err, YK_ENOMEM, "out of memory");
			}
			snprintf(v[*n].rel, strlen(sub[s]) + strlen(e->d_name) + 2, "%s/%s", sub[s],
			         e->d_name);
			v[*n].mtime = st.st_mtime;
			v[*n].size = (long long)st.st_size;
			v[*n].seen = colon && strchr(colon + 3, 'S') != NULL;
			(*n)++;
		}
		closedir(d);
	}
	if (*n)
		qsort(v, *n, sizeof *v, cmp_msg);
	*out = v;
	return 0;
}

int
maildir_read(const char *root, const char *rel, size_t max, int header_only, struct buf *out,
             struct yk_err *err)
{
	char path[MAILDIR_PATH * 2], chunk[65536];
	ssize_t r;
	int fd;

	buf_reset(out);
	snprintf(path, sizeof path, "%s/%s", root, rel);
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0)
		return yk_err_set(err, errno == ENOENT ? YK_ENOTFOUND : YK_EIO, "%s: %s", path,
		                  strerror(errno));
	while ((r = read(fd, chunk, sizeof chunk)) > 0) {
		if (out->len + (size_t)r > max) {
			close(fd);
			return yk_err_set(err, YK_ELIMIT, "%s: larger than %zu bytes", path, max);
		}
		if (buf_add(out, chunk, (size_t)r)) {
			close(fd);
			return yk_err_set(err, YK_ENOMEM, "out of memory");
		}
		if (header_only) {
			char *end = strstr(out->data, "\n\n");
			char *crlf = strstr(out->data, "\r\n\r\n");
			if (crlf && (!end || crlf < end))
				end = crlf + 2;
			if (end) {
				out->len = (size_t)(end - out->data) + 2;
				out->data[out->len] = '\0';
				break;
			}
		}
	}
	close(fd);
	if (r < 0)
		return yk_err_set(err, YK_EIO, "%s: %s", path, strerror(errno));
	return 0;
}

static int
rename_durably(const char *from, const char *to, const char *dir, struct yk_err *err)
{
	int fd;

	if (rename(from, to) < 0)
		return yk_err_set(err, YK_EIO, "rename %s: %s", from, strerror(errno));
	/* Only so that the flag or the move sticks soon: a failed fsync is
	 * not an error, because nothing depends on it.  The message is already
	 * filed, and a rename a crash undoes is done again by the next cycle
	 * (md_heal in source_maildir.c: a filed message not yet seen or moved
	 * gets it then). */
	fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0) {
		(void)fsync(fd);
		close(fd);
	}
	return 0;
}

int
maildir_mark_seen(const char *root, const char *rel, struct yk_err *err)
{
	char from[MAILDIR_PATH * 2], to[MAILDIR_PATH * 2], dir[MAILDIR_PATH], flags[32] = "";
	const char *name = strchr(rel, '/') ? strchr(rel, '/') + 1 : rel;
	const char *colon = strstr(name, ":2,");
	size_t keylen = colon ? (size_t)(colon - name) : strlen(name);
	size_t o = 0;

	if (colon) {
		/* keep the other flags, add S, in ASCII order as the convention says */
		const char *f = colon + 3;
		for (char c = 'A'; c <= 'z' && o + 1 < sizeof flags; c++)
			if (strchr(f, c) || c == 'S')
				flags[o++] = c;
		flags[o] = '\0';
	} else {
		snprintf(flags, sizeof flags, "S");
	}
	snprintf(from, sizeof from, "%s/%s", root, rel);
	snprintf(dir, sizeof dir, "%s/cur", root);
	snprintf(to, sizeof to, "%s/%.*s:2,%s", dir, (int)keylen, name, flags);
	if (!strcmp(from, to))
		return 0;
	return rename_durably(from, to, dir, err);
}

int
maildir_move(const char *root, const char *rel, const char *folder, struct yk_err *err)
{
	char base[MAILDIR_PATH], sub[MAILDIR_PATH + 8], from[MAILDIR_PATH * 2], to[MAILDIR_PATH * 3];
	const char *name = strchr(rel, '/') ? strchr(rel, '/') + 1 : rel;
	static const char *const parts[] = { "", "/cur", "/new", "/tmp" };

	if (!archive_component_ok(folder))
		return yk_err_set(err, YK_EINVAL, "unsafe maildir folder name \"%s\"", folder);
	snprintf(base, sizeof base, "%s/.%s", root, folder);
	for (int i = 0; i < 4; i++) {
		snprintf(sub, sizeof sub, "%s%s", base, parts[i]);
		if (mkdir(sub, 0700) < 0 && errno != EEXIST)
			return yk_err_set(err, YK_EIO, "%s: %s", sub, strerror(errno));
	}
	snprintf(from, sizeof from, "%s/%s", root, rel);
	snprintf(sub, sizeof sub, "%s/cur", base);
	snprintf(to, sizeof to, "%s/%s%s", sub, name, strstr(name, ":2,") ? "" : ":2,");
	return rename_durably(from, to, sub, err);
}
