/*
 * compose — the reminder as a MIME message (RFC 5322, 2045-2049, 2047,
 * 2231, 3834).  GMime does the encoding; this file decides the structure
 * and keeps untrusted or configured text out of header syntax.
 *
 * GObject references: every object created here is unreferenced here once
 * its container holds its own reference; the caller receives only bytes.
 */
#include "compose.h"

#include <errno.h>
#include <fcntl.h>
#include <gmime/gmime.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "isotime.h"
#include "plan.h"

#define PLACEHOLDER_MAX 32 /* the longest placeholder name, with margin */

static const char default_subject[] = "V/v đôn đốc gửi {title} (Công văn số {reference})";

/*
 * Without one, every reminder failed at run time while check-config said
 * ok.  The wording is that of a công văn đôn đốc between State bodies (it
 * opens on the letter it follows up, "Thực hiện Công văn số … ngày … của …
 * về việc …", then asks "đề nghị … khẩn trương …" with the deadline, and
 * closes "Trân trọng./." over the office's name), not a service desk's: no
 * "xin vui lòng", no thanks.  The agency is "Quý cơ quan" when addressed,
 * as in the receipt and the letter's mail.  Every office-specific word
 * comes from the configuration ({letter_issuer}, {signature}); the words
 * "mẫu phiếu gửi kèm" only when a form is attached ({attached}).
 * conf/templates/nhac-nho.txt is this same text (tests/unit/test_compose.c
 * checks it), for an office to copy and change.
 */
const char compose_default_template[] =
	"Subject: V/v đôn đốc gửi {title} (Công văn số {reference})\n"
	"\n"
	"Kính gửi: {agency}.\n"
	"\n"
	"Thực hiện Công văn số {reference} ngày {sent} của {letter_issuer} về việc {about}, "
	"đề nghị {agency} khẩn trương hoàn thiện và gửi {title} trước {deadline}.{attached}\n"
	"\n"
	"{deadline_note}\n"
	"\n"
	"Phiếu gửi về bằng cách trả lời thư này (ghi ý kiến vào nội dung thư hoặc gửi kèm tệp "
	"Phiếu đã điền).\n"
	"\n"
	"Trường hợp Quý cơ quan đã gửi Phiếu, đề nghị bỏ qua thư này.\n"
	"\n"
	"Trân trọng./.\n"
	"\n"
	"{signature}\n"
	"\n"
	"--\n"
	"Thư này được gửi tự động từ hệ thống tiếp nhận Phiếu ý kiến.\n";

static bool
has_crlf(const char *s)
{
	return s && strpbrk(s, "\r\n") != NULL;
}

/* Reads a whole file of at most MAX bytes into B. */
static int
slurp(const char *path, size_t max, struct buf *b, struct yk_err *err)
{
	b->limit = max;
	return buf_read_file(b, path, err);
}

int
compose_from_address(const struct yk_config *cfg, char *out, size_t n, struct yk_err *err)
{
	InternetAddressList *l;
	InternetAddress *ia;
	const char *addr = NULL;
	int rc = 0;

	if (!cfg->smtp.from)
		return yk_err_set(err, YK_ECONFIG, "smtp.from is not set");
	l = internet_address_list_parse(NULL, cfg->smtp.from);
	if (l && internet_address_list_length(l) == 1 &&
	    INTERNET_ADDRESS_IS_MAILBOX((ia = internet_address_list_get_address(l, 0))))
		addr = internet_address_mailbox_get_addr(INTERNET_ADDRESS_MAILBOX(ia));
	if (!addr || !strchr(addr, '@') || has_crlf(addr) || strpbrk(addr, "<> \t"))
		rc = yk_err_set(err, YK_ECONFIG, "smtp.from \"%s\": expected one address, "
		                "e.g. \"Văn phòng UBND tỉnh <tonghop@example.vn>\"", cfg->smtp.from);
	else if ((size_t)snprintf(out, n, "%s", addr) >= n)
		rc = yk_err_set(err, YK_ELIMIT, "smtp.from: address longer than %zu bytes", n - 1);
	if (l)
		g_object_unref(l);
	return rc;
}

