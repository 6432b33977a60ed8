/*
 * extract — one message in, its classification and answers out (see
 * extract.h).  The order of decisions: kind from headers and structure
 * (bounce, auto-reply, list mail); the texts (inline body without the
 * quoted original, each readable attachment); the campaign (letter
 * Message-ID, reference number, else the form's headings); the answers
 * from the best source; the agency (address headers, else content).
 * Anything uncertain adds a review reason instead of a guess.
 */
#include "extract.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <gmime/gmime.h>

#include "classify.h"
#include "dispatch_id.h"
#include "form.h"
#include "forward.h"
#include "interleave.h"
#include "json.h"
#include "mime.h"
#include "nearmiss.h"
#include "question.h"
#include "prof.h"
#include "quote.h"
#include "readers/readers.h"
#include "text.h"

/* Review reasons kept per message. */
#define EXTRACT_MAX_REASONS 16
/* the review reason of a section's text cut at FORM_MAX_TEXT names it */
_Static_assert(FORM_MAX_TEXT == (size_t)256 << 10, "the reason says 256 KB");
/* Headings a text must show to count as the form when nothing else says
 * which campaign it answers. */
#define EXTRACT_MIN_HEADINGS 2
/* Bytes of inline text (quoted original left out) that still count as a
 * cover line ("Kính gửi …, xin gửi bản scan phiếu …"), so that a picture
 * beside it is the only content of the reply. */
#define EXTRACT_COVER_MAX 600
/* Words of an option's label looked at for cover_names_option() (a label
 * is one short sentence). */
#define EXTRACT_OPTION_WORDS 64

/* A readable part of the message (the inline body or an attachment) and
 * what it said; not a mailbox source (lib/source.h). */
struct part_text {
	enum reader_fmt fmt;   /* READER_NONE: the inline body */
	const char *name;      /* "inline" "html" "docx" … */
	const struct mime_attachment *att; /* NULL for the inline body */
	char *text;            /* NULL when unreadable */
	bool scan_only;
	bool ocr;              /* text read by OCR (a picture, a scanned PDF) */
	char *ocr_raw;         /* what OCR read; text is it with its boxes made
	                          readable (form_ocr_marks) */
	char *why;             /* why OCR could not read it, NULL when it did */
	struct form_result fr;
	bool parsed;
	/* The form fr was read with, and form_read()'s status: the campaign
	 * search reads every text with each campaign's form, and the reply
	 * is then read with the chosen one; the result is kept so that the
	 * usual case (one campaign) reads each text once. */
	const struct yk_form *fr_form;
	int fr_rc;
	/* A forwarded text (lib/forward.h): below an inline forward's
	 * header block, or an attached message's.  It is the reply only when
	 * no other source answers (a reply quoting the letter under
	 * Outlook's "-----Original Message-----" looks the same). */
	bool forwarded;
	bool fwd_sure;         /* a forward's own marker, a Fwd: subject, an
	                          attached message: not a reply's quote */
	char fwd_from[FWD_MAX_ADDR]; /* its sender, lower case, "" unknown */
};

void
extract_global_init(void)
{
	g_mime_init();
}

void
extract_global_shutdown(void)
{
	pdf_global_shutdown();
	g_mime_shutdown();
}

static int
add_reason(struct extract_result *r, const char *why)
{
	char *d;

	for (size_t i = 0; i < r->n_reasons; i++)
		if (!strcmp(r->reasons[i], why))
			return 0;
	if (r->n_reasons >= EXTRACT_MAX_REASONS)
		return 0;
	if (!r->reasons) {
		r->reasons = calloc(EXTRACT_MAX_REASONS, sizeof *r->reasons);
		if (!r->reasons)
			return YK_ENOMEM;
	}
	d = strdup(why);
	if (!d)
		return YK_ENOMEM;
	r->reasons[r->n_reasons++] = d;
	return 0;
}

int
extract_add_review(struct extract_result *r, const char *why)
{
	r->needs_review = true;
	return add_reason(r, why);
}

static int
review(struct extract_result *r, const char *why)
{
	return extract_add_review(r, why);
}

/* The first failure of steps that all run: RC if set, else NEXT (lib/err.h
 * keeps the first error; OR-ing codes would make a third one). */
static int
first_err(int rc, int next)
{
	return rc ? rc : next;
}

/* Preference among attachments carrying the same form: the editable
 * original before its exports. */
static int
fmt_rank(enum reader_fmt f)
{
	switch (f) {
	case READER_DOCX: return 0;
	case READER_ODT: return 1;
	case READER_PDF: return 2;
	case READER_DOC: return 3;
	case READER_TXT: return 4;
	case READER_HTML: return 5;
	default: return 9;
	}
}

static void
parts_free(struct part_text *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(s[i].text);
		free(s[i].ocr_raw);
		free(s[i].why);
		form_result_free(&s[i].fr);
	}
	free(s);
}

/* S's text read with form F: the last reading is kept in S and reused
 * (the campaign search, text_answers() and fill_form_reply() all ask). */
