/*
 * ocr — scanned replies to text with Tesseract (Debian's tesseract-ocr and
 * tesseract-ocr-vie), PDF pages without a text layer rendered first with
 * poppler's pdftoppm.  Both are large C/C++ libraries parsing untrusted
 * pictures, so, like doc.c, each runs as a child process: no shell, argv
 * fixed, the input in a private temporary file (0600) or directory (0700),
 * a wall-clock timeout, rlimits on CPU, address space and file size, and a
 * cap on the text read back.  A hostile picture can only fail its own
 * message.
 *
 * Pixels are counted from the picture's header before any decoder sees it:
 * a 20,000 x 20,000 PNG is a few hundred bytes on disk and 1.6 GB decoded.
 *
 * A PNG or JPEG picture, and a rendered PDF page, is prepared first, in
 * this process (imageprep.c: the red stamp whitened, the shade levelled,
 * deskewed, scaled towards 250 dpi, the tick boxes found and erased; a
 * JPEG too large for IMAGEPREP_MAX_PIXELS is decoded smaller); Tesseract
 * reads the prepared page into TSV, whose words and boxes give the text
 * with the tick boxes back in it (ocrtsv.c).  Any other picture, a PNG too
 * large, or one the decoders refuse, goes to Tesseract as it is.
 */
#include "readers/readers.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <poppler.h>

#define DYNLIB_POPPLER_NAMES
#include "readers/dynlib.h"

#include "buf.h"
#include "readers/child.h"
#include "readers/imageprep.h"
#include "readers/ocrtsv.h"
#include "text.h"

/* Wall-clock time one child may take: the sample scan reads in ~0.4 s,
 * a 300 dpi A4 page in 1-3 s. */
#define OCR_TIMEOUT_MS 40000
/* CPU seconds and address space of one child.  Tesseract holds the page
 * (4 bytes a pixel, several copies) and its Vietnamese model (~20 MB). */
#define OCR_CPU_SECONDS 30
#define OCR_MAX_MEMORY ((rlim_t)1 << 30)
/* Bytes pdftoppm may write for one rendered page (a 300 dpi A4 JPEG is
 * 0.3-3 MB); tesseract writes no file at all. */
#define OCR_MAX_RENDER ((rlim_t)64 << 20)
/* pdftoppm writes its pages as JPEG of this quality: its PNG writer takes
 * 15 s on a page that holds a phone photo (the photo's noise, upscaled,
 * deflates slowly), JPEG 0.4 s, and at 92 its artefacts are far below
 * what OCR sees. */
#define OCR_JPEG_OPT "quality=92"
/* Bytes of a rendered page read for its size: a JPEG's frame header
 * comes after its tables. */
#define OCR_JPEG_HEAD 4096
/* Text read back from one page: a form page is a few KiB. */
#define OCR_MAX_PAGE_TEXT ((size_t)256 << 10)
/* Tesseract's TSV of one page: a row of ~40 bytes a word besides its text. */
#define OCR_MAX_PAGE_TSV ((size_t)1 << 20)
/* Resolution PDF pages are rendered at, and the lowest one a page too
 * large for OCR_MAX_PIXELS may be brought down to before it is refused:
 * below ~150 dpi diacritics are lost. */
#define OCR_DPI 300
#define OCR_MIN_DPI 150
/* Bytes of a PDF page's file name under the private directory. */
#define OCR_PATH_MAX 512

static const struct child_limits ocr_limits = {
	.timeout_ms = OCR_TIMEOUT_MS, .cpu_seconds = OCR_CPU_SECONDS, .memory = OCR_MAX_MEMORY,
};

/* pdftoppm writes its page: the same limits, and a file size */
static const struct child_limits render_limits = {
	.timeout_ms = OCR_TIMEOUT_MS, .cpu_seconds = OCR_CPU_SECONDS, .memory = OCR_MAX_MEMORY,
	.fsize = OCR_MAX_RENDER,
};

static uint32_t
be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static uint32_t
rd16(const unsigned char *p, bool le)
{
	return le ? (uint32_t)p[0] | (uint32_t)p[1] << 8 : (uint32_t)p[0] << 8 | p[1];
}

static uint32_t
rd32(const unsigned char *p, bool le)
{
	return le ? rd16(p, true) | rd16(p + 2, true) << 16 : be32(p);
}

