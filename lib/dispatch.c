/*
 * dispatch — the imperative shell around lib/dispatch_id: for each
 * expected agency, record the letter (commit), send it, record the outcome
 * (commit), through lib/outbox.
 */
#include "dispatch.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <unistd.h>

#include "compose.h"
#include "isotime.h"
#include "outbox.h"
#include "plan.h"

#define DISPATCH_TEXT_MAX (16 * 1024)
#define DISPATCH_TO_MAX 4096          /* the addresses of one agency, joined */
#define DISPATCH_RCPT_MAX 64          /* addresses of one agency mailed (more are left out) */

/* ---- the message ------------------------------------------------------ */

/* "Công văn số 118/UBND-TH ngày 15/01/2024 của UBND tỉnh Sóc Trăng V/v
 * ...", or campaign.subject: the issuer named when the 'office' group
 * says who it is (an agency's clerk files the mail by it) */
static int
subject_of(const struct yk_config *cfg, const struct yk_campaign *c, struct buf *out)
{
	const char *issuer = compose_letter_issuer(cfg, c);
	char sent[ISOTIME_VI_LEN];

	if (c->subject)
		return buf_adds(out, c->subject);
	isotime_format_vi_date(c->sent, sent);
	(void)buf_printf(out, "Công văn số %s ngày %s", c->reference, sent);
	if (issuer)
		(void)buf_printf(out, " của %s", issuer);
	if (c->title)
		(void)buf_printf(out, "%s%s", strncmp(c->title, "V/v", 3) ? " V/v " : " ", c->title);
	return buf_status(out);
}

int
dispatch_compose(const struct yk_config *cfg, const struct yk_campaign *c,
                 const struct yk_agency *a, const char *const *to, size_t n_to,
                 const char *message_id, const char *reply_to, time_t date, struct buf *out,
                 struct yk_err *err)
{
	struct compose_file files[2];
	struct compose_note n = {
		.cfg = cfg, .to = to, .n_to = n_to, .to_name = a->name, .message_id = message_id,
		/* the letter is an office's, sent on a person's command: not
		 * "auto-generated", which some servers answer less readily */
		.auto_submitted = NULL, .date = date, .reply_to = reply_to, .attach = files,
	};
	struct buf text, subject;
	char sent[ISOTIME_VI_LEN], deadline[ISOTIME_VI_LEN];
	const char *body = cfg->office.issuing_body;
	int rc, st;

	if (!c->letter_path)
		return yk_err_set(err, YK_ECONFIG, "campaign %s: no 'letter' to send", c->id);
	files[n.n_attach++] = (struct compose_file){ c->letter_path, c->letter_name };
	if (c->attach_path)
		files[n.n_attach++] = (struct compose_file){ c->attach_path, c->attach_name };
	buf_init(&text, DISPATCH_TEXT_MAX);
	buf_init(&subject, COMPOSE_SUBJECT_MAX);
	isotime_format_vi_date(c->sent, sent);
	isotime_format_vi_deadline(c->deadline, c->deadline_is_day, deadline);
	(void)subject_of(cfg, c, &subject);
	(void)buf_printf(&text, "Kính gửi: %s.\n\n", a->name);
	/* the sender by the office's configuration, never a fixed office */
	if (body && *body)
		(void)buf_printf(&text, "%s trân trọng gửi Quý cơ quan", body);
	else
		(void)buf_adds(&text, "Trân trọng gửi Quý cơ quan");
	(void)buf_printf(&text, " Công văn số %s ngày %s%s%s (tệp đính kèm)%s.\n\n", c->reference,
	                 sent, c->title ? " — " : "", c->title ? c->title : "",
	                 c->attach_path ? " cùng mẫu Phiếu ý kiến" : "");
	(void)buf_printf(&text, "Đề nghị Quý cơ quan gửi Phiếu ý kiến %s %s",
	                 c->deadline_is_day ? "chậm nhất trong" : "trước", deadline);
	(void)buf_adds(&text, " bằng cách trả lời thư này (ghi ý kiến vào nội dung thư hoặc gửi "
	               "kèm tệp Phiếu đã điền); khi chuyển tiếp thư này cho người khác trả lời, "
	               "đề nghị giữ nguyên tiêu đề và trả lời ngay trên thư.\n\n"
	               "Trân trọng./.\n\n--\n"
	               "Thư này được gửi từ hệ thống tiếp nhận Phiếu ý kiến.\n");
	if ((st = buf_status(&subject)) || (st = buf_status(&text))) {
		rc = yk_err_set(err, st, st == YK_ELIMIT ? "campaign %s: the subject or the letter's "
		                "text is too long" : "out of memory", c->id);
	} else {
		n.subject = subject.data;
		n.text = text.data;
		rc = compose_note(&n, out, err);
	}
	buf_free(&text);
	buf_free(&subject);
	return rc;
}