static int
part_read(struct part_text *s, const struct yk_form *f)
{
	if (s->fr_form != f) {
		form_result_free(&s->fr);
		s->fr_rc = form_read(f, s->text, strlen(s->text), &s->fr);
		s->fr_form = f;
	}
	return s->fr_rc;
}

/* The campaign whose form shows the most headings in the texts. */
static const struct yk_campaign *
campaign_by_form(const struct yk_config *cfg, struct part_text *src, size_t n)
{
	const struct yk_campaign *best = NULL;
	size_t best_n = 0;

	for (size_t c = 0; c < cfg->n_campaigns; c++) {
		const struct yk_form *f = cfg->campaigns[c].form;

		if (!f)
			continue;
		for (size_t i = 0; i < n; i++) {
			if (!src[i].text)
				continue;
			part_read(&src[i], f);
			/* the letter quoted under a reply's header block is
			 * not a form of its own */
			if (src[i].forwarded && !form_has_answer(&src[i].fr))
				continue;
			if (src[i].fr.n_anchored >= EXTRACT_MIN_HEADINGS &&
			    src[i].fr.n_anchored > best_n) {
				best_n = src[i].fr.n_anchored;
				best = &cfg->campaigns[c];
			}
		}
	}
	return best;
}

/*
 * The campaign whose form the texts show, unless they name another letter
 * or contest and none of ours (nearmiss_names_other()): then looking like
 * our form does not make a reply to us.  Between campaigns whose forms
 * look alike, the one whose contest the texts name.
 */
static const struct yk_campaign *
campaign_by_look(const struct yk_config *cfg, const struct mime_msg *m, struct part_text *src,
                 size_t n)
{
	const char *texts[NEARMISS_MAX_TEXTS];
	const struct yk_campaign *named = NULL, *c = campaign_by_form(cfg, src, n);
	size_t nt = 0;

	if (!c)
		return NULL; /* most mail: no need to read what it names */
	for (size_t i = 0; i < n && nt < NEARMISS_MAX_TEXTS; i++)
		if (src[i].text)
			texts[nt++] = src[i].text;
	if (nearmiss_names_other(cfg, m->subject, texts, nt, &named))
		return NULL;
	return named ? named : c;
}

/*
 * C was found by the thread alone (the mail answers in C's letter's
 * thread and its own text, above the quote, cites no campaign): a writer
 * who answers another letter or fills another contest's form there
 * ("Phúc đáp Công văn số 2045/UBND-NC", "Phiếu góp ý Hội thi Hòa giải
 * viên giỏi") and names nothing of ours in that text did not reply to C.
 * The campaign its own text cites, else NULL, with *NOT_C set (the look
 * of its form then decides nothing); C otherwise.  The subject ("Re: "
 * and the letter's) and the quote are the letter's, not looked at.
 */
static const struct yk_campaign *
thread_checked(const struct yk_config *cfg, const struct mime_msg *m,
               const struct yk_campaign *c, struct part_text *src, size_t n, bool *not_c)
{
	const char *texts[NEARMISS_MAX_TEXTS];
	const struct yk_campaign *named = NULL;
	size_t nt = 0;

	if (!c || !classify_in_thread(c, m))
		return c;
	for (size_t i = 0; i < n && nt < NEARMISS_MAX_TEXTS; i++)
		if (src[i].text)
			texts[nt++] = src[i].text;
	for (size_t t = 0; t < nt; t++)
		if (classify_cites(c, texts[t]))
			return c;
	for (size_t k = 0; k < cfg->n_campaigns; k++)
		for (size_t t = 0; t < nt && &cfg->campaigns[k] != c; t++)
			if (classify_cites(&cfg->campaigns[k], texts[t]))
				return &cfg->campaigns[k];
	if (!nearmiss_names_other(cfg, NULL, texts, nt, &named))
		return c;
	*not_c = true;
	return named;
}

static int
copy_answers(struct extract_result *r, const struct yk_form *form, const struct form_result *fr)
{
	r->n_answers = form->n_sections;
	r->answers = calloc(form->n_sections + 1, sizeof *r->answers);
	if (!r->answers)
		return YK_ENOMEM;
	for (size_t s = 0; fr && s < fr->n && s < form->n_sections; s++) {
		r->answers[s].found = fr->sec[s].how != FORM_NOT_FOUND;
		r->answers[s].choices = fr->sec[s].choices;
		if (fr->sec[s].text) {
			r->answers[s].text = strdup(fr->sec[s].text);
			if (!r->answers[s].text)
				return YK_ENOMEM;
		}
	}
	return 0;
}

static void
copy_headers(struct extract_result *r, const struct mime_msg *m)
{
	r->message_id = m->message_id ? strdup(m->message_id) : NULL;
	r->from = m->from ? strdup(m->from) : NULL;
	r->subject = m->subject ? strdup(m->subject) : NULL;
	r->date = m->date ? strdup(m->date) : NULL;
}

