#include "err.h"

#include <stdarg.h>
#include <stdio.h>
#include <sysexits.h>

int
yk_err_set(struct yk_err *err, int code, const char *fmt, ...)
{
	va_list ap;

	if (!err || err->code != YK_OK)
		return code;
	err->code = code;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof err->msg, fmt, ap);
	va_end(ap);
	return code;
}

void
yk_err_clear(struct yk_err *err)
{
	err->code = YK_OK;
	err->msg[0] = '\0';
}

const char *
yk_status_name(int code)
{
	static const char *const names[] = {
		"ok", "invalid", "config", "io", "nomem", "limit", "network",
		"auth", "tls", "protocol", "notfound", "database", "state", "stopped",
	};
	if (code < 0 || (size_t)code >= sizeof names / sizeof names[0])
		return "unknown";
	return names[code];
}

int
yk_err_exit_status(int code)
{
	switch (code) {
	case YK_OK: return EX_OK;
	case YK_EINVAL: return EX_DATAERR;
	case YK_ECONFIG: return EX_CONFIG;
	case YK_EIO: return EX_IOERR;
	case YK_ENOMEM: return EX_OSERR;
	case YK_ENET: return EX_UNAVAILABLE;
	case YK_EAUTH: return EX_NOPERM;
	case YK_ETLS: return EX_PROTOCOL;
	case YK_EPROTO: return EX_PROTOCOL;
	case YK_ENOTFOUND: return EX_NOINPUT;
	case YK_EDB: return EX_SOFTWARE;
	case YK_ESTATE: return EX_SOFTWARE;
	case YK_ESTOPPED: return EX_TEMPFAIL;
	default: return EX_SOFTWARE;
	}
}
