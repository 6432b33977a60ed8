/*
 * vncal — the Vietnamese official calendar: which days the offices are
 * closed.  Pure: no clock, no I/O, no allocation, no libc timezone.
 *
 * Days are local day numbers: days since 1970-01-01 in Viet Nam (UTC+7),
 * as plan_local_day() and isotime_days_from_civil() count them.
 *
 * A day is off when it is
 *  - a public holiday of the Labour Code 2019, Art. 112(1): Tết Dương lịch
 *    (1/1), Tết Âm lịch (5 days: the last day of the lunar year and the
 *    first four of the new one, as the Government usually sets them),
 *    Giỗ Tổ Hùng Vương (10/3 of the lunar calendar), 30/4, 1/5, Quốc khánh
 *    2/9 and a day beside it;
 *  - the compensatory day of a holiday that falls on a Saturday or Sunday
 *    (Art. 112(3)): the next weekday that is not itself a holiday;
 *  - a day off the Government announced (a shipped table, for the years
 *    already announced) or one the configuration adds (calendar.days_off);
 * unless it is a working day the Government announced (a make-up day, or
 * a computed day the announcement did not give) or the configuration says
 * so (calendar.working_days): those are working days even on a weekend.
 *
 * The lunar calendar is computed for UTC+7 from the mean new moon with the
 * periodic terms of J. Meeus, Astronomical Algorithms (ch. 49), and the
 * sun's apparent longitude (ch. 25, low accuracy): good for 1900-2100.
 */
#ifndef YK_VNCAL_H
#define YK_VNCAL_H

#include <stdbool.h>
#include <stddef.h>

/* What the configuration adds to the shipped calendar (ykien.conf's
 * 'calendar' group); the arrays are owned by whoever filled them (struct
 * yk_config for a loaded configuration).  NULL stands for none. */
struct vncal_extra {
	long long *days_off;
	size_t n_days_off;
	long long *working_days; /* make-up working days, worked even on a weekend */
	size_t n_working_days;
};

/* The day (local day number) of day LDAY of lunar month LMONTH (1-12, LEAP:
 * the leap month of that number) of the lunar year that begins in Gregorian
 * year LYEAR; -1 when that year has no such leap month. */
long long vncal_lunar_to_day(int lday, int lmonth, int lyear, bool leap);

/* Mùng 1 Tết: the first day of the lunar year beginning in Gregorian YEAR. */
long long vncal_tet(int year);

/* Is DAY a Saturday or Sunday? */
bool vncal_weekend(long long day);

/* Is DAY a public holiday, a compensatory, announced or configured day
 * off, or a Saturday or Sunday of the same break (next to one of those
 * across weekend days only)?  A plain weekend is not.  EXTRA may be NULL. */
bool vncal_day_off(const struct vncal_extra *extra, long long day);

/* Do the offices work on DAY: a weekday that is no day off, or a make-up
 * working day. */
bool vncal_working(const struct vncal_extra *extra, long long day);

/* Whether DAY is one of the dates DAYS ("31/01/2024" or "2024-01-31", as
 * a campaign's reminders.holidays; anything else is no day). */
bool vncal_listed(char *const *days, size_t n, long long day);

#endif