/* Reads every source; src[0] is the inline body. */
static int
read_parts(const struct mime_msg *m, struct part_text **out, size_t *n_out,
             size_t *n_images)
{
	/* the inline body, the attachments, two forwarded texts */
	struct part_text *src = calloc(m->n_att + 3, sizeof *src);
	size_t n = 1;
	const char *body;
	struct fwd_block fb;
	char *fwd = NULL;
	int frc;

	*n_images = 0;
	if (!src)
		return YK_ENOMEM;
	body = m->plain && *m->plain ? m->plain : m->html;
	src[0].fmt = READER_NONE;
	src[0].name = m->plain && *m->plain ? "inline" : "html";
	frc = fwd_extract(body ? body : "", body ? strlen(body) : 0, &fb, &fwd);
	/* answers typed between the quoted lines, else the text above the
	 * quote (above an inline forward's marker: the cover); answers typed
	 * in colour show only in the HTML part */
	if (!frc)
		frc = interleave_text(body ? body : "", body ? strlen(body) : 0, &src[0].text);
	if (!frc && !src[0].text && body == m->plain && m->html && *m->html)
		frc = interleave_text(m->html, strlen(m->html), &src[0].text);
	if (!frc && !src[0].text)
		src[0].text = quote_strip(body ? body : "", fwd ? fb.at : body ? strlen(body) : 0);
	if (frc || !src[0].text) {
		free(fwd);
		parts_free(src, 1);
		return YK_ENOMEM;
	}
	for (size_t i = 0; i < m->n_att; i++) {
		const struct mime_attachment *a = &m->att[i];
		enum reader_fmt f = reader_detect(a->filename, a->content_type, a->data, a->len);
		struct yk_err e = { 0 };
		struct part_text *s;

		if (f == READER_IMAGE) {
			(*n_images)++;
			continue;
		}
		if (f == READER_NONE)
			continue;
		s = &src[n++];
		s->fmt = f;
		s->name = reader_fmt_name(f);
		s->att = a;
		if (reader_text(f, a->data, a->len, &s->text, &s->scan_only, &e) == YK_ENOMEM) {
			parts_free(src, n);
			return YK_ENOMEM;
		}
		if (s->text && f == READER_TXT) {
			/* A text attachment may quote the letter too. */
			char *q = quote_strip(s->text, strlen(s->text));

			free(s->text);
			s->text = q;
		}
	}
	if (fwd) {
		struct part_text *s = &src[n++];

		s->fmt = READER_NONE;
		s->name = src[0].name;
		s->text = fwd;
		s->forwarded = true;
		s->fwd_sure = fb.how == FWD_MARKED || fwd_subject(m->subject);
		memcpy(s->fwd_from, fb.from, sizeof s->fwd_from);
	}
	if (m->fwd_text) {
		struct part_text *s = &src[n++];

		s->fmt = READER_NONE;
		s->name = "inline";
		s->text = quote_strip(m->fwd_text, strlen(m->fwd_text));
		s->forwarded = s->fwd_sure = true;
		if (m->fwd_from)
			fwd_addr(m->fwd_from, strlen(m->fwd_from), s->fwd_from, sizeof s->fwd_from);
		if (!s->text) {
			parts_free(src, n);
			return YK_ENOMEM;
		}
	}
	*out = src;
	*n_out = n;
	return 0;
}

/*
 * May this picture be a form page?  Logos, signatures and stamps are small;
 * a picture that is the only content of a reply is read from a lower size.
 * A header that cannot be read is tried all the same when the picture is
 * large or alone, so that it is refused with a reason rather than ignored.
 */
static bool
ocr_picture_wanted(const struct mime_attachment *a, bool alone)
{
	uint32_t w, h;

	if (a->head_only)
		return false;
	if (ocr_image_size(a->data, a->len, &w, &h))
		return alone || a->len >= OCR_MIN_BYTES;
	if (alone)
		return w >= OCR_MIN_SIDE_ALONE && h >= OCR_MIN_SIDE_ALONE;
	return a->len >= OCR_MIN_BYTES && w >= OCR_MIN_SIDE && h >= OCR_MIN_SIDE;
}

/* Does any text source answer the form of campaign c (any campaign's when
 * c is NULL and campaign_by_form() found none: then none does)? */
static bool
text_answers(const struct yk_campaign *c, struct part_text *src, size_t n)
{
	const struct yk_form *form = c ? c->form : NULL;
	bool any = false;

	for (size_t i = 0; form && i < n && !any; i++) {
		if (!src[i].text)
			continue;
		part_read(&src[i], form);
		any = form_has_answer(&src[i].fr);
	}
	return any;
}

/* S's OCR text kept as read, and its text with the tick boxes made
 * readable. */
static int
ocr_marks(struct part_text *s)
{
	if (!s->text)
		return 0;
	s->ocr_raw = s->text;
	s->text = form_ocr_marks(s->ocr_raw, strlen(s->ocr_raw));
	return s->text ? 0 : YK_ENOMEM;
}

