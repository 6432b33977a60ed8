/*
 * interleave — see interleave.h.  One pass sorts the lines from the quote
 * on (quoted, the writer's own, blank); a second decides what each of the
 * writer's lines is (a mark, a "no", a retyped option, an answer with a
 * label); a third writes the text.  Lines are compared by text_key()
 * prefixes cut at INTERLEAVE_KEY_CAP, so nothing allocates per line.
 */
#include "interleave.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <unictype.h>
#include <unistr.h>

#include "buf.h"
#include "err.h"
#include "form.h"
#include "quote.h"
#include "text.h"

enum ln_kind { LN_BLANK = 0, LN_QUOTED, LN_OWN };

struct ln {
	enum ln_kind kind;
	struct text_span body;  /* quoted: after the '>'s, marks off; own: trimmed */
	bool optlike;           /* a quoted line that carried a box or tick */
	bool tick;              /* quoted option chosen by a writer's mark */
	bool drop;              /* own line that says nothing of its own */
	struct text_span unit_label; /* "Cơ quan, đơn vị:" the line answers */
};

static const char *const bullets[] = { "-", "*", "+", "\u2022", "\u00b7" };

/* Length of a mark at s ("☐", "☒", "[ ]", "[x]", "( )", "(X)"), or 0. */
static size_t
mark_len(const char *s, size_t n)
{
	bool tick;

	return form_mark_at(s, n, &tick);
}

/* sp without marks (and bullets before them) at its start and end; *had
 * says whether there was one. */
static struct text_span
strip_marks(const char *t, struct text_span sp, bool *had)
{
	size_t l;

	*had = false;
	for (int k = 0; k < 4; k++) {
		bool more = false;

		sp = text_trim(t, sp);
		for (size_t b = 0; b < sizeof bullets / sizeof *bullets && !more; b++)
			if ((l = text_prefix_len(t + sp.start, sp.end - sp.start, bullets[b])) > 0 &&
			    sp.start + l < sp.end && (t[sp.start + l] == ' ' || mark_len(t + sp.start + l, sp.end - sp.start - l))) {
				sp.start += l;
				more = true;
			}
		if (!more && (l = mark_len(t + sp.start, sp.end - sp.start)) > 0) {
			sp.start += l;
			*had = more = true;
		}
		if (!more)
			break;
	}
	sp = text_trim(t, sp);
	/* a mark after the label: "… Hội thi. ☐", "… khác (x)" (every mark
	 * is 2 to 6 bytes) */
	for (size_t back = 2; back <= 6 && back < sp.end - sp.start; back++) {
		if (mark_len(t + sp.end - back, back) == back) {
			sp.end -= back;
			*had = true;
			sp = text_trim(t, sp);
			break;
		}
	}
	return sp;
}

static size_t
key_of(const char *t, struct text_span sp, char *key)
{
	return text_key_prefix(t + sp.start, sp.end - sp.start, key, INTERLEAVE_KEY_CAP, NULL);
}

static size_t
words(const char *key)
{
	size_t w = *key ? 1 : 0;

	for (const char *p = key; *p; p++)
		w += *p == ' ';
	return w;
}

/* Does KEY start with the word (or words) W? */
static bool
key_starts(const char *key, const char *w)
{
	size_t n = strlen(w);

	return strncmp(key, w, n) == 0 && (key[n] == '\0' || key[n] == ' ');
}

static bool
has_tick_glyph(const char *s, size_t n)
{
	bool tick;

	/* the glyphs only (all outside ASCII), not "(x)" inside a word */
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] >= 0xc0 && form_mark_at(s + i, n - i, &tick) && tick)
			return true;
	return false;
}

/* A line that only says "this one": "X", "(x)", "☒", "Chọn", "Đồng ý". */
static bool
is_tick_line(const char *t, struct text_span sp)
{
	static const char *const lead[] = {
		"x", "xx", "v", "chon", "dong y", "nhat tri", "thong nhat", "tan thanh", "co",
		"ok", "yes", "danh dau", "so chon", "don vi chon", "ubnd chon",
	};
	char key[INTERLEAVE_KEY_CAP + 1];

	key_of(t, sp, key);
	if (!*key)
		return has_tick_glyph(t + sp.start, sp.end - sp.start);
	if (words(key) > INTERLEAVE_MARK_WORDS || strstr(key, "khong") || strstr(key, "chua"))
		return false;
	for (size_t i = 0; i < sizeof lead / sizeof *lead; i++)
		if (key_starts(key, lead[i])) {
			/* "Chọn phương án này", "Đồng ý mục này": nothing more */
			const char *rest = key + strlen(lead[i]);

			return *rest == '\0' || strstr(rest, "nay") || strstr(rest, "phuong an") ||
			       strstr(rest, "muc") || strstr(rest, "y nay");
		}
	return false;
}

