/*
 * report — the report for the Chairman, `ykien report`: units asked,
 * replied, on time, late, missing (named); the tally of each option with
 * percentages and a bar chart; every opinion by agency, grouped by the
 * agency's group; what still needs review; the corrections it uses.
 *
 * One module per format (report_html.c, report_csv.c, report_md.c,
 * report_xlsx.c); this header and report.c hold what they share: the
 * wording in Vietnamese (the default) and English, times, the tally of a
 * section; lib/report_table.h the table of opinions they all write.
 * (`ykien export --json`, the filed messages as JSON, is another thing:
 * store_each_export() and daemon/ykien.c.)  Everything agencies wrote is untrusted and escaped per format
 * (lib/escape.h).  Nothing is printed: text formats go into a caller's
 * struct buf, the XLSX into a file the caller names.  The words are
 * static; nothing here owns memory the caller must free.
 */
#ifndef YK_REPORT_H
#define YK_REPORT_H

#include <stdbool.h>
#include <time.h>

#include "buf.h"
#include "err.h"
#include "summary.h"

enum report_format { REPORT_HTML, REPORT_XLSX, REPORT_CSV, REPORT_MD, REPORT_DOCX };
enum report_lang { REPORT_VI, REPORT_EN };

struct report_opts {
	enum report_format format;
	enum report_lang lang;
	time_t now;           /* "generated at" */
	/* `--audit`: the sender's address, the archive path and the SHA-256 of
	 * each reply, for the office's own checking.  Off, the report is for
	 * the Chairman: none of them, since an address or a file name in it
	 * says nothing to him and leaks what the office keeps to itself. */
	bool audit;
};

/* "html" "xlsx" "csv" "md" "docx" (lib/report_docx.h); "vi" "en": 0, or YK_EINVAL when unknown. */
int report_format_parse(const char *s, enum report_format *out);
int report_lang_parse(const char *s, enum report_lang *out);

/* HTML, CSV or Markdown into OUT: 0, or YK_ENOMEM/YK_ELIMIT (OUT too
 * large for its limit), or YK_EINVAL for REPORT_XLSX. */
int report_text(const struct summary *s, const struct report_opts *o, struct buf *out,
                struct yk_err *err);
/* The workbook, written to PATH (created or replaced): 0, YK_EIO or
 * YK_ENOMEM. */
int report_xlsx_write(const struct summary *s, const struct report_opts *o, const char *path,
                      struct yk_err *err);

/* ---- shared by the format modules ------------------------------------- */

struct report_words {
	const char *title, *reference, *deadline, *generated;
	/* a deadline moved off a day off (deadline_next_working_day) */
	const char *deadline_moved_from, *deadline_moved_why;
	const char *sec_overview, *asked, *replied, *on_time, *late, *missing, *missing_list,
	           *unassigned, *none_missing;
	const char *sec_tally, *option, *count, *percent, *no_choice, *percent_note, *chart;
	const char *sec_opinions, *unit, *code, *group, *no_group, *replied_at, *status,
	           *no_answer, *corrected, *corrected_note, *not_replied, *text_col;
	const char *sec_review, *nothing, *reason, *from, *archive, *unidentified;
	const char *sec_corrections, *field, *value, *who, *at;
	const char *needs_review, *yes;
	/* a unit may tick several options: the shares are of units */
	const char *multi_note;
	/* a reply not from the unit's registered address (lib/filing.h, the
	 * filing rule): held back until a person confirms it, or counted
	 * because the unit has none from its registered address */
	const char *awaiting, *awaiting_note, *by_content, *by_content_note, *note_col;
	const char *sheet_summary, *sheet_opinions, *sheet_review, *sheet_corrections;
	/* the review list without --audit (subject, when it came); its audit
	 * columns; a correction's "reviewed" mark */
	const char *subject, *arrived, *hash, *reviewed;
	/* the phrases, every one a const char *, come before this field:
	 * test_report checks each language sets them all */
	char decimal;         /* ',' in Vietnamese */
	bool day_first;       /* 31/01/2024 17:00, else 2024-01-31 17:00 */
	bool reasons_vi;      /* review reasons in Vietnamese (lib/reasons.h) */
};

const struct report_words *report_words(enum report_lang lang);

