/*
 * spindex.c - see spindex.h.
 *
 * Points are bucketed by grid cell (floor of the offset from the minimum
 * corner over the cell size) and stored grouped by cell; only occupied
 * cells exist, found through an open-addressing hash of the cell
 * coordinates.  A dense array sized from the bounding box would let one
 * mistyped coordinate (a site 10,000 km away) ask for billions of cells;
 * hashing costs memory per point whatever the spread.  Queries that would
 * visit more cells than are occupied walk the occupied cells instead.
 */
#include "spindex.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

#include "banned.h"

/*
 * Points further out than this from the origin (a million times the
 * Earth's circumference) cannot be grid coordinates of anything real; they
 * live in a plain list that every query scans, so that the grid's cell
 * numbers stay small and exact.
 */
#define SP_MAX_COORD 4e13
/* Cell numbers of points stay below 2^45, exact in a double. */
#define SP_MAX_CELLS_ACROSS 35184372088832.0
/* Query ranges are clamped to +-2^60 cells so they convert to int64_t. */
#define SP_CELL_CLAMP 1152921504606846976.0

struct sp_item {
	double x, y;
	size_t idx;
};

struct sp_cell {
	int64_t cx, cy;
	size_t start, count; /* range in items[] */
};

struct spindex {
	double ox, oy, cell;    /* grid origin and cell size, metres */
	int64_t maxcx, maxcy;   /* occupied cells lie in [0, max] */
	struct sp_item *items;  /* grid points, grouped by cell */
	size_t nitems;
	struct sp_cell *cells;  /* occupied cells, sorted by (cx, cy) */
	size_t ncells;
	size_t *slots;          /* hash: cells[] index + 1, 0 when empty */
	size_t nslots;          /* power of two */
	struct sp_item *far;    /* points beyond SP_MAX_COORD */
	size_t nfar;
};

/* ---- cell arithmetic ---- */

static int64_t cell_of(double v, double origin, double cell)
{
	double c = floor((v - origin) / cell);

	if (!(c > -SP_CELL_CLAMP)) /* also catches NaN */
		return -(int64_t)SP_CELL_CLAMP;
	if (c > SP_CELL_CLAMP)
		return (int64_t)SP_CELL_CLAMP;
	return (int64_t)c;
}

static size_t cell_hash(int64_t cx, int64_t cy)
{
	uint64_t h = (uint64_t)cx * 0x9E3779B97F4A7C15u ^ (uint64_t)cy * 0xC2B2AE3D27D4EB4Fu;

	return (size_t)(h ^ (h >> 29));
}

static const struct sp_cell *find_cell(const struct spindex *ix, int64_t cx, int64_t cy)
{
	if (!ix->nslots)
		return NULL;
	size_t mask = ix->nslots - 1;
	for (size_t i = cell_hash(cx, cy) & mask;; i = (i + 1) & mask) {
		size_t s = ix->slots[i];
		if (!s)
			return NULL;
		const struct sp_cell *c = &ix->cells[s - 1];
		if (c->cx == cx && c->cy == cy)
			return c;
	}
}

/* ---- building ---- */

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/*
 * Spread of v between its 5th and 95th percentiles: a handful of outliers
 * must not stretch the cells until every ordinary point shares one.
 */
static double core_spread(const struct sp_item *it, size_t n, int use_y)
{
	double *v = xmalloc(n * sizeof(*v));

	for (size_t i = 0; i < n; i++)
		v[i] = use_y ? it[i].y : it[i].x;
	qsort(v, n, sizeof(*v), cmp_double);
	double spread = v[n - 1 - n / 20] - v[n / 20];
	free(v);
	return spread;
}

/* About one point per cell over the core of the data. */
static double auto_cell(const struct sp_item *it, size_t n)
{
	double wx = core_spread(it, n, 0), wy = core_spread(it, n, 1);
	double cell = sqrt(wx * wy / (double)n);

	/* Points along a line (a road, a fence) have no area to share out. */
	if (fmax(wx, wy) / (double)n > cell)
		cell = fmax(wx, wy) / (double)n;
	return cell > 0 ? cell : 1;
}

