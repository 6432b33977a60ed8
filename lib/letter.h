/*
 * letter — a campaign drafted from the official letter (công văn) itself,
 * for `ykien campaign new`: its number and symbol ("Số: 118 /UBND-TH"),
 * its date, its trích yếu ("V/v …"), the deadline phrase of its body
 * ("trong tháng 01/2024", "trước ngày …", "chậm nhất ngày …", "trước 17
 * giờ 00 ngày …"), the "Kính gửi" list and the form that comes with it
 * (its title, numbered sections and tick-box options, in their exact
 * wording).  letter_write() turns that into the libconfig text of
 * `forms = ( … );` and `campaigns = ( … );`, with a comment beginning
 * "# KIỂM TRA:" for each thing the administrator must decide.
 *
 * Pure: text in (UTF-8 NFC, as lib/readers/ gives it), text out; nothing
 * is read, written or printed.  lib/letter.c reads the header and "Kính
 * gửi", letter_deadline.c the deadline, letter_form.c the form,
 * letter_draft.c writes the draft (behind lib/letter_p.h).  A struct letter and everything it points
 * to is owned by it (letter_free()).
 */
#ifndef YK_LETTER_H
#define YK_LETTER_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"
#include "err.h"

/* Bytes of text of a letter or form (a reader gives at most 4 MiB). */
#define LETTER_MAX_INPUT ((size_t)4 << 20)
/* Lines of a letter read at most (a công văn is one to three pages). */
#define LETTER_MAX_LINES 5000
/* Sections of a form, options of a section, items of "Kính gửi". */
#define LETTER_MAX_SECTIONS 32
#define LETTER_MAX_OPTIONS 32   /* CONFIG_MAX_OPTIONS */
#define LETTER_MAX_RECIPIENTS 64
/* Lines of the header searched for the number, date and trích yếu. */
#define LETTER_HEADER_LINES 40

struct letter_option {
	char *id;            /* ASCII, unique in its section */
	char *text;          /* as written, its bullet or box and final '.' left out */
};

struct letter_section {
	char *id;            /* ASCII, unique in the form */
	char *heading;       /* as written, without the number, ':' and "(nếu có)" */
	struct letter_option opt[LETTER_MAX_OPTIONS];
	size_t n_opt;
};

struct letter {
	char *reference;     /* "118/UBND-TH", NULL: not found */
	char *id;            /* "118-UBND-TH" (ASCII), NULL with reference */
	int sent_y, sent_m, sent_d;       /* 0: no date found */
	char *subject;       /* the trích yếu without "V/v", lines joined; may be NULL */
	/* the deadline: "2024-01-31" or "2024-01-25T17:00:00+07:00", "" none */
	char deadline[64];
	char *deadline_phrase; /* the words it was read from, as written */
	bool deadline_strict;  /* "trước ngày D": read as the end of the day before */
	bool deadline_relative; /* "trong N ngày (làm việc)": counted from the letter's date */
	bool deadline_working_days; /* the letter counts in working days */
	char *deadline_others; /* other deadline phrases of the letter, "; " between, or NULL */
	char *recipients[LETTER_MAX_RECIPIENTS]; /* "Kính gửi" items, as written */
	size_t n_recipients;
	bool has_form;
	char *form_title;    /* as written ("MẪU THAM GIA Ý KIẾN VỀ HỘI THI …"), lines joined */
	char *form_id;       /* ASCII ("hoi-thi-cchc") */
	char *title;         /* the campaign's title: the form's, in sentence case */
	struct letter_section sec[LETTER_MAX_SECTIONS];
	size_t n_sec;
	char *form_notes;    /* what the form reader could not decide, "\n" between, or NULL */
	bool cut;            /* items, sections or options past the limits above were left out */
	const char *message_id; /* not in the letter: the Message-ID the
	                         * administrator gives (campaign new
	                         * --message-id), without <>; borrowed, NULL:
	                         * none, letter_write() says so */
};

/*
 * Reads LETTER (LEN bytes) and, when FORM is not NULL, the form given
 * apart (FORM_LEN bytes; then a form inside the letter is not looked
 * for).  0 and *out filled (letter_free() it, also after an error), or
 * YK_ENOMEM / YK_ELIMIT (more than LETTER_MAX_INPUT bytes or
 * LETTER_MAX_LINES lines).  Finding
 * nothing is no error: the fields stay empty and letter_write() says so.
 */
int letter_parse(const char *letter, size_t len, const char *form, size_t form_len,
                 struct letter *out, struct yk_err *err);
void letter_free(struct letter *l);

/*
 * Which of the configured GROUPS (N_GROUPS distinct names, the agencies'
 * `group` values) the "Kính gửi" item ITEM names: *matched gets a bitmask
 * over GROUPS (at most 64).  Case and diacritics do not count, nor "các";
 * abbreviations are orgname's ("Ủy ban nhân dân" is "UBND"); a People's
 * Committee is matched by its level ("các huyện, thị xã, thành phố" is
 * "cấp huyện").
 */
void letter_match_groups(const char *item, const char *const *groups, size_t n_groups,
                         unsigned long long *matched);

/* The configured agencies, as the draft matches "Kính gửi" against them. */
struct letter_who {
	const char *const *groups;       /* the distinct `group` values (at most 64 used) */
	size_t n_groups;
	size_t ungrouped;                /* agencies without a group */
	const char *const *codes;        /* per agency: its code, name and group (may be NULL) */
	const char *const *names;
	const char *const *agency_group;
	size_t n_agencies;
};

/* The agency (an index of WHO) that ITEM names alone ("Sở Nội vụ", "Sở
 * Nội vụ tỉnh Sóc Trăng"), else -1. */
long letter_match_agency(const char *item, const struct letter_who *who);

/*
 * Appends to OUT the libconfig text of the draft (lib/letter_draft.c):
 * `forms = ( … );` and `campaigns = ( … );`.  SOURCE names the letter in
 * a comment (its file name).  YK_ENOMEM or the buffer's limit.
 */
int letter_write(const struct letter *l, const struct letter_who *who, const char *source,
                 struct buf *out, struct yk_err *err);

#endif