/* ---- what is recorded --------------------------------------------------- */

struct row {
	char *agency, *message_id, *token, *reply_address, *state, *sent_at, *error, *bounced_at;
	int attempts;
};

struct rows {
	struct row *v;
	size_t n, cap;
};

static char *
dup_or_null(const char *s, bool *fail)
{
	char *d = s ? strdup(s) : NULL;

	*fail |= s && !d;
	return d;
}

static int
on_row(void *ctx, const struct store_dispatch *d)
{
	struct rows *l = ctx;
	struct row *r;
	bool fail = false;

	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 64;
		struct row *v = realloc(l->v, cap * sizeof *v);
		if (!v)
			return YK_ENOMEM;
		l->v = v;
		l->cap = cap;
	}
	r = &l->v[l->n++];
	r->agency = dup_or_null(d->agency, &fail);
	r->message_id = dup_or_null(d->message_id, &fail);
	r->token = dup_or_null(d->token, &fail);
	r->reply_address = dup_or_null(d->reply_address, &fail);
	r->state = dup_or_null(d->state, &fail);
	r->sent_at = dup_or_null(d->sent_at, &fail);
	r->error = dup_or_null(d->error, &fail);
	r->bounced_at = dup_or_null(d->bounced_at, &fail);
	r->attempts = d->attempts;
	return fail ? YK_ENOMEM : 0;
}

static void
rows_free(struct rows *l)
{
	for (size_t i = 0; i < l->n; i++) {
		struct row *r = &l->v[i];
		free(r->agency);
		free(r->message_id);
		free(r->token);
		free(r->reply_address);
		free(r->state);
		free(r->sent_at);
		free(r->error);
		free(r->bounced_at);
	}
	free(l->v);
}

static int
rows_load(struct store *st, const char *campaign, struct rows *l, struct yk_err *err)
{
	int rc = store_dispatch_each(st, campaign, on_row, l, err);

	return rc == YK_ENOMEM ? yk_err_set(err, rc, "out of memory") : rc;
}

static const struct row *
row_of(const struct rows *l, const char *agency)
{
	for (size_t i = 0; i < l->n; i++)
		if (!strcmp(l->v[i].agency, agency))
			return &l->v[i];
	return NULL;
}

static int
on_index(void *ctx, const struct store_dispatch *d)
{
	return dispatch_index_add(ctx, d->campaign, d->agency, d->message_id, d->reply_address)
	       ? 0 : YK_ENOMEM;
}

int
dispatch_index_load(struct store *st, struct dispatch_index *x, struct yk_err *err)
{
	int rc;

	dispatch_index_free(x);
	rc = store_dispatch_each(st, NULL, on_index, x, err);
	return rc == YK_ENOMEM ? yk_err_set(err, rc, "out of memory") : rc;
}

/* ---- checks shared by --dry-run and --send ------------------------------ */

static int
campaign_for(const struct yk_config *cfg, const char *id, const struct yk_campaign **out,
             struct yk_err *err)
{
	const struct yk_campaign *c = config_campaign(cfg, id);
	const char *files[2];

