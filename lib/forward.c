/*
 * forward — see forward.h.  Lines are compared by their text_key (folded,
 * no punctuation), so "Thư chuyển tiếp", "THU CHUYEN TIEP" and "Thư
 * chuyển tiếp:" are one; only lines that can be a marker or a header
 * ("--" at the start, a colon near it) are folded at all.
 */
#include "forward.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "err.h"
#include "quote.h"
#include "text.h"

/* Bytes of a line folded to recognise a marker (the longest, Apple's
 * "Bắt đầu tin nhắn được chuyển tiếp:", is about 40). */
#define FWD_KEY_CAP 96
/* A header's name ends with a colon this close to the line's start
 * ("Mức độ quan trọng:" is 24 bytes). */
#define FWD_NAME_MAX 40
/* Lines after a bare "From:" in which a second header must follow. */
#define FWD_BARE_WINDOW 4
/* Subject prefixes looked through ("RE: FW: TL: …"). */
#define FWD_MAX_PREFIXES 6

enum hdr { H_NONE, H_FROM, H_DATE, H_TO, H_SUBJECT, H_CC, H_OTHER };

static const char *const from_names[] = { "from", "tu", "nguoi gui", NULL };
static const char *const date_names[] = {
	"sent", "date", "ngay", "ngay gui", "gui luc", "da gui", "thoi gian", "thoi gian gui",
	"vao luc", NULL };
static const char *const to_names[] = {
	"to", "den", "toi", "gui den", "gui toi", "nguoi nhan", NULL };
static const char *const subject_names[] = {
	"subject", "chu de", "tieu de", NULL };
static const char *const cc_names[] = { "cc", "bcc", "cc den", NULL };
static const char *const other_names[] = {
	"reply to", "tra loi den", "importance", "muc do quan trong", "attachments",
	"tep dinh kem", "dinh kem", "tap tin dinh kem", NULL };

/* A forward's own marker, within a line of dashes. */
static const char *const marked_phrases[] = {
	"forwarded message", "forwarded email", "forwarded by", "thu da chuyen tiep", "thu chuyen tiep",
	"tin nhan chuyen tiep", "tin nhan da chuyen tiep", "email chuyen tiep",
	"thu duoc chuyen tiep", NULL };
/* A forward's marker written as a sentence ending in a colon (Apple Mail). */
static const char *const begin_phrases[] = {
	"begin forwarded message", "bat dau thu chuyen tiep", "bat dau thu duoc chuyen tiep",
	"bat dau tin nhan chuyen tiep", "bat dau tin nhan duoc chuyen tiep", NULL };
/* Outlook's marker, above a reply's quote as above a forward. */
static const char *const original_phrases[] = {
	"original message", "thu goc", "tin nhan goc", "thong diep goc", NULL };

static bool
in_list(const char *key, const char *const *list)
{
	for (size_t i = 0; list[i]; i++)
		if (!strcmp(key, list[i]))
			return true;
	return false;
}

static bool
has_phrase(const char *key, const char *const *list)
{
	for (size_t i = 0; list[i]; i++)
		if (text_key_find(key, list[i]))
			return true;
	return false;
}

static bool
starts_with(const char *key, const char *word)
{
	size_t n = strlen(word);

	return strncmp(key, word, n) == 0 && (key[n] == '\0' || key[n] == ' ');
}

static bool
blank(const char *text, struct text_span sp)
{
	sp = text_trim(text, sp);
	return sp.start == sp.end;
}

/*
 * Is the line "Name: value" with a header name we know?  *val gets the
 * value's span.  Plain text of an HTML forward may keep the bold marks
 * ("*From:* …"); the key drops them.
 */
