/*
 * report — the status table.  Alignment is by display width (libunistring
 * u8_width), not bytes, so Vietnamese names line up in a terminal.
 */
#include "report.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <uniwidth.h>

#include "json.h"

struct agency_row {
	bool replied;
	char *filed_at;
	char *choice;
	bool needs_review;
	long long n_replies;
};

struct collect {
	const struct yk_config *cfg;
	struct agency_row *rows;   /* one per configured agency */
};

static int
on_reply(void *vctx, const struct store_reply *r)
{
	struct collect *c = vctx;
	const struct yk_agency *a = config_agency(c->cfg, r->agency);
	struct agency_row *row;

	if (!a)
		return 0; /* an agency removed from the config since */
	row = &c->rows[config_agency_index(c->cfg, a)];
	row->replied = true;
	free(row->filed_at);
	free(row->choice);
	row->filed_at = strdup(r->received_at ? r->received_at : r->filed_at ? r->filed_at : "");
	row->choice = strdup(r->choice ? r->choice : "-");
	row->needs_review = r->needs_review;
	row->n_replies = r->n_replies;
	return 0;
}

int
report_pad(struct buf *out, const char *s, int w)
{
	int width = u8_strwidth((const uint8_t *)s, "UTF-8");
	int rc = buf_adds(out, s);

	for (; !rc && width < w; width++)
		rc = buf_addc(out, ' ');
	return rc;
}

/* "2024-01-20T02:30:00Z" in the machine's local time (a server in Viet
 * Nam runs on ICT, +07:00), as "2024-01-20 09:30". */
static void
fmt_time(const char *iso, char out[32])
{
	struct tm tm;
	time_t t;

	if (iso && config_parse_time(iso, &t) == 0 && localtime_r(&t, &tm))
		strftime(out, 32, "%Y-%m-%d %H:%M", &tm);
	else
		snprintf(out, 32, "%s", iso ? iso : "");
}

int
report_status(const struct yk_config *cfg, struct store *st, const struct report_opts *o,
              struct buf *out, struct yk_err *err)
{
	const struct yk_campaign *cp = o->campaign;
	struct collect c = { .cfg = cfg };
	size_t expected = 0, replied = 0, review = 0, late = 0;
	int64_t unassigned = 0;
	int rc = 0;

	c.rows = calloc(cfg->n_agencies ? cfg->n_agencies : 1, sizeof *c.rows);
	if (!c.rows)
		return yk_err_set(err, YK_ENOMEM, "out of memory");
	if ((rc = store_each_effective_reply(st, cp->id, on_reply, &c, err)) ||
	    (rc = store_count_unassigned(st, cp->id, &unassigned, err)))
		goto out;
	if (!o->json) {
		rc |= buf_printf(out, "Campaign %s — %s\n", cp->id, cp->title ? cp->title : cp->reference);
		rc |= buf_adds(out, "  ");
		rc |= report_pad(out, "AGENCY", 16);
		rc |= report_pad(out, "NAME", 44);
		rc |= report_pad(out, "STATUS", 10);
		rc |= report_pad(out, "REPLIED AT", 18);
		rc |= report_pad(out, "CHOICE", 28);
		rc |= buf_adds(out, "REVIEW\n");
	}
	for (size_t i = 0; i < cfg->n_agencies && !rc; i++) {
		const struct yk_agency *a = &cfg->agencies[i];
		struct agency_row *row = &c.rows[i];
		char when[32];
		bool is_late = false;

		if (!config_campaign_expects(cp, i))
			continue;
		expected++;
		if (row->replied) {
			time_t t;
			replied++;
			review += row->needs_review;
			/* when it was sent (its Date), "YYYY-MM-DDTHH:MM:SSZ" */
			if (row->filed_at && config_parse_time(row->filed_at, &t) == 0 && t > cp->deadline) {
				is_late = true;
				late++;
			}
		}
		fmt_time(row->filed_at, when);
		if (o->json) {
			rc |= buf_adds(out, "{");
			rc |= json_key(out, "agency");
			rc |= json_str(out, a->code);
			rc |= buf_addc(out, ',');
			rc |= json_key(out, "name");
			rc |= json_str(out, a->name);
			rc |= buf_addc(out, ',');
			rc |= json_key(out, "replied");
			rc |= json_bool(out, row->replied);
			rc |= buf_addc(out, ',');
			rc |= json_key(out, "replied_at");
			rc |= json_str(out, row->filed_at);
			rc |= buf_addc(out, ',');
			rc |= json_key(out, "late");
			rc |= json_bool(out, is_late);
			rc |= buf_addc(out, ',');
			rc |= json_key(out, "choice");
			rc |= json_str(out, row->choice);
			rc |= buf_addc(out, ',');
			rc |= json_key(out, "needs_review");
			rc |= json_bool(out, row->needs_review);
			rc |= buf_printf(out, ",\"replies\":%lld}\n", row->n_replies);
		} else {
			rc |= buf_adds(out, "  ");
			rc |= report_pad(out, a->code, 16);
			rc |= report_pad(out, a->name, 44);
			rc |= report_pad(out, row->replied ? (is_late ? "late" : "replied") : "missing", 10);
			rc |= report_pad(out, row->replied ? when : "-", 18);
			rc |= report_pad(out, row->replied ? row->choice : "-", 28);
			rc |= buf_adds(out, row->needs_review ? "yes\n" : "-\n");
		}
	}
	if (o->json) {
		rc |= buf_printf(out, "{\"totals\":{\"campaign\":");
		rc |= json_str(out, cp->id);
		rc |= buf_printf(out, ",\"expected\":%zu,\"replied\":%zu,\"missing\":%zu,\"late\":%zu,"
		                 "\"needs_review\":%zu,\"unassigned\":%lld}}\n",
		                 expected, replied, expected - replied, late, review, (long long)unassigned);
	} else {
		rc |= buf_printf(out, "Totals: %zu expected, %zu replied (%zu late), %zu missing, "
		                 "%zu need review, %lld unassigned\n",
		                 expected, replied, late, expected - replied, review, (long long)unassigned);
	}
	if (rc && !err->code)
		rc = yk_err_set(err, YK_ENOMEM, "out of memory");
out:
	for (size_t i = 0; i < cfg->n_agencies; i++) {
		free(c.rows[i].filed_at);
		free(c.rows[i].choice);
	}
	free(c.rows);
	return rc;
}
