#include "buf.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "err.h"

void
buf_init(struct buf *b, size_t limit)
{
	b->data = NULL;
	b->len = b->cap = 0;
	b->limit = limit;
	b->failed = 0;
}

void
buf_free(struct buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
}

char *
buf_take(struct buf *b)
{
	char *p = b->data;

	if (!p)
		p = calloc(1, 1);
	b->data = NULL;
	b->len = b->cap = 0;
	return p;
}

void
buf_reset(struct buf *b)
{
	b->len = 0;
	b->failed = 0;
	if (b->data)
		b->data[0] = '\0';
}

int
buf_status(const struct buf *b)
{
	return b->failed;
}

static int
failed(struct buf *b, int rc)
{
	if (!b->failed)
		b->failed = rc;
	return rc;
}

static int
grow(struct buf *b, size_t extra)
{
	size_t need, cap;
	char *p;

	if (extra > (size_t)-1 - b->len - 1)
		return failed(b, YK_ELIMIT);
	need = b->len + extra + 1;
	if (b->limit && need - 1 > b->limit)
		return failed(b, YK_ELIMIT);
	if (need <= b->cap)
		return 0;
	cap = b->cap ? b->cap : 256;
	while (cap < need)
		cap = cap > (size_t)-1 / 2 ? need : cap * 2;
	p = realloc(b->data, cap);
	if (!p)
		return failed(b, YK_ENOMEM);
	b->data = p;
	b->cap = cap;
	return 0;
}

int
buf_add(struct buf *b, const void *p, size_t n)
{
	int rc = grow(b, n);

	if (rc)
		return rc;
	if (n)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
	return 0;
}

int
buf_adds(struct buf *b, const char *s)
{
	return buf_add(b, s, strlen(s));
}

int
buf_addc(struct buf *b, char c)
{
	return buf_add(b, &c, 1);
}

int
buf_vprintf(struct buf *b, const char *fmt, va_list ap)
{
	va_list ap2;
	int n, rc;

	va_copy(ap2, ap);
	n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n < 0)
		return failed(b, YK_EINVAL);
	if ((rc = grow(b, (size_t)n)) != 0)
		return rc;
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
	return 0;
}

int
buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = buf_vprintf(b, fmt, ap);
	va_end(ap);
	return rc;
}

char *
buf_space(struct buf *b, size_t n, int *rc)
{
	if ((*rc = grow(b, n)) != 0)
		return NULL;
	return b->data + b->len;
}

int
buf_reserve(struct buf *b, size_t n)
{
	char *p;

	if (b->limit && n > b->limit)
		return failed(b, YK_ELIMIT);
	if (n + 1 <= b->cap)
		return 0;
	p = realloc(b->data, n + 1);
	if (!p)
		return failed(b, YK_ENOMEM);
	if (!b->data)
		p[0] = '\0';
	b->data = p;
	b->cap = n + 1;
	return 0;
}

void
buf_commit(struct buf *b, size_t n)
{
	b->len += n;
	b->data[b->len] = '\0';
}

void
buf_consume(struct buf *b, size_t n)
{
	if (n >= b->len) {
		b->len = 0;
		if (b->data)
			b->data[0] = '\0';
		return;
	}
	memmove(b->data, b->data + n, b->len - n);
	b->len -= n;
	b->data[b->len] = '\0';
}

int
buf_read_file(struct buf *b, const char *path, struct yk_err *err)
{
	char chunk[65536];
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC), e;

	if (fd < 0)
		return yk_err_set(err, errno == ENOENT ? YK_ENOTFOUND : YK_EIO, "%s: %s", path,
		                  strerror(errno));
	while ((n = read(fd, chunk, sizeof chunk)) > 0)
		if (buf_add(b, chunk, (size_t)n)) {
			close(fd);
			return buf_status(b) == YK_ELIMIT ?
			    yk_err_set(err, YK_ELIMIT, "%s: larger than %zu bytes", path, b->limit) :
			    yk_err_set(err, YK_ENOMEM, "%s: out of memory", path);
		}
	e = errno;
	close(fd);
	return n < 0 ? yk_err_set(err, YK_EIO, "%s: %s", path, strerror(e)) : 0;
}
