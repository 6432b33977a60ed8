#include "readers/imageprep.h"

#include <limits.h>
#include <math.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jpeglib.h>
#include <leptonica/allheaders.h>
#include <png.h>

#define DYNLIB_IMAGE_NAMES
#include "readers/dynlib.h"

/* A pixel is stamp ink when its red exceeds both green and blue by this
 * much: red and pink ink do by 60-200, paper under warm light by 10-30,
 * black, grey and blue ink not at all. */
#define RED_MARGIN 45
/* After background normalisation the paper is at 200 and ink near 0:
 * the grey level between them that is taken as ink. */
#define INK_THRESHOLD 140
/* Pictures up to this many pixels a side have their skew searched at
 * full resolution; larger ones at half (as precise, four times faster). */
#define SKEW_FULL_MAX 1600
/* A tick box's side as a share of the page's short side: 2-13 mm on A4
 * (a ☐ typed in an 11-point font is 2.5 mm). */
#define BOX_MIN_DIV 100
#define BOX_MAX_DIV 16
#define BOX_MIN_PX 12
/* Its outline: each side inked along this share of its length; and the
 * share of ink inside it (past the outline) that makes it ticked. */
#define BOX_SIDE_COVER 0.85
#define BOX_TICK_DENSITY 0.05

double
imageprep_scale(uint32_t w, uint32_t h)
{
	uint32_t side = w < h ? w : h;
	double s;

	if (side == 0)
		return 1.0;
	s = (double)IMAGEPREP_PAGE_SIDE / side;
	if (s > IMAGEPREP_MAX_SCALE)
		s = IMAGEPREP_MAX_SCALE;
	if (s * s * (double)w * h > (double)IMAGEPREP_MAX_OUT_PIXELS)
		s = sqrt((double)IMAGEPREP_MAX_OUT_PIXELS / ((double)w * h));
	/* a scan of 190 dpi or more is read as well as it is, and Tesseract's
	 * time grows with the pixels */
	return s < 1.3 ? 1.0 : s;
}

size_t
imageprep_unred(unsigned char *rgb, size_t n_pixels)
{
	size_t n = 0;

	for (size_t i = 0; i < n_pixels; i++, rgb += 3) {
		int r = rgb[0], g = rgb[1], b = rgb[2];

		if (r - g >= RED_MARGIN && r - b >= RED_MARGIN) {
			rgb[0] = rgb[1] = rgb[2] = 255;
			n++;
		}
	}
	return n;
}

/* One row of packed RGB, its stamp whitened, as grey into row Y of the
 * 8 bpp GRAY (luminance: ITU-R 601 weights). */
static size_t
rgb_row_to_gray(unsigned char *rgb, l_int32 w, PIX *gray, l_int32 y)
{
	l_uint32 *line = pixGetData(gray) + (size_t)y * (size_t)pixGetWpl(gray);
	size_t red = imageprep_unred(rgb, (size_t)w);

	for (l_int32 x = 0; x < w; x++, rgb += 3)
		SET_DATA_BYTE(line, x, (l_uint8)((77u * rgb[0] + 150u * rgb[1] + 29u * rgb[2] + 128u) >> 8));
	return red;
}

/*
 * The decoders.  Leptonica's own readers leave libpng's and libjpeg's
 * default handlers in place, which print on stderr ("libpng error: …",
 * "Premature end of JPEG file"); lib/ does not print.  So PNG is read with
 * libpng's simplified API, which keeps its messages, and JPEG with an
 * error manager that is silent and jumps out on an error.  Both give a
 * grey page with the stamp already whitened; any other format is left to
 * Tesseract as it is.
 */
/* A white grey page: rows a broken file does not give stay paper. */
static PIX *
gray_new(uint32_t w, uint32_t h)
{
	PIX *pix;

	if (w == 0 || h == 0 || (uint64_t)w * h > IMAGEPREP_MAX_PIXELS)
		return NULL;
	if ((pix = pixCreateNoInit((l_int32)w, (l_int32)h, 8)) != NULL)
		pixSetAll(pix);
	return pix;
}

