/*
 * ykiend — the service: poll the mailbox, file what arrived, sleep (or
 * wait in IMAP IDLE for new mail), again.
 * Signals: SIGTERM/SIGINT finish the message in hand and exit 0; SIGHUP
 * re-reads the configuration and keeps the old one if the new one is bad.
 * The process's mutable state (log level, signal flags) lives here only.
 */
#include <curl/curl.h>
#include <errno.h>
#include <getopt.h>
#include <malloc.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <syslog.h>
#include <systemd/sd-daemon.h>
#include <time.h>
#include <unistd.h>

#include "config.h"
#include "err.h"
#include "extract.h"
#include "dispatch.h"
#include "imap.h"
#include "intake.h"
#include "isotime.h"
#include "log.h"
#include "prof.h"
#include "ack.h"
#include "digest_cycle.h"
#include "remind.h"
#include "source.h"
#include "store.h"

#define YKIEND_VERSION "0.1.0"
#define YKIEND_DB_CACHE_KIB 4096 /* PRAGMA cache_size of the daemon (store_cache_limit) */

static volatile sig_atomic_t stop_requested;
static bool progress_wanted; /* --verbose and stderr is a terminal */
static volatile sig_atomic_t reload_requested;
static int log_max = LOG_INFO;
static bool log_journal;   /* stderr goes to the journal: sd-daemon prefixes */
static bool log_syslog;    /* log_target = "syslog" */
static uint64_t watchdog_usec; /* WatchdogSec= of the unit, 0 when off */
static struct timespec watchdog_last;

__attribute__((format(printf, 2, 3))) static void
ylog(int prio, const char *fmt, ...)
{
	char line[4096];
	va_list ap;

	if (prio > log_max)
		return;
	va_start(ap, fmt);
	vsnprintf(line, sizeof line, fmt, ap);
	va_end(ap);
	if (log_syslog) {
		syslog(prio, "%s", line);
	} else if (log_journal) {
		fprintf(stderr, "<%d>%s\n", prio, line);
	} else {
		char ts[32];
		time_t t = time(NULL);
		struct tm tm;
		localtime_r(&t, &tm);
		strftime(ts, sizeof ts, "%Y-%m-%d %H:%M:%S", &tm);
		fprintf(stderr, "%s ykiend: %s\n", ts, line);
	}
}

/* log_target: "syslog", "stderr", or "auto": the journal's priority
 * prefixes when systemd connected stderr to it (JOURNAL_STREAM), else
 * plain lines on stderr. */
static void
set_log_target(const char *target)
{
	if (log_syslog && strcmp(target, "syslog"))
		closelog();
	log_syslog = !strcmp(target, "syslog");
	log_journal = !strcmp(target, "auto") && getenv("JOURNAL_STREAM") != NULL;
	if (log_syslog)
		openlog("ykiend", LOG_PID, LOG_DAEMON);
}

/* WATCHDOG=1 at least twice per WatchdogSec, also in the middle of a long
 * intake: for each message, every half second of an OCR child, and each
 * reminder, receipt or digest sent. */
static void
watchdog_ping(void)
{
	struct timespec now;
	uint64_t since;

	if (!watchdog_usec)
		return;
	clock_gettime(CLOCK_MONOTONIC, &now);
	since = (uint64_t)(now.tv_sec - watchdog_last.tv_sec) * 1000000u +
	        (uint64_t)((now.tv_nsec - watchdog_last.tv_nsec) / 1000);
	if (since < watchdog_usec / 4)
		return;
	sd_notify(0, "WATCHDOG=1");
	watchdog_last = now;
}

static void
watchdog_alive(void *ctx)
{
	(void)ctx;
	watchdog_ping();
}

