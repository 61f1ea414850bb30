/*
 * solve.c - see solve.h.
 *
 * Three moves, each scored by recomputing only the rows it touches (a row
 * is one person's schedule: a few hundred operations) and the cover of the
 * days it touches:
 *   - change: one person's shift on one day (or a day off);
 *   - swap: two people exchange their shifts of one day (cover unchanged);
 *   - block swap: two people exchange two to seven consecutive days.
 * The annealing itself (which moves are kept, and the cooling) is
 * anneal.c's, the roster's search core.  Hard breaches cost HARD_WEIGHT
 * each, which is more than any single request or cover shortfall in the
 * benchmark, so the search leaves an infeasible region as it cools.
 */
#include "solve.h"

#include <glpk.h>

#include "anneal.h"
#include "colgen.h"
#include "mip.h"
#include "rng.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

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
#define ANNEAL_SHARE 0.05
#endif
/* The share of the time by which column generation's relaxation, then
 * its dives, then its neighbourhoods are to be done. */
#ifndef RELAX_SHARE
#define RELAX_SHARE 0.35
#endif
#ifndef DIVE_SHARE
#define DIVE_SHARE 0.75
#endif
#ifndef LNS_STEP
#define LNS_STEP 0.05
#endif
#ifndef LNS_UNTIL
#define LNS_UNTIL 0.92
#endif
#ifndef TREE_UNTIL
#define TREE_UNTIL 1.0
#endif
/* the most nodes of a neighbourhood's own branch and price */
#ifndef SUB_NODES
#define SUB_NODES 100
#endif
/* the people a dive leaves to be scheduled exactly */
#ifndef DIVE_END
#define DIVE_END 3
#endif
#ifndef WINDOW_COLUMNS
#define WINDOW_COLUMNS 200
#endif
#ifndef MIP_COLUMNS
#define MIP_COLUMNS 200
#endif

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

/* The move made tentatively by propose(), for keep() or undo(). */
struct move {
	int swap;    /* 0: a change of one cell; 1: a swap of days */
	int i, j;    /* the person (and the other, for a swap) */
	int d, a, b; /* change: the day, the old shift and the new */
	int d0, len; /* swap: the days */
	long h1, s1, h2, s2, dc, delta;
};

struct search {
	struct state *st;
	struct move mv;
	/* the best schedule so far, kept up to date after each kept move */
	int *best;
	long best_total, best_hard;
	double t0, best_at;
};

static void swap_days(struct state *st, const struct move *mv)
{
	const int D = st->p->days;
	int *xi = st->x + (size_t)mv->i * D, *xj = st->x + (size_t)mv->j * D;

	for (int d = mv->d0; d < mv->d0 + mv->len; d++) {
		int t = xi[d];
		xi[d] = xj[d];
		xj[d] = t;
	}
}

