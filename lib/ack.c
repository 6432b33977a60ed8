/*
 * ack — receipts for replies (RFC 3834 auto-replied responses), sent through
 * lib/outbox: record the receipt with its Message-ID, commit, send, record
 * the outcome.  A temporary failure is tried again at the next cycle.
 */
#include "ack.h"

#include <gmime/gmime.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compose.h"
#include "isotime.h"
#include "outbox.h"

#define ACK_BODY_MAX (64 * 1024) /* an office's own template may be long */

/* A Message-ID we may put between <> in a header: no space, no <>, no
 * control character (it came from an untrusted message). */
static bool
safe_id(const char *s)
{
	if (!s || !*s || strlen(s) > 250)
		return false;
	for (; *s; s++)
		if ((unsigned char)*s <= ' ' || *s == '<' || *s == '>' || *s == 0x7f)
			return false;
	return true;
}

/*
 * The receipt is the agency's proof that it replied, and when: the time
 * the reply reached the mailbox, in the style of every text it reads, and
 * whether that was within the letter's deadline (the same rule as the
 * status table's "trễ hạn").  Passive voice, so that no office name is
 * needed where the configuration has none; the rest from the 'office'
 * group.  conf/templates/bien-nhan.txt is this same text.
 */
const char ack_default_template[] =
	"Subject: Đã nhận {title} (Công văn số {reference})\n"
	"\n"
	"Kính gửi: {agency}.\n"
	"\n"
	"{title} của Quý cơ quan, gửi theo Công văn số {reference} ngày {sent} của "
	"{letter_issuer} về việc {about}, đã được tiếp nhận.\n"
	"\n"
	"Thời điểm nhận: {received}.\n"
	"{on_time}\n"
	"\n"
	"Thư này xác nhận việc tiếp nhận Phiếu; Quý cơ quan không cần trả lời thư này.\n"
	"\n"
	"Trân trọng./.\n"
	"\n"
	"{signature}\n"
	"\n"
	"--\n"
	"Thư này được gửi tự động từ hệ thống tiếp nhận Phiếu ý kiến.\n";

#define ACK_KNOWN COMPOSE_RECEIPT_KNOWN

struct ack_values {
	const struct yk_config *cfg;
	const struct yk_campaign *cp;
	const struct yk_agency *a;
	char sent[ISOTIME_VI_LEN], deadline[ISOTIME_VI_LEN], received[ISOTIME_VI_LEN];
	char on_time[160];
	struct buf scratch;
};

static bool
ack_value(void *ctx, const char *name, const char **v)
{
	struct ack_values *x = ctx;

	if (!strcmp(name, "sent"))
		*v = x->sent;
	else if (!strcmp(name, "deadline"))
		*v = x->deadline;
	else if (!strcmp(name, "received"))
		*v = x->received;
	else if (!strcmp(name, "on_time"))
		*v = x->on_time;
	else
		return compose_letter_value(x->cfg, x->cp, x->a, name, &x->scratch, v);
	return true;
}

int
ack_compose(const struct yk_config *cfg, const struct yk_campaign *cp, const struct yk_agency *a,
            const char *to, const char *reply_id, const char *message_id, time_t date,
            time_t received, struct buf *out, struct yk_err *err)
{
	struct compose_note n = {
		.cfg = cfg, .to = &to, .n_to = 1, .to_name = a->name, .message_id = message_id,
		.in_reply_to = safe_id(reply_id) ? reply_id : NULL,
		/* RFC 3834 §5: a response to a message is "auto-replied" */
		.auto_submitted = "auto-replied", .date = date,
	};
	struct ack_values x = { .cfg = cfg, .cp = cp, .a = a };
	struct compose_tmpl t;
	struct buf text, subject;
	int rc;

	buf_init(&text, ACK_BODY_MAX);
	buf_init(&subject, COMPOSE_SUBJECT_MAX);
	buf_init(&x.scratch, 0);
	isotime_format_vi_date(cp->sent, x.sent);
	isotime_format_vi_deadline(cp->deadline, cp->deadline_is_day, x.deadline);
	isotime_format_vi(received, x.received);
	snprintf(x.on_time, sizeof x.on_time, "Phiếu được gửi %s thời hạn (hạn gửi: %s).",
	         received > cp->deadline ? "sau" : "trong", x.deadline);
	if (!(rc = compose_tmpl_load(&t, cp->receipt_template_path, ack_default_template, err)) &&
	    !(rc = compose_expand(t.subject ? t.subject : "Đã nhận {title} (Công văn số "
	                          "{reference})", t.origin, 1, 0, ack_value, &x, ACK_KNOWN,
	                          &subject, err)) &&
	    !(rc = compose_expand(t.body, t.origin, t.body_line, 0, ack_value, &x, ACK_KNOWN, &text,
	                          err))) {
		n.subject = subject.data;
		n.text = text.data ? text.data : "";
		rc = compose_note(&n, out, err);
	}
	compose_tmpl_free(&t);
	buf_free(&x.scratch);
	buf_free(&text);
	buf_free(&subject);
	return rc;
}

