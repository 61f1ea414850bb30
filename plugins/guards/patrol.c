/*
 * patrol.c - see patrol.h.
 */
#include "patrol.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "banned.h"

/* ---- ORIGAMI ---- */

struct ranked {
	double v;
	size_t i;
};

static int by_value_desc(const void *a, const void *b)
{
	const struct ranked *p = a, *q = b;
	if (p->v != q->v)
		return p->v > q->v ? -1 : 1;
	return (p->i > q->i) - (p->i < q->i);
}

double patrol_coverage(const double *v, size_t n, double resources, double *c)
{
	struct ranked *r = malloc((n ? n : 1) * sizeof(*r));
	double level, inv = 0; /* sum of 1 / v over the attack set */
	size_t k;

	for (size_t i = 0; i < n; i++)
		c[i] = 0;
	if (!r || n == 0 || !(resources > 0)) {
		free(r);
		return 0;
	}
	for (size_t i = 0; i < n; i++) {
		r[i].v = v[i] > 0 ? v[i] : 0;
		r[i].i = i;
	}
	qsort(r, n, sizeof(*r), by_value_desc);
	if (!(r[0].v > 0)) {
		free(r);
		return 0;
	}
	/*
	 * Grow the attack set S down the ranking.  Bringing the level to L
	 * costs sum over S of (1 - L / v) = |S| - L * inv.  Stop when the next
	 * target's value cannot be reached with the resources: then L solves
	 * |S| - L * inv = resources.
	 */
	level = r[0].v;
	for (k = 0; k < n && r[k].v > 0; k++) {
		inv += 1.0 / r[k].v;
		double next = k + 1 < n ? r[k + 1].v : 0; /* the level to reach next */
		double need = (double)(k + 1) - next * inv;
		if (need >= resources) {
			level = ((double)(k + 1) - resources) / inv;
			k++;
			break;
		}
		level = next;
	}
	if (level < 0)
		level = 0;
	for (size_t j = 0; j < k; j++) {
		double cov = 1.0 - level / r[j].v;
		c[r[j].i] = cov < 0 ? 0 : cov > 1 ? 1 : cov;
	}
	free(r);
	return level;
}

/* ---- sampling ---- */

size_t patrol_draw(const double *c, size_t n, double u, unsigned char *chosen)
{
	double cum = 0;
	size_t m = 0;

	for (size_t i = 0; i < n; i++) {
		double lo = cum, hi = cum + c[i];
		/* an integer j with lo <= j + u < hi */
		chosen[i] = floor(hi - u) - floor(lo - u) > 0.5;
		m += chosen[i];
		cum = hi;
	}
	return m;
}

/* ---- routes ---- */

double patrol_visits_per_hour(const double *x, const double *y, size_t n, double speed_kmh,
                              double dwell_min)
{
	double sum = 0;

	for (size_t i = 0; i < n; i++) {
		double best = INFINITY;
		for (size_t j = 0; j < n; j++)
			if (j != i)
				best = fmin(best, hypot(x[i] - x[j], y[i] - y[j]));
		sum += isfinite(best) ? best : 0;
	}
	double travel = n ? sum / (double)n / 1000.0 / speed_kmh * 60.0 : 0;
	double per = 60.0 / (dwell_min + travel);
	return per < 1 ? 1 : per;
}

int patrol_plan(const double *x, const double *y, const double *c, size_t n,
                const struct patrol_params *pp, struct patrol_plan *plan)
{
	struct guards_rng g;
	unsigned char *chosen = malloc(n ? n : 1);
	double *ux = malloc((size_t)pp->units * sizeof(double));
	double *uy = malloc((size_t)pp->units * sizeof(double));
	double *free_at = malloc((size_t)pp->units * sizeof(double));
	size_t cap = 64;
	const double metres_per_min = pp->speed_kmh * 1000.0 / 60.0;

	memset(plan, 0, sizeof(*plan));
	plan->stops = malloc(cap * sizeof(*plan->stops));
	plan->back = calloc((size_t)pp->units, sizeof(double));
	if (!chosen || !ux || !uy || !free_at || !plan->stops || !plan->back) {
		free(chosen);
		free(ux);
		free(uy);
		free(free_at);
		patrol_plan_release(plan);
		return -1;
	}
	guards_rng_seed(&g, pp->seed);
	for (int u = 0; u < pp->units; u++) {
		ux[u] = pp->base_x;
		uy[u] = pp->base_y;
		free_at[u] = 0;
	}
	/* stops are gathered hour by hour, then grouped by unit */
	for (int h = 0; h < pp->hours; h++) {
		size_t left = patrol_draw(c, n, guards_rng_unit(&g), chosen);
		int u = 0;
		while (left > 0) {
			/* unit u goes to the nearest drawn site still open */
			size_t best = n;
			double bd = INFINITY;
			for (size_t i = 0; i < n; i++) {
				if (!chosen[i])
					continue;
				double d = hypot(x[i] - ux[u], y[i] - uy[u]);
				if (d < bd) {
					bd = d;
					best = i;
				}
			}
			chosen[best] = 0;
			left--;
			if (plan->n_stops == cap) {
				cap *= 2;
				struct patrol_stop *ns = realloc(plan->stops, cap * sizeof(*ns));
				if (!ns) {
					free(chosen);
					free(ux);
					free(uy);
					free(free_at);
					patrol_plan_release(plan);
					return -1;
				}
				plan->stops = ns;
			}
			/* a unit never starts an hour's visits before the hour */
			double leave = fmax(free_at[u], 60.0 * h);
			struct patrol_stop *s = &plan->stops[plan->n_stops++];
			s->unit = u;
			s->hour = h;
			s->site = best;
			s->arrive = leave + bd / metres_per_min;
			s->depart = s->arrive + pp->dwell_min;
			plan->km += bd / 1000.0;
			free_at[u] = s->depart;
			ux[u] = x[best];
			uy[u] = y[best];
			u = (u + 1) % pp->units;
		}
	}
	for (int u = 0; u < pp->units; u++) {
		double d = hypot(pp->base_x - ux[u], pp->base_y - uy[u]);
		plan->back[u] = fmax(free_at[u], 0) + d / metres_per_min;
		plan->km += d / 1000.0;
	}
	/* by unit, keeping each unit's order of visits */
	struct patrol_stop *sorted = malloc((plan->n_stops ? plan->n_stops : 1) * sizeof(*sorted));
	if (sorted) {
		size_t m = 0;
		for (int u = 0; u < pp->units; u++)
			for (size_t i = 0; i < plan->n_stops; i++)
				if (plan->stops[i].unit == u)
					sorted[m++] = plan->stops[i];
		free(plan->stops);
		plan->stops = sorted;
	}
	free(chosen);
	free(ux);
	free(uy);
	free(free_at);
	return sorted ? 0 : (patrol_plan_release(plan), -1);
}

void patrol_plan_release(struct patrol_plan *plan)
{
	free(plan->stops);
	free(plan->back);
	memset(plan, 0, sizeof(*plan));
}
