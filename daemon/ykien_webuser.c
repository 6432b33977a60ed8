/*
 * ykien_webuser — see ykien_webuser.h.  The password is read from standard
 * input, never from the command line (where ps(1) and the shell's history
 * would show it): one line, or at a terminal asked twice without echo.
 */
#include "ykien_webuser.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <termios.h>
#include <unistd.h>

#include "err.h"
#include "i18n.h"
#include "webusers.h"

/* Reads one line of at most WEBUSERS_PASS_MAX bytes from F into OUT (room
 * for WEBUSERS_PASS_MAX + 2); false at end of input or when longer. */
static bool
read_line(FILE *f, char *out, size_t n)
{
	size_t l;

	if (!fgets(out, (int)n, f))
		return false;
	l = strlen(out);
	if (l && out[l - 1] == '\n')
		out[--l] = '\0';
	else if (l == n - 1)
		return false; /* longer than the limit */
	if (l && out[l - 1] == '\r')
		out[--l] = '\0';
	return true;
}

/* At a terminal: PROMPT, then a line with the echo off. */
static bool
ask(const char *prompt, char *out, size_t n)
{
	struct termios old, quiet;
	bool ok;

	/* the echo goes off (and what was typed ahead is dropped) before the
	 * prompt shows: a password typed as soon as the prompt appears is
	 * kept, not flushed with the type-ahead */
	if (tcgetattr(STDIN_FILENO, &old))
		return false;
	quiet = old;
	quiet.c_lflag &= ~(tcflag_t)(ECHO | ECHONL);
	quiet.c_lflag |= ICANON;
	if (tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet))
		return false;
	fputs(prompt, stderr);
	fflush(stderr);
	ok = read_line(stdin, out, n);
	tcsetattr(STDIN_FILENO, TCSANOW, &old);
	fputc('\n', stderr);
	return ok;
}

static int
read_password(char *pw, size_t n)
{
	if (isatty(STDIN_FILENO)) {
		char again[WEBUSERS_PASS_MAX + 2];
		bool same;

		if (!ask(_("Password: "), pw, n) || !ask(_("Password again: "), again, sizeof again)) {
			fprintf(stderr, _("ykien web-user: no password read\n"));
			return EX_DATAERR;
		}
		same = !strcmp(pw, again);
		explicit_bzero(again, sizeof again);
		if (!same) {
			fprintf(stderr, _("ykien web-user: the two passwords differ\n"));
			return EX_DATAERR;
		}
	} else if (!read_line(stdin, pw, n)) {
		fprintf(stderr, _("ykien web-user: expected the password as one line of at most %d "
		                  "bytes on standard input\n"), WEBUSERS_PASS_MAX);
		return EX_DATAERR;
	}
	if (!*pw) {
		fprintf(stderr, _("ykien web-user: an empty password is not accepted\n"));
		return EX_DATAERR;
	}
	return 0;
}

static int
fail(const struct yk_err *err)
{
	fprintf(stderr, "ykien web-user: %s\n", err->msg);
	return yk_err_exit_status(err->code);
}

static int
usage(void)
{
	fputs(_("usage: ykien web-user add NAME --role clerk|viewer\n"
	        "       ykien web-user del NAME\n"
	        "       ykien web-user list\n"), stderr);
	return EX_USAGE;
}

/* The users file, or an empty list when there is none yet. */
static int
load(const char *path, struct webusers *us, bool missing_ok)
{
	struct yk_err err = { 0 };

	if (webusers_load(path, us, &err) == 0)
		return 0;
	if (err.code == YK_ENOTFOUND && missing_ok)
		return 0;
	return fail(&err);
}

static int
cmd_add(const char *path, int argc, char **argv)
{
	char pw[WEBUSERS_PASS_MAX + 2];
	struct webusers us;
	struct yk_err err = { 0 };
	const char *name = NULL, *role = NULL;
	int r, rc;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--role") && i + 1 < argc)
			role = argv[++i];
		else if (!strncmp(argv[i], "--role=", 7))
			role = argv[i] + 7;
		else if (argv[i][0] != '-' && !name)
			name = argv[i];
		else
			return usage();
	}
	if (!name || !role)
		return usage();
	if ((r = webusers_role_parse(role)) < 0) {
		fprintf(stderr, _("ykien web-user: --role %s: expected clerk or viewer\n"), role);
		return EX_USAGE;
	}
	if (!webusers_name_ok(name)) {
		fprintf(stderr, _("ykien web-user: \"%s\": a name is 1 to 32 of a-z 0-9 . _ -\n"), name);
		return EX_USAGE;
	}
	if ((rc = load(path, &us, true)))
		return rc;
	if ((rc = read_password(pw, sizeof pw)) == 0) {
		if (webusers_set(&us, name, pw, (enum webrole)r, &err) ||
		    webusers_save(path, &us, &err))
			rc = fail(&err);
	}
	explicit_bzero(pw, sizeof pw);
	webusers_free(&us);
	return rc;
}

static int
cmd_del(const char *path, int argc, char **argv)
{
	struct webusers us;
	struct yk_err err = { 0 };
	int rc;

	if (argc != 2)
		return usage();
	if ((rc = load(path, &us, false)))
		return rc;
	if (webusers_del(&us, argv[1], &err) || webusers_save(path, &us, &err))
		rc = fail(&err);
	webusers_free(&us);
	return rc;
}

static int
cmd_list(const char *path, int argc)
{
	struct webusers us;
	int rc;

	if (argc != 1)
		return usage();
	if ((rc = load(path, &us, true)))
		return rc;
	for (size_t i = 0; i < us.n; i++)
		printf("%s %s\n", us.u[i].name, webusers_role_name(us.u[i].role));
	webusers_free(&us);
	return EX_OK;
}

int
webuser_command(const struct yk_config *cfg, int argc, char **argv)
{
	const char *path = cfg->web.users_file;

	if (argc < 1)
		return usage();
	if (!strcmp(argv[0], "add"))
		return cmd_add(path, argc, argv);
	if (!strcmp(argv[0], "del"))
		return cmd_del(path, argc, argv);
	if (!strcmp(argv[0], "list"))
		return cmd_list(path, argc);
	return usage();
}