/* "Chọn phương án 2", "Phương án 1", "Ý 2", "Chọn 1": the option by its
 * number in the section (1-based), 0 when the line is not that. */
static unsigned
option_number(const char *t, struct text_span sp)
{
	static const char *const lead[] = {
		"chon phuong an", "phuong an", "chon y", "chon muc", "chon so", "chon", "y", "muc",
		"dong y phuong an", "dong y y", "lua chon", "pa",
	};
	char key[INTERLEAVE_KEY_CAP + 1];

	key_of(t, sp, key);
	if (words(key) > INTERLEAVE_MARK_WORDS || strstr(key, "khong"))
		return 0;
	for (size_t i = 0; i < sizeof lead / sizeof *lead; i++) {
		const char *r = key + strlen(lead[i]);

		if (!key_starts(key, lead[i]) || *r != ' ')
			continue;
		r++;
		/* one digit, then nothing or "này" */
		if (r[0] >= '1' && r[0] <= '9' && (r[1] == '\0' || (r[1] == ' ' && strcmp(r + 2, "nay") == 0)))
			return (unsigned)(r[0] - '0');
		return 0;
	}
	return 0;
}

/* The K-th option (1-based) of the run of quoted option lines that holds
 * line AT, or n. */
static size_t
nth_option(const char *t, const struct ln *L, size_t n, size_t q0, size_t at, unsigned k)
{
	size_t first = at;

	/* back to the first option of the run (blank and dotted lines go) */
	for (size_t j = at; j > q0; j--) {
		const struct ln *p = &L[j - 1];

		if (p->kind == LN_QUOTED && p->optlike)
			first = j - 1;
		else if (p->kind == LN_OWN ||
		         (p->kind == LN_QUOTED && p->body.start < p->body.end &&
		          !text_is_filler(t + p->body.start, p->body.end - p->body.start)))
			break;
	}
	for (size_t j = first; j < n; j++) {
		const struct ln *p = &L[j];

		if (p->kind == LN_QUOTED && p->optlike) {
			if (--k == 0)
				return j;
		} else if (p->kind == LN_QUOTED && p->body.start < p->body.end &&
		           !text_is_filler(t + p->body.start, p->body.end - p->body.start)) {
			break;
		}
	}
	return n;
}

/* "Không", "Không chọn", "Không đồng ý": next to an option, not chosen. */
static bool
is_no_line(const char *t, struct text_span sp)
{
	char key[INTERLEAVE_KEY_CAP + 1];

	key_of(t, sp, key);
	return (key_starts(key, "khong") || strcmp(key, "no") == 0) &&
	       words(key) <= INTERLEAVE_MARK_WORDS;
}

/* Is the code point at s a lower-case letter (a wrapped line goes on)? */
static bool
starts_lower(const char *s, size_t n)
{
	ucs4_t uc;
	int l = u8_mbtouc(&uc, (const uint8_t *)s, n);

	return l > 0 && uc_is_lower(uc);
}

/* A question to the office ("Cho em hỏi …", "… ghi thế nào ạ?"): the
 * writer asks, it does not answer.  ("Hỏi" alone is not one: its key is
 * that of "Hội", as in "Hội thi …".) */
static bool
is_question(const char *t, struct text_span sp)
{
	static const char *const ask[] = {
		"cho em hoi", "cho toi hoi", "cho minh hoi", "cho hoi", "xin hoi", "em hoi", "em xin hoi",
		"xin cho biet", "vui long cho biet",
	};
	char key[INTERLEAVE_KEY_CAP + 1];

	if (t[sp.end - 1] == '?')
		return true;
	key_of(t, sp, key);
	for (size_t i = 0; i < sizeof ask / sizeof *ask; i++)
		if (key_starts(key, ask[i]))
			return true;
	return false;
}

