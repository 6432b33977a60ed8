/*
 * dynlib — poppler-glib, Leptonica, libpng and libjpeg, opened when the
 * first PDF or picture is read rather than when a program starts.
 *
 * Why: they and what they pull in (cairo, X11, NSS, fontconfig, libtiff,
 * libwebp, OpenJPEG ...: some forty shared libraries) cost every process
 * about 6 MB of resident memory at start, a fifth of the daemon's budget
 * (issue 23: under 32 MB), and most mail carries no PDF and no scan.  A
 * process that reads one pays for them from then on; one that does not
 * never does.  The tables are filled once (pthread_once) and never change
 * after: any thread may read them.
 *
 * In the readers that use them (pdf.c, ocr.c, imageprep.c) the libraries'
 * own names stand for the tables' entries (DYNLIB_POPPLER_NAMES,
 * DYNLIB_IMAGE_NAMES below), so the code reads as the libraries'
 * documentation does; each entry point calls dynlib_poppler() or
 * dynlib_image() first and goes no further when it fails.
 */
#ifndef YK_READERS_DYNLIB_H
#define YK_READERS_DYNLIB_H

#include <stddef.h>
#include <stdio.h> /* before jpeglib.h, which uses size_t and FILE */

#include <jpeglib.h>
#include <leptonica/allheaders.h>
#include <png.h>
#include <poppler.h>

#include "err.h"

/* The sonames of Debian 12's packages (libpoppler-glib8, liblept5,
 * libpng16-16, libjpeg62-turbo); a build for another system may name
 * others with -D. */
#ifndef YK_SO_POPPLER
#define YK_SO_POPPLER "libpoppler-glib.so.8"
#endif
#ifndef YK_SO_LEPT
#define YK_SO_LEPT "liblept.so.5"
#endif
#ifndef YK_SO_PNG
#define YK_SO_PNG "libpng16.so.16"
#endif
#ifndef YK_SO_JPEG
#define YK_SO_JPEG "libjpeg.so.62"
#endif

#define DYN_FN(f) __typeof__(f) *f

struct dynlib_poppler {
	DYN_FN(poppler_document_new_from_bytes);
	DYN_FN(poppler_document_get_n_pages);
	DYN_FN(poppler_document_get_page);
	DYN_FN(poppler_page_get_size);
	DYN_FN(poppler_page_get_text);
	DYN_FN(poppler_page_get_text_layout);
};

struct dynlib_image {
	/* libpng's simplified API */
	DYN_FN(png_image_begin_read_from_memory);
	DYN_FN(png_image_finish_read);
	DYN_FN(png_image_free);
	/* libjpeg (jpeg_create_decompress is a macro over jpeg_CreateDecompress) */
	DYN_FN(jpeg_std_error);
	DYN_FN(jpeg_CreateDecompress);
	DYN_FN(jpeg_mem_src);
	DYN_FN(jpeg_read_header);
	DYN_FN(jpeg_start_decompress);
	DYN_FN(jpeg_read_scanlines);
	DYN_FN(jpeg_abort_decompress);
	DYN_FN(jpeg_finish_decompress);
	DYN_FN(jpeg_destroy_decompress);
	/* Leptonica */
	DYN_FN(setMsgSeverity);
	DYN_FN(pixCreateNoInit);
	DYN_FN(pixSetAll);
	DYN_FN(pixDestroy);
	DYN_FN(pixClone);
	DYN_FN(pixGetData);
	DYN_FN(pixGetWpl);
	DYN_FN(pixGetDepth);
	DYN_FN(pixGetDimensions);
	DYN_FN(pixThresholdToBinary);
	DYN_FN(pixCountPixelsInRect);
	DYN_FN(pixConnCompBB);
	DYN_FN(pixBackgroundNormSimple);
	DYN_FN(pixFindSkewAndDeskew);
	DYN_FN(pixScale);
	DYN_FN(pixSetInRect);
	DYN_FN(boxCreate);
	DYN_FN(boxDestroy);
	DYN_FN(boxaGetCount);
	DYN_FN(boxaGetBoxGeometry);
	DYN_FN(boxaDestroy);
	DYN_FN(makePixelSumTab8);
};

#undef DYN_FN

