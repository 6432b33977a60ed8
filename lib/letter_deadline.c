/*
 * letter_deadline — the deadline phrase of a letter's body (letter.h):
 * "trong tháng 01/2024", "chậm nhất ngày …", "trước ngày …", "trước 17
 * giờ 00 ngày …", "trong N ngày (làm việc)", read on the body's key so
 * that a phrase wrapped over lines or typed without diacritics reads the
 * same, and mapped back to its words as written for the comment.
 */
#include "letter_p.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "isotime.h"
#include "text.h"
#include "vncal.h"

/* --- the deadline ---------------------------------------------------------- */

struct dl {
	size_t at, end;      /* key bytes of the phrase */
	int y, m, d, hh, mm; /* hh < 0: a date alone */
	bool strict, relative, working;
};

/* A time at key K: "17 gio 00", "17 gio", "17h00", "17h", "17 gio 30 phut". */
static const char *
key_time(const char *k, int *hh, int *mm)
{
	const char *p;
	int h, m = 0;

	if ((p = lt_num(k, 2, &h)) && lt_kw(p, "gio")) {
		p = lt_kw(p, "gio");
		const char *q = lt_num(p, 2, &m);
		if (q) {
			p = lt_kw(q, "phut") ? lt_kw(q, "phut") : q;
		} else {
			m = 0;
		}
	} else {
		/* "17h00", "17h" as one word */
		int d = 0;
		h = 0;
		while (k[d] >= '0' && k[d] <= '9' && d < 2)
			h = h * 10 + (k[d++] - '0');
		if (!d || k[d] != 'h')
			return NULL;
		p = k + d + 1;
		if (*p >= '0' && *p <= '9') {
			if (!(p = lt_num(p, 2, &m)))
				return NULL;
		} else if (*p == ' ' || !*p) {
			p += *p == ' ';
		} else {
			return NULL;
		}
	}
	if (h > 23 || m > 59)
		return NULL;
	*hh = h, *mm = m;
	return p;
}

/* A deadline phrase starting at key word K: 0 none. */
static bool
match_deadline(const char *k, const struct letter *lt, struct dl *o)
{
	static const char *const incl[] = { "cham nhat la ngay", "cham nhat vao ngay", "cham nhat ngay",
		"cham nhat la", "cham nhat", "han chot la ngay", "han chot ngay", "han chot",
		"khong qua ngay", "khong muon hon ngay", "den het ngay", "truoc hoac trong ngay",
		"truoc hoac vao ngay", "trong ngay", "han cuoi la ngay", "han cuoi ngay", "han cuoi",
		"thoi han la ngay", "thoi han ngay", "thoi han gui la ngay" };
	static const char *const at_time[] = { "truoc", "cham nhat la", "cham nhat", "han chot la",
		"han chot", "truoc luc", "cham nhat luc", "cham nhat vao luc" };
	const char *p, *q;
	int n;

	memset(o, 0, sizeof *o);
	o->hh = -1;
	/* "trước 17 giờ 00 ngày 25/01/2024" */
	for (size_t i = 0; i < sizeof at_time / sizeof *at_time; i++)
		if ((p = lt_kw(k, at_time[i])) && (q = key_time(p, &o->hh, &o->mm)) &&
		    (q = lt_kw(q, "ngay") ? q : NULL) && (q = lt_key_date(q, &o->y, &o->m, &o->d))) {
			o->end = (size_t)(q - k);
			return true;
		}
	o->hh = -1;
	for (size_t i = 0; i < sizeof incl / sizeof *incl; i++)
		if ((p = lt_kw(k, incl[i])) && (q = lt_key_date(p, &o->y, &o->m, &o->d))) {
			o->end = (size_t)(q - k);
			return true;
		}
	/* "trước ngày 25/01/2024" is read as administrative Vietnamese reads
	 * it: before the 25th, so the 25th is already late and the deadline
	 * is the end of the 24th.  An office that means "until the 25th"
	 * writes "chậm nhất ngày 25/01" or "trước hoặc trong ngày 25/01"
	 * (above); the draft's "# KIỂM TRA:" line says how it was read. */
	if ((p = lt_kw(k, "truoc ngay")) && (q = lt_key_date(p, &o->y, &o->m, &o->d))) {
		o->strict = true;
		o->end = (size_t)(q - k);
		return true;
	}
	/* "trong tháng 01/2024", "trong tháng 01 năm 2024" */
	if ((p = lt_kw(k, "trong thang")) && (q = lt_num(p, 2, &o->m)) && o->m >= 1 && o->m <= 12) {
		const char *r = lt_kw(q, "nam") ? lt_kw(q, "nam") : q;
		if ((r = lt_num(r, 4, &o->y)) && o->y >= 1900) {
			q = r;
		} else {
			o->y = lt->sent_y;
		}
		if (!o->y)
			return false;
		o->d = isotime_month_days(o->y, o->m);
		o->end = (size_t)(q - k);
		return true;
	}
	/* "trong (vòng | thời hạn) 05 ngày (làm việc)": from the letter's date */
	if ((p = lt_kw(k, "trong"))) {
		if (lt_kw(p, "vong"))
			p = lt_kw(p, "vong");
		else if (lt_kw(p, "thoi han"))
			p = lt_kw(p, "thoi han");
		else if (lt_kw(p, "thoi gian"))
			p = lt_kw(p, "thoi gian");
		if ((q = lt_num(p, 3, &n)) && n > 0 && (q = lt_kw(q, "ngay")) && lt->sent_y) {
			long long z = isotime_days_from_civil(lt->sent_y, lt->sent_m, lt->sent_d);
			const char *r = lt_kw(q, "lam viec");
			o->relative = true;
			if (r) {
				/* Monday to Friday; the calendar's days off are not
				 * known here: a "# KIỂM TRA:" says so */
				o->working = true;
				for (int left = n; left > 0;) {
					z++;
					if (!vncal_weekend(z))
						left--;
				}
				q = r;
			} else {
				z += n;
			}
			isotime_civil_from_days(z, &o->y, &o->m, &o->d);
			o->end = (size_t)(q - k) - (*q ? 1 : 0);
			return true;
		}
	}
	return false;
}