/* The writer's own answer, not a signature, a question or dots. */
static bool
own_counts(const char *t, struct text_span sp)
{
	if (sp.start == sp.end || text_is_filler(t + sp.start, sp.end - sp.start))
		return false;
	if (quote_is_signature_line(t + sp.start, sp.end - sp.start))
		return false;
	return !is_question(t, sp);
}

/* Index of the nearest non-blank quoted line before (dir -1) or after
 * (dir +1) line i, and the lines between; n when none, or when one of the
 * writer's lines comes first and !skip_own. */
static size_t
near_quoted(const struct ln *L, size_t n, size_t from, size_t i, int dir, size_t *gap,
            bool skip_own)
{
	size_t j = i;

	*gap = 0;
	for (;;) {
		if (dir < 0 ? j <= from : j + 1 >= n)
			return n;
		j = dir < 0 ? j - 1 : j + 1;
		if (L[j].kind == LN_QUOTED && L[j].body.start < L[j].body.end)
			return j;
		if (L[j].kind == LN_OWN && !skip_own)
			return n;
		(*gap)++;
	}
}

static const char *const unit_names[] = {
	"co quan don vi", "co quan", "don vi", "ten co quan", "ten don vi", "ten co quan don vi",
	"co quan to chuc",
};

/* A quoted "Cơ quan, đơn vị: ………" left blank for the writer. */
static bool
is_unit_label(const char *t, struct text_span sp)
{
	const char *colon = memchr(t + sp.start, ':', sp.end - sp.start);
	char key[INTERLEAVE_KEY_CAP + 1];

	if (!colon || !text_is_filler(colon + 1, (size_t)(t + sp.end - colon - 1)))
		return false;
	key_of(t, (struct text_span){ sp.start, (size_t)(colon - t) }, key);
	for (size_t i = 0; i < sizeof unit_names / sizeof *unit_names; i++)
		if (strcmp(key, unit_names[i]) == 0)
			return true;
	return false;
}

/* Drops "Ý kiến:", "Trả lời:", "Nhận xét:" (a word of the heading above)
 * before the answer.  Returns the answer's span. */
static struct text_span
drop_label(const char *t, struct text_span sp, const char *heading_key)
{
	static const char *const generic[] = { "y kien", "tra loi", "tl", "dap", "answer" };
	static const char *const unit[] = { "co quan", "don vi", "ten", "nguoi", "email", "dien thoai", "sdt" };
	const char *colon = memchr(t + sp.start, ':', sp.end - sp.start);
	char key[INTERLEAVE_KEY_CAP + 1];
	bool label = false;
	size_t w;

	if (!colon)
		return sp;
	key_of(t, (struct text_span){ sp.start, (size_t)(colon - t) }, key);
	w = words(key);
	if (w == 0 || w > INTERLEAVE_LABEL_WORDS)
		return sp;
	for (size_t i = 0; i < sizeof unit / sizeof *unit; i++)
		if (key_starts(key, unit[i]))
			return sp;
	for (size_t i = 0; i < sizeof generic / sizeof *generic && !label; i++)
		label = key_starts(key, generic[i]);
	if (!label && heading_key && w <= 3)
		label = text_key_find(heading_key, key) > 0;
	if (label) {
		sp.start = (size_t)(colon - t) + 1;
		sp = text_trim(t, sp);
	}
	return sp;
}

/* Words that may come before a retyped option: "Chọn:", "Đồng ý:". */
static struct text_span
drop_lead_word(const char *t, struct text_span sp)
{
	static const char *const lead[] = { "chon", "dong y", "nhat tri", "y kien", "tra loi" };
	const char *colon = memchr(t + sp.start, ':', sp.end - sp.start);
	char key[INTERLEAVE_KEY_CAP + 1];

	if (!colon)
		return sp;
	key_of(t, (struct text_span){ sp.start, (size_t)(colon - t) }, key);
	for (size_t i = 0; i < sizeof lead / sizeof *lead; i++)
		if (key_starts(key, lead[i]) && words(key) <= 3) {
			sp.start = (size_t)(colon - t) + 1;
			return text_trim(t, sp);
		}
	return sp;
}

