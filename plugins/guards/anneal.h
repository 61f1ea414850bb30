/*
 * anneal.h - the guards plugin's search core: simulated annealing with
 * the Metropolis rule over a fixed budget of moves, cooling geometrically
 * from one temperature to another.  The roster (roster.c) and the
 * benchmark solver (solve.c) both search with it; each supplies its own
 * moves and costs through anneal_ops.  Pure C.
 *
 * One move: propose() draws a move from the random numbers and makes it
 * tentatively, giving the change of cost; a move that costs nothing more
 * is kept, a dearer one with probability exp(-delta / T), drawn from the
 * same random numbers; keep() then makes it final (or refuses it, as when
 * memory runs out) and undo() puts things back.  A proposal may also find
 * nothing to try, and the budget goes on: the same seed and budget give
 * the same search on any machine.
 */
#ifndef GUARDS_ANNEAL_H
#define GUARDS_ANNEAL_H

#include "rng.h"

struct anneal_ops {
	/* 1 with *delta set when a move is made tentatively; 0 when there is
	 * nothing to try (nothing to undo) */
	int (*propose)(void *ctx, struct guards_rng *r, double *delta);
	/* 0 when the move stands; -1 refuses it (undo follows) */
	int (*keep)(void *ctx);
	void (*undo)(void *ctx);
	/* after each kept move, when not NULL (the caller's best so far) */
	void (*kept)(void *ctx);
};

struct anneal_params {
	long moves;            /* the budget, at least 1 */
	double t_start, t_end; /* temperatures, in units of cost; t_end > 0 */
	double deadline;       /* seconds from the start, checked now and then; 0: none */
};

/* Runs the moves on ctx; returns how many were drawn (the budget, unless
 * the deadline came first). */
long anneal_run(const struct anneal_ops *ops, void *ctx, const struct anneal_params *p,
                struct guards_rng *r);

/* Seconds on the monotonic clock: what every deadline of the guards
 * searches is measured on. */
double anneal_seconds(void);

#endif