static PIX *
decode_png(const char *data, size_t len, size_t *red, int *rc)
{
	png_image img;
	unsigned char *rgb;
	png_color white = { 255, 255, 255 };
	PIX *gray;

	memset(&img, 0, sizeof img);
	img.version = PNG_IMAGE_VERSION;
	*rc = YK_EINVAL;
	if (!png_image_begin_read_from_memory(&img, data, len))
		return NULL;
	img.format = PNG_FORMAT_RGB;
	if (!(gray = gray_new(img.width, img.height))) {
		*rc = (uint64_t)img.width * img.height > IMAGEPREP_MAX_PIXELS ? YK_ELIMIT : YK_ENOMEM;
		png_image_free(&img);
		return NULL;
	}
	if (!(rgb = malloc(PNG_IMAGE_SIZE(img)))) {
		*rc = YK_ENOMEM;
		png_image_free(&img);
		pixDestroy(&gray);
		return NULL;
	}
	/* transparency over white paper */
	if (!png_image_finish_read(&img, &white, rgb, 0, NULL)) {
		free(rgb);
		pixDestroy(&gray);
		return NULL;
	}
	for (uint32_t y = 0; y < img.height; y++)
		*red += rgb_row_to_gray(rgb + (size_t)y * PNG_IMAGE_ROW_STRIDE(img), (l_int32)img.width,
		                        gray, (l_int32)y);
	free(rgb);
	*rc = 0;
	return gray;
}

struct jpeg_quiet {
	struct jpeg_error_mgr pub;
	jmp_buf jump;
};

static void
jpeg_fail(j_common_ptr cinfo)
{
	longjmp(((struct jpeg_quiet *)(void *)cinfo->err)->jump, 1);
}

static void
jpeg_silent(j_common_ptr cinfo)
{
	(void)cinfo;
}

static PIX *
decode_jpeg(const char *data, size_t len, size_t *red, int *rc)
{
	struct jpeg_decompress_struct cinfo;
	struct jpeg_quiet jerr;
	PIX *volatile gray = NULL;
	unsigned char *volatile row = NULL;

	*rc = YK_EINVAL;
	if (len > ULONG_MAX)
		return NULL;
	cinfo.err = jpeg_std_error(&jerr.pub);
	jerr.pub.error_exit = jpeg_fail;
	jerr.pub.output_message = jpeg_silent;
	if (setjmp(jerr.jump)) {
		jpeg_destroy_decompress(&cinfo);
		free(row);
		pixDestroy((PIX **)&gray);
		return NULL;
	}
	jpeg_create_decompress(&cinfo);
	jpeg_mem_src(&cinfo, (const unsigned char *)data, (unsigned long)len);
	jpeg_read_header(&cinfo, TRUE);
	cinfo.out_color_space = JCS_RGB; /* CMYK and YCCK are refused here */
	/* A full-size phone photo (12 MP and more) decoded at a half or a
	 * quarter, which libjpeg does for free in its transform: 4032 x 3024
	 * becomes 2016 x 1512, 245 dpi for an A4 page filling the frame. */
	while (cinfo.scale_denom < 8 &&
	       (((uint64_t)cinfo.image_width + cinfo.scale_denom - 1) / cinfo.scale_denom) *
	                       (((uint64_t)cinfo.image_height + cinfo.scale_denom - 1) /
	                        cinfo.scale_denom) >
	               IMAGEPREP_MAX_PIXELS)
		cinfo.scale_denom *= 2;
	jpeg_start_decompress(&cinfo);
	if (cinfo.output_components != 3 ||
	    !(gray = gray_new(cinfo.output_width, cinfo.output_height)) ||
	    !(row = malloc((size_t)cinfo.output_width * 3))) {
		*rc = cinfo.output_components == 3 && (uint64_t)cinfo.output_width *
		                                                cinfo.output_height >
		                                        IMAGEPREP_MAX_PIXELS
		              ? YK_ELIMIT
		              : cinfo.output_components == 3 ? YK_ENOMEM : YK_EINVAL;
		jpeg_destroy_decompress(&cinfo);
		free(row);
		pixDestroy((PIX **)&gray);
		return NULL;
	}
	while (cinfo.output_scanline < cinfo.output_height) {
		JSAMPROW rows[1] = { row };
		l_int32 y = (l_int32)cinfo.output_scanline;

		if (jpeg_read_scanlines(&cinfo, rows, 1) != 1)
			break;
		*red += rgb_row_to_gray(row, (l_int32)cinfo.output_width, gray, y);
	}
	/* a truncated file: what was read is kept, the rest is white */
	if (cinfo.output_scanline < cinfo.output_height)
		jpeg_abort_decompress(&cinfo);
	else
		jpeg_finish_decompress(&cinfo);
	jpeg_destroy_decompress(&cinfo);
	free(row);
	*rc = 0;
	return gray;
}

PIX *
imageprep_binarize(PIX *gray)
{
	if (!gray || !dynlib_image(NULL) || pixGetDepth(gray) != 8)
		return NULL;
	return pixThresholdToBinary(gray, INK_THRESHOLD);
}

/* Share of the positions along one side of the w x h region at (x0, y0)
 * of bin with ink within t pixels of that side.  side: 0 top, 1 bottom,
 * 2 left, 3 right. */