/* The bare address of a From header value, lower case, in OUT. */
static bool
address_of(const char *from, char *out, size_t n)
{
	InternetAddressList *l = from ? internet_address_list_parse(NULL, from) : NULL;
	bool ok = false;

	if (l && internet_address_list_length(l) >= 1) {
		InternetAddress *ia = internet_address_list_get_address(l, 0);
		if (INTERNET_ADDRESS_IS_MAILBOX(ia)) {
			const char *addr = internet_address_mailbox_get_addr(INTERNET_ADDRESS_MAILBOX(ia));
			if (addr && strlen(addr) < n) {
				for (size_t i = 0; i <= strlen(addr); i++)
					out[i] = (char)g_ascii_tolower(addr[i]);
				ok = strchr(out, '@') != NULL;
			}
		}
	}
	if (l)
		g_object_unref(l);
	return ok;
}

/* The replies due, copied out of the query (sending inside it would write
 * the table being read). */
struct due {
	char *sha256, *reply_id, *campaign, *agency, *ack_id;
	char to[SMTP_ADDR_MAX];  /* the bare address of the reply's From */
	time_t received;         /* when it reached the mailbox (else when filed) */
	int attempts;
};

struct due_list {
	const struct yk_config *cfg;
	struct due *v;
	size_t n;
};

static int
collect(void *ctx, const struct store_ack *a)
{
	struct due_list *l = ctx;
	const struct yk_campaign *cp = config_campaign(l->cfg, a->campaign);
	char to[SMTP_ADDR_MAX];
	struct due *d;

	/* a reply of a campaign without receipts, of an agency no longer
	 * configured, or from no readable address is never due: it must not
	 * count against the cap, or enough of them would stop every receipt;
	 * those past the cap wait for the next cycle */
	if (!cp || !cp->acknowledge || !config_agency(l->cfg, a->agency) ||
	    !address_of(a->from, to, sizeof to) || l->n >= ACK_MAX_PER_CYCLE)
		return 0;
	if (!(l->n & (l->n - 1))) {
		struct due *nv = realloc(l->v, (l->n ? l->n * 2 : 16) * sizeof *nv);
		if (!nv)
			return YK_ENOMEM;
		l->v = nv;
	}
	d = &l->v[l->n++];
	memset(d, 0, sizeof *d);
	d->sha256 = strdup(a->sha256);
	d->reply_id = a->reply_message_id ? strdup(a->reply_message_id) : NULL;
	d->campaign = strdup(a->campaign);
	d->agency = strdup(a->agency);
	d->ack_id = a->ack_message_id ? strdup(a->ack_message_id) : NULL;
	memcpy(d->to, to, sizeof to);
	d->attempts = a->attempts;
	if (!a->received_at || isotime_parse(a->received_at, &d->received))
		d->received = 0;
	if (!d->sha256 || !d->campaign || !d->agency || (a->reply_message_id && !d->reply_id) ||
	    (a->ack_message_id && !d->ack_id))
		return YK_ENOMEM;
	return 0;
}

static void
free_due(struct due_list *l)
{
	for (size_t i = 0; i < l->n; i++) {
		free(l->v[i].sha256);
		free(l->v[i].reply_id);
		free(l->v[i].campaign);
		free(l->v[i].agency);
		free(l->v[i].ack_id);
	}
	free(l->v);
}

/* ---- one receipt, as the outbox's kind -------------------------------- */

static const struct outcome_policy ack_policy = { .max_attempts = ACK_MAX_ATTEMPTS };

