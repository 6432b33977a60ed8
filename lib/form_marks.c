/*
 * form_marks — the ends of one line of a filled form: its numbering
 * ("1.", "a)", "II."), bullets, and tick boxes before or after a label, as
 * typed (☒ ☐ [x] (x) X) and as OCR reads them.
 */
#include "form_p.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"

/* Prefix tokens (numbering, bullets, marks) stripped from one line. */
#define FORM_MAX_PREFIX 8

/* --- marks and prefixes ------------------------------------------------ */

static const char *const tick_glyphs[] = {
	"\u2612", "\u2611", "\u2713", "\u2714", "\u25a0", "\u25cf", "\u2717", "\u2718",
	"\u22a0", "\u25a3", "\u25c9", "\U0001f5f9", "\U0001f5f8",
};
static const char *const box_glyphs[] = {
	"\u2610", "\u25a1", "\u274f", "\u25cb", "\u25ef", "\u2b1c",
};
static const char *const bullets[] = {
	"-", "*", "+", "\u2022", "\u2013", "\u2014", "\u00b7", "\u25aa", "\u2023", "|", "\t",
};

/* A bracketed mark: "[x]" "[ ]" "(X)" "[]" "( )" "[✓]".  Returns its
 * length and the mark, or 0. */
static size_t
bracket_mark(const char *s, size_t n, enum mark *m)
{
	char close;
	size_t i = 1, l;
	bool tick = false;

	if (n < 2 || (s[0] != '[' && s[0] != '('))
		return 0;
	close = s[0] == '[' ? ']' : ')';
	while (i < n && s[i] == ' ')
		i++;
	if (i < n && (s[i] == 'x' || s[i] == 'X' || s[i] == 'v' || s[i] == 'V')) {
		tick = true;
		i++;
	} else {
		for (size_t g = 0; g < sizeof tick_glyphs / sizeof *tick_glyphs; g++)
			if ((l = text_prefix_len(s + i, n - i, tick_glyphs[g])) > 0) {
				tick = true;
				i += l;
				break;
			}
	}
	while (i < n && s[i] == ' ')
		i++;
	if (i >= n || s[i] != close || i > 6)
		return 0;
	*m = tick ? MARK_TICK : MARK_BOX;
	return i + 1;
}

static size_t
glyph_mark(const char *s, size_t n, enum mark *m)
{
	size_t l;

	/* Every tick and box glyph is outside ASCII: a line starting with
	 * an ASCII character can only hold a bracketed mark.  (This runs
	 * for every prefix of every line: the glyph loops are the cost.) */
	if (n > 0 && (unsigned char)s[0] < 0x80)
		return bracket_mark(s, n, m);

	for (size_t g = 0; g < sizeof tick_glyphs / sizeof *tick_glyphs; g++)
		if ((l = text_prefix_len(s, n, tick_glyphs[g])) > 0) {
			*m = MARK_TICK;
			return l;
		}
	for (size_t g = 0; g < sizeof box_glyphs / sizeof *box_glyphs; g++)
		if ((l = text_prefix_len(s, n, box_glyphs[g])) > 0) {
			*m = MARK_BOX;
			return l;
		}
	return bracket_mark(s, n, m);
}

/* Numbering "1." "2)" "II." "a)" at s; returns its length and the number
 * (0 for letters and roman numerals). */
static size_t
numbering(const char *s, size_t n, unsigned *num)
{
	size_t i = 0;
	unsigned v = 0;

	*num = 0;
	while (i < n && i < 3 && s[i] >= '0' && s[i] <= '9')
		v = v * 10 + (unsigned)(s[i++] - '0');
	if (i > 0) {
		if (i == n || s[i] == ' ' || s[i] == '\t') {
			/* A bare number: a table's numbering column. */
			*num = v;
			return i;
		}
		if (s[i] == '.' || s[i] == ')' || s[i] == '/') {
			*num = v;
			return i + 1;
		}
		return 0;
	}
	while (i < n && i < 4 && (s[i] == 'I' || s[i] == 'V' || s[i] == 'X'))
		i++;
	if (i > 0 && i < n && s[i] == '.' && (i + 1 == n || s[i + 1] == ' '))
		return i + 1;
	if (n >= 2 && s[0] >= 'a' && s[0] <= 'e' && s[1] == ')')
		return 2;
	return 0;
}

/* Strips numbering, bullets and marks from the start of sp.  *m gets the
 * mark, *num the number when the line was numbered. */
struct text_span
form_strip_prefix(const char *text, struct text_span sp, enum mark *m, unsigned *num,
                  bool *numbered)
{
	*m = MARK_NONE;
	*num = 0;
	*numbered = false;
	for (int k = 0; k < FORM_MAX_PREFIX; k++) {
		const char *s;
		size_t n, l = 0;
		enum mark mk;
		unsigned v;

		sp = text_trim(text, sp);
		s = text + sp.start;
		n = sp.end - sp.start;
		if (n == 0)
			break;
		if ((l = glyph_mark(s, n, &mk)) > 0) {
			if (*m != MARK_TICK)
				*m = mk;
		} else if (!*numbered && (l = numbering(s, n, &v)) > 0) {
			*numbered = true;
			*num = v;
		} else if ((s[0] == 'x' || s[0] == 'X') && n > 2 && s[1] == ' ') {
			/* "X Đề nghị …": a letter x as a tick.  Only the
			 * option matcher trusts it (a word "x" is rare). */
			*m = MARK_TICK;
			l = 1;
		} else {
			for (size_t b = 0; b < sizeof bullets / sizeof *bullets; b++)
				if ((l = text_prefix_len(s, n, bullets[b])) > 0)
					break;
				else
					l = 0;
		}
		if (l == 0)
			break;
		sp.start += l;
	}
	return text_trim(text, sp);
}

