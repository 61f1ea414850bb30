/*
 * opts.c - see opts.h and risk.h.
 */
#include "opts.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "banned.h"

int risk_fail(char **errmsg, int rc, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	rc = shomer_vfail(risk_api, errmsg, rc, fmt, ap);
	va_end(ap);
	return rc;
}

int risk_parse_double(const char *s, double lo, double hi, double *out)
{
	char *end;
	double v;

	if (!s || !*s || *s == ' ')
		return -1;
	errno = 0;
	v = strtod(s, &end);
	if (*end || errno || !isfinite(v) || v < lo || v > hi)
		return -1;
	*out = v;
	return 0;
}

int risk_parse_long(const char *s, long lo, long hi, long *out)
{
	char *end;
	long v;

	if (!s || !*s || *s == ' ')
		return -1;
	errno = 0;
	v = strtol(s, &end, 10);
	if (*end || errno || v < lo || v > hi)
		return -1;
	*out = v;
	return 0;
}

int risk_as_of(struct shomer_host *host, const char *text, int64_t *out, char **errmsg)
{
	if (!text) {
		*out = risk_api->now(host);
		return SHOMER_OK;
	}
	if (risk_api->parse_time(text, out) != SHOMER_OK)
		return risk_fail(errmsg, SHOMER_ERR,
		                 "--as-of '%s' is not a date (YYYY-MM-DD) or a date and time",
		                 text);
	return SHOMER_OK;
}

int risk_format(const char *s, unsigned allowed, enum shomer_format *fmt, char **errmsg)
{
	static const char *const names[] = {"table", "csv", "json", "geojson"};
	char list[64] = "";
	size_t n = 0;

	if (risk_api->format_parse(s, fmt) == SHOMER_OK && (allowed & (1u << *fmt)))
		return SHOMER_OK;
	for (unsigned i = 0; i < 4; i++)
		if (allowed & (1u << i))
			n += (size_t)snprintf(list + n, sizeof(list) - n, "%s%s", n ? ", " : "",
			                      names[i]);
	return risk_fail(errmsg, SHOMER_ERR, "unknown format '%s' (use %s)", s, list);
}

double risk_clock(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

int risk_usage_error(char **errmsg, int opt, const char *arg)
{
	return shomer_usage_fail(risk_api, errmsg, opt, arg);
}
