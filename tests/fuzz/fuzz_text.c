/*
 * fuzz_text — text to answers without the MIME layer in front: the
 * section finder (form_read: line folding, fuzzy headings and options,
 * marks), the quote stripper, the forward finder (fwd_extract), and OCR's
 * tick-box tokens (form_ocr_marks), with the sample campaign's form.
 */
#include <stdlib.h>
#include <string.h>

#include "form.h"
#include "forward.h"
#include "fuzz_common.h"
#include "quote.h"

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_sample_config();
	return 0;
}

static void
read_with_form(const char *text, size_t len)
{
	const struct yk_config *cfg = fuzz_sample_config();
	struct form_result r;

	for (size_t i = 0; i < cfg->n_campaigns; i++) {
		form_read(cfg->campaigns[i].form, text, len, &r);
		form_result_free(&r);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	char *marked, *stripped, *fwd;
	struct fwd_block fb;

	read_with_form(text, size);
	if ((marked = form_ocr_marks(text, size)) != NULL) {
		read_with_form(marked, strlen(marked));
		free(marked);
	}
	/* quote_strip wants a string: the input up to its first NUL */
	if ((stripped = quote_strip(text, strnlen(text, size))) != NULL) {
		read_with_form(stripped, strlen(stripped));
		free(stripped);
	}
	if (fwd_extract(text, strnlen(text, size), &fb, &fwd) == 0 && fwd) {
		read_with_form(fwd, strlen(fwd));
		free(fwd);
	}
	return 0;
}