/* TIFF: ImageWidth (256) and ImageLength (257) of the first IFD. */
static int
tiff_size(const unsigned char *d, size_t len, uint32_t *w, uint32_t *h)
{
	bool le = d[0] == 'I';
	uint32_t off = rd32(d + 4, le), n;

	if (off < 8 || (size_t)off + 2 > len)
		return YK_EINVAL;
	n = rd16(d + off, le);
	for (uint32_t i = 0; i < n && (size_t)off + 2 + 12 * (i + 1) <= len; i++) {
		const unsigned char *e = d + off + 2 + 12 * i;
		uint32_t tag = rd16(e, le), type = rd16(e + 2, le);
		uint32_t v = type == 3 ? rd16(e + 8, le) : rd32(e + 8, le);

		if (tag == 256)
			*w = v;
		else if (tag == 257)
			*h = v;
	}
	return *w && *h ? 0 : YK_EINVAL;
}

/* JPEG: the frame header (SOFn) after the markers before it. */
static int
jpeg_size(const unsigned char *d, size_t len, uint32_t *w, uint32_t *h)
{
	size_t i = 2;

	while (i + 9 < len) {
		unsigned mk;
		size_t seg;

		if (d[i] != 0xff)
			return YK_EINVAL;
		mk = d[i + 1];
		if (mk == 0xff) {
			i++; /* fill byte */
			continue;
		}
		if (mk == 0xd8 || mk == 0x01 || (mk >= 0xd0 && mk <= 0xd7)) {
			i += 2; /* markers without a length */
			continue;
		}
		seg = rd16(d + i + 2, false);
		if (seg < 2)
			return YK_EINVAL;
		if (mk >= 0xc0 && mk <= 0xcf && mk != 0xc4 && mk != 0xc8 && mk != 0xcc) {
			*h = rd16(d + i + 5, false);
			*w = rd16(d + i + 7, false);
			return *w && *h ? 0 : YK_EINVAL;
		}
		i += 2 + seg;
	}
	return YK_EINVAL;
}

int
ocr_image_size(const char *data, size_t len, uint32_t *w, uint32_t *h)
{
	const unsigned char *d = (const unsigned char *)data;

	*w = *h = 0;
	if (len >= 24 && !memcmp(d, "\x89PNG\r\n\x1a\n", 8) && !memcmp(d + 12, "IHDR", 4)) {
		*w = be32(d + 16);
		*h = be32(d + 20);
		return *w && *h ? 0 : YK_EINVAL;
	}
	if (len >= 4 && !memcmp(d, "\xff\xd8\xff", 3))
		return jpeg_size(d, len, w, h);
	if (len >= 10 && (!memcmp(d, "GIF87a", 6) || !memcmp(d, "GIF89a", 6))) {
		*w = rd16(d + 6, true);
		*h = rd16(d + 8, true);
		return *w && *h ? 0 : YK_EINVAL;
	}
	if (len >= 8 && (!memcmp(d, "II*\0", 4) || !memcmp(d, "MM\0*", 4)))
		return tiff_size(d, len, w, h);
	return YK_EINVAL;
}

static int
write_all(int fd, const char *data, size_t len)
{
	size_t off = 0;

	while (off < len) {
		ssize_t wr = write(fd, data + off, len - off);

		if (wr < 0 && errno == EINTR)
			continue;
		if (wr <= 0)
			return YK_EIO;
		off += (size_t)wr;
	}
	return 0;
}

/* A private directory (0700) under $TMPDIR for the input and the pages. */
static int
make_dir(char *path, size_t pathsz)
{
	const char *dir = getenv("TMPDIR");

	if (!dir || !*dir)
		dir = "/tmp";
	if ((size_t)snprintf(path, pathsz, "%s/ykien-ocr-XXXXXX", dir) >= pathsz)
		return YK_EIO;
	return mkdtemp(path) ? 0 : YK_EIO;
}

/* Removes what this module wrote into dir (plain files only), then dir. */
static void
remove_dir(const char *path)
{
	DIR *d = opendir(path);
	struct dirent *e;

	while (d && (e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		unlinkat(dirfd(d), e->d_name, 0);
	}
	if (d)
		closedir(d);
	rmdir(path);
}

static int
write_file(const char *path, const char *data, size_t len)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	int rc;

	if (fd < 0)
		return YK_EIO;
	rc = write_all(fd, data, len);
	if (close(fd) < 0)
		rc = YK_EIO;
	return rc;
}

