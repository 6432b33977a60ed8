/*
 * ykien_agencies — see ykien_agencies.h.
 */
#include "ykien_agencies.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <libgen.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sysexits.h>
#include <time.h>
#include <unistd.h>

#include "agimport.h"
#include "buf.h"
#include "err.h"
#include "json.h"
#include "sheet.h"

/* A previous agencies file read at most (10,000 agencies of ~300 bytes). */
#define AGENCIES_MAX_PREVIOUS ((size_t)8 << 20)

static const char usage_line[] =
	"usage: ykien agencies import FILE.xlsx|FILE.ods|FILE.csv [-o OUT [--json]]\n"
	"                             [--previous FILE]\n";

static void
help(void)
{
	printf("%s\n"
	       "Read a list of agencies from a spreadsheet (a header row in Vietnamese or\n"
	       "English: Ma/Code, Ten co quan/Name, Email, Khoi/Group, Ma dinh danh/ID)\n"
	       "and write a libconfig file of agencies to @include from ykien.conf.\n"
	       "\n"
	       "  -o, --output OUT     write OUT (atomically), reading it first to keep codes\n"
	       "      --previous FILE  the file written last time, when it is not OUT\n"
	       "      --json           with -o: the problems or the changes as one JSON\n"
	       "                       object on standard output instead of lines\n"
	       "  -h, --help           this help\n"
	       "\n"
	       "Problems are printed with their sheet row, and nothing is written when\n"
	       "there is one.  See ykien(1).\n",
	       usage_line);
}

/* The whole file PATH, at most LIMIT bytes, NUL-terminated. */
static int
slurp(const char *path, size_t limit, char **data, size_t *len, struct yk_err *err)
{
	struct buf b;
	int rc;

	buf_init(&b, limit);
	if ((rc = buf_read_file(&b, path, err))) {
		buf_free(&b);
		return rc;
	}
	*len = b.len;
	*data = buf_take(&b);
	if (!*data)
		*data = strdup("");
	return *data ? 0 : yk_err_set(err, YK_ENOMEM, "out of memory");
}

/* DATA to PATH through a temporary file beside it, synced, then renamed:
 * an include half written would stop the service at its next start. */
static int
write_atomic(const char *path, const char *data, size_t len, struct yk_err *err)
{
	char tmp[4096];
	int fd, e;
	size_t off = 0;

	if ((size_t)snprintf(tmp, sizeof tmp, "%s.tmp.%ld", path, (long)getpid()) >= sizeof tmp)
		return yk_err_set(err, YK_ELIMIT, "%s: path too long", path);
	fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	if (fd < 0)
		return yk_err_set(err, YK_EIO, "%s: %s", tmp, strerror(errno));
	while (off < len) {
		ssize_t w = write(fd, data + off, len - off);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			break;
		off += (size_t)w;
	}
	e = errno;
	if (off < len || fsync(fd) < 0) {
		e = off < len ? e : errno;
		close(fd);
		unlink(tmp);
		return yk_err_set(err, YK_EIO, "%s: %s", tmp, strerror(e));
	}
	if (close(fd) < 0 || rename(tmp, path) < 0) {
		e = errno;
		unlink(tmp);
		return yk_err_set(err, YK_EIO, "%s: %s", path, strerror(e));
	}
	return 0;
}

static int
fail(const char *what, const struct yk_err *err)
{
	fprintf(stderr, "ykien agencies import: %s%s%s\n", what ? what : "", what ? ": " : "",
	        err->msg);
	return yk_err_exit_status(err->code);
}

/* The --json report on standard output: one object. */
static void
print_json(const char *src, const char *outp, bool written, size_t n,
           const struct agimp_sink *k)
{
	struct buf j;
	bool more = false;

	buf_init(&j, 0);
	(void)buf_addc(&j, '{');
	(void)json_member_str(&j, &more, "source", src);
	(void)json_member_str(&j, &more, "output", outp);
	(void)json_member_bool(&j, &more, "written", written);
	(void)json_member(&j, &more, "agencies");
	(void)buf_printf(&j, "%zu", n);
	(void)json_member(&j, &more, "added");
	(void)buf_printf(&j, "%zu", k->added);
	(void)json_member(&j, &more, "changed");
	(void)buf_printf(&j, "%zu", k->changed);
	(void)json_member(&j, &more, "removed");
	(void)buf_printf(&j, "%zu", k->removed);
	(void)json_member(&j, &more, "problems");
	(void)buf_printf(&j, "[%s]", k->jproblems->data ? k->jproblems->data : "");
	(void)json_member(&j, &more, "changes");
	(void)buf_printf(&j, "[%s]}\n", k->jchanges->data ? k->jchanges->data : "");
	if (buf_status(&j))
		fprintf(stderr, "ykien agencies import: out of memory\n");
	else
		fwrite(j.data, 1, j.len, stdout);
	buf_free(&j);
}

