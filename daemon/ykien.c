/*
 * ykien — the administrator's command.  One function per subcommand; every
 * error from lib/ is reported here, once, and mapped to a sysexits status.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sysexits.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "config.h"
#include "isotime.h"
#include "digest.h"
#include "err.h"
#include "export.h"
#include "extract.h"
#include "intake.h"
#include "json.h"
#include "remind.h"
#include "report.h"
#include "review.h"
#include "store.h"
#include "summary.h"

#define YKIEN_VERSION "0.1.0"
#define MAX_INPUT_FILE (256L * 1024 * 1024) /* one file given on the command line */
/* a message given to parse or import: mailbox.max_message_size, as intake */
static size_t input_limit = MAX_INPUT_FILE;
#define PROGRESS_INTERVAL_NS 100000000L     /* redraw the progress line at most 10 times a second */

static const char *progname = "ykien";

static void
usage(FILE *f)
{
	fprintf(f,
	        "usage: ykien [-c FILE] COMMAND [ARGS]\n"
	        "\n"
	        "Commands:\n"
	        "  check-config                 validate the configuration; print ok or every error\n"
	        "  parse --json FILE.eml...     extract each message, print one JSON object per line\n"
	        "  import FILE.eml...           file messages that arrived another way\n"
	        "  export --json [--campaign ID]\n"
	        "                               print every filed message as JSON, in filing order\n"
	        "  status [--campaign ID] [--json] [--now TIME]\n"
	        "                               who replied, who has not, per agency\n"
	        "  report --campaign ID --format html|xlsx|csv|md [-o FILE] [--lang vi|en]\n"
	        "                               the compiled report for the Chairman\n"
	        "  review [--campaign ID]       what still needs a person\n"
	        "  show REF                     a message in full, or an agency's replies\n"
	        "  assign REF AGENCY            file a reply under an agency\n"
	        "  set REF FIELD=VALUE...       correct an answer (kept beside the extracted one)\n"
	        "  remind --dry-run|--send [--now TIME] [--campaign ID]\n"
	        "                               show the reminder schedule ahead, or send what is due\n"
	        "  digest [--send] [--now TIME] show the daily digest as it stands, or send today's\n"
	        "                               when due (smtp.digest_to, smtp.digest_at)\n"
	        "  help                         this list; ykien COMMAND --help: one command\n"
	        "\n"
	        "Options:\n"
	        "  -c, --config FILE   configuration file (default %s)\n"
	        "  -h, --help          this help\n"
	        "  -V, --version       print the version\n",
	        CONFIG_DEFAULT_PATH);
}

/*
 * Standard output is checked at every write and once more at the end
 * (flush and close): a full disk under `ykien export --json > file` must
 * not pass for a complete export.  The first failure is kept; the command
 * stops writing and main() reports it, once.
 */
static int stdout_errno;

static int
out_write(const void *data, size_t len)
{
	if (stdout_errno)
		return -1;
	errno = 0;
	if (len && fwrite(data, 1, len, stdout) != len) {
		stdout_errno = errno ? errno : EIO;
		return -1;
	}
	return 0;
}

/* The command's status RC, or EX_IOERR when standard output failed. */
static int
close_stdout(int rc)
{
	errno = 0;
	if (fflush(stdout) == EOF && !stdout_errno)
		stdout_errno = errno ? errno : EIO;
	if (ferror(stdout) && !stdout_errno)
		stdout_errno = EIO;
	/* EBADF: started with stdout closed and nothing written to it */
	if (fclose(stdout) == EOF && errno != EBADF && !stdout_errno)
		stdout_errno = errno ? errno : EIO;
	if (!stdout_errno)
		return rc;
	fprintf(stderr, "%s: cannot write standard output: %s\n", progname, strerror(stdout_errno));
	return rc ? rc : EX_IOERR;
}

/* `ykien COMMAND --help`: what the command takes, and where to read more. */
static const struct {
	const char *name, *args, *what;
} commands[] = {
	{ "check-config", "", "Validate the configuration; print ok, or every error as FILE:LINE." },
	{ "parse", "--json FILE.eml...",
	  "Extract each message (nothing is filed); print one JSON object per line." },
	{ "import", "FILE.eml...", "File messages that arrived another way, as the service does." },
	{ "export", "--json [--campaign ID]",
	  "Print every filed message as JSON, one object per line, in filing order." },
	{ "status", "[--campaign ID] [--json] [--now TIME]",
	  "Who replied, who has not, per agency; the reminders and the digest." },
	{ "report", "--campaign ID --format html|xlsx|csv|md [-o FILE] [--lang vi|en] [--now TIME]",
	  "The compiled report for the Chairman, to standard output or to FILE." },
	{ "review", "[--campaign ID]", "List what still needs a person." },
	{ "show", "REF", "A message in full, or an agency's replies (REF an agency code)." },
	{ "assign", "REF AGENCY", "File the reply REF under AGENCY, recorded with who and when." },
	{ "set", "REF FIELD=VALUE...", "Correct an answer, kept beside the extracted one." },
	{ "remind", "--dry-run|--send [--now TIME] [--campaign ID]",
	  "Show the reminder schedule ahead, or send the reminders due." },
	{ "digest", "[--send] [--now TIME]",
	  "Show the daily digest as it stands, or send today's when it is due." },
	{ "help", "", "The list of commands." },
};