/* STATUS= for systemctl status: "12 replies, 13 pending, next poll 10:05" */
static void
notify_status(const struct yk_config *cfg, struct store *st, int next_in, bool failed)
{
	struct yk_err err = { 0 };
	size_t expected = 0, replied = 0;
	bool counted = true;
	int64_t waiting = 0;
	char when[16], line[320], server[96] = "";
	time_t t = time(NULL) + next_in;
	struct tm tm;

	for (size_t i = 0; i < cfg->n_campaigns; i++) {
		int64_t n = 0;

		for (size_t a = 0; a < cfg->n_agencies; a++)
			expected += config_campaign_expects(&cfg->campaigns[i], a);
		/* a count, not the rows: this runs after every cycle */
		if (store_count_effective(st, cfg->campaigns[i].id, &n, &err))
			counted = false; /* a failed count is not 0 replies */
		replied += (size_t)n;
	}
	if (!store_server_waiting(st, cfg->mailbox.url, &waiting, NULL, 0, &err) && waiting > 0)
		snprintf(server, sizeof server, "%lld not yet %s on the server, ", (long long)waiting,
		         cfg->mailbox.after_filing == AFTER_SEEN ? "flagged" : "moved");
	localtime_r(&t, &tm);
	strftime(when, sizeof when, "%H:%M", &tm);
	if (counted)
		snprintf(line, sizeof line, "STATUS=%zu replies, %zu pending, %s%snext poll %s",
		         replied, expected > replied ? expected - replied : 0, server,
		         failed ? "last poll failed, " : "", when);
	else
		snprintf(line, sizeof line, "STATUS=replies not counted (database error), %s%snext "
		         "poll %s", server, failed ? "last poll failed, " : "", when);
	sd_notify(0, line);
}

static int
level_of(const char *name)
{
	if (!name)
		return LOG_INFO;
	if (!strcmp(name, "debug")) return LOG_DEBUG;
	if (!strcmp(name, "notice")) return LOG_NOTICE;
	if (!strcmp(name, "warning")) return LOG_WARNING;
	if (!strcmp(name, "err")) return LOG_ERR;
	return LOG_INFO;
}

static void
on_signal(int sig)
{
	if (sig == SIGHUP)
		reload_requested = 1;
	else
		stop_requested = 1;
}

static void
usage(FILE *f)
{
	fprintf(f,
	        "usage: ykiend [-c FILE] [--once] [--now TIME] [-n] [-v]\n"
	        "\n"
	        "  -c, --config FILE  configuration file (default %s)\n"
	        "      --once         do one cycle (poll, file, send the reminders due) and exit\n"
	        "      --now TIME     the time to act as (ISO 8601 with offset), for rehearsals\n"
	        "  -n, --check        check the configuration and exit\n"
	        "  -v, --verbose      log debug messages; on a terminal, a progress line\n"
	        "  -h, --help         this help\n"
	        "  -V, --version      print the version\n",
	        CONFIG_DEFAULT_PATH);
}

static void
on_event(void *ctx, const struct intake_event *ev)
{
	char agency[128], camp[128], path[1100];

	(void)ctx;
	watchdog_ping();
	if (progress_wanted)
		return; /* on a terminal with --verbose, the progress line says it */
	ylog(LOG_INFO, "filed uid %u: %s, campaign %s, agency %s, %s%s%s%s -> %s", ev->uid, ev->kind,
	     log_escape(ev->campaign ? ev->campaign : "-", camp, sizeof camp),
	     log_escape(ev->agency ? ev->agency : "unassigned", agency, sizeof agency), ev->status,
	     ev->needs_review ? ", needs review" : "", ev->note ? ": " : "", ev->note ? ev->note : "",
	     log_escape(ev->archive_path, path, sizeof path));
}

static int
load(const char *path, struct yk_config **cfg)
{
	struct yk_err err = { 0 };

	if (config_load(path, cfg, NULL, &err) == 0)
		return 0;
	/* every error, each on its own line, so journalctl shows them all */
	for (char *line = strtok(err.msg, "\n"); line; line = strtok(NULL, "\n"))
		ylog(LOG_ERR, "%s", line);
	return yk_err_exit_status(err.code);
}

static void
on_remind(void *ctx, const struct remind_event *ev)
{
	char detail[1024], mid[300];

	(void)ctx;
	watchdog_ping();
	ylog(!strcmp(ev->what, "failed") || !strcmp(ev->what, "unmailable") ? LOG_WARNING : LOG_INFO,
	     "reminder %s: campaign %s, agency %s, slot %s, Message-ID %s%s%s", ev->what, ev->campaign,
	     ev->agency, ev->slot, log_escape(ev->message_id ? ev->message_id : "-", mid, sizeof mid),
	     ev->detail ? ": " : "", ev->detail ? log_escape(ev->detail, detail, sizeof detail) : "");
}

