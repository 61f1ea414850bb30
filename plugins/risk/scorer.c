/*
 * scorer.c - see scorer.h.
 */
#include "scorer.h"

#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "banned.h"

/* The near-repeat incidents only: usually a few percent of the log. */
static int build_nr(struct risk_scorer *s)
{
	const struct risk_incset *set = s->set;
	size_t m = 0;
	double *x, *y, *wnr;
	int rc;

	for (size_t i = 0; i < set->n; i++)
		m += s->wnr[i] > 0;
	x = malloc((m ? m : 1) * sizeof(double));
	y = malloc((m ? m : 1) * sizeof(double));
	wnr = malloc((m ? m : 1) * sizeof(double));
	rc = x && y && wnr ? 0 : -1;
	for (size_t i = 0, j = 0; rc == 0 && i < set->n; i++) {
		if (!(s->wnr[i] > 0))
			continue;
		x[j] = set->x[i];
		y[j] = set->y[i];
		wnr[j++] = s->wnr[i];
	}
	if (rc == 0)
		rc = risk_grid_build(&s->nr, s->p.nr_radius, m, x, y, wnr, wnr);
	free(x);
	free(y);
	free(wnr);
	return rc;
}

int risk_scorer_init(struct risk_scorer *s, const struct risk_params *p, int64_t as_of,
                     const struct risk_incset *set, int nthreads)
{
	size_t n = set->n ? set->n : 1;

	memset(s, 0, sizeof(*s));
	s->p = *p;
	s->as_of = as_of;
	s->set = set;
	risk_kconst_init(&s->k, p);
	s->w = malloc(n * sizeof(double));
	s->wnr = malloc(n * sizeof(double));
	if (!s->w || !s->wnr)
		return -1;
	risk_terms(p, as_of, set, s->w, s->wnr);
	if (build_nr(s))
		return -1;
	return risk_tree_build(&s->tree, set->n, set->x, set->y, s->w, p->cutoff, p->bandwidth,
	                       p->cutoff, nthreads);
}

void risk_scorer_release(struct risk_scorer *s)
{
	free(s->w);
	free(s->wnr);
	risk_tree_release(&s->tree);
	risk_grid_release(&s->nr);
	memset(s, 0, sizeof(*s));
}

double risk_scorer_reach(const struct risk_params *p)
{
	/* the site's cell and its eight neighbours lie within 2 sqrt(2)
	 * cells of it wherever it is in its own; a metre more, as the host's
	 * circle and ours may round a point on the boundary apart */
	return fmax(2.0 * sqrt(2.0) * p->cutoff, p->nr_radius) + 1.0;
}

void risk_scorer_eval(const struct risk_scorer *s, double x, double y, double *P, double *W)
{
	*P = risk_tree_eval(&s->tree, x, y);
	*W = risk_eval_nr(&s->nr, &s->k, x, y);
}

void risk_scorer_brute(const struct risk_scorer *s, double x, double y, double *P, double *W)
{
	risk_eval_brute(s->set->n, s->set->x, s->set->y, s->w, s->wnr, &s->k, x, y, P, W);
}

/* ---- threads ---- */

/* Points are handed out in blocks from a shared counter, so that a thread
 * that drew the dense town centres does not leave the other idle. */
#define EVAL_BLOCK       32
#define EVAL_MAX_THREADS 16

struct eval_job {
	const struct risk_scorer *s;
	size_t n;
	const double *x, *y;
	double *P, *W;
	const size_t *order; /* the points in the order to visit them */
	atomic_size_t next;
};

static void *eval_worker(void *arg)
{
	struct eval_job *j = arg;

	for (;;) {
		size_t a = atomic_fetch_add(&j->next, EVAL_BLOCK);
		if (a >= j->n)
			return NULL;
		size_t b = a + EVAL_BLOCK < j->n ? a + EVAL_BLOCK : j->n;
		for (size_t k = a; k < b; k++) {
			size_t i = j->order ? j->order[k] : k;
			risk_scorer_eval(j->s, j->x[i], j->y[i], &j->P[i], &j->W[i]);
		}
	}
}

/* A point's place along a Z curve of 100 m squares. */
struct zpoint {
	uint64_t z;
	size_t i;
};

static uint64_t spread32(uint64_t v)
{
	v &= 0xffffffffULL;
	v = (v | (v << 16)) & 0x0000ffff0000ffffULL;
	v = (v | (v << 8)) & 0x00ff00ff00ff00ffULL;
	v = (v | (v << 4)) & 0x0f0f0f0f0f0f0f0fULL;
	v = (v | (v << 2)) & 0x3333333333333333ULL;
	v = (v | (v << 1)) & 0x5555555555555555ULL;
	return v;
}

static int zpoint_cmp(const void *a, const void *b)
{
	const struct zpoint *p = a, *q = b;
	if (p->z != q->z)
		return p->z < q->z ? -1 : 1;
	return p->i < q->i ? -1 : p->i > q->i;
}

/*
 * The points sorted along a Z curve, or NULL (then they go in input
 * order).  Only the order of the work changes, never a result: sites next
 * to each other read the same nodes and moments, which are then still in
 * the cache.
 */
static size_t *spatial_order(size_t n, const double *x, const double *y)
{
	struct zpoint *zp = malloc((n ? n : 1) * sizeof(*zp));
	size_t *order = malloc((n ? n : 1) * sizeof(*order));

	if (!zp || !order) {
		free(zp);
		free(order);
		return NULL;
	}
	for (size_t i = 0; i < n; i++) {
		/* 100 m squares over +-200,000 km: any CRS in metres fits */
		double fx = floor(x[i] / 100.0) + 2147483648.0;
		double fy = floor(y[i] / 100.0) + 2147483648.0;
		uint64_t ux = fx >= 0 && fx < 4294967296.0 ? (uint64_t)fx : 0;
		uint64_t uy = fy >= 0 && fy < 4294967296.0 ? (uint64_t)fy : 0;
		zp[i].z = spread32(ux) | spread32(uy) << 1;
		zp[i].i = i;
	}
	qsort(zp, n, sizeof(*zp), zpoint_cmp);
	for (size_t k = 0; k < n; k++)
		order[k] = zp[k].i;
	free(zp);
	return order;
}

int risk_scorer_eval_many(const struct risk_scorer *s, size_t n, const double *x, const double *y,
                          double *P, double *W, int nthreads)
{
	struct eval_job j = {.s = s, .n = n, .x = x, .y = y, .P = P, .W = W};
	pthread_t tid[EVAL_MAX_THREADS];
	int started = 0, rc = 0;

	j.order = n > 1 ? spatial_order(n, x, y) : NULL;
	atomic_init(&j.next, 0);
	for (int t = 1; t < nthreads && t < EVAL_MAX_THREADS; t++) {
		if (pthread_create(&tid[started], NULL, eval_worker, &j) != 0) {
			rc = -1;
			break;
		}
		started++;
	}
	eval_worker(&j);
	for (int t = 0; t < started; t++)
		pthread_join(tid[t], NULL);
	free((void *)j.order);
	return rc;
}

void risk_score_finish(const struct risk_params *p, struct risk_inputs *in, double P, double W,
                       struct risk_scored *out)
{
	in->pressure = P;
	in->nr_weight = W;
	out->P = P;
	out->W = W;
	risk_score_site(p, in, &out->r);
	risk_round_parts(&out->r, out->cents, &out->score_cents);
}
