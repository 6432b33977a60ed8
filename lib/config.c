/*
 * config — ykien.conf (libconfig syntax).  Every problem is collected as
 * "FILE:LINE: what was expected" so an administrator fixes them all in one
 * pass (OpenSMTPD's `smtpd -n` habit).  Line numbers of semantic errors come
 * from the libconfig setting that carries the value.
 */
#include "config.h"

#include <errno.h>
#include <libconfig.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "agcode.h"
#include "config_p.h"
#include "isotime.h"
#include "orgname.h"

#define MAX_AGENCIES 10000
#define CONFIG_MAX_EMAILS 64 /* addresses of an agency, smtp.cc, smtp.digest_to */

/* ---- sections --------------------------------------------------------- */

/* Is the URL's host exactly a loopback address (127.0.0.0/8 as a dotted
 * quad, ::1, or "localhost")?  A name that merely starts like one
 * ("localhost.example", "127.foo.example") is not. */
static bool
is_loopback_url(const char *url)
{
	const char *h = strstr(url, "://"), *end;
	char host[256];
	size_t n;
	int dots = 0;

	if (!h)
		return false;
	h += 3;
	end = h + strcspn(h, "/?#");
	for (const char *at = h; at < end; at++)
		if (*at == '@')
			h = at + 1; /* userinfo */
	if (*h == '[') {
		const char *close = memchr(h, ']', (size_t)(end - h));
		return close && close - h == 4 && !strncmp(h, "[::1]", 5);
	}
	n = strcspn(h, ":/?#");
	if (n == 0 || n >= sizeof host)
		return false;
	memcpy(host, h, n);
	host[n] = '\0';
	if (!strcasecmp(host, "localhost"))
		return true;
	if (strncmp(host, "127.", 4))
		return false;
	for (const char *p = host; *p; p++) {
		if (*p == '.')
			dots++;
		else if (*p < '0' || *p > '9')
			return false;
	}
	return dots == 3;
}

/* "LOGIN PLAIN": known mechanisms only (what libcurl is told is never
 * anything else), at least one, at most eight. */
static bool
auth_mechanisms_ok(const char *s)
{
	static const char *const known[] = { "PLAIN", "LOGIN", "CRAM-MD5", "DIGEST-MD5", "NTLM",
		                             "GSSAPI", "XOAUTH2", "EXTERNAL", NULL };
	size_t count = 0;

	while (*s) {
		size_t n;
		bool ok = false;
		while (*s == ' ' || *s == ',')
			s++;
		if (!*s)
			break;
		n = strcspn(s, " ,");
		for (size_t i = 0; known[i] && !ok; i++)
			ok = strlen(known[i]) == n && !strncasecmp(s, known[i], n);
		if (!ok || ++count > 8)
			return false;
		s += n;
	}
	return count > 0;
}

