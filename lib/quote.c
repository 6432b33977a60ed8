/*
 * quote — see quote.h.  Lines are compared by their text_key (folded, no
 * punctuation), so "Tran trong", "Trân trọng./." and "TRÂN TRỌNG!" are one.
 */
#include "quote.h"

#include <stdlib.h>
#include <string.h>

#include "text.h"

static bool
starts(const char *key, const char *word)
{
	size_t n = strlen(word);

	return strncmp(key, word, n) == 0 && (key[n] == '\0' || key[n] == ' ');
}

static bool
ends(const char *key, const char *word)
{
	size_t k = strlen(key), n = strlen(word);

	return k >= n && strcmp(key + k - n, word) == 0 && (k == n || key[k - n - 1] == ' ');
}

static char *
line_key(const char *text, struct text_span sp)
{
	return text_key(text + sp.start, sp.end - sp.start, NULL);
}

static bool
raw_starts(const char *text, struct text_span sp, const char *p)
{
	size_t n = strlen(p);

	sp = text_trim(text, sp);
	return sp.end - sp.start >= n && memcmp(text + sp.start, p, n) == 0;
}

/* "From:", "Từ:", "De :", "Von:" — the first line of a header block. */
static bool
is_from_header(const char *key)
{
	return starts(key, "from") || starts(key, "tu") || starts(key, "nguoi gui");
}

static bool
is_sent_header(const char *key)
{
	return starts(key, "sent") || starts(key, "date") || starts(key, "da gui") ||
	       starts(key, "ngay gui") || starts(key, "ngay") || starts(key, "to") ||
	       starts(key, "den") || starts(key, "subject");
}

/* Does the raw line look like "Header:" (a colon soon after the start)? */
static bool
has_header_colon(const char *text, struct text_span sp)
{
	sp = text_trim(text, sp);
	for (size_t i = sp.start; i < sp.end && i < sp.start + 24; i++)
		if (text[i] == ':')
			return true;
	return false;
}

size_t
quote_cut(const char *text, size_t len)
{
	struct text_span *lines;
	size_t n = 0, cut = len;

	lines = text_lines(text, len, QUOTE_MAX_LINES, &n);
	if (!lines)
		return len;
	for (size_t i = 0; i < n && cut == len; i++) {
		struct text_span sp = text_trim(text, lines[i]);
		char *key;

		if (sp.start == sp.end)
			continue;
		if (text[sp.start] == '>') {
			cut = lines[i].start;
			break;
		}
		if (raw_starts(text, sp, "-----") || raw_starts(text, sp, "_____")) {
			/* "-----Original Message-----", "----- Thư gốc -----",
			 * Outlook's rule above its header block. */
			char *k = line_key(text, sp);
			bool orig = k && (strstr(k, "original message") || strstr(k, "thu goc") ||
			                  strstr(k, "forwarded message") || strstr(k, "tin nhan goc"));
			bool rule = k && k[0] == '\0' && i + 1 < n;

			free(k);
			if (orig) {
				cut = lines[i].start;
				break;
			}
			if (rule) {
				char *nk = line_key(text, lines[i + 1]);

				if (nk && is_from_header(nk) && has_header_colon(text, lines[i + 1])) {
					free(nk);
					cut = lines[i].start;
					break;
				}
				free(nk);
			}
			continue;
		}
		key = line_key(text, sp);
		if (!key)
			break;
		if (starts(key, "on") || starts(key, "vao") || starts(key, "le") ||
		    starts(key, "am")) {
			/* "On Mon, … wrote:" may wrap before the address. */
			char *k2 = i + 1 < n ? line_key(text, lines[i + 1]) : NULL;

			if (ends(key, "wrote") || ends(key, "da viet") || ends(key, "a ecrit") ||
			    ends(key, "schrieb") || (k2 && (ends(k2, "wrote") || ends(k2, "da viet"))))
				cut = lines[i].start;
			free(k2);
		} else if (is_from_header(key) && has_header_colon(text, sp)) {
			for (size_t j = i + 1; j < n && j <= i + QUOTE_HEADER_WINDOW; j++) {
				char *k2 = line_key(text, lines[j]);
				bool hit = k2 && is_sent_header(k2) && has_header_colon(text, lines[j]) &&
				           !starts(k2, "tu");

				free(k2);
				if (hit) {
					cut = lines[i].start;
					break;
				}
			}
		}
		free(key);
	}
	free(lines);
	return cut;
}

