/*
 * report_docx — see report_docx.h.  The wording is that of a báo cáo and a
 * công văn đôn đốc of a Vietnamese provincial office; every word that
 * belongs to one office (its name, place, signer, Nơi nhận) comes from
 * cfg->office through lib/official.
 */
#include "report_docx.h"
#include "report.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "docx.h"
#include "json.h"
#include "official.h"
#include "plan.h"
#include "text.h"

/* Bytes of a sentence said with say() (names and the trích yếu included). */
#define RD_SENTENCE ((size_t)16384)
/* Bytes of one sentence built here (names and the trích yếu included). */
#define RD_LINE 4096
/* Bytes of the list of units not replied in part I (500 units of 100
 * bytes each). */
#define RD_NAMES_MAX ((size_t)50000)
/* Groups told apart in section I (a province has a handful). */
#define RD_MAX_GROUPS 64

/* The document being built and the summary it is built from. */
struct rd {
	const struct summary *s;
	const struct yk_config *cfg;
	const struct yk_campaign *cp;
	const struct yk_office *o;
	struct docx *d;
	const char *groups[RD_MAX_GROUPS]; /* NULL: agencies of no group */
	size_t n_groups;
	bool overflow;                     /* more groups than RD_MAX_GROUPS: one list */
};

/* "15/01/2024" of T in Viet Nam time ("" when unknown). */
static void
vn_date(time_t t, char out[16])
{
	struct tm tm;

	if (!t || !plan_local_tm(t, &tm) || !strftime(out, 16, "%d/%m/%Y", &tm))
		snprintf(out, 16, "%s", OFFICIAL_DOTS);
}

/* "17 giờ 00 ngày 31/01/2024": the one time style of the documents. */
static void
vn_time(time_t t, char out[48])
{
	struct tm tm;

	if (!t || !plan_local_tm(t, &tm) || !strftime(out, 48, "%H giờ %M ngày %d/%m/%Y", &tm))
		out[0] = '\0';
}

/* The campaign's deadline as a công văn says it: "chậm nhất ngày
 * 31/01/2024" for a day, "trước 17 giờ 00 ngày 31/01/2024" for a time. */
static void
deadline_phrase(const struct yk_campaign *cp, char out[64])
{
	char day[16], when[48];

	if (cp->deadline_is_day) {
		vn_date(cp->deadline, day);
		snprintf(out, 64, "chậm nhất ngày %s", day);
	} else {
		vn_time(cp->deadline, when);
		snprintf(out, 64, "trước %s", when[0] ? when : OFFICIAL_DOTS);
	}
}

static void
vn_time_iso(const char *iso, char out[48])
{
	time_t t;

	out[0] = '\0';
	if (iso && isotime_parse(iso, &t) == 0)
		vn_time(t, out);
}

/* The body that sent the letter: the parent body when there is one (the
 * UBND tỉnh writes; its department collects), else the issuing body. */
static const char *
letter_issuer(const struct yk_office *o)
{
	return official_or_dots(o->parent_body && *o->parent_body ? o->parent_body
	                                                           : o->issuing_body);
}

/* The campaign's trích yếu: its 'about', else its title, without a
 * leading "V/v" or "về việc" (the sentence says "về việc" itself). */
static const char *
about_of(const struct yk_campaign *cp)
{
	const char *a = cp->about && *cp->about ? cp->about : cp->title;

	if (!a || !*a)
		return OFFICIAL_DOTS;
	if (!strncmp(a, "V/v ", 4))
		a += 4;
	else if (!strncmp(a, "về việc ", strlen("về việc ")))
		a += strlen("về việc ");
	return a;
}

/* "Công văn số 118/UBND-TH ngày 15/01/2024 của UBND tỉnh … về việc …" */
static void
cite_letter(const struct rd *r, char *out, size_t size)
{
	char day[16];

	vn_date(r->cp->sent, day);
	snprintf(out, size, "Công văn số %s ngày %s của %s về việc %s",
	         official_or_dots(r->cp->reference), day, letter_issuer(r->o), about_of(r->cp));
}