static void
load_mailbox(struct loader *ld, config_t *c)
{
	config_setting_t *g = config_lookup(c, "mailbox");
	struct yk_mailbox *m = &ld->cfg->mailbox;
	char *s;
	long long v;

	m->poll_interval = 300;
	m->after_filing = AFTER_KEEP;
	m->max_message_size = 50LL * 1024 * 1024;
	m->timeout = 60;
	if (!g || config_setting_type(g) != CONFIG_TYPE_GROUP) {
		config_bad(ld, g, "missing group 'mailbox = { url = \"imaps://...\"; ... };'");
		return;
	}
	static const char *const known[] = { "url", "user", "password_file", "ca_file",
		"poll_interval", "timeout", "max_message_size", "after_filing", "folder_prefix",
		"allow_plaintext", "since_margin_days", "trusted_authserv_id", "max_connections",
		"auth_mechanisms", "idle", NULL };

	config_check_members(ld, g, known);
	m->url = config_get_str(ld, g, "url", true);
	if (m->url && !strncmp(m->url, "maildir://", 10)) {
		if (m->url[10] != '/')
			config_bad(ld, config_setting_get_member(g, "url"),
			    "mailbox.url: expected maildir:///absolute/path/to/Maildir");
	} else if (m->url && strncmp(m->url, "imaps://", 8) && strncmp(m->url, "imap://", 7)) {
		config_bad(ld, config_setting_get_member(g, "url"),
		    "mailbox.url must start with imaps://, imap:// or maildir://");
	}
	m->user = config_get_str(ld, g, "user", m->url && strncmp(m->url, "maildir://", 10) != 0);
	m->password_file = config_get_str(ld, g, "password_file", false);
	m->ca_file = config_get_str(ld, g, "ca_file", false);
	m->trusted_authserv_id = config_get_str(ld, g, "trusted_authserv_id", false);
	if (m->trusted_authserv_id && strpbrk(m->trusted_authserv_id, " ;\t\r\n"))
		config_bad(ld, config_setting_get_member(g, "trusted_authserv_id"),
		    "mailbox.trusted_authserv_id: expected the server's name, e.g. \"mx.soctrang.example\"");
	m->auth_mechanisms = config_get_str(ld, g, "auth_mechanisms", false);
	if (m->auth_mechanisms && !auth_mechanisms_ok(m->auth_mechanisms))
		config_bad(ld, config_setting_get_member(g, "auth_mechanisms"),
		    "mailbox.auth_mechanisms: expected SASL mechanisms in the order to try, separated "
		    "by spaces, of PLAIN, LOGIN, CRAM-MD5, DIGEST-MD5, NTLM, GSSAPI, XOAUTH2 and "
		    "EXTERNAL, e.g. \"LOGIN PLAIN\"; not \"%s\"",
		    m->auth_mechanisms);
	m->folder_prefix = config_get_str(ld, g, "folder_prefix", false);
	if (!m->folder_prefix)
		m->folder_prefix = config_strdup("YKien");
	if (config_get_int(ld, g, "poll_interval", 1, 86400, &v))
		m->poll_interval = (int)v;
	if (config_get_int(ld, g, "timeout", 1, 3600, &v))
		m->timeout = (int)v;
	m->max_connections = 4;
	if (config_get_int(ld, g, "max_connections", 1, 16, &v))
		m->max_connections = (int)v;
	m->since_margin_days = 7;
	if (config_get_int(ld, g, "since_margin_days", -1, 36500, &v))
		m->since_margin_days = (int)v;
	if (config_get_int(ld, g, "max_message_size", 1024, 2LL * 1024 * 1024 * 1024, &v))
		m->max_message_size = v;
	config_get_bool(ld, g, "allow_plaintext", &m->allow_plaintext);
	m->idle = true;
	config_get_bool(ld, g, "idle", &m->idle);
	if ((s = config_get_str(ld, g, "after_filing", false))) {
		if (!strcmp(s, "keep"))
			m->after_filing = AFTER_KEEP;
		else if (!strcmp(s, "seen"))
			m->after_filing = AFTER_SEEN;
		else if (!strcmp(s, "move"))
			m->after_filing = AFTER_MOVE;
		else
			config_bad(ld, config_setting_get_member(g, "after_filing"),
			    "mailbox.after_filing must be \"keep\", \"seen\" or \"move\", not \"%s\"", s);
		free(s);
	}
	if (m->url && !strncmp(m->url, "imap://", 7)) {
		if (m->allow_plaintext && !is_loopback_url(m->url))
			config_bad(ld, config_setting_get_member(g, "url"),
			    "plain imap:// is allowed only to a loopback address (127.0.0.1, localhost); "
			    "use imaps:// (STARTTLS is used on imap:// otherwise)");
	}
}

