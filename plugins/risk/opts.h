/*
 * opts.h - small helpers the commands share: error text, strict number
 * parsing, --as-of and --format.
 */
#ifndef RISK_OPTS_H
#define RISK_OPTS_H

#include <stdint.h>

#include "risk.h"

/* Strict numbers: the whole string, finite, within [lo, hi]; 0 or -1. */
int risk_parse_double(const char *s, double lo, double hi, double *out);
int risk_parse_long(const char *s, long lo, long hi, long *out);

/*
 * The as-of instant: `text` parsed by the host (a date alone is local
 * midnight, Europe/London), or the host's now() when text is NULL.
 * SHOMER_OK, or SHOMER_ERR with *errmsg naming the text.
 */
int risk_as_of(struct shomer_host *host, const char *text, int64_t *out, char **errmsg);

/*
 * Parses a --format value and checks it is one of `allowed` (a mask of
 * 1 << SHOMER_FMT_*).  SHOMER_OK, or SHOMER_ERR with *errmsg.
 */
int risk_format(const char *s, unsigned allowed, enum shomer_format *fmt, char **errmsg);

/* Seconds on the monotonic clock, for the timings the debug log shows. */
double risk_clock(void);

/* "unknown option", "missing argument" ... for getopt's '?' and ':'. */
int risk_usage_error(char **errmsg, int opt, const char *arg);

#endif /* RISK_OPTS_H */
