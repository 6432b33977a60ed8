/*
 * ack — receipts for replies (RFC 3834 auto-replied responses).  The order
 * is the reminders': record the receipt with its Message-ID, commit, send,
 * record the outcome.
 */
#include "ack.h"

#include <gmime/gmime.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compose.h"
#include "fault.h"
#include "isotime.h"
#include "smtp.h"

#define ACK_BODY_MAX 4096

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

int
ack_compose(const struct yk_config *cfg, const struct yk_campaign *cp, const struct yk_agency *a,
            const char *to, const char *reply_id, const char *message_id, time_t date,
            struct buf *out, struct yk_err *err)
{
	struct compose_note n = {
		.cfg = cfg, .to = &to, .n_to = 1, .to_name = a->name, .message_id = message_id,
		.in_reply_to = safe_id(reply_id) ? reply_id : NULL,
		/* RFC 3834 §5: a response to a message is "auto-replied" */
		.auto_submitted = "auto-replied", .date = date,
	};
	struct buf text, subject;
	int rc;

	buf_init(&text, ACK_BODY_MAX);
	buf_init(&subject, COMPOSE_SUBJECT_MAX);
	if (buf_printf(&subject, "Đã nhận phiếu ý kiến: %s", cp->title ? cp->title : cp->reference) ||
	    buf_printf(&text,
	               "Kính gửi: %s\n\n"
	               "Văn phòng UBND tỉnh đã nhận phiếu ý kiến của Quý cơ quan theo Công văn số %s"
	               "%s%s.\n\n"
	               "Đây là thư trả lời tự động, xác nhận việc nhận thư; Quý cơ quan không cần "
	               "trả lời thư này.\n\nTrân trọng./.\n",
	               a->name, cp->reference, cp->title ? " — " : "", cp->title ? cp->title : "")) {
		rc = yk_err_set(err, YK_ELIMIT, "receipt text too long");
	} else {
		n.subject = subject.data;
		n.text = text.data;
		rc = compose_note(&n, out, err);
	}
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
	int attempts;
};

struct due_list {
	const struct yk_config *cfg;
	struct due *v;
	size_t n;
	int oom;
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
	 * count against the cap, or enough of them would stop every receipt */
	if (!cp || !cp->acknowledge || !config_agency(l->cfg, a->agency) ||
	    !address_of(a->from, to, sizeof to))
		return 0;
	if (l->n >= ACK_MAX_PER_CYCLE)
		return 1;
	if (!(l->n & (l->n - 1))) {
		struct due *nv = realloc(l->v, (l->n ? l->n * 2 : 16) * sizeof *nv);
		if (!nv) {
			l->oom = 1;
			return 1;
		}
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
	if (!d->sha256 || !d->campaign || !d->agency || (a->reply_message_id && !d->reply_id) ||
	    (a->ack_message_id && !d->ack_id)) {
		l->oom = 1;
		return 1;
	}
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

int
ack_cycle(const struct yk_config *cfg, struct store *st, time_t now, ack_event_fn fn, void *ctx,
          unsigned *sent, struct yk_err *err)
{
	const struct yk_smtp *m = &cfg->smtp;
	struct due_list due = { .cfg = cfg };
	struct smtp *smtp = NULL;
	char from[COMPOSE_MESSAGE_ID_MAX], at[32];
	bool wanted = false;
	int rc = 0;

	*sent = 0;
	for (size_t i = 0; i < cfg->n_campaigns; i++)
		wanted |= cfg->campaigns[i].acknowledge;
	if (!m->url || !wanted)
		return 0;
	isotime_format(now, at);
	if ((rc = store_each_ack_due(st, collect, &due, err)))
		goto out;
	if (due.oom) {
		rc = yk_err_set(err, YK_ENOMEM, "out of memory");
		goto out;
	}
	for (size_t i = 0; i < due.n; i++) {
		struct due *d = &due.v[i];
		const struct yk_campaign *cp = config_campaign(cfg, d->campaign);
		const struct yk_agency *a = config_agency(cfg, d->agency);
		struct smtp_rcpt rcpt = { 0 };
		struct ack_event ev = { 0 };
		const char *to = d->to;
		char mid[COMPOSE_MESSAGE_ID_MAX], slot[48];
		struct buf msg;
		const char *state;

		if (!cp || !a)
			continue; /* cannot happen: collect() checked both */
		if (d->ack_id) {
			snprintf(mid, sizeof mid, "%s", d->ack_id);
		} else {
			/* fixed by the reply's bytes: a re-send after a crash is the same mail */
			snprintf(slot, sizeof slot, "ack-%.32s", d->sha256);
			if ((rc = compose_message_id(cfg, cp->id, a->code, slot, mid, sizeof mid, err)))
				goto out;
			if ((rc = store_begin(st, err)) ||
			    (rc = store_ack_set(st, d->sha256, mid, to, "pending", 0, at, NULL, err)) ||
			    (rc = store_commit(st, err))) {
				store_rollback(st);
				goto out;
			}
			fault_point("receipt-recorded");
		}
		if (!smtp && ((rc = compose_from_address(cfg, from, sizeof from, err)) ||
		              (rc = smtp_open_config(cfg, &smtp, err))))
			goto out;
		buf_init(&msg, 0);
		if ((rc = ack_compose(cfg, cp, a, to, d->reply_id, mid, now, &msg, err))) {
			buf_free(&msg);
			goto out;
		}
		rcpt.addr = to;
		rc = smtp_send(smtp, from, &rcpt, 1, msg.data, msg.len, err);
		buf_free(&msg);
		if (rc)
			goto out; /* the server went away: the receipt stays pending */
		state = rcpt.cls == SMTP_ACCEPTED ? "sent"
		        : rcpt.cls == SMTP_PERMANENT || d->attempts + 1 >= ACK_MAX_ATTEMPTS ? "failed"
		                                                                        : "pending";
		if ((rc = store_begin(st, err)) ||
		    (rc = store_ack_set(st, d->sha256, mid, to, state, d->attempts + 1, at,
		                        rcpt.cls == SMTP_ACCEPTED ? NULL : rcpt.reply, err)) ||
		    (rc = store_commit(st, err))) {
			store_rollback(st);
			goto out;
		}
		*sent += rcpt.cls == SMTP_ACCEPTED;
		if (fn) {
			ev.agency = a->code;
			ev.address = to;
			ev.message_id = mid;
			ev.what = !strcmp(state, "pending") ? "retry" : state;
			ev.detail = rcpt.cls == SMTP_ACCEPTED ? NULL : rcpt.reply;
			fn(ctx, &ev);
		}
	}
out:
	smtp_close(smtp);
	free_due(&due);
	return rc;
}
