/*
 * fuzz_message — message bytes to answers: extract_message() (MIME walk,
 * charsets, HTML, quoting, classification, attachment readers, section
 * finder) with the sample campaign's configuration, then the JSON of the
 * parse --json contract.
 */
#include <stdlib.h>

#include "buf.h"
#include "extract.h"
#include "fuzz_common.h"

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	extract_global_init();
	fuzz_sample_config();
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct extract_result *r = NULL;
	struct yk_err err = { 0 };
	struct buf out;

	if (extract_message(fuzz_sample_config(), (const char *)data, size, &r, &err))
		return 0;
	buf_init(&out, (size_t)16 << 20);
	extract_json_fields(r, &out);
	extract_choice_summary(r, &out);
	buf_free(&out);
	extract_free(r);
	return 0;
}