static enum hdr
header_line(const char *text, struct text_span sp, struct text_span *val)
{
	char key[FWD_KEY_CAP + 1];
	size_t colon = 0;

	sp = text_trim(text, sp);
	for (size_t i = sp.start; i < sp.end && i < sp.start + FWD_NAME_MAX; i++)
		if (text[i] == ':') {
			colon = i;
			break;
		}
	if (!colon || colon == sp.start)
		return H_NONE;
	text_key_prefix(text + sp.start, colon - sp.start, key, FWD_KEY_CAP, NULL);
	val->start = colon + 1;
	val->end = sp.end;
	if (in_list(key, from_names))
		return H_FROM;
	if (in_list(key, date_names))
		return H_DATE;
	if (in_list(key, to_names))
		return H_TO;
	if (in_list(key, subject_names))
		return H_SUBJECT;
	if (in_list(key, cc_names))
		return H_CC;
	if (in_list(key, other_names))
		return H_OTHER;
	return H_NONE;
}

/* A rule of underscores (Outlook's, above its header block). */
static bool
underscore_rule(const char *text, struct text_span sp)
{
	sp = text_trim(text, sp);
	if (sp.end - sp.start < 10)
		return false;
	for (size_t i = sp.start; i < sp.end; i++)
		if (text[i] != '_')
			return false;
	return true;
}

/* FWD_MARKED or FWD_ORIGINAL for a marker line, else FWD_NONE. */
static enum fwd_how
marker_line(const char *text, struct text_span sp)
{
	char key[FWD_KEY_CAP + 1];
	const char *p;
	size_t n;

	sp = text_trim(text, sp);
	p = text + sp.start;
	n = sp.end - sp.start;
	if (n < 2)
		return FWD_NONE;
	if ((p[0] == '-' && p[1] == '-') || (p[0] == '=' && p[1] == '=') ||
	    (p[0] == '_' && p[1] == '_')) {
		text_key_prefix(p, n, key, FWD_KEY_CAP, NULL);
		if (has_phrase(key, marked_phrases))
			return FWD_MARKED;
		if (has_phrase(key, original_phrases))
			return FWD_ORIGINAL;
		return FWD_NONE;
	}
	/* "Begin forwarded message:", "Bắt đầu …:": a short line ending in a
	 * colon (the form's own headings end in one too: folded only when
	 * the first letter fits) */
	if (p[n - 1] != ':' || n > FWD_KEY_CAP || (*p != 'B' && *p != 'b'))
		return FWD_NONE;
	text_key_prefix(p, n, key, FWD_KEY_CAP, NULL);
	for (size_t i = 0; begin_phrases[i]; i++)
		if (starts_with(key, begin_phrases[i]))
			return FWD_MARKED;
	return FWD_NONE;
}

/* A bare "From:" line followed by another header of the block soon. */
static bool
bare_block(const char *text, const struct text_span *lines, size_t n, size_t i)
{
	struct text_span v;

	if (header_line(text, lines[i], &v) != H_FROM)
		return false;
	for (size_t j = i + 1; j < n && j <= i + FWD_BARE_WINDOW; j++) {
		enum hdr h = header_line(text, lines[j], &v);

		if (h != H_NONE && h != H_FROM)
			return true;
	}
	return false;
}

/*
 * Reads the header block from line J (after at most FWD_MAX_GAP blank
 * lines) into b->from; returns the first line after it.  A line that
 * starts with white space, or one with an address after To/Cc, continues
 * the header above it (wrapped recipient lists).
 */
static size_t
header_block(const char *text, const struct text_span *lines, size_t n, size_t j,
             struct fwd_block *b)
{
	size_t gap = 0, count = 0;
	enum hdr last = H_NONE;
	bool wants_value = false; /* "Subject:" alone, its value on the next line */