/* A mark after the label: "… khác. (X)", "… Hội thi ✓", "… [x]".  Moves
 * sp->end before it. */
enum mark
form_trailing_mark(const char *text, struct text_span *sp)
{
	struct text_span t = text_trim(text, *sp);
	enum mark m = MARK_NONE;

	while (t.end > t.start) {
		const char *s = text + t.start;
		size_t n = t.end - t.start;
		bool hit = false;

		for (size_t from = n > 8 ? n - 8 : 0; from < n && !hit; from++) {
			enum mark mk;
			size_t l = glyph_mark(s + from, n - from, &mk);

			if (l == n - from) {
				m = m == MARK_TICK ? m : mk;
				t.end = t.start + from;
				hit = true;
			}
		}
		if (!hit && n >= 2 && (s[n - 1] == 'x' || s[n - 1] == 'X') &&
		    (s[n - 2] == ' ' || s[n - 2] == '.')) {
			m = MARK_TICK;
			t.end--;
			hit = true;
		}
		if (!hit)
			break;
		t = text_trim(text, t);
		while (t.end > t.start && (text[t.end - 1] == '.' || text[t.end - 1] == ':'))
			t.end--;
	}
	*sp = t;
	return m;
}

/* Skips punctuation a writer puts between a label and the answer. */
struct text_span
form_skip_lead_punct(const char *text, struct text_span sp)
{
	for (;;) {
		sp = text_trim(text, sp);
		if (sp.start < sp.end && strchr(":.-|,;\t", text[sp.start]))
			sp.start++;
		else if (sp.end - sp.start >= 3 && memcmp(text + sp.start, "\u2013", 3) == 0)
			sp.start += 3;
		else
			return sp;
	}
}

/* What an OCR token at the start of a line stands for: MARK_TICK for a
 * ticked box, MARK_BOX for an empty one, MARK_NONE for anything else. */
static enum mark
ocr_token(const char *t, size_t n)
{
	/* a ring, or the box's corner and right edge ("LI", "LÍ", "L]") */
	static const char *const empty[] = { "O", "o", "0", "D", "[]", "()", "LI", "L]", "L|",
	                                     "Ll", "L\u00cd", "[ ]" };
	bool crossed = false;

	if (n == 0 || n > 3)
		return MARK_NONE;
	for (size_t i = 0; i < sizeof empty / sizeof *empty; i++)
		if (strlen(empty[i]) == n && !memcmp(t, empty[i], n))
			return MARK_BOX;
	/* a cross or a blot first, then at most the box's right edge read as
	 * "i", "l", "1", "|", "]" or ")" */
	if (strchr("xX%&#*", t[0]))
		crossed = true;
	else if (n >= 2 && ((unsigned char)t[0] == 0xc2 && ((unsigned char)t[1] == 0xae ||
	                                                    (unsigned char)t[1] == 0xa9)))
		crossed = n == 2; /* ® © */
	else if (n >= 2 && (unsigned char)t[0] == 0xc3 && (unsigned char)t[1] == 0x97)
		crossed = n == 2; /* × */
	if (!crossed)
		return MARK_NONE;
	for (size_t i = 1; i < n && (unsigned char)t[0] < 0x80; i++)
		if (!strchr("il1|])", t[i]))
			return MARK_NONE;
	return MARK_TICK;
}

char *
form_ocr_marks(const char *text, size_t len)
{
	struct buf b;
	size_t i = 0;

	buf_init(&b, 0);
	while (i < len) {
		const char *nl = memchr(text + i, '\n', len - i);
		size_t end = nl ? (size_t)(nl - text) + 1 : len, s = i, t;
		enum mark m = MARK_NONE;

		while (s < end && (text[s] == ' ' || text[s] == '\t'))
			s++;
		for (t = s; t < end && text[t] != ' ' && text[t] != '\t' && text[t] != '\n'; t++)
			;
		/* the token must be followed by a word */
		if (t < end && text[t] == ' ' && t + 1 < end && text[t + 1] != ' ' &&
		    text[t + 1] != '\n' && text[t + 1] != '\r')
			m = ocr_token(text + s, t - s);
		if (m != MARK_NONE) {
			buf_add(&b, text + i, s - i);
			buf_adds(&b, m == MARK_TICK ? "\u2612" : "\u2610");
			buf_add(&b, text + t, end - t);
		} else {
			buf_add(&b, text + i, end - i);
		}
		i = end;
	}
	if (!b.data)
		buf_adds(&b, "");
	if (buf_status(&b)) {
		buf_free(&b);
		return NULL;
	}
	return buf_take(&b);
}

enum mark
form_lone_mark(const char *text, struct text_span sp)
{
	enum mark m = MARK_NONE;
	const char *s;
	size_t n, l;

	sp = text_trim(text, sp);
	s = text + sp.start;
	n = sp.end - sp.start;
	if (n > 0 && s[n - 1] == '.')
		n--; /* "X." */
	if (n == 0 || n > 8)
		return MARK_NONE;
	if (n <= 2 && (s[0] == 'x' || s[0] == 'X' || s[0] == 'v' || s[0] == 'V') &&
	    (n == 1 || s[1] == s[0]))
		return MARK_TICK;
	l = glyph_mark(s, n, &m);
	return l == n && m == MARK_TICK ? MARK_TICK : MARK_NONE;
}

size_t
form_mark_at(const char *s, size_t n, bool *tick)
{
	enum mark m = MARK_NONE;
	size_t l = glyph_mark(s, n, &m);

	*tick = m == MARK_TICK;
	return l;
}