/*
 * OCR of the scans when no text answers the form: the PDFs without a text
 * layer (their source gets the text) and the pictures that may be a form
 * page (a source each, in the room read_parts() left for every
 * attachment), OCR_MAX_PAGES pages in all.  A scan OCR cannot read keeps
 * the reason in its source's why.
 */
static int
ocr_sources(struct mime_msg *m, struct part_text *src, size_t *n, size_t n_images,
            const struct yk_alive *alive)
{
	size_t pages = 0, n0 = *n;
	size_t cover = src[0].text ? strlen(src[0].text) : 0;
	bool alone = n_images == 1 && n0 == 1 && cover <= EXTRACT_COVER_MAX;

	for (size_t i = 1; i < n0 && pages < OCR_MAX_PAGES; i++) {
		struct part_text *s = &src[i];
		struct yk_err e = { 0 };
		size_t got = 0;

		if (!s->scan_only || s->fmt != READER_PDF || !s->att)
			continue;
		if (ocr_pdf(s->att->data, s->att->len, OCR_MAX_PAGES - pages, alive, &s->text, &got,
		            &e) == YK_ENOMEM)
			return YK_ENOMEM;
		pages += got ? got : 1;
		s->ocr = true;
		if (!s->text && !(s->why = strdup(e.msg)))
			return YK_ENOMEM;
		if (ocr_marks(s))
			return YK_ENOMEM;
	}
	for (size_t i = 0; i < m->n_att && pages < OCR_MAX_PAGES; i++) {
		struct mime_attachment *a = &m->att[i];
		struct yk_err e = { 0 };
		struct part_text *s;
		int lrc;

		if (reader_detect(a->filename, a->content_type, a->data, a->len) != READER_IMAGE)
			continue;
		/* only now, and only for OCR, is a large picture decoded */
		if ((lrc = mime_attachment_load(a)) == YK_ENOMEM)
			return YK_ENOMEM;
		if (!ocr_picture_wanted(a, alone))
			continue;
		s = &src[(*n)++];
		s->fmt = READER_IMAGE;
		s->name = reader_fmt_name(READER_IMAGE);
		s->att = a;
		s->ocr = true;
		pages++;
		if (ocr_image(a->data, a->len, alive, &s->text, &e) == YK_ENOMEM)
			return YK_ENOMEM;
		if (!s->text && !(s->why = strdup(e.msg)))
			return YK_ENOMEM;
		if (ocr_marks(s))
			return YK_ENOMEM;
	}
	return 0;
}

/*
 * A reply read by OCR: a person confirms it.  Tick boxes are the weak
 * point of OCR (a box with a cross is read as a letter, or lost): a
 * section's choices stand only when a mark was read beside its options
 * and picked one; otherwise they are left empty, and the reason says so.
 */
static int
ocr_review(struct extract_result *r, const struct yk_form *form, const struct part_text *best)
{
	int rc = 0;

	r->ocr = true;
	rc = first_err(rc, review(r, "read by OCR"));
	for (size_t s = 0; s < form->n_sections && s < r->n_answers; s++) {
		if (form->sections[s].n_options == 0)
			continue;
		if (s < best->fr.n && best->fr.sec[s].marks && r->answers[s].choices)
			continue;
		r->answers[s].choices = 0;
		rc = first_err(rc, review(r, "tick boxes not readable on the scan"));
	}
	free(r->ocr_text);
	r->ocr_text = strdup(best->ocr_raw ? best->ocr_raw : best->text);
	if (!r->ocr_text)
		rc = YK_ENOMEM;
	return rc;
}

/*
 * The form answered in sentences (form_prose_fill): only in a mail that
 * cites the letter or answers its thread, so that a newsletter or a mail
 * about another letter that mentions the contest is never read as an
 * answer; not in OCR text.
 */
static int
prose_read(const struct yk_campaign *c, struct part_text *s)
{
	if (!s->text || s->ocr || !c->form)
		return 0;
	return form_prose_fill(c->form, c->title, s->text, strlen(s->text), &s->fr);
}

/*
 * The forwarded sender beside the agency: the sender of the forwarded
 * text read as the reply, or of a forward whose attachment is (a forward's
 * own marker, a Fwd: subject, or an attachment of the attached message;
 * not a reply that only quotes the letter under "-----Original
 * Message-----").
 */
static int
forwarded_from(struct extract_result *r, const struct mime_msg *m, const struct part_text *src,
               size_t n, const struct part_text *best)
{
	const char *who = NULL;
	char addr[FWD_MAX_ADDR];

	if (best->forwarded) {
		who = best->fwd_from;
	} else if (best->att && best->att->forwarded && m->fwd_from &&
	           fwd_addr(m->fwd_from, strlen(m->fwd_from), addr, sizeof addr)) {
		who = addr;
	} else if (best != &src[0]) {
		for (size_t i = 1; i < n && !who; i++)
			if (src[i].forwarded && src[i].fwd_sure)
				who = src[i].fwd_from;
	}
	/* a resend quoting its own earlier mail names no one else */
	if (!who || !*who || (m->from && !strcasecmp(who, m->from)))
		return 0;
	r->forwarded_from = strdup(who);
	return r->forwarded_from ? 0 : YK_ENOMEM;
}

