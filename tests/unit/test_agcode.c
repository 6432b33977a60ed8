/* Unit tests of lib/agcode and lib/agimport: codes made from Vietnamese
 * names, header cells matched without diacritics or case, every problem
 * of a sheet with its row, and a re-import that keeps codes, retires a
 * removed agency's and never gives it to another. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "agcode.h"
#include "agimport.h"
#include "err.h"
#include "sheet.h"

static void
code_is(const char *name, const char *want)
{
	char *c = agcode_from_name(name);

	assert_non_null(c);
	assert_string_equal(c, want);
	free(c);
}

static void
test_codes(void **state)
{
	(void)state;
	code_is("Sở Y tế", "SYT");
	code_is("Sở Kế hoạch và Đầu tư", "SKHDT");
	code_is("Sở Văn hóa, Thể thao và Du lịch", "SVHTTDL");
	code_is("Ủy ban nhân dân huyện Trần Đề", "UBND_TRANDE");
	code_is("Uỷ ban Nhân dân huyện Trần Đề", "UBND_TRANDE");
	code_is("UBND huyện Trần Đề", "UBND_TRANDE");
	code_is("UBND thị xã Vĩnh Châu", "UBND_VINHCHAU");
	code_is("UBND xã X", "UBND_X");
	code_is("UBND thành phố Sóc Trăng", "UBND_SOCTRANG");
	code_is("UBND tỉnh", "UBND");
	code_is("Đài Phát thanh và Truyền hình", "DPTTH");
	code_is("Văn phòng HĐND tỉnh", "VPHDNDT");
	code_is("Trường THPT số 1", "TTHPTS1");
	code_is("---", "AGENCY");
	/* a decomposed (NFD) name gives the same code */
	code_is("S\x6f\xcc\x9b\xcc\x89 Y t\x65\xcc\x82\xcc\x81", "SYT");
}

static void
test_headers(void **state)
{
	(void)state;
	assert_int_equal(agcode_header("Mã"), AGCOL_CODE);
	assert_int_equal(agcode_header("CODE"), AGCOL_CODE);
	assert_int_equal(agcode_header("Tên cơ quan/đơn vị"), AGCOL_NAME);
	assert_int_equal(agcode_header("TÊN ĐƠN VỊ"), AGCOL_NAME);
	assert_int_equal(agcode_header("Name"), AGCOL_NAME);
	assert_int_equal(agcode_header("E-mail"), AGCOL_EMAIL);
	assert_int_equal(agcode_header("Địa chỉ thư điện tử"), AGCOL_EMAIL);
	assert_int_equal(agcode_header("Khối"), AGCOL_GROUP);
	assert_int_equal(agcode_header("Nhóm"), AGCOL_GROUP);
	assert_int_equal(agcode_header("Group"), AGCOL_GROUP);
	assert_int_equal(agcode_header("Mã định danh"), AGCOL_EDOC);
	assert_int_equal(agcode_header("Mã định danh điện tử (QĐ 20/2020)"), AGCOL_EDOC);
	assert_int_equal(agcode_header("ID"), AGCOL_EDOC);
	assert_int_equal(agcode_header("Tên khác"), AGCOL_ALIASES);
	assert_int_equal(agcode_header("STT"), AGCOL_NONE);
	assert_int_equal(agcode_header("Ghi chú"), AGCOL_NONE);
}

static void
test_emails(void **state)
{
	(void)state;
	assert_true(agimp_valid_email("syt@soctrang.gov.vn"));
	assert_true(agimp_valid_email("@soctrang.gov.vn"));
	assert_false(agimp_valid_email("syt@soctrang"));
	assert_false(agimp_valid_email("syt@@x.vn"));
	assert_false(agimp_valid_email("syt@x..vn"));
	assert_false(agimp_valid_email("sở@x.vn"));
	assert_false(agimp_valid_email("syt"));
}

static struct sheet *
sheet_of(const char *text)
{
	struct sheet *sh = NULL;
	struct yk_err err = { 0 };

	assert_int_equal(sheet_read_csv(text, strlen(text), &sh, &err), 0);
	return sh;
}