/* Splits the input into grid points and far points; drops NaN and inf. */
static void collect(struct spindex *ix, const double *x, const double *y, size_t n)
{
	size_t far_alloc = 0;

	ix->items = xmalloc((n ? n : 1) * sizeof(*ix->items));
	for (size_t i = 0; i < n; i++) {
		struct sp_item it = {x[i], y[i], i};
		if (!isfinite(it.x) || !isfinite(it.y))
			continue;
		if (fabs(it.x) <= SP_MAX_COORD && fabs(it.y) <= SP_MAX_COORD) {
			ix->items[ix->nitems++] = it;
			continue;
		}
		ALLOC_GROW(ix->far, ix->nfar + 1, far_alloc);
		ix->far[ix->nfar++] = it;
	}
}

/* Sets the origin and cell size from the grid points. */
static void set_grid(struct spindex *ix, double cell)
{
	double minx = HUGE_VAL, miny = HUGE_VAL, maxx = -HUGE_VAL, maxy = -HUGE_VAL;

	for (size_t i = 0; i < ix->nitems; i++) {
		minx = fmin(minx, ix->items[i].x);
		miny = fmin(miny, ix->items[i].y);
		maxx = fmax(maxx, ix->items[i].x);
		maxy = fmax(maxy, ix->items[i].y);
	}
	if (!(cell > 0) || !isfinite(cell))
		cell = auto_cell(ix->items, ix->nitems);
	/* A cell too small for the spread would overflow the cell numbers. */
	double span = fmax(maxx - minx, maxy - miny);
	if (span / cell > SP_MAX_CELLS_ACROSS)
		cell = span / SP_MAX_CELLS_ACROSS;
	ix->ox = minx;
	ix->oy = miny;
	ix->cell = cell;
	ix->maxcx = cell_of(maxx, minx, cell);
	ix->maxcy = cell_of(maxy, miny, cell);
}

struct sp_keyed {
	int64_t cx, cy;
	struct sp_item it;
};

static int cmp_keyed(const void *a, const void *b)
{
	const struct sp_keyed *p = a, *q = b;

	if (p->cx != q->cx)
		return p->cx < q->cx ? -1 : 1;
	if (p->cy != q->cy)
		return p->cy < q->cy ? -1 : 1;
	return (p->it.idx > q->it.idx) - (p->it.idx < q->it.idx);
}

/* Sorts the grid points by cell and records each occupied cell. */
static void group_by_cell(struct spindex *ix)
{
	size_t n = ix->nitems;
	struct sp_keyed *k = xmalloc((n ? n : 1) * sizeof(*k));

	for (size_t i = 0; i < n; i++) {
		k[i].it = ix->items[i];
		k[i].cx = cell_of(k[i].it.x, ix->ox, ix->cell);
		k[i].cy = cell_of(k[i].it.y, ix->oy, ix->cell);
	}
	qsort(k, n, sizeof(*k), cmp_keyed);
	ix->cells = xmalloc((n ? n : 1) * sizeof(*ix->cells));
	for (size_t i = 0; i < n; i++) {
		ix->items[i] = k[i].it;
		struct sp_cell *last = ix->ncells ? &ix->cells[ix->ncells - 1] : NULL;
		if (last && last->cx == k[i].cx && last->cy == k[i].cy) {
			last->count++;
			continue;
		}
		struct sp_cell c = {k[i].cx, k[i].cy, i, 1};
		ix->cells[ix->ncells++] = c;
	}
	free(k);
}