static void
on_ack(void *ctx, const struct ack_event *ev)
{
	char detail[600], mid[300];

	(void)ctx;
	watchdog_ping();
	ylog(strcmp(ev->what, "sent") ? LOG_WARNING : LOG_INFO,
	     "receipt %s: agency %s, to %s, Message-ID %s%s%s", ev->what, ev->agency, ev->address,
	     log_escape(ev->message_id, mid, sizeof mid), ev->detail ? ": " : "",
	     ev->detail ? log_escape(ev->detail, detail, sizeof detail) : "");
}

static void
on_digest(void *ctx, const struct digest_event *ev)
{
	char detail[600], mid[300];

	(void)ctx;
	watchdog_ping();
	ylog(strcmp(ev->what, "sent") ? LOG_WARNING : LOG_INFO, "digest of %s %s, Message-ID %s%s%s",
	     ev->day, ev->what, log_escape(ev->message_id, mid, sizeof mid), ev->detail ? ": " : "",
	     ev->detail ? log_escape(ev->detail, detail, sizeof detail) : "");
}

/* --verbose on a terminal: one line that counts, rewritten in place */
static void
on_progress(void *ctx, size_t done, size_t total)
{
	(void)ctx;
	fprintf(stderr, "\rfiling: %zu of %zu messages (%zu%%)%s", done, total,
	        total ? done * 100 / total : 100, done >= total ? "\n" : "");
}

/* The time to act as: --now, else the clock. */
static time_t
now_of(const time_t *given)
{
	return given ? *given : time(NULL);
}

/* What an intake cycle did, for the journal: the unusual first, then one
 * line of figures (or the error). */
static void
log_intake(const struct yk_config *cfg, const struct intake_stats *stats, int rc,
           const struct yk_err *err, long ms)
{
	char url[600];

	log_escape(cfg->mailbox.url, url, sizeof url);
	if (stats->uidvalidity_changed)
		ylog(LOG_WARNING, "UIDVALIDITY of %s changed: the folder was re-scanned; %u message(s) "
		     "were filed already and were recognised by content", url, stats->already);
	else if (stats->already)
		ylog(LOG_NOTICE, "%u message(s) of %s were filed already (the same bytes: under another "
		     "UID, e.g. moved back into the folder, or asked for again after a gap in the "
		     "server's answer) and were passed over", stats->already, url);
	if (stats->passed_over)
		ylog(LOG_NOTICE, "first sync of %s: %u message(s) older than the window (mailbox."
		     "since_margin_days before the earliest campaign) passed over, never downloaded",
		     url, stats->passed_over);
	if (stats->widened)
		ylog(LOG_NOTICE, "the date window moved earlier: %u older message(s) taken",
		     stats->widened);
	if (stats->helpers_failed) {
		char why[sizeof stats->helper_error * 4];
		/* not an error: the main connection fetched what they did not */
		ylog(LOG_WARNING, "%u further IMAP connection(s) of mailbox.max_connections failed "
		     "(the first: %s); their batches were fetched by the other connections", stats->helpers_failed,
		     log_escape(stats->helper_error, why, sizeof why));
	}
	if (stats->not_returned) {
		unsigned listed = 1;
		for (const char *c = stats->not_returned_uids; *c; c++)
			listed += *c == ',';
		ylog(LOG_WARNING, "the server left %u message(s) it still has out of its answer to UID "
		     "FETCH (UID %s%s): they are asked for again at the next cycle", stats->not_returned,
		     stats->not_returned_uids, stats->not_returned > listed ? ", ..." : "");
	}
	if (stats->actions_refused) {
		char why[sizeof stats->action_error * 4];
		ylog(LOG_WARNING, "%u message(s) were filed, but the server refused to %s them: %s; "
		     "tried again later (the wait doubles, up to a day), new mail goes on being filed",
		     stats->actions_refused, cfg->mailbox.after_filing == AFTER_SEEN ? "flag" : "move",
		     log_escape(stats->action_error, why, sizeof why));
	}
	if (stats->search_missed)
		ylog(LOG_WARNING, "UID SEARCH of %s found no new mail although the folder's UIDNEXT "
		     "says some arrived; %u message(s) listed with UID FETCH were taken instead (the "
		     "server's SEARCH is not reliable)", url, stats->search_missed);
	if (stats->mark_raised_to)
		ylog(LOG_INFO, "mail of %s up to UID %u was expunged before it could be filed", url,
		     stats->mark_raised_to);
	if (stats->vanished)
		ylog(LOG_INFO, "%u message(s) were expunged from %s between the search and the fetch",
		     stats->vanished, url);
	if (rc)
		ylog(LOG_ERR, "poll of %s failed: %s", url, err->msg);
	else
		ylog(stats->filed ? LOG_INFO : LOG_DEBUG,
		     "cycle done: %u new message(s) filed over %u IMAP connection(s), %lu IMAP "
		     "commands, %ld ms", stats->filed, 1 + stats->helpers_connected,
		     stats->imap_commands, ms);
	if (prof_enabled()) {
		/* YKIEND_PROFILE: where the cycle's time went (make bench) */
		char times[512];
		prof_format(times, sizeof times);
		ylog(LOG_INFO, "cycle time: %s", times);
		prof_reset();
	}
}

