/*
 * colgen.h - column generation for the shift problem (shiftprob.h): a
 * lower bound on the objective that no schedule can beat, and a better
 * schedule from the columns it generates.
 *
 * The master problem chooses one whole schedule ("column") per person:
 *
 *   minimise   sum of each chosen schedule's request penalty
 *            + sum over days and shifts of the cover weights times u, o
 *   subject to sum over the chosen schedules working s on d + u - o
 *                = requirement of s on d        (each day and shift)
 *              one schedule per person
 *
 * Its linear relaxation is solved over the columns found so far (GLPK's
 * simplex); the cheapest column each person could add, priced with the
 * cover rows' duals, is found exactly by a shortest path over the days
 * whose states hold everything the hard rules look back on (the last
 * shift, the length of the current run of work or rest, minutes so far,
 * weekends worked, and the count of each shift type with a cap below the
 * horizon).  A schedule the pricing returns keeps every hard rule.
 *
 * Any prices on the cover rows give a lower bound (Lagrangian): the prices
 * times the requirements plus each person's cheapest schedule at those
 * prices.  The pricing uses the relaxation's duals smoothed toward the
 * prices of the best bound so far, which takes fewer rounds; when no
 * column prices out at the duals themselves, the relaxation is optimal
 * over every schedule and the bound is its value.  Dives then hold people
 * to schedules one by one, and neighbourhoods re-solve some people with
 * everyone else held.  Cover rows and the objective are integral, so a
 * schedule whose cost is the bound rounded up is optimal.
 *
 * Where the relaxation is quick to solve, a neighbourhood also searches
 * the freed people's own tree (below), and frees more people while that
 * closes without a saving.  Between turns of neighbourhoods, branch and
 * price searches the relaxation's tree: a node whose relaxation is
 * fractional is split on one person's choice of one day (takes it, or
 * not: the pricing forbids what the branch rules out), and a node whose
 * bound rounded up reaches the best schedule is closed.  When every node is closed, the best schedule is
 * optimal even if the root's bound is below it.  A node's simplex starts
 * from its parent's basis, and columns whose reduced cost at the root is
 * beyond the gap to the best schedule are left out of the relaxation
 * until the pricing asks for them again.
 */
#ifndef GUARDS_COLGEN_H
#define GUARDS_COLGEN_H

#include "rng.h"
#include "shiftprob.h"

struct sp_colgen_opts {
	/* seconds from the start by which the relaxation's column generation
	 * stops, and then the dives for a schedule (0: no dive) */
	double lp_seconds, dive_seconds;
	/* seconds from the start until which neighbourhoods of the best
	 * schedule are re-solved (by the clock only) */
	double lns_seconds;
	double lns_step_seconds; /* the most one neighbourhood may take */
	/* seconds from the start until which branch and price goes on after
	 * the neighbourhoods, while its tree is open (by the clock only) */
	double tree_seconds;
	/* > 0: rounds of pricing per relaxation instead of the clock, so
	 * that a run repeats exactly */
	long max_iterations;
	/* > 0, with max_iterations: after the first dive, this many
	 * neighbourhoods, then this many nodes of branch and price (by count,
	 * not by the clock) */
	long max_neighbourhoods, max_nodes;
	/* where there is a tree, a neighbourhood ends with a branch and price
	 * of its own over the people it frees, of at most this many nodes */
	long sub_nodes;
	/* the last this many people of a dive from the whole relaxation (not
	 * a neighbourhood's) are scheduled exactly (mip.h), rather than by
	 * the relaxation's shares; 0: none */
	int dive_end;
	/* with a tree, each time the best schedule improves, rule out what
	 * only schedules beyond the gap between it and the relaxation do
	 * (reduced-cost fixing) */
	int fix;
	/* draws who is held in the dives after the first; NULL: one dive */
	struct guards_rng *rng;
};

struct sp_colgen_result {
	long bound;    /* no schedule costs less (the bound rounded up); -1: none */
	int converged; /* the relaxation was solved over every schedule */
	long iterations, columns, dives;
	long neighbourhoods, neighbourhoods_better;
	long nodes;     /* branches' relaxations solved */
	long ruled_out; /* choices of a person's day ruled out by reduced cost */
	int improved;   /* x was replaced by a cheaper schedule */
	double best_at; /* seconds from the start when it last was */
	int applicable; /* 0: the problem's rules do not fit the pricing's states */
};

/*
 * x holds a schedule [person * days + day] (any, feasible or not); on
 * return it holds the cheapest schedule keeping every hard rule that the
 * integer master found, when that is cheaper than x (or x broke a rule).
 * 0, or -1 when out of memory.
 */
int sp_colgen(const struct sp_problem *p, int *x, const struct sp_colgen_opts *o,
              struct sp_colgen_result *r);

#endif
