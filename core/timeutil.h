/*
 * timeutil.h - instants as UTC seconds, read from and written as ISO 8601.
 *
 * People in the organisation write local times (Europe/London); records and
 * the database hold UTC.  A time written without a zone is read as local
 * time through the C library's time-zone database (the process runs with
 * TZ=Europe/London unless TZ says otherwise), so the clock changes are
 * handled by tzdata rather than by hand.
 */
#ifndef SHOMER_TIMEUTIL_H
#define SHOMER_TIMEUTIL_H

#include <stdint.h>

/*
 * Parses "YYYY-MM", "YYYY-MM-DD", "YYYY-MM-DDTHH:MM", "YYYY-MM-DDTHH:MM:SS"
 * (optionally with a fraction, dropped) followed by "Z", "+HH:MM" or
 * "-HH:MM", or nothing (local time).  A date is its first instant, local
 * time; a month is its first instant in UTC (police.uk months are calendar
 * months, and a month must print back as itself).  *month_only (may be NULL) is set when only a month was
 * given.  Returns 0, or -1 if malformed or out of range.
 */
int time_parse(const char *s, int64_t *out, int *month_only);

/* "YYYY-MM-DDTHH:MM:SSZ" into out (at least 21 bytes). */
void time_format(int64_t t, char *out);

/* "YYYY-MM" of an instant, in UTC, into out (at least 8 bytes). */
void time_format_month(int64_t t, char *out);

/* Now: the SHOMER_NOW environment variable (ISO 8601) when set and valid,
 * else the system clock.  Tests and reports fix it for reproducibility. */
int64_t time_now(void);

#endif /* SHOMER_TIMEUTIL_H */
