/*
 * ykien — the administrator's command.  A table (commands[]) says what each
 * subcommand takes and needs; one runner (run_command()) parses its
 * options, loads the configuration, opens the store and frees them, so a
 * subcommand's function holds only what is its own.  Every error from lib/
 * is reported here, once, and mapped to a sysexits status; standard output
 * is checked once, at the end (close_stdout()).
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <pwd.h>
#include <locale.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sysexits.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "campaign_new.h"
#include "compose.h"
#include "config.h"
#include "digest_cycle.h"
#include "err.h"
#include "export.h"
#include "extract.h"
#include "i18n.h"
#include "intake.h"
#include "isotime.h"
#include "json.h"
#include "dispatch.h"
#include "remind.h"
#include "report.h"
#include "report_docx.h"
#include "review.h"
#include "status_table.h"
#include "store.h"
#include "summary.h"
#include "ykien_agencies.h"
#include "ykien_webuser.h"

#define YKIEN_VERSION "0.1.0"
#ifndef LOCALEDIR
#define LOCALEDIR "/usr/local/share/locale" /* the Makefile's $(PREFIX)/share/locale */
#endif
#define MAX_INPUT_FILE (256L * 1024 * 1024) /* one file given on the command line */
#define PROGRESS_INTERVAL_NS 100000000L     /* redraw the progress line at most 10 times a second */

static const char *progname = "ykien";

/* One message per command, so that a command added to the list leaves only
 * its own line untranslated until the catalogue catches up. */
static void
usage(FILE *f)
{
	fputs(_("usage: ykien [-c FILE] COMMAND [ARGS]\n"), f);
	fputs("\n", f);
	fputs(_("Commands:\n"), f);
	fputs(_("  check-config                 validate the configuration; "
	        "print ok or every error\n"), f);
	fputs(_("  parse --json FILE.eml...     extract each message, "
	        "print one JSON object per line\n"), f);
	fputs(_("  import FILE.eml...           file messages that arrived another way\n"), f);
	fputs(_("  export --json [--campaign ID]\n"
	        "                               print every filed message as JSON, in filing order\n"), f);
	fputs(_("  status [--campaign ID] [--json] [--now TIME]\n"
	        "                               who replied, who has not, per agency\n"), f);
	fputs(_("  report --campaign ID --format html|xlsx|csv|md|docx [-o FILE] [--lang vi|en]\n"
	        "         [--audit]             the compiled report for the Chairman (docx: the\n"
	        "                               draft báo cáo); --audit adds senders, archive\n"
	        "                               paths and hashes\n"), f);
	fputs(_("  letter --campaign ID --overdue [-o FILE] [--json]\n"
	        "                               the draft letter (.docx) urging the units that\n"
	        "                               have not replied\n"), f);
	fputs(_("  review [--campaign ID]       what still needs a person\n"), f);
	fputs(_("  show REF                     a message in full, or an agency's replies\n"), f);
	fputs(_("  assign REF AGENCY            file a reply under an agency\n"), f);
	fputs(_("  set REF FIELD=VALUE...       correct an answer (kept beside the extracted one)\n"), f);
	fputs(_("  remind --dry-run|--send [--now TIME] [--campaign ID]\n"
	        "                               show the reminder schedule ahead, "
	        "or send what is due\n"), f);
	fputs(_("  dispatch --campaign ID --dry-run|--send [--now TIME]\n"
	        "                               send the letter itself to every expected agency\n"), f);
	fputs(_("  digest [--send] [--now TIME] show the daily digest as it stands, or send today's\n"
	        "                               when due (smtp.digest_to, smtp.digest_at)\n"), f);
	fputs(_("  agencies import FILE [-o OUT] [--previous FILE]\n"
	        "                               agencies from an .xlsx, .ods or .csv, as a file\n"
	        "                               to @include\n"), f);
	fputs(_("  campaign new --letter FILE [--form FILE] [--message-id ID] [-o OUT]\n"
	        "                               draft the forms and campaigns entries "
	        "from the letter\n"), f);
	fputs(_("  web-user add NAME --role clerk|viewer | del NAME | list\n"
	        "                               the web desk's accounts (password on stdin)\n"), f);
	fputs(_("  help                         this list; ykien COMMAND --help: one command\n"), f);
	fputs("\n", f);
	fputs(_("Options:\n"), f);
	fprintf(f, _("  -c, --config FILE   configuration file (default %s)\n"), CONFIG_DEFAULT_PATH);
	fputs(_("  -h, --help          this help\n"), f);
	fputs(_("  -V, --version       print the version\n"), f);
	/* TRANSLATORS: said last in the help; the environment that chooses
	 * the language */
	fputs(_("\nMessages are in English; LANG=vi_VN.UTF-8 (or LANGUAGE=vi) shows them in "
	        "Vietnamese.\n"), f);
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
	fprintf(stderr, _("%s: cannot write standard output: %s\n"), progname, strerror(stdout_errno));
	return rc ? rc : EX_IOERR;
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

/* Reads a whole file of at most LIMIT bytes into a malloc'd buffer: a
 * message given to parse or import is bounded by mailbox.max_message_size,
 * as intake bounds it. */
static int
read_file(const char *path, size_t limit, char **data, size_t *len, struct yk_err *err)
{
	struct buf b;
	int rc;

	buf_init(&b, limit);
	if ((rc = buf_read_file(&b, path, err))) {
		buf_free(&b);
		if (rc == YK_ELIMIT)
			yk_err_set(err, rc, "%s: larger than %zu bytes (max_message_size)", path, limit);
		return rc;
	}
	*len = b.len;
	*data = buf_take(&b);
	return 0;
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
	const char *letter;  /* campaign new --letter */
	const char *form;    /* campaign new --form */
	const char *message_id; /* campaign new --message-id */
	bool audit;          /* report --audit */
	bool overdue;        /* letter --overdue */
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
		{ "letter", required_argument, NULL, 'l' },
		{ "form", required_argument, NULL, 'f' },
		{ "message-id", required_argument, NULL, 'm' },
		{ "audit", no_argument, NULL, 'A' },
		{ "overdue", no_argument, NULL, 'O' },
		{ NULL, 0, NULL, 0 },
	};
	int ch;

	o->now_t = time(NULL);
	optind = 1;
	while ((ch = getopt_long(argc, argv, "+o:", longopts, NULL)) != -1) {
		if (ch == '?' || !strchr(allowed, ch)) {
			if (ch != '?')
				fprintf(stderr, _("%s %s: option %s is not for this command\n"), progname, argv[0],
				        argv[optind - 1]);
			return -1;
		}
		switch (ch) {
		case 'j': o->json = true; break;
		case 'C': o->campaign = optarg; break;
		case 'N':
			o->now = optarg;
			if (isotime_parse(optarg, &o->now_t)) {
				fprintf(stderr, _("%s %s: --now %s: expected a time like "
				                  "2024-01-31T17:00:00+07:00\n"), progname, argv[0], optarg);
				return -1;
			}
			break;
		case 'd': o->dry_run = true; break;
		case 's': o->send = true; break;
		case 'F': o->format = optarg; break;
		case 'L': o->lang = optarg; break;
		case 'o': o->output = optarg; break;
		case 'l': o->letter = optarg; break;
		case 'f': o->form = optarg; break;
		case 'm': o->message_id = optarg; break;
		case 'A': o->audit = true; break;
		case 'O': o->overdue = true; break;
		}
	}
	return optind;
}