/*
 * What is due to be sent, after the intake: receipts, reminders, then the
 * digest (it tells what they did not change).  They go out even when the
 * mailbox could not be read: the replies already filed decide who is still
 * missing.  Each failure is logged and resumed at the next cycle; RC is the
 * intake's status, kept when set.
 */
static int
send_due(const struct yk_config *cfg, struct store *st, const time_t *now_given, int rc)
{
	struct yk_err aerr = { 0 }, rerr = { 0 }, derr = { 0 };
	struct remind_stats rs;
	unsigned acks, digests;

	if (ack_cycle(cfg, st, now_of(now_given), on_ack, NULL, &acks, &aerr)) {
		ylog(LOG_ERR, "receipts: %s", aerr.msg);
		if (!rc)
			rc = aerr.code;
	}
	if (remind_cycle(cfg, st, now_of(now_given), on_remind, NULL, &rs, &rerr)) {
		ylog(LOG_ERR, "reminders: %s", rerr.msg);
		return rc ? rc : rerr.code;
	}
	if (digest_cycle(cfg, st, now_of(now_given), on_digest, NULL, &digests, &derr)) {
		ylog(LOG_ERR, "digest: %s", derr.msg);
		if (!rc)
			rc = derr.code;
	}
	return rc;
}

/* One cycle: file what arrived, then send what is due, so that a reply
 * filed in this poll already cancels its agency's reminder. */
static int
cycle(const struct yk_config *cfg, struct store *st, const time_t *now_given, int *intake_rc)
{
	/* per message and every half second of OCR, not only after a commit: a batch
	 * of scans can outlast WatchdogSec= */
	static const struct yk_alive alive = { watchdog_alive, NULL };
	struct intake in = { .cfg = cfg, .st = st, .stop = &stop_requested, .on_event = on_event,
		             .on_progress = progress_wanted ? on_progress : NULL, .alive = &alive };
	struct intake_stats stats;
	struct yk_err err = { 0 };
	struct timespec t0, t1;
	struct dispatch_index dx = { 0 };
	int rc;

	/* read at every poll: `ykien dispatch` may have sent letters since
	 * (one small table; a reply to one must not wait for a restart) */
	if (dispatch_index_load(st, &dx, &err))
		ylog(LOG_WARNING, "dispatched letters not read: %s", err.msg);
	else
		in.dispatched = &dx;
	err = (struct yk_err){ 0 };
	clock_gettime(CLOCK_MONOTONIC, &t0);
	rc = intake_cycle(&in, &stats, &err);
	dispatch_index_free(&dx);
	*intake_rc = rc;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	log_intake(cfg, &stats, rc, &err,
	           (long)(t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000);
	if (stop_requested)
		return rc;
	return send_due(cfg, st, now_given, rc);
}

/*
 * After a failure, retry with exponential backoff and jitter (1, 2, 4 … s,
 * plus up to half as much again at random, so that many clients of one
 * server do not retry in step), capped at the poll interval.
 */
static struct timespec
next_wait(int poll_interval, unsigned failures)
{
	struct timespec ts = { .tv_sec = poll_interval };
	long long ms;

	if (failures == 0)
		return ts;
	ms = 1000LL << (failures > 9 ? 9 : failures - 1);
	ms += (long long)(random() % (ms / 2 + 1));
	if (ms > poll_interval * 1000LL)
		ms = poll_interval * 1000LL;
	ts.tv_sec = (time_t)(ms / 1000);
	ts.tv_nsec = (long)(ms % 1000) * 1000000L;
	return ts;
}

/* The log settings of CFG, or debug with --verbose. */
static void
apply_log(const struct yk_config *cfg, bool verbose)
{
	log_max = verbose ? LOG_DEBUG : level_of(cfg->log_level);
	set_log_target(cfg->log_target);
}

/* SIGTERM, SIGINT and SIGHUP set flags; they are blocked (*block; the mask
 * before in *orig) except during a cycle, the IDLE login, and during the
 * sleep or the IDLE wait (ppoll unblocks atomically), so none is lost
 * between the check of the flags and going to sleep. */
static void
install_signals(sigset_t *block, sigset_t *orig)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	/* a file-size limit (RLIMIT_FSIZE) must fail the write, not kill us */
	signal(SIGXFSZ, SIG_IGN);
	sigemptyset(block);
	sigaddset(block, SIGTERM);
	sigaddset(block, SIGINT);
	sigaddset(block, SIGHUP);
	sigprocmask(SIG_BLOCK, block, orig);
}

