/*
 * official — see official.h.  The sizes and styles are those of Phụ lục
 * I of Nghị định 30/2020/NĐ-CP (mẫu 1.4 for a báo cáo, 1.1 for a công
 * văn); the column widths fit the Quốc hiệu on one line in 12 pt.
 */
#include "official.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicase.h>
#include <uninorm.h>
#include <unistr.h>

/* The header's columns: 6.5 cm for the offices, the rest (9.5 cm) for the
 * Quốc hiệu; the closing table's halves. */
#define HEAD_LEFT 3686u
#define HEAD_RIGHT (DOCX_TEXT_W - HEAD_LEFT)
#define CLOSE_LEFT 4253u
#define CLOSE_RIGHT (DOCX_TEXT_W - CLOSE_LEFT)
/* 1.27 cm: the first-line indent of the body. */
#define BODY_INDENT 720u

const char *
official_or_dots(const char *s)
{
	return s && *s ? s : OFFICIAL_DOTS;
}

/* Cuts S (UTF-8) to fewer than SIZE bytes at a character boundary. */
static void
copy_cut(char *out, size_t size, const char *s, size_t n)
{
	if (n >= size) {
		n = size - 1;
		while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
			n--;
	}
	memcpy(out, s, n);
	out[n] = '\0';
}

/* A configured field, or dots, cut to OFFICIAL_MAX_FIELD. */
static void
field(char out[OFFICIAL_MAX_FIELD], const char *s)
{
	s = official_or_dots(s);
	copy_cut(out, OFFICIAL_MAX_FIELD, s, strlen(s));
}

void
official_upper(const char *s, char *out, size_t size)
{
	size_t n = strlen(s), ol = 0;
	uint8_t *r;

	if (!size)
		return;
	r = u8_toupper((const uint8_t *)s, n, NULL, UNINORM_NFC, NULL, &ol);
	if (!r) {
		copy_cut(out, size, s, n); /* out of memory: as written, still a header */
		return;
	}
	copy_cut(out, size, (const char *)r, ol);
	free(r);
}

/* A paragraph of the header: centred, no space after. */
static void
head_line(struct docx *d, const char *text, unsigned flags, unsigned pt)
{
	static const struct docx_para p = { .align = DOCX_CENTER, .no_after = true };

	docx_para(d, &p, text, flags, pt);
}

/* The short rule under a line of the header: WIDTH twips, centred in a
 * column of COL twips (a bottom border on an empty, thin paragraph). */
static void
head_rule(struct docx *d, unsigned col, unsigned width)
{
	/* the cell's own margins (108 each side) are not the paragraph's */
	unsigned inner = col > 216 ? col - 216 : col;
	unsigned side = inner > width ? (inner - width) / 2 : 0;
	struct docx_para p = { .align = DOCX_CENTER, .no_after = true, .rule = true,
		               .ind_left = side, .ind_right = side, .line_pt = 4 };

	docx_para(d, &p, NULL, 0, 0);
}

static void
upper_line(struct docx *d, const char *s, unsigned flags, unsigned pt)
{
	char up[OFFICIAL_MAX_FIELD];

	official_upper(s, up, sizeof up);
	head_line(d, up, flags, pt);
}