/* One move drawn and made tentatively (anneal.h). */
static int propose(void *ctx, struct guards_rng *r, double *delta)
{
	struct search *se = ctx;
	struct state *st = se->st;
	struct move *mv = &se->mv;
	const struct sp_problem *p = st->p;
	const int D = p->days, S = p->n_shifts, P = p->n_people;
	unsigned kind = guards_rng_below(r, 10);

	if (kind < 5 || P < 2) {
		/* change */
		mv->swap = 0;
		mv->i = (int)guards_rng_below(r, (unsigned)P);
		mv->d = (int)guards_rng_below(r, (unsigned)D);
		int *cell = &st->x[(size_t)mv->i * D + mv->d];
		mv->a = *cell;
		mv->b = (int)guards_rng_below(r, (unsigned)S + 1) - 1;
		if (mv->b == mv->a || (mv->b >= 0 && p->people[mv->i].day_off[mv->d]))
			return 0;
		mv->dc = cover_delta(st, mv->d, mv->a, mv->b);
		*cell = mv->b;
		row_cost(st, mv->i, &mv->h1, &mv->s1);
		mv->delta = (mv->s1 - st->soft[mv->i]) + HARD_WEIGHT * (mv->h1 - st->hard[mv->i]) +
		            mv->dc;
		*delta = (double)mv->delta;
		return 1;
	}
	/* swap one day (kind 5-7) or a block of days (8-9) between two people */
	mv->swap = 1;
	mv->i = (int)guards_rng_below(r, (unsigned)P);
	mv->j = (int)guards_rng_below(r, (unsigned)P - 1);
	if (mv->j >= mv->i)
		mv->j++;
	mv->len = kind < 8 ? 1 : 2 + (int)guards_rng_below(r, 6);
	if (mv->len > D)
		mv->len = D;
	mv->d0 = (int)guards_rng_below(r, (unsigned)(D - mv->len + 1));
	int same = 1;
	const int *xi = st->x + (size_t)mv->i * D, *xj = st->x + (size_t)mv->j * D;
	for (int d = mv->d0; d < mv->d0 + mv->len; d++) {
		if (xi[d] != xj[d])
			same = 0;
		if ((xj[d] >= 0 && p->people[mv->i].day_off[d]) ||
		    (xi[d] >= 0 && p->people[mv->j].day_off[d]))
			return 0;
	}
	if (same)
		return 0;
	swap_days(st, mv);
	row_cost(st, mv->i, &mv->h1, &mv->s1);
	row_cost(st, mv->j, &mv->h2, &mv->s2);
	mv->delta = (mv->s1 - st->soft[mv->i]) + (mv->s2 - st->soft[mv->j]) +
	            HARD_WEIGHT * ((mv->h1 - st->hard[mv->i]) + (mv->h2 - st->hard[mv->j]));
	*delta = (double)mv->delta;
	return 1;
}

static int keep(void *ctx)
{
	struct search *se = ctx;
	struct state *st = se->st;
	const struct move *mv = &se->mv;
	const int S = st->p->n_shifts;

	if (!mv->swap) {
		if (mv->a >= 0)
			st->n[mv->d * S + mv->a]--;
		if (mv->b >= 0)
			st->n[mv->d * S + mv->b]++;
		st->cover += mv->dc;
	} else {
		/* a swap leaves the cover as it was */
		st->hard_sum += mv->h2 - st->hard[mv->j];
		st->hard[mv->j] = mv->h2;
		st->soft[mv->j] = mv->s2;
	}
	st->hard_sum += mv->h1 - st->hard[mv->i];
	st->hard[mv->i] = mv->h1;
	st->soft[mv->i] = mv->s1;
	st->total += mv->delta;
	return 0;
}

/* Whether a is better than b: feasibility first, then the objective. */
static int better(long hard_a, long total_a, long hard_b, long total_b)
{
	if ((hard_a == 0) != (hard_b == 0))
		return hard_a == 0;
	return total_a < total_b;
}

/* After each kept move: the best schedule so far. */
static void kept(void *ctx)
{
	struct search *se = ctx;
	const struct state *st = se->st;

	if (better(st->hard_sum, st->total, se->best_hard, se->best_total)) {
		memcpy(se->best, st->x, (size_t)st->p->n_people * st->p->days * sizeof(int));
		se->best_total = st->total;
		se->best_hard = st->hard_sum;
		se->best_at = anneal_seconds() - se->t0;
	}
}