static void
load_smtp(struct loader *ld, config_t *c)
{
	config_setting_t *g = config_lookup(c, "smtp");
	struct yk_smtp *m = &ld->cfg->smtp;
	long long v;

	if (!g)
		return; /* no reminders sent */
	if (config_setting_type(g) != CONFIG_TYPE_GROUP) {
		config_bad(ld, g, "'smtp' must be a group { url = ...; from = ...; }");
		return;
	}
	static const char *const known[] = { "url", "user", "password_file", "from", "ca_file",
		"allow_plaintext", "cc", "timeout", "digest_to", "digest_at", "digest_template", NULL };
	char *t;

	config_check_members(ld, g, known);
	m->line = config_setting_source_line(g);
	m->url = config_get_str(ld, g, "url", true);
	if (m->url && strncmp(m->url, "smtps://", 8) && strncmp(m->url, "smtp://", 7))
		config_bad(ld, config_setting_get_member(g, "url"), "smtp.url must start with smtps:// or smtp://");
	m->user = config_get_str(ld, g, "user", false);
	m->password_file = config_get_str(ld, g, "password_file", false);
	m->from = config_get_str(ld, g, "from", true);
	m->ca_file = config_get_str(ld, g, "ca_file", false);
	config_get_bool(ld, g, "allow_plaintext", &m->allow_plaintext);
	m->timeout = 60;
	if (config_get_int(ld, g, "timeout", 1, 3600, &v))
		m->timeout = (int)v;

	m->cc = config_get_strs(ld, g, "cc", CONFIG_MAX_EMAILS, &m->n_cc, false);
	for (size_t i = 0; i < m->n_cc; i++) {
		config_lower(m->cc[i]);
		if (!config_valid_email(m->cc[i]))
			config_bad(ld, config_setting_get_elem(config_setting_get_member(g, "cc"), (unsigned)i),
			    "smtp.cc \"%s\": expected an address user@host", m->cc[i]);
	}
	m->digest_to = config_get_strs(ld, g, "digest_to", CONFIG_MAX_EMAILS, &m->n_digest_to, false);
	for (size_t i = 0; i < m->n_digest_to; i++) {
		config_lower(m->digest_to[i]);
		if (!config_valid_email(m->digest_to[i]))
			config_bad(ld, config_setting_get_elem(config_setting_get_member(g, "digest_to"),
			                                (unsigned)i),
			    "smtp.digest_to \"%s\": expected an address user@host", m->digest_to[i]);
	}
	m->digest_template_path = config_get_str(ld, g, "digest_template", false);
	m->digest_at_minutes = 7 * 60 + 30;
	if ((t = config_get_str(ld, g, "digest_at", false))) {
		if (isotime_parse_hhmm(t, &m->digest_at_minutes))
			config_bad(ld, config_setting_get_member(g, "digest_at"),
			    "smtp.digest_at = \"%s\": expected a local time \"HH:MM\"", t);
		free(t);
	}
	if (m->url && m->allow_plaintext && !strncmp(m->url, "smtp://", 7) && !is_loopback_url(m->url))
		config_bad(ld, config_setting_get_member(g, "url"),
		    "plain smtp:// is allowed only to a loopback address");
}

static void
load_storage(struct loader *ld, config_t *c)
{
	config_setting_t *g = config_lookup(c, "storage");

	if (!g || config_setting_type(g) != CONFIG_TYPE_GROUP) {
		config_bad(ld, g, "missing group 'storage = { database = \"...\"; archive = \"...\"; };'");
		return;
	}
	static const char *const known[] = { "database", "archive", NULL };

	config_check_members(ld, g, known);
	ld->cfg->storage.database = config_get_str(ld, g, "database", true);
	ld->cfg->storage.archive = config_get_str(ld, g, "archive", true);
}

static void
load_agencies(struct loader *ld, config_t *c)
{
	config_setting_t *l = config_lookup(c, "agencies");
	struct yk_config *cfg = ld->cfg;
	int n;

	if (!l || !config_setting_is_list(l)) {
		config_bad(ld, l, "missing list 'agencies = ( { code = \"...\"; name = \"...\"; emails = [ ... ]; }, ... );'");
		return;
	}
	n = config_setting_length(l);
	if (n > MAX_AGENCIES) {
		config_bad(ld, l, "too many agencies (%d, at most %d)", n, MAX_AGENCIES);
		return;
	}
	cfg->agencies = config_calloc((size_t)n, sizeof *cfg->agencies);
	for (int i = 0; i < n; i++) {
		static const char *const known[] = { "code", "name", "group", "emails", "aliases",
			"edoc_id", NULL };
		config_setting_t *g = config_list_group(ld, l, i,
		        "{ code = ...; name = ...; emails = [...]; }", known);
		struct yk_agency *a = &cfg->agencies[cfg->n_agencies];

		if (!g)
			continue;
		a->code = config_get_str(ld, g, "code", true);
		a->name = config_get_str(ld, g, "name", true);
		a->group = config_get_str(ld, g, "group", false);
		a->emails = config_get_strs(ld, g, "emails", CONFIG_MAX_EMAILS, &a->n_emails, true);
		a->aliases = config_get_strs(ld, g, "aliases", 64, &a->n_aliases, false);
		a->edoc_id = config_get_str(ld, g, "edoc_id", false);
		if (a->edoc_id && !agcode_valid_edoc_id(a->edoc_id))
			config_bad(ld, config_setting_get_member(g, "edoc_id"),
			    "edoc_id \"%s\": expected the electronic-document ID of QD 20/2020 "
			    "(1-64 letters, digits and dots, e.g. \"H49.12\")", a->edoc_id);
		/* folded once here: the content search compares every name with
		 * every message that names its agency only in the text */
		a->name_keys = config_calloc(1 + a->n_aliases, sizeof *a->name_keys);
		for (size_t j = 0; j < 1 + a->n_aliases; j++) {
			const char *nm = j == 0 ? a->name : a->aliases[j - 1];

			a->name_keys[j] = nm ? orgname_key(nm, strlen(nm)) : NULL;
		}
		cfg->n_agencies++;
		if (a->code && !agcode_valid(a->code))
			config_bad(ld, config_setting_get_member(g, "code"),
			    "agency code \"%s\": expected 1-64 letters, digits, '_', '-' or '.', "
			    "starting with a letter, digit or '_'", a->code);
		for (size_t j = 0; a->code && j + 1 < cfg->n_agencies; j++)
			if (cfg->agencies[j].code && !strcmp(cfg->agencies[j].code, a->code))
				config_bad(ld, config_setting_get_member(g, "code"),
				    "duplicate agency code \"%s\" (already used by agencies[%zu])", a->code, j);
		for (size_t j = 0; j < a->n_emails; j++) {
			config_setting_t *e = config_setting_get_elem(config_setting_get_member(g, "emails"),
			                                              (unsigned)j);
			config_lower(a->emails[j]);
			if (a->emails[j][0] == '@' ? !strchr(a->emails[j] + 1, '.') || strchr(a->emails[j] + 1, '@')
			                           : !config_valid_email(a->emails[j]))
				config_bad(ld, e ? e : g,
				    "\"%s\": expected an address user@host or a whole domain @host",
				    a->emails[j]);
		}
	}
}

