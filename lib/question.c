/*
 * question — see question.h.  Words are matched on the line's text_key
 * (folded, no punctuation, single spaces), so "phải không", "phai khong"
 * and "PHẢI KHÔNG ?" are one; the question mark and "hỏi" (which folds to
 * "hoi", like "hội" of "Hội thi") are read on the raw line.
 */
#include "question.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "quote.h"
#include "text.h"

/* '?' inside words on one line that say its charset was lost ("C?ng v?n"). */
#define QUESTION_LOST_CHARSET 2
/* Bytes looked back from a '?' for the word it ends and for a web address
 * around it (keeps a line of 16 KB of '?' linear). */
#define QUESTION_LOOKBACK 256
/* Words at most between "có" and the final "không" of a question. */
#define QUESTION_CO_KHONG_WORDS 8

/* Phrases that ask, anywhere in a line (whole words of the key). */
static const char *const asking[] = {
	/* "cho em hỏi", "xin hỏi", … without diacritics ("hoi" alone is
	 * "hội" too: only after the words that introduce a question) */
	"cho em hoi", "cho minh hoi", "cho toi hoi", "cho chau hoi", "cho anh hoi",
	"cho chi hoi", "xin hoi", "em hoi", "muon hoi", "hoi them", "hoi lai",
	"cho em biet", "cho minh biet", "cho toi biet", "xin cho biet", "vui long cho biet",
	"phai khong", "duoc khong", "hay khong", "co khong", "chua a", "khong a",
	"nhu the nao", "the nao", "ra sao", "lam sao", "bao gio", "khi nao", "luc nao",
	"ngay nao", "o dau a", "o dau vay", "bao nhieu", "la gi",
	/* English */
	"could you", "can you", "would you", "please advise", "please let me know",
	"please let us know", "may i ask", "i would like to ask", "i want to ask",
};

/* Is byte C part of a word (ASCII letter or digit, or any byte of a
 * multi-byte UTF-8 character: Vietnamese letters)? */
static bool
word_byte(unsigned char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       c >= 0x80;
}

/* A lower-case letter or digit, or a byte of a multi-byte character. */
static bool
lower_byte(unsigned char c)
{
	return word_byte(c) && !(c >= 'A' && c <= 'Z');
}

/*
 * A '?' that ends a question: after a word (spaces between allowed: "ạ ?"),
 * before the end, a space or punctuation.  Not one inside a web address
 * ("…/form?id=3"), nor on a line where '?' stands inside words ("C?ng
 * v?n"): that is a charset lost on the way, not a question.
 */
static bool
mark_asks(const char *line, size_t n)
{
	size_t inside = 0;

	for (size_t i = 0; i < n; i++)
		if (line[i] == '?' && i > 0 && i + 1 < n && word_byte((unsigned char)line[i - 1]) &&
		    lower_byte((unsigned char)line[i + 1]))
			inside++;
	if (inside >= QUESTION_LOST_CHARSET)
		return false;
	for (size_t i = 0; i < n; i++) {
		size_t j = i, tok = i;

		if (line[i] != '?')
			continue;
		/* "ạ?Em" is two sentences; "v?n" a lost letter */
		if (i + 1 < n && lower_byte((unsigned char)line[i + 1]))
			continue;
		while (j > 0 && i - j < QUESTION_LOOKBACK &&
		       (line[j - 1] == '?' || line[j - 1] == ' ' || line[j - 1] == '\t'))
			j--;
		if (j == 0 || !(word_byte((unsigned char)line[j - 1]) || line[j - 1] == ')' ||
		                line[j - 1] == '"'))
			continue;
		/* the token it ends: a web address asks nothing */
		while (tok > 0 && i - tok < QUESTION_LOOKBACK && line[tok - 1] != ' ' &&
		       line[tok - 1] != '\t')
			tok--;
		{
			size_t tl = i - tok;
			const char *t = line + tok;

			if ((tl >= 3 && memmem(t, tl, "://", 3)) || (tl >= 4 && !strncmp(t, "www.", 4)) ||
			    memchr(t, '=', tl) || memchr(t, '&', tl))
				continue;
		}
		return true;
	}
	return false;
}

