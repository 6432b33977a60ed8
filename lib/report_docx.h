/*
 * report_docx — the Word documents of a campaign, in the frame of
 * lib/official.h, built from lib/summary so that they agree with `ykien
 * status` and every other report:
 *
 * - report_docx(): the draft báo cáo tổng hợp for the Chairman (I. the
 *   replies received, by group; II. the tally of each choice section and
 *   what the agencies wrote, quoted with their names, by section and
 *   group; III. proposals, left for the office with the agencies'
 *   proposals under it; a landscape Phụ lục of one row per agency).  No
 *   sender address, archive path or hash: those are for --audit.
 * - report_docx_overdue(): the draft công văn đôn đốc to the agencies that
 *   have not replied (report_docx_missing(), the rows summary marks as not
 *   replied: the same as `ykien status` shows missing).
 *
 * Each returns 0 and the .docx bytes in *DATA (malloc'd, the caller frees)
 * of *LEN, or YK_ENOMEM/YK_ELIMIT with the message in ERR.  Nothing is
 * written to disk or printed.
 */
#ifndef YK_REPORT_DOCX_H
#define YK_REPORT_DOCX_H

#include <stddef.h>

#include "buf.h"
#include "err.h"
#include "summary.h"

int report_docx(const struct summary *s, char **data, size_t *len, struct yk_err *err);
int report_docx_overdue(const struct summary *s, char **data, size_t *len, struct yk_err *err);

/* The rows of S not replied, in configuration order, as a JSON array of
 * {"agency": CODE, "name": NAME} into OUT; returns buf_status(out). */
int report_docx_missing_json(const struct summary *s, struct buf *out);

#endif