void
official_header(struct docx *d, const struct yk_office *o, enum official_kind kind,
                const char *vv)
{
	static const unsigned w[] = { HEAD_LEFT, HEAD_RIGHT };
	static const struct docx_para after_rule = { .align = DOCX_CENTER, .before = 120,
		                                     .no_after = true };
	char line[OFFICIAL_MAX_FIELD + 64], abbr[OFFICIAL_MAX_FIELD];

	field(abbr, o->abbreviation);

	docx_table_begin(d, w, 2, false);
	docx_row_begin(d, false);
	/* the offices: the parent (if any) plain, the issuing body bold */
	docx_cell_begin(d);
	if (o->parent_body && *o->parent_body)
		upper_line(d, o->parent_body, 0, 13);
	upper_line(d, official_or_dots(o->issuing_body), DOCX_BOLD, 13);
	head_rule(d, HEAD_LEFT, 1200);
	/* the number is given when the paper is signed: a blank before "/" */
	if (kind == OFFICIAL_REPORT)
		snprintf(line, sizeof line, "Số:        /BC-%s", abbr);
	else
		snprintf(line, sizeof line, "Số:        /%s", abbr);
	docx_para(d, &after_rule, line, 0, 13);
	if (kind == OFFICIAL_LETTER) {
		static const struct docx_para vvp = { .align = DOCX_CENTER, .before = 60,
			                              .no_after = true };
		char about[OFFICIAL_MAX_FIELD];
		field(about, vv);
		snprintf(line, sizeof line, "V/v %s", about);
		docx_para(d, &vvp, line, 0, 12);
	}
	docx_cell_end(d);
	/* the Quốc hiệu, the Tiêu ngữ with its rule, the place and date */
	docx_cell_begin(d);
	head_line(d, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", DOCX_BOLD, 12);
	head_line(d, "Độc lập - Tự do - Hạnh phúc", DOCX_BOLD, 13);
	head_rule(d, HEAD_RIGHT, 3300);
	{
		static const struct docx_para datep = { .align = DOCX_CENTER, .before = 120,
			                                .no_after = true };
		char place[OFFICIAL_MAX_FIELD];
		field(place, o->place);
		snprintf(line, sizeof line, "%s, ngày     tháng     năm 20   ", place);
		docx_para(d, &datep, line, DOCX_ITALIC, 14);
	}
	docx_cell_end(d);
	docx_row_end(d);
	docx_table_end(d);
}

void
official_title(struct docx *d, const char *kind_word, const char *about)
{
	static const struct docx_para first = { .align = DOCX_CENTER, .before = 360,
		                                .no_after = true, .keep_next = true };
	static const struct docx_para next = { .align = DOCX_CENTER, .no_after = true,
		                               .keep_next = true };

	docx_para(d, &first, kind_word, DOCX_BOLD, 14);
	docx_para(d, &next, official_or_dots(about), DOCX_BOLD, 14);
	head_rule(d, DOCX_TEXT_W, 1800);
}

void
official_kinh_gui(struct docx *d, const char *const *to, size_t n)
{
	static const struct docx_para one = { .align = DOCX_CENTER, .before = 240, .after = 240 };
	static const struct docx_para head = { .before = 240, .no_after = true,
		                               .ind_left = 1701 };
	static const struct docx_para item = { .no_after = true, .ind_left = 2835 };
	static const struct docx_para last = { .ind_left = 2835, .after = 240 };
	char line[OFFICIAL_MAX_FIELD + 8], name[OFFICIAL_MAX_FIELD];

	if (n <= 1) {
		field(name, n ? to[0] : NULL);
		docx_p_begin(d, &one);
		docx_run(d, "Kính gửi: ", 0, 14);
		snprintf(line, sizeof line, "%s.", name);
		docx_run(d, line, 0, 14);
		docx_p_end(d);
		return;
	}
	docx_para(d, &head, "Kính gửi:", 0, 14);
	for (size_t i = 0; i < n; i++) {
		field(name, to[i]);
		snprintf(line, sizeof line, "- %s%s", name, i + 1 < n ? ";" : ".");
		docx_para(d, i + 1 < n ? &item : &last, line, 0, 14);
	}
}

void
official_heading(struct docx *d, const char *text)
{
	static const struct docx_para p = { .align = DOCX_BOTH, .first_line = BODY_INDENT,
		                            .before = 120, .keep_next = true };

	docx_para(d, &p, text, DOCX_BOLD, 0);
}

void
official_para(struct docx *d, const char *text)
{
	static const struct docx_para p = { .align = DOCX_BOTH, .first_line = BODY_INDENT };

	docx_para(d, &p, text, 0, 0);
}

void
official_para_lead(struct docx *d, const char *lead, const char *text)
{
	static const struct docx_para p = { .align = DOCX_BOTH, .first_line = BODY_INDENT };

	docx_p_begin(d, &p);
	docx_run(d, lead, DOCX_BOLD, 0);
	docx_run(d, text, 0, 0);
	docx_p_end(d);
}

void
official_quote(struct docx *d, const char *who, const char *words)
{
	static const struct docx_para p = { .align = DOCX_BOTH, .first_line = BODY_INDENT };
	size_t n = strlen(words);
	/* the words' own full stop ends the sentence: no second one after */
	bool ended = n && strchr(".!?", words[n - 1]);

	docx_p_begin(d, &p);
	docx_run(d, "- ", 0, 0);
	docx_run(d, who, DOCX_BOLD, 0);
	docx_run(d, ": “", 0, 0);
	docx_run(d, words, DOCX_ITALIC, 0);
	docx_run(d, ended ? "”" : "”.", 0, 0);
	docx_p_end(d);
}

/* A line of "Nơi nhận" ("- X;", the last "- X."), 11 pt. */
static void
recipient(struct docx *d, const char *s, bool last)
{
	static const struct docx_para p = { .no_after = true };
	char line[OFFICIAL_MAX_FIELD + 8], name[OFFICIAL_MAX_FIELD];
	size_t n = strlen(s);

	/* a configured "Lưu: VT, CCHC." keeps one full stop */
	while (n && (s[n - 1] == ';' || s[n - 1] == '.' || s[n - 1] == ' '))
		n--;
	copy_cut(name, sizeof name, s, n);
	snprintf(line, sizeof line, "- %s%s", name, last ? "." : ";");
	docx_para(d, &p, line, 0, 11);
}

/* Is S (its final ';' or '.' aside) one of LIST? */
static bool
named(const char *const *list, size_t n, const char *s)
{
	size_t len = s ? strlen(s) : 0;

	while (len && (s[len - 1] == ';' || s[len - 1] == '.' || s[len - 1] == ' '))
		len--;
	for (size_t i = 0; i < n; i++)
		if (list[i] && strlen(list[i]) == len && !strncmp(list[i], s, len))
			return true;
	return false;
}

void
official_closing(struct docx *d, const struct yk_office *o, const char *const *extra,
                 size_t n_extra)
{
	static const unsigned w[] = { CLOSE_LEFT, CLOSE_RIGHT };
	static const struct docx_para label = { .no_after = true, .before = 240 };
	static const struct docx_para sign_first = { .align = DOCX_CENTER, .before = 240,
		                                     .no_after = true };
	static const struct docx_para sign = { .align = DOCX_CENTER, .no_after = true };
	static const struct docx_para gap = { .no_after = true, .before = 1440 };
	/* without configured recipients, the archive copy, its unit left for
	 * the office; a configured one the caller already named is not
	 * repeated ("Như trên") */
	bool dflt = !o->n_recipients;
	size_t total = n_extra + (dflt ? 1 : 0), k = 0;

	for (size_t i = 0; i < o->n_recipients; i++)
		if (!named(extra, n_extra, o->recipients[i]))
			total++;
	docx_table_begin(d, w, 2, false);
	docx_row_begin(d, false);
	docx_cell_begin(d);
	docx_para(d, &label, "Nơi nhận:", DOCX_BOLD | DOCX_ITALIC, 12);
	for (size_t i = 0; i < n_extra; i++)
		recipient(d, official_or_dots(extra[i]), ++k == total);
	for (size_t i = 0; i < o->n_recipients; i++)
		if (!named(extra, n_extra, o->recipients[i]))
			recipient(d, official_or_dots(o->recipients[i]), ++k == total);
	if (dflt)
		recipient(d, "Lưu: VT, " OFFICIAL_DOTS, ++k == total);
	docx_cell_end(d);
	docx_cell_begin(d);
	if (o->signer_authority && *o->signer_authority) {
		char up[OFFICIAL_MAX_FIELD];
		official_upper(o->signer_authority, up, sizeof up);
		docx_para(d, &sign_first, up, DOCX_BOLD, 14);
		official_upper(official_or_dots(o->signer_title), up, sizeof up);
		docx_para(d, &sign, up, DOCX_BOLD, 14);
	} else {
		char up[OFFICIAL_MAX_FIELD];
		official_upper(official_or_dots(o->signer_title), up, sizeof up);
		docx_para(d, &sign_first, up, DOCX_BOLD, 14);
	}
	/* room for the signature and the seal */
	docx_para(d, &gap, NULL, 0, 0);
	docx_para(d, &sign, official_or_dots(o->signer_name), DOCX_BOLD, 14);
	docx_cell_end(d);
	docx_row_end(d);
	docx_table_end(d);
}