static void
dl_value(const struct dl *d, char *out, size_t cap)
{
	int y = d->y, m = d->m, dd = d->d;

	if (d->strict) {
		isotime_civil_from_days(isotime_days_from_civil(y, m, dd) - 1, &y, &m, &dd);
	}
	if (d->hh >= 0)
		snprintf(out, cap, "%04d-%02d-%02dT%02d:%02d:00+07:00", y, m, dd, d->hh, d->mm);
	else
		snprintf(out, cap, "%04d-%02d-%02d", y, m, dd);
}

int
letter_read_deadline(struct letter *lt, const struct lines *ls, size_t from, size_t to)
{
	struct buf body, others;
	struct text_span *map = NULL;
	char *k;
	bool first = true;
	int rc = 0;

	buf_init(&body, 0);
	buf_init(&others, 0);
	for (size_t i = from; i < to; i++) {
		buf_adds(&body, ls->l[i].s);
		buf_addc(&body, '\n');
	}
	if (buf_status(&body) || !(k = text_key(body.data ? body.data : "", body.len, &map))) {
		buf_free(&body);
		return YK_ENOMEM;
	}
	for (const char *p = k; p && *p; p = strchr(p, ' '), p = p ? p + 1 : NULL) {
		struct dl d;
		char v[64];
		size_t a = (size_t)(p - k);

		if (!match_deadline(p, lt, &d))
			continue;
		d.at = a;
		d.end += a;
		if (d.end > a && k[d.end - 1] == ' ')
			d.end--;
		if (d.y == 0)
			d.y = lt->sent_y;
		if (d.y == 0)
			continue;
		dl_value(&d, v, sizeof v);
		{
			size_t s0 = map[d.at].start, s1 = map[d.end ? d.end - 1 : 0].end;
			char *phrase = lt_xstrndup(body.data + s0, s1 - s0);

			if (!phrase) {
				rc = YK_ENOMEM;
				break;
			}
			for (char *c = phrase; *c; c++)
				if (*c == '\n')
					*c = ' ';
			if (first) {
				memcpy(lt->deadline, v, sizeof lt->deadline);
				lt->deadline_phrase = phrase;
				lt->deadline_strict = d.strict;
				lt->deadline_relative = d.relative;
				/* working days: said in the phrase or in the words
				 * just after it ("…, tính theo ngày làm việc") */
				lt->deadline_working_days = d.working;
				{
					size_t w = 0;
					const char *e = k + d.end;
					for (; *e && w < 12; e++)
						w += *e == ' ';
					char save = *e;
					char *ee = (char *)e;
					*ee = '\0';
					if (strstr(k + d.end, "ngay lam viec"))
						lt->deadline_working_days = true;
					*ee = save;
				}
				first = false;
			} else if (strcmp(v, lt->deadline)) {
				if (others.len)
					buf_adds(&others, "; ");
				buf_printf(&others, "\"%s\"", phrase);
				free(phrase);
			} else {
				free(phrase);
			}
		}
		p = k + d.end;
	}
	if (!rc && others.len) {
		if (buf_status(&others))
			rc = YK_ENOMEM;
		else
			lt->deadline_others = buf_take(&others);
	}
	buf_free(&others);
	buf_free(&body);
	free(map);
	free(k);
	return rc;
}
