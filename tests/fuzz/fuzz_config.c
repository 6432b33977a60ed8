/*
 * fuzz_config — configuration loading and validation from arbitrary
 * bytes (libconfig's parser, then every check of config.c and its error
 * messages).  config_load() reads a path, so the bytes go to a private
 * temporary file first.
 */
#include <limits.h>
#include <stdlib.h>
#include <unistd.h>

#include "fuzz_common.h"

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
	struct yk_config *cfg = NULL;
	struct yk_err err = { 0 };
	char path[PATH_MAX];
	int n = 0;

	if (fuzz_write_temp((const char *)data, size, path, sizeof path))
		return 0;
	if (config_load(path, &cfg, &n, &err) == 0)
		config_free(cfg);
	unlink(path);
	return 0;
}
