/*
 * timeutil.c - see timeutil.h.
 */
#include "timeutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "banned.h"

/* Reads exactly n digits at *p into *v; advances *p. */
static int digits(const char **p, int n, int *v)
{
	int x = 0;
	for (int i = 0; i < n; i++) {
		char c = (*p)[i];
		if (c < '0' || c > '9')
			return -1;
		x = x * 10 + (c - '0');
	}
	*p += n;
	*v = x;
	return 0;
}

static int days_in_month(int y, int m)
{
	static const int d[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return m == 2 && leap ? 29 : d[m - 1];
}

int time_parse(const char *s, int64_t *out, int *month_only)
{
	const char *p = s;
	int y, mo, d = 1, h = 0, mi = 0, sec = 0, only_month = 0;
	if (!s || digits(&p, 4, &y) || *p++ != '-' || digits(&p, 2, &mo) || mo < 1 || mo > 12)
		return -1;
	if (*p == '\0') {
		/* a month is a calendar month in UTC, as police.uk publishes it */
		only_month = 1;
	} else if (*p++ != '-' || digits(&p, 2, &d) || d < 1 || d > days_in_month(y, mo)) {
		return -1;
	}
	int has_time = 0, zone = 0, offset_min = 0;
	if (!only_month && (*p == 'T' || *p == ' ')) {
		p++;
		has_time = 1;
		if (digits(&p, 2, &h) || *p++ != ':' || digits(&p, 2, &mi) || h > 23 || mi > 59)
			return -1;
		if (*p == ':') {
			p++;
			if (digits(&p, 2, &sec) || sec > 60)
				return -1;
			if (*p == '.' || *p == ',') {
				p++;
				if (*p < '0' || *p > '9')
					return -1;
				while (*p >= '0' && *p <= '9')
					p++;
			}
		}
		if (*p == 'Z') {
			p++;
			zone = 1;
		} else if (*p == '+' || *p == '-') {
			int sign = *p++ == '-' ? -1 : 1, oh, om;
			if (digits(&p, 2, &oh) || *p++ != ':' || digits(&p, 2, &om) || oh > 14 ||
			    om > 59)
				return -1;
			zone = 1;
			offset_min = sign * (oh * 60 + om);
		}
	}
	if (*p != '\0')
		return -1;
	(void)has_time;
	if (only_month)
		zone = 1;
	struct tm tm = {0};
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = sec > 59 ? 59 : sec;
	time_t t;
	if (zone) {
		t = timegm(&tm);
		t -= (time_t)offset_min * 60;
	} else {
		tm.tm_isdst = -1; /* the zone database decides, clock changes included */
		t = mktime(&tm);
	}
	if (t == (time_t)-1 && !(y == 1969 && mo == 12 && d == 31))
		return -1;
	*out = (int64_t)t;
	if (month_only)
		*month_only = only_month;
	return 0;
}

void time_format(int64_t t, char *out)
{
	time_t tt = (time_t)t;
	struct tm tm;
	gmtime_r(&tt, &tm);
	strftime(out, 21, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

void time_format_month(int64_t t, char *out)
{
	time_t tt = (time_t)t;
	struct tm tm;
	gmtime_r(&tt, &tm);
	strftime(out, 8, "%Y-%m", &tm);
}

int64_t time_now(void)
{
	const char *fixed = getenv("SHOMER_NOW");
	int64_t t;
	if (fixed && *fixed && time_parse(fixed, &t, NULL) == 0)
		return t;
	return (int64_t)time(NULL);
}