/*
 * Does the cover use three words in a row of an option's label ("tiếp
 * tục tổ chức", "tuyên truyền khác")?  Then it may answer in prose, and a
 * person reads it.  Out of memory: yes, the cautious answer.
 */
static bool
cover_names_option(const struct yk_form *form, const char *cover)
{
	char *ck = text_key(cover, strlen(cover), NULL);
	bool hit = !ck;

	for (size_t s = 0; ck && !hit && s < form->n_sections; s++) {
		for (size_t o = 0; !hit && o < form->sections[s].n_options; o++) {
			const struct yk_option *op = &form->sections[s].options[o];
			char *own = op->key ? NULL : text_key(op->text, strlen(op->text), NULL);
			const char *k = op->key ? op->key : own;
			size_t ws[EXTRACT_OPTION_WORDS], we[EXTRACT_OPTION_WORDS], nw = 0;

			if (!k) {
				hit = true;
				break;
			}
			/* the key's words: single spaces between, none at the ends */
			for (size_t i = 0; k[i] && nw < EXTRACT_OPTION_WORDS; i++) {
				if (i == 0 || k[i - 1] == ' ')
					ws[nw] = i;
				if (k[i + 1] == ' ' || k[i + 1] == '\0')
					we[nw++] = i + 1;
			}
			for (size_t w = 0; w + 2 < nw && !hit; w++) {
				char tri[TEXT_MAX_PATTERN];
				size_t tl = we[w + 2] - ws[w];

				if (tl >= sizeof tri)
					continue;
				memcpy(tri, k + ws[w], tl);
				tri[tl] = '\0';
				hit = text_key_find(ck, tri) != 0;
			}
			free(own);
		}
	}
	free(ck);
	return hit;
}

/*
 * A forward of the blank letter itself (an agency passing our letter to a
 * sub-unit, a copy to us): a forward's own marker or an attached message,
 * the forwarded text is the blank form, the cover above it is short, has
 * no form, asks nothing and names no option (it could answer in prose),
 * and nothing
 * else in the message answers or could (no scan, no attachment it could
 * not read).  Not a reply.
 */
static bool
forward_of_blank(const struct yk_campaign *c, struct part_text *src, size_t n, size_t n_images)
{
	const struct yk_form *form = c ? c->form : NULL;
	bool blank_fwd = false;

	if (!form || n_images > 0)
		return false;
	for (size_t i = 1; i < n; i++) {
		if (src[i].scan_only || src[i].ocr || (!src[i].text && !src[i].forwarded))
			return false;
		if (!src[i].forwarded || !src[i].fwd_sure || !src[i].text)
			continue;
		part_read(&src[i], form);
		if (src[i].fr.n_anchored >= EXTRACT_MIN_HEADINGS && src[i].fr.blank)
			blank_fwd = true;
	}
	/* a cover that asks something is a question about the letter
	 * (question_instead() decides): the usual rules */
	if (!blank_fwd || !src[0].text || strlen(src[0].text) > EXTRACT_COVER_MAX ||
	    question_asks(src[0].text, strlen(src[0].text)))
		return false;
	part_read(&src[0], form);
	return src[0].fr.n_anchored < EXTRACT_MIN_HEADINGS && !cover_names_option(form, src[0].text);
}

/* The text that answers the form best: an attached form beats the inline
 * body unless it is blank, the editable original its exports; NULL when
 * none answers. */
static struct part_text *
best_source(struct part_text *src, size_t n)
{
	struct part_text *best = NULL;

	for (size_t i = 1; i < n; i++)
		if (src[i].parsed && form_has_answer(&src[i].fr) &&
		    (!best || fmt_rank(src[i].fmt) < fmt_rank(best->fmt)))
			best = &src[i];
	if (!best && src[0].parsed && form_has_answer(&src[0].fr))
		best = &src[0];
	return best;
}