/*
 * With after_filing = "move", intake files into folder_prefix, the server's
 * separator and a leaf: an agency code, "_unassigned" or "_other".  A name
 * longer than CONFIG_FOLDER_MAX would be cut, and mail filed into a folder
 * nobody asked for, so the longest one is checked here, in bytes, whatever
 * the mode (a prefix that fits only while nothing is moved is a trap).  An
 * empty prefix or a control character would fail on the server every cycle.
 */
static void
check_folders(struct loader *ld, config_t *c)
{
	const struct yk_config *cfg = ld->cfg;
	const char *prefix = cfg->mailbox.folder_prefix;
	const char *leaf = "_unassigned";
	config_setting_t *s = config_lookup(c, "mailbox.folder_prefix");
	size_t len;

	if (!prefix)
		return;
	len = strlen(prefix);
	if (len == 0) {
		config_bad(ld, s, "mailbox.folder_prefix: expected a folder name, e.g. \"YKien\"; not empty");
		return;
	}
	for (const char *q = prefix; *q; q++)
		if ((unsigned char)*q < 0x20 || *q == 0x7f) {
			config_bad(ld, s, "mailbox.folder_prefix: expected a folder name without control characters");
			return;
		}
	for (size_t i = 0; i < cfg->n_agencies; i++)
		if (cfg->agencies[i].code && strlen(cfg->agencies[i].code) > strlen(leaf))
			leaf = cfg->agencies[i].code;
	if (len + 1 + strlen(leaf) > CONFIG_FOLDER_MAX)
		config_bad(ld, s, "mailbox.folder_prefix is %zu bytes: with the separator and \"%s\" the folder "
		    "would be %zu bytes; expected a prefix of at most %zu bytes (a folder name has at "
		    "most %d)", len, leaf, len + 1 + strlen(leaf), CONFIG_FOLDER_MAX - 1 - strlen(leaf),
		    CONFIG_FOLDER_MAX);
}

static void
load_top(struct loader *ld, config_t *c)
{
	static const char *const known[] = { "mailbox", "smtp", "storage", "agencies", "forms",
		                             "campaigns", "log_level", "log_target",
		                             "ready_after_login",
		                             "calendar", /* config_campaign.c */
		                             "office", "clerks", /* config_office.c */
		                             "web", /* config_web.c */
		                             NULL };
	const char *lv;

	config_check_members(ld, config_root_setting(c), known);
	if (config_lookup_string(c, "log_level", &lv)) {
		if (strcmp(lv, "debug") && strcmp(lv, "info") && strcmp(lv, "notice") &&
		    strcmp(lv, "warning") && strcmp(lv, "err"))
			config_bad(ld, config_lookup(c, "log_level"),
			    "log_level must be \"debug\", \"info\", \"notice\", \"warning\" or \"err\"");
		else
			ld->cfg->log_level = config_strdup(lv);
	}
	if (!ld->cfg->log_level)
		ld->cfg->log_level = config_strdup("info");
	ld->cfg->log_target = config_strdup("auto");
	if (config_lookup_string(c, "log_target", &lv)) {
		if (strcmp(lv, "auto") && strcmp(lv, "stderr") && strcmp(lv, "syslog"))
			config_bad(ld, config_lookup(c, "log_target"),
			    "log_target must be \"auto\", \"stderr\" or \"syslog\"");
		else {
			free(ld->cfg->log_target);
			ld->cfg->log_target = config_strdup(lv);
		}
	}
	ld->cfg->ready_after_login = true;
	config_get_bool(ld, config_root_setting(c), "ready_after_login", &ld->cfg->ready_after_login);
}

