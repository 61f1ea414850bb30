/*
 * scorer.h - incident pressure and near-repeat weight at any point, for
 * one as-of date: the incidents' terms computed once, indexed once (the
 * pressure in a tree under a grid of cell = cut-off radius, tree.h; the
 * near-repeat incidents in a grid of cell = near-repeat radius, grid.h),
 * then evaluated at as many points as needed, on two threads.  Pure:
 * nothing here calls the host, so tests use it directly.
 */
#ifndef RISK_SCORER_H
#define RISK_SCORER_H

#include <stddef.h>
#include <stdint.h>

#include "engine.h"
#include "grid.h"
#include "model.h"
#include "params.h"
#include "tree.h"

struct risk_scorer {
	struct risk_params p;
	int64_t as_of;
	struct risk_kconst k;
	const struct risk_incset *set; /* borrowed: must outlive the scorer */
	double *w, *wnr;               /* each incident's terms, in set order */
	struct risk_tree tree;         /* every incident, by w */
	struct risk_grid nr;           /* the incidents inside the window */
};

/*
 * Prepares the terms and the indexes of `set` for scoring at `as_of` with
 * parameters `p`, on `nthreads` threads.  Returns 0, or -1 when out of
 * memory or a coordinate cannot be indexed (the scorer may still be
 * released).
 */
int risk_scorer_init(struct risk_scorer *s, const struct risk_params *p, int64_t as_of,
                     const struct risk_incset *set, int nthreads);

void risk_scorer_release(struct risk_scorer *s);

/* P and W at (x, y), through the indexes. */
void risk_scorer_eval(const struct risk_scorer *s, double x, double y, double *P, double *W);

/* The same from every incident, without an index: the reference. */
void risk_scorer_brute(const struct risk_scorer *s, double x, double y, double *P, double *W);

/*
 * risk_scorer_eval at n points, on `nthreads` threads (the calling thread
 * is one of them).  Returns 0, or -1 if a thread could not be started (the
 * threads that did start finish the work).
 */
int risk_scorer_eval_many(const struct risk_scorer *s, size_t n, const double *x, const double *y,
                          double *P, double *W, int nthreads);

/*
 * The radius around a site within which every incident that can touch its
 * score lies, together with every incident of the grid cells its pressure
 * is summed over: loading these gives the same sums as loading them all.
 */
double risk_scorer_reach(const struct risk_params *p);

/* A site's score and its parts rounded for display (model.h). */
struct risk_scored {
	double P, W; /* raw pressure and near-repeat weight */
	struct risk_result r;
	long cents[RISK_N_PARTS];
	long score_cents;
};

/* Completes `in` with P and W and computes the score into `out`. */
void risk_score_finish(const struct risk_params *p, struct risk_inputs *in, double P, double W,
                       struct risk_scored *out);

#endif /* RISK_SCORER_H */
