/*
 * form_prose — the form answered in sentences, without its headings or
 * boxes: "UBND huyện … thống nhất đề nghị UBND tỉnh tiếp tục tổ chức Hội
 * thi …; không có ý kiến khác."  See form_prose_fill() in form.h.
 *
 * Every key word comes from the form itself.  An option's key words are
 * its text folded (no diacritics, lower case), stop words such as "đề
 * nghị" left out, cut into units of at most two syllables (a Vietnamese
 * word is one or two): "Đề nghị tiếp tục tổ chức Hội thi" gives "tiep tuc",
 * "to chuc", "hoi thi".  A free-text section's key words are its heading's
 * units that no other section or option and not the campaign's title uses
 * ("thiet thuc", "hieu qua" of the heading on the contest's usefulness).
 * A few synonyms are made one before matching ("duy trì" is "tiếp tục").
 *
 * A sentence names an option when all its units are there (sure) or when
 * at least two and half of them are, with its first unit or a proposal's
 * verb ("đề nghị", "thống nhất": a paraphrase, not sure).  A sentence that
 * cites a letter ("Thực hiện Công văn số 118/UBND-TH …") restates the
 * question and names nothing.  "Chọn phương án 2" names the second option
 * (not sure) when the form asks one question with options.
 * A negation just before the words ("không đề nghị tiếp tục", "không nên
 * tiếp tục tổ chức") takes the option back; a condition ("nếu …") or two
 * options named make the choice unsure.  "Không có ý kiến khác" answers a
 * free-text section with nothing.  Nothing counts unless an option was
 * named: a mail that only thanks, acknowledges or cites the letter is no
 * prose answer.
 */
#include "form_p.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "err.h"
#include "quote.h"
#include "text.h"

/* Bytes of a text read for prose: a prose answer is a few lines; the rest
 * of a long text is not looked at. */
#define PROSE_MAX_BYTES ((size_t)64 << 10)
/* Sentences kept of one text. */
#define PROSE_MAX_SENTENCES 512
/* Bytes of one sentence kept (a longer run without a full stop is cut). */
#define PROSE_MAX_SENTENCE ((size_t)2048)
/* Key units of one option or heading. */
#define PROSE_MAX_UNITS 16
/* Bytes of one unit ("tuyen truyen"), its NUL included. */
#define PROSE_UNIT_MAX 32
/* Words of one phrase cut into units. */
#define PROSE_MAX_WORDS 64
/* Words before an option's key word where a negation takes it back. */
#define PROSE_NEG_WINDOW 3
/* Characters of a line so short that it is not a sentence wrapped over
 * lines (a greeting, a name, a title; mail is wrapped at 72 or more): it
 * ends the sentence. */
#define PROSE_SHORT_LINE 50
/* Words after "không có" where "ý kiến" makes it an empty answer. */
#define PROSE_EMPTY_WINDOW 3

struct unitset {
	char u[PROSE_MAX_UNITS][PROSE_UNIT_MAX];
	size_t n;
};

struct sentence {
	char *text;   /* as written, its lines joined by a space */
	char *key;    /* folded, synonyms made one (canon()) */
	size_t para;  /* paragraph number: a blank line starts the next */
	bool cites;   /* names a letter ("Thực hiện Công văn số …"): context */
	bool question; /* "… có tiếp tục tổ chức Hội thi không ạ?": asks, answers nothing */
};

/* Synonyms made one before matching, as folded words: the first of each
 * pair becomes the second, in the form's texts and in the sentences. */
static const char *const synonyms[][2] = {
	{ "duy tri", "tiep tuc" },
	{ "to chuc lai", "tiep tuc to chuc" },
	{ "trien khai", "to chuc" },
	{ "phuong thuc", "hinh thuc" },
	{ "truyen thong", "tuyen truyen" },
	{ "doi moi", "khac" },
	{ "thay doi", "khac" },
	{ "da dang", "khac" },
	{ "bo sung", "khac" },
	{ "them", "khac" },
	/* judging the contest */
	{ "bo ich", "thiet thuc" },
	{ "y nghia", "thiet thuc" },
	{ "thanh cong", "hieu qua" },
	{ "tich cuc", "hieu qua" },
	{ "gop phan", "hieu qua" },
};

/* Folded words of a form's text that say nothing of which option or
 * section: the asking words, and grammar words.  A pair first, then
 * single words. */
