/* Unit tests for lib/layout: tables rebuilt from character boxes (a page
 * is made here as poppler reports it: its text, one box per character,
 * line ends without a box), and table rows written for the section
 * finder. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "err.h"
#include "layout.h"

/* A run of text at (x, y): every character 6 wide and 12 high. */
struct run {
	double x, y;
	const char *s;
	bool glued; /* no line end after it (poppler runs it into the next) */
};

struct page {
	char text[8192];
	size_t len;
	struct layout_box box[8192];
	size_t n;
};

static void
make_page(struct page *p, const struct run *r, size_t nr)
{
	memset(p, 0, sizeof *p);
	for (size_t i = 0; i < nr; i++) {
		double x = r[i].x;

		for (const unsigned char *s = (const unsigned char *)r[i].s; *s;) {
			size_t cl = *s < 0x80 ? 1 : *s >= 0xf0 ? 4 : *s >= 0xe0 ? 3 : 2;

			memcpy(p->text + p->len, s, cl);
			p->len += cl;
			s += cl;
			p->box[p->n++] = (struct layout_box){ x, r[i].y, x + 6, r[i].y + 12 };
			x += 6;
		}
		if (!r[i].glued) {
			p->text[p->len++] = '\n';
			p->box[p->n++] = (struct layout_box){ x, r[i].y + 12, x, r[i].y + 12 };
		}
	}
	p->text[p->len] = '\0';
}

static char *
read_page(const struct run *r, size_t nr, bool *table)
{
	static struct page p;
	struct buf b;

	make_page(&p, r, nr);
	buf_init(&b, 1 << 20);
	assert_int_equal(layout_page(p.text, p.len, p.box, p.n, &b, table), 0);
	if (!*table) {
		assert_int_equal(b.len, 0);
		buf_free(&b);
		return NULL;
	}
	return buf_take(&b);
}

/* Nội dung | Ý kiến, each row's lines drawn across the row (the order
 * poppler reads them in), the end of a left line glued to the right. */
static void
test_two_columns(void **state)
{
	static const struct run r[] = {
		{ 50, 100, "Nội dung", false }, { 250, 100, "Ý kiến", false },
		{ 50, 120, "1. Nhận xét về tính", true }, { 250, 120, "Hội thi rất bổ ích", false },
		{ 50, 134, "thiết thực", false }, { 250, 134, "cho cán bộ công", false },
		{ 250, 148, "chức và người dân.", false },
		{ 50, 170, "2. Đề nghị tiếp tục", false }, { 250, 170, "☒ Đề nghị tiếp", false },
		{ 50, 184, "hoặc khác:", false }, { 250, 184, "☐ Đề nghị hình", false },
	};
	bool table;
	char *t = read_page(r, sizeof r / sizeof *r, &table);

	(void)state;
	assert_true(table);
	assert_string_equal(t, "Nội dung\nÝ kiến\n"
	                       "1. Nhận xét về tính thiết thực\n"
	                       "Hội thi rất bổ ích cho cán bộ công chức và người dân.\n"
	                       "2. Đề nghị tiếp tục hoặc khác:\n"
	                       "☒ Đề nghị tiếp\n☐ Đề nghị hình\n");
	free(t);
}

/* STT | Nội dung | Ý kiến: the row numbers start the rows; lines outside
 * the table stay as they are. */