struct one {
	const struct yk_config *cfg;
	const struct yk_campaign *cp;
	const struct yk_agency *a;
	const struct due *d;
	char mid[COMPOSE_MESSAGE_ID_MAX];
	const char *at;          /* the cycle's time, ISO 8601 */
	time_t now;
	struct smtp_rcpt rcpt;
	ack_event_fn fn;
	void *ctx;
	unsigned *sent;
};

static int
ack_record(struct store *st, void *ctx, struct yk_err *err)
{
	struct one *o = ctx;

	return store_ack_set(st, o->d->sha256, o->mid, o->d->to, "pending", 0, o->at, NULL, err);
}

static int
ack_build(void *ctx, struct outbox_msg *m, struct yk_err *err)
{
	struct one *o = ctx;
	int rc;

	if ((rc = ack_compose(o->cfg, o->cp, o->a, o->d->to, o->d->reply_id, o->mid, o->now,
	                      o->d->received ? o->d->received : o->now, &m->text, err)))
		return rc;
	o->rcpt.addr = o->d->to;
	m->rcpts = &o->rcpt;
	m->n = 1;
	return 0;
}

static const char *
ack_state(const struct outbox_result *r)
{
	return r->verdict == OUTCOME_SENT ? "sent" : r->verdict == OUTCOME_RETRY ? "pending" : "failed";
}

static int
ack_outcome(struct store *st, void *ctx, const struct outbox_result *r, struct yk_err *err)
{
	struct one *o = ctx;

	return store_ack_set(st, o->d->sha256, o->mid, o->d->to, ack_state(r), r->attempts, o->at,
	                     o->rcpt.cls == SMTP_ACCEPTED ? NULL : o->rcpt.reply, err);
}

static void
ack_done(void *ctx, const struct outbox_result *r)
{
	struct one *o = ctx;
	struct ack_event ev = {
		.agency = o->a->code, .address = o->d->to, .message_id = o->mid,
		.what = r->verdict == OUTCOME_RETRY ? "retry" : ack_state(r),
		.detail = o->rcpt.cls == SMTP_ACCEPTED ? NULL : o->rcpt.reply,
	};

	*o->sent += o->rcpt.cls == SMTP_ACCEPTED;
	if (o->fn)
		o->fn(o->ctx, &ev);
}

static const struct outbox_kind ack_kind = {
	.policy = &ack_policy, .recorded = "receipt-recorded", .count_dropped = false,
	.record = ack_record, .build = ack_build, .outcome = ack_outcome, .done = ack_done,
};

int
ack_cycle(const struct yk_config *cfg, struct store *st, time_t now, ack_event_fn fn, void *ctx,
          unsigned *sent, struct yk_err *err)
{
	struct due_list due = { .cfg = cfg };
	struct outbox ob;
	char at[32];
	bool wanted = false;
	int rc = 0;

	*sent = 0;
	for (size_t i = 0; i < cfg->n_campaigns; i++)
		wanted |= cfg->campaigns[i].acknowledge;
	if (!cfg->smtp.url || !wanted)
		return 0;
	isotime_format(now, at);
	rc = store_each_ack_due(st, collect, &due, err);
	if (rc == YK_ENOMEM)
		rc = yk_err_set(err, rc, "out of memory");
	if (rc)
		goto out;
	outbox_init(&ob, cfg, st, now);
	for (size_t i = 0; i < due.n && !rc; i++) {
		const struct due *d = &due.v[i];
		struct one o = {
			.cfg = cfg, .cp = config_campaign(cfg, d->campaign),
			.a = config_agency(cfg, d->agency), .d = d, .at = at, .now = now,
			.fn = fn, .ctx = ctx, .sent = sent,
		};
		char slot[48];

		if (!o.cp || !o.a)
			continue; /* cannot happen: collect() checked both */
		if (d->ack_id) {
			snprintf(o.mid, sizeof o.mid, "%s", d->ack_id);
		} else {
			/* fixed by the reply's bytes: a re-send after a crash is the same mail */
			snprintf(slot, sizeof slot, "ack-%.32s", d->sha256);
			if ((rc = compose_message_id(cfg, o.cp->id, o.a->code, slot, o.mid, sizeof o.mid,
			                             err)))
				break;
		}
		rc = outbox_send(&ob, &ack_kind, &o, !d->ack_id, d->attempts, err);
	}
	outbox_close(&ob);
out:
	free_due(&due);
	return rc;
}