static void build_hash(struct spindex *ix)
{
	/* Load factor at most 1/2 keeps probe runs short. */
	size_t nslots = 16;
	while (nslots < 2 * ix->ncells)
		nslots *= 2;
	ix->slots = xcalloc(nslots, sizeof(*ix->slots));
	ix->nslots = nslots;
	for (size_t c = 0; c < ix->ncells; c++) {
		size_t i = cell_hash(ix->cells[c].cx, ix->cells[c].cy) & (nslots - 1);
		while (ix->slots[i])
			i = (i + 1) & (nslots - 1);
		ix->slots[i] = c + 1;
	}
}

struct spindex *spindex_build(const double *x, const double *y, size_t n, double cell)
{
	struct spindex *ix = xcalloc(1, sizeof(*ix));

	collect(ix, x, y, n);
	if (!ix->nitems)
		return ix;
	set_grid(ix, cell);
	group_by_cell(ix);
	build_hash(ix);
	return ix;
}

void spindex_free(struct spindex *ix)
{
	if (!ix)
		return;
	free(ix->items);
	free(ix->cells);
	free(ix->slots);
	free(ix->far);
	free(ix);
}

/* ---- visiting ---- */

typedef void sp_visit_fn(const struct sp_item *it, void *arg);

static void visit_cell(const struct spindex *ix, const struct sp_cell *c, sp_visit_fn *fn,
                       void *arg)
{
	for (size_t i = c->start; i < c->start + c->count; i++)
		fn(&ix->items[i], arg);
}

/*
 * A hash look-up is a cache miss, some 80 ns; checking the next entry of
 * the occupied-cell array costs a nanosecond or two.  So a query that
 * would look up more than 1/16 of the occupied cells walks all of them in
 * order instead, and a huge radius costs O(n), not O(area).
 */
#define SP_LOOKUPS_PER_SCAN 16

/*
 * Calls fn on every point in cells that meet the box (a superset of the
 * points inside it), and on every far point.
 */
static void visit_box(const struct spindex *ix, double minx, double miny, double maxx,
                      double maxy, sp_visit_fn *fn, void *arg)
{
	for (size_t i = 0; i < ix->nfar; i++)
		fn(&ix->far[i], arg);
	if (!ix->ncells)
		return;
	int64_t cx0 = cell_of(minx, ix->ox, ix->cell), cx1 = cell_of(maxx, ix->ox, ix->cell);
	int64_t cy0 = cell_of(miny, ix->oy, ix->cell), cy1 = cell_of(maxy, ix->oy, ix->cell);
	cx0 = cx0 < 0 ? 0 : cx0;
	cy0 = cy0 < 0 ? 0 : cy0;
	cx1 = cx1 > ix->maxcx ? ix->maxcx : cx1;
	cy1 = cy1 > ix->maxcy ? ix->maxcy : cy1;
	if (cx0 > cx1 || cy0 > cy1)
		return;
	double span = ((double)(cx1 - cx0) + 1) * ((double)(cy1 - cy0) + 1);
	if (span * SP_LOOKUPS_PER_SCAN > (double)ix->ncells) {
		for (size_t c = 0; c < ix->ncells; c++) {
			const struct sp_cell *cp = &ix->cells[c];
			if (cp->cx >= cx0 && cp->cx <= cx1 && cp->cy >= cy0 && cp->cy <= cy1)
				visit_cell(ix, cp, fn, arg);
		}
		return;
	}
	for (int64_t cx = cx0; cx <= cx1; cx++) {
		for (int64_t cy = cy0; cy <= cy1; cy++) {
			const struct sp_cell *cp = find_cell(ix, cx, cy);
			if (cp)
				visit_cell(ix, cp, fn, arg);
		}
	}
}

struct sp_hits {
	struct spindex_hit *v;
	size_t n, alloc;
};

static void hits_add(struct sp_hits *h, size_t idx, double dist)
{
	ALLOC_GROW(h->v, h->n + 1, h->alloc);
	h->v[h->n].idx = idx;
	h->v[h->n].dist = dist;
	h->n++;
}

/* ---- radius ---- */

