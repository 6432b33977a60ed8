/*
 * fuzz_docx — the zip readers: the same bytes as a .docx and as an .odt
 * (libzip, then libxml2 over word/document.xml or content.xml).
 */
#include <stdlib.h>

#include "fuzz_common.h"
#include "readers/readers.h"

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct yk_err err = { 0 };
	char *out = NULL;

	if (docx_text((const char *)data, size, &out, &err) == 0)
		free(out);
	out = NULL;
	yk_err_clear(&err);
	if (odt_text((const char *)data, size, &out, &err) == 0)
		free(out);
	return 0;
}
