/*
 * vncal — public holidays of Viet Nam and the lunar calendar behind Tết
 * and Giỗ Tổ (see vncal.h for the rule).
 *
 * The lunar calendar (âm lịch) as Viet Nam reckons it: a month begins on
 * the local day (UTC+7) of a new moon; the month holding the winter
 * solstice is month 11; a lunar year of 13 months repeats, as a leap
 * month, the first month after month 11 that holds no major solar term
 * (no multiple of 30 degrees of the sun's longitude).  The astronomy is
 * Meeus' (Astronomical Algorithms, 2nd ed.): the true new moon from the
 * mean lunation and its main periodic terms, the sun's longitude from its
 * mean longitude and equation of centre.  Minutes of error are enough: a
 * new moon near local midnight is the only case where they matter, and the
 * test pins every Tết from 2020 to 2030.
 */
#include "vncal.h"

#include <math.h>

#include "isotime.h"

#define TZ_HOURS 7.0                 /* the lunar calendar of Viet Nam is UTC+7's */
#define JDN_1970 2440588LL           /* Julian day number of 1970-01-01 */
#define SYNODIC 29.530588853         /* mean lunation, days */
#define NEW_MOON_1900 2415021.076998695 /* the mean new moon of lunation 0 (1900-01-01) */

static const double RAD = M_PI / 180.0;

static long long
floor_ll(double x)
{
	return (long long)floor(x);
}

/* The Julian day number of the local day holding new moon K (lunation K
 * after the new moon of 1900-01-01). */
static long long
new_moon_jdn(long long k)
{
	double t = (double)k / 1236.85; /* Julian centuries from 1900 */
	double t2 = t * t, t3 = t2 * t;
	double jd = 2415020.75933 + 29.53058868 * (double)k + 0.0001178 * t2 - 0.000000155 * t3 +
	            0.00033 * sin((166.56 + 132.87 * t - 0.009173 * t2) * RAD);
	/* anomalies of the sun (m) and the moon (mp), the moon's argument of
	 * latitude (f), in degrees */
	double m = 359.2242 + 29.10535608 * (double)k - 0.0000333 * t2 - 0.00000347 * t3;
	double mp = 306.0253 + 385.81691806 * (double)k + 0.0107306 * t2 + 0.00001236 * t3;
	double f = 21.2964 + 390.67050646 * (double)k - 0.0016528 * t2 - 0.00000239 * t3;
	double c = (0.1734 - 0.000393 * t) * sin(m * RAD) + 0.0021 * sin(2 * m * RAD) -
	           0.4068 * sin(mp * RAD) + 0.0161 * sin(2 * mp * RAD) -
	           0.0004 * sin(3 * mp * RAD) + 0.0104 * sin(2 * f * RAD) -
	           0.0051 * sin((m + mp) * RAD) - 0.0074 * sin((m - mp) * RAD) +
	           0.0004 * sin((2 * f + m) * RAD) - 0.0004 * sin((2 * f - m) * RAD) -
	           0.0006 * sin((2 * f + mp) * RAD) + 0.0010 * sin((2 * f - mp) * RAD) +
	           0.0005 * sin((2 * mp + m) * RAD);
	/* ephemeris time less universal time, days (a fit good for 1900-2100) */
	double delta_t = t < -11 ? 0.001 + 0.000839 * t + 0.0002261 * t2 - 0.00000845 * t3 -
	                                   0.000000081 * t * t3
	                         : -0.000278 + 0.000265 * t + 0.000262 * t2;

	return floor_ll(jd + c - delta_t + 0.5 + TZ_HOURS / 24.0);
}

/* Which 30-degree sector (0-11; 0 from the March equinox) the sun's
 * longitude is in at the start of local day JDN. */
static int
sun_sector(long long jdn)
{
	double t = ((double)jdn - 0.5 - TZ_HOURS / 24.0 - 2451545.0) / 36525.0; /* from J2000 */
	double t2 = t * t;
	double m = 357.52910 + 35999.05030 * t - 0.0001559 * t2 - 0.00000048 * t * t2;
	double l0 = 280.46645 + 36000.76983 * t + 0.0003032 * t2;
	double centre = (1.914600 - 0.004817 * t - 0.000014 * t2) * sin(m * RAD) +
	                (0.019993 - 0.000101 * t) * sin(2 * m * RAD) + 0.000290 * sin(3 * m * RAD);
	double l = fmod(l0 + centre, 360.0);

	if (l < 0)
		l += 360.0;
	return (int)(l / 30.0);
}

static long long
lunation_of(long long jdn)
{
	return floor_ll(((double)jdn - NEW_MOON_1900) / SYNODIC + 0.5);
}

/* The first day (JDN) of lunar month 11 of YEAR: the month holding the
 * winter solstice (the sun entering sector 9, 270 degrees). */