struct cmd_ctx;

/* What a command needs opened before it runs. */
enum store_use {
	STORE_NONE,           /* first: a row of the table that names none opens none */
	STORE_READ,           /* an existing database; none is an error */
	STORE_CREATE,         /* created when missing */
	STORE_CREATE_TO_SEND, /* created with --send; a preview only reads */
};

/*
 * A command: its help (`ykien COMMAND --help`), what it takes and needs, in
 * the order run_command() checks it.  An error at any step is said once and
 * ends the command with a sysexits status.
 */
struct command {
	const char *name, *args, *what;
	const char *opts;     /* parse_sub()'s letters; NULL: neither options nor operands */
	bool operands;        /* takes operands after the options */
	/* with operands: how many, else the command's usage line; min_ops 0:
	 * not counted here, max_ops 0: no upper bound */
	int min_ops, max_ops;
	int (*check)(struct cmd_ctx *);  /* the arguments, before the configuration is read */
	bool campaign_known;  /* a --campaign must be one of the configuration's */
	int (*ready)(struct cmd_ctx *);  /* with the configuration, before the store */
	enum store_use store;
	int (*run)(struct cmd_ctx *);    /* NULL: help */
};

/*
 * What a command gets from the runner, run_command(): its options and
 * operands, the configuration and, when its row of the table says so, the
 * store.  The runner frees them all; the command returns its exit status,
 * reporting an error of lib/ with fail(&c->err).
 */
struct cmd_ctx {
	const struct command *cmd;
	const char *path;           /* the configuration file */
	int argc;
	char **argv;                /* argv[0] is the command's name */
	int first;                  /* argv[first] is the first operand */
	struct sub_opts o;
	struct report_opts eo;      /* report: --format and --lang, parsed */
	struct yk_config *cfg;
	struct store *st;
	struct buf out;             /* what the command prints, see emit() */
	struct yk_err err;
};

/* Prints what the command gathered in c->out; a failure is reported by
 * main(), once. */
static int
emit(struct cmd_ctx *c)
{
	(void)out_write(c->out.data, c->out.len);
	return EX_OK;
}