/* Prints CMD's help; false when there is no such command. */
static bool
command_help(const char *cmd)
{
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++) {
		if (strcmp(commands[i].name, cmd))
			continue;
		printf("usage: ykien [-c FILE] %s%s%s\n\n%s\n\n"
		       "  -c, --config FILE   configuration file (default %s)\n"
		       "  -h, --help          this help\n\n"
		       "See ykien(1) for the whole description.\n",
		       cmd, *commands[i].args ? " " : "", commands[i].args, commands[i].what,
		       CONFIG_DEFAULT_PATH);
		return true;
	}
	return false;
}

static int
fail(const struct yk_err *err)
{
	fprintf(stderr, "%s: %s\n", progname, err->msg);
	return yk_err_exit_status(err->code);
}

static int
load_config(const char *path, struct yk_config **cfg)
{
	struct yk_err err = { 0 };

	if (config_load(path, cfg, NULL, &err) == 0)
		return 0;
	if (err.code == YK_ECONFIG)
		fprintf(stderr, "%s\n", err.msg);
	else
		fprintf(stderr, "%s: %s\n", progname, err.msg);
	return yk_err_exit_status(err.code);
}

/* Reads a whole file (bounded) into a malloc'd buffer. */
static int
read_file(const char *path, char **data, size_t *len, struct yk_err *err)
{
	struct buf b;
	char chunk[65536];
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return yk_err_set(err, YK_ENOTFOUND, "%s: %s", path, strerror(errno));
	buf_init(&b, input_limit);
	while ((n = read(fd, chunk, sizeof chunk)) > 0) {
		if (buf_add(&b, chunk, (size_t)n)) {
			close(fd);
			buf_free(&b);
			return yk_err_set(err, YK_ELIMIT, "%s: larger than %zu bytes (max_message_size)",
			                  path, input_limit);
		}
	}
	close(fd);
	if (n < 0) {
		int e = errno;
		buf_free(&b);
		return yk_err_set(err, YK_EIO, "%s: %s", path, strerror(e));
	}
	*len = b.len;
	*data = buf_take(&b);
	return 0;
}

static int
cmd_check_config(const char *path)
{
	struct yk_config *cfg;
	int rc = load_config(path, &cfg);

	if (rc)
		return rc;
	printf("ok\n");
	config_free(cfg);
	return EX_OK;
}

/* getopt for a subcommand: argv[0] is the subcommand's name. */
struct sub_opts {
	bool json;
	const char *campaign;
	const char *now;
	time_t now_t;        /* --now, else the clock */
	bool dry_run;
	bool send;
	const char *format;
	const char *lang;
	const char *output;
};

static int
parse_sub(int argc, char **argv, struct sub_opts *o, const char *allowed)
{
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "campaign", required_argument, NULL, 'C' },
		{ "now", required_argument, NULL, 'N' },
		{ "dry-run", no_argument, NULL, 'd' },
		{ "send", no_argument, NULL, 's' },
		{ "format", required_argument, NULL, 'F' },
		{ "lang", required_argument, NULL, 'L' },
		{ "output", required_argument, NULL, 'o' },
		{ NULL, 0, NULL, 0 },
	};
	int ch;

	o->now_t = time(NULL);
	optind = 1;
	while ((ch = getopt_long(argc, argv, "+o:", longopts, NULL)) != -1) {
		if (ch == '?' || !strchr(allowed, ch)) {
			if (ch != '?')
				fprintf(stderr, "%s %s: option %s is not for this command\n", progname, argv[0],
				        argv[optind - 1]);
			return -1;
		}
		switch (ch) {
		case 'j': o->json = true; break;
		case 'C': o->campaign = optarg; break;
		case 'N':
			o->now = optarg;
			if (isotime_parse(optarg, &o->now_t)) {
				fprintf(stderr, "%s %s: --now %s: expected a time like "
				        "2024-01-31T17:00:00+07:00\n", progname, argv[0], optarg);
				return -1;
			}
			break;
		case 'd': o->dry_run = true; break;
		case 's': o->send = true; break;
		case 'F': o->format = optarg; break;
		case 'L': o->lang = optarg; break;
		case 'o': o->output = optarg; break;
		}
	}
	return optind;
}