bool
quote_is_signature_line(const char *line, size_t n)
{
	struct text_span sp = { 0, n };
	char key[32];
	bool sig;

	sp = text_trim(line, sp);
	if (sp.end - sp.start == 2 && memcmp(line + sp.start, "--", 2) == 0)
		return true;
	if (sp.end - sp.start == 0)
		return false;
	/* Cut at 31 bytes (at least 24 when cut): longer than every word
	 * below, so the cut key decides as the whole one would. */
	text_key_prefix(line + sp.start, sp.end - sp.start, key, sizeof key - 1, NULL);
	sig = starts(key, "tran trong") || starts(key, "kinh thu") ||
	      starts(key, "noi nhan") || starts(key, "sent from my") ||
	      starts(key, "duoc gui tu") || starts(key, "gui tu iphone") ||
	      starts(key, "best regards") || starts(key, "regards") ||
	      starts(key, "thanks") || starts(key, "thank you") ||
	      strcmp(key, "giam doc") == 0 || strcmp(key, "pho giam doc") == 0 ||
	      strcmp(key, "chu tich") == 0 || strcmp(key, "pho chu tich") == 0 ||
	      strcmp(key, "thu truong") == 0 || strcmp(key, "chanh van phong") == 0 ||
	      strcmp(key, "cuc truong") == 0 || strcmp(key, "truong phong") == 0 ||
	      /* the signing block under a form: "THỦ TRƯỞNG ĐƠN VỊ",
	       * "Người lập phiếu", "Lãnh đạo đơn vị" */
	      strcmp(key, "thu truong don vi") == 0 || strcmp(key, "thu truong co quan") == 0 ||
	      strcmp(key, "thu truong co quan don vi") == 0 ||
	      strcmp(key, "lanh dao don vi") == 0 || strcmp(key, "nguoi lap phieu") == 0 ||
	      strcmp(key, "nguoi lap") == 0 || strcmp(key, "nguoi lap bieu") == 0;
	/* "KT. GIÁM ĐỐC", "TM. ỦY BAN NHÂN DÂN", "TL. CHỦ TỊCH": an
	 * upper-case signing line (checked on the raw text: "Kt." alone in a
	 * sentence is not one). */
	if (!sig && (starts(key, "kt") || starts(key, "tm") || starts(key, "tl") ||
	             starts(key, "q")) && sp.end - sp.start > 3) {
		const char *p = line + sp.start;

		if ((p[0] == 'K' && p[1] == 'T') || (p[0] == 'T' && (p[1] == 'M' || p[1] == 'L')) ||
		    (p[0] == 'Q' && p[1] == '.'))
			sig = p[2] == '.' || p[1] == '.';
	}
	return sig;
}

char *
quote_strip(const char *text, size_t len)
{
	size_t cut = quote_cut(text, len), n = 0;
	struct text_span *lines = text_lines(text, cut, QUOTE_MAX_LINES, &n);
	char *out, *o;

	if (!lines)
		return NULL;
	out = malloc(cut + 1);
	if (!out) {
		free(lines);
		return NULL;
	}
	o = out;
	for (size_t i = 0; i < n; i++) {
		struct text_span sp = text_trim(text, lines[i]);

		if (sp.start < sp.end && text[sp.start] == '>')
			continue;
		memcpy(o, text + lines[i].start, lines[i].end - lines[i].start);
		o += lines[i].end - lines[i].start;
		if (i + 1 < n)
			*o++ = '\n';
	}
	*o = '\0';
	free(lines);
	return out;
}