/* The table, the library opened at the first call (and Leptonica told to
 * keep quiet: it prints its errors on stderr by default); NULL with ERR
 * (YK_EINVAL, the loader's reason) when it cannot be, then and at every
 * later call. */
const struct dynlib_poppler *dynlib_poppler(struct yk_err *err);
const struct dynlib_image *dynlib_image(struct yk_err *err);

/* The tables once opened: only after a call above has returned non-NULL. */
extern const struct dynlib_poppler *const dynlib_poppler_fns;
extern const struct dynlib_image *const dynlib_image_fns;

#endif

#if defined(DYNLIB_POPPLER_NAMES) && !defined(YK_DYNLIB_POPPLER_NAMES_DONE)
#define YK_DYNLIB_POPPLER_NAMES_DONE
#define poppler_document_new_from_bytes (dynlib_poppler_fns->poppler_document_new_from_bytes)
#define poppler_document_get_n_pages (dynlib_poppler_fns->poppler_document_get_n_pages)
#define poppler_document_get_page (dynlib_poppler_fns->poppler_document_get_page)
#define poppler_page_get_size (dynlib_poppler_fns->poppler_page_get_size)
#define poppler_page_get_text (dynlib_poppler_fns->poppler_page_get_text)
#define poppler_page_get_text_layout (dynlib_poppler_fns->poppler_page_get_text_layout)
#endif

#if defined(DYNLIB_IMAGE_NAMES) && !defined(YK_DYNLIB_IMAGE_NAMES_DONE)
#define YK_DYNLIB_IMAGE_NAMES_DONE
#define png_image_begin_read_from_memory (dynlib_image_fns->png_image_begin_read_from_memory)
#define png_image_finish_read (dynlib_image_fns->png_image_finish_read)
#define png_image_free (dynlib_image_fns->png_image_free)
#define jpeg_std_error (dynlib_image_fns->jpeg_std_error)
#define jpeg_CreateDecompress (dynlib_image_fns->jpeg_CreateDecompress)
#define jpeg_mem_src (dynlib_image_fns->jpeg_mem_src)
#define jpeg_read_header (dynlib_image_fns->jpeg_read_header)
#define jpeg_start_decompress (dynlib_image_fns->jpeg_start_decompress)
#define jpeg_read_scanlines (dynlib_image_fns->jpeg_read_scanlines)
#define jpeg_abort_decompress (dynlib_image_fns->jpeg_abort_decompress)
#define jpeg_finish_decompress (dynlib_image_fns->jpeg_finish_decompress)
#define jpeg_destroy_decompress (dynlib_image_fns->jpeg_destroy_decompress)
#define setMsgSeverity (dynlib_image_fns->setMsgSeverity)
#define pixCreateNoInit (dynlib_image_fns->pixCreateNoInit)
#define pixSetAll (dynlib_image_fns->pixSetAll)
#define pixDestroy (dynlib_image_fns->pixDestroy)
#define pixClone (dynlib_image_fns->pixClone)
#define pixGetData (dynlib_image_fns->pixGetData)
#define pixGetWpl (dynlib_image_fns->pixGetWpl)
#define pixGetDepth (dynlib_image_fns->pixGetDepth)
#define pixGetDimensions (dynlib_image_fns->pixGetDimensions)
#define pixThresholdToBinary (dynlib_image_fns->pixThresholdToBinary)
#define pixCountPixelsInRect (dynlib_image_fns->pixCountPixelsInRect)
#define pixConnCompBB (dynlib_image_fns->pixConnCompBB)
#define pixBackgroundNormSimple (dynlib_image_fns->pixBackgroundNormSimple)
#define pixFindSkewAndDeskew (dynlib_image_fns->pixFindSkewAndDeskew)
#define pixScale (dynlib_image_fns->pixScale)
#define pixSetInRect (dynlib_image_fns->pixSetInRect)
#define boxCreate (dynlib_image_fns->boxCreate)
#define boxDestroy (dynlib_image_fns->boxDestroy)
#define boxaGetCount (dynlib_image_fns->boxaGetCount)
#define boxaGetBoxGeometry (dynlib_image_fns->boxaGetBoxGeometry)
#define boxaDestroy (dynlib_image_fns->boxaDestroy)
#define makePixelSumTab8 (dynlib_image_fns->makePixelSumTab8)
#endif