static int
run_error(enum child_status rs, const char *what, struct yk_err *err)
{
	switch (rs) {
	case CHILD_TIMEOUT:
		return yk_err_set(err, YK_ELIMIT, "%s: over the OCR time limit", what);
	case CHILD_TOO_MUCH:
		return yk_err_set(err, YK_ELIMIT, "%s: OCR text over %zu bytes", what,
		                  (size_t)OCR_MAX_PAGE_TEXT);
	case CHILD_NOT_FOUND:
		return yk_err_set(err, YK_EINVAL, "%s: OCR not installed (tesseract, pdftoppm)", what);
	case CHILD_OK:
	case CHILD_FAILED:
		break;
	}
	return yk_err_set(err, YK_EINVAL, "%s: could not be read by OCR", what);
}

/* OCR of the picture file at path into b (appended). */
static int
ocr_file(const char *path, const char *what, const struct yk_alive *alive, struct buf *b,
         struct yk_err *err)
{
	char *const av[] = { "tesseract", (char *)path, "stdout", "-l", "vie", "--psm", "4", NULL };
	struct buf page;
	enum child_status rs;
	int rc = 0;

	buf_init(&page, OCR_MAX_PAGE_TEXT);
	rs = child_run(av, &ocr_limits, alive, &page);
	if (rs != CHILD_OK) {
		buf_free(&page);
		return run_error(rs, what, err);
	}
	if (page.len)
		rc = buf_add(b, page.data, page.len);
	if (!rc)
		rc = buf_addc(b, '\n');
	buf_free(&page);
	if (rc)
		return yk_err_set(err, rc, "%s: OCR text over the reader's limit", what);
	return 0;
}

static int
check_pixels(uint32_t w, uint32_t h, const char *what, struct yk_err *err)
{
	if ((uint64_t)w * h > OCR_MAX_PIXELS)
		return yk_err_set(err, YK_ELIMIT, "%s too large for OCR (%u x %u pixels, %u million at most)",
		                  what, (unsigned)w, (unsigned)h, (unsigned)(OCR_MAX_PIXELS / 1000000));
	return 0;
}

/* The text, or "" when there was none: a page with nothing readable is
 * not an error, only an empty answer. */
static int
finish(struct buf *b, char **out, struct yk_err *err)
{
	*out = text_nfc(b->data ? b->data : "", b->len);
	buf_free(b);
	return *out ? 0 : yk_err_set(err, YK_ENOMEM, "ocr: out of memory");
}

/* OCR of the picture DATA prepared (imageprep.c), written to dir/prep.pgm,
 * into b; WHAT ("picture") begins the errors.  *prepared false: it was not
 * prepared (not PNG or JPEG, too large a PNG, not decodable): nothing was
 * read, the caller reads the picture as it is. */
static int
ocr_prepared(const char *data, size_t len, const char *dir, const char *what,
             const struct yk_alive *alive, struct buf *b, bool *prepared, struct yk_err *err)
{
	char path[OCR_PATH_MAX], dpi[16];
	char *const av[] = { "tesseract", path, "stdout", "-l", "vie", "--psm", "4",
	                     "--dpi", dpi, "tsv", NULL };
	struct imageprep p;
	struct yk_err perr = { 0 };
	struct buf tsv;
	enum child_status rs;
	char *text = NULL;
	int rc;

	*prepared = false;
	rc = imageprep_page(data, len, &p, &perr);
	if (rc == YK_ENOMEM)
		return yk_err_set(err, rc, "%s", perr.msg);
	if (rc)
		return 0;
	*prepared = true;
	snprintf(dpi, sizeof dpi, "%d", p.dpi);
	if ((size_t)snprintf(path, sizeof path, "%s/prep.pgm", dir) >= sizeof path ||
	    (unlink(path) < 0 && errno != ENOENT) ||
	    write_file(path, (const char *)p.page, p.page_len)) {
		imageprep_free(&p);
		return yk_err_set(err, YK_EIO, "ocr: cannot write a temporary file");
	}
	buf_init(&tsv, OCR_MAX_PAGE_TSV);
	rs = child_run(av, &ocr_limits, alive, &tsv);
	if (rs != CHILD_OK) {
		imageprep_free(&p);
		buf_free(&tsv);
		return run_error(rs, what, err);
	}
	rc = ocrtsv_text(tsv.data ? tsv.data : "", tsv.len, p.boxes, p.n_boxes, OCR_MAX_PAGE_TEXT,
	                 &text);
	imageprep_free(&p);
	buf_free(&tsv);
	if (rc == YK_ENOMEM)
		return yk_err_set(err, rc, "ocr: out of memory");
	if (rc)
		return yk_err_set(err, rc, "%s: OCR text over %zu bytes or malformed", what,
		                  (size_t)OCR_MAX_PAGE_TEXT);
	rc = buf_adds(b, text);
	free(text);
	if (rc)
		return yk_err_set(err, rc, "%s: OCR text over the reader's limit", what);
	return 0;
}