static void
test_three_columns(void **state)
{
	static const struct run r[] = {
		{ 50, 60, "MẪU THAM GIA Ý KIẾN", false },
		{ 50, 100, "TT", false }, { 80, 100, "Nội dung", false }, { 250, 100, "Ý kiến", false },
		{ 50, 120, "1", false }, { 80, 120, "Nhận xét về", false }, { 250, 120, "Tốt, thiết", false },
		{ 80, 134, "tính thiết thực", false }, { 250, 134, "thực lắm.", false },
		{ 50, 150, "2", false }, { 80, 150, "Ý kiến khác", false }, { 250, 150, "Không.", false },
		{ 50, 200, "Trần Văn A, một dòng dài qua mọi cột của trang giấy", false },
	};
	bool table;
	char *t = read_page(r, sizeof r / sizeof *r, &table);

	(void)state;
	assert_true(table);
	assert_string_equal(t, "MẪU THAM GIA Ý KIẾN\n"
	                       "TT\nNội dung\nÝ kiến\n"
	                       "1 Nhận xét về tính thiết thực\nTốt, thiết thực lắm.\n"
	                       "2 Ý kiến khác\nKhông.\n"
	                       "Trần Văn A, một dòng dài qua mọi cột của trang giấy\n");
	free(t);
}

/* Prose across the page, and two lines whose word gaps happen to line
 * up: no table, the caller keeps poppler's text. */
static void
test_prose_is_no_table(void **state)
{
	static const struct run prose[] = {
		{ 50, 100, "Hội thi cải cách hành chính năm 2023 được tổ chức", false },
		{ 50, 114, "thành công tốt đẹp với sự tham gia của các đơn vị", false },
		{ 50, 128, "trong toàn tỉnh.", false },
	};
	static const struct run river[] = {
		{ 50, 100, "Hội thi được", false }, { 150, 100, "tổ chức tốt", false },
		{ 50, 114, "nhiều đơn vị", false }, { 150, 114, "tham gia", false },
		{ 50, 128, "một dòng dài chạy qua khoảng trống giữa hai phần", false },
	};
	bool table = true;

	(void)state;
	assert_null(read_page(prose, sizeof prose / sizeof *prose, &table));
	assert_false(table);
	table = true;
	assert_null(read_page(river, sizeof river / sizeof *river, &table));
	assert_false(table);
}

/* Too many characters, boxes fewer than characters or more: nothing
 * read past either, and no table. */
static void
test_limits(void **state)
{
	struct layout_box *box = calloc(LAYOUT_MAX_CHARS + 1, sizeof *box);
	struct buf b;
	bool table = true;

	(void)state;
	assert_non_null(box);
	buf_init(&b, 1 << 20);
	assert_int_equal(layout_page("abc", 3, box, LAYOUT_MAX_CHARS + 1, &b, &table), 0);
	assert_false(table);
	assert_int_equal(layout_page("abc def", 7, box, 2, &b, &table), 0);
	assert_false(table);
	assert_int_equal(layout_page("a", 1, box, 50, &b, &table), 0);
	assert_false(table);
	assert_int_equal(b.len, 0);
	buf_free(&b);
	free(box);
}

/* A page built so that every line starts a search for a table that
 * fails: bounded work (LAYOUT_BUDGET), and an answer either way. */
static void
test_hostile_page(void **state)
{
	enum { LINES = 1500 };
	static struct page p;
	struct buf b;
	bool table;

	(void)state;
	memset(&p, 0, sizeof p);
	for (size_t i = 0; i < LINES && p.n + 3 < sizeof p.box / sizeof *p.box; i++) {
		double gap = 20 + (double)(i % 7) * 40;

		p.text[p.len++] = 'a';
		p.box[p.n++] = (struct layout_box){ 10, (double)i * 14, 16, (double)i * 14 + 12 };
		p.text[p.len++] = 'b';
		p.box[p.n++] = (struct layout_box){ 10 + gap, (double)i * 14, 16 + gap, (double)i * 14 + 12 };
		p.text[p.len++] = '\n';
		p.box[p.n++] = (struct layout_box){ 0, 0, 0, 0 };
	}
	buf_init(&b, 1 << 20);
	assert_int_equal(layout_page(p.text, p.len, p.box, p.n, &b, &table), 0);
	buf_free(&b);
}

static char *
row(const char *const *cells, size_t n)
{
	struct buf b;
	size_t len[8];

	for (size_t i = 0; i < n; i++)
		len[i] = strlen(cells[i]);
	buf_init(&b, 1 << 20);
	assert_int_equal(layout_row(&b, cells, len, n), 0);
	return b.data ? buf_take(&b) : strdup("");
}

