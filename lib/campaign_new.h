/*
 * campaign_new — `ykien campaign new`: the letter's file (and the form's,
 * when apart) read into text by lib/readers/ (.docx, .odt, .pdf with a
 * text layer, .doc, .txt, .html), drafted by lib/letter.h against the
 * configured agencies' groups.  The I/O shell around letter.c.
 */
#ifndef YK_CAMPAIGN_NEW_H
#define YK_CAMPAIGN_NEW_H

#include "buf.h"
#include "config.h"
#include "err.h"

/* Appends the draft for LETTER_PATH (FORM_PATH may be NULL) to OUT;
 * MESSAGE_ID (may be NULL; "<…>" or bare) is the letter's as it was sent
 * by hand, written as letter_message_id (YK_EINVAL for one with spaces or
 * line breaks).
 * YK_ENOTFOUND / YK_EIO for a file not read, YK_EINVAL for one no reader
 * takes or a PDF without text (a scan: OCR is not trusted for a
 * configuration), YK_ELIMIT, YK_ENOMEM; err says which file. */
int campaign_new(const struct yk_config *cfg, const char *letter_path, const char *form_path,
                 const char *message_id, struct buf *out, struct yk_err *err);

/*
 * Whether the draft DRAFT may replace the file PATH (-o): yes when PATH
 * does not exist, or holds only `forms` and `campaigns` lists whose
 * campaigns all have the draft's id (the same letter drafted again).  A
 * file with another campaign (the first round's, say) or any other
 * setting would lose it: YK_EINVAL, err says what it holds and what to do.
 * YK_EIO when PATH cannot be read.
 */
int campaign_new_may_replace(const char *path, const struct buf *draft, struct yk_err *err);

#endif