static const char *const stop_pairs[] = {
	"de nghi", "kien nghi", "nhan xet", "neu co", "tham gia", "y kien", "danh gia",
};
static const char *const stop_words[] = {
	"va", "hoac", "cua", "ve", "cac", "nhung", "la", "co", "duoc", "cho", "voi", "trong",
	"tinh", "viec", "mot", "nay", "do", "the", "theo", "tai", "den", "tu", "vao", "so",
	"hay", "can", "nen", "nhu", "de", "o", "bang", "khi", "neu",
};
/* Words that take back the option after them. */
static const char *const negators[] = { "khong", "chua", "chang", "ngung" };
/* What one has none of when a free-text section is left empty on purpose:
 * "không có ý kiến khác", "không có đề xuất". */
static const char *const opinion_words[] = { "y kien", "de xuat", "kien nghi", "gop y" };
/* A sentence naming a letter ("Công văn số 118/UBND-TH", "văn bản số …")
 * is context, not an answer. */
static const char *const letter_words[] = { "cong van", "van ban", "cv" };
/* Verbs of a proposal: with them half of an option's words name it. */
static const char *const cues[] = {
	"de nghi", "kien nghi", "de xuat", "thong nhat", "nhat tri", "dong y", "mong muon",
};

/* --- folded words -------------------------------------------------------- */

static bool
word_is(const char *p, const char *w)
{
	size_t n = strlen(w);

	return strncmp(p, w, n) == 0 && (p[n] == ' ' || p[n] == '\0');
}

/* KEY (a text_key()) with the synonyms made one; malloc'd, NULL: no memory.
 * Each replacement is at most twice as long as what it replaces. */
static char *
canon(const char *key)
{
	size_t len = strlen(key);
	char *out = malloc(2 * len + 1);
	size_t o = 0;
	const char *p = key;

	if (!out)
		return NULL;
	while (*p) {
		size_t wl = strcspn(p, " ");
		bool done = false;

		for (size_t i = 0; i < sizeof synonyms / sizeof *synonyms && !done; i++) {
			if (word_is(p, synonyms[i][0])) {
				size_t fl = strlen(synonyms[i][0]), tl = strlen(synonyms[i][1]);

				memcpy(out + o, synonyms[i][1], tl);
				o += tl;
				p += fl;
				done = true;
			}
		}
		if (!done) {
			memcpy(out + o, p, wl);
			o += wl;
			p += wl;
		}
		if (*p == ' ') {
			out[o++] = ' ';
			p++;
		}
	}
	out[o] = '\0';
	return out;
}

/* Does PAT occur in KEY as whole words?  The word number of its first
 * occurrence in *at. */
static bool
find_words(const char *key, const char *pat, size_t *at)
{
	size_t off = text_key_find(key, pat), w = 0;

	if (!off)
		return false;
	for (size_t i = 0; i + 1 < off; i++)
		w += key[i] == ' ';
	if (at)
		*at = w;
	return true;
}

/* The word number W of KEY, or NULL. */
static const char *
word_at(const char *key, size_t w)
{
	const char *p = key;

	while (w > 0 && p) {
		p = strchr(p, ' ');
		if (p)
			p++;
		w--;
	}
	return p && *p ? p : NULL;
}

static bool
in_list(const char *p, const char *const *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (word_is(p, list[i]))
			return true;
	return false;
}

/* Is the word at AT taken back by a negation in the words just before it?
 * "không chỉ … mà còn" does not negate. */
static bool
negated(const char *key, size_t at)
{
	size_t from = at > PROSE_NEG_WINDOW ? at - PROSE_NEG_WINDOW : 0;

	for (size_t w = from; w < at; w++) {
		const char *p = word_at(key, w);

		if (p && in_list(p, negators, sizeof negators / sizeof *negators) &&
		    !word_is(p, "khong chi"))
			return true;
	}
	return false;
}

/* --- key units of the form ------------------------------------------------ */

static void
unit_add(struct unitset *u, const char *s, size_t n)
{
	if (u->n >= PROSE_MAX_UNITS || n == 0 || n >= PROSE_UNIT_MAX)
		return;
	for (size_t i = 0; i < u->n; i++)
		if (strlen(u->u[i]) == n && memcmp(u->u[i], s, n) == 0)
			return;
	memcpy(u->u[u->n], s, n);
	u->u[u->n][n] = '\0';
	u->n++;
}

