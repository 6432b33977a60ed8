/* Unit tests for lib/readers/imageprep: the steps on small synthetic
 * pictures made with Leptonica (a box with an X and an empty one, a red
 * blob, a page of turned lines). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <leptonica/allheaders.h>

#include "readers/imageprep.h"

static void
box_outline(PIX *pix, int x, int y, int side, int width)
{
	BOX *b = boxCreate(x, y, side, side);

	pixRenderBox(pix, b, width, L_SET_PIXELS);
	boxDestroy(&b);
}

static void
fill(PIX *pix, int x, int y, int w, int h, l_uint32 val)
{
	BOX *b = boxCreate(x, y, w, h);

	pixSetInRectArbitrary(pix, b, val);
	boxDestroy(&b);
}

static void
test_scale(void **state)
{
	(void)state;
	/* a 640 x 900 photo of A4 (77 dpi): as far up as allowed */
	assert_true(fabs(imageprep_scale(640, 900) - IMAGEPREP_MAX_SCALE) < 1e-9);
	/* a 150 dpi scan: up to ~250 dpi; a 200 dpi one as it is */
	assert_true(fabs(imageprep_scale(1240, 1754) - 2067.0 / 1240) < 1e-9);
	assert_true(imageprep_scale(1654, 2339) == 1.0);
	/* 300 dpi and more: as it is */
	assert_true(imageprep_scale(2480, 3508) == 1.0);
	assert_true(imageprep_scale(0, 10) == 1.0);
	/* a long strip: the pixel budget wins */
	{
		double s = imageprep_scale(300, 20000);

		assert_true(s * s * 300.0 * 20000.0 <= (double)IMAGEPREP_MAX_OUT_PIXELS + 1);
	}
}

static void
test_box_with_x_and_empty_box(void **state)
{
	PIX *pix = pixCreate(1000, 1400, 1);
	struct imageprep_box b[8];
	size_t n;

	(void)state;
	assert_non_null(pix);
	/* an empty box, a crossed one, a filled one (■), a check mark inside
	 * a box that does not reach its sides */
	box_outline(pix, 100, 100, 40, 3);
	box_outline(pix, 100, 200, 40, 3);
	pixRenderLine(pix, 108, 208, 132, 232, 3, L_SET_PIXELS);
	pixRenderLine(pix, 108, 232, 132, 208, 3, L_SET_PIXELS);
	fill(pix, 100, 300, 40, 40, 1);
	box_outline(pix, 100, 400, 40, 3);
	pixRenderLine(pix, 110, 420, 118, 430, 3, L_SET_PIXELS);
	pixRenderLine(pix, 118, 430, 132, 410, 3, L_SET_PIXELS);
	/* not boxes: an H (its top and bottom open), a long rule, a small
	 * square of a letter's size too small to be a box, a large frame */
	pixRenderLine(pix, 300, 100, 300, 140, 3, L_SET_PIXELS);
	pixRenderLine(pix, 340, 100, 340, 140, 3, L_SET_PIXELS);
	pixRenderLine(pix, 300, 120, 340, 120, 3, L_SET_PIXELS);
	pixRenderLine(pix, 300, 600, 900, 600, 3, L_SET_PIXELS);
	box_outline(pix, 300, 200, 6, 1);
	box_outline(pix, 300, 700, 300, 4);
	n = imageprep_boxes(pix, b, 8);
	assert_int_equal(n, 4);
	/* (a rendered outline straddles the box's edge by a pixel) */
	assert_true(abs(b[0].y - 100) <= 1);
	assert_false(b[0].ticked);
	assert_true(abs(b[1].y - 200) <= 1);
	assert_true(b[1].ticked);
	assert_true(abs(b[2].y - 300) <= 1);
	assert_true(b[2].ticked);
	assert_true(abs(b[3].y - 400) <= 1);
	assert_true(b[3].ticked);
	assert_true(abs(b[0].x - 100) <= 1);
	assert_true(abs(b[0].w - 40) <= 2);
	/* at most what the caller has room for */
	assert_int_equal(imageprep_boxes(pix, b, 2), 2);
	pixDestroy(&pix);
}

static void
test_red_blob_removed(void **state)
{
	/* a red stamp, its pink edge, black and blue ink, warm paper */
	unsigned char px[][3] = {
		{ 200, 30, 40 }, { 235, 160, 170 }, { 10, 10, 10 }, { 20, 30, 120 },
		{ 245, 238, 224 }, { 150, 20, 30 }, { 120, 60, 140 },
	};
	const unsigned char kept[][3] = {
		{ 10, 10, 10 }, { 20, 30, 120 }, { 245, 238, 224 }, { 120, 60, 140 },
	};

	(void)state;
	assert_int_equal(imageprep_unred(&px[0][0], 7), 3);
	for (int i = 0; i < 2; i++)
		assert_memory_equal(px[i], "\xff\xff\xff", 3);
	assert_memory_equal(px[5], "\xff\xff\xff", 3);
	/* black, blue, paper and the purple where the signature crosses the
	 * stamp stay */
	assert_memory_equal(px[2], kept[0], 3);
	assert_memory_equal(px[3], kept[1], 3);
	assert_memory_equal(px[4], kept[2], 3);
	assert_memory_equal(px[6], kept[3], 3);
	assert_int_equal(imageprep_unred(&px[0][0], 0), 0);
}