static double
side_cover(PIX *bin, l_int32 x0, l_int32 y0, l_int32 w, l_int32 h, l_int32 t, int side)
{
	l_uint32 *data = pixGetData(bin);
	l_int32 wpl = pixGetWpl(bin);
	l_int32 len = side < 2 ? w : h, hit = 0;

	for (l_int32 i = 0; i < len; i++) {
		bool ink = false;

		for (l_int32 k = 0; k < t && !ink; k++) {
			l_int32 x, y;

			switch (side) {
			case 0: x = x0 + i; y = y0 + k; break;
			case 1: x = x0 + i; y = y0 + h - 1 - k; break;
			case 2: x = x0 + k; y = y0 + i; break;
			default: x = x0 + w - 1 - k; y = y0 + i; break;
			}
			ink = GET_DATA_BIT(data + (size_t)y * (size_t)wpl, x) != 0;
		}
		hit += ink;
	}
	return len ? (double)hit / len : 0;
}

/* Ink share inside the region, past a margin m. */
static double
inner_density(PIX *bin, l_int32 x, l_int32 y, l_int32 w, l_int32 h, l_int32 m, l_int32 *tab8)
{
	BOX *in;
	l_int32 cnt = 0;

	if (w - 2 * m <= 0 || h - 2 * m <= 0)
		return 0;
	in = boxCreate(x + m, y + m, w - 2 * m, h - 2 * m);
	if (!in)
		return 0;
	pixCountPixelsInRect(bin, in, &cnt, tab8);
	boxDestroy(&in);
	return (double)cnt / ((double)(w - 2 * m) * (h - 2 * m));
}

size_t
imageprep_boxes(PIX *bin, struct imageprep_box *out, size_t max)
{
	l_int32 w, h, n, minside, maxside, *tab8;
	BOXA *ba;
	size_t got = 0;

	if (!bin || max == 0 || !dynlib_image(NULL) || pixGetDepth(bin) != 1)
		return 0;
	pixGetDimensions(bin, &w, &h, NULL);
	minside = (w < h ? w : h) / BOX_MIN_DIV;
	maxside = (w < h ? w : h) / BOX_MAX_DIV;
	if (minside < BOX_MIN_PX)
		minside = BOX_MIN_PX;
	ba = pixConnCompBB(bin, 8);
	if (!ba)
		return 0;
	n = boxaGetCount(ba);
	tab8 = makePixelSumTab8();
	for (l_int32 i = 0; tab8 && i < n && n <= IMAGEPREP_MAX_COMPONENTS && got < max; i++) {
		l_int32 bx, by, bw, bh, t;
		double ratio;

		if (boxaGetBoxGeometry(ba, i, &bx, &by, &bw, &bh))
			continue;
		ratio = (double)bw / bh;
		if (bw < minside || bh < minside || bw > maxside || bh > maxside || ratio < 0.8 ||
		    ratio > 1.25)
			continue;
		/* the outline: a stroke a tenth of the side thick at most */
		t = (bw < bh ? bw : bh) / 8;
		if (t < 2)
			t = 2;
		if (side_cover(bin, bx, by, bw, bh, t, 0) < BOX_SIDE_COVER ||
		    side_cover(bin, bx, by, bw, bh, t, 1) < BOX_SIDE_COVER ||
		    side_cover(bin, bx, by, bw, bh, t, 2) < BOX_SIDE_COVER ||
		    side_cover(bin, bx, by, bw, bh, t, 3) < BOX_SIDE_COVER)
			continue;
		/* a ring of ink all round with nothing inside the stroke is a
		 * box; a filled square (■) or one crossed is a ticked box */
		out[got].x = bx;
		out[got].y = by;
		out[got].w = bw;
		out[got].h = bh;
		out[got].ticked = inner_density(bin, bx, by, bw, bh, t + (bw < bh ? bw : bh) / 8,
		                                tab8) >= BOX_TICK_DENSITY;
		got++;
	}
	free(tab8);
	boxaDestroy(&ba);
	/* pixConnCompBB lists components in raster order of their first
	 * pixel: top to bottom already */
	return got;
}

/* GRAY levelled, deskewed and scaled; NULL when out of memory.  The
 * levelling and the skew are done at the picture's own size, where they
 * are cheap. */