/* Sleeps TS, or until a signal asks to stop or reload, waking for the
 * watchdog too: no busy waiting, just often enough. */
static void
wait_for_poll(struct timespec ts, const sigset_t *orig)
{
	while (!stop_requested && !reload_requested) {
		struct timespec step = ts;
		struct timespec t0, t1;
		int n;
		if (watchdog_usec && (uint64_t)step.tv_sec * 1000000u > watchdog_usec / 2) {
			step.tv_sec = (time_t)(watchdog_usec / 2 / 1000000u);
			step.tv_nsec = (long)(watchdog_usec / 2 % 1000000u) * 1000;
		}
		clock_gettime(CLOCK_MONOTONIC, &t0);
		n = ppoll(NULL, 0, &step, orig);
		clock_gettime(CLOCK_MONOTONIC, &t1);
		watchdog_ping();
		if (n < 0)
			continue; /* a signal: the loop condition decides */
		ts.tv_sec -= t1.tv_sec - t0.tv_sec;
		ts.tv_nsec -= t1.tv_nsec - t0.tv_nsec;
		while (ts.tv_nsec < 0) {
			ts.tv_nsec += 1000000000L;
			ts.tv_sec--;
		}
		if (ts.tv_sec < 0 || (ts.tv_sec == 0 && ts.tv_nsec == 0))
			break; /* time for the next poll */
	}
}

/*
 * Between polls, where the server offers it (mailbox.idle): IMAP IDLE, so
 * that new mail runs a cycle at once instead of at the next poll.  Returns
 * when TS has passed, at new mail, or at a signal (which ends the IDLE at
 * once: the signals are blocked here and unblocked only inside the wait,
 * as in wait_for_poll()).  A connection that cannot idle or breaks is not
 * an error of the service: the rest of TS is slept, and the next wait
 * connects again.  IDLE only changes when a cycle runs, never what it does.
 */