/* The units of one run of words (no punctuation inside), into U. */
static int
units_of_run(const char *s, size_t n, struct unitset *u)
{
	char *key = text_key(s, n, NULL), *c;
	const char *w[PROSE_MAX_WORDS];
	size_t wl[PROSE_MAX_WORDS], nw = 0;
	bool stop[PROSE_MAX_WORDS] = { false };

	if (!key)
		return YK_ENOMEM;
	c = canon(key);
	free(key);
	if (!c)
		return YK_ENOMEM;
	for (const char *p = c; *p && nw < PROSE_MAX_WORDS;) {
		w[nw] = p;
		wl[nw] = strcspn(p, " ");
		p += wl[nw];
		nw++;
		if (*p == ' ')
			p++;
	}
	for (size_t i = 0; i < nw; i++) {
		if (!stop[i] && in_list(w[i], stop_pairs, sizeof stop_pairs / sizeof *stop_pairs) &&
		    i + 1 < nw) {
			stop[i] = stop[i + 1] = true;
			continue;
		}
		if (in_list(w[i], stop_words, sizeof stop_words / sizeof *stop_words) ||
		    (w[i][0] >= '0' && w[i][0] <= '9'))
			stop[i] = true;
	}
	/* runs of key words, cut into pairs */
	for (size_t i = 0; i < nw;) {
		if (stop[i]) {
			i++;
			continue;
		}
		if (i + 1 < nw && !stop[i + 1]) {
			unit_add(u, w[i], (size_t)(w[i + 1] + wl[i + 1] - w[i]));
			i += 2;
		} else {
			unit_add(u, w[i], wl[i]);
			i++;
		}
	}
	free(c);
	return 0;
}

/* The units of a phrase: its runs between punctuation marks. */
static int
units_of(const char *s, struct unitset *u)
{
	size_t n = s ? strlen(s) : 0, start = 0;
	int rc = 0;

	for (size_t i = 0; i <= n && !rc; i++) {
		if (i < n && !strchr(",;:.()/!?\"", s[i]))
			continue;
		if (i > start)
			rc = units_of_run(s + start, i - start, u);
		start = i + 1;
	}
	return rc;
}

/* U without every unit of OTHER. */
static void
units_minus(struct unitset *u, const struct unitset *other)
{
	size_t k = 0;

	for (size_t i = 0; i < u->n; i++) {
		bool drop = false;

		for (size_t j = 0; j < other->n && !drop; j++)
			drop = strcmp(u->u[i], other->u[j]) == 0;
		if (!drop && k != i)
			memcpy(u->u[k], u->u[i], PROSE_UNIT_MAX);
		k += !drop;
	}
	u->n = k;
}

/* How many units of U the sentence key holds; *lead gets whether the
 * first unit is there, *neg (may be NULL) whether a negation stands just
 * before one of them. */
static size_t
units_found(const struct unitset *u, const char *key, bool *lead, bool *neg)
{
	size_t hits = 0;

	*lead = false;
	if (neg)
		*neg = false;
	for (size_t i = 0; i < u->n; i++) {
		size_t at;

		if (!find_words(key, u->u[i], &at))
			continue;
		hits++;
		if (i == 0)
			*lead = true;
		if (neg && negated(key, at))
			*neg = true;
	}
	return hits;
}

/* Do the units of U that KEY holds stand together, in U's order ("to chuc
 * hoi thi")? */
static bool
run_found(const struct unitset *u, const char *key)
{
	char run[PROSE_MAX_UNITS * PROSE_UNIT_MAX];
	size_t len = 0;

	for (size_t i = 0; i < u->n; i++) {
		size_t l = strlen(u->u[i]);

		if (!find_words(key, u->u[i], NULL))
			continue;
		if (len)
			run[len++] = ' ';
		memcpy(run + len, u->u[i], l);
		len += l;
	}
	run[len] = '\0';
	return len > 0 && find_words(key, run, NULL);
}

/* --- sentences ------------------------------------------------------------ */

struct splitter {
	struct sentence *s;
	size_t n;
	struct buf cur;
	size_t para;
	bool full;
};

static bool
is_bullet(const char *p, size_t n)
{
	if (n == 0)
		return false;
	if (strchr("-+*", p[0]) || (n >= 3 && (unsigned char)p[0] == 0xe2 &&
	                            (unsigned char)p[1] == 0x80 &&
	                            ((unsigned char)p[2] == 0xa2 || (unsigned char)p[2] == 0x93)))
		return true;
	for (size_t i = 0; i < n && i < 3; i++) {
		if (p[i] >= '0' && p[i] <= '9')
			continue;
		return i > 0 && (p[i] == '.' || p[i] == ')');
	}
	return false;
}

/* Does the key name a letter: "cong van" or "van ban" before a number
 * ("so", "118")? */