static void
test_rows(void **state)
{
	static const char *const heading[] = { "1. Nhận xét", "Tốt\nRất tốt" };
	static const char *const short_answer[] = { "1. Nhận xét", "Rất thiết thực" };
	static const char *const tick_first[] = { " ☒ ", "Đề nghị tiếp tục tổ chức Hội thi" };
	static const char *const tick_last[] = { "", "Đề nghị tiếp tục tổ chức Hội thi.", "X" };
	static const char *const number[] = { "2", "Đề nghị … khác:", "☐ Tiếp tục\n☒ Khác" };
	static const char *const unit[] = { "Cơ quan, đơn vị:", "Sở Y tế" };
	static const char *const label_tick[] = { "Ý kiến:", "☒ Đồng ý" };
	static const char *const empty[] = { "", " \n", "\xc2\xa0" };
	static const char *const marks[] = { "☐", "☒" };
	char *t;

	(void)state;
	assert_string_equal(t = row(heading, 2), "1. Nhận xét\nTốt\nRất tốt\n");
	free(t);
	assert_string_equal(t = row(short_answer, 2), "1. Nhận xét\nRất thiết thực\n");
	free(t);
	assert_string_equal(t = row(tick_first, 2), "☒ Đề nghị tiếp tục tổ chức Hội thi\n");
	free(t);
	assert_string_equal(t = row(tick_last, 3), "Đề nghị tiếp tục tổ chức Hội thi. X\n");
	free(t);
	assert_string_equal(t = row(number, 3), "2 Đề nghị … khác:\n☐ Tiếp tục\n☒ Khác\n");
	free(t);
	assert_string_equal(t = row(unit, 2), "Cơ quan, đơn vị: Sở Y tế\n");
	free(t);
	assert_string_equal(t = row(label_tick, 2), "Ý kiến:\n☒ Đồng ý\n");
	free(t);
	assert_string_equal(t = row(empty, 3), "");
	free(t);
	assert_string_equal(t = row(marks, 2), "☐ ☒\n");
	free(t);
}

static void
test_row_rewrite(void **state)
{
	struct buf b;
	size_t start[2], end[2];

	(void)state;
	buf_init(&b, 1 << 20);
	assert_int_equal(buf_adds(&b, "trước\n"), 0);
	start[0] = b.len;
	assert_int_equal(buf_adds(&b, "☒"), 0);
	end[0] = b.len;
	start[1] = b.len;
	assert_int_equal(buf_adds(&b, "Đề nghị hình thức tuyên truyền khác.\n"), 0);
	end[1] = b.len;
	assert_int_equal(layout_row_rewrite(&b, start[0], start, end, 2), 0);
	assert_string_equal(b.data, "trước\n☒ Đề nghị hình thức tuyên truyền khác.\n");
	assert_int_equal(layout_row_rewrite(&b, b.len + 1, start, end, 0), YK_EINVAL);
	buf_free(&b);
}

static void
test_marks(void **state)
{
	(void)state;
	assert_true(layout_cell_is_mark("☒", strlen("☒")));
	assert_true(layout_cell_is_mark(" [x] ", 5));
	assert_true(layout_cell_is_mark("12.", 3));
	assert_true(layout_cell_is_mark("IV", 2));
	assert_false(layout_cell_is_mark("1234", 4));
	assert_false(layout_cell_is_mark("Xã", strlen("Xã")));
	assert_false(layout_cell_is_mark("", 0));
	assert_false(layout_cell_is_mark("1.2", 3));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_two_columns),
		cmocka_unit_test(test_three_columns),
		cmocka_unit_test(test_prose_is_no_table),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_hostile_page),
		cmocka_unit_test(test_rows),
		cmocka_unit_test(test_row_rewrite),
		cmocka_unit_test(test_marks),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