int
compose_message_id(const struct yk_config *cfg, const char *campaign, const char *agency,
                   const char *slot, char *out, size_t n, struct yk_err *err)
{
	char from[COMPOSE_MESSAGE_ID_MAX];
	struct buf key;
	gchar *hex;
	int rc;

	if ((rc = compose_from_address(cfg, from, sizeof from, err)))
		return rc;
	/* campaign ids, agency codes and slot ids hold no '\n' (config.c) */
	buf_init(&key, 0);
	if (buf_printf(&key, "ykien-reminder\n%s\n%s\n%s", campaign, agency, slot)) {
		buf_free(&key);
		return yk_err_set(err, YK_ENOMEM, "out of memory");
	}
	hex = g_compute_checksum_for_string(G_CHECKSUM_SHA256, key.data, (gssize)key.len);
	buf_free(&key);
	if (!hex)
		return yk_err_set(err, YK_ENOMEM, "out of memory");
	/* 128 bits of the hash: unique enough, short enough for any client */
	if ((size_t)snprintf(out, n, "%.32s.reminder@%s", hex, strchr(from, '@') + 1) >= n)
		rc = yk_err_set(err, YK_ELIMIT, "Message-ID longer than %zu bytes", n - 1);
	g_free(hex);
	return rc;
}

static void
add_value(struct buf *out, const char *v, int html)
{
	if (!html) {
		(void)buf_adds(out, v);
		return;
	}
	for (; *v; v++) {
		switch (*v) {
		case '&': (void)buf_adds(out, "&amp;"); break;
		case '<': (void)buf_adds(out, "&lt;"); break;
		case '>': (void)buf_adds(out, "&gt;"); break;
		case '"': (void)buf_adds(out, "&quot;"); break;
		default: (void)buf_addc(out, *v);
		}
	}
}

int
compose_expand(const char *tmpl, const char *origin, unsigned line, int html,
               compose_value_fn fn, void *ctx, const char *known, struct buf *out,
               struct yk_err *err)
{
	const char *p = tmpl;

	while (*p) {
		const char *open = strchr(p, '{'), *close, *v = NULL;
		char name[PLACEHOLDER_MAX];
		size_t len;

		if (!open) {
			(void)buf_adds(out, p);
			break;
		}
		(void)buf_add(out, p, (size_t)(open - p));
		for (const char *q = p; q < open; q++)
			line += *q == '\n';
		if (open[1] == '{') {
			(void)buf_addc(out, '{');
			p = open + 2;
			continue;
		}
		close = strchr(open, '}');
		len = close ? (size_t)(close - open - 1) : 0;
		if (!close || len == 0 || len >= sizeof name || memchr(open + 1, '\n', len))
			return yk_err_set(err, YK_EINVAL, "%s:%u: '{' without a placeholder name and "
			                  "'}' (write \"{{\" for a literal '{')", origin, line);
		memcpy(name, open + 1, len);
		name[len] = '\0';
		if (!fn(ctx, name, &v))
			/* never send "{agnecy}" to a provincial department */
			return yk_err_set(err, YK_EINVAL, "%s:%u: unknown placeholder {%s} (known: %s)",
			                  origin, line, name, known);
		add_value(out, v ? v : "", html);
		p = close + 1;
	}
	/* a subject past its limit is refused, not cut */
	if (buf_status(out) == YK_ELIMIT)
		return yk_err_set(err, YK_ELIMIT, "%s: the text filled in is longer than %zu bytes",
		                  origin, out->limit);
	return buf_status(out) ? yk_err_set(err, buf_status(out), "out of memory") : 0;
}

/* ---- the office's words (the 'office' group), for every template ------- */

#define DOTS "……" /* a field the office has not configured: left to fill in */

static const char *
or_dots(const char *s)
{
	return s && *s ? s : DOTS;
}

/* S in capitals, as a công văn writes the name of a body (Vietnamese
 * letters too: "Sở Nội vụ" -> "SỞ NỘI VỤ"). */
static void
add_upper(struct buf *b, const char *s)
{
	gchar *up = g_utf8_strup(s, -1);

	(void)buf_adds(b, up ? up : s);
	g_free(up);
}

/* The display name of smtp.from ("Văn phòng UBND tỉnh Sóc Trăng"), when
 * the office has named no body: the one name the configuration then has. */
static void
add_from_name(struct buf *b, const struct yk_config *cfg)
{
	InternetAddressList *l = cfg->smtp.from ? internet_address_list_parse(NULL, cfg->smtp.from)
	                                        : NULL;
	const char *name = NULL;

	if (l && internet_address_list_length(l) == 1)
		name = internet_address_get_name(internet_address_list_get_address(l, 0));
	if (name && *name && !has_crlf(name))
		add_upper(b, name);
	else
		(void)buf_adds(b, DOTS);
	if (l)
		g_object_unref(l);
}