static PIX *
prepare_gray(PIX *gray, struct imageprep *out)
{
	l_int32 w, h;
	l_float32 angle = 0, conf = 0;
	PIX *level, *straight, *scaled;

	pixGetDimensions(gray, &w, &h, NULL);
	out->scale = imageprep_scale((uint32_t)w, (uint32_t)h);
	/* shade across the page levelled: paper at 200 everywhere */
	level = pixBackgroundNormSimple(gray, NULL, NULL);
	if (!level)
		level = pixClone(gray);
	if (!level)
		return NULL;
	/* a clone when there is no skew worth turning (under 0.1°); the
	 * search at full resolution when the picture is small (a photo), at
	 * half on a page rendered at 300 dpi */
	straight = pixFindSkewAndDeskew(level, w > SKEW_FULL_MAX || h > SKEW_FULL_MAX ? 2 : 1,
	                                &angle, &conf);
	pixDestroy(&level);
	if (!straight)
		return NULL;
	out->angle = angle;
	scaled = out->scale > 1.0
	                 ? pixScale(straight, (l_float32)out->scale, (l_float32)out->scale)
	                 : pixClone(straight);
	pixDestroy(&straight);
	return scaled;
}

/* GRAY as a binary PGM (P5), malloc'd.  Written here, a row at a time:
 * Leptonica's PNM writer goes a pixel at a time through stdio, and PNG's
 * deflate of a 9 MP page takes a second. */
static int
to_pgm(PIX *gray, unsigned char **out, size_t *len)
{
	l_int32 w, h, wpl = pixGetWpl(gray);
	l_uint32 *data = pixGetData(gray);
	char head[48];
	int hl;
	unsigned char *p;

	pixGetDimensions(gray, &w, &h, NULL);
	hl = snprintf(head, sizeof head, "P5\n%d %d\n255\n", w, h);
	if (hl < 0 || (size_t)hl >= sizeof head)
		return YK_EINVAL;
	*len = (size_t)hl + (size_t)w * (size_t)h;
	if (!(p = malloc(*len)))
		return YK_ENOMEM;
	memcpy(p, head, (size_t)hl);
	for (l_int32 y = 0; y < h; y++) {
		l_uint32 *line = data + (size_t)y * (size_t)wpl;
		unsigned char *row = p + hl + (size_t)y * (size_t)w;

		for (l_int32 x = 0; x < w; x++)
			row[x] = (unsigned char)GET_DATA_BYTE(line, x);
	}
	*out = p;
	return 0;
}

int
imageprep_page(const char *data, size_t len, struct imageprep *out, struct yk_err *err)
{
	PIX *gray, *page, *bin;
	l_int32 w, h;
	int rc = 0;

	memset(out, 0, sizeof *out);
	if (!dynlib_image(err))
		return err->code;
	if (len >= 8 && !memcmp(data, "\x89PNG\r\n\x1a\n", 8))
		gray = decode_png(data, len, &out->red, &rc);
	else if (len >= 3 && !memcmp(data, "\xff\xd8\xff", 3))
		gray = decode_jpeg(data, len, &out->red, &rc);
	else
		return yk_err_set(err, YK_EINVAL, "picture not PNG or JPEG: not prepared");
	if (!gray)
		return yk_err_set(err, rc, rc == YK_ENOMEM ? "ocr: out of memory"
		                           : rc == YK_ELIMIT ? "picture too large to prepare for OCR"
		                                             : "picture could not be decoded");
	page = prepare_gray(gray, out);
	pixDestroy(&gray);
	if (!page)
		return yk_err_set(err, YK_ENOMEM, "ocr: out of memory");
	/* Tesseract gets the grey page (its own threshold keeps the
	 * diacritics better than ours on a small scan); the boxes are looked
	 * for on a binary copy */
	if (!(bin = imageprep_binarize(page))) {
		pixDestroy(&page);
		return yk_err_set(err, YK_ENOMEM, "ocr: out of memory");
	}
	out->n_boxes = imageprep_boxes(bin, out->boxes, IMAGEPREP_MAX_BOXES);
	pixDestroy(&bin);
	for (size_t i = 0; i < out->n_boxes; i++) {
		BOX *b = boxCreate(out->boxes[i].x, out->boxes[i].y, out->boxes[i].w,
		                   out->boxes[i].h);

		if (b)
			pixSetInRect(page, b); /* white */
		boxDestroy(&b);
	}
	pixGetDimensions(page, &w, &h, NULL);
	/* the resolution it now has, were the picture an A4 page */
	out->dpi = (int)((w < h ? w : h) / 8.27 + 0.5);
	rc = to_pgm(page, &out->page, &out->page_len);
	pixDestroy(&page);
	if (rc)
		return yk_err_set(err, rc, "ocr: out of memory");
	return 0;
}

void
imageprep_free(struct imageprep *p)
{
	if (p) {
		free(p->page);
		p->page = NULL;
		p->page_len = 0;
	}
}