static void
wait_for_mail(struct source_idle *idle, struct store *st, int poll_interval, struct timespec ts,
              const sigset_t *block, const sigset_t *orig)
{
	static bool told_no_idle; /* said once, not at every wait */
	struct timespec end, now;
	long left;

	clock_gettime(CLOCK_MONOTONIC, &end);
	end.tv_sec += ts.tv_sec;
	end.tv_nsec += ts.tv_nsec;
	if (end.tv_nsec >= 1000000000L) {
		end.tv_sec++;
		end.tv_nsec -= 1000000000L;
	}
	while (idle && !stop_requested && !reload_requested) {
		struct yk_err err = { 0 };
		enum source_woke why;
		bool able = false, waiting = false;
		long step;
		int rc;

		/* a SIGTERM during the login must cut it short */
		sigprocmask(SIG_SETMASK, orig, NULL);
		rc = source_idle_ready(idle, st, &able, &waiting, &err);
		sigprocmask(SIG_BLOCK, block, NULL);
		clock_gettime(CLOCK_MONOTONIC, &now);
		left = (long)(end.tv_sec - now.tv_sec) * 1000 + (end.tv_nsec - now.tv_nsec) / 1000000;
		if (stop_requested || reload_requested)
			return;
		if (rc) {
			ylog(LOG_NOTICE, "IMAP IDLE not possible (%s): next poll in %ld s", err.msg,
			     left > 0 ? left / 1000 : 0);
			break;
		}
		if (!able) {
			if (!told_no_idle)
				ylog(LOG_INFO, "the IMAP server does not offer IDLE: polling every %d s",
				     poll_interval);
			told_no_idle = true;
			break;
		}
		if (waiting) {
			ylog(LOG_DEBUG, "mail may have arrived during the last poll: polling now");
			return;
		}
		if (left <= 0)
			return;
		step = left;
		if (watchdog_usec && (uint64_t)step * 1000u > watchdog_usec / 2)
			step = (long)(watchdog_usec / 2 / 1000);
		if (step > IMAP_IDLE_MAX_MS)
			step = IMAP_IDLE_MAX_MS;
		ylog(LOG_DEBUG, "waiting for new mail: IMAP IDLE for %ld s at most", step / 1000);
		rc = source_idle_wait(idle, (int)step, &reload_requested, orig, &why, &err);
		watchdog_ping();
		if (rc) {
			clock_gettime(CLOCK_MONOTONIC, &now);
			left = (long)(end.tv_sec - now.tv_sec) * 1000 +
			       (end.tv_nsec - now.tv_nsec) / 1000000;
			ylog(LOG_NOTICE, "IMAP IDLE ended (%s): next poll in %ld s", err.msg,
			     left > 0 ? left / 1000 : 0);
			break;
		}
		if (why == SOURCE_WOKE_MAIL) {
			ylog(LOG_DEBUG, "new mail announced by IMAP IDLE: polling now");
			return;
		}
	}
	if (stop_requested || reload_requested)
		return;
	clock_gettime(CLOCK_MONOTONIC, &now);
	ts.tv_sec = end.tv_sec - now.tv_sec;
	ts.tv_nsec = end.tv_nsec - now.tv_nsec;
	if (ts.tv_nsec < 0) {
		ts.tv_nsec += 1000000000L;
		ts.tv_sec--;
	}
	if (ts.tv_sec >= 0)
		wait_for_poll(ts, orig);
}

/* The waiter of CFG (NULL: it sleeps instead); a failure is logged. */
static struct source_idle *
idle_of(const struct yk_config *cfg)
{
	struct source_idle *idle = NULL;
	struct yk_err err = { 0 };

	if (source_idle_new(cfg, &stop_requested, &idle, &err))
		ylog(LOG_WARNING, "IMAP IDLE not used: %s", err.msg);
	return idle;
}

/* SIGHUP: the configuration at PATH replaces *cfg when it loads; a bad
 * one is logged and the old one kept.  The database stays the one opened
 * at start. */
static void
reload(const char *path, struct yk_config **cfg, bool verbose)
{
	struct yk_config *fresh = NULL;

	reload_requested = 0;
	sd_notify(0, "RELOADING=1");
	if (load(path, &fresh) == 0) {
		config_free(*cfg);
		*cfg = fresh;
		apply_log(*cfg, verbose);
		ylog(LOG_INFO, "configuration reloaded from %s", path);
	} else {
		ylog(LOG_ERR, "configuration %s not reloaded: keeping the old one", path);
	}
	sd_notify(0, "READY=1");
}

