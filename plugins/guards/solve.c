/*
 * solve.c - see solve.h.
 *
 * Three moves, each scored by recomputing only the rows it touches (a row
 * is one person's schedule: a few hundred operations) and the cover of the
 * days it touches:
 *   - change: one person's shift on one day (or a day off);
 *   - swap: two people exchange their shifts of one day (cover unchanged);
 *   - block swap: two people exchange two to seven consecutive days.
 * A move is kept when it costs nothing more, or with the Metropolis
 * probability exp(-delta / T) otherwise.  Hard breaches cost HARD_WEIGHT
 * each, which is more than any single request or cover shortfall in the
 * benchmark, so the search leaves an infeasible region as it cools.
 */
#include "solve.h"

#include <glpk.h>

#include "mip.h"
#include "rng.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "banned.h"

#ifndef HARD_WEIGHT
#define HARD_WEIGHT 5000
#endif
#ifndef T_START
#define T_START 150.0
#endif
#ifndef T_END
#define T_END 0.3
#endif
/* The share of the time limit the annealing may take before the exact
 * re-solves, and the most one re-solve may take. */
#ifndef ANNEAL_SHARE
#define ANNEAL_SHARE 0.25
#endif
#define MIP_SECONDS 5.0
#define MIP_NODES   5000
#ifndef WINDOW_COLUMNS
#define WINDOW_COLUMNS 200
#endif
#ifndef MIP_COLUMNS
#define MIP_COLUMNS 200
#endif

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

struct state {
	const struct sp_problem *p;
	int *x;            /* [person * days + day] */
	int *n;            /* [day * shifts + shift]: people on it */
	long *hard, *soft; /* per person */
	long cover;        /* cover penalty */
	long total;        /* soft + cover + HARD_WEIGHT * hard */
	long hard_sum;
};

static long cover_of(const struct sp_problem *p, int d, int s, int n)
{
	const struct sp_cover *c = &p->cover[d * p->n_shifts + s];
	if (n < c->requirement)
		return (long)(c->requirement - n) * c->under_weight;
	return (long)(n - c->requirement) * c->over_weight;
}

static void full_score(struct state *st)
{
	const struct sp_problem *p = st->p;
	const int D = p->days, S = p->n_shifts;

	memset(st->n, 0, (size_t)D * S * sizeof(int));
	st->total = st->cover = st->hard_sum = 0;
	for (int i = 0; i < p->n_people; i++) {
		sp_person_cost(p, i, st->x + (size_t)i * D, &st->hard[i], &st->soft[i]);
		st->total += st->soft[i] + HARD_WEIGHT * st->hard[i];
		st->hard_sum += st->hard[i];
		for (int d = 0; d < D; d++)
			if (st->x[(size_t)i * D + d] >= 0)
				st->n[d * S + st->x[(size_t)i * D + d]]++;
	}
	for (int d = 0; d < D; d++)
		for (int s = 0; s < S; s++)
			st->cover += cover_of(p, d, s, st->n[d * S + s]);
	st->total += st->cover;
}

/* Change of the cover penalty when day d loses shift a and gains b. */
static long cover_delta(const struct state *st, int d, int a, int b)
{
	const struct sp_problem *p = st->p;
	const int S = p->n_shifts;
	long delta = 0;

	if (a == b)
		return 0;
	if (a >= 0)
		delta += cover_of(p, d, a, st->n[d * S + a] - 1) -
		         cover_of(p, d, a, st->n[d * S + a]);
	if (b >= 0)
		delta += cover_of(p, d, b, st->n[d * S + b] + 1) -
		         cover_of(p, d, b, st->n[d * S + b]);
	return delta;
}

static void row_cost(const struct state *st, int i, long *h, long *s)
{
	sp_person_cost(st->p, i, st->x + (size_t)i * st->p->days, h, s);
}