/* Imports TEXT against PREV (may be NULL): the problems, or the file. */
static char *
import(const char *text, const struct agimp_list *prev, struct agimp_list *cur, char **report,
       size_t *np)
{
	struct sheet *sh = sheet_of(text);
	struct buf p, r, o;
	struct yk_err err = { 0 };
	struct agimp_sink k = { .problems = &p, .report = &r };

	buf_init(&p, 0);
	buf_init(&r, 0);
	buf_init(&o, 0);
	assert_int_equal(agimp_from_sheet(sh, "a.csv", cur, &k, &err), 0);
	if (!k.n_problems)
		assert_int_equal(agimp_merge(cur, prev, "a.csv", &k, &err), 0);
	*np = k.n_problems;
	sheet_free(sh);
	*report = buf_take(&r);
	if (*np) {
		buf_free(&o);
		return buf_take(&p);
	}
	buf_free(&p);
	assert_int_equal(agimp_write(cur, "a.csv", "2024-01-02T03:04:05Z", &o), 0);
	return buf_take(&o);
}

static void
test_problems_by_row(void **state)
{
	static const char in[] = "Danh sách các cơ quan\n"
	                         "STT;Tên cơ quan;Thư điện tử;Mã định danh\n"
	                         "1;Sở Y tế;;H49.12\n"
	                         "2;Sở Tư pháp;stp@x.vn;H49.13\n"
	                         "3;Sở Tài chính;\"stc@x.vn; stp@x.vn\";H49.13\n"
	                         "4;Sở Nội vụ;snv@x;\n";
	struct agimp_list cur;
	char *rep, *out;
	size_t np;

	(void)state;
	out = import(in, NULL, &cur, &rep, &np);
	assert_int_equal(np, 4);
	assert_non_null(strstr(out, "a.csv: row 3: no email for Sở Y tế\n"));
	assert_non_null(strstr(out, "a.csv: row 5: stp@x.vn is also the address of row 4 (Sở Tư pháp)"));
	assert_non_null(strstr(out, "a.csv: row 5: mã định danh H49.13 is also that of row 4"));
	assert_non_null(strstr(out, "a.csv: row 6: \"snv@x\" is not an email address (Sở Nội vụ)"));
	free(out);
	free(rep);
	agimp_list_free(&cur);
}

static void
test_no_header_long_name(void **state)
{
	struct agimp_list cur;
	char *rep, *out, in[2048];
	size_t np;

	(void)state;
	out = import("STT;Cơ quan nhận\n1;Sở Y tế\n", NULL, &cur, &rep, &np);
	assert_int_equal(np, 1);
	assert_string_equal(out, "a.csv: no header row with a name column (Tên cơ quan, Tên đơn vị, "
	                         "Name) and an email column (Email, Thư điện tử)\n");
	free(out);
	free(rep);
	agimp_list_free(&cur);
	/* a name past AGIMP_MAX_FIELD is refused, not cut */
	memcpy(in, "Name,Email\n", 11);
	memset(in + 11, 'x', 600);
	memcpy(in + 611, ",a@x.vn\n", 9);
	out = import(in, NULL, &cur, &rep, &np);
	assert_int_equal(np, 1);
	assert_string_equal(out, "a.csv: row 2: a name or group of more than 512 bytes\n");
	free(out);
	free(rep);
	agimp_list_free(&cur);
}