static int
cmd_parse(const char *path, int argc, char **argv)
{
	struct sub_opts o = { 0 };
	struct yk_config *cfg;
	struct buf line;
	int first, rc, status = EX_OK;

	if ((first = parse_sub(argc, argv, &o, "j")) < 0)
		return EX_USAGE;
	if (!o.json) {
		fprintf(stderr, "%s parse: only --json output exists; say --json\n", progname);
		return EX_USAGE;
	}
	if (first >= argc) {
		fprintf(stderr, "%s parse: no files given\n", progname);
		return EX_USAGE;
	}
	if ((rc = load_config(path, &cfg)))
		return rc;
	input_limit = (size_t)cfg->mailbox.max_message_size;
	buf_init(&line, 0);
	for (int i = first; i < argc; i++) {
		struct yk_err err = { 0 };
		struct extract_result *r = NULL;
		char *data = NULL;
		size_t len = 0;

		buf_reset(&line);
		if (read_file(argv[i], &data, &len, &err) == 0 &&
		    extract_message(cfg, data, len, &r, &err) == 0) {
			buf_adds(&line, "{");
			json_key(&line, "file");
			json_str(&line, argv[i]);
			buf_addc(&line, ',');
			if (extract_json_fields(r, &line) == 0 && buf_adds(&line, "}\n") == 0)
				(void)out_write(line.data, line.len);
		} else {
			/* still one object per file, so consumers can count them */
			fprintf(stderr, "%s: %s\n", progname, err.msg);
			buf_adds(&line, "{");
			json_key(&line, "file");
			json_str(&line, argv[i]);
			buf_adds(&line, ",\"error\":");
			json_str(&line, err.msg);
			buf_adds(&line, "}\n");
			(void)out_write(line.data, line.len);
			status = EX_DATAERR;
		}
		extract_free(r);
		free(data);
		if (stdout_errno)
			break; /* nobody reads the rest */
	}
	buf_free(&line);
	config_free(cfg);
	return status;
}

/*
 * The commands that only read do not create a database: run by root by
 * mistake, they would leave one the service (another user) cannot write.
 */
static int
open_store_as(const struct yk_config *cfg, struct store **st, bool create)
{
	struct yk_err err = { 0 };
	struct stat sb;

	if (!create && stat(cfg->storage.database, &sb) < 0) {
		fprintf(stderr, "%s: no database at %s yet (ykiend or ykien import creates it)\n",
		        progname, cfg->storage.database);
		return EX_NOINPUT;
	}
	if (store_open(cfg->storage.database, st, &err))
		return fail(&err);
	return 0;
}

/* open_store_as() for a command that holds CFG: on failure CFG is freed
 * too, so the command only returns. */
static int
store_for(struct yk_config *cfg, struct store **st, bool create)
{
	int rc = open_store_as(cfg, st, create);

	if (rc)
		config_free(cfg);
	return rc;
}

static void
close_both(struct yk_config *cfg, struct store *st)
{
	store_close(st);
	config_free(cfg);
}

/*
 * Progress of a long command: one line on stderr, redrawn in place, only
 * when stderr is a terminal (a pipe or a log gets nothing of it).
 */
struct progress {
	bool on;
	size_t done, total;
	struct timespec last;
};

static void
progress_clear(struct progress *p)
{
	if (p && p->on)
		fputs("\r\033[K", stderr);
}

static void
progress_show(struct progress *p, const char *what, bool force)
{
	struct timespec now;
	long ns;

	if (!p->on)
		return;
	clock_gettime(CLOCK_MONOTONIC, &now);
	ns = (now.tv_sec - p->last.tv_sec) * 1000000000L + (now.tv_nsec - p->last.tv_nsec);
	if (!force && ns < PROGRESS_INTERVAL_NS)
		return;
	p->last = now;
	/* the name is a file name given on our own command line, cut short */
	fprintf(stderr, "\r\033[K%s: %zu/%zu (%zu%%) %.50s", progname, p->done, p->total,
	        p->total ? p->done * 100 / p->total : 100, what ? what : "");
	fflush(stderr);
}

static void
print_event(void *ctx, const struct intake_event *ev)
{
	progress_clear(ctx);
	printf("%s: %s, campaign %s, agency %s, %s%s -> %s\n", ev->file ? ev->file : "?", ev->kind,
	       ev->campaign ? ev->campaign : "-", ev->agency ? ev->agency : "unassigned", ev->status,
	       ev->needs_review ? ", needs review" : "", ev->archive_path);
}