/* Does KEY (kl bytes) start with the option key OK, or with OK less its
 * first one or two words ("Tiếp tục tổ chức Hội thi" for "Đề nghị tiếp tục
 * tổ chức Hội thi"), at least three words left?  Returns the key bytes
 * matched, 0 for none. */
static size_t
starts_with_option(const char *key, size_t kl, const char *ok)
{
	const char *o = ok;

	for (int drop = 0; drop <= 2 && o; drop++) {
		size_t ol = strlen(o), dist, m;

		if (words(o) < 3)
			break;
		if (ol <= kl + 8 &&
		    (m = text_fuzzy_prefix(key, kl, o, ol, text_edit_budget(ol), &dist)) > 0)
			return m;
		o = strchr(o, ' ');
		if (o)
			o++;
	}
	return 0;
}

/*
 * Does the writer's line SP retype one of the quoted options (one only)?
 * Returns its line index (n_lines when none) and in *rest what follows the
 * option on the line (a proposal).  HEADING is the key of the heading
 * above, NULL if none: a line that retypes the heading ("Đề nghị tiếp tục
 * tổ chức Hội thi hoặc …") starts like its first option but is not it.
 */
static size_t
retyped_option(const char *t, struct text_span sp, size_t n_lines, const size_t *opts,
               char (*opt_keys)[INTERLEAVE_KEY_CAP + 1], size_t n_opts, const char *heading,
               struct text_span *rest)
{
	char key[INTERLEAVE_KEY_CAP + 1];
	struct text_span map[INTERLEAVE_KEY_CAP + 1];
	struct text_span body = drop_lead_word(t, sp);
	size_t kl, which = n_lines, matched = 0, off = 0;
	size_t hl = heading && words(heading) >= 3 ? strlen(heading) : 0;

	kl = text_key_prefix(t + body.start, body.end - body.start, key, INTERLEAVE_KEY_CAP, map);
	/* the option at the start of the line, else after a few words of the
	 * writer's ("Sở Công Thương: thống nhất đề nghị tiếp tục tổ chức Hội
	 * thi", "Sở đề nghị hình thức tuyên truyền khác: …") that do not say
	 * no ("Sở không đề nghị tiếp tục …"; "dừng" alone is not looked
	 * for: its key is that of "dựng", as in "Sở Xây dựng") */
	for (size_t w = 0; w <= INTERLEAVE_NAME_LEAD && off < kl; w++) {
		const char *first = NULL;
		size_t hits = 0, dist;

		if (w > 0 && (key_starts(key + off, "khong") || key_starts(key + off, "chua") ||
		              key_starts(key + off, "ngung") || key_starts(key + off, "tam dung") ||
		              key_starts(key + off, "no") || key_starts(key + off, "not")))
			break;
		if (hl && text_fuzzy_prefix(key + off, kl - off, heading, hl, text_edit_budget(hl), &dist) > 0)
			return n_lines;
		for (size_t o = 0; o < n_opts; o++) {
			size_t m;

			if ((m = starts_with_option(key + off, kl - off, opt_keys[o])) == 0)
				continue;
			/* the same option quoted twice (two copies of the form) is one */
			if (!first) {
				first = opt_keys[o];
				which = opts[o];
				matched = off + m;
				hits++;
			} else if (strcmp(first, opt_keys[o]) != 0) {
				hits++;
			}
		}
		if (hits > 1)
			return n_lines;
		if (hits == 1)
			break;
		which = n_lines;
		{
			const char *sp_ = strchr(key + off, ' ');

			if (!sp_)
				break;
			off = (size_t)(sp_ - key) + 1;
		}
	}
	if (which == n_lines)
		return n_lines;
	rest->start = body.start + map[matched - 1].end;
	rest->end = body.end;
	*rest = text_trim(t, *rest);
	while (rest->start < rest->end && strchr(":.;,-)", t[rest->start]))
		rest->start++;
	*rest = text_trim(t, *rest);
	return which;
}

/* sp without a leader the writer types before an answer ("=> Có", "->",
 * "→", "⇒"): an arrow, not the answer's text. */
