#include "readers/dynlib.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>

/* Written once, inside pthread_once; read-only after. */
static struct dynlib_poppler poppler_table;
static struct dynlib_image image_table;
const struct dynlib_poppler *const dynlib_poppler_fns = &poppler_table;
const struct dynlib_image *const dynlib_image_fns = &image_table;

static pthread_once_t poppler_once = PTHREAD_ONCE_INIT;
static pthread_once_t image_once = PTHREAD_ONCE_INIT;
static bool poppler_ok, image_ok;
static char poppler_why[300]; /* why not, when not ok */
static char image_why[300];

/* The library SONAME, or NULL with WHY (the loader's words). */
static void *
open_lib(const char *soname, char *why, size_t n)
{
	void *h = dlopen(soname, RTLD_NOW | RTLD_LOCAL);

	if (!h) {
		const char *e = dlerror();
		snprintf(why, n, "%s", e ? e : soname);
	}
	return h;
}

/* SYM of HANDLE into *SLOT; false, with WHY, when the library lacks it. */
static bool
bind(void *handle, const char *soname, const char *sym, void **slot, char *why, size_t n)
{
	*slot = dlsym(handle, sym);
	if (!*slot)
		snprintf(why, n, "%s has no %s", soname, sym);
	return *slot != NULL;
}

/* The entry NAME of table T from library H (soname SO), or return false. */
#define BIND(h, so, t, name, why)                                                      \
	do {                                                                           \
		if (!bind(h, so, #name, (void **)&(t)->name, why, sizeof why))        \
			return false;                                                  \
	} while (0)

static bool
load_poppler(void)
{
	struct dynlib_poppler *t = &poppler_table;
	void *h = open_lib(YK_SO_POPPLER, poppler_why, sizeof poppler_why);

	if (!h)
		return false;
	BIND(h, YK_SO_POPPLER, t, poppler_document_new_from_bytes, poppler_why);
	BIND(h, YK_SO_POPPLER, t, poppler_document_get_n_pages, poppler_why);
	BIND(h, YK_SO_POPPLER, t, poppler_document_get_page, poppler_why);
	BIND(h, YK_SO_POPPLER, t, poppler_page_get_size, poppler_why);
	BIND(h, YK_SO_POPPLER, t, poppler_page_get_text, poppler_why);
	BIND(h, YK_SO_POPPLER, t, poppler_page_get_text_layout, poppler_why);
	return true;
}

static bool
load_image(void)
{
	struct dynlib_image *t = &image_table;
	void *png, *jpeg, *lept;

	if (!(png = open_lib(YK_SO_PNG, image_why, sizeof image_why)) ||
	    !(jpeg = open_lib(YK_SO_JPEG, image_why, sizeof image_why)) ||
	    !(lept = open_lib(YK_SO_LEPT, image_why, sizeof image_why)))
		return false;
	BIND(png, YK_SO_PNG, t, png_image_begin_read_from_memory, image_why);
	BIND(png, YK_SO_PNG, t, png_image_finish_read, image_why);
	BIND(png, YK_SO_PNG, t, png_image_free, image_why);
	BIND(jpeg, YK_SO_JPEG, t, jpeg_std_error, image_why);
	BIND(jpeg, YK_SO_JPEG, t, jpeg_CreateDecompress, image_why);
	BIND(jpeg, YK_SO_JPEG, t, jpeg_mem_src, image_why);
	BIND(jpeg, YK_SO_JPEG, t, jpeg_read_header, image_why);
	BIND(jpeg, YK_SO_JPEG, t, jpeg_start_decompress, image_why);
	BIND(jpeg, YK_SO_JPEG, t, jpeg_read_scanlines, image_why);
	BIND(jpeg, YK_SO_JPEG, t, jpeg_abort_decompress, image_why);
	BIND(jpeg, YK_SO_JPEG, t, jpeg_finish_decompress, image_why);
	BIND(jpeg, YK_SO_JPEG, t, jpeg_destroy_decompress, image_why);
	BIND(lept, YK_SO_LEPT, t, setMsgSeverity, image_why);
	BIND(lept, YK_SO_LEPT, t, pixCreateNoInit, image_why);
	BIND(lept, YK_SO_LEPT, t, pixSetAll, image_why);
	BIND(lept, YK_SO_LEPT, t, pixDestroy, image_why);
	BIND(lept, YK_SO_LEPT, t, pixClone, image_why);
	BIND(lept, YK_SO_LEPT, t, pixGetData, image_why);
	BIND(lept, YK_SO_LEPT, t, pixGetWpl, image_why);
	BIND(lept, YK_SO_LEPT, t, pixGetDepth, image_why);
	BIND(lept, YK_SO_LEPT, t, pixGetDimensions, image_why);
	BIND(lept, YK_SO_LEPT, t, pixThresholdToBinary, image_why);
	BIND(lept, YK_SO_LEPT, t, pixCountPixelsInRect, image_why);
	BIND(lept, YK_SO_LEPT, t, pixConnCompBB, image_why);
	BIND(lept, YK_SO_LEPT, t, pixBackgroundNormSimple, image_why);
	BIND(lept, YK_SO_LEPT, t, pixFindSkewAndDeskew, image_why);
	BIND(lept, YK_SO_LEPT, t, pixScale, image_why);
	BIND(lept, YK_SO_LEPT, t, pixSetInRect, image_why);
	BIND(lept, YK_SO_LEPT, t, boxCreate, image_why);
	BIND(lept, YK_SO_LEPT, t, boxDestroy, image_why);
	BIND(lept, YK_SO_LEPT, t, boxaGetCount, image_why);
	BIND(lept, YK_SO_LEPT, t, boxaGetBoxGeometry, image_why);
	BIND(lept, YK_SO_LEPT, t, boxaDestroy, image_why);
	BIND(lept, YK_SO_LEPT, t, makePixelSumTab8, image_why);
	/* Leptonica prints its errors on stderr by default; lib/ does not print */
	t->setMsgSeverity(L_SEVERITY_NONE);
	return true;
}

static void
once_poppler(void)
{
	poppler_ok = load_poppler();
}

static void
once_image(void)
{
	image_ok = load_image();
}

const struct dynlib_poppler *
dynlib_poppler(struct yk_err *err)
{
	pthread_once(&poppler_once, once_poppler);
	if (!poppler_ok) {
		yk_err_set(err, YK_EINVAL, "PDF reader (poppler-glib) not available: %s", poppler_why);
		return NULL;
	}
	return &poppler_table;
}

const struct dynlib_image *
dynlib_image(struct yk_err *err)
{
	pthread_once(&image_once, once_image);
	if (!image_ok) {
		yk_err_set(err, YK_EINVAL, "picture reader (Leptonica, libpng, libjpeg) not "
		           "available: %s", image_why);
		return NULL;
	}
	return &image_table;
}