static int
fill_form_reply(const struct yk_config *cfg, const struct mime_msg *m,
                const struct yk_agency *dispatched,
                struct extract_result *r, struct part_text *src, size_t n, size_t n_images,
                bool by_reference)
{
	const struct yk_form *form = r->campaign->form;
	struct part_text *best = NULL;
	const char *texts[3];
	bool any_scan = false, any_unreadable = false;
	int rc;

	for (size_t i = 0; i < n; i++) {
		if (src[i].text && form && !src[i].forwarded) {
			rc = part_read(&src[i], form);
			if (rc == YK_ENOMEM)
				return rc;
			if (rc == YK_ELIMIT && review(r, "a text too long to be read as the form"))
				return YK_ENOMEM;
			src[i].parsed = true;
		}
		any_scan |= src[i].scan_only;
		any_unreadable |= i > 0 && !src[i].text && !src[i].scan_only;
	}
	best = best_source(src, n);
	/* Sentences: the parts the best text left open, or, when no text
	 * answers by the form, every text (prose is the slower reading, and
	 * a cover line beside an attached form needs none). */
	for (size_t i = 0; by_reference && i < n; i++) {
		if (!src[i].parsed || src[i].forwarded || (best && best != &src[i]))
			continue;
		if (prose_read(r->campaign, &src[i]) == YK_ENOMEM)
			return YK_ENOMEM;
	}
	if (by_reference && !best)
		best = best_source(src, n);
	/* Nothing answers above: a forwarded form is the reply. */
	for (size_t i = 1; form && !best && i < n; i++) {
		if (!src[i].forwarded || !src[i].text)
			continue;
		if ((rc = part_read(&src[i], form)) == YK_ENOMEM)
			return rc;
		src[i].parsed = true;
		if (form_has_answer(&src[i].fr))
			best = &src[i];
	}
	if (best && (rc = forwarded_from(r, m, src, n, best)))
		return rc;
	if (best) {
		r->source = best->name;
		rc = copy_answers(r, form, &best->fr);
		if (!rc && best->ocr)
			rc = ocr_review(r, form, best);
	} else {
		rc = form ? copy_answers(r, form, NULL) : 0;
		if (n_images > 0) {
			r->source = "image";
			rc = first_err(rc, review(r, "scan only: the answer is in a picture"));
		} else if (any_scan) {
			r->source = "pdf";
			rc = first_err(rc, review(r, "scan only: PDF without a text layer"));
		} else if (any_unreadable) {
			rc = first_err(rc, review(r, "attachment could not be read"));
		} else {
			r->source = src[0].name;
			rc = first_err(rc, review(r, "no answer found in the message"));
		}
	}
	if (rc)
		return rc;
	for (size_t s = 0; best && s < best->fr.n; s++) {
		if (best->fr.sec[s].ticked_and_written)
			rc = first_err(rc, review(r, "text written after an option that is not ticked"));
		if (best->fr.sec[s].cut)
			rc = first_err(rc, review(r, "an answer longer than 256 KB was cut"));
		if (best->fr.sec[s].unsure)
			rc = first_err(rc, review(r, best->fr.sec[s].unsure));
	}
	/* Agency: address headers first, then the content. */
	r->agency = classify_agency_by_address(cfg, m, &r->agency_by);
	/* an agency's own address first: a letter forwarded to another agency
	 * that answers from its address is that one's reply; then the token of
	 * the letter sent (lib/dispatch_id.h), which no one else holds */
	if (!r->agency && dispatched) {
		r->agency = dispatched;
		r->agency_by = "dispatch";
	}
	if (!r->agency) {
		const char *unit = best && best->fr.unit ? best->fr.unit :
		                   src[0].parsed ? src[0].fr.unit : NULL;
		size_t nt = 0;

		texts[nt++] = src[0].text;
		if (best && best != &src[0])
			texts[nt++] = best->text;
		/* the sender's display name: "Phong Noi vu TX Nga Nam" */
		if (m->from_name)
			texts[nt++] = m->from_name;
		r->agency = classify_agency_by_content(cfg, unit, texts, nt);
		if (r->agency)
			r->agency_by = "content";
		else
			rc = first_err(rc, review(r, "agency not identified"));
	}
	for (size_t i = 0; i < n; i++)
		if (src[i].why)
			rc = first_err(rc, review(r, src[i].why));
	for (size_t i = 0; i < m->n_problems; i++)
		rc = first_err(rc, review(r, m->problems[i]));
	return rc;
}

/*
 * A question about the campaign instead of a reply (lib/question.h): no
 * source holds a filled form, nor a scan or an attachment that might (an
 * attachment, or a picture large enough to be a page (ocr_sources()), is
 * allowed only when it is the blank form itself, its headings found; a
 * logo in a signature is no source), and the writer's own text (the
 * quoted original cut) asks something.  Its one reason replaces "no
 * answer found" (or "the answer is in a picture", said of such a logo);
 * the agency found stays, so that the clerk knows whom to answer.
 */
static int
question_instead(struct extract_result *r, const struct part_text *src, size_t n)
{
	static const char *const none[] = { "no answer found in the message",
		                            "scan only: the answer is in a picture" };

	if (r->kind != KIND_FORM_REPLY || !src[0].text)
		return 0;
	for (size_t s = 0; s < r->n_answers; s++)
		if ((r->answers[s].text && *r->answers[s].text) || r->answers[s].choices)
			return 0;
	for (size_t i = 1; i < n; i++) {
		/* a forwarded text holds no answer here (none above): the
		 * letter quoted under a forward-like block, or nothing */
		if (src[i].forwarded && !src[i].att)
			continue;
		if (src[i].scan_only || !src[i].text || !src[i].parsed ||
		    src[i].fr.n_anchored < EXTRACT_MIN_HEADINGS)
			return 0;
	}
	if (!question_asks(src[0].text, strlen(src[0].text)))
		return 0;
	r->kind = KIND_QUESTION;
	r->source = src[0].name;
	for (size_t i = 0; i < r->n_reasons;) {
		if (strcmp(r->reasons[i], none[0]) && strcmp(r->reasons[i], none[1])) {
			i++;
			continue;
		}
		free(r->reasons[i]);
		memmove(&r->reasons[i], &r->reasons[i + 1],
		        (r->n_reasons - i - 1) * sizeof *r->reasons);
		r->n_reasons--;
	}
	return review(r, EXTRACT_QUESTION_REASON);
}