static int
cmd_import(const char *path, int argc, char **argv)
{
	struct progress prog = { 0 };
	struct sub_opts o = { 0 };
	struct yk_config *cfg;
	struct store *st;
	int first, rc, status = EX_OK;

	if ((first = parse_sub(argc, argv, &o, "")) < 0)
		return EX_USAGE;
	if (first >= argc) {
		fprintf(stderr, "%s import: no files given\n", progname);
		return EX_USAGE;
	}
	if ((rc = load_config(path, &cfg)))
		return rc;
	input_limit = (size_t)cfg->mailbox.max_message_size;
	if ((rc = store_for(cfg, &st, true)))
		return rc;
	prog.on = argc - first > 1 && isatty(STDERR_FILENO);
	prog.total = (size_t)(argc - first);
	for (int i = first; i < argc; i++) {
		struct intake in = { .cfg = cfg, .st = st, .on_event = print_event, .event_ctx = &prog };
		struct yk_err err = { 0 };
		char *data = NULL;
		size_t len = 0;
		bool already = false;

		if (read_file(argv[i], &data, &len, &err) == 0 &&
		    intake_import(&in, argv[i], data, len, &already, &err) == 0) {
			if (already) {
				progress_clear(&prog);
				printf("%s: already filed\n", argv[i]);
			}
		} else {
			progress_clear(&prog);
			status = fail(&err);
		}
		free(data);
		prog.done++;
		if (prog.on)
			fflush(stdout); /* the lines before the progress line */
		progress_show(&prog, argv[i], i + 1 == argc);
	}
	if (prog.on)
		fputc('\n', stderr);
	close_both(cfg, st);
	return status;
}

static int
print_export(void *ctx, const struct store_export *e)
{
	struct buf *b = ctx;
	bool more = false;

	buf_reset(b);
	buf_adds(b, "{");
	json_member_str(b, &more, "file", e->file ? e->file : e->archive_path);
	/* the message's own members, as parse --json gave them */
	buf_addc(b, ',');
	buf_adds(b, e->parsed_json);
	json_member_str(b, &more, "sha256", e->sha256);
	json_member_str(b, &more, "filed_at", e->filed_at);
	json_member_str(b, &more, "archive_path", e->archive_path);
	json_member_str(b, &more, "status", e->status);
	json_member_str(b, &more, "duplicate_of", e->duplicate_of);
	json_member_str(b, &more, "superseded_by", e->superseded_by);
	buf_adds(b, "}\n");
	/* non-zero stops the walk: main() reports the failed output */
	return out_write(b->data, b->len);
}

static int
cmd_export(const char *path, int argc, char **argv)
{
	struct sub_opts o = { 0 };
	struct yk_err err = { 0 };
	struct yk_config *cfg;
	struct store *st;
	struct buf b;
	int rc;

	if (parse_sub(argc, argv, &o, "jC") != argc)
		return EX_USAGE;
	if (!o.json) {
		fprintf(stderr, "%s export: only --json output exists; say --json\n", progname);
		return EX_USAGE;
	}
	if ((rc = load_config(path, &cfg)))
		return rc;
	if (o.campaign && !config_campaign(cfg, o.campaign)) {
		fprintf(stderr, "%s export: no campaign \"%s\" in %s\n", progname, o.campaign, path);
		config_free(cfg);
		return EX_USAGE;
	}
	if ((rc = store_for(cfg, &st, false)))
		return rc;
	buf_init(&b, 0);
	if (store_each_export(st, o.campaign, print_export, &b, &err))
		rc = fail(&err);
	buf_free(&b);
	close_both(cfg, st);
	return rc;
}

/* Colour only for a person at a terminal; NO_COLOR (no-color.org) and
 * TERM=dumb turn it off. */
static bool
want_colour(void)
{
	const char *term = getenv("TERM");

	return isatty(STDOUT_FILENO) && !getenv("NO_COLOR") && !(term && !strcmp(term, "dumb"));
}

