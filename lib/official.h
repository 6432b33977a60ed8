/*
 * official — the frame of an administrative document as Nghị định
 * 30/2020/NĐ-CP, Phụ lục I, draws it, on lib/docx: the header table (cơ
 * quan chủ quản, cơ quan ban hành with its short rule, "Số: …/BC-SNV", the
 * Quốc hiệu and Tiêu ngữ with its rule, "<địa danh>, ngày … tháng … năm
 * …"), the title of a báo cáo, "Kính gửi", the body's headings and
 * paragraphs, and the closing table ("Nơi nhận:" and the signer).
 *
 * Every word that belongs to one office comes from the configuration's
 * office group (struct yk_office); a field not configured leaves a dotted
 * placeholder "……" for the office to fill in.  The number and the date are
 * always left blank: they are given when the paper is signed.  Errors are
 * docx's, reported by docx_finish(); nothing here allocates what outlives
 * a call.
 */
#ifndef YK_OFFICIAL_H
#define YK_OFFICIAL_H

#include <stddef.h>

#include "config.h"
#include "docx.h"

/* What the office fills in by hand. */
#define OFFICIAL_DOTS "……"
/* Bytes of one office field or line of a list used (longer is cut at a
 * character boundary: a header line is never that long). */
#define OFFICIAL_MAX_FIELD 1024

/* The body's size in points (Nghị định 30: 13 to 14). */
#define OFFICIAL_BODY_PT 14

enum official_kind {
	OFFICIAL_REPORT,  /* báo cáo: "Số: /BC-SNV", then a title "BÁO CÁO" */
	OFFICIAL_LETTER,  /* công văn: "Số: /SNV", "V/v …" under it */
};

/* The header table.  VV: a công văn's trích yếu without "V/v" (NULL or
 * "": dots). */
void official_header(struct docx *d, const struct yk_office *o, enum official_kind kind,
                     const char *vv);
/* A báo cáo's title: "BÁO CÁO", the trích yếu under it, a short rule. */
void official_title(struct docx *d, const char *kind_word, const char *about);
/* "Kính gửi: X." for one addressee, else "Kính gửi:" and a line "- X;"
 * each (the last ends with "."); none: dots. */
void official_kinh_gui(struct docx *d, const char *const *to, size_t n);
/* A heading of the body ("I. TÌNH HÌNH …"), bold. */
void official_heading(struct docx *d, const char *text);
/* A body paragraph: justified, first-line indent 1.27 cm, 6 pt after. */
void official_para(struct docx *d, const char *text);
/* A body paragraph that begins with LEAD in bold and goes on in plain. */
void official_para_lead(struct docx *d, const char *lead, const char *text);
/* A quotation of an agency's words: its name in bold, its words in
 * italics between quotation marks. */
void official_quote(struct docx *d, const char *who, const char *words);
/* The closing table: "Nơi nhận:" with EXTRA (the addressees: "Như trên",
 * or the units written to) then the office's recipients (one equal to an
 * entry of EXTRA left out; none: "Lưu: VT, ……"), and the signer block. */
void official_closing(struct docx *d, const struct yk_office *o, const char *const *extra,
                      size_t n_extra);

/* S, or OFFICIAL_DOTS when S is NULL or empty. */
const char *official_or_dots(const char *s);
/* S in capitals (Vietnamese letters too) into OUT of SIZE bytes; cut at a
 * character boundary when longer. */
void official_upper(const char *s, char *out, size_t size);

#endif