/* The signature block of a công văn's author, from the configuration:
 * the parent body and the issuing body in capitals, one a line (the issuing
 * body followed by the province's name when no parent body says which
 * province), then the contact line. */
static void
signature(struct buf *b, const struct yk_config *cfg)
{
	const struct yk_office *o = &cfg->office;

	if (o->parent_body && *o->parent_body) {
		add_upper(b, o->parent_body);
		if (o->issuing_body && *o->issuing_body)
			(void)buf_addc(b, '\n');
	}
	if (o->issuing_body && *o->issuing_body) {
		add_upper(b, o->issuing_body);
		if (!(o->parent_body && *o->parent_body) && o->province && *o->province) {
			(void)buf_addc(b, ' ');
			add_upper(b, o->province);
		}
	}
	if (!(o->parent_body && *o->parent_body) && !(o->issuing_body && *o->issuing_body))
		add_from_name(b, cfg);
	if (o->contact && *o->contact)
		(void)buf_printf(b, "\nLiên hệ: %s", o->contact);
}

/* The issuing body when the letter's ký hiệu is the office's own: a Sở
 * that signs its own letters configures its abbreviation; a letter
 * "118/UBND-TH" the office drafted for the People's Committee is the
 * parent body's. */
const char *
compose_letter_issuer(const struct yk_config *cfg, const struct yk_campaign *cp)
{
	const struct yk_office *o = &cfg->office;
	const char *slash = cp && cp->reference ? strchr(cp->reference, '/') : NULL;
	size_t n = o->abbreviation ? strlen(o->abbreviation) : 0;

	if (slash && n && o->issuing_body && !strncmp(slash + 1, o->abbreviation, n) &&
	    (slash[1 + n] == '\0' || slash[1 + n] == '-'))
		return o->issuing_body;
	if (o->parent_body && *o->parent_body)
		return o->parent_body;
	return o->issuing_body && *o->issuing_body ? o->issuing_body : NULL;
}

bool
compose_office_value(const struct yk_config *cfg, const struct yk_campaign *cp,
                     const char *name, struct buf *scratch, const char **v)
{
	const struct yk_office *o = &cfg->office;

	if (!strcmp(name, "issuing_body"))
		*v = or_dots(o->issuing_body);
	else if (!strcmp(name, "parent_body"))
		*v = or_dots(o->parent_body);
	else if (!strcmp(name, "province"))
		*v = or_dots(o->province);
	else if (!strcmp(name, "contact"))
		*v = or_dots(o->contact);
	else if (!strcmp(name, "letter_issuer") && cp)
		*v = or_dots(compose_letter_issuer(cfg, cp));
	else if (!strcmp(name, "signature")) {
		buf_reset(scratch);
		signature(scratch, cfg);
		*v = scratch->data;
	} else
		return false;
	return true;
}

bool
compose_letter_value(const struct yk_config *cfg, const struct yk_campaign *cp,
                     const struct yk_agency *a, const char *name, struct buf *scratch,
                     const char **v)
{
	if (!strcmp(name, "agency"))
		*v = a->name;
	else if (!strcmp(name, "code"))
		*v = a->code;
	else if (!strcmp(name, "title"))
		*v = compose_title(cp);
	else if (!strcmp(name, "reference"))
		*v = cp->reference;
	else if (!strcmp(name, "about"))
		*v = compose_about(cp);
	else
		return compose_office_value(cfg, cp, name, scratch, v);
	return true;
}

/* ---- the reminder's placeholders --------------------------------------- */

#define REMINDER_KNOWN COMPOSE_REMINDER_KNOWN

struct reminder_values {
	const struct compose_reminder *r;
	char deadline[ISOTIME_VI_LEN], sent[ISOTIME_VI_LEN], left[16], note[200];
	struct buf scratch;
};

static bool
reminder_value(void *ctx, const char *name, const char **v)
{
	struct reminder_values *x = ctx;
	const struct compose_reminder *r = x->r;
	const struct yk_campaign *c = r->campaign;

	if (!strcmp(name, "deadline"))
		*v = x->deadline;
	else if (!strcmp(name, "days_left"))
		*v = x->left;
	else if (!strcmp(name, "sent"))
		*v = x->sent;
	else if (!strcmp(name, "slot"))
		*v = r->slot;
	else if (!strcmp(name, "deadline_note"))
		*v = x->note;
	else if (!strcmp(name, "attached"))
		/* only when the form really goes with the mail */
		*v = c->attach_path ? " Mẫu phiếu gửi kèm thư này." : "";
	else
		return compose_letter_value(r->cfg, c, r->agency, name, &x->scratch, v);
	return true;
}

