/*
 * solve.h - the guards solver: simulated annealing over shift assignments
 * (shiftprob.h), with hard rules as heavy penalties that a finished
 * schedule drives to zero; then column generation (colgen.h) for a lower
 * bound and a schedule dived for from its relaxation; then exact re-solves
 * of a few people at a time (mip.h) until the time is up or the schedule
 * meets the bound.
 *
 * The search runs in rounds of a fixed number of moves, each cooling from
 * a fixed temperature and starting from the best schedule so far; the
 * clock is read only between rounds.  So the same seed gives the same
 * schedule for the same number of rounds: a result changes with the time
 * limit only through how many rounds fit in it.
 */
#ifndef GUARDS_SOLVE_H
#define GUARDS_SOLVE_H

#include <stdint.h>

#include "shiftprob.h"

struct sp_solve_opts {
	double time_limit; /* seconds, > 0 */
	uint64_t seed;
	long max_rounds;  /* 0: as many as fit in the time */
	long round_moves; /* 0: a default scaled to the problem */
	long max_mip;     /* exact re-solves after the annealing; 0: until the time */
	/* rounds of pricing per relaxation in the column generation (so that
	 * a run repeats exactly); 0: by the clock */
	long max_pricing;
};

struct sp_solve_result {
	int *x; /* [person * days + day], malloc'd */
	struct sp_score score;
	long rounds;
	long moves;
	long mip_steps, mip_better; /* exact re-solves, and those that improved */
	double seconds;
	double best_at;             /* seconds into the search when the best was found */
	long bound;                 /* no schedule costs less; -1: none found */
	int optimal;                /* the schedule's cost is the bound */
	long cg_rounds, cg_columns; /* column generation's pricing rounds, columns */
	long dives, neighbourhoods, neighbourhoods_better;
	long nodes;     /* branch-and-price nodes solved */
	long ruled_out; /* choices of a person's day ruled out by reduced cost */
};

/* 0, or -1 when out of memory. */
int sp_solve(const struct sp_problem *p, const struct sp_solve_opts *o, struct sp_solve_result *r);

#endif