	while (j < n && gap < FWD_MAX_GAP && blank(text, lines[j])) {
		j++;
		gap++;
	}
	for (; j < n && count < FWD_MAX_HEADER_LINES; j++) {
		struct text_span v;
		enum hdr h;

		if (blank(text, lines[j]))
			break;
		h = header_line(text, lines[j], &v);
		if (h == H_NONE) {
			bool indented = lines[j].start < lines[j].end &&
			                (text[lines[j].start] == ' ' || text[lines[j].start] == '\t');
			bool addr = (last == H_TO || last == H_CC) &&
			            memchr(text + lines[j].start, '@', lines[j].end - lines[j].start);

			if (count == 0 || !(indented || addr || wants_value))
				break;
			v = lines[j];
			h = last;
			wants_value = false;
		} else {
			struct text_span tv = text_trim(text, v);

			wants_value = tv.start == tv.end;
		}
		count++;
		last = h;
		if (h == H_FROM && !b->from[0])
			fwd_addr(text + v.start, v.end - v.start, b->from, sizeof b->from);
	}
	return j;
}

/*
 * Can a line of TEXT begin a forward at all?  A marker starts with "--",
 * "==", "__" or a 'B' ("Begin forwarded message:"), a header block with a
 * From name ("From", "Từ", "Người gửi": F, T or N) and a colon soon after;
 * '>', '*', blanks before them are skipped as fwd_find()'s folding skips
 * them; the first '>' line is the last looked at (a forward below it is
 * quoted history for fwd_find() too).  Most bodies have none, and then
 * fwd_find() splits no lines.
 */
static bool
may_hold_forward(const char *text, size_t len)
{
	for (size_t i = 0; i < len;) {
		const char *nl = memchr(text + i, '\n', len - i);
		size_t end = nl ? (size_t)(nl - text) : len, p = i;
		bool quoted = false;

		while (p < end && (text[p] == ' ' || text[p] == '\t' || text[p] == '>' ||
		                   text[p] == '*' || text[p] == '\r'))
			quoted |= text[p++] == '>';
		if (p + 1 < end && (unsigned char)text[p] == 0xc2 && (unsigned char)text[p + 1] == 0xa0)
			p += 2;
		if (p + 1 < end) {
			char c = text[p], d = text[p + 1];

			if ((c == '-' && d == '-') || (c == '=' && d == '=') || (c == '_' && d == '_') ||
			    c == 'B' || c == 'b')
				return true;
			if ((c == 'F' || c == 'f' || c == 'T' || c == 't' || c == 'N' || c == 'n') &&
			    memchr(text + p, ':', end - p < FWD_NAME_MAX ? end - p : FWD_NAME_MAX))
				return true;
		}
		/* below the first quoted line only quoted history follows */
		if (quoted)
			return false;
		i = end + 1;
	}
	return false;
}


bool
fwd_find(const char *text, size_t len, struct fwd_block *out)
{
	struct text_span *lines;
	size_t n = 0, cut = SIZE_MAX; /* quote_cut(), once a marker needs it */
	bool found = false;

	memset(out, 0, sizeof *out);
	if (!may_hold_forward(text, len))
		return false;
	lines = text_lines(text, len, FWD_MAX_LINES, &n);
	if (!lines)
		return false;
	for (size_t i = 0; i < n && !found; i++) {
		enum fwd_how how = marker_line(text, lines[i]);
		size_t first = i + 1;

		if (how == FWD_NONE) {
			if (underscore_rule(text, lines[i])) {
				size_t j = i + 1;

				while (j < n && j <= i + FWD_MAX_GAP && blank(text, lines[j]))
					j++;
				if (j < n && bare_block(text, lines, n, j))
					how = FWD_HEADERS;
			} else if (bare_block(text, lines, n, i)) {
				how = FWD_HEADERS;
				first = i;
			}
		}
		if (how == FWD_NONE)
			continue;
		/* A forward begins at or above the first quote opening: one
		 * inside an earlier quote ('>' lines, "On … wrote:") is quoted
		 * history, and so is every later one.  A bare header block
		 * counts only where quote_cut() sees a quote too (a form's
		 * "Từ: … Đến: …" lines are not one). */
		if (cut == SIZE_MAX)
			cut = quote_cut(text, len);
		if (lines[i].start > cut)
			break;
		if (how == FWD_HEADERS && lines[i].start != cut)
			continue;
		out->how = how;
		out->at = lines[i].start;
		first = header_block(text, lines, n, first, out);
		while (first < n && blank(text, lines[first]))
			first++;
		out->body = first < n ? lines[first].start : len;
		found = true;
	}
	free(lines);
	return found;
}

