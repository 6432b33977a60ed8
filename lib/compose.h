/*
 * compose — outgoing mail built with GMime 3: the reminder to an agency.
 *
 * RFC 5322 (message format), RFC 2045-2049 (MIME), RFC 2047 (encoded
 * Subject and display names), RFC 2231 (the attachment's Vietnamese file
 * name), RFC 3834 (Auto-Submitted: auto-generated, so that well-behaved
 * auto-responders stay quiet).
 *
 * The body comes from the campaign's template file (UTF-8), else from
 * compose_default_template: optional header lines ("Subject: ...") up to
 * the first blank line, then the text.  "{{" is a literal "{".  The
 * reminder's placeholders:
 *   {agency} {code}       the agency's name and code
 *   {title}               campaign.title, else "Phiếu ý kiến"
 *   {reference} {sent}    the letter's number and date ("15/01/2024")
 *   {about}               campaign.about, the letter's trích yếu without
 *                         "V/v"; else "lấy ý kiến các cơ quan, đơn vị", so
 *                         that "về việc {about}" still reads
 *   {deadline}            "17 giờ 00 ngày 31/01/2024", or "ngày 31/01/2024"
 *                         for a deadline written as a day
 *   {days_left} {deadline_note} {slot}
 *   {attached}            " Mẫu phiếu gửi kèm thư này." when campaign.attach
 *                         is set, else nothing
 * and the office's, in every template (the reminder, the receipt, the
 * digest): {issuing_body} {parent_body} {province} {contact} (each "……"
 * when not configured), {letter_issuer} (the body that issued the letter:
 * see compose_office_value), {signature} (the block that closes the text).
 * An optional HTML template (campaign.template_html) gives a
 * multipart/alternative; its placeholder values are HTML-escaped.  With
 * campaign.attach the blank form is attached (campaign.attach_name, else
 * the file's own name, as the name the agency sees).
 *
 * The Message-ID depends only on (campaign, agency, slot) and the sender's
 * domain, so a reminder sent again after a crash carries the same one and
 * the agency's client shows one thread.  A value with CR or LF never
 * reaches a header: composing fails with YK_EINVAL instead.
 *
 * Output: the whole message with CRLF line ends, appended to the caller's
 * struct buf.  GMime must be initialised (extract_global_init() or
 * g_mime_init()).  Errors via struct yk_err; nothing printed.
 */
#ifndef YK_COMPOSE_H
#define YK_COMPOSE_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "buf.h"
#include "config.h"
#include "err.h"

#define COMPOSE_TEMPLATE_MAX (256 * 1024)         /* a template file */
#define COMPOSE_ATTACH_MAX (25L * 1024 * 1024)    /* the blank form */
#define COMPOSE_SUBJECT_MAX 998                   /* RFC 5322 line limit, before encoding */
#define COMPOSE_MESSAGE_ID_MAX 256

struct compose_reminder {
	const struct yk_config *cfg;       /* smtp.from, smtp.cc */
	const struct yk_campaign *campaign;
	const struct yk_agency *agency;
	const char *slot;                  /* "before-7" */
	const char *const *to;             /* the agency's addresses to mail */
	size_t n_to;
	time_t date;                       /* the Date header (and {days_left}) */
	const char *in_reply_to;           /* the letter it follows up (no <>): the one
	                                      dispatched to this agency; NULL: the
	                                      campaign's letter_message_id, if any */
};

/* "<hex>.reminder@domain-of-smtp.from" without the angle brackets. */
int compose_message_id(const struct yk_config *cfg, const char *campaign, const char *agency,
                       const char *slot, char *out, size_t n, struct yk_err *err);

/* The bare address of smtp.from (for the SMTP envelope), into OUT. */
int compose_from_address(const struct yk_config *cfg, char *out, size_t n,
                         struct yk_err *err);

/* The reminder of a campaign without a template: a công văn đôn đốc in
 * Vietnamese, in the template syntax above (docs/ykien.conf.5 shows it). */
extern const char compose_default_template[];

int compose_reminder(const struct compose_reminder *r, struct buf *out, struct yk_err *err);

/* A file to attach: PATH, shown as NAME (NULL: PATH's own name). */
struct compose_file {
	const char *path;
	const char *name;
};

/* A plain-text note from smtp.from (the receipts, the daily digest, the
 * dispatched letter with its files). */
struct compose_note {
	const struct yk_config *cfg;
	const char *const *to;             /* bare addresses */
	size_t n_to;
	const char *to_name;               /* display name when one address; may be NULL */
	const char *subject;               /* UTF-8, one line */
	const char *text;                  /* UTF-8, LF line ends */
	const char *message_id;            /* without angle brackets */
	const char *in_reply_to;           /* a Message-ID (no brackets), may be NULL */
	const char *auto_submitted;        /* RFC 3834: "auto-generated" or "auto-replied";
	                                      NULL: none (a letter a person sends) */
	time_t date;                       /* shown in Viet Nam's time */
	const char *reply_to;              /* a bare address, may be NULL */
	const struct compose_file *attach; /* files attached after the text (the letter) */
	size_t n_attach;
};
int compose_note(const struct compose_note *n, struct buf *out, struct yk_err *err);

