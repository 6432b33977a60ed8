/*
 * question — does the writer's own text ask the office something?
 *
 * "Cho em hỏi phiếu gửi bằng file scan hay file Word?  Hạn chót là ngày
 * 31/01 phải không ạ?" with the blank form quoted below is a question
 * about the campaign, not a reply to it.  lib/extract.c asks only of a
 * message that concerns a campaign and holds no filled form; this module
 * decides whether its own text (the quoted original already cut by
 * lib/quote.c) asks something:
 *   - a question mark ending a word ("…không ạ?", "ạ ?"), not one inside
 *     a web address or a run of '?' from a lost charset ("C?ng v?n");
 *   - Vietnamese question words, with or without diacritics: "cho em
 *     hỏi", "xin hỏi", "phải không", "được không", "như thế nào", "bao
 *     giờ", "khi nào", "ngày nào", "có … không", "gửi bằng … hay …", "cho
 *     em biết" …; "hỏi" and "ở đâu" alone only with their diacritics
 *     ("hội" of "Hội thi", "ở đầu thư" fold the same);
 *   - English requests: "could you", "can you", "would you", "please
 *     advise", "please let me know".
 * Only the lines above the signature are read ("Trân trọng", "-- ", …),
 * at most QUESTION_MAX_BYTES of them: a question is short.
 *
 * Pure: no allocation except for folding each line; no global state.
 */
#ifndef YK_QUESTION_H
#define YK_QUESTION_H

#include <stdbool.h>
#include <stddef.h>

/* Bytes of own text looked at (a cover note with a question is a few
 * lines; the rest of a long text is not read). */
#define QUESTION_MAX_BYTES ((size_t)16 << 10)
/* Lines looked at. */
#define QUESTION_MAX_LINES 200

/* Does TEXT (LEN bytes, UTF-8 NFC: the writer's own text) ask something?
 * False also when out of memory: the message then stays what it was. */
bool question_asks(const char *text, size_t len);

/* Does the one line LINE (N bytes) ask something?  (For the tests.) */
bool question_line_asks(const char *line, size_t n);

#endif