/* One move, kept or undone; returns whether it was kept. */
static int try_move(struct state *st, struct guards_rng *r, double T)
{
	const struct sp_problem *p = st->p;
	const int D = p->days, S = p->n_shifts, P = p->n_people;
	unsigned kind = guards_rng_below(r, 10);
	long h1, s1, h2 = 0, s2 = 0, delta;

	if (kind < 5 || P < 2) {
		/* change */
		int i = (int)guards_rng_below(r, (unsigned)P),
		    d = (int)guards_rng_below(r, (unsigned)D);
		int *cell = &st->x[(size_t)i * D + d], a = *cell;
		int b = (int)guards_rng_below(r, (unsigned)S + 1) - 1;
		if (b == a || (b >= 0 && p->people[i].day_off[d]))
			return 0;
		long dc = cover_delta(st, d, a, b);
		*cell = b;
		row_cost(st, i, &h1, &s1);
		delta = (s1 - st->soft[i]) + HARD_WEIGHT * (h1 - st->hard[i]) + dc;
		if (delta <= 0 || guards_rng_unit(r) < exp(-(double)delta / T)) {
			if (a >= 0)
				st->n[d * S + a]--;
			if (b >= 0)
				st->n[d * S + b]++;
			st->hard_sum += h1 - st->hard[i];
			st->hard[i] = h1;
			st->soft[i] = s1;
			st->cover += dc;
			st->total += delta;
			return 1;
		}
		*cell = a;
		return 0;
	}
	/* swap one day (kind 5-7) or a block of days (8-9) between two people */
	int i = (int)guards_rng_below(r, (unsigned)P),
	    j = (int)guards_rng_below(r, (unsigned)P - 1);
	if (j >= i)
		j++;
	int len = kind < 8 ? 1 : 2 + (int)guards_rng_below(r, 6);
	if (len > D)
		len = D;
	int d0 = (int)guards_rng_below(r, (unsigned)(D - len + 1)), same = 1;
	int *xi = st->x + (size_t)i * D, *xj = st->x + (size_t)j * D;
	for (int d = d0; d < d0 + len; d++) {
		if (xi[d] != xj[d])
			same = 0;
		if ((xj[d] >= 0 && p->people[i].day_off[d]) ||
		    (xi[d] >= 0 && p->people[j].day_off[d]))
			return 0;
	}
	if (same)
		return 0;
	for (int d = d0; d < d0 + len; d++) {
		int t = xi[d];
		xi[d] = xj[d];
		xj[d] = t;
	}
	row_cost(st, i, &h1, &s1);
	row_cost(st, j, &h2, &s2);
	delta = (s1 - st->soft[i]) + (s2 - st->soft[j]) +
	        HARD_WEIGHT * ((h1 - st->hard[i]) + (h2 - st->hard[j]));
	if (delta <= 0 || guards_rng_unit(r) < exp(-(double)delta / T)) {
		st->hard_sum += (h1 - st->hard[i]) + (h2 - st->hard[j]);
		st->hard[i] = h1;
		st->soft[i] = s1;
		st->hard[j] = h2;
		st->soft[j] = s2;
		st->total += delta;
		return 1;
	}
	for (int d = d0; d < d0 + len; d++) {
		int t = xi[d];
		xi[d] = xj[d];
		xj[d] = t;
	}
	return 0;
}

/* How many people an exact re-solve frees: about MIP_COLUMNS shift columns. */
static int mip_people(const struct sp_problem *p)
{
	int k = MIP_COLUMNS / (p->days * p->n_shifts);
	if (k < 2)
		k = 2;
	if (k > 4)
		k = 4; /* GLPK's time grows about tenfold with each person more */
	if (k > p->n_people)
		k = p->n_people;
	return k;
}

/* A day drawn with probability in proportion to its cover penalty in
 * schedule x; -1 when no day has any. */