int
ocr_image(const char *data, size_t len, const struct yk_alive *alive, char **out,
          struct yk_err *err)
{
	bool prepared = false;
	char dir[OCR_PATH_MAX], path[OCR_PATH_MAX];
	uint32_t w, h;
	struct buf b;
	int rc;

	*out = NULL;
	if (len > READER_MAX_INPUT)
		return yk_err_set(err, YK_ELIMIT, "picture larger than %zu bytes for OCR",
		                  (size_t)READER_MAX_INPUT);
	if (ocr_image_size(data, len, &w, &h))
		return yk_err_set(err, YK_EINVAL, "picture malformed or of a kind OCR does not read");
	if ((rc = check_pixels(w, h, "picture", err)) != 0)
		return rc;
	if (make_dir(dir, sizeof dir))
		return yk_err_set(err, YK_EIO, "ocr: cannot make a temporary directory");
	buf_init(&b, READER_MAX_TEXT);
	/* (imageprep refuses a PNG too large for it before decoding) */
	rc = ocr_prepared(data, len, dir, "picture", alive, &b, &prepared, err);
	if (!rc && !prepared) {
		if ((size_t)snprintf(path, sizeof path, "%s/page", dir) >= sizeof path ||
		    write_file(path, data, len))
			rc = yk_err_set(err, YK_EIO, "ocr: cannot write a temporary file");
		else
			rc = ocr_file(path, "picture", alive, &b, err);
	}
	remove_dir(dir);
	if (rc) {
		buf_free(&b);
		return rc;
	}
	return finish(&b, out, err);
}

/* The first bytes of a rendered page, for its pixel count. */
static int
file_head(const char *path, char *head, size_t n, size_t *got)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t r;

	*got = 0;
	if (fd < 0)
		return YK_EIO;
	r = read(fd, head, n);
	close(fd);
	if (r < 0)
		return YK_EIO;
	*got = (size_t)r;
	return 0;
}

/* OCR of the page pdftoppm rendered at PATH (PIXELS pixels) into b:
 * prepared like a picture when it is small enough (a photo put into a
 * PDF is as turned and as stamped as one sent alone), else as it is. */
static int
ocr_rendered(const char *path, const char *dir, uint64_t pixels, const struct yk_alive *alive,
             struct buf *b, struct yk_err *err)
{
	struct buf file;
	bool prepared = false;
	int fd, rc = 0;

	if (pixels > IMAGEPREP_MAX_PIXELS)
		return ocr_file(path, "PDF page", alive, b, err);
	buf_init(&file, (size_t)OCR_MAX_RENDER + (1 << 16));
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return yk_err_set(err, YK_EIO, "ocr: cannot read a rendered page");
	for (;;) {
		int grc;
		char *room = buf_space(&file, 1 << 16, &grc);
		ssize_t r;

		if (!room) {
			rc = grc;
			break;
		}
		r = read(fd, room, 1 << 16);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			rc = r < 0 ? YK_EIO : 0;
			break;
		}
		buf_commit(&file, (size_t)r);
	}
	close(fd);
	if (!rc)
		rc = ocr_prepared(file.data, file.len, dir, "PDF page", alive, b, &prepared, err);
	else
		rc = yk_err_set(err, rc, "ocr: cannot read a rendered page");
	buf_free(&file);
	if (!rc && !prepared)
		rc = ocr_file(path, "PDF page", alive, b, err);
	return rc;
}

/* Resolution for a page of w x h points: OCR_DPI, lowered so that the
 * page stays within OCR_MAX_PIXELS; 0 when even OCR_MIN_DPI is too much. */