static struct text_span
drop_leader(const char *t, struct text_span sp)
{
	static const char *const arrows[] = { "\u2192", "\u21d2", "\u2794", "\u279c", "\u27a1", "\u00bb" };
	size_t i = sp.start, l;

	while (i < sp.end && i - sp.start < 4 && (t[i] == '=' || t[i] == '-'))
		i++;
	if (i > sp.start && i < sp.end && t[i] == '>')
		return text_trim(t, (struct text_span){ i + 1, sp.end });
	for (size_t a = 0; a < sizeof arrows / sizeof *arrows; a++)
		if ((l = text_prefix_len(t + sp.start, sp.end - sp.start, arrows[a])) > 0)
			return text_trim(t, (struct text_span){ sp.start + l, sp.end });
	return sp;
}

/* Sorts lines [q0, n) and says whether the writer typed inside the quote. */
static bool
sort_lines(const char *t, const struct text_span *lines, size_t n, size_t q0, struct ln *L)
{
	bool inside = false, in_sig = false;
	size_t pending = 0; /* own lines that count since the last quoted line */

	for (size_t i = q0; i < n; i++) {
		struct text_span sp = text_trim(t, lines[i]);
		struct ln *l = &L[i];

		if (sp.start == sp.end) {
			l->kind = LN_BLANK;
			continue;
		}
		if (t[sp.start] == '>') {
			while (sp.start < sp.end && (t[sp.start] == '>' || t[sp.start] == ' '))
				sp.start++;
			l->kind = LN_QUOTED;
			l->body = strip_marks(t, sp, &l->optlike);
			inside |= pending > 0;
			pending = 0;
			in_sig = false;
			continue;
		}
		l->kind = LN_OWN;
		l->body = drop_leader(t, sp);
		if (l->body.start == l->body.end) {
			l->kind = LN_BLANK;
			continue;
		}
		if (i > q0 && L[i - 1].kind == LN_QUOTED &&
		    text_chars(t + lines[i - 1].start, lines[i - 1].end - lines[i - 1].start) >=
		            INTERLEAVE_WRAP_COLS &&
		    starts_lower(t + sp.start, sp.end - sp.start)) {
			/* the rest of a long quoted line the mail program wrapped */
			l->kind = LN_QUOTED;
			l->body = strip_marks(t, sp, &l->optlike);
			continue;
		}
		/* the name and title under "Trân trọng," are the signature too */
		in_sig |= quote_is_signature_line(t + sp.start, sp.end - sp.start);
		pending += !in_sig && own_counts(t, sp);
	}
	return inside;
}

/*
 * A form printed without boxes: its options are the short quoted lines
 * under a heading that ends with ':' ("2. Đề nghị … khác:" then "Đề nghị
 * tiếp tục tổ chức Hội thi." and "Đề nghị hình thức tuyên truyền khác.").
 */
static void
guess_options(const char *t, struct ln *L, size_t n, size_t q0)
{
	char key[INTERLEAVE_KEY_CAP + 1];
	bool under = false;

	for (size_t i = q0; i < n; i++)
		if (L[i].kind == LN_QUOTED && L[i].optlike)
			return;
	for (size_t i = q0; i < n; i++) {
		struct ln *l = &L[i];
		size_t w;

		if (l->kind != LN_QUOTED || l->body.start == l->body.end)
			continue;
		if (t[l->body.end - 1] == ':') {
			under = true;
			continue;
		}
		w = (key_of(t, l->body, key), words(key));
		l->optlike = under && w >= 3 && w <= INTERLEAVE_OPTION_WORDS &&
		             !text_is_filler(t + l->body.start, l->body.end - l->body.start);
		under = l->optlike;
	}
}