static int
rd_begin(struct rd *r, const struct summary *s, struct yk_err *err)
{
	memset(r, 0, sizeof *r);
	r->s = s;
	r->cfg = s->cfg;
	r->cp = s->cp;
	r->o = &s->cfg->office;
	if (docx_new(OFFICIAL_BODY_PT, &r->d, err))
		return err->code;
	/* the groups in order of first appearance, no group last */
	for (size_t i = 0; i < s->n_rows; i++) {
		const char *g = s->rows[i].agency->group;
		size_t k;
		for (k = 0; k < r->n_groups; k++)
			if ((!g && !r->groups[k]) || (g && r->groups[k] && !strcmp(g, r->groups[k])))
				break;
		if (k < r->n_groups)
			continue;
		if (r->n_groups == RD_MAX_GROUPS) {
			r->overflow = true;
			continue;
		}
		r->groups[r->n_groups++] = g;
	}
	return 0;
}

static bool
in_group(const struct rd *r, const struct summary_row *row, size_t k)
{
	const char *g = row->agency->group, *want = r->groups[k];

	return (!g && !want) || (g && want && !strcmp(g, want));
}

static const char *
group_name(const struct rd *r, size_t k)
{
	return r->groups[k] ? r->groups[k] : "Các cơ quan, đơn vị khác";
}

/* A section the agencies write their proposals in (its heading says "đề
 * xuất" or "kiến nghị"): its answers go to part III. */
static bool
is_proposal(const struct yk_section *sec)
{
	char *key = sec->key ? NULL : text_key(sec->heading, strlen(sec->heading), NULL);
	const char *k = sec->key ? sec->key : key;
	bool yes = k && (text_key_find(k, "de xuat") || text_key_find(k, "kien nghi"));

	free(key);
	return yes;
}

/* An answer that says nothing ("Không.", "Không có ý kiến", dots). */
static bool
says_nothing(const char *t)
{
	char *key;
	bool nothing;

	if (!t || text_is_filler(t, strlen(t)))
		return true;
	if (!(key = text_key(t, strlen(t), NULL)))
		return false;
	nothing = !*key || !strcmp(key, "khong") || !strcmp(key, "khong co") ||
	          !strcmp(key, "khong co y kien") || !strcmp(key, "khong co y kien khac") ||
	          !strcmp(key, "khong co de xuat") || !strcmp(key, "khong co kien nghi");
	free(key);
	return nothing;
}

/* A body paragraph of a sentence built from FMT: a sentence that does not
 * fit RD_SENTENCE fails the document rather than being cut. */