static long long
month11(int year)
{
	long long dec31 = isotime_days_from_civil(year, 12, 31) + JDN_1970;
	long long k = floor_ll(((double)dec31 - 2415021.0) / SYNODIC);
	long long nm = new_moon_jdn(k);

	/* a month starting after the solstice is month 12's start */
	if (sun_sector(nm) >= 9)
		nm = new_moon_jdn(k - 1);
	return nm;
}

/* In a 13-month year starting at month 11 A11: how many months after A11
 * the leap month is, the first with no major term (its start and the
 * next month's start in the same sector). */
static int
leap_offset(long long a11)
{
	long long k = lunation_of(a11);
	int i = 1, last, arc = sun_sector(new_moon_jdn(k + 1));

	do {
		last = arc;
		i++;
		arc = sun_sector(new_moon_jdn(k + i));
	} while (arc != last && i < 14);
	return i - 1;
}

long long
vncal_lunar_to_day(int lday, int lmonth, int lyear, bool leap)
{
	long long a11, b11, k;
	int off;

	if (lmonth < 11) {
		a11 = month11(lyear - 1);
		b11 = month11(lyear);
	} else {
		a11 = month11(lyear);
		b11 = month11(lyear + 1);
	}
	k = lunation_of(a11);
	off = lmonth - 11;
	if (off < 0)
		off += 12;
	if (b11 - a11 > 365) { /* 13 lunar months between two months 11 */
		int loff = leap_offset(a11);
		int leap_month = loff - 2;
		if (leap_month < 0)
			leap_month += 12;
		if (leap && lmonth != leap_month)
			return -1;
		if (leap || off >= loff)
			off++;
	} else if (leap) {
		return -1;
	}
	return new_moon_jdn(k + off) + lday - 1 - JDN_1970;
}

long long
vncal_tet(int year)
{
	return vncal_lunar_to_day(1, 1, year, false);
}

bool
vncal_weekend(long long day)
{
	long long wd = ((day + 4) % 7 + 7) % 7; /* 1970-01-01 was a Thursday; 0 = Sunday */

	return wd == 0 || wd == 6;
}

/* 0 = Sunday */
static int
weekday(long long day)
{
	return (int)(((day + 4) % 7 + 7) % 7);
}

/*
 * What the Government announced for the years already announced, where it
 * differs from the rule: more days off (a day of Tết chosen before the
 * last one, a working day swapped to make a long holiday) and working days
 * (the Saturday that makes up for a swapped day, or a computed
 * compensatory day the announcement did not give).  For civil servants
 * (cán bộ, công chức, viên chức), who work Monday to Friday.
 */
struct ymd {
	short y;
	signed char m, d;
};

static const struct ymd announced_off[] = {
	/* Tết Canh Tý: off Thu 23/1 to Wed 29/1/2020 (Labour Code 2012) */
	{ 2020, 1, 23 },
	/* Tết Tân Sửu: off Wed 10/2 to Tue 16/2/2021 */
	{ 2021, 2, 10 },
	/* Tết Quý Mão: off Fri 20/1 to Thu 26/1/2023 */
	{ 2023, 1, 20 },
	/* Tết Giáp Thìn: off Thu 8/2 to Wed 14/2/2024 */
	{ 2024, 2, 8 },
	/* 30/4-1/5/2024: off Sat 27/4 to Wed 1/5, Mon 29/4 swapped with Sat
	 * 4/5 (Văn phòng Chính phủ, công văn 2450/VPCP-KGVX, 12/4/2024) */
	{ 2024, 4, 29 },
	/* Tết Ất Tỵ: off Sat 25/1 to Sun 2/2/2025, Mon 27/1 swapped with Sat
	 * 8/2 */
	{ 2025, 1, 27 },
	/* 30/4-1/5/2025: off Wed 30/4 to Sun 4/5, Fri 2/5 swapped with Sat 26/4 */
	{ 2025, 5, 2 },
};

static const struct ymd announced_working[] = {
	{ 2020, 1, 30 },  /* Tết 2020 ended Wed 29/1: the rule's second compensatory day */
	{ 2020, 9, 3 },   /* 2020: Labour Code 2012, Quốc khánh was one day */
	{ 2021, 2, 17 },  /* Tết 2021 ended Tue 16/2 */
	{ 2023, 1, 27 },  /* Tết 2023 ended Thu 26/1 */
	{ 2024, 2, 15 },  /* Tết 2024 ended Wed 14/2 */
	{ 2024, 5, 4 },   /* Sat: made up for Mon 29/4/2024 */
	{ 2025, 2, 3 },   /* Tết 2025 ended Sun 2/2: work from Mon 3/2 */
	{ 2025, 2, 8 },   /* Sat: made up for Mon 27/1/2025 */
	{ 2025, 4, 26 },  /* Sat: made up for Fri 2/5/2025 */
};