const char *
compose_title(const struct yk_campaign *c)
{
	/* "gửi {title}" reads right with either */
	return c->title ? c->title : "Phiếu ý kiến";
}

const char *
compose_about(const struct yk_campaign *c)
{
	/* what every campaign of ykien's is, so that "về việc {about}" still
	 * reads as a sentence when the letter's trích yếu is not configured */
	return c->about && *c->about ? c->about : "lấy ý kiến các cơ quan, đơn vị";
}

static int
fill_reminder(const struct compose_reminder *r, const char *tmpl, const char *origin,
              unsigned line, int html, struct buf *out, struct yk_err *err)
{
	const struct yk_campaign *c = r->campaign;
	int days = plan_days_left(c, r->date), rc;
	struct reminder_values x = { .r = r };

	isotime_format_vi_deadline(c->deadline, c->deadline_is_day, x.deadline);
	isotime_format_vi_date(c->sent, x.sent);
	snprintf(x.left, sizeof x.left, "%d", days > 0 ? days : 0);
	if (days > 0)
		snprintf(x.note, sizeof x.note, "Thời hạn gửi Phiếu còn %d ngày.", days);
	else if (days == 0)
		snprintf(x.note, sizeof x.note, "Hôm nay là ngày cuối cùng của thời hạn gửi Phiếu.");
	else
		/* "trước {deadline}" is past: say so, and ask for it now */
		snprintf(x.note, sizeof x.note, "Thời hạn trên đã quá %d ngày; đề nghị Quý cơ quan "
		         "gửi Phiếu ngay khi nhận được thư này.", -days);
	buf_init(&x.scratch, 0);
	rc = compose_expand(tmpl, origin, line, html, reminder_value, &x, REMINDER_KNOWN, out, err);
	buf_free(&x.scratch);
	return rc;
}

int
compose_fill(const struct compose_reminder *r, const char *tmpl, int html, struct buf *out,
             struct yk_err *err)
{
	return fill_reminder(r, tmpl, "template", 1, html, out, err);
}

/* Splits a template into its Subject (NULL: none) and body, in place;
 * CRLF (a template saved on Windows) becomes LF.  *BODY_LINE: the line
 * the body starts on, for the errors. */
static void
split_template(char *t, const char **subject, const char **body, unsigned *body_line)
{
	char *w = t;

	for (const char *s = t; *s; s++)
		if (!(*s == '\r' && s[1] == '\n'))
			*w++ = *s;
	*w = '\0';
	*subject = NULL;
	*body = t;
	*body_line = 1;
	if (strncasecmp(t, "Subject:", 8))
		return;
	for (char *line = t; *line;) {
		char *nl;
		if (*line == '\n') {
			*body = line + 1; /* the blank line ends the header lines */
			++*body_line;
			return;
		}
		nl = strchr(line, '\n');
		if (nl)
			*nl = '\0';
		if (!strncasecmp(line, "Subject:", 8)) {
			*subject = line + 8;
			while (**subject == ' ' || **subject == '\t')
				(*subject)++;
		}
		if (!nl) {
			*body = line + strlen(line);
			return;
		}
		line = nl + 1;
		*body = line;
		++*body_line;
	}
}

int
compose_tmpl_load(struct compose_tmpl *t, const char *path, const char *builtin,
                  struct yk_err *err)
{
	int rc;

	memset(t, 0, sizeof *t);
	buf_init(&t->text, 0);
	t->origin = path ? path : "the built-in template";
	if (!path) {
		/* a writable copy: split_template() works in place */
		if (buf_adds(&t->text, builtin))
			return yk_err_set(err, YK_ENOMEM, "out of memory");
	} else if ((rc = slurp(path, COMPOSE_TEMPLATE_MAX, &t->text, err))) {
		return rc;
	}
	if (!t->text.data || !g_utf8_validate(t->text.data, (gssize)t->text.len, NULL) ||
	    memchr(t->text.data, '\0', t->text.len))
		return yk_err_set(err, YK_EINVAL, "%s: the template must be UTF-8 text", t->origin);
	split_template(t->text.data, &t->subject, &t->body, &t->body_line);
	return 0;
}