static int
cmd_status(const char *path, int argc, char **argv)
{
	struct sub_opts o = { 0 };
	struct yk_err err = { 0 };
	struct yk_config *cfg;
	struct store *st;
	struct buf out;
	int rc = EX_OK;

	if (parse_sub(argc, argv, &o, "jCN") != argc)
		return EX_USAGE;
	if ((rc = load_config(path, &cfg)))
		return rc;
	if ((rc = store_for(cfg, &st, false)))
		return rc;
	buf_init(&out, 0);
	for (size_t i = 0; i < cfg->n_campaigns; i++) {
		struct report_opts ro = { .campaign = &cfg->campaigns[i], .json = o.json,
			                  .now = o.now_t, .colour = want_colour() };
		if (o.campaign && strcmp(o.campaign, cfg->campaigns[i].id))
			continue;
		buf_reset(&out);
		if (report_status(cfg, st, &ro, &out, &err)) {
			rc = fail(&err);
			break;
		}
		if (!o.json && remind_status(st, cfg->campaigns[i].id, &out, &err)) {
			rc = fail(&err);
			break;
		}
		if (out_write(out.data, out.len))
			break;
	}
	if (o.campaign && !config_campaign(cfg, o.campaign)) {
		fprintf(stderr, "%s status: no campaign \"%s\" in %s\n", progname, o.campaign, path);
		rc = EX_USAGE;
	}
	if (rc == EX_OK && !stdout_errno && !o.json && !o.campaign) {
		buf_reset(&out);
		if (digest_status(cfg, st, &out, &err))
			rc = fail(&err);
		else
			(void)out_write(out.data, out.len);
	}
	buf_free(&out);
	close_both(cfg, st);
	return rc;
}

static void
print_remind_event(void *ctx, const struct remind_event *ev)
{
	(void)ctx;
	printf("%s %s %s: %s%s%s <%s>\n", ev->campaign, ev->agency, ev->slot, ev->what,
	       ev->detail ? ": " : "", ev->detail ? ev->detail : "", ev->message_id);
}

static int
cmd_remind(const char *path, int argc, char **argv)
{
	struct sub_opts o = { 0 };
	struct yk_err err = { 0 };
	struct yk_config *cfg;
	struct store *st;
	int rc = EX_OK;

	if (parse_sub(argc, argv, &o, "dsCN") != argc)
		return EX_USAGE;
	if (o.dry_run == o.send) {
		fprintf(stderr, "%s remind: say either --dry-run or --send\n", progname);
		return EX_USAGE;
	}
	if ((rc = load_config(path, &cfg)))
		return rc;
	if (o.campaign && !config_campaign(cfg, o.campaign)) {
		fprintf(stderr, "%s remind: no campaign \"%s\" in %s\n", progname, o.campaign, path);
		config_free(cfg);
		return EX_USAGE;
	}
	if ((rc = store_for(cfg, &st, true)))
		return rc;
	if (o.dry_run) {
		struct buf out;
		buf_init(&out, 0);
		if (remind_dry_run(cfg, st, o.now_t, o.campaign, &out, &err))
			rc = fail(&err);
		else
			fwrite(out.data, 1, out.len, stdout);
		buf_free(&out);
	} else {
		struct remind_stats stats;
		/* stdout line-buffered: each outcome is visible as it happens */
		setvbuf(stdout, NULL, _IOLBF, 0);
		if (remind_run(cfg, st, o.now_t, o.campaign, print_remind_event, NULL, &stats, &err))
			rc = fail(&err);
		printf("reminders: %u sent, %u to retry, %u failed, %u cancelled\n", stats.sent,
		       stats.retry, stats.failed, stats.cancelled);
	}
	close_both(cfg, st);
	return rc;
}

static void
print_digest_event(void *ctx, const struct digest_event *ev)
{
	(void)ctx;
	printf("digest %s: %s%s%s <%s>\n", ev->day, ev->what, ev->detail ? ": " : "",
	       ev->detail ? ev->detail : "", ev->message_id);
}

static int
cmd_digest(const char *path, int argc, char **argv)
{
	struct sub_opts o = { 0 };
	struct yk_err err = { 0 };
	struct yk_config *cfg;
	struct store *st;
	int rc = EX_OK;

	if (parse_sub(argc, argv, &o, "sN") != argc)
		return EX_USAGE;
	if ((rc = load_config(path, &cfg)))
		return rc;
	if (o.send && (!cfg->smtp.url || cfg->smtp.n_digest_to == 0)) {
		fprintf(stderr, "%s digest: nothing to send: no smtp.digest_to in %s\n", progname, path);
		config_free(cfg);
		return EX_CONFIG;
	}
	/* a preview only reads: it does not create a missing database */
	if ((rc = store_for(cfg, &st, o.send)))
		return rc;
	if (!o.send) {
		struct buf out;
		bool empty;

		buf_init(&out, 0);
		if (digest_preview(cfg, st, o.now_t, &out, &empty, &err))
			rc = fail(&err);
		else if (empty)
			printf("no campaign to speak of: no digest would be sent\n");
		else
			fwrite(out.data, 1, out.len, stdout);
		buf_free(&out);
	} else {
		unsigned sent;

		setvbuf(stdout, NULL, _IOLBF, 0);
		if (digest_cycle(cfg, st, o.now_t, print_digest_event, NULL, &sent, &err))
			rc = fail(&err);
		else if (!sent)
			printf("digest: nothing sent\n");
	}
	close_both(cfg, st);
	return rc;
}