	*out = c;
	if (!c)
		return yk_err_set(err, YK_ENOTFOUND, "no campaign \"%s\" in %s", id,
		                  cfg->path ? cfg->path : "the configuration");
	if (!cfg->smtp.url)
		return yk_err_set(err, YK_ECONFIG, "%s: no smtp group: the letter cannot be sent",
		                  cfg->path ? cfg->path : "configuration");
	if (!c->letter_path)
		return yk_err_set(err, YK_ECONFIG, "campaign %s: no 'letter' (the file to send, e.g. "
		                  "letter = \"/etc/ykien/letters/118-UBND-TH.pdf\";)", c->id);
	files[0] = c->letter_path;
	files[1] = c->attach_path;
	for (size_t i = 0; i < 2; i++)
		if (files[i] && access(files[i], R_OK))
			return yk_err_set(err, YK_ECONFIG, "campaign %s: %s: %s", c->id, files[i],
			                  strerror(errno));
	return 0;
}

/* The agency's mailboxes: "@domain" entries receive nothing. */
static size_t
addresses_of(const struct yk_agency *a, const char **to)
{
	size_t n = 0;

	for (size_t i = 0; i < a->n_emails && n < DISPATCH_RCPT_MAX; i++)
		if (a->emails[i][0] != '@')
			to[n++] = a->emails[i];
	return n;
}

static void
join(const char *const *to, size_t n, struct buf *out)
{
	for (size_t i = 0; i < n; i++)
		(void)buf_printf(out, "%s%s", i ? ", " : "", to[i]);
}

static const char *
domain_of(const char *addr)
{
	return strchr(addr, '@') + 1; /* compose_from_address() checked the '@' */
}

int
dispatch_dry_run(const struct yk_config *cfg, struct store *st, const char *campaign,
                 struct buf *out, struct yk_err *err)
{
	const struct yk_campaign *c;
	struct rows rows = { 0 };
	struct buf subject;
	char from[SMTP_ADDR_MAX];
	int rc;

	if ((rc = campaign_for(cfg, campaign, &c, err)) ||
	    (rc = compose_from_address(cfg, from, sizeof from, err)) ||
	    (rc = rows_load(st, c->id, &rows, err)))
		goto out;
	buf_init(&subject, COMPOSE_SUBJECT_MAX);
	(void)subject_of(cfg, c, &subject);
	(void)buf_printf(out, "Campaign %s — %s (dry run: nothing is sent)\n", c->id,
	                 c->title ? c->title : c->reference);
	(void)buf_printf(out, "  subject: %s\n", subject.data ? subject.data : "");
	buf_free(&subject);
	(void)buf_printf(out, "  from: %s\n  letter: %s\n", cfg->smtp.from, c->letter_path);
	if (c->attach_path)
		(void)buf_printf(out, "  form: %s\n", c->attach_path);
	(void)buf_printf(out, "  Message-ID: <" DISPATCH_PREFIX "%s.CODE.TOKEN@%s> (TOKEN: %d "
	                 "random hex digits, recorded before sending)\n", c->id, domain_of(from),
	                 DISPATCH_TOKEN_HEX);
	if (c->reply_address)
		(void)buf_printf(out, "  Reply-To: %s (%%s: the code in lower case, '-', TOKEN)\n",
		                 c->reply_address);
	for (size_t i = 0; i < cfg->n_agencies; i++) {
		const struct yk_agency *a = &cfg->agencies[i];
		const char *to[DISPATCH_RCPT_MAX];
		size_t n;
		const struct row *r;

		if (!config_campaign_expects(c, i))
			continue;
		n = addresses_of(a, to);
		r = row_of(&rows, a->code);
		(void)buf_printf(out, "  %-16s ", a->code);
		if (r && !strcmp(r->state, "sent"))
			(void)buf_printf(out, "already sent %s <%s>", r->sent_at ? r->sent_at : "",
			                 r->message_id);
		else if (!n)
			(void)buf_adds(out, "unmailable: no address (only @domain entries)");
		else {
			(void)buf_adds(out, r ? "would send again (same Message-ID) to " :
			               "would send to ");
			join(to, n, out);
			if (r)
				(void)buf_printf(out, " [%s%s%s]", r->state, r->error ? ": " : "",
				                 r->error ? r->error : "");
		}
		(void)buf_addc(out, '\n');
	}
	if (buf_status(out))
		rc = yk_err_set(err, buf_status(out), "out of memory");
out:
	rows_free(&rows);
	return rc;
}