int
extract_message(const struct yk_config *cfg, const char *data, size_t len,
                struct extract_result **out, struct yk_err *err)
{
	return extract_message_watched(cfg, data, len, NULL, out, err);
}

/* The sender's verdict (classify_unverified()) as a review reason. */
static int
judge_sender(const struct yk_config *cfg, const char *data, size_t len, struct extract_result *r)
{
	char why[160], reason[240];

	if (!classify_unverified(cfg, r->kind, r->from, data, len, why, sizeof why))
		return 0;
	r->unverified = true;
	snprintf(reason, sizeof reason, "unverified sender: %s", why);
	return review(r, reason);
}

int
extract_message_watched(const struct yk_config *cfg, const char *data, size_t len,
                        const struct yk_alive *alive, struct extract_result **out,
                        struct yk_err *err)
{
	return extract_message_in(cfg, NULL, data, len, alive, out, err);
}

/* The letter dispatched that M answers, when its campaign and agency are
 * still configured (a token is proof of both). */
static const struct dispatch_entry *
dispatched_of(const struct yk_config *cfg, const struct dispatch_index *dx,
              const struct mime_msg *m, const struct yk_campaign **c, const struct yk_agency **a)
{
	const char *addrs[4];
	const struct dispatch_entry *e;

	*c = NULL;
	*a = NULL;
	if (!dx || !dx->n)
		return NULL;
	addrs[0] = mime_header(m, "To");
	addrs[1] = mime_header(m, "Cc");
	addrs[2] = mime_header(m, "Delivered-To");
	addrs[3] = mime_header(m, "X-Original-To");
	e = dispatch_match(dx, m->in_reply_to, m->references, addrs, 4, NULL);
	if (e && (*c = config_campaign(cfg, e->campaign)) && (*a = config_agency(cfg, e->agency)))
		return e;
	*c = NULL;
	*a = NULL;
	return NULL;
}

int
extract_message_in(const struct yk_config *cfg, const struct dispatch_index *dx,
                   const char *data, size_t len, const struct yk_alive *alive,
                   struct extract_result **out, struct yk_err *err)
{
	const struct yk_campaign *d_campaign = NULL;
	const struct yk_agency *d_agency = NULL;
	struct extract_result *r;
	struct mime_msg *m = NULL;
	struct part_text *src = NULL;
	size_t n_src = 0, n_images = 0;
	bool by_reference, not_ours = false;
	int rc;

	*out = NULL;
	r = calloc(1, sizeof *r);
	if (!r)
		return yk_err_set(err, YK_ENOMEM, "extract: out of memory");
	{
		/* timed apart from the rest of the extraction (make bench) */
		uint64_t t0 = prof_start();
		rc = mime_parse(data, len, &m, err);
		prof_add(PROF_PARSE, t0);
		prof_sub(PROF_EXTRACT, t0);
	}
	if (rc) {
		free(r);
		return rc;
	}
	copy_headers(r, m);
	r->kind = classify_kind(m);
	if (r->kind == KIND_BOUNCE) {
		/* the report quotes the headers of the letter it returns */
		const struct dispatch_entry *e = dispatch_find_in(dx, data, len);
		rc = classify_bounced(m, &r->bounced, &r->n_bounced);
		if (!rc && e && !(r->dispatch_bounced = strdup(e->message_id)))
			rc = YK_ENOMEM;
		goto done;
	}
	if (r->kind != KIND_FORM_REPLY)
		goto done;
	rc = read_parts(m, &src, &n_src, &n_images);
	if (rc)
		goto done;
	{
		const char *texts[2] = { m->plain, m->html };

		/* a reply to the letter ykien sent: its campaign, no guessing */
		if (dispatched_of(cfg, dx, m, &d_campaign, &d_agency))
			r->campaign = d_campaign;
		else
			r->campaign = classify_campaign(cfg, m, texts, 2);
	}
	if (!d_campaign)
		r->campaign = thread_checked(cfg, m, r->campaign, src, n_src, &not_ours);
	if (not_ours && !r->campaign) {
		r->kind = KIND_UNRELATED;
		goto done;
	}
	by_reference = r->campaign != NULL;
	if (!r->campaign)
		r->campaign = campaign_by_look(cfg, m, src, n_src);
	if (!text_answers(r->campaign, src, n_src)) {
		if (forward_of_blank(r->campaign, src, n_src, n_images)) {
			r->kind = KIND_UNRELATED;
			r->campaign = NULL;
			goto done;
		}
		rc = ocr_sources(m, src, &n_src, n_images, alive);
		if (rc)
			goto done;
		if (!r->campaign)
			r->campaign = campaign_by_look(cfg, m, src, n_src);
	}
	if (!r->campaign && cfg->n_campaigns == 1 && n_images > 0) {
		/* A registered agency sending only a picture to the one open
		 * campaign: most likely its scanned form, unless the mail is
		 * about another letter. */
		const char *by;
		const char *body[1] = { src[0].text };
		if (classify_agency_by_address(cfg, m, &by) &&
		    !nearmiss_names_other(cfg, m->subject, body, 1, NULL))
			r->campaign = &cfg->campaigns[0];
	}
	if (!r->campaign) {
		r->kind = KIND_UNRELATED;
		goto done;
	}
	rc = fill_form_reply(cfg, m, d_agency, r, src, n_src, n_images, by_reference);
	if (!rc)
		rc = question_instead(r, src, n_src);
	/* the token identifies, whatever the From: no spoofing to judge */
	if (!rc && !(r->agency_by && !strcmp(r->agency_by, "dispatch")))
		rc = judge_sender(cfg, data, len, r);
done:
	parts_free(src, n_src);
	mime_free(m);
	if (rc) {
		extract_free(r);
		return yk_err_set(err, rc, "extract: out of memory");
	}
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
	free(r->ocr_text);
	free(r->forwarded_from);
	for (size_t i = 0; i < r->n_answers; i++)
		free(r->answers[i].text);
	free(r->answers);
	free_strv(r->reasons, r->n_reasons);
	free_strv(r->bounced, r->n_bounced);
	free(r->dispatch_bounced);
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
	case KIND_QUESTION: return "question";
	}
	return "unrelated";
}