/* A 640 x 900 photo of a page of text-like lines and a crossed box, turned
 * by 3 degrees, a red blob on it, as a PNG or a JPEG (FORMAT). */
static l_uint8 *
turned_page(int format, size_t *len)
{
	PIX *pix = pixCreate(640, 900, 32), *rot;
	l_uint32 black, red;
	l_uint8 *png = NULL;

	composeRGBPixel(20, 20, 20, &black);
	composeRGBPixel(210, 40, 50, &red);
	pixSetAllArbitrary(pix, 0xf0f0f000);
	for (int y = 80; y < 700; y += 24)
		for (int x = 60; x < 560; x += 70)
			fill(pix, x, y, 55, 8, black);
	/* a box of 16 pixels (5 mm at 77 dpi) with an X, by a line */
	fill(pix, 60, 750, 16, 2, black);
	fill(pix, 60, 764, 16, 2, black);
	fill(pix, 60, 750, 2, 16, black);
	fill(pix, 74, 750, 2, 16, black);
	pixRenderLineArb(pix, 64, 754, 71, 761, 2, 20, 20, 20);
	pixRenderLineArb(pix, 64, 761, 71, 754, 2, 20, 20, 20);
	fill(pix, 90, 754, 300, 8, black);
	fill(pix, 400, 780, 120, 90, red);
	rot = pixRotate(pix, (l_float32)(3.0 * M_PI / 180), L_ROTATE_AREA_MAP, L_BRING_IN_WHITE,
	                0, 0);
	pixDestroy(&pix);
	pixWriteMem(&png, len, rot, format);
	pixDestroy(&rot);
	return png;
}

static void
turned_page_prepared(int format)
{
	struct imageprep p;
	struct yk_err err = { 0 };
	size_t len = 0;
	l_uint8 *png = turned_page(format, &len);
	char head[32];

	assert_non_null(png);
	assert_int_equal(imageprep_page((const char *)png, len, &p, &err), 0);
	/* turned back within a fifth of a degree */
	assert_true(fabs(fabs(p.angle) - 3.0) < 0.2);
	assert_true(fabs(p.scale - 3.0) < 1e-9);
	/* the red blob whitened */
	assert_true(p.red >= 120 * 90 * 9 / 10);
	/* the grey page, 3 times as large */
	snprintf(head, sizeof head, "P5\n%d %d\n255\n", 1920, 2700);
	assert_true(p.page_len == strlen(head) + (size_t)1920 * 2700);
	assert_memory_equal(p.page, head, strlen(head));
	assert_true(p.dpi >= 230 && p.dpi <= 233);
	/* the crossed box found, beside the line it stands before */
	assert_int_equal(p.n_boxes, 1);
	assert_true(p.boxes[0].ticked);
	assert_true(p.boxes[0].w >= 40 && p.boxes[0].w <= 56);
	imageprep_free(&p);
	imageprep_free(&p); /* twice is harmless */
	/* cut short: an error or a page, never a crash nor a message */
	if (imageprep_page((const char *)png, len / 2, &p, &err) == 0)
		imageprep_free(&p);
	lept_free(png);
}

static void
test_turned_page_prepared(void **state)
{
	(void)state;
	turned_page_prepared(IFF_PNG);
	turned_page_prepared(IFF_JFIF_JPEG);
}

static void
test_not_a_picture(void **state)
{
	struct imageprep p;
	struct yk_err err = { 0 };

	(void)state;
	assert_int_equal(imageprep_page("not a picture at all", 20, &p, &err), YK_EINVAL);
	assert_null(p.page);
	imageprep_free(&p);
	/* a PNG and a JPEG signature with nothing after */
	assert_int_equal(imageprep_page("\x89PNG\r\n\x1a\n\0\0", 10, &p, &err), YK_EINVAL);
	assert_int_equal(imageprep_page("\xff\xd8\xff\xe0\0\x10JFIF", 10, &p, &err), YK_EINVAL);
	/* GIF: left to Tesseract */
	assert_int_equal(imageprep_page("GIF89a\x01\0\x01\0", 10, &p, &err), YK_EINVAL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_scale),
		cmocka_unit_test(test_box_with_x_and_empty_box),
		cmocka_unit_test(test_red_blob_removed),
		cmocka_unit_test(test_turned_page_prepared),
		cmocka_unit_test(test_not_a_picture),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
