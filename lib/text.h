/*
 * text — Vietnamese text utilities: UTF-8 validation and repair, charset
 * conversion to UTF-8 NFC, folding for matching (lower case, diacritics
 * removed, đ→d), a fuzzy prefix match that forgives small typos, and line
 * helpers.
 *
 * Every char * returned is malloc'd and owned by the caller (free()); NULL
 * means out of memory or TEXT_MAX_INPUT exceeded.  No global state.
 */
#ifndef YK_TEXT_H
#define YK_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <string.h>

/* Largest text converted or folded in one call: above any message size we
 * accept (intake refuses larger messages), so hitting it means a bug or a
 * decompression trick, not a real reply. */
#define TEXT_MAX_INPUT ((size_t)64 << 20)
/* Longest pattern (heading, option label) for the fuzzy match: the DP rows
 * are sized by it.  Form headings are one sentence. */
#define TEXT_MAX_PATTERN 512
/* Iterations when decomposing one code point (Vietnamese needs 2). */
#define TEXT_MAX_DECOMP 4

/* A byte range [start, end) of a source text. */
struct text_span {
	size_t start;
	size_t end;
};

bool text_utf8_valid(const char *s, size_t n);
/* Copy of s with every invalid byte replaced by U+FFFD. */
char *text_utf8_repair(const char *s, size_t n);
/* Repaired, NFC-normalised copy (NFD input from macOS, windows-1258's
 * combining tone marks). */
char *text_nfc(const char *s, size_t n);
/*
 * Bytes in CHARSET (NULL or unknown: UTF-8 when valid, else windows-1258,
 * which decodes every byte) to UTF-8 NFC.  *lossy (may be NULL) is set when
 * bytes had to be replaced.  A BOM is dropped.
 */
char *text_to_utf8(const char *s, size_t n, const char *charset, bool *lossy);

/*
 * The matching key of s: folded (lower case, no diacritics, đ→d), letters
 * and digits only, words separated by one space, no leading or trailing
 * space.  When map is not NULL, *map receives a malloc'd array of key
 * length + 1 spans: span i is the source range of the character that gave
 * key byte i (the last one is the end of the source), so a match in the key
 * can be mapped back to the source text.
 */
char *text_key(const char *s, size_t n, struct text_span **map);
/*
 * text_key() of s cut to at most cap bytes (ending at a whole character),
 * written into the caller's out (cap + 1 bytes, NUL-terminated) and map
 * (may be NULL; cap + 1 spans, as text_key's).  Folds only as much of s as
 * the cut key covers and allocates nothing: for prefix matching against
 * patterns shorter than the cap.  Returns the key length.
 */
size_t text_key_prefix(const char *s, size_t n, char *out, size_t cap, struct text_span *map);
/* s folded (lower case, diacritics removed, đ→d), punctuation kept. */
char *text_fold(const char *s, size_t n);

/* Typos forgiven when matching a pattern of PATLEN key bytes. */
size_t text_edit_budget(size_t patlen);
/*
 * Does KEY start with PAT, allowing up to max_edits insertions, deletions
 * or substitutions?  The match must end at a word boundary of KEY.  Returns
 * the key length matched (> 0) or 0 for no match; *dist gets the edits.
 */
size_t text_fuzzy_prefix(const char *key, size_t keylen, const char *pat,
                         size_t patlen, size_t max_edits, size_t *dist);
/* Does PAT occur in KEY as whole words (exact)?  Returns the offset + 1, or 0. */
size_t text_key_find(const char *key, const char *pat);

/* Line helpers.  text_lines() splits s at LF (a CR before it is dropped)
 * into a malloc'd array of spans; *n gets the count.  NULL: no memory or
 * more than max lines. */
struct text_span *text_lines(const char *s, size_t len, size_t max, size_t *n);
/* Trims white space (ASCII and U+00A0) from both ends of a span. */
struct text_span text_trim(const char *s, struct text_span sp);
/* Only white space, dots, ellipses, underscores, dashes: a blank to fill in. */
bool text_is_filler(const char *s, size_t n);
/* strlen(p) when the N bytes at S begin with P, else 0.  Inline: the
 * form reader asks it for every glyph at every line's start. */
static inline size_t
text_prefix_len(const char *s, size_t n, const char *p)
{
	size_t l = strlen(p);

	return l <= n && memcmp(s, p, l) == 0 ? l : 0;
}
/* Characters (code points) in N bytes of UTF-8. */
size_t text_chars(const char *s, size_t n);

#endif
