/*
 * config — load and validate ykien.conf (libconfig syntax), see ykien.conf(5).
 *
 * config_load() reads the whole file and checks every setting; it reports
 * every problem it finds, not only the first, each as
 * "FILE:LINE: what was expected".  The returned struct yk_config and
 * everything it points to is owned by it; free with config_free().
 * Secrets are not loaded here: secret_read() (lib/secret.h) reads a password
 * file on demand; times are parsed by lib/isotime.h.
 */
#ifndef YK_CONFIG_H
#define YK_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "err.h"
#include "vncal.h"

#define CONFIG_DEFAULT_PATH "/etc/ykien/ykien.conf"
#define CONFIG_MAX_OPTIONS 32 /* choices are kept as a bitmask */
/*
 * The longest name of a server folder that after_filing = "move" files
 * into, in bytes of UTF-8 without the terminating NUL: folder_prefix, the
 * server's hierarchy separator (one byte) and the leaf (an agency code,
 * "_unassigned" or "_other").  config_load() rejects a folder_prefix that
 * would make a longer one, so a buffer of CONFIG_FOLDER_MAX + 1 bytes always
 * holds the name whole.
 */
#define CONFIG_FOLDER_MAX 150

enum after_filing { AFTER_KEEP, AFTER_SEEN, AFTER_MOVE };

struct yk_mailbox {
	char *url;           /* imap://, imaps:// or maildir:// */
	char *user;
	char *password_file; /* NULL: $CREDENTIALS_DIRECTORY/imap.pass */
	char *ca_file;
	char *auth_mechanisms; /* "LOGIN PLAIN", NULL: libcurl's pick with a fallback */
	int poll_interval;   /* seconds */
	enum after_filing after_filing;
	char *folder_prefix;
	bool allow_plaintext; /* plain imap:// on a loopback address only */
	long long max_message_size;
	int timeout;         /* seconds, connect and each command */
	char *trusted_authserv_id; /* our server's name in Authentication-Results */
	int max_connections; /* IMAP connections fetching at once (lib/fetchpool.h) */
	int since_margin_days; /* first sync: mail from the earliest campaign's
	                        * date less this many days; -1: all mail */
	bool idle;           /* between polls, IMAP IDLE (RFC 2177) where offered */
};

struct yk_smtp {
	char *url;
	char *user;
	char *password_file;
	char *from;
	char *ca_file;
	bool allow_plaintext;
	int line;            /* 0 when the group is absent */
	char **cc;           /* copied on every reminder (e.g. the office's archive box) */
	size_t n_cc;
	int timeout;         /* seconds, connect and each command */
	char **digest_to;    /* the daily digest's readers; none: no digest */
	size_t n_digest_to;
	int digest_at_minutes; /* local time of day the digest is sent (07:30) */
	char *digest_template_path; /* smtp.digest_template; NULL: the built-in
	                        digest_default_template (lib/digest.h) */
};

struct yk_storage {
	char *database;
	char *archive;
};

struct yk_agency {
	char *code;
	char *name;
	char *group;         /* may be NULL */
	char **emails;       /* "user@host" or "@domain", lower case */
	size_t n_emails;
	char **aliases;
	size_t n_aliases;
	char *edoc_id;       /* the "mã định danh" of QĐ 20/2020/QĐ-TTg
	                        ("H49.12", "000.00.31.H49"); may be NULL */
	char **name_keys;    /* orgname_key() of name, then of each alias, made
	                        at load (an entry NULL when out of memory); NULL
	                        in a configuration built by hand */
};

struct yk_option {
	char *id;
	char *text;
	char *key;           /* text_key() of text, made at load; NULL in a
	                        configuration built by hand */
};

struct yk_section {
	char *id;
	char *heading;
	struct yk_option *options;
	size_t n_options;    /* 0: a free-text section */
	char *key;           /* text_key() of heading, as yk_option's */
	char *org_key;       /* orgname_key() of heading (lib/orgname.h), made
	                        at load; NULL in a configuration built by hand */
};

struct yk_form {
	char *id;
	struct yk_section *sections;
	size_t n_sections;
};

struct yk_reminder_rules {
	int *before_days;
	size_t n_before_days;
	int overdue_every_days;
	int overdue_max;
	int send_at_minutes; /* minutes after local midnight */
	bool working_days_only;
	char **holidays;     /* "YYYY-MM-DD" or "DD/MM/YYYY": days off of this campaign,
	                        beside the calendar's */
	size_t n_holidays;
	const struct vncal_extra *calendar; /* &yk_config.calendar; NULL: the
	                        shipped calendar alone (lib/vncal.h) */
};

