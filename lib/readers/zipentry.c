/*
 * zipentry — one entry of a zip archive in memory (libzip), bounded.
 */
#include "readers/readers.h"

#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <stdint.h>
#include <zip.h>

int
reader_zip_entry(const char *data, size_t len, const char *name, char **out,
                 size_t *out_len, struct yk_err *err)
{
	zip_error_t ze;
	zip_source_t *src;
	zip_t *za;
	zip_file_t *zf;
	zip_int64_t n;
	char *buf = NULL;
	size_t got = 0, cap;
	int rc = 0;

	*out = NULL;
	*out_len = 0;
	zip_error_init(&ze);
	src = zip_source_buffer_create(data, len, 0, &ze);
	if (!src) {
		zip_error_fini(&ze);
		return yk_err_set(err, YK_ENOMEM, "zip: out of memory");
	}
	za = zip_open_from_source(src, ZIP_RDONLY, &ze);
	if (!za) {
		zip_source_free(src);
		zip_error_fini(&ze);
		return yk_err_set(err, YK_EINVAL, "not a readable zip file");
	}
	zip_error_fini(&ze);
	n = zip_get_num_entries(za, 0);
	if (n < 0 || n > READER_ZIP_MAX_ENTRIES) {
		zip_discard(za);
		return yk_err_set(err, YK_ELIMIT, "zip with more than %d entries refused",
		                  READER_ZIP_MAX_ENTRIES);
	}
	zf = zip_fopen(za, name, ZIP_FL_NOCASE);
	if (!zf) {
		zip_discard(za);
		return yk_err_set(err, YK_ENOTFOUND, "zip entry %s not found", name);
	}
	cap = 64 << 10;
	buf = malloc(cap + 1);
	while (buf && !rc) {
		zip_int64_t r;

		if (got == cap) {
			char *nb;

			if (cap >= READER_ZIP_MAX_ENTRY) {
				rc = yk_err_set(err, YK_ELIMIT,
				                "zip entry %s inflates past %zu bytes: refused",
				                name, (size_t)READER_ZIP_MAX_ENTRY);
				break;
			}
			cap *= 2;
			if (cap > READER_ZIP_MAX_ENTRY)
				cap = READER_ZIP_MAX_ENTRY;
			nb = realloc(buf, cap + 1);
			if (!nb) {
				rc = yk_err_set(err, YK_ENOMEM, "zip: out of memory");
				break;
			}
			buf = nb;
		}
		r = zip_fread(zf, buf + got, cap - got);
		if (r < 0)
			rc = yk_err_set(err, YK_EINVAL, "zip entry %s unreadable", name);
		else if (r == 0)
			break;
		else
			got += (size_t)r;
	}
	if (!buf && !rc)
		rc = yk_err_set(err, YK_ENOMEM, "zip: out of memory");
	zip_fclose(zf);
	zip_discard(za);
	if (rc) {
		free(buf);
		return rc;
	}
	buf[got] = '\0';
	*out = buf;
	*out_len = got;
	return 0;
}

int
reader_zip_xml(const char *data, size_t len, const char *name, const char *what, void **doc,
               struct yk_err *err)
{
	char *xml = NULL;
	size_t xl = 0;
	int rc;

	*doc = NULL;
	if ((rc = reader_zip_entry(data, len, name, &xml, &xl, err)))
		return rc;
	if (xl > (size_t)INT32_MAX) {
		free(xml);
		return yk_err_set(err, YK_ELIMIT, "%s: %s too large", what, name);
	}
	/* No DTD loading, no entity expansion, no network: a document is
	 * data, not instructions. */
	*doc = xmlReadMemory(xml, (int)xl, name, NULL,
	                     XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
	                     XML_PARSE_COMPACT);
	free(xml);
	return *doc ? 0 : yk_err_set(err, YK_EINVAL, "%s: %s is not XML", what, name);
}