static bool
cites_letter(const char *key)
{
	for (size_t i = 0; key && i < sizeof letter_words / sizeof *letter_words; i++) {
		for (const char *p = key; (p = strstr(p, letter_words[i])) != NULL; p++) {
			const char *next;

			if ((p != key && p[-1] != ' ') || !word_is(p, letter_words[i]))
				continue;
			next = p + strlen(letter_words[i]);
			if (*next == ' ')
				next++;
			if (word_is(next, "so") || (*next >= '0' && *next <= '9'))
				return true;
		}
	}
	return false;
}

/* Does the sentence ask?  A question mark, or a question's last words
 * ("… không ạ", "… hay không", "… chưa"), or "cho em hỏi". */
static bool
is_question(const char *p, size_t n, const char *key)
{
	static const char *const tails[] = { "khong", "khong a", "chua", "chua a" };
	size_t kl = strlen(key);

	while (n > 0 && p[n - 1] == ' ')
		n--;
	if (n > 0 && p[n - 1] == '?')
		return true;
	if (find_words(key, "cho em hoi", NULL) || find_words(key, "xin hoi", NULL) ||
	    find_words(key, "cho hoi", NULL))
		return true;
	/* a sentence closed by a full stop states */
	for (size_t i = 0; i < sizeof tails / sizeof *tails && n > 0 && p[n - 1] != '.'; i++) {
		size_t tl = strlen(tails[i]);

		if (kl > tl && key[kl - tl - 1] == ' ' && strcmp(key + kl - tl, tails[i]) == 0)
			return true;
	}
	return false;
}

/* One sentence of P (N bytes, trimmed) into the list. */
static int
sentence_add(struct splitter *sp, const char *p, size_t n)
{
	struct sentence *s;
	char *key;

	if (n == 0 || text_is_filler(p, n))
		return 0;
	if (sp->n >= PROSE_MAX_SENTENCES) {
		sp->full = true;
		return 0;
	}
	s = &sp->s[sp->n];
	key = text_key(p, n, NULL);
	s->key = key ? canon(key) : NULL;
	free(key);
	s->text = strndup(p, n);
	if (!s->key || !s->text) {
		free(s->key);
		free(s->text);
		s->key = s->text = NULL;
		return YK_ENOMEM;
	}
	s->para = sp->para;
	s->cites = cites_letter(s->key);
	s->question = is_question(p, n, s->key);
	sp->n++;
	return 0;
}

/* Does the piece P (N bytes) name a letter?  (No memory: no.) */
static bool
piece_cites(const char *p, size_t n)
{
	char *key = text_key(p, n, NULL);
	bool c = cites_letter(key);

	free(key);
	return c;
}

/*
 * The sentence built so far into the list.  Its head up to a comma is a
 * sentence of its own while it names a letter: "Phúc đáp Công văn
 * 118/UBND-TH, Sở thấy Hội thi bổ ích, hiệu quả." holds a comment after
 * the context.
 */
static int
flush(struct splitter *sp)
{
	const char *p = sp->cur.data, *comma;
	size_t n = sp->cur.len, head;
	int rc = 0;

	while (!rc && n > 0 && (comma = memchr(p, ',', n)) != NULL &&
	       (head = (size_t)(comma - p) + 1) < n && piece_cites(p, head)) {
		rc = sentence_add(sp, p, head);
		p += head;
		n -= head;
		while (n > 0 && (*p == ' ' || *p == '\t')) {
			p++;
			n--;
		}
	}
	if (!rc)
		rc = sentence_add(sp, p, n);
	buf_reset(&sp->cur);
	return rc;
}

/* A piece of one line into the sentence being built (a space between
 * lines); what does not fit PROSE_MAX_SENTENCE is left out. */
static void
add_piece(struct splitter *sp, const char *p, size_t n)
{
	struct text_span t = text_trim(p, (struct text_span){ 0, n });

	if (t.start == t.end)
		return;
	if (sp->cur.len)
		buf_addc(&sp->cur, ' ');
	buf_add(&sp->cur, p + t.start, t.end - t.start);
}

/* TEXT cut into sentences: at . ; : ! ? before a space or the line's end,
 * at a blank line, before a bullet or a number; a signature ends it. */