static int
page_dpi(double w, double h)
{
	double px_per_pt2 = (double)OCR_MAX_PIXELS / (w * h);
	int dpi = OCR_DPI;

	if (!(w > 0 && h > 0))
		return 0;
	while (dpi >= OCR_MIN_DPI && (double)dpi * dpi / (72.0 * 72.0) > px_per_pt2)
		dpi -= 25;
	return dpi >= OCR_MIN_DPI ? dpi : 0;
}

int
ocr_pdf(const char *data, size_t len, size_t max_pages, const struct yk_alive *alive,
        char **out, size_t *pages_read, struct yk_err *err)
{
	char dir[OCR_PATH_MAX], in[OCR_PATH_MAX], prefix[OCR_PATH_MAX], jpg[OCR_PATH_MAX];
	GBytes *bytes;
	PopplerDocument *doc;
	struct buf b;
	int pages, rc = 0;

	*out = NULL;
	*pages_read = 0;
	if (len > READER_MAX_INPUT)
		return yk_err_set(err, YK_ELIMIT, "PDF larger than %zu bytes for OCR",
		                  (size_t)READER_MAX_INPUT);
	/* Page count and sizes from poppler-glib in this process, which has
	 * already read this PDF for its text layer (pdf.c). */
	if (pdf_open(err))
		return err->code;
	bytes = g_bytes_new(data, len);
	doc = poppler_document_new_from_bytes(bytes, NULL, NULL);
	g_bytes_unref(bytes);
	if (!doc)
		return yk_err_set(err, YK_EINVAL, "pdf: not a readable PDF");
	pages = poppler_document_get_n_pages(doc);
	if (max_pages > OCR_MAX_PAGES)
		max_pages = OCR_MAX_PAGES;
	if ((size_t)pages > max_pages)
		pages = (int)max_pages; /* the form is on the first pages */
	if (make_dir(dir, sizeof dir)) {
		g_object_unref(doc);
		return yk_err_set(err, YK_EIO, "ocr: cannot make a temporary directory");
	}
	if ((size_t)snprintf(in, sizeof in, "%s/in.pdf", dir) >= sizeof in ||
	    (size_t)snprintf(prefix, sizeof prefix, "%s/page", dir) >= sizeof prefix ||
	    (size_t)snprintf(jpg, sizeof jpg, "%s/page.jpg", dir) >= sizeof jpg ||
	    write_file(in, data, len)) {
		g_object_unref(doc);
		remove_dir(dir);
		return yk_err_set(err, YK_EIO, "ocr: cannot write a temporary file");
	}
	buf_init(&b, READER_MAX_TEXT);
	for (int i = 0; i < pages && !rc; i++) {
		PopplerPage *page = poppler_document_get_page(doc, i);
		double pw = 0, ph = 0;
		char num[16], res[16], head[OCR_JPEG_HEAD];
		size_t got;
		uint32_t w, h;
		int dpi;

		if (page) {
			poppler_page_get_size(page, &pw, &ph);
			g_object_unref(page);
		}
		dpi = page_dpi(pw, ph);
		if (!dpi) {
			rc = yk_err_set(err, YK_ELIMIT, "PDF page %d too large for OCR", i + 1);
			break;
		}
		snprintf(num, sizeof num, "%d", i + 1);
		snprintf(res, sizeof res, "%d", dpi);
		{
			char *const av[] = { "pdftoppm", "-r", res, "-jpeg", "-jpegopt", OCR_JPEG_OPT,
			                     "-f", num, "-l", num,
			                     "-singlefile", in, prefix, NULL };
			struct buf none;
			enum child_status rs;

			buf_init(&none, 1);
			unlink(jpg);
			rs = child_run(av, &render_limits, alive, &none);
			buf_free(&none);
			if (rs != CHILD_OK) {
				rc = run_error(rs, "PDF page", err);
				break;
			}
		}
		/* pdftoppm was told the size; the JPEG is checked all the same
		 * before tesseract decodes it. */
		if (file_head(jpg, head, sizeof head, &got) ||
		    ocr_image_size(head, got, &w, &h)) {
			rc = yk_err_set(err, YK_EINVAL, "PDF page %d could not be rendered", i + 1);
			break;
		}
		if ((rc = check_pixels(w, h, "PDF page", err)) != 0)
			break;
		rc = ocr_rendered(jpg, dir, (uint64_t)w * h, alive, &b, err);
		if (!rc)
			(*pages_read)++;
	}
	g_object_unref(doc);
	remove_dir(dir);
	if (rc) {
		buf_free(&b);
		return rc;
	}
	return finish(&b, out, err);
}