void
compose_tmpl_free(struct compose_tmpl *t)
{
	buf_free(&t->text);
}

static const char *
mime_subtype(const char *name)
{
	static const struct { const char *ext, *sub; } map[] = {
		{ ".docx", "vnd.openxmlformats-officedocument.wordprocessingml.document" },
		{ ".doc", "msword" },
		{ ".odt", "vnd.oasis.opendocument.text" },
		{ ".pdf", "pdf" },
		{ ".xlsx", "vnd.openxmlformats-officedocument.spreadsheetml.sheet" },
		{ ".xls", "vnd.ms-excel" },
	};
	size_t n = strlen(name);

	for (size_t i = 0; i < sizeof map / sizeof map[0]; i++) {
		size_t e = strlen(map[i].ext);
		if (n > e && !strcasecmp(name + n - e, map[i].ext))
			return map[i].sub;
	}
	return "octet-stream";
}

static GMimeObject *
text_part(const char *subtype, const char *text)
{
	GMimeTextPart *tp = g_mime_text_part_new_with_subtype(subtype);

	g_mime_text_part_set_text(tp, text);
	g_mime_text_part_set_charset(tp, "utf-8");
	/* base64: Vietnamese is mostly non-ASCII, where quoted-printable
	 * triples the size; any relay passes it unchanged */
	g_mime_part_set_content_encoding(GMIME_PART(tp), GMIME_CONTENT_ENCODING_BASE64);
	return GMIME_OBJECT(tp);
}

/* The file PATH attached under NAME (NULL: PATH's own name); WHO names
 * the configuration it came from, for the error. */
static int
attach_file(const char *who, const char *path, const char *name, GMimeObject **out,
            struct yk_err *err)
{
	GMimeStream *ms;
	GMimeDataWrapper *dw;
	GMimePart *part;
	struct buf data;
	int rc;

	*out = NULL;
	if (!name) {
		name = strrchr(path, '/');
		name = name ? name + 1 : path;
	}
	if (!*name || has_crlf(name) || !g_utf8_validate(name, -1, NULL))
		return yk_err_set(err, YK_EINVAL, "%s: attachment name \"%s\" is not a "
		                  "valid UTF-8 file name on one line", who, name);
	buf_init(&data, 0);
	if ((rc = slurp(path, COMPOSE_ATTACH_MAX, &data, err))) {
		buf_free(&data);
		return rc;
	}
	part = g_mime_part_new_with_type("application", mime_subtype(name));
	g_mime_object_set_disposition(GMIME_OBJECT(part), GMIME_DISPOSITION_ATTACHMENT);
	g_mime_part_set_filename(part, name);
	ms = g_mime_stream_mem_new_with_buffer(data.data ? data.data : "", data.len);
	buf_free(&data);
	dw = g_mime_data_wrapper_new_with_stream(ms, GMIME_CONTENT_ENCODING_DEFAULT);
	g_object_unref(ms);
	g_mime_part_set_content(part, dw);
	g_object_unref(dw);
	g_mime_part_set_content_encoding(part, GMIME_CONTENT_ENCODING_BASE64);
	*out = GMIME_OBJECT(part);
	return 0;
}

static int
attachment(const struct yk_campaign *c, GMimeObject **out, struct yk_err *err)
{
	char who[160];

	snprintf(who, sizeof who, "campaign %s", c->id);
	return attach_file(who, c->attach_path, c->attach_name, out, err);
}

static int
add_addresses(InternetAddressList *l, const char *name, const char *const *addrs, size_t n,
              struct yk_err *err)
{
	for (size_t i = 0; i < n; i++) {
		InternetAddress *ia;
		if (has_crlf(addrs[i]) || strpbrk(addrs[i], "<>,; \t") || !strchr(addrs[i], '@'))
			return yk_err_set(err, YK_EINVAL, "address \"%s\" cannot go into a header",
			                  addrs[i]);
		ia = internet_address_mailbox_new(name, addrs[i]);
		internet_address_list_add(l, ia);
		g_object_unref(ia);
	}
	return 0;
}

