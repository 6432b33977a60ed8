/*
 * txt — a text attachment: BOM (UTF-8, UTF-16), else UTF-8 when valid,
 * else windows-1258 when bytes only Vietnamese Windows text uses are
 * there (combining tone marks 0xCC 0xD2 0xDE 0xEC 0xF2, đ Đ ă Ă), else
 * windows-1252.
 */
#include "readers/readers.h"

#include <string.h>

#include "text.h"

static const char *
guess_charset(const unsigned char *d, size_t len)
{
	if (len >= 2 && d[0] == 0xff && d[1] == 0xfe)
		return "UTF-16LE";
	if (len >= 2 && d[0] == 0xfe && d[1] == 0xff)
		return "UTF-16BE";
	if (text_utf8_valid((const char *)d, len))
		return "UTF-8";
	for (size_t i = 0; i < len; i++)
		switch (d[i]) {
		case 0xcc: case 0xd2: case 0xde: case 0xec: case 0xf2:
		case 0xd0: case 0xf0: case 0xc3: case 0xe3:
			return "WINDOWS-1258";
		default:
			break;
		}
	return "WINDOWS-1252";
}

int
txt_text(const char *data, size_t len, char **out, struct yk_err *err)
{
	const unsigned char *d = (const unsigned char *)data;
	const char *cs = guess_charset(d, len);

	if (len > READER_MAX_TEXT) {
		/* the form is at the start; the cut must not split a character
		 * (a UTF-8 text cut inside one would no longer read as UTF-8) */
		len = READER_MAX_TEXT;
		if (!strcmp(cs, "UTF-8"))
			while (len > 0 && (d[len] & 0xc0) == 0x80)
				len--;
		else if (!strncmp(cs, "UTF-16", 6))
			len &= ~(size_t)1;
	}
	if (!strncmp(cs, "UTF-16", 6)) {
		data += 2;
		len -= 2;
	}
	*out = text_to_utf8(data, len, cs, NULL);
	return *out ? 0 : yk_err_set(err, YK_ENOMEM, "txt: out of memory");
}
