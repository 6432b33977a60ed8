/*
 * buf — a growable byte buffer with a hard limit.
 *
 * The bytes are owned by the struct; buf_free() releases them, buf_take()
 * hands them to the caller (who then frees them with free()).  The data is
 * always NUL-terminated (the NUL is not counted in len), so text can be
 * used as a C string.  Growing past `limit` (0 = no limit) fails with
 * YK_ELIMIT rather than truncating.
 *
 * The first failure is also kept in the struct (buf_status()), so a writer
 * that appends many pieces can append them all and check once at the end,
 * instead of OR-ing the codes together (which mixes YK_ENOMEM and
 * YK_ELIMIT into a third code no caller tests for).
 */
#ifndef YK_BUF_H
#define YK_BUF_H

#include <stdarg.h>
#include <stddef.h>

struct buf {
	char *data;
	size_t len;
	size_t cap;
	size_t limit;
	int failed;   /* the first append that failed (0: none); see buf_status() */
};

void buf_init(struct buf *b, size_t limit);
void buf_free(struct buf *b);
char *buf_take(struct buf *b);
/* Empties the buffer and forgets an earlier failure. */
void buf_reset(struct buf *b);
/* The code of the first append that failed since buf_init()/buf_reset(),
 * or 0.  A failed append leaves the buffer unchanged, so later appends may
 * still succeed: what is in the buffer is incomplete when this is not 0. */
int buf_status(const struct buf *b);
/* Each returns 0, YK_ENOMEM or YK_ELIMIT; on failure b is unchanged. */
/* Appends the whole file PATH to B, within B's limit: YK_ENOTFOUND or
 * YK_EIO naming PATH, YK_ELIMIT "PATH: larger than LIMIT bytes" (what was
 * read stays in B; the caller frees it either way). */
struct yk_err;
int buf_read_file(struct buf *b, const char *path, struct yk_err *err);
int buf_add(struct buf *b, const void *p, size_t n);
int buf_adds(struct buf *b, const char *s);
int buf_addc(struct buf *b, char c);
int buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int buf_vprintf(struct buf *b, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
/* Room for n more bytes at the end (for a read straight into the buffer):
 * returns where to write, or NULL (YK_ENOMEM/YK_ELIMIT in *rc); then
 * buf_commit() the bytes actually written. */
char *buf_space(struct buf *b, size_t n, int *rc);
void buf_commit(struct buf *b, size_t n);
/* Makes the capacity at least n bytes (+ the NUL) in one step, instead of
 * doubling towards it: for a size known in advance. */
int buf_reserve(struct buf *b, size_t n);
/* Removes the first n bytes. */
void buf_consume(struct buf *b, size_t n);

#endif