int
fwd_extract(const char *text, size_t len, struct fwd_block *out, char **body)
{
	struct fwd_block b;
	size_t base = 0;
	bool any = false;

	*body = NULL;
	memset(out, 0, sizeof *out);
	for (int depth = 0; depth < FWD_MAX_NESTING; depth++) {
		const char *t = text + base;
		size_t tl = len - base;
		bool cover_empty = true;

		if (!fwd_find(t, tl, &b))
			break;
		/* Below the first block, only a forward whose cover is empty
		 * is the forward's own forward; anything else is its text. */
		for (size_t i = 0; any && i < b.at; i++)
			if (t[i] != ' ' && t[i] != '\t' && t[i] != '\r' && t[i] != '\n')
				cover_empty = false;
		if (!cover_empty)
			break;
		*out = b;
		out->at += base;
		out->body += base;
		base = out->body;
		any = true;
	}
	if (!any)
		return 0;
	*body = quote_strip(text + base, len - base);
	return *body ? 0 : YK_ENOMEM;
}

static bool
local_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       (c && strchr(".!#$%&'*+/=?^_`{|}~-", c));
}

static bool
domain_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '.' || c == '-';
}

bool
fwd_addr(const char *val, size_t n, char *out, size_t cap)
{
	const char *at = NULL, *lt = NULL;
	size_t s, e, k;

	/* the address in <…> (or after mailto:) before any other '@': a
	 * display name may hold one too ("a@b.vn thay mặt <c@d.vn>") */
	for (size_t i = 0; i < n; i++) {
		if (val[i] == '<' || (i + 7 <= n && !strncasecmp(val + i, "mailto:", 7)))
			lt = val + i;
		if (val[i] == '@' && lt) {
			at = val + i;
			break;
		}
	}
	if (!at)
		at = memchr(val, '@', n);
	if (!at)
		return false;
	k = (size_t)(at - val);
	for (s = k; s > 0 && local_char(val[s - 1]); s--)
		;
	for (e = k + 1; e < n && domain_char(val[e]); e++)
		;
	while (e > k + 1 && (val[e - 1] == '.' || val[e - 1] == '-'))
		e--;
	while (s < k && val[s] == '.')
		s++;
	if (s == k || e == k + 1 || e - s + 1 > cap)
		return false;
	for (size_t i = s; i < e; i++) {
		char c = val[i];

		out[i - s] = (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
	}
	out[e - s] = '\0';
	return true;
}

bool
fwd_subject(const char *subject)
{
	const char *p = subject;

	if (!p)
		return false;
	for (int k = 0; k < FWD_MAX_PREFIXES; k++) {
		char key[FWD_KEY_CAP + 1];
		const char *colon;
		size_t n;

		while (*p == ' ' || *p == '\t' || *p == '[' || *p == '(')
			p++;
		colon = strchr(p, ':');
		if (!colon || (n = (size_t)(colon - p)) == 0 || n > 24)
			return false;
		text_key_prefix(p, n, key, FWD_KEY_CAP, NULL);
		if (!strcmp(key, "fwd") || !strcmp(key, "fw") || !strcmp(key, "tr") ||
		    !strcmp(key, "wg") || !strcmp(key, "chuyen tiep") || !strcmp(key, "ct"))
			return true;
		if (strcmp(key, "re") && strcmp(key, "tl") && strcmp(key, "tra loi") &&
		    strcmp(key, "aw") && strcmp(key, "sv"))
			return false;
		p = colon + 1;
	}
	return false;
}