/* Who records a correction: the person behind sudo, else the login. */
static void
who_am_i(char *out, size_t n)
{
	const char *u = getenv("SUDO_USER");

	if (!u || !*u)
		u = getenv("USER");
	if (u && *u)
		snprintf(out, n, "%s", u);
	else
		snprintf(out, n, "uid %lu", (unsigned long)getuid());
}

static void
now_iso(char out[32])
{
	isotime_format(time(NULL), out);
}

/* fsyncs the folder that holds PATH, so that a rename into it is durable. */
static int
fsync_dir_of(const char *path, struct yk_err *err)
{
	char dir[4096];
	const char *slash = strrchr(path, '/');
	int fd, n;

	if (!slash)
		n = snprintf(dir, sizeof dir, ".");
	else if (slash == path)
		n = snprintf(dir, sizeof dir, "/");
	else
		n = snprintf(dir, sizeof dir, "%.*s", (int)(slash - path), path);
	if (n < 0 || (size_t)n >= sizeof dir)
		return yk_err_set(err, YK_EINVAL, "%s: path too long", path);
	if ((fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0)
		return yk_err_set(err, YK_EIO, "%s: %s", dir, strerror(errno));
	if (fsync(fd) < 0) {
		int e = errno;
		close(fd);
		return yk_err_set(err, YK_EIO, "fsync %s: %s", dir, strerror(e));
	}
	close(fd);
	return 0;
}

/*
 * Makes the finished temporary file TMP the file PATH: mode 0644, fsync,
 * rename, fsync of the folder, so that after a crash PATH is the old file
 * or the whole new one.  FD is TMP's descriptor, closed here on every path;
 * TMP is removed on failure.
 */
static int
commit_tmp(int fd, const char *tmp, const char *path, struct yk_err *err)
{
	const char *what = tmp;
	int e = 0;

	if (fchmod(fd, 0644) < 0 || fsync(fd) < 0)
		e = errno;
	/* close's own error counts: NFS reports a failed write there */
	if (close(fd) < 0 && !e)
		e = errno;
	if (!e && rename(tmp, path) < 0) {
		e = errno;
		what = path;
	}
	if (e) {
		unlink(tmp);
		return yk_err_set(err, YK_EIO, "%s: %s", what, strerror(e));
	}
	return fsync_dir_of(path, err);
}

/* A temporary file beside PATH, for commit_tmp(); its name is in TMP. */
static int
open_tmp(const char *path, char *tmp, size_t size, int *fd, struct yk_err *err)
{
	int n = snprintf(tmp, size, "%s.tmp-XXXXXX", path);

	if (n < 0 || (size_t)n >= size)
		return yk_err_set(err, YK_EINVAL, "%s: path too long", path);
	if ((*fd = mkstemp(tmp)) < 0)
		return yk_err_set(err, YK_EIO, "%s: %s", path, strerror(errno));
	return 0;
}

/* Writes LEN bytes to PATH through a temporary file beside it and a
 * rename, so a reader never sees half a report. */
static int
write_atomic(const char *path, const char *data, size_t len, struct yk_err *err)
{
	char tmp[4096];
	size_t off = 0;
	int fd;

	if (open_tmp(path, tmp, sizeof tmp, &fd, err))
		return err->code;
	while (off < len) {
		ssize_t w = write(fd, data + off, len - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0) {
			int e = errno;
			close(fd);
			unlink(tmp);
			return yk_err_set(err, YK_EIO, "%s: %s", path, strerror(e));
		}
		off += (size_t)w;
	}
	return commit_tmp(fd, tmp, path, err);
}

/* The workbook goes to a temporary file (libxlsxwriter writes a zip to a
 * path), then to PATH by commit_tmp(), or to stdout. */
static int
report_xlsx(const struct summary *sum, const struct export_opts *eo, const char *path,
            struct yk_err *err)
{
	char tmp[4096];
	const char *dir = getenv("TMPDIR");
	char *data = NULL;
	size_t len = 0;
	int fd, n, rc;

	if (path) {
		if (open_tmp(path, tmp, sizeof tmp, &fd, err))
			return err->code;
	} else {
		n = snprintf(tmp, sizeof tmp, "%s/ykien-report-XXXXXX", dir && *dir ? dir : "/tmp");
		if (n < 0 || (size_t)n >= sizeof tmp)
			return yk_err_set(err, YK_EINVAL, "TMPDIR: path too long");
		if ((fd = mkstemp(tmp)) < 0)
			return yk_err_set(err, YK_EIO, "%s: %s", tmp, strerror(errno));
	}
	/* our descriptor stays open across the library's writes (it opens the
	 * path itself), so that the fsync in commit_tmp() covers them */
	if (export_xlsx(sum, eo, tmp, err)) {
		close(fd);
		unlink(tmp);
		return err->code;
	}
	if (path)
		return commit_tmp(fd, tmp, path, err);
	close(fd);
	rc = read_file(tmp, &data, &len, err);
	unlink(tmp);
	if (!rc)
		(void)out_write(data, len); /* a failure is reported by main() */
	free(data);
	return rc;
}

static int
cmd_report(const char *path, int argc, char **argv)
{
	struct sub_opts o = { 0 };
	struct yk_err err = { 0 };
	struct export_opts eo = { .lang = EXPORT_VI, .now = time(NULL) };
	const struct yk_campaign *cp;
	struct yk_config *cfg;
	struct summary *sum = NULL;
	struct store *st;
	int rc;

	if (parse_sub(argc, argv, &o, "CFLoN") != argc)
		return EX_USAGE;
	if (!o.campaign || !o.format) {
		fprintf(stderr, "%s report: say --campaign ID and --format html|xlsx|csv|md\n", progname);
		return EX_USAGE;
	}
	if (export_format_parse(o.format, &eo.format)) {
		fprintf(stderr, "%s report: --format %s: expected html, xlsx, csv or md\n", progname,
		        o.format);
		return EX_USAGE;
	}
	if (o.lang && export_lang_parse(o.lang, &eo.lang)) {
		fprintf(stderr, "%s report: --lang %s: expected vi or en\n", progname, o.lang);
		return EX_USAGE;
	}
	eo.now = o.now_t;
	if (eo.format == EXPORT_XLSX && !o.output && isatty(STDOUT_FILENO)) {
		fprintf(stderr, "%s report: a workbook is binary; say -o FILE.xlsx\n", progname);
		return EX_USAGE;
	}
	if ((rc = load_config(path, &cfg)))
		return rc;
	if (!(cp = config_campaign(cfg, o.campaign))) {
		fprintf(stderr, "%s report: no campaign \"%s\" in %s\n", progname, o.campaign, path);
		config_free(cfg);
		return EX_USAGE;
	}
	if ((rc = store_for(cfg, &st, false)))
		return rc;
	if (summary_load(cfg, cp, st, &sum, &err)) {
		rc = fail(&err);
	} else if (eo.format == EXPORT_XLSX) {
		if (report_xlsx(sum, &eo, o.output, &err))
			rc = fail(&err);
	} else {
		struct buf out;
		buf_init(&out, 0);
		if (export_text(sum, &eo, &out, &err) ||
		    (o.output && write_atomic(o.output, out.data, out.len, &err)))
			rc = fail(&err);
		else if (!o.output)
			(void)out_write(out.data, out.len); /* a failure is reported by main() */
		buf_free(&out);
	}
	summary_free(sum);
	close_both(cfg, st);
	return rc;
}

/* Loads the config and opens the store for the review commands. */
static int
open_both(const char *path, struct yk_config **cfg, struct store **st)
{
	int rc = load_config(path, cfg);

	return rc ? rc : store_for(*cfg, st, false);
}

static int
cmd_review(const char *path, int argc, char **argv)
{
	struct sub_opts o = { 0 };
	struct yk_err err = { 0 };
	struct yk_config *cfg;
	struct store *st;
	struct buf out;
	size_t n = 0;
	int rc;

	if (parse_sub(argc, argv, &o, "C") != argc)
		return EX_USAGE;
	if ((rc = open_both(path, &cfg, &st)))
		return rc;
	if (o.campaign && !config_campaign(cfg, o.campaign)) {
		fprintf(stderr, "%s review: no campaign \"%s\" in %s\n", progname, o.campaign, path);
		rc = EX_USAGE;
	} else {
		buf_init(&out, 0);
		if (review_list(cfg, st, o.campaign, &out, &n, &err))
			rc = fail(&err);
		else
			fwrite(out.data, 1, out.len, stdout);
		buf_free(&out);
	}
	close_both(cfg, st);
	return rc;
}

/* show, assign, set: REF and what follows, no options. */
static int
cmd_ref(const char *path, int argc, char **argv)
{
	struct sub_opts o = { 0 };
	struct yk_err err = { 0 };
	struct yk_config *cfg;
	struct store *st;
	struct buf out;
	char who[256], at[32];
	int first, rc, need = !strcmp(argv[0], "show") ? 1 : 2;

	if ((first = parse_sub(argc, argv, &o, "")) < 0)
		return EX_USAGE;
	if (argc - first < need || (!strcmp(argv[0], "show") && argc - first != 1) ||
	    (!strcmp(argv[0], "assign") && argc - first != 2)) {
		fprintf(stderr, "usage: %s %s\n", progname,
		        !strcmp(argv[0], "show")     ? "show REF"
		        : !strcmp(argv[0], "assign") ? "assign REF AGENCY"
		                                     : "set REF FIELD=VALUE...");
		return EX_USAGE;
	}
	if ((rc = open_both(path, &cfg, &st)))
		return rc;
	who_am_i(who, sizeof who);
	now_iso(at);
	buf_init(&out, 0);
	if (!strcmp(argv[0], "show"))
		rc = review_show(cfg, st, argv[first], &out, &err);
	else if (!strcmp(argv[0], "assign"))
		rc = review_assign(cfg, st, argv[first], argv[first + 1], who, at, &out, &err);
	else
		rc = review_set(cfg, st, argv[first], argv + first + 1, (size_t)(argc - first - 1), who,
		                at, &out, &err);
	if (rc)
		rc = fail(&err);
	else
		fwrite(out.data, 1, out.len, stdout);
	buf_free(&out);
	close_both(cfg, st);
	return rc;
}

static int
run(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	const char *path = CONFIG_DEFAULT_PATH;
	const char *cmd;
	int ch, rc;

	/* options before the command, and -c also after it */
	while ((ch = getopt_long(argc, argv, "+c:hV", longopts, NULL)) != -1) {
		switch (ch) {
		case 'c': path = optarg; break;
		case 'h': usage(stdout); return EX_OK;
		case 'V': printf("ykien %s\n", YKIEN_VERSION); return EX_OK;
		default: usage(stderr); return EX_USAGE;
		}
	}
	if (optind >= argc) {
		usage(stderr);
		return EX_USAGE;
	}
	cmd = argv[optind];
	argc -= optind;
	argv += optind;
	/* pull "-c FILE" / "--config FILE" out of the subcommand's arguments */
	for (int i = 1; i < argc; i++) {
		if ((!strcmp(argv[i], "-c") || !strcmp(argv[i], "--config")) && i + 1 < argc) {
			path = argv[i + 1];
			memmove(&argv[i], &argv[i + 2], (size_t)(argc - i - 2) * sizeof *argv);
			argc -= 2;
			i--;
		} else if (!strncmp(argv[i], "--config=", 9)) {
			path = argv[i] + 9;
			memmove(&argv[i], &argv[i + 1], (size_t)(argc - i - 1) * sizeof *argv);
			argc--;
			i--;
		} else if (!strcmp(argv[i], "--")) {
			break;
		}
	}
	argv[argc] = NULL;
	/* "ykien COMMAND -h|--help", anywhere before a "--" */
	for (int i = 1; i < argc && strcmp(argv[i], "--"); i++) {
		if (strcmp(argv[i], "-h") && strcmp(argv[i], "--help"))
			continue;
		if (command_help(cmd))
			return EX_OK;
		break; /* an unknown command: said below */
	}
	if (!strcmp(cmd, "check-config"))
		return argc == 1 ? cmd_check_config(path) : (usage(stderr), EX_USAGE);
	if (!strcmp(cmd, "help")) {
		usage(stdout);
		return EX_OK;
	}
	extract_global_init();
	if (!strcmp(cmd, "parse"))
		rc = cmd_parse(path, argc, argv);
	else if (!strcmp(cmd, "import"))
		rc = cmd_import(path, argc, argv);
	else if (!strcmp(cmd, "export"))
		rc = cmd_export(path, argc, argv);
	else if (!strcmp(cmd, "status"))
		rc = cmd_status(path, argc, argv);
	else if (!strcmp(cmd, "remind"))
		rc = cmd_remind(path, argc, argv);
	else if (!strcmp(cmd, "digest"))
		rc = cmd_digest(path, argc, argv);
	else if (!strcmp(cmd, "report"))
		rc = cmd_report(path, argc, argv);
	else if (!strcmp(cmd, "review"))
		rc = cmd_review(path, argc, argv);
	else if (!strcmp(cmd, "show") || !strcmp(cmd, "assign") || !strcmp(cmd, "set"))
		rc = cmd_ref(path, argc, argv);
	else {
		fprintf(stderr, "%s: unknown command \"%s\"\n", progname, cmd);
		usage(stderr);
		rc = EX_USAGE;
	}
	extract_global_shutdown();
	return rc;
}

int
main(int argc, char **argv)
{
	return close_stdout(run(argc, argv));
}
