#include "readers/imageprep.h"

#include <stdlib.h>
#include <string.h>

#include <leptonica/allheaders.h>

/* A pixel is stamp ink when its red exceeds both green and blue by this
 * much: red and pink ink do by 60-200, paper under warm light by 10-30,
 * black, grey and blue ink not at all. */
#define RED_MARGIN 45
/* After background normalisation the paper is at 200 and ink near 0:
 * the grey level between them that is taken as ink. */
#define INK_THRESHOLD 140
/* A tick box's side as a share of the page's short side: 3-12 mm on A4. */
#define BOX_MIN_DIV 70
#define BOX_MAX_DIV 16
#define BOX_MIN_PX 12
/* Its outline: each side inked along this share of its length; and the
 * share of ink inside it (past the outline) that makes it ticked. */
#define BOX_SIDE_COVER 0.85
#define BOX_TICK_DENSITY 0.05

void
imageprep_global_init(void)
{
	setMsgSeverity(L_SEVERITY_NONE);
}

int
imageprep_scale(uint32_t w, uint32_t h)
{
	uint32_t side = w < h ? w : h;
	double s;

	if (side == 0)
		return 1;
	s = (double)IMAGEPREP_PAGE_SIDE / side;
	/* 4x brings a 640-pixel photo (77 dpi) to 310 dpi, 2x a 120-180 dpi
	 * scan to 240-360; a picture of 190 dpi or more is read as it is */
	if (s >= 2.8 && (uint64_t)w * h * 16 <= IMAGEPREP_MAX_OUT_PIXELS)
		return 4;
	if (s >= 1.6 && (uint64_t)w * h * 4 <= IMAGEPREP_MAX_OUT_PIXELS)
		return 2;
	return 1;
}

size_t
imageprep_unred(PIX *rgb)
{
	l_int32 w, h, wpl;
	l_uint32 *data;
	size_t n = 0;

	if (!rgb || pixGetDepth(rgb) != 32)
		return 0;
	pixGetDimensions(rgb, &w, &h, NULL);
	data = pixGetData(rgb);
	wpl = pixGetWpl(rgb);
	for (l_int32 y = 0; y < h; y++) {
		l_uint32 *line = data + (size_t)y * (size_t)wpl;

		for (l_int32 x = 0; x < w; x++) {
			l_int32 r, g, b;

			extractRGBValues(line[x], &r, &g, &b);
			if (r - g >= RED_MARGIN && r - b >= RED_MARGIN) {
				composeRGBPixel(255, 255, 255, &line[x]);
				n++;
			}
		}
	}
	return n;
}

PIX *
imageprep_binarize(PIX *gray, int factor)
{
	if (!gray || pixGetDepth(gray) != 8)
		return NULL;
	/* Upscaling by linear interpolation and thresholding in one pass
	 * gives smoother strokes than thresholding first, at a fraction of
	 * the cost of scaling the grey page and binarising it after. */
	switch (factor) {
	case 4:
		return pixScaleGray4xLIThresh(gray, INK_THRESHOLD);
	case 2:
		return pixScaleGray2xLIThresh(gray, INK_THRESHOLD);
	default:
		return pixThresholdToBinary(gray, INK_THRESHOLD);
	}
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

	if (!bin || pixGetDepth(bin) != 1 || max == 0)
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

/* GRAY levelled, deskewed, scaled and binarised; NULL when out of
 * memory.  The work is done at the picture's own size, where it is cheap;
 * only the last step makes the large page. */
static PIX *
prepare_gray(PIX *gray, struct imageprep *out)
{
	l_int32 w, h;
	l_float32 angle = 0, conf = 0;
	PIX *level, *straight, *bin;
	int factor;

	pixGetDimensions(gray, &w, &h, NULL);
	factor = imageprep_scale((uint32_t)w, (uint32_t)h);
	out->scale = factor;
	/* shade across the page levelled: paper at 200 everywhere */
	level = pixBackgroundNormSimple(gray, NULL, NULL);
	if (!level)
		level = pixClone(gray);
	if (!level)
		return NULL;
	/* a clone when there is no skew worth turning (under 0.1°) */
	straight = pixFindSkewAndDeskew(level, 1, &angle, &conf);
	pixDestroy(&level);
	if (!straight)
		return NULL;
	out->angle = angle;
	bin = imageprep_binarize(straight, factor);
	pixDestroy(&straight);
	return bin;
}

int
imageprep_page(const char *data, size_t len, struct imageprep *out, struct yk_err *err)
{
	PIX *pix, *gray, *bin;
	l_int32 w, h, d, res;
	l_uint8 *png = NULL;
	size_t png_len = 0;

	memset(out, 0, sizeof *out);
	pix = pixReadMem((const l_uint8 *)data, len);
	if (!pix)
		return yk_err_set(err, YK_EINVAL, "picture could not be decoded");
	pixGetDimensions(pix, &w, &h, &d);
	if ((uint64_t)w * (uint64_t)h > IMAGEPREP_MAX_PIXELS) {
		pixDestroy(&pix);
		return yk_err_set(err, YK_ELIMIT, "picture too large to prepare for OCR");
	}
	if (pixGetColormap(pix)) {
		PIX *full = pixRemoveColormap(pix, REMOVE_CMAP_BASED_ON_SRC);

		pixDestroy(&pix);
		if (!(pix = full))
			return yk_err_set(err, YK_ENOMEM, "ocr: out of memory");
		d = pixGetDepth(pix);
	}
	if (d == 32) {
		out->red = imageprep_unred(pix);
		gray = pixConvertRGBToLuminance(pix);
	} else {
		gray = pixConvertTo8(pix, 0);
	}
	pixDestroy(&pix);
	if (!gray)
		return yk_err_set(err, YK_ENOMEM, "ocr: out of memory");
	bin = prepare_gray(gray, out);
	pixDestroy(&gray);
	if (!bin)
		return yk_err_set(err, YK_ENOMEM, "ocr: out of memory");
	out->n_boxes = imageprep_boxes(bin, out->boxes, IMAGEPREP_MAX_BOXES);
	for (size_t i = 0; i < out->n_boxes; i++) {
		BOX *b = boxCreate(out->boxes[i].x, out->boxes[i].y, out->boxes[i].w,
		                   out->boxes[i].h);

		if (b)
			pixClearInRect(bin, b);
		boxDestroy(&b);
	}
	/* the resolution it now has, were the picture an A4 page: Tesseract
	 * sizes its noise filters by it */
	pixGetDimensions(bin, &w, &h, NULL);
	res = (l_int32)((w < h ? w : h) / 8.27 + 0.5);
	pixSetResolution(bin, res, res);
	if (pixWriteMem(&png, &png_len, bin, IFF_PNG) || !png) {
		pixDestroy(&bin);
		return yk_err_set(err, YK_ENOMEM, "ocr: out of memory");
	}
	pixDestroy(&bin);
	out->png = png;
	out->png_len = png_len;
	return 0;
}

void
imageprep_free(struct imageprep *p)
{
	if (p && p->png)
		lept_free(p->png);
	if (p) {
		p->png = NULL;
		p->png_len = 0;
	}
}