static void undo(void *ctx)
{
	struct search *se = ctx;
	const struct move *mv = &se->mv;

	if (!mv->swap)
		se->st->x[(size_t)mv->i * se->st->p->days + mv->d] = mv->a;
	else
		swap_days(se->st, mv);
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
	while ((o->max_mip == 0 || r->mip_steps < o->max_mip) &&
	       anneal_seconds() - t0 < o->time_limit &&
	       !(cur.hard == 0 && r->bound >= 0 && cur.soft <= r->bound)) {
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
		double left = o->time_limit - (anneal_seconds() - t0);
		int proven = 0;
		memcpy(x, best, cells * sizeof(int));
		int nodes = 0;
		int got = sp_mip_reoptimise(p, x, freed, n_free, d0, d1,
		                            left < SP_MIP_SECONDS ? left : SP_MIP_SECONDS,
		                            SP_MIP_NODES, &nodes, &proven);
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
					*best_at = anneal_seconds() - t0;
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

int sp_solve(const struct sp_problem *p, const struct sp_solve_opts *o, struct sp_solve_result *r)
{
	const size_t cells = (size_t)p->n_people * p->days;
	struct state st = {.p = p};
	struct guards_rng g;
	uint64_t seed = o->seed;
	int *best = malloc(cells * sizeof(int));
	long rounds = 0, moves = 0;
	long per_round = o->round_moves > 0 ? o->round_moves : 200000 + 2000L * (long)cells;
	double t0 = anneal_seconds();
	struct search se = {.st = &st, .best = best, .t0 = t0};
	static const struct anneal_ops ops = {propose, keep, undo, kept};
	const struct anneal_params ap = {.moves = per_round, .t_start = T_START, .t_end = T_END};

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
	se.best_total = st.total;
	se.best_hard = st.hard_sum;

	do {
		/* each round cools from T_START to T_END, from the best so far */
		memcpy(st.x, best, cells * sizeof(int));
		full_score(&st);
		moves += anneal_run(&ops, &se, &ap, &g);
		rounds++;
	} while ((o->max_rounds == 0 || rounds < o->max_rounds) &&
	         anneal_seconds() - t0 < o->time_limit * ANNEAL_SHARE);

	/* Then column generation: a lower bound, and a schedule dived for
	 * from the relaxation when it beats the annealing's. */
	struct sp_colgen_opts co = {
	        .lp_seconds = o->time_limit * RELAX_SHARE - (anneal_seconds() - t0),
	        .dive_seconds = o->time_limit * DIVE_SHARE - (anneal_seconds() - t0),
	        .lns_seconds = o->time_limit * LNS_UNTIL - (anneal_seconds() - t0),
	        .lns_step_seconds = o->time_limit * LNS_STEP,
	        .tree_seconds = o->time_limit * TREE_UNTIL - (anneal_seconds() - t0),
	        .fix = 1,
	        .sub_nodes = SUB_NODES,
	        .dive_end = DIVE_END,
	        .max_iterations = o->max_pricing,
	        .rng = &g,
	};
	struct sp_colgen_result cr;
	r->bound = -1;
	if (co.max_iterations > 0 || co.lp_seconds > 0) {
		if (co.dive_seconds <= 0)
			co.dive_seconds = 1e-3;
		double cg_start = anneal_seconds() - t0;
		if (sp_colgen(p, best, &co, &cr) < 0) {
			free(best);
			best = NULL;
		} else {
			r->bound = cr.bound;
			r->cg_rounds = cr.iterations;
			r->cg_columns = cr.columns;
			r->dives = cr.dives;
			r->neighbourhoods = cr.neighbourhoods;
			r->neighbourhoods_better = cr.neighbourhoods_better;
			r->nodes = cr.nodes;
			r->ruled_out = cr.ruled_out;
			if (cr.improved)
				se.best_at = cg_start + cr.best_at;
		}
	}

	/* Then exact re-solves of a few people at a time around the best
	 * schedule, everyone else fixed: each keeps the freed people's hard
	 * rules, never costs more, and takes the schedule where single moves
	 * cannot.  While a rule is still broken, each frees someone who
	 * breaks one, so the re-solves repair first.  A schedule at the
	 * bound is optimal: nothing is left to gain. */
	if (best) {
		struct sp_score s;
		sp_evaluate(p, best, &s);
		if (!(s.hard == 0 && r->bound >= 0 && s.soft <= r->bound) &&
		    improve(p, o, &g, best, r, t0, &se.best_at) < 0) {
			free(best);
			best = NULL;
		}
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
	r->seconds = anneal_seconds() - t0;
	r->best_at = se.best_at;
	r->optimal = r->score.hard == 0 && r->bound >= 0 && r->score.soft <= r->bound;
	return 0;
}
