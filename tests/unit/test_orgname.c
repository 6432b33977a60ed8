/* Unit tests for lib/orgname: abbreviations folded both ways, sub-unit
 * words, the place of a People's Committee, a body's core name. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "orgname.h"

static void
same_key(const char *a, const char *b)
{
	char *ka = orgname_key(a, strlen(a));
	char *kb = orgname_key(b, strlen(b));

	assert_non_null(ka);
	assert_non_null(kb);
	assert_string_equal(ka, kb);
	free(ka);
	free(kb);
}

static void
test_abbreviations(void **state)
{
	char *k;
	(void)state;

	same_key("Ủy ban nhân dân thị xã Ngã Năm", "UBND TX. Ngã Năm");
	same_key("Uy ban nhan dan thi xa Nga Nam", "UBND TX Nga Nam");
	same_key("Hội đồng nhân dân huyện Long Phú", "HĐND H. Long Phú");
	same_key("Văn phòng HĐND và UBND", "VP HDND va UBND");
	same_key("Sở Văn hóa, Thể thao và Du lịch", "Sở VHTT&DL");
	same_key("Sở VHTTDL", "So Van hoa, The thao va Du lich");
	same_key("Sở VH-TT&DL", "Sở VHTT&DL");
	same_key("Sở Lao động - Thương binh và Xã hội", "Sở LĐTB&XH");
	same_key("Sở LĐ-TB&XH", "Sở LĐTBXH");
	same_key("Sở Kế hoạch và Đầu tư", "Sở KH&ĐT");
	same_key("Sở KHĐT", "Sở KH&ĐT");
	same_key("Sở Tài nguyên và Môi trường", "Sở TN&MT");
	same_key("Sở Nông nghiệp và Phát triển nông thôn", "Sở NN&PTNT");
	same_key("Sở Nông nghiệp và PTNT", "Sở NN-PTNT");
	same_key("Sở Giáo dục và Đào tạo", "Sở GD&ĐT");
	same_key("Sở Thông tin và Truyền thông", "Sở TT&TT");
	same_key("Phòng Nội vụ", "Phòng NV");
	same_key("Đài Phát thanh và Truyền hình", "Đài PT-TH");
	same_key("Hội thi cải cách hành chính", "Hội thi CCHC");
	same_key("Sở Giáo dục - Đào tạo", "Sở GD-ĐT");
	same_key("Sở Tài nguyên - Môi trường", "Sở TNMT");
	same_key("PNV huyện Mỹ Tú", "Phòng Nội vụ huyện Mỹ Tú");
	same_key("VPUB tỉnh", "Văn phòng UBND tỉnh");
	k = orgname_key("pnv vpub pnv", strlen("pnv vpub pnv"));
	assert_string_equal(k, "phong nv vp ubnd phong nv");
	free(k);
	k = orgname_key("P. Nội vụ thành phố Sóc Trăng", strlen("P. Nội vụ thành phố Sóc Trăng"));
	assert_string_equal(k, "p nv tp soc trang");
	free(k);
	/* a word that only starts like a long form is left alone */
	k = orgname_key("Sơn Thành phố", strlen("Sơn Thành phố"));
	assert_string_equal(k, "son tp");
	free(k);
}

static const char *
after(const char *text)
{
	static char buf[256];
	char *k = orgname_key(text, strlen(text));
	const char *r = orgname_subunit(k);

	buf[0] = '\0';
	if (r) {
		strncpy(buf, r, sizeof buf - 1);
		buf[sizeof buf - 1] = '\0';
	}
	free(k);
	return r ? buf : NULL;
}

static void
test_subunit_words(void **state)
{
	(void)state;
	assert_string_equal(after("Phòng Nội vụ thị xã Ngã Năm"), "nv tx nga nam");
	assert_string_equal(after("Văn phòng HĐND và UBND huyện Long Phú"), "hdnd va ubnd h long phu");
	assert_string_equal(after("Văn thư Cục Thuế"), "cuc thue");
	assert_string_equal(after("Bộ phận một cửa Sở Tư pháp"), "mot cua s tu phap");
	assert_string_equal(after("Chuyên viên P. Nội vụ huyện Mỹ Tú"), "nv h my tu");
	assert_string_equal(after("Tổ Một cửa huyện Trần Đề"), "mot cua h tran de");
	/* not sub-units: a ward of an address, organising, prevention */
	assert_null(after("Số 2, P. 6, TP. Sóc Trăng"));
	assert_null(after("tiếp tục tổ chức Hội thi tại huyện"));
	assert_null(after("công tác phòng, chống tham nhũng huyện Long Phú"));
	assert_null(after("Sở Nội vụ tỉnh Sóc Trăng"));
}

static void
test_place_and_core(void **state)
{
	char *k;
	(void)state;

	k = orgname_key("UBND thị xã Ngã Năm", strlen("UBND thị xã Ngã Năm"));
	assert_string_equal(orgname_place(k), "tx nga nam");
	free(k);
	k = orgname_key("Ủy ban nhân dân huyện Long Phú", strlen("Ủy ban nhân dân huyện Long Phú"));
	assert_string_equal(orgname_place(k), "h long phu");
	free(k);
	k = orgname_key("Sở Tư pháp", strlen("Sở Tư pháp"));
	assert_null(orgname_place(k));
	assert_int_equal(orgname_core_len(k), strlen(k));
	free(k);
	/* a province-wide body's name without its province */
	k = orgname_key("Cục Thuế tỉnh Sóc Trăng", strlen("Cục Thuế tỉnh Sóc Trăng"));
	assert_int_equal(orgname_core_len(k), strlen("cuc thue"));
	free(k);
	assert_true(orgname_body_word("cuc thue"));
	assert_true(orgname_body_word("s tu phap"));
	assert_true(orgname_body_word("chi cuc thue"));
	assert_false(orgname_body_word("so"));
	assert_false(orgname_body_word("ubnd h long phu"));
	assert_true(orgname_starts("cuc thue tinh", "cuc thue", 8));
	assert_false(orgname_starts("cuc thuex", "cuc thue", 8));
	assert_true(orgname_break_word("chung toi o h long phu"));
	assert_false(orgname_break_word("tai chinh"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_abbreviations),
		cmocka_unit_test(test_subunit_words),
		cmocka_unit_test(test_place_and_core),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
