/*
 * log — making untrusted text safe to log.  The sink itself (stderr with
 * sd-daemon prefixes, syslog) belongs to daemon/, which owns the process's
 * log level; lib/ only returns text.
 */
#ifndef YK_LOG_H
#define YK_LOG_H

#include <stddef.h>

/* Copies S into OUT (size N), control characters and bytes that are not
 * valid UTF-8 replaced by \xHH, cut with "..." when longer.  Returns OUT. */
char *log_escape(const char *s, char *out, size_t n);

#endif