static void say(struct docx *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void
say(struct docx *d, const char *fmt, ...)
{
	struct buf b;
	va_list ap;

	buf_init(&b, RD_SENTENCE);
	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	if (buf_status(&b))
		docx_fail(d, buf_status(&b), "a sentence of the document too long");
	else
		official_para(d, b.data);
	buf_free(&b);
}

/* ---- the báo cáo ------------------------------------------------------ */

static void
part_situation(struct rd *r)
{
	const struct summary_totals *t = &r->s->t;
	char line[RD_LINE], pct[32], deadline[64];
	struct buf b;

	official_heading(r->d, "I. TÌNH HÌNH TIẾP NHẬN Ý KIẾN");
	deadline_phrase(r->cp, deadline);
	snprintf(line, sizeof line,
	         "%s đã lấy ý kiến %zu cơ quan, đơn vị; thời hạn gửi ý kiến %s. "
	         "Kết quả tiếp nhận như sau:",
	         official_or_dots(r->o->issuing_body), t->asked, deadline);
	official_para(r->d, line);
	buf_init(&b, 64);
	summary_fmt_percent(&b, summary_permille(t->replied, t->asked), ',');
	snprintf(pct, sizeof pct, "%s", b.data ? b.data : "");
	buf_free(&b);
	say(r->d, "- Số cơ quan, đơn vị đã gửi ý kiến: %zu/%zu (đạt %s), "
	    "trong đó đúng hạn: %zu, trễ hạn: %zu.", t->replied, t->asked, pct, t->on_time,
	    t->late);
	snprintf(line, sizeof line, "- Số cơ quan, đơn vị chưa gửi ý kiến: %zu%s", t->missing,
	         t->missing ? ", gồm:" : ".");
	if (t->missing) {
		struct buf names;
		bool first = true;
		buf_init(&names, RD_NAMES_MAX);
		buf_adds(&names, line);
		for (size_t i = 0; i < r->s->n_rows; i++) {
			if (r->s->rows[i].replied)
				continue;
			buf_printf(&names, "%s %s", first ? "" : ",", r->s->rows[i].agency->name);
			first = false;
		}
		buf_addc(&names, '.');
		/* a list cut short would name fewer units than it counts */
		if (buf_status(&names))
			docx_fail(r->d, buf_status(&names), "báo cáo: the list of units not replied "
			          "is too long");
		else
			official_para(r->d, names.data);
		buf_free(&names);
	} else {
		official_para(r->d, line);
	}
	if (r->n_groups < 2 || r->overflow)
		return;
	official_para(r->d, "- Theo từng khối:");
	for (size_t k = 0; k < r->n_groups; k++) {
		size_t asked = 0, on_time = 0, late = 0, replied = 0;
		for (size_t i = 0; i < r->s->n_rows; i++) {
			const struct summary_row *row = &r->s->rows[i];
			if (!in_group(r, row, k))
				continue;
			asked++;
			if (row->replied) {
				replied++;
				if (row->late)
					late++;
				else
					on_time++;
			}
		}
		say(r->d, "+ %s: %zu/%zu đơn vị đã gửi ý kiến (đúng hạn: %zu, trễ "
		    "hạn: %zu), chưa gửi: %zu.", group_name(r, k), replied, asked, on_time, late,
		    asked - replied);
	}
}

/* The tally of a choice section as a table: option, units, share. */
static void
tally_table(struct rd *r, size_t si)
{
	const struct yk_section *sec = &r->cp->form->sections[si];
	size_t counts[CONFIG_MAX_OPTIONS] = { 0 }, none = 0, base;
	unsigned w[3] = { 0, 1700, 1500 };
	const char *head[3] = { "Phương án", "Số đơn vị", "Tỷ lệ" };
	char n[32], pct[32];
	struct buf b;

	base = summary_tally(r->s, si, counts, &none);
	w[0] = DOCX_TEXT_W - w[1] - w[2];
	docx_table_begin(r->d, w, 3, true);
	docx_row_texts(r->d, head, 3, DOCX_BOLD, 13, true);
	buf_init(&b, 64);
	for (size_t i = 0; i <= sec->n_options && i <= CONFIG_MAX_OPTIONS; i++) {
		size_t c = i < sec->n_options ? counts[i] : none;
		const char *cell[3];
		if (i == sec->n_options && !none)
			break;
		buf_reset(&b);
		summary_fmt_percent(&b, summary_permille(c, base), ',');
		snprintf(n, sizeof n, "%zu/%zu", c, base);
		snprintf(pct, sizeof pct, "%s", b.data ? b.data : "");
		cell[0] = i < sec->n_options ? sec->options[i].text : "Không chọn phương án nào";
		cell[1] = n;
		cell[2] = pct;
		docx_row_texts(r->d, cell, 3, 0, 13, false);
	}
	buf_free(&b);
	docx_table_end(r->d);
	{
		/* under the table, apart from it, in italics: a note, not a finding */
		static const struct docx_para note = { .align = DOCX_BOTH, .first_line = 720,
			                               .before = 80 };
		docx_para(r->d, &note, sec->n_options > 1
		          ? "(Tỷ lệ tính trên số cơ quan, đơn vị đã gửi ý kiến; một đơn vị có thể "
		            "chọn nhiều phương án.)"
		          : "(Tỷ lệ tính trên số cơ quan, đơn vị đã gửi ý kiến.)", DOCX_ITALIC, 0);
	}
}

/* What the agencies wrote in section SI, by group, each quoted with its
 * name; returns how many were quoted. */
static size_t
quotes(struct rd *r, size_t si)
{
	size_t quoted = 0;

	for (size_t k = 0; k < (r->overflow ? 1 : r->n_groups); k++) {
		bool head = false;
		for (size_t i = 0; i < r->s->n_rows; i++) {
			const struct summary_row *row = &r->s->rows[i];
			const char *t;
			if (!row->replied || !row->answers || (!r->overflow && !in_group(r, row, k)))
				continue;
			t = row->answers[si].text;
			if (says_nothing(t))
				continue;
			if (!head && !r->overflow && r->n_groups > 1) {
				char line[RD_LINE];
				snprintf(line, sizeof line, "%s:", group_name(r, k));
				official_para_lead(r->d, line, "");
				head = true;
			}
			official_quote(r->d, row->agency->name, t);
			quoted++;
		}
	}
	return quoted;
}

static void
part_results(struct rd *r)
{
	const struct yk_form *f = r->cp->form;
	char line[RD_LINE];
	unsigned n = 0;

	official_heading(r->d, "II. KẾT QUẢ TỔNG HỢP Ý KIẾN");
	for (size_t si = 0; f && si < f->n_sections; si++) {
		const struct yk_section *sec = &f->sections[si];
		if (is_proposal(sec))
			continue;
		snprintf(line, sizeof line, "%u. %s", ++n, sec->heading);
		official_heading(r->d, line);
		if (sec->n_options)
			tally_table(r, si);
		if (!quotes(r, si) && !sec->n_options)
			official_para(r->d, "Không có cơ quan, đơn vị nào nêu ý kiến.");
	}
	if (!n)
		official_para(r->d, OFFICIAL_DOTS);
}

static void
part_proposals(struct rd *r)
{
	const struct yk_form *f = r->cp->form;
	size_t quoted = 0;

	official_heading(r->d, "III. ĐỀ XUẤT, KIẾN NGHỊ");
	/* the office's own proposals: its words, not ours */
	official_para(r->d, OFFICIAL_DOTS);
	for (size_t si = 0; f && si < f->n_sections; si++) {
		if (!is_proposal(&f->sections[si]))
			continue;
		if (!quoted)
			official_para(r->d, "Đề xuất, kiến nghị của các cơ quan, đơn vị:");
		quoted += quotes(r, si) + 1;
	}
}

/* The Phụ lục: one row per agency asked. */
static void
appendix(struct rd *r)
{
	static const struct docx_para centre = { .align = DOCX_CENTER, .no_after = true };
	const struct yk_form *f = r->cp->form;
	size_t choice_cols = 0, n_cols;
	unsigned w[DOCX_MAX_COLS];
	const char *head[DOCX_MAX_COLS];
	char line[RD_LINE];
	bool landscape;
	struct buf cw[DOCX_MAX_COLS]; /* a row's choices, in the form's words */

	for (size_t k = 0; k < DOCX_MAX_COLS; k++)
		buf_init(&cw[k], RD_SENTENCE);
	for (size_t si = 0; f && si < f->n_sections; si++)
		if (f->sections[si].n_options && choice_cols < DOCX_MAX_COLS - 6)
			choice_cols++;
	n_cols = 5 + choice_cols;
	landscape = n_cols > 5;
	docx_section(r->d, landscape);
	docx_para(r->d, &centre, "Phụ lục", DOCX_BOLD, 14);
	docx_para(r->d, &centre, "DANH SÁCH CƠ QUAN, ĐƠN VỊ VÀ Ý KIẾN ĐÃ GỬI", DOCX_BOLD, 14);
	snprintf(line, sizeof line, "(Kèm theo Báo cáo số      /BC-%s ngày     tháng     năm 20    "
	         "của %s)", official_or_dots(r->o->abbreviation), official_or_dots(r->o->issuing_body));
	{
		static const struct docx_para p = { .align = DOCX_CENTER, .after = 240 };
		docx_para(r->d, &p, line, DOCX_ITALIC, 14);
	}
	{
		unsigned tw = docx_text_width(r->d), fixed;
		size_t c = 0;
		w[c] = 720; head[c++] = "STT";
		w[c] = 3000; head[c++] = "Cơ quan, đơn vị";
		w[c] = 1500; head[c++] = "Tình trạng";
		w[c] = 1900; head[c++] = "Thời gian nhận";
		fixed = 720 + 3000 + 1500 + 1900;
		for (size_t si = 0; f && si < f->n_sections && c < 4 + choice_cols; si++)
			if (f->sections[si].n_options) {
				head[c] = f->sections[si].heading;
				w[c++] = 0;
			}
		head[c] = "Ghi chú";
		w[c++] = 0;
		/* the rest shared by the choices and the remarks */
		for (size_t i = 4; i < c; i++)
			w[i] = tw > fixed + 1000 * (unsigned)(c - 4) ? (tw - fixed) / (unsigned)(c - 4) : 1000;
		docx_table_begin(r->d, w, n_cols, true);
		docx_row_texts(r->d, head, n_cols, DOCX_BOLD, 12, true);
	}
	for (size_t i = 0; i < r->s->n_rows; i++) {
		const struct summary_row *row = &r->s->rows[i];
		char stt[24], when[48], note[RD_LINE];
		const char *cell[DOCX_MAX_COLS];
		size_t c = 0, k = 0;
		size_t no = 0;

		snprintf(stt, sizeof stt, "%zu", i + 1);
		vn_time_iso(row->replied ? row->received_at : NULL, when);
		cell[c++] = stt;
		cell[c++] = row->agency->name;
		cell[c++] = !row->replied ? "Chưa gửi" : row->late ? "Trễ hạn" : "Đúng hạn";
		cell[c++] = when;
		for (size_t si = 0; f && si < f->n_sections && k < choice_cols; si++) {
			if (!f->sections[si].n_options)
				continue;
			buf_reset(&cw[k]);
			if (row->replied && row->answers)
				report_choice_words(&f->sections[si], row->answers[si].choices, "",
				                    &cw[k]);
			cell[c++] = cw[k].data && !buf_status(&cw[k]) ? cw[k].data : "";
			k++;
		}
		note[0] = '\0';
		if (row->corrected_by) {
			const char *who = config_clerk_name(r->cfg, row->corrected_by);
			no += (size_t)snprintf(note, sizeof note, "Ý kiến đã được %s hiệu chỉnh",
			                       who ? who : "cán bộ tổng hợp");
		}
		if (row->needs_review && no < sizeof note)
			no += (size_t)snprintf(note + no, sizeof note - no, "%sCần kiểm tra lại",
			                       no ? "; " : "");
		if (row->awaiting && no < sizeof note)
			no += (size_t)snprintf(note + no, sizeof note - no, "%sĐang chờ xác nhận người gửi",
			                       no ? "; " : "");
		cell[c++] = note;
		docx_row_texts(r->d, cell, n_cols, 0, 12, false);
	}
	docx_table_end(r->d);
	for (size_t k = 0; k < DOCX_MAX_COLS; k++)
		buf_free(&cw[k]);
}

int
report_docx(const struct summary *s, char **data, size_t *len, struct yk_err *err)
{
	struct rd r;
	char cite[RD_LINE], about[RD_LINE * 2];
	int rc;

	*data = NULL;
	*len = 0;
	if (rd_begin(&r, s, err))
		return err->code;
	cite_letter(&r, cite, sizeof cite);
	snprintf(about, sizeof about, "Kết quả tổng hợp ý kiến các cơ quan, đơn vị theo %s", cite);
	official_header(r.d, r.o, OFFICIAL_REPORT, NULL);
	official_title(r.d, "BÁO CÁO", about);
	official_kinh_gui(r.d, (const char *const *)r.o->report_to, r.o->n_report_to);
	say(r.d, "Thực hiện %s, %s báo cáo kết quả tổng hợp ý kiến của các cơ "
	    "quan, đơn vị như sau:", cite, official_or_dots(r.o->issuing_body));
	part_situation(&r);
	part_results(&r);
	part_proposals(&r);
	say(r.d, "Trên đây là báo cáo kết quả tổng hợp ý kiến của các cơ quan, "
	    "đơn vị theo Công văn số %s, %s kính báo cáo %s xem xét, chỉ đạo./.",
	    official_or_dots(r.cp->reference), official_or_dots(r.o->issuing_body),
	    official_or_dots(r.o->n_report_to ? r.o->report_to[0] : NULL));
	{
		/* the addressees of Kính gửi, as Nơi nhận says them */
		static const char *const as_above[] = { "Như trên" };
		official_closing(r.d, r.o, as_above, 1);
	}
	appendix(&r);
	rc = docx_finish(r.d, data, len, err);
	docx_free(r.d);
	return rc;
}

/* ---- the công văn đôn đốc --------------------------------------------- */

int
report_docx_overdue(const struct summary *s, char **data, size_t *len, struct yk_err *err)
{
	const char **to = NULL;
	size_t n = 0;
	struct rd r;
	char cite[RD_LINE], vv[RD_LINE], deadline[64];
	int rc;

	*data = NULL;
	*len = 0;
	if (s->n_rows && !(to = calloc(s->n_rows, sizeof *to)))
		return yk_err_set(err, YK_ENOMEM, "letter: out of memory");
	/* the units not replied: summary's rule, the one `ykien status` shows */
	for (size_t i = 0; i < s->n_rows; i++)
		if (!s->rows[i].replied)
			to[n++] = s->rows[i].agency->name;
	if (rd_begin(&r, s, err)) {
		free(to);
		return err->code;
	}
	cite_letter(&r, cite, sizeof cite);
	snprintf(vv, sizeof vv, "đôn đốc gửi %s", official_or_dots(r.cp->title));
	official_header(r.d, r.o, OFFICIAL_LETTER, vv);
	official_kinh_gui(r.d, to, n);
	deadline_phrase(r.cp, deadline);
	say(r.d, "Thực hiện %s (thời hạn gửi ý kiến %s), đến nay các cơ quan, "
	    "đơn vị có tên nêu trên (%zu/%zu đơn vị) chưa gửi ý kiến về %s.", cite, deadline, n,
	    s->t.asked, official_or_dots(r.o->issuing_body));
	say(r.d, "Để kịp thời tổng hợp, báo cáo %s, %s đề nghị Thủ trưởng các "
	    "cơ quan, đơn vị khẩn trương hoàn thiện và gửi ý kiến về %s trước " OFFICIAL_DOTS
	    " giờ " OFFICIAL_DOTS " ngày " OFFICIAL_DOTS " tháng " OFFICIAL_DOTS " năm "
	    OFFICIAL_DOTS ".", letter_issuer(r.o), official_or_dots(r.o->issuing_body),
	    official_or_dots(r.o->issuing_body));
	if (r.o->contact && *r.o->contact) {
		say(r.d, "Thông tin chi tiết liên hệ: %s.", r.o->contact);
	}
	say(r.d, "Trường hợp cơ quan, đơn vị đã gửi ý kiến, đề nghị bỏ qua công "
	    "văn này./.");
	official_closing(r.d, r.o, to, n);
	rc = docx_finish(r.d, data, len, err);
	docx_free(r.d);
	free(to);
	return rc;
}

int
report_docx_missing_json(const struct summary *s, struct buf *out)
{
	bool first = true;

	buf_addc(out, '[');
	for (size_t i = 0; i < s->n_rows; i++) {
		bool more = false;
		if (s->rows[i].replied)
			continue;
		buf_adds(out, first ? "{" : ",{");
		json_member_str(out, &more, "agency", s->rows[i].agency->code);
		json_member_str(out, &more, "name", s->rows[i].agency->name);
		buf_addc(out, '}');
		first = false;
	}
	buf_adds(out, "]\n");
	return buf_status(out);
}
