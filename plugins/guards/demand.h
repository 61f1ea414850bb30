/*
 * demand.h - the guards a period needs: every site's weekly sessions and
 * every event in the period, in Europe/London local time (right across
 * the clock changes), each with the guards the posture table asks for at
 * the threat level in force for the site's region.
 */
#ifndef GUARDS_DEMAND_H
#define GUARDS_DEMAND_H

#include <stdint.h>

#include "guards.h"

struct guards_shift {
	char site[65];
	char *site_name, *kind, *region, *label;
	char date[11];          /* local date it starts */
	int start_min, end_min; /* local, as written; end <= start runs past midnight */
	int64_t start, end;     /* UTC seconds */
	int attendance;
	int threat;      /* 1 low .. 5 critical, in force for the region */
	int guards;      /* needed */
	int team_leader; /* one of them must be a team leader */
	double x, y;     /* the site, projected metres */
	int from_event;  /* 0: a weekly session */
};

struct guards_demand {
	struct guards_shift *v;
	size_t n, a;
	int default_posture; /* no <posture> imported: docs/guards.md's table */
};

/*
 * The demand from local date `from` to `to` inclusive ("YYYY-MM-DD"), for
 * one region or all (region NULL), in order of start.  SHOMER_OK or
 * SHOMER_ERR with *errmsg.
 */
int guards_demand_build(struct shomer_host *host, const char *from, const char *to,
                        const char *region, struct guards_demand *d, char **errmsg);
void guards_demand_release(struct guards_demand *d);

/* Days since 1970-01-01 of a local date "YYYY-MM-DD" (1970-01-01, day 0,
 * was a Thursday). */
int64_t guards_day_number(const char *d);

#endif