/* ---- --send: one letter, as the outbox's kind ---------------------------- */

static const struct outcome_policy dispatch_policy = { .max_attempts = DISPATCH_MAX_ATTEMPTS };

struct one {
	const struct yk_config *cfg;
	const struct yk_campaign *c;
	const struct yk_agency *a;
	const char *const *to;
	size_t n_to;
	const char *joined;
	const char *mid, *token, *reply_to;
	char at[32];
	time_t now;
	struct smtp_rcpt rcpt[DISPATCH_RCPT_MAX];
	struct buf detail;
	const char *state, *what;
	dispatch_event_fn fn;
	void *ctx;
	struct dispatch_stats *stats;
};

static int
one_record(struct store *st, void *ctx, struct yk_err *err)
{
	struct one *o = ctx;
	struct store_dispatch d = {
		.campaign = o->c->id, .agency = o->a->code, .message_id = o->mid, .token = o->token,
		.reply_address = o->reply_to, .recipients = o->joined, .state = "pending",
		.created_at = o->at,
	};

	return store_dispatch_insert(st, &d, err);
}

static int
one_build(void *ctx, struct outbox_msg *m, struct yk_err *err)
{
	struct one *o = ctx;
	int rc;

	if ((rc = dispatch_compose(o->cfg, o->c, o->a, o->to, o->n_to, o->mid, o->reply_to, o->now,
	                           &m->text, err)))
		return rc;
	for (size_t i = 0; i < o->n_to; i++) {
		memset(&o->rcpt[i], 0, sizeof o->rcpt[i]);
		o->rcpt[i].addr = o->to[i];
	}
	m->rcpts = o->rcpt;
	m->n = o->n_to;
	return 0;
}

static int
one_outcome(struct store *st, void *ctx, const struct outbox_result *r, struct yk_err *err)
{
	struct one *o = ctx;
	bool accepted = false;

	for (size_t i = 0; r->tried && i < r->n; i++)
		accepted |= r->rcpts[i].cls == SMTP_ACCEPTED;
	if (r->tried)
		outcome_failures(r->rcpts, r->n, &o->detail);
	switch (r->verdict) {
	case OUTCOME_SENT:
		o->state = o->what = "sent";
		break;
	case OUTCOME_PARTIAL:
		o->state = "sent";
		o->what = "partial";
		break;
	case OUTCOME_RETRY:
		o->state = o->what = "retry";
		break;
	default:
		o->state = o->what = "failed";
		break;
	}
	return store_dispatch_update(st, o->c->id, o->a->code, o->state, r->attempts,
	                             accepted ? o->at : NULL, o->detail.len ? o->detail.data : NULL,
	                             err);
}

static void
emit(struct one *o, const char *what, const char *detail)
{
	struct dispatch_event ev = { .agency = o->a->code, .message_id = o->mid, .to = o->joined,
		                     .what = what, .detail = detail };

	if (o->fn)
		o->fn(o->ctx, &ev);
}

static void
one_done(void *ctx, const struct outbox_result *r)
{
	struct one *o = ctx;

	(void)r;
	if (!strcmp(o->state, "sent"))
		o->stats->sent++;
	else if (!strcmp(o->state, "retry"))
		o->stats->retry++;
	else
		o->stats->failed++;
	emit(o, o->what, o->detail.len ? o->detail.data : NULL);
}