/* The Date header: T in Viet Nam's time, as the agencies read it. */
static int
set_date(GMimeMessage *msg, time_t t, struct yk_err *err)
{
	GTimeZone *tz = g_time_zone_new_offset(PLAN_TZ_OFFSET);
	GDateTime *utc = g_date_time_new_from_unix_utc((gint64)t);
	GDateTime *local = utc && tz ? g_date_time_to_timezone(utc, tz) : NULL;
	int rc = 0;

	if (local)
		g_mime_message_set_date(msg, local);
	else
		rc = yk_err_set(err, YK_EINVAL, "date %lld out of range", (long long)t);
	if (local)
		g_date_time_unref(local);
	if (utc)
		g_date_time_unref(utc);
	if (tz)
		g_time_zone_unref(tz);
	return rc;
}

/* MSG onto OUT: CRLF line ends, as SMTP wants them (RFC 5321 §2.3.8);
 * RFC 2231 parameters for a Vietnamese file name. */
static int
write_message(GMimeMessage *msg, struct buf *out, struct yk_err *err)
{
	GMimeFormatOptions *fo = g_mime_format_options_new();
	GMimeStream *stream = g_mime_stream_mem_new();
	int rc = 0;

	g_mime_format_options_set_newline_format(fo, GMIME_NEWLINE_FORMAT_DOS);
	g_mime_format_options_set_param_encoding_method(fo, GMIME_PARAM_ENCODING_METHOD_RFC2231);
	if (g_mime_object_write_to_stream(GMIME_OBJECT(msg), fo, stream) < 0) {
		rc = yk_err_set(err, YK_EIO, "composing the message failed");
	} else {
		GByteArray *bytes = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(stream));
		if ((rc = buf_add(out, bytes->data, bytes->len)) == YK_ELIMIT)
			rc = yk_err_set(err, rc, "the message is longer than %zu bytes", out->limit);
		else if (rc)
			rc = yk_err_set(err, rc, "out of memory");
	}
	g_object_unref(stream);
	g_mime_format_options_free(fo);
	return rc;
}

