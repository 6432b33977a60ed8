/*
 * extract — ties mime, classify and form together (see extract.h).
 * Stub phase: returns an "unrelated" result; filled in step by step.
 */
#include "extract.h"

#include <stdlib.h>
#include <string.h>

#include "json.h"

void
extract_global_init(void)
{
}

void
extract_global_shutdown(void)
{
}

int
extract_message(const struct yk_config *cfg, const char *data, size_t len,
                struct extract_result **out, struct yk_err *err)
{
	struct extract_result *r;

	(void)cfg;
	(void)data;
	(void)len;
	r = calloc(1, sizeof *r);
	if (!r)
		return yk_err_set(err, YK_ENOMEM, "extract: out of memory");
	r->kind = KIND_UNRELATED;
	*out = r;
	return 0;
}

static void
free_strv(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

void
extract_free(struct extract_result *r)
{
	if (!r)
		return;
	free(r->message_id);
	free(r->from);
	free(r->subject);
	free(r->date);
	for (size_t i = 0; i < r->n_answers; i++)
		free(r->answers[i].text);
	free(r->answers);
	free_strv(r->reasons, r->n_reasons);
	free_strv(r->bounced, r->n_bounced);
	free(r);
}

const char *
extract_kind_name(enum msg_kind k)
{
	switch (k) {
	case KIND_FORM_REPLY: return "form_reply";
	case KIND_AUTO_REPLY: return "auto_reply";
	case KIND_BOUNCE: return "bounce";
	case KIND_UNRELATED: return "unrelated";
	}
	return "unrelated";
}

int
extract_json_answers(const struct extract_result *r, struct buf *out)
{
	(void)r;
	return buf_adds(out, "{}");
}

int
extract_json_fields(const struct extract_result *r, struct buf *out)
{
	int rc = 0;

	rc |= json_key(out, "message_id");
	rc |= json_str(out, r->message_id);
	rc |= buf_addc(out, ',');
	rc |= json_key(out, "kind");
	rc |= json_str(out, extract_kind_name(r->kind));
	return rc ? YK_ENOMEM : 0;
}

int
extract_choice_summary(const struct extract_result *r, struct buf *out)
{
	(void)r;
	return buf_adds(out, "-");
}