static int costly_day(const struct sp_problem *p, const int *x, struct guards_rng *g)
{
	const int D = p->days, S = p->n_shifts;
	long total = 0, *cost = calloc((size_t)D, sizeof(long));
	int *n = calloc((size_t)D * S, sizeof(int)), day = -1;

	if (!cost || !n) {
		free(cost);
		free(n);
		return -1;
	}
	for (int i = 0; i < p->n_people; i++)
		for (int d = 0; d < D; d++)
			if (x[(size_t)i * D + d] >= 0)
				n[d * S + x[(size_t)i * D + d]]++;
	for (int d = 0; d < D; d++) {
		for (int s = 0; s < S; s++)
			cost[d] += cover_of(p, d, s, n[d * S + s]);
		total += cost[d];
	}
	if (total > 0) {
		double u = guards_rng_unit(g) * (double)total;
		for (day = 0; day < D - 1 && u >= (double)cost[day]; day++)
			u -= (double)cost[day];
	}
	free(cost);
	free(n);
	return day;
}

/* Days freed for everyone at once: about WINDOW_COLUMNS shift columns,
 * one to seven days. */
static int window_days(const struct sp_problem *p)
{
	int w = WINDOW_COLUMNS / (p->n_people * p->n_shifts);
	if (w < 1)
		w = 1;
	if (w > 7)
		w = 7;
	if (w > p->days)
		w = p->days;
	return w;
}

/* Exact re-solves of k people drawn at random, until the time or the
 * count runs out; best is improved in place.  0, or -1 out of memory. */
static int improve(const struct sp_problem *p, const struct sp_solve_opts *o, struct guards_rng *g,
                   int *best, struct sp_solve_result *r, double t0, double *best_at)
{
	const size_t cells = (size_t)p->n_people * p->days;
	int *x = malloc(cells * sizeof(int)), *freed = malloc((size_t)p->n_people * sizeof(int));
	int k = mip_people(p), rc = 0;
	struct sp_score cur;

	if (!x || !freed) {
		free(x);
		free(freed);
		return -1;
	}
	sp_evaluate(p, best, &cur);
	while ((o->max_mip == 0 || r->mip_steps < o->max_mip) && now() - t0 < o->time_limit) {
		for (int i = 0; i < p->n_people; i++)
			freed[i] = i;
		int first = 0, n_free = k, d0 = 0, d1 = p->days - 1;
		if (cur.hard > 0) {
			/* while a rule is broken, free someone who breaks one */
			for (int i = 0; i < p->n_people; i++) {
				long h, sf;
				sp_person_cost(p, i, best + (size_t)i * p->days, &h, &sf);
				if (h > 0) {
					freed[i] = 0;
					freed[0] = i;
					first = 1;
					break;
				}
			}
		} else if (r->mip_steps % 2 == 1) {
			/* every other re-solve: everyone, over a few days, so that
			 * the cover of those days can be shared out afresh */
			n_free = p->n_people;
			int w = window_days(p);
			d0 = (int)guards_rng_below(g, (unsigned)(p->days - w + 1));
			/* half of those around a day drawn by how much its cover
			 * costs now: the re-solve goes where the roster falls short */
			int day = r->mip_steps % 4 == 1 ? costly_day(p, best, g) : -1;
			if (day >= 0) {
				d0 = day - (int)guards_rng_below(g, (unsigned)w);
				if (d0 < 0)
					d0 = 0;
				if (d0 > p->days - w)
					d0 = p->days - w;
			}
			d1 = d0 + w - 1;
		}
		for (int i = first; i < k && n_free == k; i++) {
			int j = i + (int)guards_rng_below(g, (unsigned)(p->n_people - i)),
			    t = freed[i];
			freed[i] = freed[j];
			freed[j] = t;
		}
		double left = o->time_limit - (now() - t0);
		int proven = 0;
		memcpy(x, best, cells * sizeof(int));
		int nodes = 0;
		int got = sp_mip_reoptimise(p, x, freed, n_free, d0, d1,
		                            left < MIP_SECONDS ? left : MIP_SECONDS, MIP_NODES,
		                            &nodes, &proven);
		r->mip_steps++;
		if (got < 0) {
			rc = -1;
			break;
		}
		if (got == 1) {
			struct sp_score s;
			sp_evaluate(p, x, &s);
			/* equal cost is taken too: it moves the search on */
			if (s.hard < cur.hard || (s.hard == cur.hard && s.soft <= cur.soft)) {
				if (s.hard < cur.hard || s.soft < cur.soft) {
					r->mip_better++;
					*best_at = now() - t0;
				}
				memcpy(best, x, cells * sizeof(int));
				cur = s;
			}
		}
	}
	free(x);
	free(freed);
	return rc;
}