static int
split(const char *text, size_t len, struct sentence **out, size_t *n_out)
{
	struct splitter sp = { 0 };
	struct text_span *lines;
	size_t nl = 0;
	int rc = 0;

	*out = NULL;
	*n_out = 0;
	lines = text_lines(text, len, FORM_MAX_LINES, &nl);
	if (!lines)
		return YK_ENOMEM;
	sp.s = calloc(PROSE_MAX_SENTENCES, sizeof *sp.s);
	if (!sp.s) {
		free(lines);
		return YK_ENOMEM;
	}
	buf_init(&sp.cur, PROSE_MAX_SENTENCE);
	for (size_t i = 0; i < nl && !rc && !sp.full; i++) {
		struct text_span l = text_trim(text, lines[i]);
		const char *p = text + l.start;
		size_t n = l.end - l.start, from = 0;

		if (n == 0) {
			rc = flush(&sp);
			sp.para++;
			continue;
		}
		if (quote_is_signature_line(p, n))
			break;
		if (text[lines[i].start] == '>')
			continue; /* a quoted line left in */
		if (is_bullet(p, n))
			rc = flush(&sp);
		for (size_t j = 0; j < n && !rc; j++) {
			if (!strchr(".;:!?", p[j]) || (j + 1 < n && p[j + 1] != ' ' && p[j + 1] != '\t'))
				continue;
			add_piece(&sp, p + from, j + 1 - from);
			from = j + 1;
			rc = flush(&sp);
		}
		if (!rc && from < n)
			add_piece(&sp, p + from, n - from);
		/* a short line is a line of its own ("Kính gửi: …", a name),
		 * not a sentence wrapped */
		if (!rc && text_chars(p, n) < PROSE_SHORT_LINE)
			rc = flush(&sp);
	}
	if (!rc)
		rc = flush(&sp);
	buf_free(&sp.cur);
	free(lines);
	*out = sp.s;
	*n_out = sp.n;
	return rc;
}

static void
sentences_free(struct sentence *s, size_t n)
{
	for (size_t i = 0; s && i < n; i++) {
		free(s[i].text);
		free(s[i].key);
	}
	free(s);
}

/* --- the reading ------------------------------------------------------------ */

struct prose_sec {
	struct buf text;
	uint32_t choices;    /* options named, not taken back */
	uint32_t sure;       /* ... with all their key words */
	bool named;          /* an option was named at all */
	bool negation, condition;
	bool empty;          /* "không có ý kiến khác" */
	struct unitset *opt; /* per option */
	struct unitset free_units; /* a free-text section's key words */
	struct unitset heading;    /* every unit of the heading */
};

struct prose {
	const struct yk_form *form;
	struct form_result *r;
	struct prose_sec *ps;
	bool free_text;      /* fill free-text sections too (nothing else found) */
	size_t n_option_sections;
};

static int
prose_keys(struct prose *pr, const char *title)
{
	const struct yk_form *f = pr->form;
	struct unitset *all = calloc(f->n_sections, sizeof *all);
	struct unitset t = { .n = 0 };
	int rc = 0;

	if (!all)
		return YK_ENOMEM;
	if (title)
		rc = units_of(title, &t);
	for (size_t s = 0; s < f->n_sections && !rc; s++) {
		const struct yk_section *sec = &f->sections[s];
		struct prose_sec *ps = &pr->ps[s];

		rc = units_of(sec->heading, &ps->heading);
		all[s] = ps->heading;
		if (sec->n_options == 0 || rc)
			continue;
		ps->opt = calloc(sec->n_options, sizeof *ps->opt);
		if (!ps->opt) {
			rc = YK_ENOMEM;
			break;
		}
		for (size_t o = 0; o < sec->n_options && o < CONFIG_MAX_OPTIONS && !rc; o++) {
			rc = units_of(sec->options[o].text, &ps->opt[o]);
			for (size_t i = 0; i < ps->opt[o].n; i++)
				unit_add(&all[s], ps->opt[o].u[i], strlen(ps->opt[o].u[i]));
		}
		/* an option is told from the others by its own words */
		for (size_t o = 0; o < sec->n_options && o < CONFIG_MAX_OPTIONS && !rc; o++) {
			struct unitset others = { .n = 0 };

			for (size_t q = 0; q < sec->n_options && q < CONFIG_MAX_OPTIONS; q++)
				for (size_t i = 0; q != o && i < ps->opt[q].n; i++)
					unit_add(&others, ps->opt[q].u[i], strlen(ps->opt[q].u[i]));
			units_minus(&ps->opt[o], &others);
		}
	}
	for (size_t s = 0; s < f->n_sections && !rc; s++) {
		struct prose_sec *ps = &pr->ps[s];

		if (f->sections[s].n_options > 0)
			continue;
		ps->free_units = ps->heading;
		for (size_t q = 0; q < f->n_sections; q++)
			if (q != s)
				units_minus(&ps->free_units, &all[q]);
		units_minus(&ps->free_units, &t);
	}
	free(all);
	return rc;
}

static void
add_text(struct prose_sec *ps, const char *s)
{
	if (ps->text.len)
		buf_addc(&ps->text, '\n');
	buf_adds(&ps->text, s);
}

