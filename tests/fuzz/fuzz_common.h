/*
 * Shared by the libFuzzer targets: a configuration written from a string
 * into a private temporary file and loaded the way ykien loads its own
 * (config_load reads a path).  Only for tests/fuzz/.
 */
#ifndef YK_FUZZ_COMMON_H
#define YK_FUZZ_COMMON_H

#include <stddef.h>
#include <stdint.h>

#include "config.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

/* Writes len bytes to a new temporary file; its path in path (size
 * PATH_MAX); 0 on success. */
int fuzz_write_temp(const char *data, size_t len, char *path, size_t pathsz);

/* The configuration of the sample campaign (forms, agencies, campaign),
 * loaded once; aborts when it does not load (a broken target). */
struct yk_config *fuzz_sample_config(void);

#endif
