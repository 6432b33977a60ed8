/*
 * json — writing JSON values into a struct buf (output only; ykien never
 * reads JSON).  Strings are escaped per RFC 8259; bytes that are not valid
 * UTF-8 are replaced by U+FFFD so the output is always valid JSON.
 */
#ifndef YK_JSON_H
#define YK_JSON_H

#include <stdbool.h>

#include "buf.h"

int json_str(struct buf *b, const char *s);      /* NULL writes null */
int json_key(struct buf *b, const char *key);    /* "key": */
int json_bool(struct buf *b, bool v);

/* One member of an object: a comma first unless *more is false (the
 * object's first member; *more is then set), then "key": and the value
 * (json_member: the caller writes the value). */
int json_member(struct buf *b, bool *more, const char *key);
int json_member_str(struct buf *b, bool *more, const char *key, const char *v);
int json_member_bool(struct buf *b, bool *more, const char *key, bool v);

#endif