int
extract_json_answers(const struct extract_result *r, struct buf *out)
{
	const struct yk_form *form = r->campaign ? r->campaign->form : NULL;

	buf_addc(out, '{');
	for (size_t s = 0; form && s < form->n_sections && !buf_status(out); s++) {
		const struct yk_section *sec = &form->sections[s];
		const struct extract_answer *a = s < r->n_answers ? &r->answers[s] : NULL;

		if (s)
			buf_addc(out, ',');
		json_key(out, sec->id);
		if (sec->n_options == 0) {
			json_str(out, a ? a->text : NULL);
			continue;
		}
		buf_adds(out, "{");
		json_key(out, "choices");
		buf_addc(out, '[');
		for (size_t o = 0, k = 0; o < sec->n_options && o < CONFIG_MAX_OPTIONS; o++) {
			if (!a || !(a->choices & (1u << o)))
				continue;
			if (k++)
				buf_addc(out, ',');
			json_str(out, sec->options[o].id);
		}
		buf_adds(out, "],");
		json_key(out, "text");
		json_str(out, a ? a->text : NULL);
		buf_addc(out, '}');
	}
	buf_addc(out, '}');
	return buf_status(out);
}

int
extract_json_fields(const struct extract_result *r, struct buf *out)
{
	bool more = false;

	json_member_str(out, &more, "message_id", r->message_id);
	json_member_str(out, &more, "from", r->from);
	json_member_str(out, &more, "kind", extract_kind_name(r->kind));
	json_member_str(out, &more, "campaign", r->campaign ? r->campaign->id : NULL);
	json_member_str(out, &more, "agency", r->agency ? r->agency->code : NULL);
	json_member_str(out, &more, "agency_by", r->agency_by);
	json_member_str(out, &more, "forwarded_from", r->forwarded_from);
	json_member_str(out, &more, "source", r->source);
	json_member(out, &more, "answers");
	extract_json_answers(r, out);
	json_member_bool(out, &more, "ocr", r->ocr);
	json_member_bool(out, &more, "needs_review", r->needs_review);
	json_member(out, &more, "review_reasons");
	buf_addc(out, '[');
	for (size_t i = 0; i < r->n_reasons; i++) {
		if (i)
			buf_addc(out, ',');
		json_str(out, r->reasons[i]);
	}
	buf_addc(out, ']');
	return buf_status(out);
}

int
extract_choice_summary(const struct extract_result *r, struct buf *out)
{
	const struct yk_form *form = r->campaign ? r->campaign->form : NULL;

	for (size_t s = 0; form && s < form->n_sections && s < r->n_answers; s++) {
		const struct yk_section *sec = &form->sections[s];
		size_t k = 0;

		if (sec->n_options == 0)
			continue;
		for (size_t o = 0; o < sec->n_options && o < CONFIG_MAX_OPTIONS; o++) {
			if (!(r->answers[s].choices & (1u << o)))
				continue;
			if (k++)
				buf_addc(out, '+');
			buf_adds(out, sec->options[o].id);
		}
		if (!k)
			buf_addc(out, '-');
		return buf_status(out);
	}
	buf_addc(out, '-');
	return buf_status(out);
}
