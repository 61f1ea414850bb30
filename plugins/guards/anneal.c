/*
 * anneal.c - see anneal.h.
 */
#include "anneal.h"

#include <math.h>
#include <time.h>

#include "banned.h"

/* The clock is read once every this many moves. */
#define CLOCK_EVERY 0x4000

double anneal_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

long anneal_run(const struct anneal_ops *ops, void *ctx, const struct anneal_params *p,
                struct guards_rng *r)
{
	long budget = p->moves > 1 ? p->moves : 2, m;
	double cool = pow(p->t_end / p->t_start, 1.0 / (double)budget), T = p->t_start;
	double t0 = p->deadline > 0 ? anneal_seconds() : 0;

	for (m = 0; m < p->moves; m++, T *= cool) {
		double delta = 0;
		if (p->deadline > 0 && (m % CLOCK_EVERY) == 0 &&
		    anneal_seconds() - t0 > p->deadline)
			break;
		if (!ops->propose(ctx, r, &delta))
			continue;
		if ((delta <= 0 || guards_rng_unit(r) < exp(-delta / T)) && ops->keep(ctx) == 0) {
			if (ops->kept)
				ops->kept(ctx);
			continue;
		}
		ops->undo(ctx);
	}
	return m;
}