struct sp_radius {
	double x, y, r;
	struct sp_hits hits;
};

static void radius_visit(const struct sp_item *it, void *arg)
{
	struct sp_radius *q = arg;
	double d = hypot(it->x - q->x, it->y - q->y);

	if (d <= q->r)
		hits_add(&q->hits, it->idx, d);
}

static int cmp_by_dist(const void *a, const void *b)
{
	const struct spindex_hit *p = a, *q = b;

	if (p->dist != q->dist)
		return p->dist < q->dist ? -1 : 1;
	return (p->idx > q->idx) - (p->idx < q->idx);
}

void spindex_radius(const struct spindex *ix, double x, double y, double radius,
                    struct spindex_hit **hits, size_t *nhits)
{
	struct sp_radius q = {x, y, radius, {NULL, 0, 0}};

	if (isfinite(x) && isfinite(y) && radius >= 0)
		visit_box(ix, x - radius, y - radius, x + radius, y + radius, radius_visit, &q);
	if (q.hits.n > 1)
		qsort(q.hits.v, q.hits.n, sizeof(*q.hits.v), cmp_by_dist);
	*hits = q.hits.v;
	*nhits = q.hits.n;
}

/* ---- box ---- */

struct sp_box {
	double minx, miny, maxx, maxy;
	struct sp_hits hits;
};

static void box_visit(const struct sp_item *it, void *arg)
{
	struct sp_box *q = arg;

	if (it->x >= q->minx && it->x <= q->maxx && it->y >= q->miny && it->y <= q->maxy)
		hits_add(&q->hits, it->idx, 0);
}

static int cmp_by_idx(const void *a, const void *b)
{
	const struct spindex_hit *p = a, *q = b;

	return (p->idx > q->idx) - (p->idx < q->idx);
}

void spindex_box(const struct spindex *ix, double minx, double miny, double maxx, double maxy,
                 struct spindex_hit **hits, size_t *nhits)
{
	struct sp_box q = {minx, miny, maxx, maxy, {NULL, 0, 0}};

	/* Written so that NaN bounds select nothing. */
	if (minx <= maxx && miny <= maxy)
		visit_box(ix, minx, miny, maxx, maxy, box_visit, &q);
	if (q.hits.n > 1)
		qsort(q.hits.v, q.hits.n, sizeof(*q.hits.v), cmp_by_idx);
	*hits = q.hits.v;
	*nhits = q.hits.n;
}

/* ---- nearest ---- */

struct sp_near {
	double x, y;
	struct spindex_hit best;
	int found;
	double cut2; /* squared distance beyond which hypot cannot tie best */
};

static void near_visit(const struct sp_item *it, void *arg)
{
	struct sp_near *q = arg;
	double dx = it->x - q->x, dy = it->y - q->y;

	/*
	 * hypot is several times dearer than a square; cut2 sits a relative
	 * 1e-9 above best^2, far beyond the rounding of either, so only
	 * points that cannot win or tie are skipped.
	 */
	if (q->found && dx * dx + dy * dy > q->cut2)
		return;
	double d = hypot(dx, dy);
	if (!q->found || d < q->best.dist || (d == q->best.dist && it->idx < q->best.idx)) {
		q->best.idx = it->idx;
		q->best.dist = d;
		q->found = 1;
		q->cut2 = d * d * (1 + 1e-9);
	}
}

/* A ring walk, with the number of cell look-ups it may still make. */
struct sp_walk {
	const struct spindex *ix;
	struct sp_near *q;
	double left;
};

/* Visits cells (x0..x1, cy) that can be occupied; -1 when out of budget. */
static int walk_row(struct sp_walk *w, int64_t cy, int64_t x0, int64_t x1)
{
	if (cy < 0 || cy > w->ix->maxcy)
		return 0;
	for (int64_t cx = x0 < 0 ? 0 : x0; cx <= x1 && cx <= w->ix->maxcx; cx++) {
		if (--w->left < 0)
			return -1;
		const struct sp_cell *c = find_cell(w->ix, cx, cy);
		if (c)
			visit_cell(w->ix, c, near_visit, w->q);
	}
	return 0;
}

