/*
 * grid.c - see grid.h.
 */
#include "grid.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "banned.h"

/* Cell numbers are kept below 2^29 each way, so that a neighbour's number
 * plus the 2^30 offset still fits the key's 31 bits: with 1.5 km cells
 * that is 800 million km, and even 10 m cells span 5 million km. */
#define GRID_LIMIT 536870912.0 /* 2^29 */

int64_t risk_cell_key(int64_t cx, int64_t cy)
{
	/* row-major: rows (y) first, then columns (x); both offset to be
	 * non-negative so the key order is the (row, column) order */
	return ((cy + (1LL << 30)) << 31) | (cx + (1LL << 30));
}

int risk_cell_index(double v, double cell, int64_t *c)
{
	double f = floor(v / cell);
	if (!isfinite(f) || fabs(f) >= GRID_LIMIT)
		return -1;
	*c = (int64_t)f;
	return 0;
}

struct keyed {
	int64_t key;
	uint32_t idx;
};

static int keyed_cmp(const void *a, const void *b)
{
	const struct keyed *p = a, *q = b;
	if (p->key != q->key)
		return p->key < q->key ? -1 : 1;
	return p->idx < q->idx ? -1 : p->idx > q->idx;
}

void risk_grid_release(struct risk_grid *g)
{
	free(g->x);
	free(g->y);
	free(g->w);
	free(g->wnr);
	free(g->src);
	free(g->keys);
	free(g->start);
	memset(g, 0, sizeof(*g));
}

static int grid_alloc(struct risk_grid *g, size_t n, size_t ncells)
{
	size_t m = n ? n : 1;
	g->x = malloc(m * sizeof(double));
	g->y = malloc(m * sizeof(double));
	g->w = malloc(m * sizeof(double));
	g->wnr = malloc(m * sizeof(double));
	g->src = malloc(m * sizeof(uint32_t));
	g->keys = malloc((ncells ? ncells : 1) * sizeof(int64_t));
	g->start = malloc((ncells + 1) * sizeof(size_t));
	return g->x && g->y && g->w && g->wnr && g->src && g->keys && g->start ? 0 : -1;
}

int risk_grid_build(struct risk_grid *g, double cell, size_t n, const double *x, const double *y,
                    const double *w, const double *wnr)
{
	struct keyed *k;
	size_t ncells = 0;

	memset(g, 0, sizeof(*g));
	g->cell = cell;
	if (!(cell > 0) || n >= UINT32_MAX)
		return -1;
	k = malloc((n ? n : 1) * sizeof(*k));
	if (!k)
		return -1;
	for (size_t i = 0; i < n; i++) {
		int64_t cx, cy;
		if (risk_cell_index(x[i], cell, &cx) || risk_cell_index(y[i], cell, &cy)) {
			free(k);
			return -1;
		}
		k[i].key = risk_cell_key(cx, cy);
		k[i].idx = (uint32_t)i;
	}
	/* (key, input index) is a total order, so the result does not depend
	 * on qsort's instability. */
	qsort(k, n, sizeof(*k), keyed_cmp);
	for (size_t i = 0; i < n; i++)
		ncells += i == 0 || k[i].key != k[i - 1].key;
	if (grid_alloc(g, n, ncells)) {
		free(k);
		risk_grid_release(g);
		return -1;
	}
	g->cell = cell;
	g->n = n;
	g->ncells = ncells;
	ncells = 0;
	for (size_t i = 0; i < n; i++) {
		uint32_t s = k[i].idx;
		if (i == 0 || k[i].key != k[i - 1].key) {
			g->keys[ncells] = k[i].key;
			g->start[ncells++] = i;
		}
		g->x[i] = x[s];
		g->y[i] = y[s];
		g->w[i] = w[s];
		g->wnr[i] = wnr[s];
		g->src[i] = s;
	}
	g->start[ncells] = n;
	free(k);
	return 0;
}

/* Index of the first occupied cell with key >= key (ncells if none). */
static size_t lower_bound(const struct risk_grid *g, int64_t key)
{
	size_t lo = 0, hi = g->ncells;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (g->keys[mid] < key)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

int risk_grid_runs(const struct risk_grid *g, double x, double y, size_t lo[3], size_t hi[3])
{
	int64_t cx, cy;
	int nr = 0;

	if (!g->ncells || risk_cell_index(x, g->cell, &cx) || risk_cell_index(y, g->cell, &cy))
		return 0;
	for (int64_t dy = -1; dy <= 1; dy++) {
		size_t a = lower_bound(g, risk_cell_key(cx - 1, cy + dy));
		size_t b = a;
		int64_t last = risk_cell_key(cx + 1, cy + dy);
		while (b < g->ncells && g->keys[b] <= last)
			b++;
		if (b > a) {
			lo[nr] = g->start[a];
			hi[nr] = g->start[b];
			nr++;
		}
	}
	return nr;
}
