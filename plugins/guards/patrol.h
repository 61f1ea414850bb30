/*
 * patrol.h - how often patrols should visit each site, and concrete routes
 * that visit them that often.
 *
 * The coverage is the defender's optimal strategy in a Stackelberg
 * security game (Kiekintveld et al., "Computing optimal randomized resource
 * allocations for massive security games", AAMAS 2009): an attacker who
 * observes how often each site is visited picks the site where his
 * expected gain is highest; a site's value v is what he gains there
 * unvisited, and nothing when a patrol is there.  Coverage c (the chance
 * that a patrol visits the site in a given hour) leaves him (1 - c) v.
 * ORIGAMI lowers the best of these as far as the patrols allow: the most
 * valuable sites are covered so that each leaves him the same amount L,
 * every other site is worth at most L to him, and the coverage adds up to
 * the visits the patrols can make in an hour.
 *
 * Routes: each hour, the sites to visit are drawn by systematic sampling,
 * which visits every site with exactly its coverage as probability and
 * visits as many sites as the coverage adds up to (rounded up or down);
 * each unit then takes the nearest of the drawn sites in turn.
 *
 * Pure C, no host: the unit tests use it directly.
 */
#ifndef GUARDS_PATROL_H
#define GUARDS_PATROL_H

#include <stddef.h>
#include <stdint.h>

#include "rng.h"

/*
 * ORIGAMI: coverage c[i] in [0, 1] for n targets of value v[i] >= 0 with
 * `resources` visits an hour in all (sum of c <= resources).  Returns the
 * attacker's best expected gain L afterwards (0 when every target of
 * value is covered fully).
 */
double patrol_coverage(const double *v, size_t n, double resources, double *c);

/*
 * Systematic sampling: chosen[i] = 1 for the targets drawn, with
 * probability exactly c[i] each, given u uniform in [0, 1).  Returns how
 * many were drawn (floor or ceiling of the sum of c).
 */
size_t patrol_draw(const double *c, size_t n, double u, unsigned char *chosen);

struct patrol_stop {
	int unit;
	int hour; /* the hour of the plan it was drawn for, from 0 */
	size_t site;
	double arrive, depart; /* minutes from the plan's start */
};

struct patrol_plan {
	struct patrol_stop *stops; /* by unit, then in order of visit */
	size_t n_stops;
	double *back; /* per unit: minutes from the start when it is back at base */
	double km;    /* driven in all */
};

struct patrol_params {
	int units;
	int hours;
	double speed_kmh;
	double dwell_min;
	double base_x, base_y; /* metres */
	uint64_t seed;
};

/*
 * A plan for sites at (x[i], y[i]) metres with coverage c: each hour, a
 * draw (patrol_draw); the drawn sites shared out among the units, each
 * going next to the nearest drawn site not yet taken from where it is (the
 * units take turns); every unit starts and ends at the base.  0, or -1
 * out of memory.
 */
int patrol_plan(const double *x, const double *y, const double *c, size_t n,
                const struct patrol_params *pp, struct patrol_plan *plan);
void patrol_plan_release(struct patrol_plan *plan);

/*
 * Visits an hour a unit can make: 60 / (dwell + the mean travel time to a
 * site's nearest neighbour), at least 1.
 */
double patrol_visits_per_hour(const double *x, const double *y, size_t n, double speed_kmh,
                              double dwell_min);

#endif