static int walk_col(struct sp_walk *w, int64_t cx, int64_t y0, int64_t y1)
{
	if (cx < 0 || cx > w->ix->maxcx)
		return 0;
	for (int64_t cy = y0 < 0 ? 0 : y0; cy <= y1 && cy <= w->ix->maxcy; cy++) {
		if (--w->left < 0)
			return -1;
		const struct sp_cell *c = find_cell(w->ix, cx, cy);
		if (c)
			visit_cell(w->ix, c, near_visit, w->q);
	}
	return 0;
}

/*
 * Visits the ring of cells at Chebyshev distance k around (qcx, qcy),
 * clipped to the occupied cells' bounding box; -1 when out of budget.
 */
static int walk_ring(struct sp_walk *w, int64_t qcx, int64_t qcy, int64_t k)
{
	if (k == 0)
		return walk_row(w, qcy, qcx, qcx);
	if (walk_row(w, qcy - k, qcx - k, qcx + k) || walk_row(w, qcy + k, qcx - k, qcx + k) ||
	    walk_col(w, qcx - k, qcy - k + 1, qcy + k - 1) ||
	    walk_col(w, qcx + k, qcy - k + 1, qcy + k - 1))
		return -1;
	return 0;
}

static int64_t max64(int64_t a, int64_t b)
{
	return a > b ? a : b;
}

/* 1 when rings 0..k around the query cell cover every occupied cell. */
static int rings_cover_grid(const struct spindex *ix, int64_t qcx, int64_t qcy, int64_t k)
{
	return qcx - k <= 0 && qcx + k >= ix->maxcx && qcy - k <= 0 && qcy + k >= ix->maxcy;
}

/*
 * Searches rings of cells outwards from the query's cell, starting with
 * the first ring that reaches the occupied cells.  After rings 0..k-1
 * every unvisited grid point is more than k-1 cell widths away, so the
 * search can stop once the best distance is below that; it waits for one
 * ring more, so that rounding in the cell numbers can never hide a nearer
 * point or an equally near one with a smaller index.  Returns 0, having
 * given up, after about as many look-ups as a scan of every point costs:
 * a query in a wide empty stretch (between a cluster and an outlier) then
 * costs at most about twice that scan.
 */
static int nearest_by_rings(const struct spindex *ix, struct sp_near *q)
{
	int64_t qcx = cell_of(q->x, ix->ox, ix->cell), qcy = cell_of(q->y, ix->oy, ix->cell);
	int64_t k0 = max64(max64(-qcx, qcx - ix->maxcx), max64(-qcy, qcy - ix->maxcy));
	struct sp_walk w = {ix, q, (double)ix->nitems / 8 + 64};

	for (int64_t k = k0 > 0 ? k0 : 0;; k++) {
		if (q->found && q->best.dist < (double)(k - 2) * ix->cell)
			return 1;
		if (k > 0 && rings_cover_grid(ix, qcx, qcy, k - 1))
			return 1;
		if (walk_ring(&w, qcx, qcy, k))
			return 0;
	}
}

int spindex_nearest(const struct spindex *ix, double x, double y, struct spindex_hit *hit)
{
	struct sp_near q = {x, y, {0, 0}, 0, 0};

	if (!isfinite(x) || !isfinite(y))
		return -1;
	for (size_t i = 0; i < ix->nfar; i++)
		near_visit(&ix->far[i], &q);
	if (ix->ncells && !nearest_by_rings(ix, &q)) {
		for (size_t i = 0; i < ix->nitems; i++)
			near_visit(&ix->items[i], &q);
	}
	if (!q.found)
		return -1;
	*hit = q.best;
	return 0;
}
