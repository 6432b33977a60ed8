#include "log.h"

#include <stdio.h>
#include <string.h>

char *
log_escape(const char *s, char *out, size_t n)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "(null)");
	size_t o = 0;

	if (n == 0)
		return out;
	while (*p) {
		size_t need, len = 1;
		if (*p >= 0xc2 && *p <= 0xf4) {
			len = *p >= 0xf0 ? 4 : *p >= 0xe0 ? 3 : 2;
			for (size_t k = 1; k < len; k++)
				if ((p[k] & 0xc0) != 0x80)
					len = 0;
		} else if (*p >= 0x80) {
			len = 0;
		}
		need = (len == 0 || *p < 0x20 || *p == 0x7f) ? 4 : len;
		if (o + need + 4 > n) {
			if (o + 4 <= n)
				memcpy(out + o, "...", 4);
			else
				out[o] = '\0';
			return out;
		}
		if (need == 4 && (len == 0 || *p < 0x20 || *p == 0x7f)) {
			snprintf(out + o, 5, "\\x%02x", *p);
			o += 4;
			p++;
		} else {
			memcpy(out + o, p, len);
			o += len;
			p += len;
		}
	}
	out[o] = '\0';
	return out;
}