static int
no_campaign(const struct cmd_ctx *c)
{
	fprintf(stderr, _("%s %s: no campaign \"%s\" in %s\n"), progname, c->argv[0], c->o.campaign,
	        c->path);
	return EX_USAGE;
}

static int
need_json(struct cmd_ctx *c)
{
	if (c->o.json)
		return 0;
	fprintf(stderr, _("%s %s: only --json output exists; say --json\n"), progname, c->argv[0]);
	return EX_USAGE;
}

static int
need_files(struct cmd_ctx *c)
{
	if (c->first < c->argc)
		return 0;
	fprintf(stderr, _("%s %s: no files given\n"), progname, c->argv[0]);
	return EX_USAGE;
}

static int
check_parse(struct cmd_ctx *c)
{
	int rc = need_json(c);

	return rc ? rc : need_files(c);
}

static int
cmd_check_config(struct cmd_ctx *c)
{
	/* a misspelt placeholder would otherwise surface only when the first
	 * reminder, receipt or digest is due */
	unsigned bad = compose_check_templates(c->cfg, &c->out);

	/* the web desk's certificate and key, read when it starts */
	bad += (unsigned)config_web_check(c->cfg, &c->out);
	if (bad) {
		fputs(c->out.data, stderr);
		return EX_CONFIG;
	}
	printf("ok\n");
	return EX_OK;
}

static int
cmd_parse(struct cmd_ctx *c)
{
	size_t limit = (size_t)c->cfg->mailbox.max_message_size;
	struct buf *line = &c->out;
	int status = EX_OK;

	for (int i = c->first; i < c->argc; i++) {
		struct yk_err err = { 0 };
		struct extract_result *r = NULL;
		char *data = NULL;
		size_t len = 0;

		buf_reset(line);
		if (read_file(c->argv[i], limit, &data, &len, &err) == 0 &&
		    extract_message(c->cfg, data, len, &r, &err) == 0) {
			buf_adds(line, "{");
			json_key(line, "file");
			json_str(line, c->argv[i]);
			buf_addc(line, ',');
			if (extract_json_fields(r, line) == 0 && buf_adds(line, "}\n") == 0)
				(void)out_write(line->data, line->len);
		} else {
			/* still one object per file, so consumers can count them */
			fprintf(stderr, "%s: %s\n", progname, err.msg);
			buf_adds(line, "{");
			json_key(line, "file");
			json_str(line, c->argv[i]);
			buf_adds(line, ",\"error\":");
			json_str(line, err.msg);
			buf_adds(line, "}\n");
			(void)out_write(line->data, line->len);
			status = EX_DATAERR;
		}
		extract_free(r);
		free(data);
		if (stdout_errno)
			break; /* nobody reads the rest */
	}
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
		fprintf(stderr, _("%s: no database at %s yet (ykiend or ykien import creates it)\n"),
		        progname, cfg->storage.database);
		return EX_NOINPUT;
	}
	if (store_open(cfg->storage.database, st, &err))
		return fail(&err);
	return 0;
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
cmd_import(struct cmd_ctx *c)
{
	size_t limit = (size_t)c->cfg->mailbox.max_message_size;
	struct progress prog = { 0 };
	int status = EX_OK;

	struct dispatch_index dx = { 0 };

	/* a reply to a letter ykien dispatched is known by its token */
	if (dispatch_index_load(c->st, &dx, &c->err))
		return fail(&c->err);
	prog.on = c->argc - c->first > 1 && isatty(STDERR_FILENO);
	prog.total = (size_t)(c->argc - c->first);
	for (int i = c->first; i < c->argc; i++) {
		struct intake in = { .cfg = c->cfg, .st = c->st, .on_event = print_event,
			             .event_ctx = &prog, .dispatched = &dx };
		struct yk_err err = { 0 };
		char *data = NULL;
		size_t len = 0;
		bool already = false;

		if (read_file(c->argv[i], limit, &data, &len, &err) == 0 &&
		    intake_import(&in, c->argv[i], data, len, &already, &err) == 0) {
			if (already) {
				progress_clear(&prog);
				printf(_("%s: already filed\n"), c->argv[i]);
			}
		} else {
			progress_clear(&prog);
			status = fail(&err);
		}
		free(data);
		prog.done++;
		if (prog.on)
			fflush(stdout); /* the lines before the progress line */
		progress_show(&prog, c->argv[i], i + 1 == c->argc);
	}
	if (prog.on)
		fputc('\n', stderr);
	dispatch_index_free(&dx);
	return status;
}

/* One message's line of export --json (lib/export.h) per call. */
struct export_ctx {
	struct cmd_ctx *c;
	int rc;               /* a failure of lib/, in c->err */
};