static bool
in_table(const struct ymd *t, size_t n, long long day)
{
	for (size_t i = 0; i < n; i++)
		if (isotime_days_from_civil(t[i].y, t[i].m, t[i].d) == day)
			return true;
	return false;
}

static bool
in_list(const long long *v, size_t n, long long day)
{
	for (size_t i = 0; v && i < n; i++)
		if (v[i] == day)
			return true;
	return false;
}

#define YEAR_MAX 16

/* The holidays of Art. 112(1) that fall in Gregorian YEAR, in order. */
static size_t
law_holidays(int year, long long out[YEAR_MAX])
{
	long long tet = vncal_tet(year);
	long long qk = isotime_days_from_civil(year, 9, 2);
	size_t n = 0;

	out[n++] = isotime_days_from_civil(year, 1, 1);
	for (int i = -1; i <= 3; i++) /* 30 Tết (or 29 in a short year) and mùng 1-4 */
		out[n++] = tet + i;
	out[n++] = vncal_lunar_to_day(10, 3, year, false);
	out[n++] = isotime_days_from_civil(year, 4, 30);
	out[n++] = isotime_days_from_civil(year, 5, 1);
	if (year >= 2021) {
		/* Labour Code 2019: 2/9 and 1/9 or 3/9, the one the Government
		 * usually picks to join a weekend (2021-2025 followed this) */
		int wd = weekday(qk);
		out[n++] = (wd == 2 || wd == 5 || wd == 6) ? qk - 1 : qk + 1;
	}
	out[n++] = qk;
	return n;
}

/* Is DAY a holiday or a compensatory day by the rule alone? */
static bool
rule_day_off(long long day)
{
	long long h[YEAR_MAX], comp[YEAR_MAX];
	size_t n, nc = 0;
	/* the year of DAY: Y with 1/1/Y <= DAY < 1/1/(Y+1) */
	int y = 1970 + (int)(day / 366);

	while (isotime_days_from_civil(y + 1, 1, 1) <= day)
		y++;
	while (isotime_days_from_civil(y, 1, 1) > day)
		y--;
	n = law_holidays(y, h);
	if (in_list(h, n, day))
		return true;
	/* Art. 112(3): a holiday on a weekend gives the next weekday that
	 * is no holiday and not yet given */
	for (size_t i = 0; i < n; i++) {
		long long c;
		if (!vncal_weekend(h[i]))
			continue;
		for (c = h[i] + 1; vncal_weekend(c) || in_list(h, n, c) || in_list(comp, nc, c); c++)
			;
		comp[nc++] = c;
	}
	return in_list(comp, nc, day);
}

/* A holiday, a compensatory, announced or configured day off, by itself */
static bool
own_day_off(const struct vncal_extra *extra, long long day)
{
	if (extra && in_list(extra->working_days, extra->n_working_days, day))
		return false;
	if (extra && in_list(extra->days_off, extra->n_days_off, day))
		return true;
	if (in_table(announced_working, sizeof announced_working / sizeof announced_working[0], day))
		return false;
	if (in_table(announced_off, sizeof announced_off / sizeof announced_off[0], day))
		return true;
	return rule_day_off(day);
}

static bool
made_up(const struct vncal_extra *extra, long long day)
{
	if (extra && in_list(extra->working_days, extra->n_working_days, day))
		return true;
	if (extra && in_list(extra->days_off, extra->n_days_off, day))
		return false;
	return in_table(announced_working, sizeof announced_working / sizeof announced_working[0],
	                day);
}

bool
vncal_day_off(const struct vncal_extra *extra, long long day)
{
	if (own_day_off(extra, day))
		return true;
	if (!vncal_weekend(day) || made_up(extra, day))
		return false;
	/* a weekend inside or beside a holiday is part of the break (Tết Ất
	 * Tỵ was "off from Saturday 25/1 to Sunday 2/2"): look along the
	 * days nobody works on either side for a day off of its own */
	for (int step = -1; step <= 1; step += 2)
		for (long long d = day + step; d != day + step * 20; d += step) {
			if (own_day_off(extra, d))
				return true;
			if (!vncal_weekend(d) || made_up(extra, d))
				break;
		}
	return false;
}

bool
vncal_working(const struct vncal_extra *extra, long long day)
{
	if (made_up(extra, day))
		return true;
	return !vncal_weekend(day) && !own_day_off(extra, day);
}

bool
vncal_listed(char *const *days, size_t n, long long day)
{
	for (size_t i = 0; i < n; i++) {
		int y, m, d;
		if (isotime_parse_date(days[i], &y, &m, &d) == 0 &&
		    isotime_days_from_civil(y, m, d) == day)
			return true;
	}
	return false;
}
