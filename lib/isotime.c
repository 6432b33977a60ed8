/*
 * isotime — ISO 8601 dates and times, parsed with range checks (a date that
 * does not exist is an error, not the next month), counted in days without
 * the C library's timezone (mktime would use the host's).
 */
#include "isotime.h"

#include <stdio.h>
#include <string.h>

#include "err.h"

/* N digits at S as a number into *out; false unless all are digits. */
static bool
digits(const char *s, int n, int *out)
{
	int v = 0;

	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return true;
}

long long
isotime_days_from_civil(long long y, int m, int d)
{
	/* H. Hinnant's algorithm: March-based years put the leap day last */
	y -= m <= 2;
	long long era = (y >= 0 ? y : y - 399) / 400;
	long long yoe = y - era * 400;
	long long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	long long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

void
isotime_civil_from_days(long long z, int *y, int *m, int *d)
{
	long long era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

int
isotime_month_days(int y, int m)
{
	return (int)(isotime_days_from_civil(m == 12 ? y + 1 : y, m == 12 ? 1 : m + 1, 1) -
	             isotime_days_from_civil(y, m, 1));
}

static bool
valid_date(int y, int mo, int d)
{
	static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	if (y < 1970 || y > 9999 || mo < 1 || mo > 12 || d < 1 || d > mdays[mo - 1])
		return false;
	if (mo == 2 && d == 29 && !((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return false;
	return true;
}

/* "YYYY-MM-DD" at the start of S (what follows is not looked at). */
static bool
date_prefix(const char *s, int *y, int *mo, int *d)
{
	return digits(s, 4, y) && s[4] == '-' && digits(s + 5, 2, mo) && s[7] == '-' &&
	       digits(s + 8, 2, d);
}

void
isotime_format(time_t t, char out[ISOTIME_LEN])
{
	struct tm tm;

	if (!gmtime_r(&t, &tm) || !strftime(out, ISOTIME_LEN, "%Y-%m-%dT%H:%M:%SZ", &tm))
		out[0] = '\0';
}

/* The local day and minute of T in Viet Nam; false outside 1970-9999. */
static bool
vn_civil(time_t t, int *y, int *mo, int *d, int *h, int *mi)
{
	long long l = (long long)t + ISOTIME_VN_OFFSET;
	long long day = (l >= 0 ? l : l - 86399) / 86400, sec = l - day * 86400;

	isotime_civil_from_days(day, y, mo, d);
	*h = (int)(sec / 3600);
	*mi = (int)(sec % 3600 / 60);
	return *y >= 1970 && *y <= 9999;
}

/* The parts are bounded (two or four digits each), so the text always
 * fits ISOTIME_VI_LEN: no truncation to check. */
void
isotime_format_vi(time_t t, char out[ISOTIME_VI_LEN])
{
	int y, mo, d, h, mi;

	if (!vn_civil(t, &y, &mo, &d, &h, &mi))
		out[0] = '\0';
	else
		snprintf(out, ISOTIME_VI_LEN, "%02d giờ %02d ngày %02d/%02d/%04d", h, mi, d, mo, y);
}

void
isotime_format_vi_day(time_t t, char out[ISOTIME_VI_LEN])
{
	int y, mo, d, h, mi;

	if (!vn_civil(t, &y, &mo, &d, &h, &mi))
		out[0] = '\0';
	else
		snprintf(out, ISOTIME_VI_LEN, "ngày %02d/%02d/%04d", d, mo, y);
}

void
isotime_format_vi_date(time_t t, char out[ISOTIME_VI_LEN])
{
	int y, mo, d, h, mi;

	if (!vn_civil(t, &y, &mo, &d, &h, &mi))
		out[0] = '\0';
	else
		snprintf(out, ISOTIME_VI_LEN, "%02d/%02d/%04d", d, mo, y);
}

void
isotime_format_vi_deadline(time_t t, bool is_day, char out[ISOTIME_VI_LEN])
{
	if (is_day)
		isotime_format_vi_day(t, out);
	else
		isotime_format_vi(t, out);
}

int
isotime_parse(const char *s, time_t *out)
{
	int y, mo, d, h, mi, sec = 0, oh = 0, om = 0, sign = 1;
	const char *p;

	if (!s || strlen(s) < 16)
		return YK_EINVAL;
	if (!date_prefix(s, &y, &mo, &d) || (s[10] != 'T' && s[10] != ' ') ||
	    !digits(s + 11, 2, &h) || s[13] != ':' || !digits(s + 14, 2, &mi))
		return YK_EINVAL;
	p = s + 16;
	if (*p == ':') {
		if (!digits(p + 1, 2, &sec))
			return YK_EINVAL;
		p += 3;
	}
	if (*p == 'Z' && p[1] == '\0') {
		/* UTC */
	} else if ((*p == '+' || *p == '-') && strlen(p) == 6 && digits(p + 1, 2, &oh) &&
	           p[3] == ':' && digits(p + 4, 2, &om)) {
		sign = *p == '-' ? -1 : 1;
	} else {
		return YK_EINVAL;
	}
	if (!valid_date(y, mo, d) || h > 23 || mi > 59 || sec > 60 || oh > 14 || om > 59)
		return YK_EINVAL;
	*out = (time_t)(isotime_days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + sec -
	                sign * (oh * 3600 + om * 60));
	return 0;
}

int
isotime_parse_day(const char *s, int *y, int *m, int *d)
{
	int yy, mm, dd;

	if (!s || strlen(s) != 10 || !date_prefix(s, &yy, &mm, &dd) || !valid_date(yy, mm, dd))
		return YK_EINVAL;
	*y = yy;
	*m = mm;
	*d = dd;
	return 0;
}

bool
isotime_valid_day(const char *s)
{
	int y, mo, d;

	return isotime_parse_day(s, &y, &mo, &d) == 0;
}

int
isotime_parse_deadline(const char *s, time_t *out, bool *is_day)
{
	int y, mo, d;

	*is_day = false;
	if (isotime_parse_day(s, &y, &mo, &d) == 0) {
		/* the day's last second in Viet Nam, so a reply at 23:59:59
		 * +07:00 is on time and one at midnight is late */
		*out = (time_t)(isotime_days_from_civil(y, mo, d) * 86400 + 86399 - ISOTIME_VN_OFFSET);
		*is_day = true;
		return 0;
	}
	return isotime_parse(s, out);
}

int
isotime_parse_hhmm(const char *s, int *minutes)
{
	int h, mi;

	if (!s || strlen(s) != 5 || !digits(s, 2, &h) || s[2] != ':' || !digits(s + 3, 2, &mi) ||
	    h > 23 || mi > 59)
		return YK_EINVAL;
	*minutes = h * 60 + mi;
	return 0;
}

/* "D[D]/M[M]/YYYY" at S; *len how much it took. */
static bool
slash_date(const char *s, int *y, int *mo, int *d, size_t *len)
{
	size_t i = 0;
	int part[2];

	for (int k = 0; k < 2; k++) {
		size_t n = 0;
		part[k] = 0;
		while (n < 2 && s[i] >= '0' && s[i] <= '9') {
			part[k] = part[k] * 10 + (s[i] - '0');
			i++;
			n++;
		}
		if (n == 0 || s[i] != '/')
			return false;
		i++;
	}
	if (!digits(s + i, 4, y))
		return false;
	*d = part[0];
	*mo = part[1];
	*len = i + 4;
	return true;
}

int
isotime_parse_date(const char *s, int *y, int *m, int *d)
{
	int yy, mm, dd;
	size_t len;

	if (!s)
		return YK_EINVAL;
	if (isotime_parse_day(s, y, m, d) == 0)
		return 0;
	if (!slash_date(s, &yy, &mm, &dd, &len) || s[len] != '\0' || !valid_date(yy, mm, dd))
		return YK_EINVAL;
	*y = yy;
	*m = mm;
	*d = dd;
	return 0;
}

int
isotime_parse_human(const char *s, int day_end, time_t *out, bool *is_day)
{
	int y, mo, d, h, mi, sec = 0;
	size_t len;
	const char *p;

	if (is_day)
		*is_day = false;
	if (!s)
		return YK_EINVAL;
	if (isotime_parse_date(s, &y, &mo, &d) == 0) {
		if (day_end != 0 && day_end != 1)
			return YK_EINVAL;
		/* the day's first or last second in Viet Nam: a reply at
		 * 23:59:59 +07:00 on the deadline's day is on time */
		*out = (time_t)(isotime_days_from_civil(y, mo, d) * 86400 + (day_end ? 86399 : 0) -
		                ISOTIME_VN_OFFSET);
		if (is_day)
			*is_day = true;
		return 0;
	}
	if (!slash_date(s, &y, &mo, &d, &len))
		return isotime_parse(s, out);
	/* "31/01/2024 17:00": a wall-clock time in Viet Nam */
	p = s + len;
	if (*p != ' ' && *p != 'T')
		return YK_EINVAL;
	while (*p == ' ')
		p++;
	if (*p == 'T')
		p++;
	if (!digits(p, 2, &h) || p[2] != ':' || !digits(p + 3, 2, &mi))
		return YK_EINVAL;
	p += 5;
	if (*p == ':') {
		if (!digits(p + 1, 2, &sec))
			return YK_EINVAL;
		p += 3;
	}
	if (*p != '\0' || !valid_date(y, mo, d) || h > 23 || mi > 59 || sec > 59)
		return YK_EINVAL;
	*out = (time_t)(isotime_days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + sec -
	                ISOTIME_VN_OFFSET);
	return 0;
}
