/*
 * nearmiss — mail about another letter that looks like a reply to ours:
 * a filled form of another contest ("Hội thi Hòa giải viên giỏi", asked
 * for by Công văn số 2045/UBND-NC) has headings much like the campaign's
 * form.  Pure functions over texts and the configuration.
 *
 * Another letter: a reference "NNN/CODE" answered in the texts ("Phúc đáp
 * / Thực hiện / Kèm theo Công văn số 2045/UBND-NC"; a plan or report cited
 * is not), or in the subject a reference of the office that issued the
 * campaigns' letters ("CV 95/UBND-KT" when ours is "118/UBND-TH"), that
 * is no campaign's reference.  Another contest: "Hội thi <name>" where the
 * name reads as one (after "về", "của", "Phiếu …" or opening its clause,
 * capitalised or ending a heading, running to the clause's end: the
 * form's title, "của Hội thi Hòa giải viên giỏi:") other than a
 * campaign's contest, read from its
 * title and its form's headings ("Hội thi cải cách hành chính", written
 * "Hội thi CCHC" too).  A mail that also names one of ours is ours.
 */
#ifndef YK_NEARMISS_H
#define YK_NEARMISS_H

#include <stdbool.h>
#include <stddef.h>

#include "config.h"

/* Bytes of each text looked at: the subject, the citation and the form's
 * title are at the top. */
#define NEARMISS_MAX_BYTES ((size_t)64 << 10)
/* Texts looked at (the inline body and attachments). */
#define NEARMISS_MAX_TEXTS 4
/* Contest names kept from the campaigns' titles and headings. */
#define NEARMISS_MAX_CONTESTS 16
/* A contest's name: words, and bytes read after "Hội thi". */
#define NEARMISS_MAX_CONTEST_WORDS 12
#define NEARMISS_MAX_CONTEST_BYTES 256

/*
 * Does a mail that cites no campaign name another letter or another
 * contest, and none of ours?  Then the look of its form does not make it
 * a reply.  *BY_CONTEST (may be NULL) gets the one campaign whose contest
 * alone is named, NULL when none or several: it chooses between campaigns
 * whose forms look alike, never makes a reply of a mail.  Out of memory
 * counts as "no" (the mail is then judged by its form, as before).
 */
bool nearmiss_names_other(const struct yk_config *cfg, const char *subject,
                          const char *const *texts, size_t n_texts,
                          const struct yk_campaign **by_contest);

#endif