int
config_load(const char *path, struct yk_config **out, int *n_errors, struct yk_err *err)
{
	struct loader ld = { .path = path };
	struct cfginc inc;
	config_t c;
	int rc;

	*out = NULL;
	if (n_errors)
		*n_errors = 0;
	/* @include read here, not by libconfig (lib/cfginc.h says why) */
	if ((rc = cfginc_read(path, &inc, err))) {
		if (n_errors)
			*n_errors = 1;
		cfginc_free(&inc);
		return rc;
	}
	ld.inc = &inc;
	config_init(&c);
	if (!config_read_string(&c, inc.text)) {
		const char *file;
		unsigned line;
		cfginc_locate(&inc, (unsigned)config_error_line(&c), &file, &line);
		rc = yk_err_set(err, YK_ECONFIG, "%s:%u: syntax error: %s", file, line,
		                config_error_text(&c));
		if (n_errors)
			*n_errors = 1;
		config_destroy(&c);
		cfginc_free(&inc);
		return rc;
	}
	buf_init(&ld.errors, 0);
	ld.cfg = config_calloc(1, sizeof *ld.cfg);
	ld.cfg->path = config_strdup(path);
	load_top(&ld, &c);
	load_mailbox(&ld, &c);
	load_smtp(&ld, &c);
	load_storage(&ld, &c);
	load_agencies(&ld, &c);
	check_folders(&ld, &c);
	config_load_forms(&ld, &c);
	config_load_campaigns(&ld, &c);
	config_load_office(&ld, &c);
	config_load_clerks(&ld, &c);
	config_load_web(&ld, &c);
	config_destroy(&c);
	cfginc_free(&inc);
	ld.inc = NULL;
	if (n_errors)
		*n_errors = ld.n_errors;
	if (ld.n_errors) {
		rc = yk_err_set(err, YK_ECONFIG, "%s", ld.errors.data);
		if (ld.errors.len >= sizeof err->msg) {
			/* cut at a line, leaving room to say how many more there were */
			char *nl;
			int shown = 0;
			err->msg[sizeof err->msg - 512] = '\0';
			if ((nl = strrchr(err->msg, '\n')))
				*nl = '\0';
			for (const char *q = err->msg; (q = strchr(q, '\n')); q++)
				shown++;
			snprintf(err->msg + strlen(err->msg), sizeof err->msg - strlen(err->msg),
			         "\n%s: ... and %d more errors", path, ld.n_errors - shown - 1);
		}
		buf_free(&ld.errors);
		config_free(ld.cfg);
		return rc;
	}
	buf_free(&ld.errors);
	*out = ld.cfg;
	return 0;
}

void
config_free(struct yk_config *cfg)
{
	if (!cfg)
		return;
	free(cfg->path);
	free(cfg->log_level);
	free(cfg->log_target);
	free(cfg->mailbox.url);
	free(cfg->mailbox.user);
	free(cfg->mailbox.password_file);
	free(cfg->mailbox.ca_file);
	free(cfg->mailbox.auth_mechanisms);
	free(cfg->mailbox.trusted_authserv_id);
	free(cfg->mailbox.folder_prefix);
	free(cfg->smtp.url);
	free(cfg->smtp.digest_template_path);
	free(cfg->smtp.user);
	free(cfg->smtp.password_file);
	free(cfg->smtp.from);
	free(cfg->smtp.ca_file);
	config_free_strs(cfg->smtp.cc, cfg->smtp.n_cc);
	config_free_strs(cfg->smtp.digest_to, cfg->smtp.n_digest_to);
	free(cfg->storage.database);
	free(cfg->storage.archive);
	for (size_t i = 0; i < cfg->n_agencies; i++) {
		struct yk_agency *a = &cfg->agencies[i];
		free(a->code);
		free(a->name);
		free(a->group);
		free(a->edoc_id);
		config_free_strs(a->emails, a->n_emails);
		for (size_t j = 0; a->name_keys && j < 1 + a->n_aliases; j++)
			free(a->name_keys[j]);
		free(a->name_keys);
		config_free_strs(a->aliases, a->n_aliases);
	}
	free(cfg->agencies);
	config_free_forms(cfg);
	config_free_campaigns(cfg);
	config_free_office(cfg);
	config_free_web(cfg);
	free(cfg);
}