int
compose_reminder(const struct compose_reminder *r, struct buf *out, struct yk_err *err)
{
	const struct yk_campaign *c = r->campaign;
	struct compose_tmpl tmpl, html_tmpl;
	struct buf subject, text, html;
	const char *thread;
	char mid[COMPOSE_MESSAGE_ID_MAX], ref[COMPOSE_MESSAGE_ID_MAX + 2];
	GMimeMessage *msg = NULL;
	GMimeObject *body = NULL, *att = NULL;
	InternetAddressList *from = NULL;
	int rc;

	memset(&html_tmpl, 0, sizeof html_tmpl);
	buf_init(&subject, COMPOSE_SUBJECT_MAX);
	buf_init(&text, 0);
	buf_init(&html, 0);
	if ((rc = compose_tmpl_load(&tmpl, c->template_path, compose_default_template, err)))
		goto out;
	if (c->template_html_path) {
		if ((rc = compose_tmpl_load(&html_tmpl, c->template_html_path, NULL, err)) ||
		    (rc = fill_reminder(r, html_tmpl.body, html_tmpl.origin, html_tmpl.body_line, 1,
		                        &html, err)))
			goto out;
	}
	if ((rc = fill_reminder(r, tmpl.subject ? tmpl.subject : default_subject, tmpl.origin, 1,
	                        0, &subject, err)))
		goto out;
	if (has_crlf(subject.data)) {
		rc = yk_err_set(err, YK_EINVAL, "campaign %s, agency %s: the subject would hold a "
		                "line break; not sent", c->id, r->agency->code);
		goto out;
	}
	if ((rc = fill_reminder(r, tmpl.body, tmpl.origin, tmpl.body_line, 0, &text, err)))
		goto out;
	thread = r->in_reply_to ? r->in_reply_to : c->letter_message_id;
	if (has_crlf(r->agency->name) || (thread && strpbrk(thread, "\r\n<> \t"))) {
		rc = yk_err_set(err, YK_EINVAL, "campaign %s, agency %s: a line break in a value "
		                "meant for a header; not sent", c->id, r->agency->code);
		goto out;
	}
	if ((rc = compose_message_id(r->cfg, c->id, r->agency->code, r->slot, mid, sizeof mid, err)))
		goto out;

	msg = g_mime_message_new(TRUE);
	from = internet_address_list_parse(NULL, r->cfg->smtp.from);
	if (!from || internet_address_list_length(from) != 1) {
		rc = yk_err_set(err, YK_ECONFIG, "smtp.from \"%s\": expected one address",
		                r->cfg->smtp.from);
		goto out;
	}
	internet_address_list_append(g_mime_message_get_from(msg), from);
	if ((rc = add_addresses(g_mime_message_get_addresses(msg, GMIME_ADDRESS_TYPE_TO),
	                        r->agency->name, r->to, r->n_to, err)) ||
	    (rc = add_addresses(g_mime_message_get_addresses(msg, GMIME_ADDRESS_TYPE_CC), NULL,
	                        (const char *const *)r->cfg->smtp.cc, r->cfg->smtp.n_cc, err)))
		goto out;
	g_mime_message_set_subject(msg, subject.data, "utf-8");
	if ((rc = set_date(msg, r->date, err)))
		goto out;
	g_mime_message_set_message_id(msg, mid);
	if (thread) {
		/* threads under the letter in the agency's client (RFC 5322 §3.6.4);
		 * a reply to the reminder then names the letter in its References */
		snprintf(ref, sizeof ref, "<%s>", thread);
		g_mime_object_set_header(GMIME_OBJECT(msg), "In-Reply-To", ref, NULL);
		g_mime_object_set_header(GMIME_OBJECT(msg), "References", ref, NULL);
	}
	/* RFC 3834: no vacation replies to us; Exchange honours the second */
	g_mime_object_set_header(GMIME_OBJECT(msg), "Auto-Submitted", "auto-generated", NULL);
	g_mime_object_set_header(GMIME_OBJECT(msg), "X-Auto-Response-Suppress", "All", NULL);

	body = text_part("plain", text.data ? text.data : "");
	if (c->template_html_path) {
		GMimeMultipart *alt = g_mime_multipart_new_with_subtype("alternative");
		GMimeObject *h = text_part("html", html.data ? html.data : "");
		g_mime_multipart_add(alt, body);
		g_mime_multipart_add(alt, h);
		g_object_unref(body);
		g_object_unref(h);
		body = GMIME_OBJECT(alt);
	}
	if (c->attach_path) {
		GMimeMultipart *mixed;
		if ((rc = attachment(c, &att, err)))
			goto out;
		mixed = g_mime_multipart_new_with_subtype("mixed");
		g_mime_multipart_add(mixed, body);
		g_mime_multipart_add(mixed, att);
		g_object_unref(body);
		body = GMIME_OBJECT(mixed);
	}
	g_mime_message_set_mime_part(msg, body);
	rc = write_message(msg, out, err);
out:
	if (body)
		g_object_unref(body);
	if (att)
		g_object_unref(att);
	if (from)
		g_object_unref(from);
	if (msg)
		g_object_unref(msg);
	compose_tmpl_free(&tmpl);
	compose_tmpl_free(&html_tmpl);
	buf_free(&subject);
	buf_free(&text);
	buf_free(&html);
	return rc;
}

