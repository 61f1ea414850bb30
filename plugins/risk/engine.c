/*
 * engine.c - see engine.h.
 */
#include "engine.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "kernel.h"
#include "model.h"

#include "banned.h"

int risk_incset_push(struct risk_incset *s, double x, double y, int64_t occ, int64_t ref, int cat)
{
	if (s->n == s->alloc) {
		size_t a = s->alloc ? s->alloc * 2 : 1024;
		double *nx = realloc(s->x, a * sizeof(double));
		if (nx)
			s->x = nx;
		double *ny = realloc(s->y, a * sizeof(double));
		if (ny)
			s->y = ny;
		int64_t *no = realloc(s->occ, a * sizeof(int64_t));
		if (no)
			s->occ = no;
		int64_t *nref = realloc(s->ref, a * sizeof(int64_t));
		if (nref)
			s->ref = nref;
		unsigned char *nc = realloc(s->cat, a);
		if (nc)
			s->cat = nc;
		if (!nx || !ny || !no || !nref || !nc)
			return -1;
		s->alloc = a;
	}
	s->x[s->n] = x;
	s->y[s->n] = y;
	s->occ[s->n] = occ;
	s->ref[s->n] = ref;
	s->cat[s->n] = (unsigned char)cat;
	s->n++;
	return 0;
}

void risk_incset_release(struct risk_incset *s)
{
	free(s->x);
	free(s->y);
	free(s->occ);
	free(s->ref);
	free(s->cat);
	memset(s, 0, sizeof(*s));
}

void risk_kconst_init(struct risk_kconst *k, const struct risk_params *p)
{
	k->inv2h2 = 1.0 / (2.0 * p->bandwidth * p->bandwidth);
	k->cut2 = p->cutoff * p->cutoff;
	k->nr2 = p->nr_radius * p->nr_radius;
}

void risk_terms(const struct risk_params *p, int64_t as_of, const struct risk_incset *s, double *w,
                double *wnr)
{
	double half_life = p->half_life_days * RISK_DAY;
	double window = p->nr_window_days * RISK_DAY;

	for (size_t i = 0; i < s->n; i++) {
		int cat = s->cat[i] < RISK_N_CATS ? s->cat[i] : RISK_CAT_OTHER;
		double weight = p->weight[cat];
		double age = (double)(as_of - s->ref[i]);
		if (s->occ[i] > as_of) {
			w[i] = wnr[i] = 0.0;
			continue;
		}
		if (age < 0)
			age = 0; /* a month-only incident in as-of's own month */
		w[i] = weight * risk_decay(age, half_life);
		wnr[i] = age <= window ? weight : 0.0;
	}
}

/* The reference: every incident, each term as tree.c's direct() and
 * risk_eval_nr() compute it. */
static void sum_run(const double *x, const double *y, const double *w, const double *wnr, size_t lo,
                    size_t hi, const struct risk_kconst *k, double sx, double sy, double *P,
                    double *W)
{
	double p = *P, q = *W;

	for (size_t i = lo; i < hi; i++) {
		double dx = x[i] - sx, dy = y[i] - sy;
		double d2 = dx * dx + dy * dy;
		if (d2 <= k->cut2)
			p += w[i] * exp(-d2 * k->inv2h2);
		if (d2 <= k->nr2)
			q += wnr[i];
	}
	*P = p;
	*W = q;
}

double risk_eval_nr(const struct risk_grid *g, const struct risk_kconst *k, double sx, double sy)
{
	size_t lo[3], hi[3];
	int nr = risk_grid_runs(g, sx, sy, lo, hi);
	double q = 0;

	for (int r = 0; r < nr; r++)
		for (size_t i = lo[r]; i < hi[r]; i++) {
			double dx = g->x[i] - sx, dy = g->y[i] - sy;
			if (dx * dx + dy * dy <= k->nr2)
				q += g->wnr[i];
		}
	return q;
}

void risk_eval_brute(size_t n, const double *x, const double *y, const double *w, const double *wnr,
                     const struct risk_kconst *k, double sx, double sy, double *P, double *W)
{
	*P = 0;
	*W = 0;
	sum_run(x, y, w, wnr, 0, n, k, sx, sy, P, W);
}
