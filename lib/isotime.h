/*
 * isotime — the ISO 8601 times of ykien.conf and of the database.
 *
 * Pure functions: no allocation, no timezone database (Viet Nam has one
 * fixed offset, ISOTIME_VN_OFFSET, and every stored time is UTC).  The
 * parsers return 0 or YK_EINVAL (lib/err.h) and leave *out unchanged on
 * failure.
 */
#ifndef YK_ISOTIME_H
#define YK_ISOTIME_H

#include <stdbool.h>
#include <time.h>

#define ISOTIME_LEN 32 /* room for isotime_format()'s text and its NUL */
#define ISOTIME_VN_OFFSET (7 * 3600) /* Asia/Ho_Chi_Minh: UTC+7, no DST */

/* "YYYY-MM-DDTHH:MM[:SS](Z|+HH:MM)" (a space may stand for the 'T'). */
int isotime_parse(const char *s, time_t *out);
/* A deadline: a date alone "YYYY-MM-DD" is the end of that day in Viet Nam
 * (23:59:59 +07:00: "trong tháng 01/2024" means until the end of 31/01, and
 * later than that is late), with *is_day true; else as isotime_parse().
 * *is_day is set even on failure: a true one becomes false. */
int isotime_parse_deadline(const char *s, time_t *out, bool *is_day);
/* A local time of day "HH:MM" as minutes after midnight. */
int isotime_parse_hhmm(const char *s, int *minutes);
/* S, exactly "YYYY-MM-DD" and a real calendar day from 1970 to 9999, as
 * *y, *m (1-12) and *d. */
int isotime_parse_day(const char *s, int *y, int *m, int *d);
/* A day as people write it: "YYYY-MM-DD" or "DD/MM/YYYY" (day and month
 * may have one digit: "5/2/2024"), a real day from 1970 to 9999. */
int isotime_parse_date(const char *s, int *y, int *m, int *d);
/* A time as people write it in ykien.conf: ISO 8601 as isotime_parse(), or
 * "DD/MM/YYYY HH:MM[:SS]" in Viet Nam time.  A day alone (either form of
 * isotime_parse_date()) is taken only when DAY_END is 0 or 1: 1 its last
 * second (a deadline), 0 its first (the letter's date), in Viet Nam time;
 * *is_day (may be NULL) says it was a day alone. */
int isotime_parse_human(const char *s, int day_end, time_t *out, bool *is_day);
/* Would isotime_parse_day() take S? */
bool isotime_valid_day(const char *s);
/* T as "2024-01-31T10:00:00Z": how the database keeps every time; an empty
 * string when T cannot be shown. */
void isotime_format(time_t t, char out[ISOTIME_LEN]);
/*
 * T in Viet Nam's time, in the one style of every text an agency or a
 * clerk reads (the reminder, the receipt, the digest, the letter's mail):
 * isotime_format_vi "17 giờ 00 ngày 31/01/2024"; isotime_format_vi_day
 * "ngày 31/01/2024" (a deadline written as a day alone: the whole day, no
 * "23 giờ 59"); isotime_format_vi_date "31/01/2024" (after "Công văn số …
 * ngày"); isotime_format_vi_deadline picks the first or the second.  Two
 * digits for the hour, the minute, the day and the month, as Nghị định
 * 30/2020/NĐ-CP writes dates below 10.  An empty string when T is outside
 * the years 1970-9999.
 */
#define ISOTIME_VI_LEN 40 /* "17 giờ 00 ngày 31/01/2024" is 27 bytes */
void isotime_format_vi(time_t t, char out[ISOTIME_VI_LEN]);
void isotime_format_vi_day(time_t t, char out[ISOTIME_VI_LEN]);
void isotime_format_vi_date(time_t t, char out[ISOTIME_VI_LEN]);
void isotime_format_vi_deadline(time_t t, bool is_day, char out[ISOTIME_VI_LEN]);
/* Days from 1970-01-01 to Y-M-D of the proleptic Gregorian calendar
 * (negative before it); M is 1-12.  Any Y, no range check. */
long long isotime_days_from_civil(long long y, int m, int d);
/* The inverse: the Y-M-D that is DAYS from 1970-01-01. */
void isotime_civil_from_days(long long days, int *y, int *m, int *d);
/* The number of days of month M (1-12) of year Y. */
int isotime_month_days(int y, int m);

#endif
