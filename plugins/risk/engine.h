/*
 * engine.h - the incidents' terms for one as-of date, the near-repeat sum
 * over a grid, and the brute-force reference for both sums (every
 * incident, no index) that the benchmark and the tests compare the
 * indexed sums (tree.h for the pressure) against.
 *
 * For a point s and the incidents i with occurred <= as-of:
 *
 *   P(s) = sum_i  weight(cat_i) x 2^(-age_i / half_life) x K(|s - x_i|)
 *   W(s) = sum_i  weight(cat_i)   over i with |s - x_i| <= r_nr and
 *                                  age_i <= window
 *
 * with K the truncated Gaussian of kernel.h.  Both are sums of
 * non-negative terms, so one more incident never lowers either.  Pure:
 * nothing here calls the host, so the threads may run it.
 */
#ifndef RISK_ENGINE_H
#define RISK_ENGINE_H

#include <stddef.h>
#include <stdint.h>

#include "grid.h"
#include "params.h"

/* Incidents as loaded from the host: only what the score needs. */
struct risk_incset {
	size_t n, alloc;
	double *x, *y;      /* projected metres */
	int64_t *occ;       /* occurred, UTC seconds */
	int64_t *ref;       /* age reference (model.h: risk_reference_time) */
	unsigned char *cat; /* enum risk_category */
};

/* Appends one incident; 0, or -1 when out of memory. */
int risk_incset_push(struct risk_incset *s, double x, double y, int64_t occ, int64_t ref, int cat);
void risk_incset_release(struct risk_incset *s);

/* The kernel's constants, squared once. */
struct risk_kconst {
	double inv2h2; /* 1 / (2 h^2) */
	double cut2;   /* cutoff^2 */
	double nr2;    /* near-repeat radius^2 */
};

void risk_kconst_init(struct risk_kconst *k, const struct risk_params *p);

/*
 * Each incident's two factors at `as_of`: w[i] = weight x decay, and
 * wnr[i] = weight when the incident is inside the near-repeat window, else
 * 0.  Incidents after as_of get 0 in both.  w and wnr hold s->n values.
 */
void risk_terms(const struct risk_params *p, int64_t as_of, const struct risk_incset *s, double *w,
                double *wnr);

/*
 * W at (sx, sy) from a grid holding the incidents inside the near-repeat
 * window (their wnr as the grid's wnr), cell >= the near-repeat radius.
 */
double risk_eval_nr(const struct risk_grid *g, const struct risk_kconst *k, double sx, double sy);

/* P and W at (sx, sy) from every one of n incidents: the reference. */
void risk_eval_brute(size_t n, const double *x, const double *y, const double *w, const double *wnr,
                     const struct risk_kconst *k, double sx, double sy, double *P, double *W);

#endif /* RISK_ENGINE_H */
