/*
 * brute.c - see brute.h.
 */
#include "brute.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "cmds.h"
#include "opts.h"

#include "banned.h"

static uint64_t splitmix64(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static double rel_diff(double a, double b)
{
	double m = fmax(fabs(a), fabs(b));
	return m > 0 ? fabs(a - b) / m : 0.0;
}

/* The first k of a seeded Fisher-Yates shuffle of 0..n-1: a uniform sample. */
static size_t *sample(size_t n, size_t k, uint64_t seed)
{
	size_t *pick = malloc((n ? n : 1) * sizeof(size_t));

	if (!pick)
		return NULL;
	for (size_t i = 0; i < n; i++)
		pick[i] = i;
	for (size_t i = 0; i < k; i++) {
		size_t j = i + (size_t)(splitmix64(&seed) % (n - i));
		size_t tmp = pick[i];
		pick[i] = pick[j];
		pick[j] = tmp;
	}
	return pick;
}

int risk_check_brute(const struct risk_check *c, char **errmsg)
{
	size_t n = c->sites->n, k = (size_t)llround((double)n * c->sample);
	double t0, secs, max_p = 0, max_w = 0, max_s = 0;
	size_t *pick;

	if (k < 1)
		k = n ? 1 : 0;
	pick = sample(n, k, c->seed);
	if (!pick)
		return risk_fail(errmsg, SHOMER_EXIT_FAILED, "out of memory");
	t0 = risk_clock();
	for (size_t i = 0; i < k; i++) {
		const struct risk_site *s = &c->sites->v[pick[i]];
		const struct risk_scored *idx = &c->out[pick[i]];
		struct risk_inputs in;
		struct risk_scored ref;
		double P, W;
		risk_scorer_brute(c->scorer, s->x, s->y, &P, &W);
		risk_site_inputs(s, &in);
		risk_score_finish(&c->scorer->p, &in, P, W, &ref);
		max_p = fmax(max_p, rel_diff(P, idx->P));
		max_w = fmax(max_w, rel_diff(W, idx->W));
		max_s = fmax(max_s, rel_diff(ref.r.score, idx->r.score));
	}
	secs = risk_clock() - t0;
	free(pick);

	double idx_us = n ? c->eval_secs / (double)n * 1e6 : 0;
	double all_us = n ? (c->index_secs + c->eval_secs) / (double)n * 1e6 : 0;
	double ref_us = k ? secs / (double)k * 1e6 : 0;
	printf("sites %zu\nincidents %zu\n", n, c->scorer->set->n);
	printf("index built in %.3f s\n", c->index_secs);
	printf("indexed %zu sites %.3f s on %d threads, %.2f us per site (%.2f with the build)\n",
	       n, c->eval_secs, RISK_THREADS, idx_us, all_us);
	printf("brute-force %zu sites %.3f s on 1 thread, %.2f us per site\n", k, secs, ref_us);
	printf("ratio %.1f (brute-force time per site / indexed time per site)\n",
	       idx_us > 0 ? ref_us / idx_us : 0.0);
	printf("ratio-with-build %.1f\n", all_us > 0 ? ref_us / all_us : 0.0);
	printf("max-relative-difference %.3g (pressure %.3g, near-repeat %.3g, score %.3g)\n",
	       fmax(max_p, fmax(max_w, max_s)), max_p, max_w, max_s);
	return SHOMER_EXIT_OK;
}