/* ---- the template engine, shared by the reminder, the receipt (lib/ack)
 * and the digest (lib/digest) ---------------------------------------- */

/* A template read and split: SUBJECT (NULL: none) and BODY point into
 * TEXT, which the struct owns; ORIGIN names it in errors. */
struct compose_tmpl {
	struct buf text;
	const char *origin;  /* PATH, or "the built-in template" (not owned) */
	const char *subject;
	const char *body;
	unsigned body_line;  /* the line of ORIGIN the body starts on */
};
/* Reads PATH (at most COMPOSE_TEMPLATE_MAX bytes, UTF-8) or, PATH NULL, a
 * copy of BUILTIN.  T is to be freed with compose_tmpl_free() whatever
 * this returns. */
int compose_tmpl_load(struct compose_tmpl *t, const char *path, const char *builtin,
                      struct yk_err *err);
void compose_tmpl_free(struct compose_tmpl *t);

/* A placeholder's value: false when NAME is unknown; *VALUE NULL is "".
 * *VALUE must live until the next call. */
typedef bool (*compose_value_fn)(void *ctx, const char *name, const char **value);
/* Appends TMPL with its placeholders filled in by FN to OUT (HTML:
 * values escaped).  ORIGIN and LINE (TMPL's first line) name the place of
 * an error: YK_EINVAL "FILE:LINE: unknown placeholder {x} (known: KNOWN)";
 * YK_ELIMIT when OUT's limit is passed, never cut short. */
int compose_expand(const char *tmpl, const char *origin, unsigned line, int html,
                   compose_value_fn fn, void *ctx, const char *known, struct buf *out,
                   struct yk_err *err);

/* The office's placeholders of every template, from cfg->office, for
 * campaign CP (NULL: none; then {letter_issuer} is unknown).  The
 * letter's issuer is office.issuing_body when the letter's ký hiệu begins
 * with office.abbreviation ("45/SNV-CCHC"), else office.parent_body
 * ("118/UBND-TH"), else issuing_body, else "……".  {signature}: the parent
 * and issuing bodies in capitals, one a line (the issuing body followed by
 * office.province when there is no parent body; smtp.from's display name
 * when neither is set), then "Liên hệ: " office.contact.  SCRATCH holds a
 * composed value; false when NAME is not one of these. */
#define COMPOSE_OFFICE_KNOWN "issuing_body, parent_body, province, contact, letter_issuer, " \
                             "signature"
bool compose_office_value(const struct yk_config *cfg, const struct yk_campaign *cp,
                          const char *name, struct buf *scratch, const char **value);
/* What every text to agency A about CP's letter knows: {agency} (its
 * name), {code}, {title}, {reference}, {about}, then the office's above;
 * false when NAME is none of these. */
bool compose_letter_value(const struct yk_config *cfg, const struct yk_campaign *cp,
                          const struct yk_agency *a, const char *name, struct buf *scratch,
                          const char **value);
/* The body that issued CP's letter, by the rule above; NULL when the
 * office group names none. */
const char *compose_letter_issuer(const struct yk_config *cfg, const struct yk_campaign *cp);
/* The placeholders each kind of template knows. */
#define COMPOSE_REMINDER_KNOWN "agency, code, title, reference, about, deadline, days_left, " \
                               "sent, slot, deadline_note, attached, " COMPOSE_OFFICE_KNOWN
#define COMPOSE_RECEIPT_KNOWN "agency, code, title, reference, sent, about, deadline, " \
                              "received, on_time, " COMPOSE_OFFICE_KNOWN
#define COMPOSE_DIGEST_KNOWN "until, since_note, summary, campaigns, server_note, " \
                             "issuing_body, parent_body, province, contact, signature"

/* For check-config: every template file the configuration names that
 * exists (one not installed yet is left to the sending, which fails
 * loudly) is read and its placeholders checked; one line per faulty file
 * ("FILE:LINE: unknown placeholder {x} (known: ...)") is appended to OUT.
 * Returns how many files are faulty. */
unsigned compose_check_templates(const struct yk_config *cfg, struct buf *out);

/* {title} and {about} of campaign C, with their fallbacks (above). */
const char *compose_title(const struct yk_campaign *c);
const char *compose_about(const struct yk_campaign *c);

/* Fills TEMPLATE's placeholders for R into OUT (html: values escaped).
 * Exposed for the tests and for previews.  YK_EINVAL for a placeholder it
 * does not know; YK_ELIMIT when the text would pass OUT's limit (a subject
 * longer than COMPOSE_SUBJECT_MAX), never cut short. */
int compose_fill(const struct compose_reminder *r, const char *tmpl, int html, struct buf *out,
                 struct yk_err *err);

#endif