static const struct outbox_kind dispatch_kind = {
	.policy = &dispatch_policy, .recorded = "dispatch-recorded", .count_dropped = true,
	.record = one_record, .build = one_build, .outcome = one_outcome, .done = one_done,
};

/* A new token: the one secret of the Message-ID and the reply address. */
static int
new_token(char out[DISPATCH_TOKEN_HEX + 1], struct yk_err *err)
{
	unsigned char b[DISPATCH_TOKEN_BYTES];

	if (getrandom(b, sizeof b, 0) != (ssize_t)sizeof b)
		return yk_err_set(err, YK_EIO, "getrandom: %s", strerror(errno));
	dispatch_token_hex(b, out);
	return 0;
}

int
dispatch_send(const struct yk_config *cfg, struct store *st, time_t now, const char *campaign,
              dispatch_event_fn fn, void *ctx, struct dispatch_stats *stats, struct yk_err *err)
{
	const struct yk_campaign *c;
	struct rows rows = { 0 };
	struct outbox ob;
	char from[SMTP_ADDR_MAX], at[32];
	int rc;

	memset(stats, 0, sizeof *stats);
	if ((rc = campaign_for(cfg, campaign, &c, err)) ||
	    (rc = compose_from_address(cfg, from, sizeof from, err)) ||
	    (rc = rows_load(st, c->id, &rows, err))) {
		rows_free(&rows);
		return rc;
	}
	isotime_format(now, at);
	outbox_init(&ob, cfg, st, now);
	for (size_t i = 0; i < cfg->n_agencies && !rc; i++) {
		const struct yk_agency *a = &cfg->agencies[i];
		const struct row *r = row_of(&rows, a->code);
		const char *to[DISPATCH_RCPT_MAX];
		char token[DISPATCH_TOKEN_HEX + 1], mid[DISPATCH_ID_MAX], reply[DISPATCH_ID_MAX];
		struct buf joined;
		struct one o = { .cfg = cfg, .c = c, .a = a, .to = to, .now = now, .fn = fn,
			         .ctx = ctx, .stats = stats };

		if (!config_campaign_expects(c, i))
			continue;
		memcpy(o.at, at, sizeof at);
		o.n_to = addresses_of(a, to);
		buf_init(&joined, DISPATCH_TO_MAX);
		join(to, o.n_to, &joined);
		o.joined = joined.data ? joined.data : "";
		buf_init(&o.detail, DISPATCH_TEXT_MAX);
		if (r && !strcmp(r->state, "sent")) {
			o.mid = r->message_id;
			stats->already++;
			emit(&o, "already sent", r->sent_at);
		} else if (!o.n_to) {
			stats->unmailable++;
			emit(&o, "unmailable", "no address (only @domain entries)");
		} else if (r) {
			/* recorded by an earlier run: the same message again */
			o.mid = r->message_id;
			o.token = r->token;
			o.reply_to = r->reply_address;
			rc = outbox_send(&ob, &dispatch_kind, &o, false, r->attempts, err);
		} else if (!(rc = new_token(token, err))) {
			o.token = token;
			if (!dispatch_message_id(c->id, a->code, token, domain_of(from), mid, sizeof mid))
				rc = yk_err_set(err, YK_ELIMIT, "campaign %s, agency %s: the Message-ID "
				                "would be longer than %d bytes", c->id, a->code,
				                DISPATCH_ID_MAX - 1);
			else if (c->reply_address &&
			         !dispatch_reply_address(c->reply_address, a->code, token, reply,
			                                 sizeof reply))
				rc = yk_err_set(err, YK_ELIMIT, "campaign %s, agency %s: the reply address "
				                "would be longer than %d bytes", c->id, a->code,
				                DISPATCH_ID_MAX - 1);
			else {
				o.mid = mid;
				o.reply_to = c->reply_address ? reply : NULL;
				rc = outbox_send(&ob, &dispatch_kind, &o, true, 0, err);
			}
		}
		buf_free(&o.detail);
		buf_free(&joined);
	}
	outbox_close(&ob);
	rows_free(&rows);
	return rc;
}
