/*
 * mip.h - an exact model of part of a roster, solved with GLPK: some
 * people are freed, everyone else keeps their shifts, and the integer
 * program finds the best schedules for the freed people given the others
 * (every hard rule as a constraint, every request and cover shortfall in
 * the objective).  The solver uses it as a large-neighbourhood move.
 */
#ifndef GUARDS_MIP_H
#define GUARDS_MIP_H

#include "shiftprob.h"

/* The limits the solver gives each re-solve: enough for a few people's
 * whole schedules, or everyone's over a few days. */
#define SP_MIP_SECONDS 5.0
#define SP_MIP_NODES   5000

/*
 * Re-solves the schedules of the n people in `freed` (indexes) within x on
 * days d0..d1 (their other days, and everyone else, as they are), in at
 * most `seconds` and, when node_limit > 0, at most about that many
 * branch-and-bound nodes (*nodes: how many it took).  On a feasible
 * result, writes it into x and returns 1; returns 0 when GLPK found no
 * schedule (none exists, or not within the limits), leaving x as it was;
 * -1 when out of memory.  *proven is set to 1 when GLPK proved the result
 * optimal.
 */
int sp_mip_reoptimise(const struct sp_problem *p, int *x, const int *freed, int n, int d0, int d1,
                      double seconds, int node_limit, int *nodes, int *proven);

#endif