static void
test_reimport_keeps_and_retires(void **state)
{
	static const char v1[] = "Tên;Email;Khối;Mã định danh\n"
	                         "Sở Y tế;syt@x.vn;Sở, ban, ngành;H49.12\n"
	                         "UBND huyện Trần Đề;td@x.vn;Huyện;\n"
	                         "UBND xã X;x@x.vn;Xã;\n"
	                         "Sở Tư pháp;stp@x.vn;Sở, ban, ngành;\n";
	/* renamed (matched by its mã định danh), a new address (by name),
	 * UBND xã X removed, a new agency whose name gives the retired code */
	static const char v2[] = "Tên;Email;Khối;Mã định danh\n"
	                         "Sở Y tế tỉnh Sóc Trăng;syt@x.vn;Sở, ban, ngành;H49.12\n"
	                         "Ủy ban nhân dân huyện Trần Đề;td@x.vn;Huyện;\n"
	                         "Sở Tư pháp;tuphap@x.vn;Sở, ban, ngành;\n"
	                         "UBND xã X;xx@x.vn;Xã;\n";
	struct agimp_list cur, prev, cur2, prev2;
	struct yk_err err = { 0 };
	char *rep, *out, *rep2, *out2;
	size_t np;

	(void)state;
	out = import(v1, NULL, &cur, &rep, &np);
	assert_int_equal(np, 0);
	assert_non_null(strstr(out, "code = \"UBND_X\";"));
	assert_int_equal(agimp_previous(out, "prev", &prev, &err), 0);
	assert_int_equal(prev.n, 4);
	assert_string_equal(prev.a[0].edoc_id, "H49.12");

	/* v2 without UBND xã X first: it is removed and its code retired */
	out2 = import("Tên;Email;Khối;Mã định danh\n"
	              "Sở Y tế tỉnh Sóc Trăng;syt@x.vn;Sở, ban, ngành;H49.12\n"
	              "Ủy ban nhân dân huyện Trần Đề;td@x.vn;Huyện;\n"
	              "Sở Tư pháp;tuphap@x.vn;Sở, ban, ngành;\n",
	              &prev, &cur2, &rep2, &np);
	assert_int_equal(np, 0);
	assert_string_equal(rep2,
	        "changed SYT: name \"Sở Y tế\" -> \"Sở Y tế tỉnh Sóc Trăng\" (row 2)\n"
	        "changed UBND_TRANDE: name \"UBND huyện Trần Đề\" -> \"Ủy ban nhân dân huyện Trần Đề\" (row 3)\n"
	        "changed STP: emails stp@x.vn -> tuphap@x.vn (row 4)\n"
	        "removed UBND_X: UBND xã X (its code is retired)\n"
	        "3 agencies: 0 added, 3 changed, 1 removed\n");
	assert_non_null(strstr(out2, "# retired: UBND_X UBND xã X\n"));
	assert_non_null(strstr(out2, "code = \"SYT\";"));
	assert_null(strstr(out2, "code = \"UBND_X\";"));
	free(rep2);
	agimp_list_free(&cur2);

	/* the retired code is never given again, even to the same name */
	assert_int_equal(agimp_previous(out2, "prev", &prev2, &err), 0);
	assert_int_equal(prev2.n_retired, 1);
	free(out2);
	out2 = import(v2, &prev2, &cur2, &rep2, &np);
	assert_int_equal(np, 0);
	assert_non_null(strstr(rep2, "added UBND_X_2: UBND xã X (row 5)\n"));
	assert_non_null(strstr(out2, "# retired: UBND_X UBND xã X\n"));
	free(rep2);
	free(out2);
	agimp_list_free(&cur2);

	/* the sheet's own code may not take one that was another's */
	out2 = import("Mã;Tên;Email\nUBND_X;Sở Mới;moi@x.vn\nSYT;Sở Khác;khac@x.vn\n", &prev2,
	              &cur2, &rep2, &np);
	assert_int_equal(np, 1);
	assert_non_null(strstr(out2, "a.csv: row 2: code UBND_X of Sở Mới was retired"));
	free(rep2);
	free(out2);
	agimp_list_free(&cur2);
	agimp_list_free(&prev2);

	free(rep);
	free(out);
	agimp_list_free(&cur);
	agimp_list_free(&prev);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_codes),
		cmocka_unit_test(test_headers),
		cmocka_unit_test(test_emails),
		cmocka_unit_test(test_problems_by_row),
		cmocka_unit_test(test_no_header_long_name),
		cmocka_unit_test(test_reimport_keeps_and_retires),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
