/*
 * roster.h - who guards which shift: the demand's slots (a shift needing
 * three guards has three, the first of them for a team leader when the
 * posture asks for one) filled from the guards who may take them.
 *
 * Hard, never broken: the guard is available for the whole shift (a weekly
 * window holds it, no dated absence covers its day), holds the slot's
 * qualification, is not barred from the site, can get from the previous
 * shift to this one (travel at the given speed) with at least their
 * minimum rest between, and stays within their maximum hours in each
 * week (Monday to Sunday).
 *
 * Soft, weighted (the penalty is their sum; docs/guards.md):
 *   unfilled    UNFILLED_PER_HOUR x the shift's hours x the site's weight
 *               (1 + risk.score / 20, or 1 with no score)
 *   travel      per km, home to site and back
 *   fairness    per hour squared of each guard's total: spreads the hours
 *   preference  per shift at a site the guard does not prefer, for guards
 *               who named preferred sites
 *   continuity  per site a guard serves beyond their first
 *
 * Greedy construction, then simulated annealing over reassignments, with
 * a fixed budget of moves for a seed: the same seed gives the same roster
 * (unless the time limit cuts the search short).
 *
 * Pure C, no host.
 */
#ifndef GUARDS_ROSTER_H
#define GUARDS_ROSTER_H

#include <stddef.h>
#include <stdint.h>

#define ROSTER_Q_SIA    1u
#define ROSTER_Q_FIRST  2u
#define ROSTER_Q_LEADER 4u

struct roster_window {
	int a, b; /* minutes from Monday 00:00 local, [a, b); b may exceed a week */
};

struct roster_guard {
	double x, y; /* home, projected metres */
	unsigned quals;
	double max_hours; /* a week */
	double min_rest;  /* hours between shifts */
	struct roster_window *windows;
	size_t n_windows;
	int64_t *absent; /* pairs of local day numbers [from, to] */
	size_t n_absent;
	int *prefers, *never; /* site indexes */
	size_t n_prefers, n_never;
};

struct roster_shift {
	int site; /* index into the caller's sites */
	double x, y;
	int64_t start, end; /* UTC seconds */
	int week_min;       /* local start, minutes from Monday 00:00 */
	int minutes;        /* length */
	int64_t day;        /* local day number of its start */
	int week;           /* index of its week (Monday-based) in the period */
	int guards;
	int team_leader;
	double weight; /* the site's: 1 + risk.score / 20 */
};

struct roster_params {
	double speed_kmh;  /* travel between sites */
	double reach_km;   /* a guard is not asked further from home */
	double time_limit; /* seconds */
	uint64_t seed;
	long moves; /* 0: a default from the size */
};

enum roster_reason {
	ROSTER_FILLED = 0,
	ROSTER_NO_QUALIFIED, /* nobody in reach holds the qualification */
	ROSTER_NO_AVAILABLE, /* qualified people in reach, none free then */
	ROSTER_CONFLICTS     /* available people, all busy or at their hours */
};

struct roster_slot {
	int shift;
	int lead;  /* needs a team leader */
	int guard; /* -1: unfilled */
	enum roster_reason reason;
};

struct roster_result {
	struct roster_slot *slots;
	size_t n_slots;
	/* penalty by component */
	double unfilled, travel, fairness, preference, continuity, total;
	double *hours; /* per guard */
	long moves;
	double seconds;
};

int roster_solve(const struct roster_guard *g, size_t n_guards, const struct roster_shift *s,
                 size_t n_shifts, const struct roster_params *p, struct roster_result *r);
void roster_result_release(struct roster_result *r);

/* The weights, for the documentation and the output's explanation. */
#define ROSTER_UNFILLED_PER_HOUR 100.0
#define ROSTER_PER_KM            1.0
#define ROSTER_PER_HOUR2         0.05
#define ROSTER_NOT_PREFERRED     5.0
#define ROSTER_PER_EXTRA_SITE    3.0

#endif
