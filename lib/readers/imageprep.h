/*
 * imageprep — a picture of a form page made ready for Tesseract, with
 * Leptonica, in this process: a phone photo of a signed A4 page is 640 px
 * wide (~77 dpi), turned a few degrees, lit unevenly and stamped in red
 * over the signature, and Tesseract, which wants 200-300 dpi,
 * loses part of it.  The steps: the red stamp whitened (a pixel whose red
 * dominates its green and blue), grey, its shade levelled (Leptonica's
 * background normalisation: the paper brought to one grey across the
 * page, however the light fell), deskewed, scaled up towards 250 dpi; and
 * the tick boxes found on a binary copy of the page itself: square
 * outlines, empty or with ink inside (an X, a check mark).  The boxes are
 * then erased, so that Tesseract does not read them as letters; ocrtsv.c
 * puts them back into the text as ☒ and ☐.  Tesseract gets the grey page
 * and thresholds it itself: on a small scan that keeps more diacritics
 * than a threshold of ours.
 *
 * Only decoding is risky here, and it is bounded: the caller has counted
 * the pixels from the picture's header (ocr_image_size) and passes only
 * pictures under IMAGEPREP_MAX_PIXELS, which the decoders check again
 * from what they read; they are libpng and libjpeg-turbo, the libraries
 * every browser runs, called here with handlers that do not print.
 * Other formats (GIF, TIFF) go to Tesseract unprepared.
 */
#ifndef YK_READERS_IMAGEPREP_H
#define YK_READERS_IMAGEPREP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "err.h"

struct Pix; /* Leptonica's PIX */

/* Pixels of a picture decoded here: an A4 page at 300 dpi (8.7 MP), whose
 * decoding holds 3 bytes a pixel for a PNG, 1 for a JPEG (read a row at a
 * time).  A larger JPEG is decoded at a half, a quarter or an eighth of
 * its size until it fits; a larger PNG goes to Tesseract as it is. */
#define IMAGEPREP_MAX_PIXELS ((uint64_t)9000000)
/* Pixels of the prepared page, a byte each: an A4 page at 250 dpi is
 * 6 MP. */
#define IMAGEPREP_MAX_OUT_PIXELS IMAGEPREP_MAX_PIXELS
/* The short side of an A4 page at 250 dpi, what a picture is scaled
 * towards (never down, at most IMAGEPREP_MAX_SCALE times).  Tesseract
 * reads these pages as well at 250 dpi as at 300, and its time grows
 * with the pixels (300 dpi costs a third more).  Three times brings a
 * 640-pixel photo's 12-point text to a 20-pixel x-height, about what
 * Tesseract's models want; 2.5 read the test photos as well, for a fifth
 * less time, but leaves less margin on a blurred photo. */
#define IMAGEPREP_PAGE_SIDE 2067
#define IMAGEPREP_MAX_SCALE 3.0
/* Tick boxes kept from one page: a form has a handful. */
#define IMAGEPREP_MAX_BOXES 32
/* Ink components looked at on one page: a page of text has a few
 * thousand; past this it is noise, and no box is looked for. */
#define IMAGEPREP_MAX_COMPONENTS 60000

struct imageprep_box {
	int x, y, w, h; /* in the prepared page's pixels */
	bool ticked;    /* ink inside the box */
};

struct imageprep {
	unsigned char *page; /* the prepared page: grey, PGM (P5) */
	size_t page_len;
	int dpi;             /* its resolution, were it an A4 page */
	struct imageprep_box boxes[IMAGEPREP_MAX_BOXES];
	size_t n_boxes;
	double scale;        /* how much it was scaled up (1: not) */
	double angle;       /* degrees it was turned back */
	size_t red;         /* pixels whitened as stamp */
};

/* The picture DATA (PNG or JPEG) prepared into *out, which
 * imageprep_free() releases.  YK_EINVAL: another format, or one that
 * cannot be decoded, or the libraries cannot be loaded (dynlib.h);
 * YK_ELIMIT: over IMAGEPREP_MAX_PIXELS; YK_ENOMEM. */
int imageprep_page(const char *data, size_t len, struct imageprep *out, struct yk_err *err);
void imageprep_free(struct imageprep *p);

/* The steps, for the unit tests. */
/* The scale for a w x h picture: towards IMAGEPREP_PAGE_SIDE on its
 * short side, within 1 .. IMAGEPREP_MAX_SCALE and IMAGEPREP_MAX_OUT_PIXELS. */
double imageprep_scale(uint32_t w, uint32_t h);
/* Whitens, in N_PIXELS of packed RGB, the pixels whose red channel
 * dominates (a red stamp); returns how many. */
size_t imageprep_unred(unsigned char *rgb, size_t n_pixels);
/* A levelled 8 bpp page (paper at 200) to 1 bpp; NULL when out of
 * memory. */
struct Pix *imageprep_binarize(struct Pix *gray);
/* The tick boxes of a 1 bpp page, top to bottom, at most MAX. */
size_t imageprep_boxes(struct Pix *bin, struct imageprep_box *out, size_t max);

#endif