static int
print_export(void *ctx, const struct store_export *e)
{
	struct export_ctx *x = ctx;
	struct buf *b = &x->c->out;

	buf_reset(b);
	if ((x->rc = export_line(x->c->cfg, x->c->st, e, b, &x->c->err)))
		return x->rc;
	/* non-zero stops the walk; the failed output is main()'s to report */
	return out_write(b->data, b->len) ? YK_EIO : 0;
}

static int
cmd_export(struct cmd_ctx *c)
{
	struct export_ctx x = { .c = c };

	/* a walk stopped by the output is not an error of the store: whether
	 * or not the store passes our YK_EIO on, main() says it once */
	if (store_each_export(c->st, c->o.campaign, print_export, &x, &c->err) &&
	    (x.rc || !stdout_errno))
		return fail(&c->err);
	return EX_OK;
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
cmd_status(struct cmd_ctx *c)
{
	const struct yk_config *cfg = c->cfg;
	int rc = EX_OK;

	for (size_t i = 0; i < cfg->n_campaigns; i++) {
		struct status_table_opts ro = { .campaign = &cfg->campaigns[i], .json = c->o.json,
			                  .colour = want_colour() };
		if (c->o.campaign && strcmp(c->o.campaign, cfg->campaigns[i].id))
			continue;
		buf_reset(&c->out);
		if (status_table(cfg, c->st, &ro, &c->out, &c->err)) {
			rc = fail(&c->err);
			break;
		}
		if (!c->o.json && remind_status(c->st, cfg->campaigns[i].id, &c->out, &c->err)) {
			rc = fail(&c->err);
			break;
		}
		if (out_write(c->out.data, c->out.len))
			break;
	}
	/* after the walk (which showed nothing for it), as review does: a missing
	 * database is said before an unknown campaign */
	if (c->o.campaign && !config_campaign(cfg, c->o.campaign))
		rc = no_campaign(c);
	if (rc == EX_OK && !stdout_errno && !c->o.json && !c->o.campaign) {
		buf_reset(&c->out);
		if (digest_status(cfg, c->st, &c->out, &c->err))
			return fail(&c->err);
		return emit(c);
	}
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
check_remind(struct cmd_ctx *c)
{
	if (c->o.dry_run != c->o.send)
		return 0;
	fprintf(stderr, _("%s remind: say either --dry-run or --send\n"), progname);
	return EX_USAGE;
}

static int
cmd_remind(struct cmd_ctx *c)
{
	struct remind_stats stats;
	int rc = EX_OK;

	if (c->o.dry_run) {
		if (remind_dry_run(c->cfg, c->st, c->o.now_t, c->o.campaign, &c->out, &c->err))
			return fail(&c->err);
		return emit(c);
	}
	/* stdout line-buffered: each outcome is visible as it happens */
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (remind_run(c->cfg, c->st, c->o.now_t, c->o.campaign, print_remind_event, NULL, &stats,
	               &c->err))
		rc = fail(&c->err);
	printf(_("reminders: %u sent, %u to retry, %u failed, %u cancelled\n"), stats.sent,
	       stats.retry, stats.failed, stats.cancelled);
	return rc;
}

static void
print_dispatch_event(void *ctx, const struct dispatch_event *ev)
{
	(void)ctx;
	printf("%s: %s%s%s%s%s <%s>\n", ev->agency, ev->what, ev->to && *ev->to ? " to " : "",
	       ev->to ? ev->to : "", ev->detail ? ": " : "", ev->detail ? ev->detail : "",
	       ev->message_id ? ev->message_id : "-");
}

static int
check_dispatch(struct cmd_ctx *c)
{
	if (c->o.dry_run == c->o.send) {
		fprintf(stderr, _("%s dispatch: say either --dry-run or --send\n"), progname);
		return EX_USAGE;
	}
	if (!c->o.campaign) {
		fprintf(stderr, _("%s dispatch: say which campaign: --campaign ID\n"), progname);
		return EX_USAGE;
	}
	return 0;
}

/* Said before the database is opened or created: nothing to send. */
static int
ready_dispatch(struct cmd_ctx *c)
{
	const struct yk_campaign *cp = config_campaign(c->cfg, c->o.campaign);

	if (!c->cfg->smtp.url) {
		fprintf(stderr, _("%s dispatch: no smtp group in %s: the letter cannot be sent\n"),
		        progname, c->path);
		return EX_CONFIG;
	}
	if (cp && !cp->letter_path) {
		fprintf(stderr, _("%s dispatch: campaign %s has no 'letter' in %s (the file to send, "
		                  "e.g. letter = \"/etc/ykien/letters/118-UBND-TH.pdf\";)\n"), progname,
		        cp->id, c->path);
		return EX_CONFIG;
	}
	return 0;
}

static int
cmd_dispatch(struct cmd_ctx *c)
{
	struct dispatch_stats stats;
	int rc = EX_OK;

	if (c->o.dry_run) {
		if (dispatch_dry_run(c->cfg, c->st, c->o.campaign, &c->out, &c->err))
			return fail(&c->err);
		return emit(c);
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (dispatch_send(c->cfg, c->st, c->o.now_t, c->o.campaign, print_dispatch_event, NULL,
	                  &stats, &c->err))
		rc = fail(&c->err);
	printf(_("dispatch: %u sent, %u already sent before, %u to retry, %u failed, "
	         "%u without an address\n"), stats.sent, stats.already, stats.retry, stats.failed,
	       stats.unmailable);
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
ready_digest(struct cmd_ctx *c)
{
	if (!c->o.send || (c->cfg->smtp.url && c->cfg->smtp.n_digest_to > 0))
		return 0;
	fprintf(stderr, _("%s digest: nothing to send: no smtp.digest_to in %s\n"), progname, c->path);
	return EX_CONFIG;
}

static int
cmd_digest(struct cmd_ctx *c)
{
	unsigned sent;
	bool empty;

	if (!c->o.send) {
		if (digest_preview(c->cfg, c->st, c->o.now_t, &c->out, &empty, &c->err))
			return fail(&c->err);
		if (empty)
			printf(_("no campaign to speak of: no digest would be sent\n"));
		else
			emit(c);
		return EX_OK;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (digest_cycle(c->cfg, c->st, c->o.now_t, print_digest_event, NULL, &sent, &c->err))
		return fail(&c->err);
	if (!sent)
		printf(_("digest: nothing sent\n"));
	return EX_OK;
}

/*
 * Who records a correction: the person behind sudo, else the login of the
 * user running the command (its name in the password database, then
 * $USER); a bare uid only for a user with no name at all.
 */
static void
who_am_i(char *out, size_t n)
{
	const char *u = getenv("SUDO_USER");
	const struct passwd *pw;

	if (!u || !*u) {
		pw = getpwuid(getuid());
		u = pw && pw->pw_name && *pw->pw_name ? pw->pw_name : getenv("USER");
	}
	if (u && *u)
		snprintf(out, n, "%s", u);
	else
		snprintf(out, n, "uid %lu", (unsigned long)getuid());
}

static void
now_iso(char out[ISOTIME_LEN])
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
report_xlsx(const struct summary *sum, const struct report_opts *eo, const char *path,
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
	if (report_xlsx_write(sum, eo, tmp, err)) {
		close(fd);
		unlink(tmp);
		return err->code;
	}
	if (path)
		return commit_tmp(fd, tmp, path, err);
	close(fd);
	rc = read_file(tmp, MAX_INPUT_FILE, &data, &len, err);
	unlink(tmp);
	if (!rc)
		(void)out_write(data, len); /* a failure is reported by main() */
	free(data);
	return rc;
}

static int
check_report(struct cmd_ctx *c)
{
	const struct sub_opts *o = &c->o;

	c->eo.lang = REPORT_VI;
	c->eo.now = o->now_t;
	c->eo.audit = o->audit;
	if (!o->campaign || !o->format) {
		fprintf(stderr, _("%s report: say --campaign ID and --format html|xlsx|csv|md|docx\n"),
		        progname);
		return EX_USAGE;
	}
	if (report_format_parse(o->format, &c->eo.format)) {
		fprintf(stderr, _("%s report: --format %s: expected html, xlsx, csv, md or docx\n"),
		        progname,
		        o->format);
		return EX_USAGE;
	}
	if (o->lang && report_lang_parse(o->lang, &c->eo.lang)) {
		fprintf(stderr, _("%s report: --lang %s: expected vi or en\n"), progname, o->lang);
		return EX_USAGE;
	}
	if (c->eo.format == REPORT_XLSX && !o->output && isatty(STDOUT_FILENO)) {
		fprintf(stderr, _("%s report: a workbook is binary; say -o FILE.xlsx\n"), progname);
		return EX_USAGE;
	}
	if (c->eo.format == REPORT_DOCX && !o->output && isatty(STDOUT_FILENO)) {
		fprintf(stderr, _("%s report: a Word document is binary; say -o FILE.docx\n"), progname);
		return EX_USAGE;
	}
	return 0;
}

/* A Word document of SUM made by MAKE, to -o FILE (replaced whole) or to
 * standard output. */
static int
put_docx(struct cmd_ctx *c, const struct summary *sum,
         int (*make)(const struct summary *, char **, size_t *, struct yk_err *))
{
	char *data = NULL;
	size_t len = 0;
	int rc = EX_OK;

	if (make(sum, &data, &len, &c->err) ||
	    (c->o.output && write_atomic(c->o.output, data, len, &c->err)))
		rc = fail(&c->err);
	else if (!c->o.output)
		(void)out_write(data, len); /* a failure is reported by main() */
	free(data);
	return rc;
}

static int
check_letter(struct cmd_ctx *c)
{
	const struct sub_opts *o = &c->o;

	if (!o->campaign || !o->overdue) {
		fprintf(stderr, _("%s letter: say --campaign ID --overdue\n"), progname);
		return EX_USAGE;
	}
	if (o->json && o->output) {
		fprintf(stderr, _("%s letter: --json prints the list; it takes no -o\n"), progname);
		return EX_USAGE;
	}
	if (!o->json && !o->output && isatty(STDOUT_FILENO)) {
		fprintf(stderr, _("%s letter: a Word document is binary; say -o FILE.docx\n"), progname);
		return EX_USAGE;
	}
	return 0;
}

/* The draft công văn đôn đốc to the units `ykien status` shows as not
 * replied, or (--json) their list. */
static int
cmd_letter(struct cmd_ctx *c)
{
	const struct yk_campaign *cp = config_campaign(c->cfg, c->o.campaign);
	struct summary *sum = NULL;
	int rc = EX_OK;

	if (summary_load(c->cfg, cp, c->st, &sum, &c->err))
		rc = fail(&c->err);
	else if (!c->o.json && !sum->t.missing) {
		/* a letter to no one would still be a paper to sign by mistake */
		fprintf(stderr, _("%s letter: every unit asked has replied to %s: there is no one "
		                  "to urge; nothing written\n"), progname, cp->id);
		rc = EX_DATAERR;
	} else if (!c->o.json)
		rc = put_docx(c, sum, report_docx_overdue);
	else if (report_docx_missing_json(sum, &c->out))
		rc = fail(&c->err);
	else
		rc = emit(c);
	summary_free(sum);
	return rc;
}

static int
cmd_report(struct cmd_ctx *c)
{
	const struct yk_campaign *cp = config_campaign(c->cfg, c->o.campaign);
	const char *output = c->o.output;
	struct summary *sum = NULL;
	int rc = EX_OK;

	if (summary_load(c->cfg, cp, c->st, &sum, &c->err)) {
		rc = fail(&c->err);
	} else if (c->eo.format == REPORT_XLSX) {
		if (report_xlsx(sum, &c->eo, output, &c->err))
			rc = fail(&c->err);
	} else if (c->eo.format == REPORT_DOCX) {
		rc = put_docx(c, sum, report_docx);
	} else if (report_text(sum, &c->eo, &c->out, &c->err) ||
	           (output && write_atomic(output, c->out.data, c->out.len, &c->err))) {
		rc = fail(&c->err);
	} else if (!output) {
		rc = emit(c);
	}
	summary_free(sum);
	return rc;
}

static int
cmd_review(struct cmd_ctx *c)
{
	size_t n = 0;

	/* after the store is open: a missing database is said first */
	if (c->o.campaign && !config_campaign(c->cfg, c->o.campaign))
		return no_campaign(c);
	if (review_list(c->cfg, c->st, c->o.campaign, &c->out, &n, &c->err))
		return fail(&c->err);
	return emit(c);
}

static int
cmd_show(struct cmd_ctx *c)
{
	if (review_show(c->cfg, c->st, c->argv[c->first], &c->out, &c->err))
		return fail(&c->err);
	return emit(c);
}

static int
cmd_assign(struct cmd_ctx *c)
{
	char who[256], at[ISOTIME_LEN];

	who_am_i(who, sizeof who);
	now_iso(at);
	if (review_assign(c->cfg, c->st, c->argv[c->first], c->argv[c->first + 1], who, at, &c->out,
	                  &c->err))
		return fail(&c->err);
	return emit(c);
}

static int
cmd_set(struct cmd_ctx *c)
{
	char who[256], at[ISOTIME_LEN];

	who_am_i(who, sizeof who);
	now_iso(at);
	if (review_set(c->cfg, c->st, c->argv[c->first], c->argv + c->first + 1,
	               (size_t)(c->argc - c->first - 1), who, at, &c->out, &c->err))
		return fail(&c->err);
	return emit(c);
}

static int
check_campaign_new(struct cmd_ctx *c)
{
	int n;

	/* "campaign new --letter …": the options follow the word "new" */
	if (strcmp(c->argv[c->first], "new") ||
	    (n = parse_sub(c->argc - c->first, c->argv + c->first, &c->o, c->cmd->opts)) < 0 ||
	    n != c->argc - c->first || !c->o.letter) {
		fprintf(stderr, _("usage: %s campaign %s\n"), progname, c->cmd->args);
		return EX_USAGE;
	}
	return 0;
}

/* The draft goes to -o FILE (replaced whole, as report's) or stdout. */
static int
cmd_campaign_new(struct cmd_ctx *c)
{
	if (campaign_new(c->cfg, c->o.letter, c->o.form, c->o.message_id, &c->out, &c->err) ||
	    (c->o.output && (campaign_new_may_replace(c->o.output, &c->out, &c->err) ||
	                     write_atomic(c->o.output, c->out.data, c->out.len, &c->err))))
		return fail(&c->err);
	return c->o.output ? EX_OK : emit(c);
}

static int
cmd_web_user(struct cmd_ctx *c)
{
	return webuser_command(c->cfg, c->argc - c->first, c->argv + c->first);
}

/* The commands: their help, what they take and need, in the order the
 * runner checks it. */
static const struct command commands[] = {
	{ .name = "check-config", .args = "",
	  .what = N_("Validate the configuration; print ok, or every error as FILE:LINE."),
	  .run = cmd_check_config },
	{ .name = "parse", .args = "--json FILE.eml...",
	  .what = N_("Extract each message (nothing is filed); print one JSON object per line."),
	  .opts = "j", .operands = true, .check = check_parse, .run = cmd_parse },
	{ .name = "import", .args = "FILE.eml...",
	  .what = N_("File messages that arrived another way, as the service does."),
	  .opts = "", .operands = true, .check = need_files, .store = STORE_CREATE,
	  .run = cmd_import },
	{ .name = "export", .args = "--json [--campaign ID]",
	  .what = N_("Print every filed message as JSON, one object per line, in filing order."),
	  .opts = "jC", .check = need_json, .campaign_known = true, .store = STORE_READ,
	  .run = cmd_export },
	{ .name = "status", .args = "[--campaign ID] [--json] [--now TIME]",
	  .what = N_("Who replied, who has not, per agency; the reminders and the digest."),
	  .opts = "jCN", .store = STORE_READ, .run = cmd_status },
	{ .name = "report",
	  .args = "--campaign ID --format html|xlsx|csv|md|docx [-o FILE] [--lang vi|en] [--now TIME] "
	          "[--audit]",
	  .what = N_("The compiled report for the Chairman, to standard output or to FILE "
	             "(docx: the draft báo cáo); with --audit, each reply's sender, archive path "
	             "and SHA-256 too."),
	  .opts = "CFLoNA", .check = check_report, .campaign_known = true, .store = STORE_READ,
	  .run = cmd_report },
	{ .name = "letter", .args = "--campaign ID --overdue [-o FILE] [--json]",
	  .what = N_("The draft công văn đôn đốc (.docx) to the units that have not replied; "
	             "--json: their codes and names."),
	  .opts = "COoj", .check = check_letter, .campaign_known = true, .store = STORE_READ,
	  .run = cmd_letter },
	{ .name = "review", .args = "[--campaign ID]",
	  .what = N_("List what still needs a person."),
	  .opts = "C", .store = STORE_READ, .run = cmd_review },
	{ .name = "show", .args = "REF",
	  .what = N_("A message in full, or an agency's replies (REF an agency code)."),
	  .opts = "", .operands = true, .min_ops = 1, .max_ops = 1, .store = STORE_READ,
	  .run = cmd_show },
	{ .name = "assign", .args = "REF AGENCY",
	  .what = N_("File the reply REF under AGENCY, recorded with who and when."),
	  .opts = "", .operands = true, .min_ops = 2, .max_ops = 2, .store = STORE_READ,
	  .run = cmd_assign },
	{ .name = "set", .args = "REF FIELD=VALUE...",
	  .what = N_("Correct an answer, kept beside the extracted one."),
	  .opts = "", .operands = true, .min_ops = 2, .store = STORE_READ, .run = cmd_set },
	{ .name = "remind", .args = "--dry-run|--send [--now TIME] [--campaign ID]",
	  .what = N_("Show the reminder schedule ahead, or send the reminders due."),
	  .opts = "dsCN", .check = check_remind, .campaign_known = true, .store = STORE_CREATE,
	  .run = cmd_remind },
	{ .name = "dispatch", .args = "--campaign ID --dry-run|--send [--now TIME]",
	  .what = N_("Send the letter (campaign.letter, with the form) to every expected agency, "
	          "once each."),
	  .opts = "dsCN", .check = check_dispatch, .campaign_known = true,
	  .ready = ready_dispatch, .store = STORE_CREATE, .run = cmd_dispatch },
	{ .name = "digest", .args = "[--send] [--now TIME]",
	  .what = N_("Show the daily digest as it stands, or send today's when it is due."),
	  .opts = "sN", .ready = ready_digest, .store = STORE_CREATE_TO_SEND, .run = cmd_digest },
	{ .name = "campaign", .args = "new --letter FILE [--form FILE] [--message-id ID] [-o OUT]",
	  .what = N_("Draft the forms and campaigns entries from the letter "
	             "(.docx, .odt, .pdf, .txt)."),
	  .opts = "lfmo", .operands = true, .min_ops = 1, .check = check_campaign_new,
	  .run = cmd_campaign_new },
	{ .name = "web-user", .args = "add NAME --role clerk|viewer | del NAME | list",
	  .what = N_("The accounts of the web desk, ykien-web(8): add one (its password one line "
	             "on standard input, or asked twice at a terminal), delete one, list them."),
	  .opts = "", .operands = true, .min_ops = 1, .run = cmd_web_user },
	{ .name = "help", .args = "", .what = N_("The list of commands.") },
};

static const struct command *
command_find(const char *name)
{
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
		if (!strcmp(commands[i].name, name))
			return &commands[i];
	return NULL;
}

/* Prints CMD's help. */
static void
command_help(const struct command *cmd)
{
	printf(_("usage: ykien [-c FILE] %s%s%s\n\n%s\n\n"
	         "  -c, --config FILE   configuration file (default %s)\n"
	         "  -h, --help          this help\n\n"
	         "See ykien(1) for the whole description.\n"),
	       cmd->name, *cmd->args ? " " : "", cmd->args, _(cmd->what), CONFIG_DEFAULT_PATH);
}

/* Parses the arguments, loads the configuration, opens the store, runs the
 * command and frees what it was given, as CMD's row says. */
static int
run_command(const struct command *cmd, const char *path, int argc, char **argv)
{
	struct cmd_ctx c = { .cmd = cmd, .path = path, .argc = argc, .argv = argv, .first = 1 };
	int rc;

	if (!cmd->run) {
		usage(stdout);
		return EX_OK;
	}
	if (!cmd->opts) {
		if (argc != 1) {
			usage(stderr);
			return EX_USAGE;
		}
	} else if ((c.first = parse_sub(argc, argv, &c.o, cmd->opts)) < 0 ||
	           (!cmd->operands && c.first != argc)) {
		return EX_USAGE;
	} else if (cmd->min_ops && (argc - c.first < cmd->min_ops ||
	                            (cmd->max_ops && argc - c.first > cmd->max_ops))) {
		fprintf(stderr, _("usage: %s %s %s\n"), progname, argv[0], cmd->args);
		return EX_USAGE;
	}
	if (cmd->check && (rc = cmd->check(&c)))
		return rc;
	if ((rc = load_config(path, &c.cfg)))
		return rc;
	if (cmd->campaign_known && c.o.campaign && !config_campaign(c.cfg, c.o.campaign))
		rc = no_campaign(&c);
	else if (cmd->ready)
		rc = cmd->ready(&c);
	if (!rc && cmd->store != STORE_NONE)
		rc = open_store_as(c.cfg, &c.st,
		                   cmd->store == STORE_CREATE ||
		                           (cmd->store == STORE_CREATE_TO_SEND && c.o.send));
	if (!rc) {
		buf_init(&c.out, 0);
		rc = cmd->run(&c);
		buf_free(&c.out);
	}
	store_close(c.st);
	config_free(c.cfg);
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
	const struct command *cmd;
	const char *path = CONFIG_DEFAULT_PATH;
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
	argc -= optind;
	argv += optind;
	cmd = command_find(argv[0]);
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
	for (int i = 1; cmd && i < argc && strcmp(argv[i], "--"); i++) {
		if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			command_help(cmd);
			return EX_OK;
		}
	}
	/* needs no configuration (it writes one): its own runner */
	if (!cmd && !strcmp(argv[0], "agencies"))
		return agencies_command(argc, argv);
	if (!cmd) {
		fprintf(stderr, _("%s: unknown command \"%s\"\n"), progname, argv[0]);
		usage(stderr);
		return EX_USAGE;
	}
	extract_global_init();
	rc = run_command(cmd, path, argc, argv);
	extract_global_shutdown();
	return rc;
}

/*
 * The language of the messages, from the environment (LANGUAGE, LC_ALL,
 * LC_MESSAGES, LANG), and the character type: those two categories only.
 * LC_NUMERIC in vi_VN would write "3,5" into JSON and make strtod misread
 * the configuration, and LC_TIME or LC_COLLATE would make an output differ
 * by who ran it.  The catalogue is LOCALEDIR's, or YKIEN_LOCALEDIR's for a
 * build that is not installed (the tests').  Every output is UTF-8 (the
 * names, the replies), so the translations are too, whatever the locale's
 * own character set.
 */
static void
i18n_init(void)
{
	const char *dir = getenv("YKIEN_LOCALEDIR");

	setlocale(LC_MESSAGES, "");
	setlocale(LC_CTYPE, "");
	bindtextdomain(YK_TEXTDOMAIN, dir && *dir ? dir : LOCALEDIR);
	bind_textdomain_codeset(YK_TEXTDOMAIN, "UTF-8");
	textdomain(YK_TEXTDOMAIN);
}

int
main(int argc, char **argv)
{
	i18n_init();
	return close_stdout(run(argc, argv));
}