/* The service: a cycle, the wait, again, until SIGTERM or SIGINT. */
static int
serve(const char *path, struct yk_config **cfg, struct store *st, const time_t *now_given,
      bool verbose, const sigset_t *block, const sigset_t *orig)
{
	unsigned failures = 0;
	bool ready = false;
	struct source_idle *idle = idle_of(*cfg);

	if (sd_watchdog_enabled(0, &watchdog_usec) <= 0)
		watchdog_usec = 0;
	clock_gettime(CLOCK_MONOTONIC, &watchdog_last);
	ylog(LOG_INFO, "started: polling every %d s", (*cfg)->mailbox.poll_interval);
	if (!(*cfg)->ready_after_login) {
		sd_notify(0, "READY=1");
		ready = true;
	}
	while (!stop_requested) {
		struct timespec ts;
		int crc, irc = 0;
		sigprocmask(SIG_SETMASK, orig, NULL);
		/* a failed cycle is logged; the next one retries, sooner */
		crc = cycle(*cfg, st, now_given, &irc);
		/* the mailbox's failures decide the retry and READY=1: a
		 * reminder that cannot go (SMTP down, no smtp.pass) must not
		 * hold up the start or hammer the IMAP server */
		failures = irc ? failures + 1 : 0;
		sigprocmask(SIG_BLOCK, block, NULL);
		if (!ready && !irc) {
			/* started means: it could log in and file */
			sd_notify(0, "READY=1");
			ready = true;
		}
		ts = next_wait((*cfg)->mailbox.poll_interval, failures);
		notify_status(*cfg, st, (int)ts.tv_sec, crc != 0);
		/* after a failed poll, the back-off: the mailbox is retried by
		 * the cycle, not by a second connection waiting on it */
		wait_for_mail(failures ? NULL : idle, st, (*cfg)->mailbox.poll_interval, ts, block,
		              orig);
		if (reload_requested) {
			/* the waiter borrows the configuration: a new one for the new */
			source_idle_free(idle);
			idle = NULL;
			reload(path, cfg, verbose);
			idle = idle_of(*cfg);
		}
	}
	source_idle_free(idle);
	sd_notify(0, "STOPPING=1");
	ylog(LOG_INFO, "stopping");
	return EX_OK;
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "once", no_argument, NULL, 'o' },
		{ "now", required_argument, NULL, 'N' },
		{ "check", no_argument, NULL, 'n' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	const char *path = CONFIG_DEFAULT_PATH, *now_arg = NULL;
	bool once = false, check = false, verbose = false;
	struct yk_config *cfg = NULL;
	struct store *st = NULL;
	struct yk_err err = { 0 };
	sigset_t block, orig;
	time_t now;
	int ch, rc;

	while ((ch = getopt_long(argc, argv, "c:nvhV", longopts, NULL)) != -1) {
		switch (ch) {
		case 'c': path = optarg; break;
		case 'o': once = true; break;
		case 'N': now_arg = optarg; break;
		case 'n': check = true; break;
		case 'v': verbose = true; break;
		case 'h': usage(stdout); return EX_OK;
		case 'V': printf("ykiend %s\n", YKIEND_VERSION); return EX_OK;
		default: usage(stderr); return EX_USAGE;
		}
	}
	if (optind != argc) {
		usage(stderr);
		return EX_USAGE;
	}
	if (now_arg && isotime_parse(now_arg, &now)) {
		fprintf(stderr, "ykiend: --now %s: expected a time like 2024-01-31T17:00:00+07:00\n",
		        now_arg);
		return EX_USAGE;
	}
	set_log_target("auto");
	srandom((unsigned)time(NULL) ^ (unsigned)getpid());
	if ((rc = load(path, &cfg)))
		return rc;
	if (check) {
		printf("ok\n");
		config_free(cfg);
		return EX_OK;
	}
	apply_log(cfg, verbose);
	progress_wanted = verbose && isatty(STDERR_FILENO);
	extract_global_init();
	prof_enable(getenv("YKIEND_PROFILE") != NULL);
	/* before any thread: the IMAP helper connections (mailbox.max_connections)
	 * each set up libcurl in a thread of their own */
	curl_global_init(CURL_GLOBAL_DEFAULT);
	/* A message's buffer (up to max_message_size) goes back to the system
	 * when it is freed: glibc would otherwise raise its mmap threshold after
	 * the first such free and keep later ones in each thread's arena, so
	 * that every IMAP connection's largest message stayed resident. */
	mallopt(M_MMAP_THRESHOLD, 1024 * 1024);
	/* bounded, so that the daemon's memory stays flat as the database
	 * grows; but large enough for one batch's changes to its indexes
	 * (random keys: a page each): at 512 kB SQLite spilled them to the WAL
	 * before the commit and wrote them again, and a first sync of 100,000
	 * messages spent 16.6 s of 51 s in SQLite (10.9 s of 38 at 4 MB) */
	if (store_open(cfg->storage.database, &st, &err) ||
	    store_cache_limit(st, YKIEND_DB_CACHE_KIB, &err)) {
		ylog(LOG_ERR, "%s", err.msg);
		store_close(st);
		config_free(cfg);
		return yk_err_exit_status(err.code);
	}

	install_signals(&block, &orig);
	if (once) {
		int irc;
		sigprocmask(SIG_SETMASK, &orig, NULL);
		rc = cycle(cfg, st, now_arg ? &now : NULL, &irc) ? EX_TEMPFAIL : EX_OK;
	} else {
		rc = serve(path, &cfg, st, now_arg ? &now : NULL, verbose, &block, &orig);
	}
	store_close(st);
	config_free(cfg);
	curl_global_cleanup();
	extract_global_shutdown();
	return rc;
}