/* Words that ask only with their diacritics, as whole words: "hỏi"
 * ("hội" of "Hội thi" folds the same), "ở đâu" ("ở đầu thư" is a place). */
static bool
hoi_asks(const char *line, size_t n)
{
	static const char *const forms[] = {
		"h\xe1\xbb\x8fi", "H\xe1\xbb\x8fi", "H\xe1\xbb\x8eI",       /* hỏi Hỏi HỎI */
		"\xe1\xbb\x9f \xc4\x91\xc3\xa2u", "\xe1\xbb\x9e \xc4\x91\xc3\xa2u", /* ở đâu Ở đâu */
	};

	for (size_t f = 0; f < sizeof forms / sizeof *forms; f++) {
		size_t fl = strlen(forms[f]);

		for (const char *p = line; p + fl <= line + n;) {
			const char *q = memmem(p, (size_t)(line + n - p), forms[f], fl);

			if (!q)
				break;
			if ((q == line || !word_byte((unsigned char)q[-1])) &&
			    (q + fl == line + n || !word_byte((unsigned char)q[fl])))
				return true;
			p = q + 1;
		}
	}
	return false;
}

/* "gửi bằng file scan hay file Word", "bản scan hay bản gốc": a choice
 * asked between two ways ("hay" after "bằng", "gửi", "nộp" or "file"). */
static bool
either_asks(const char *key)
{
	size_t h = text_key_find(key, "hay");

	if (!h)
		return false;
	for (const char *w = key; w < key + h - 1;) {
		size_t wl = strcspn(w, " ");

		if ((wl == 4 && !strncmp(w, "bang", 4)) || (wl == 3 && !strncmp(w, "gui", 3)) ||
		    (wl == 3 && !strncmp(w, "nop", 3)) || (wl == 4 && !strncmp(w, "file", 4)) ||
		    (wl == 3 && !strncmp(w, "ban", 3)))
			return true;
		w += wl;
		w += *w == ' ';
	}
	return false;
}

/* "Có cần đóng dấu không": "có" and a final "không" within a few words,
 * read after the line's last ':' ("Ý kiến khác: không" states, does not
 * ask). */
static bool
co_khong_asks(const char *line, size_t n)
{
	const char *colon = NULL;
	char *key;
	bool hit = false;

	for (size_t i = 0; i < n; i++)
		if (line[i] == ':')
			colon = line + i + 1;
	if (colon) {
		n -= (size_t)(colon - line);
		line = colon;
	}
	key = text_key(line, n, NULL);
	if (!key)
		return false;
	{
		size_t kl = strlen(key);

		if (kl >= 9 && !strcmp(key + kl - 6, " khong")) {
			size_t words = 0, i = kl - 6;

			for (; i > 0 && words < QUESTION_CO_KHONG_WORDS && !hit; i--) {
				if (key[i - 1] != ' ')
					continue;
				words++;
				hit = !strncmp(key + i, "co ", 3);
			}
			hit = hit || (i == 0 && !strncmp(key, "co ", 3));
		}
	}
	free(key);
	return hit;
}

bool
question_line_asks(const char *line, size_t n)
{
	char *key;
	bool hit = false;

	if (mark_asks(line, n) || hoi_asks(line, n))
		return true;
	key = text_key(line, n, NULL);
	if (!key)
		return false;
	for (size_t i = 0; i < sizeof asking / sizeof *asking && !hit; i++)
		hit = text_key_find(key, asking[i]) != 0;
	hit = hit || either_asks(key);
	free(key);
	return hit || co_khong_asks(line, n);
}

bool
question_asks(const char *text, size_t len)
{
	struct text_span *lines;
	size_t n = 0;
	bool hit = false;

	if (len > QUESTION_MAX_BYTES)
		len = QUESTION_MAX_BYTES;
	lines = text_lines(text, len, SIZE_MAX, &n);
	if (!lines)
		return false;
	for (size_t i = 0; i < n && i < QUESTION_MAX_LINES && !hit; i++) {
		struct text_span sp = text_trim(text, lines[i]);

		if (sp.start == sp.end)
			continue;
		if (quote_is_signature_line(text + sp.start, sp.end - sp.start))
			break;
		hit = question_line_asks(text + sp.start, sp.end - sp.start);
	}
	free(lines);
	return hit;
}