static int
import(const char *file, const char *outp, const char *prevp, bool json)
{
	struct yk_err err = { 0 };
	struct sheet *sh = NULL;
	struct agimp_list cur = { 0 }, prev = { 0 };
	struct buf problems, report, out, jp, jc;
	struct agimp_sink k = { .problems = &problems, .report = &report };
	char *data = NULL, *pdata = NULL, *fcopy = NULL, when[32];
	const char *src;
	size_t len = 0, plen = 0;
	bool have_prev = false;
	time_t now = time(NULL);
	int rc;

	buf_init(&problems, 0);
	buf_init(&report, 0);
	buf_init(&out, 0);
	buf_init(&jp, 0);
	buf_init(&jc, 0);
	if (json) {
		k.jproblems = &jp;
		k.jchanges = &jc;
	}
	fcopy = strdup(file);
	src = fcopy ? basename(fcopy) : file;
	if ((rc = slurp(file, SHEET_MAX_INPUT, &data, &len, &err))) {
		rc = fail(NULL, &err);
		goto done;
	}
	if ((rc = sheet_read(sheet_detect(file, data, len), data, len, &sh, &err))) {
		rc = fail(src, &err);
		goto done;
	}
	if (!prevp && outp && access(outp, F_OK) == 0)
		prevp = outp;
	if (prevp) {
		if ((rc = slurp(prevp, AGENCIES_MAX_PREVIOUS, &pdata, &plen, &err)) ||
		    (rc = agimp_previous(pdata, prevp, &prev, &err))) {
			rc = fail(NULL, &err);
			goto done;
		}
		have_prev = true;
	}
	if ((rc = agimp_from_sheet(sh, src, &cur, &k, &err)) ||
	    (!k.n_problems && (rc = agimp_merge(&cur, have_prev ? &prev : NULL, src, &k, &err)))) {
		rc = fail(NULL, &err);
		goto done;
	}
	if (k.n_problems) {
		if (json) {
			print_json(src, outp, false, cur.n, &k);
		} else {
			fputs(problems.data, stderr);
			fprintf(stderr, "ykien agencies import: %zu problem%s in %s: nothing written\n",
			        k.n_problems, k.n_problems == 1 ? "" : "s", src);
		}
		rc = EX_DATAERR;
		goto done;
	}
	strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", gmtime(&now));
	if ((rc = agimp_write(&cur, src, when, &out))) {
		yk_err_set(&err, rc, "out of memory");
		rc = fail(NULL, &err);
		goto done;
	}
	if (outp) {
		if ((rc = write_atomic(outp, out.data, out.len, &err))) {
			rc = fail(NULL, &err);
			goto done;
		}
	} else if (fwrite(out.data, 1, out.len, stdout) != out.len) {
		rc = EX_IOERR;
		goto done;
	}
	/* the report goes to standard error: standard output may be the file */
	if (json)
		print_json(src, outp, true, cur.n, &k);
	else
		fputs(report.data ? report.data : "", stderr);
	rc = EX_OK;
done:
	buf_free(&problems);
	buf_free(&report);
	buf_free(&out);
	buf_free(&jp);
	buf_free(&jc);
	agimp_list_free(&cur);
	agimp_list_free(&prev);
	sheet_free(sh);
	free(data);
	free(pdata);
	free(fcopy);
	return rc;
}

int
agencies_command(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "previous", required_argument, NULL, 'p' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *outp = NULL, *prevp = NULL;
	bool json = false;
	int ch;

	if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		if (argc < 2) {
			fputs(usage_line, stderr);
			return EX_USAGE;
		}
		help();
		return EX_OK;
	}
	if (strcmp(argv[1], "import")) {
		fprintf(stderr, "ykien agencies: unknown subcommand \"%s\"\n%s", argv[1], usage_line);
		return EX_USAGE;
	}
	argc--;
	argv++;
	/* 0: GNU getopt starts afresh (ykien's own options were parsed) */
	optind = 0;
	while ((ch = getopt_long(argc, argv, "o:h", longopts, NULL)) != -1) {
		switch (ch) {
		case 'o': outp = optarg; break;
		case 'p': prevp = optarg; break;
		case 'j': json = true; break;
		case 'h': help(); return EX_OK;
		default: fputs(usage_line, stderr); return EX_USAGE;
		}
	}
	if (optind + 1 != argc) {
		fputs(usage_line, stderr);
		return EX_USAGE;
	}
	if (json && !outp) {
		fprintf(stderr, "ykien agencies import: --json needs -o OUT (standard output is the "
		        "report)\n");
		return EX_USAGE;
	}
	return import(argv[optind], outp, prevp, json);
}