int
compose_note(const struct compose_note *n, struct buf *out, struct yk_err *err)
{
	GMimeMessage *msg = g_mime_message_new(TRUE);
	InternetAddressList *from = internet_address_list_parse(NULL, n->cfg->smtp.from);
	GMimeTextPart *body;
	char ref[COMPOSE_MESSAGE_ID_MAX + 2];
	int rc = 0;

	if (!from || internet_address_list_length(from) != 1) {
		rc = yk_err_set(err, YK_ECONFIG, "smtp.from \"%s\": expected one address",
		                n->cfg->smtp.from);
		goto out;
	}
	if (strpbrk(n->subject, "\r\n")) {
		rc = yk_err_set(err, YK_EINVAL, "a subject with a line break");
		goto out;
	}
	internet_address_list_append(g_mime_message_get_from(msg), from);
	for (size_t i = 0; i < n->n_to; i++) {
		if (strpbrk(n->to[i], "\r\n<>, ") || !strchr(n->to[i], '@')) {
			rc = yk_err_set(err, YK_EINVAL, "\"%s\" is not an address", n->to[i]);
			goto out;
		}
		g_mime_message_add_mailbox(msg, GMIME_ADDRESS_TYPE_TO,
		                           n->n_to == 1 && n->to_name ? n->to_name : "", n->to[i]);
	}
	g_mime_message_set_subject(msg, n->subject, "utf-8");
	if ((rc = set_date(msg, n->date, err)))
		goto out;
	g_mime_message_set_message_id(msg, n->message_id);
	if (n->in_reply_to) {
		snprintf(ref, sizeof ref, "<%s>", n->in_reply_to);
		g_mime_object_set_header(GMIME_OBJECT(msg), "In-Reply-To", ref, NULL);
		g_mime_object_set_header(GMIME_OBJECT(msg), "References", ref, NULL);
	}
	if (n->auto_submitted)
		g_mime_object_set_header(GMIME_OBJECT(msg), "Auto-Submitted", n->auto_submitted,
		                         NULL);
	g_mime_object_set_header(GMIME_OBJECT(msg), "X-Auto-Response-Suppress", "All", NULL);
	if (n->reply_to) {
		if (strpbrk(n->reply_to, "\r\n<>, ") || !strchr(n->reply_to, '@')) {
			rc = yk_err_set(err, YK_EINVAL, "\"%s\" is not an address", n->reply_to);
			goto out;
		}
		g_mime_message_add_mailbox(msg, GMIME_ADDRESS_TYPE_REPLY_TO, "", n->reply_to);
	}
	if (n->n_attach == 0) {
		body = g_mime_text_part_new_with_subtype("plain");
		g_mime_text_part_set_text(body, n->text);
		g_mime_message_set_mime_part(msg, GMIME_OBJECT(body));
		g_object_unref(body);
	} else {
		/* base64 text beside files: a letter with its form, as an office sends it */
		GMimeMultipart *mixed = g_mime_multipart_new_with_subtype("mixed");
		GMimeObject *t = text_part("plain", n->text);

		g_mime_multipart_add(mixed, t);
		g_object_unref(t);
		for (size_t i = 0; i < n->n_attach && !rc; i++) {
			GMimeObject *att = NULL;
			if (!(rc = attach_file("dispatch", n->attach[i].path, n->attach[i].name, &att,
			                       err))) {
				g_mime_multipart_add(mixed, att);
				g_object_unref(att);
			}
		}
		g_mime_message_set_mime_part(msg, GMIME_OBJECT(mixed));
		g_object_unref(mixed);
		if (rc)
			goto out;
	}
	rc = write_message(msg, out, err);
out:
	if (from)
		g_object_unref(from);
	g_object_unref(msg);
	return rc;
}

/* ---- check-config: the templates' placeholders before any is sent ------ */

struct known_names {
	const char *known;  /* "a, b, c" */
};

static bool
known_value(void *ctx, const char *name, const char **v)
{
	const struct known_names *k = ctx;
	size_t n = strlen(name);

	for (const char *p = k->known; (p = strstr(p, name)); p += n)
		if ((p == k->known || p[-1] == ' ') && (p[n] == ',' || p[n] == '\0')) {
			*v = "";
			return true;
		}
	return false;
}

/* One template file: its problem, if any, as a line of OUT. */
static void
check_one(const char *path, const char *known, struct buf *out, unsigned *bad)
{
	struct known_names k = { .known = known };
	struct compose_tmpl t;
	struct yk_err e = { 0 };
	struct buf sink;

	if (access(path, F_OK) && errno == ENOENT) {
		/* not yet installed is not a syntax error; sending says so */
		return;
	}
	buf_init(&sink, 0);
	if (compose_tmpl_load(&t, path, NULL, &e) ||
	    (t.subject && compose_expand(t.subject, path, 1, 0, known_value, &k, known, &sink, &e)) ||
	    compose_expand(t.body, path, t.body_line, 0, known_value, &k, known, &sink, &e)) {
		(void)buf_printf(out, "%s\n", e.msg);
		++*bad;
	}
	compose_tmpl_free(&t);
	buf_free(&sink);
}

unsigned
compose_check_templates(const struct yk_config *cfg, struct buf *out)
{
	unsigned bad = 0;

	for (size_t i = 0; i < cfg->n_campaigns; i++) {
		const struct yk_campaign *c = &cfg->campaigns[i];
		if (c->template_path)
			check_one(c->template_path, COMPOSE_REMINDER_KNOWN, out, &bad);
		if (c->template_html_path)
			check_one(c->template_html_path, COMPOSE_REMINDER_KNOWN, out, &bad);
		if (c->receipt_template_path)
			check_one(c->receipt_template_path, COMPOSE_RECEIPT_KNOWN, out, &bad);
	}
	if (cfg->smtp.digest_template_path)
		check_one(cfg->smtp.digest_template_path, COMPOSE_DIGEST_KNOWN, out, &bad);
	return bad;
}
