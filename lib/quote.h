/*
 * quote — where the quoted original and the signature of an inline answer
 * are, so that a blank form quoted below a reply is never read as the
 * answer.
 *
 * Recognised quote openings: lines starting with '>', "On … wrote:" (also
 * over two lines), "Vào … đã viết:", "-----Original Message-----" and
 * "----- Thư gốc -----", an Outlook header block "From:"/"Từ:" followed by
 * "Sent:"/"Đã gửi:"/"Date:"/"Ngày:" within a few lines, and Outlook's
 * underscore separator line before such a block.
 * Signature lines: "-- ", "Trân trọng", "Nơi nhận:", "GIÁM ĐỐC", "THỦ TRƯỞNG ĐƠN VỊ",
 * "KT. …", "TM. …", "Sent from my …", "Được gửi từ …", …
 * No allocation except quote_strip()'s result (caller frees).
 */
#ifndef YK_QUOTE_H
#define YK_QUOTE_H

#include <stdbool.h>
#include <stddef.h>

/* Lines looked at after "From:" for the rest of an Outlook header block. */
#define QUOTE_HEADER_WINDOW 4
/* Lines examined at most (a message body has far fewer). */
#define QUOTE_MAX_LINES 200000

/* Offset of the first byte of the quoted original in text (len if none). */
size_t quote_cut(const char *text, size_t len);
/* Is this one line the start of a signature or closing block? */
bool quote_is_signature_line(const char *line, size_t n);
/* text up to the quoted original, with any remaining '>' lines dropped
 * (answers interleaved with quotes).  malloc'd; NULL when out of memory. */
char *quote_strip(const char *text, size_t len);

#endif
