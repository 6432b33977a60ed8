/* fuzz_html — HTML bodies to text (libxml2's HTML parser and our walk). */
#include <stdlib.h>

#include "fuzz_common.h"
#include "html.h"

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
	free(html_to_text((const char *)data, size));
	return 0;
}