/* "phương án 2", "phương án số 1", "phương án thứ hai": the number (from
 * 1), 0 when none; *at gets the word number of "phuong". */
static unsigned
option_number(const char *key, size_t *at)
{
	static const char *const numbers[] = { "mot", "hai", "ba", "bon", "nam" };
	const char *p;

	if (!find_words(key, "phuong an", at) || !(p = word_at(key, *at + 2)))
		return 0;
	if (word_is(p, "so") || word_is(p, "thu")) {
		bool nhat = word_is(p, "thu") && word_is(p + 4, "nhat");

		p = word_at(p, 1);
		if (nhat)
			return 1;
		if (!p)
			return 0;
	}
	if (p[0] >= '1' && p[0] <= '9' && (p[1] == ' ' || p[1] == '\0'))
		return (unsigned)(p[0] - '0');
	for (size_t i = 0; i < sizeof numbers / sizeof *numbers; i++)
		if (word_is(p, numbers[i]))
			return (unsigned)i + 1;
	return 0;
}

/* Does the sentence name an option of section S?  Records it. */
static bool
options_named(struct prose *pr, size_t s, const struct sentence *st)
{
	const struct yk_section *sec = &pr->form->sections[s];
	struct prose_sec *ps = &pr->ps[s];
	bool any = false, cond = find_words(st->key, "neu", NULL), cue = false;
	uint32_t full = 0, part = 0, neg = 0;
	bool near_neg = false;

	for (size_t i = 0; i < sizeof cues / sizeof *cues && !cue; i++)
		cue = find_words(st->key, cues[i], NULL);
	for (size_t o = 0; o < sec->n_options && o < CONFIG_MAX_OPTIONS; o++) {
		const struct unitset *u = &ps->opt[o];
		size_t hits;
		bool lead, n;

		if (u->n == 0)
			continue;
		hits = units_found(u, st->key, &lead, &n);
		/* a paraphrase: half of the words or more, with the option's
		 * own first word ("tiếp tục", "hình thức"), or together as in
		 * the option after a proposal's verb ("đề nghị tổ chức Hội
		 * thi định kỳ") */
		if (hits == u->n)
			full |= 1u << o;
		else if (hits >= 2 && 2 * hits >= u->n && (lead || (cue && run_found(u, st->key))))
			part |= 1u << o;
		else {
			/* too few words to name it, but negated ("Hội thi không
			 * nên tổ chức …"): what else is chosen here is unsure */
			near_neg |= n && hits >= 2;
			continue;
		}
		if (n)
			neg |= 1u << o;
	}
	if (!(full | part) && pr->n_option_sections == 1) {
		/* "chọn phương án 2": by its number, unsure */
		size_t at;
		unsigned k = option_number(st->key, &at);

		if (k >= 1 && k <= sec->n_options && k <= CONFIG_MAX_OPTIONS) {
			part |= 1u << (k - 1);
			if (negated(st->key, at))
				neg |= 1u << (k - 1);
		}
	}
	/* an option named whole outweighs another's words in the same
	 * sentence ("thay Hội thi bằng hình thức tuyên truyền khác") */
	if (full & ~neg)
		part &= neg;
	for (size_t o = 0; o < sec->n_options && o < CONFIG_MAX_OPTIONS; o++) {
		uint32_t bit = 1u << o;

		if (!((full | part) & bit))
			continue;
		any = true;
		ps->named = true;
		if (neg & bit) {
			ps->negation = true;
			continue;
		}
		ps->choices |= bit;
		if (full & bit)
			ps->sure |= bit;
		ps->condition |= cond;
		ps->negation |= near_neg;
	}
	if (any)
		add_text(ps, st->text);
	return any;
}

/* "Không có ý kiến khác", "không có ý kiến đề xuất khác": the free-text
 * section whose heading shares most words with what follows is answered
 * with nothing.  Returns whether the sentence said so. */