/* What each of the writer's lines is (see interleave.h). */
static void
judge_own(const char *t, struct ln *L, size_t n, size_t q0)
{
	size_t opts[INTERLEAVE_MAX_OPTIONS], n_opts = 0;
	char opt_keys[INTERLEAVE_MAX_OPTIONS][INTERLEAVE_KEY_CAP + 1];
	/* the heading an answer is under: the nearest quoted line above it
	 * that is not an option (its key made once) */
	size_t heading = n, heading_keyed = n;
	char hk[INTERLEAVE_KEY_CAP + 1];

	for (size_t i = q0; i < n && n_opts < INTERLEAVE_MAX_OPTIONS; i++)
		if (L[i].kind == LN_QUOTED && L[i].optlike) {
			key_of(t, L[i].body, opt_keys[n_opts]);
			opts[n_opts++] = i;
		}
	for (size_t i = q0; i < n; i++) {
		struct ln *l = &L[i];
		size_t up_gap, down_gap, up, down;
		bool up_opt, down_opt, in_zone;

		if (l->kind == LN_QUOTED && !l->optlike && l->body.start < l->body.end &&
		    !text_is_filler(t + l->body.start, l->body.end - l->body.start))
			heading = i;
		if (l->kind != LN_OWN || text_is_filler(t + l->body.start, l->body.end - l->body.start))
			continue;
		up = near_quoted(L, n, q0, i, -1, &up_gap, false);
		down = near_quoted(L, n, q0, i, +1, &down_gap, false);
		up_opt = up < n && L[up].optlike;
		down_opt = down < n && L[down].optlike;
		{
			/* among the options, or just above them (under their
			 * heading): only there is a retyped option the choice,
			 * elsewhere ("Ý kiến khác: Đề nghị tiếp tục tổ chức
			 * Hội thi vào quý III") it is the writer's text */
			size_t g, a = near_quoted(L, n, q0, i, -1, &g, true);
			size_t b = near_quoted(L, n, q0, i, +1, &g, true);

			in_zone = (a < n && L[a].optlike) || (b < n && L[b].optlike);
		}
		if (up_opt || down_opt) {
			/* "Chọn phương án 2", or "Chọn phương án 2: tọa đàm" */
			const char *colon = memchr(t + l->body.start, ':', l->body.end - l->body.start);
			struct text_span label = l->body;
			unsigned k;
			size_t to;

			if (colon)
				label.end = (size_t)(colon - t);
			k = option_number(t, label);
			to = k ? nth_option(t, L, n, q0, up_opt ? up : down, k) : n;
			if (to < n) {
				L[to].tick = true;
				l->body.start = colon ? (size_t)(colon - t) + 1 : l->body.end;
				l->body = text_trim(t, l->body);
				l->drop = l->body.start == l->body.end;
				continue;
			}
		}
		if (is_tick_line(t, l->body)) {
			size_t to = up_opt && (!down_opt || up_gap <= down_gap) ? up :
			            down_opt ? down : n;

			if (to == n && n_opts == 0 && up < n)
				to = up; /* a form printed without boxes */
			if (to < n) {
				L[to].tick = true;
				l->drop = true;
				continue;
			}
		}
		if (is_no_line(t, l->body) && (up_opt || down_opt)) {
			l->drop = true;
			continue;
		}
		if (heading < n && heading != heading_keyed) {
			key_of(t, L[heading].body, hk);
			heading_keyed = heading;
		}
		/* a line numbered like a heading ("2. Đề nghị … khác: X", the
		 * writer took the '>' off the heading) is not an option */
		if (in_zone && !mark_len(t + l->body.start, l->body.end - l->body.start) &&
		    !(t[l->body.start] >= '0' && t[l->body.start] <= '9')) {
			struct text_span rest;
			size_t o = retyped_option(t, l->body, n, opts, opt_keys, n_opts,
			                          heading < n ? hk : NULL, &rest);

			if (o < n) {
				/* the option ticked where it is quoted; a
				 * proposal after it stays as the writer's text,
				 * a mark after it is the tick, "Không" a no */
				bool none = rest.start == rest.end ||
				            text_is_filler(t + rest.start, rest.end - rest.start);

				L[o].tick |= none || !is_no_line(t, rest);
				l->body = rest;
				l->drop = none || is_tick_line(t, rest) || is_no_line(t, rest) ||
				          mark_len(t + rest.start, rest.end - rest.start) == rest.end - rest.start;
				continue;
			}
		}
		{
			/* "2. Đề nghị … khác: Đề nghị hình thức tuyên truyền
			 * khác": the heading typed again, the option after it */
			const char *colon = memchr(t + l->body.start, ':', l->body.end - l->body.start);
			struct text_span after, rest;
			size_t o = n;

			if (colon && in_zone) {
				after.start = (size_t)(colon - t) + 1;
				after.end = l->body.end;
				after = text_trim(t, after);
				if (after.start < after.end &&
				    !mark_len(t + after.start, after.end - after.start))
					o = retyped_option(t, after, n, opts, opt_keys, n_opts, NULL, &rest);
			}
			if (o < n && !is_no_line(t, rest)) {
				L[o].tick = true;
				if (rest.start == rest.end || is_tick_line(t, rest) ||
				    mark_len(t + rest.start, rest.end - rest.start) == rest.end - rest.start)
					l->body.end = after.start;
				continue;
			}
		}
		if (up < n && up_gap <= 1 && is_unit_label(t, L[up].body) &&
		    !memchr(t + l->body.start, ':', l->body.end - l->body.start)) {
			/* "Sở Y tế" typed under "> Cơ quan, đơn vị: ……" */
			l->unit_label = L[up].body;
			l->unit_label.end = (size_t)((const char *)memchr(t + l->unit_label.start, ':',
			                             l->unit_label.end - l->unit_label.start) - t) + 1;
			continue;
		}
		l->body = drop_label(t, l->body, heading < n ? hk : NULL);
		if (l->body.start == l->body.end)
			l->drop = true;
	}
}