struct yk_campaign {
	char *id;
	char *reference;     /* "118/UBND-TH" */
	char *form_id;
	const struct yk_form *form; /* points into yk_config.forms */
	char *title;
	char *title_key;     /* orgname_key() of title, made at load; NULL when
	                        none or in a configuration built by hand */
	time_t sent;
	time_t deadline;     /* the last second a reply is on time: deadline_written,
	                        moved off a day off when deadline_next_working_day */
	bool deadline_is_day; /* written as a date alone: the end of that day, Viet Nam time */
	time_t deadline_written; /* the deadline as the letter gives it */
	bool deadline_next_working_day; /* a deadline on a day off moves to the
	                        same time of the next working day */
	bool all_agencies;
	size_t *agency_idx;  /* indexes into yk_config.agencies */
	size_t n_agencies;
	char **groups;       /* groups = [ ... ]: agency_idx holds the agencies of
	                        these groups (resolved at load); NULL: not used */
	size_t n_groups;
	struct yk_reminder_rules reminders;
	char *template_path;
	char *attach_path;
	char *letter_message_id; /* the letter's Message-ID, may be NULL */
	char *template_html_path; /* optional HTML alternative of the template */
	bool acknowledge;    /* send each agency a receipt for its reply */
	char *attach_name;   /* file name the agency sees; NULL: attach_path's own */
	/* `ykien dispatch` (lib/dispatch.h); each may be NULL */
	char *letter_path;   /* the letter to attach */
	char *letter_name;   /* its file name as the agency sees it */
	char *subject;       /* the dispatched letter's subject */
	char *reply_address; /* "tonghop+%s@host": Reply-To per agency */
	char *receipt_template_path; /* receipt_template; NULL: the built-in
	                        ack_default_template (lib/ack.h) */
	char *about;         /* the letter's trích yếu without "V/v": "nâng cao
	                        hiệu quả công tác tuyên truyền …"; may be NULL */
};

/* The office that issues ykien's papers (the báo cáo, the công văn đôn
 * đốc) and signs what agencies receive: the 'office' group.  Every field
 * may be NULL: a document then leaves a dotted placeholder for the office
 * to fill in, so nothing is written for one province alone. */
struct yk_office {
	char *parent_body;   /* cơ quan chủ quản, "UBND tỉnh Sóc Trăng" */
	char *issuing_body;  /* cơ quan ban hành, "Sở Nội vụ" (a document's
	                        header writes both in capitals) */
	char *abbreviation;  /* its ký hiệu: "SNV" gives "Số: …/BC-SNV" */
	char *place;         /* địa danh: "Sóc Trăng, ngày … tháng … năm …" */
	char **report_to;    /* "Kính gửi" of the báo cáo */
	size_t n_report_to;
	char *signer_authority; /* "KT. GIÁM ĐỐC": the TM./KT./TL. line */
	char *signer_title;  /* "PHÓ GIÁM ĐỐC" */
	char *signer_name;
	char **recipients;   /* Nơi nhận, after the addressees: "Lưu: VT, CCHC" */
	size_t n_recipients;
	char *contact;       /* the contact line under a text's signature */
	char *province;      /* "tỉnh Sóc Trăng": the province in running text */
};

/* A person who corrects answers: the login the store records, and the
 * name the reports show ('clerks' list). */
struct yk_clerk {
	char *user;
	char *name;
};

/* The clerks' web desk, ykien-web(8): the 'web' group (every member has
 * a default, so the group is optional). */
struct yk_web {
	char *listen;        /* "127.0.0.1:8480", "[::1]:8480" */
	char *users_file;    /* "/etc/ykien/web-users" */
	char *tls_cert;      /* both or neither; NULL: plain HTTP */
	char *tls_key;
	double session_idle_minutes;  /* > 0; a fraction is allowed */
};

#define CONFIG_WEB_LISTEN      "127.0.0.1:8480"
#define CONFIG_WEB_USERS_FILE  "/etc/ykien/web-users"

struct yk_config {
	char *path;
	struct yk_mailbox mailbox;
	struct yk_smtp smtp;
	struct yk_storage storage;
	struct yk_agency *agencies;
	size_t n_agencies;
	struct yk_form *forms;
	size_t n_forms;
	struct yk_campaign *campaigns;
	size_t n_campaigns;
	char *log_level;
	char *log_target;       /* "auto" (journal or stderr), "stderr", "syslog" */
	bool ready_after_login; /* sd_notify READY=1 only once a poll has logged in */
	struct vncal_extra calendar; /* 'calendar': days off and make-up working
	                        days beside the shipped ones (local day numbers) */
	struct yk_office office;
	struct yk_clerk *clerks;
	size_t n_clerks;
	struct yk_web web;
};

/*
 * Loads and validates PATH.  On success returns 0 and *out.  On failure
 * returns YK_ECONFIG (or YK_ENOTFOUND for a missing file) and puts every
 * error found, one per line, into err->msg (truncated with "..." past its
 * size; the count is in *n_errors when not NULL).
 */
int config_load(const char *path, struct yk_config **out, int *n_errors,
                struct yk_err *err);
void config_free(struct yk_config *cfg);

/* Lookups in a loaded configuration (lib/config_lookup.c, linked without
 * the loader): NULL when none has that code or id. */
const struct yk_agency *config_agency(const struct yk_config *cfg, const char *code);
const struct yk_campaign *config_campaign(const struct yk_config *cfg, const char *id);
size_t config_agency_index(const struct yk_config *cfg, const struct yk_agency *a);

/* The name of the clerk whose login is USER ('clerks'), else NULL. */
const char *config_clerk_name(const struct yk_config *cfg, const char *user);

/* Parses a web.listen value, "HOST:PORT" or "[IPV6]:PORT" with a numeric
 * address, into SA (of *LEN bytes; SA has room for an IPv6 address).
 * Returns 0, or -1 when S is not one (lib/config_web.c). */
struct sockaddr;
struct buf;
int config_web_listen(const char *s, struct sockaddr *sa, unsigned *len);

/* What check-config adds for the web desk: the TLS files are readable.
 * Appends one line per problem to OUT; returns how many. */
int config_web_check(const struct yk_config *cfg, struct buf *out);

/* Is agency index I expected to reply to campaign C? */
bool config_campaign_expects(const struct yk_campaign *c, size_t agency_idx);

#endif