static bool
empty_answer(struct prose *pr, const struct sentence *st)
{
	size_t at = 0, best_hits = 0;
	long best = -1;
	const char *rest;
	bool opinion = false;

	if (!(find_words(st->key, "khong co", &at) || find_words(st->key, "chua co", &at) ||
	      find_words(st->key, "khong con", &at)))
		return false;
	for (size_t w = at + 2; w <= at + 1 + PROSE_EMPTY_WINDOW && !opinion; w++) {
		const char *p = word_at(st->key, w);

		opinion = p && in_list(p, opinion_words, sizeof opinion_words / sizeof *opinion_words);
	}
	rest = word_at(st->key, at + 2);
	if (!opinion || !rest)
		return false;
	for (size_t s = 0; s < pr->form->n_sections; s++) {
		const char *h = pr->form->sections[s].heading;
		char *hk;
		size_t hits = 0;

		if (pr->form->sections[s].n_options > 0 || pr->r->sec[s].how != FORM_NOT_FOUND || !h)
			continue;
		/* every word of the heading, the asking words too ("ý kiến") */
		hk = text_key(h, strlen(h), NULL);
		if (!hk)
			return false;
		for (const char *p = hk; *p;) {
			size_t wl = strcspn(p, " ");
			char w[PROSE_UNIT_MAX];

			if (wl < sizeof w) {
				memcpy(w, p, wl);
				w[wl] = '\0';
				hits += find_words(rest, w, NULL);
			}
			p += wl;
			p += *p == ' ';
		}
		free(hk);
		/* ties go to the later section: "ý kiến khác" is asked last */
		if (hits > 0 && hits >= best_hits) {
			best_hits = hits;
			best = (long)s;
		}
	}
	if (best < 0)
		return false;
	pr->ps[best].empty = true;
	return true;
}

/* A comment on a free-text section: the sentence holds one of its key
 * words (all of them, and two or more, in a sentence that named an
 * option); the section with most of them takes it.  Returns that section,
 * or -1. */
static long
free_text(struct prose *pr, const struct sentence *st, bool named)
{
	long best = -1;
	size_t best_hits = 0;

	for (size_t s = 0; s < pr->form->n_sections; s++) {
		const struct unitset *u = &pr->ps[s].free_units;
		size_t hits;
		bool lead;

		if (pr->form->sections[s].n_options > 0 || pr->r->sec[s].how != FORM_NOT_FOUND ||
		    u->n == 0)
			continue;
		hits = units_found(u, st->key, &lead, NULL);
		if (named ? hits < 2 || hits < u->n : hits == 0)
			continue;
		if (hits > best_hits) {
			best_hits = hits;
			best = (long)s;
		}
	}
	if (best >= 0)
		add_text(&pr->ps[best], st->text);
	return best;
}

/* The review reason of a section read from prose, NULL when sure. */
static const char *
doubt(const struct prose_sec *ps)
{
	uint32_t c = ps->choices;

	if (ps->condition)
		return FORM_PROSE_CONDITION;
	if (ps->negation)
		return FORM_PROSE_NEGATION;
	/* several options each named in full ("vừa tiếp tục tổ chức Hội
	 * thi, vừa bổ sung hình thức tuyên truyền khác") is a sure answer:
	 * a form may have both ticked */
	if ((c & (c - 1)) && (ps->sure & c) != c)
		return FORM_PROSE_SEVERAL;
	if (!(ps->sure & c))
		return FORM_PROSE_UNSURE;
	return NULL;
}

static int
prose_walk(struct prose *pr, const struct sentence *st, size_t n)
{
	const struct yk_form *f = pr->form;
	long open = -1;      /* the section the next sentences run on in */
	size_t open_para = 0;

	for (size_t i = 0; i < n; i++) {
		bool named = false;
		long took;

		if (st[i].question) {
			open = -1;
			continue;
		}
		for (size_t s = 0; s < f->n_sections && !st[i].cites; s++) {
			if (f->sections[s].n_options == 0 || pr->r->sec[s].how != FORM_NOT_FOUND)
				continue;
			if (options_named(pr, s, &st[i])) {
				named = true;
				open = (long)s;
				open_para = st[i].para;
			}
		}
		if (named) {
			/* "…tiếp tục tổ chức Hội thi, không có ý kiến khác." */
			if (pr->free_text && !empty_answer(pr, &st[i]) && !st[i].cites)
				free_text(pr, &st[i], true);
			continue;
		}
		if (pr->free_text && empty_answer(pr, &st[i])) {
			open = -1;
			continue;
		}
		if (st[i].cites) {
			open = -1;
			continue;
		}
		if (pr->free_text && (took = free_text(pr, &st[i], false)) >= 0) {
			open = took;
			open_para = st[i].para;
			continue;
		}
		/* "…, cụ thể: tổ chức cuộc thi trực tuyến" runs on, and so does
		 * the rest of a comment's paragraph */
		if (open >= 0 && st[i].para == open_para)
			add_text(&pr->ps[open], st[i].text);
		else
			open = -1;
	}
	return 0;
}

/*
 * Can the text name an option at all: does it hold a word of three letters
 * or more of an option's text (folded, as the configuration keeps it), or
 * "phương án"?  A cheap test before the option's key words are made; 1,
 * 0, or -1 out of memory.  A form built by hand has no keys: then yes.
 */