/* Local time of an ISO 8601 UTC string (or of T) in the language's style. */
void report_time(const struct report_words *w, const char *iso, char out[40]);
void report_time_t(const struct report_words *w, time_t t, char out[40]);
/* The campaign's deadline: its day alone when it was written as a date
 * (the end of that day), else its time; when deadline_next_working_day
 * moved it off a day off, followed by the letter's own deadline and why. */
#define REPORT_DEADLINE_LEN 192
void report_deadline(const struct report_words *w, const struct yk_campaign *cp,
                     char out[REPORT_DEADLINE_LEN]);

/* The name of the person who made a correction, from the login the store
 * recorded: the `clerks` of the configuration (config_clerk_name()), else
 * the login itself.  The Chairman reads "Nguyễn Thị Lan", not "lan". */
const char *report_who(const struct summary *s, const char *login);

/* A correction as a reader reads it: FIELD the section's heading (with
 * the text mark for SECTION.text; "reviewed" in words), VALUE the options'
 * wording (not their ids) or the text.  A correction the form no longer
 * takes is shown as it was recorded.  Appends to FIELD and VALUE; returns
 * the first buf_status(). */
int report_correction(const struct report_words *w, const struct summary *s,
                      const struct summary_correction *c, struct buf *field, struct buf *value);

/* The list of what still needs review, the same in every format: unit,
 * subject, when it came, reasons; with AUDIT also the sender, the archive
 * path and the SHA-256.  report_review_head() fills OUT with the labels
 * and returns how many; report_review_row() the cells of R (the reasons
 * in W's language written into TMP, the time into WHEN, both the
 * caller's) and returns 0 or the failure of translating the reasons. */
#define REPORT_REVIEW_COLS 7
size_t report_review_head(const struct report_words *w, bool audit,
                          const char *out[REPORT_REVIEW_COLS]);
int report_review_row(const struct report_words *w, const struct summary *s,
                      const struct summary_review *r, bool audit, struct buf *tmp,
                      char when[40], const char *out[REPORT_REVIEW_COLS]);

/* Row status: on time, late or not replied. */
const char *report_row_status(const struct report_words *w, const struct summary_row *r);
/* The marks of a row about whom its reply came from (awaiting review,
 * identified by content), "; "-separated, appended to OUT; nothing when
 * none.  Each format explains the marks it used with their notes.
 * Returns buf_status(out), like every writer here. */
int report_row_marks(const struct report_words *w, const struct summary_row *r, struct buf *out);
/* The tally of a choice section as the bars of a chart: each option, then
 * "no option chosen" when some unit chose none. */
struct report_tally {
	size_t n;                                  /* bars */
	const char *id[CONFIG_MAX_OPTIONS + 1];    /* the option's id; "none" */
	const char *label[CONFIG_MAX_OPTIONS + 1]; /* the option's text; no_choice */
	size_t count[CONFIG_MAX_OPTIONS + 1];
	size_t base;                               /* the units that replied: 100 % */
};
void report_tally(const struct summary *s, const struct report_words *w, size_t section,
                  struct report_tally *out);

/* The percentage note under the tally of SECTION, with its base: that the
 * shares are of the units that replied, and for a section of several
 * options, that they may add up to more than 100 %. */
int report_percent_note(const struct report_words *w, const struct yk_section *sec, size_t base,
                        struct buf *out);

/* The format modules behind report_text(): 0, YK_ENOMEM or YK_ELIMIT
 * (buf_status(out), or the table's allocation). */
int report_html(const struct summary *s, const struct report_opts *o, struct buf *out);
int report_csv(const struct summary *s, const struct report_opts *o, struct buf *out);
int report_md(const struct summary *s, const struct report_opts *o, struct buf *out);

/* The configured name of agency CODE, else CODE. */
/* The options of SEC chosen in CHOICES as their wording, "; "-separated,
 * appended to OUT; NONE when there is none. */
void report_choice_words(const struct yk_section *sec, uint32_t choices, const char *none,
                         struct buf *out);
const char *report_agency_name(const struct summary *s, const char *code);

/* A review's reasons in the language of W into *OUT: REASONS itself
 * (NULL: ""), or their translation written into TMP (the caller's, freed
 * by it).  Returns 0, or YK_ENOMEM/YK_ELIMIT with *OUT untranslated. */
int report_reasons(const struct report_words *w, const char *reasons, struct buf *tmp,
                   const char **out);

#endif
