/*
 * fuzz_sheet — agencies import: the same bytes as a .csv, an .xlsx and an
 * .ods (lib/sheet), each sheet read then turned into agencies, merged with
 * none and written (lib/agimport), as `ykien agencies import` does.
 */
#include <stdlib.h>

#include "agimport.h"
#include "fuzz_common.h"
#include "sheet.h"

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	return 0;
}

static void
import(const struct sheet *sh)
{
	struct yk_err err = { 0 };
	struct buf p, r, o;
	struct agimp_sink k = { .problems = &p, .report = &r };
	struct agimp_list cur;

	buf_init(&p, 0);
	buf_init(&r, 0);
	buf_init(&o, 0);
	if (agimp_from_sheet(sh, "fuzz", &cur, &k, &err) == 0 && !k.n_problems &&
	    agimp_merge(&cur, NULL, "fuzz", &k, &err) == 0 && !k.n_problems)
		(void)agimp_write(&cur, "fuzz", "2024-01-01T00:00:00Z", &o);
	agimp_list_free(&cur);
	buf_free(&p);
	buf_free(&r);
	buf_free(&o);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const enum sheet_fmt fmts[] = { SHEET_CSV, SHEET_XLSX, SHEET_ODS };

	for (size_t i = 0; i < sizeof fmts / sizeof fmts[0]; i++) {
		struct yk_err err = { 0 };
		struct sheet *sh = NULL;

		if (sheet_read(fmts[i], (const char *)data, size, &sh, &err) == 0) {
			import(sh);
			sheet_free(sh);
		}
	}
	return 0;
}