static int
mentions_an_option(const struct yk_form *form, const char *text, size_t len)
{
	char *tk = NULL;
	int hit = 0;

	for (size_t s = 0; s < form->n_sections && !hit; s++) {
		for (size_t o = 0; o < form->sections[s].n_options && !hit; o++) {
			const char *k = form->sections[s].options[o].key;

			if (!k)
				hit = 1;
			else if (!tk && !(tk = text_key(text, len, NULL)))
				return -1;
			for (const char *p = k; !hit && p && *p;) {
				size_t wl = strcspn(p, " ");
				char w[PROSE_UNIT_MAX];

				if (wl >= 3 && wl < sizeof w) {
					memcpy(w, p, wl);
					w[wl] = '\0';
					hit = text_key_find(tk, w) != 0;
				}
				p += wl;
				p += *p == ' ';
			}
		}
	}
	if (!hit && tk)
		hit = text_key_find(tk, "phuong an") != 0;
	free(tk);
	return hit;
}

int
form_prose_fill(const struct yk_form *form, const char *title, const char *text, size_t len,
                struct form_result *r)
{
	struct prose pr = { 0 };
	struct sentence *st = NULL;
	size_t n = 0;
	bool open_options = false, open_free = false, named = false;
	int rc = 0;

	if (!form || !text || !r->sec || r->n != form->n_sections)
		return 0;
	/* Free-text sections too unless the form's own headings or numbers
	 * were found: an option's wording opening a line ("Đề nghị tiếp tục
	 * tổ chức Hội thi …", FORM_BY_OPTION) is prose as well, and names
	 * the option. */
	pr.free_text = true;
	for (size_t s = 0; s < r->n; s++) {
		bool opts = form->sections[s].n_options > 0;

		if (r->sec[s].how == FORM_BY_HEADING || r->sec[s].how == FORM_BY_NUMBER)
			pr.free_text = false;
		open_options |= opts && r->sec[s].how == FORM_NOT_FOUND;
		named |= opts && r->sec[s].how == FORM_BY_OPTION;
		open_free |= !opts && r->sec[s].how == FORM_NOT_FOUND;
	}
	if (!open_options && !(pr.free_text && named && open_free))
		return 0;
	if (len > PROSE_MAX_BYTES) {
		/* cut at a character's start */
		len = PROSE_MAX_BYTES;
		while (len > 0 && ((unsigned char)text[len] & 0xc0) == 0x80)
			len--;
	}
	if ((rc = mentions_an_option(form, text, len)) <= 0)
		return rc < 0 ? YK_ENOMEM : 0;
	rc = 0;
	pr.form = form;
	pr.r = r;
	for (size_t s = 0; s < form->n_sections; s++)
		pr.n_option_sections += form->sections[s].n_options > 0;
	pr.ps = calloc(form->n_sections, sizeof *pr.ps);
	if (!pr.ps)
		return YK_ENOMEM;
	for (size_t s = 0; s < form->n_sections; s++)
		buf_init(&pr.ps[s].text, FORM_MAX_TEXT);
	rc = prose_keys(&pr, title);
	if (!rc)
		rc = split(text, len, &st, &n);
	if (!rc)
		rc = prose_walk(&pr, st, n);
	for (size_t s = 0; s < form->n_sections; s++)
		named |= pr.ps[s].named;
	for (size_t s = 0; !rc && named && s < form->n_sections; s++) {
		struct prose_sec *ps = &pr.ps[s];
		struct form_section_answer *a = &r->sec[s];
		bool opts = form->sections[s].n_options > 0;

		if (a->how != FORM_NOT_FOUND || (opts ? !ps->named : !ps->text.len && !ps->empty))
			continue;
		if (buf_status(&ps->text) == YK_ENOMEM) {
			rc = YK_ENOMEM;
			break;
		}
		a->how = FORM_BY_PROSE;
		if (ps->text.len && !(a->text = buf_take(&ps->text)))
			rc = YK_ENOMEM;
		if (opts) {
			a->choices = ps->choices;
			a->unsure = doubt(ps);
		}
		r->n_found++;
		if (a->text || a->choices)
			r->blank = false;
	}
	if (!rc && named && r->n_found > 0) {
		bool blank = true;

		for (size_t s = 0; s < r->n; s++)
			if (r->sec[s].how != FORM_NOT_FOUND && (r->sec[s].text || r->sec[s].choices))
				blank = false;
		r->blank = blank;
	}
	for (size_t s = 0; s < form->n_sections; s++) {
		buf_free(&pr.ps[s].text);
		free(pr.ps[s].opt);
	}
	free(pr.ps);
	sentences_free(st, n);
	return rc;
}