int
interleave_text(const char *text, size_t len, char **out)
{
	struct text_span *lines;
	struct ln *L;
	struct buf b;
	size_t n = 0, q0, cut, last_own = 0;
	char *top;
	bool any = len > 0 && text[0] == '>', fail, quoted_end = false;
	int rc;

	*out = NULL;
	/* cheap test first: a line that starts with '>' */
	for (const char *p = text; !any && (p = memchr(p, '\n', len - (size_t)(p - text)));) {
		p++;
		while (p < text + len && (*p == ' ' || *p == '\t'))
			p++;
		any = p < text + len && *p == '>';
	}
	if (!any)
		return 0;
	cut = quote_cut(text, len);
	lines = text_lines(text, len, QUOTE_MAX_LINES, &n);
	if (!lines)
		return 0; /* quote_strip() says what went wrong */
	for (q0 = 0; q0 < n; q0++) {
		struct text_span sp = text_trim(text, lines[q0]);

		if (lines[q0].start >= cut && sp.start < sp.end && text[sp.start] == '>')
			break;
	}
	L = q0 < n ? calloc(n, sizeof *L) : NULL;
	if (q0 < n && !L) {
		free(lines);
		return YK_ENOMEM;
	}
	if (q0 >= n || !sort_lines(text, lines, n, q0, L)) {
		free(L);
		free(lines);
		return 0;
	}
	guess_options(text, L, n, q0);
	judge_own(text, L, n, q0);
	top = quote_strip(text, cut);
	buf_init(&b, 2 * len + 64);
	for (size_t i = q0; i < n; i++)
		if (L[i].kind == LN_OWN && !L[i].drop && own_counts(text, L[i].body))
			last_own = i;
	if (top) {
		/* "--" ends the form the text above may hold, so that the quoted
		 * letter is not read as the rest of its last answer */
		buf_adds(&b, top);
		buf_adds(&b, "\n--\n");
	}
	for (size_t i = q0; i < n; i++) {
		const struct ln *l = &L[i];

		if (l->drop)
			continue;
		if (i > last_own && l->kind == LN_QUOTED &&
		    quote_is_signature_line(text + l->body.start, l->body.end - l->body.start))
			quoted_end = true; /* the letter's closing and footer: no form */
		if (quoted_end && l->kind == LN_QUOTED)
			continue;
		if (l->tick)
			buf_adds(&b, "\u2612 ");
		if (l->unit_label.end > l->unit_label.start) {
			buf_add(&b, text + l->unit_label.start, l->unit_label.end - l->unit_label.start);
			buf_addc(&b, ' ');
		}
		if (l->kind != LN_BLANK)
			buf_add(&b, text + l->body.start, l->body.end - l->body.start);
		buf_addc(&b, '\n');
	}
	rc = !top || buf_status(&b) == YK_ENOMEM ? YK_ENOMEM : 0;
	fail = !top || buf_status(&b);
	free(top);
	free(L);
	free(lines);
	if (fail) {
		/* past the bound: not a reply typed by hand; quote_strip() reads it */
		buf_free(&b);
		return rc;
	}
	*out = buf_take(&b);
	return *out ? 0 : YK_ENOMEM;
}