/* Whether a is better than b: feasibility first, then the objective. */
static int better(long hard_a, long total_a, long hard_b, long total_b)
{
	if ((hard_a == 0) != (hard_b == 0))
		return hard_a == 0;
	return total_a < total_b;
}

int sp_solve(const struct sp_problem *p, const struct sp_solve_opts *o, struct sp_solve_result *r)
{
	const size_t cells = (size_t)p->n_people * p->days;
	struct state st = {.p = p};
	struct guards_rng g;
	uint64_t seed = o->seed;
	int *best = malloc(cells * sizeof(int));
	long best_total, best_hard, rounds = 0, moves = 0;
	long per_round = o->round_moves > 0 ? o->round_moves : 200000 + 2000L * (long)cells;
	double t0 = now(), best_at = 0;

	memset(r, 0, sizeof(*r));
	glp_term_out(GLP_OFF);
	st.x = malloc(cells * sizeof(int));
	st.n = malloc((size_t)p->days * p->n_shifts * sizeof(int));
	st.hard = malloc((size_t)p->n_people * sizeof(long));
	st.soft = malloc((size_t)p->n_people * sizeof(long));
	if (!best || !st.x || !st.n || !st.hard || !st.soft) {
		free(best);
		free(st.x);
		free(st.n);
		free(st.hard);
		free(st.soft);
		return -1;
	}
	guards_rng_seed(&g, seed);
	for (size_t c = 0; c < cells; c++)
		st.x[c] = SP_OFF;
	full_score(&st);
	memcpy(best, st.x, cells * sizeof(int));
	best_total = st.total;
	best_hard = st.hard_sum;

	do {
		/* each round cools from T_START to T_END, from the best so far */
		memcpy(st.x, best, cells * sizeof(int));
		full_score(&st);
		double cool = pow(T_END / T_START, 1.0 / (double)per_round), T = T_START;
		for (long m = 0; m < per_round; m++, T *= cool) {
			try_move(&st, &g, T);
			if (better(st.hard_sum, st.total, best_hard, best_total)) {
				memcpy(best, st.x, cells * sizeof(int));
				best_total = st.total;
				best_hard = st.hard_sum;
				best_at = now() - t0;
			}
		}
		moves += per_round;
		rounds++;
	} while ((o->max_rounds == 0 || rounds < o->max_rounds) &&
	         now() - t0 < o->time_limit * ANNEAL_SHARE);

	/* Then exact re-solves of a few people at a time around the best
	 * schedule, everyone else fixed: each keeps the freed people's hard
	 * rules, never costs more, and takes the schedule where single moves
	 * cannot.  While a rule is still broken, each frees someone who
	 * breaks one, so the re-solves repair first. */
	if (improve(p, o, &g, best, r, t0, &best_at) < 0) {
		free(best);
		best = NULL;
	}

	free(st.x);
	free(st.n);
	free(st.hard);
	free(st.soft);
	if (!best)
		return -1;
	r->x = best;
	sp_evaluate(p, best, &r->score);
	r->rounds = rounds;
	r->moves = moves;
	r->seconds = now() - t0;
	r->best_at = best_at;
	return 0;
}
