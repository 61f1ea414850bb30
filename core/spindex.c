/*
 * spindex.c - see spindex.h.
 *
 * A uniform grid stored sparsely.  Each point gets a cell (cx, cy): the
 * floor of its offset from the minimum corner over the cell size.  Points
 * are sorted by (cx, cy, index); only occupied cells exist, as runs of that
 * array, and a directory of occupied columns (distinct cx) points into the
 * cells.  A query binary-searches the columns it spans and, in each, the
 * rows it spans, so it never touches an empty cell.
 *
 * Why not a dense array or a hash: a dense array sized from the bounding
 * box lets one mistyped coordinate (a site 10,000 km away) ask for
 * billions of cells, and a hash must still look up every empty cell a
 * query covers (a cache miss each) - the nearest-point search from a place
 * far from every site then costs more than a plain scan.
 */
#include "spindex.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include "util.h"

#include "banned.h"

/*
 * Points further out than this (a million times the Earth's circumference)
 * are not grid coordinates of anything real; they live in a plain list
 * that every query scans, so that the grid's cell numbers stay exact.
 */
#define SP_MAX_COORD 4e13
/* Cell numbers of points stay below 2^45, exact in a double. */
#define SP_MAX_CELLS_ACROSS 35184372088832.0
/* Query ranges are clamped to +-2^60 cells so that they fit an int64_t. */
#define SP_CELL_CLAMP 1152921504606846976.0

struct sp_item {
	double x, y;
	size_t idx;
};

struct sp_cell {
	int64_t cy;
	size_t start, count; /* run in items[] */
};

struct sp_col {
	int64_t cx;
	size_t first, count; /* run in cells[], sorted by cy */
};

struct spindex {
	double ox, oy, cell;   /* grid origin and cell size, metres */
	struct sp_item *items; /* grid points, sorted by (cx, cy, idx) */
	size_t nitems;
	struct sp_cell *cells; /* occupied cells */
	size_t ncells;
	struct sp_col *cols; /* occupied columns, sorted by cx */
	size_t ncols;
	struct sp_item *far; /* points beyond SP_MAX_COORD */
	size_t nfar;
};

static int64_t cell_of(double v, double origin, double cell)
{
	double c = floor((v - origin) / cell);

	if (!(c > -SP_CELL_CLAMP)) /* also catches NaN */
		return -(int64_t)SP_CELL_CLAMP;
	if (c > SP_CELL_CLAMP)
		return (int64_t)SP_CELL_CLAMP;
	return (int64_t)c;
}

/* ---- building ---- */

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/*
 * Spread between the 5th and 95th percentiles: a handful of outliers must
 * not stretch the cells until every ordinary point shares one.
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
	/* A cell too small for the spread would make cell numbers inexact. */
	double span = fmax(maxx - minx, maxy - miny);
	if (span / cell > SP_MAX_CELLS_ACROSS)
		cell = span / SP_MAX_CELLS_ACROSS;
	ix->ox = minx;
	ix->oy = miny;
	ix->cell = cell;
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

/* Appends item i, of cell (cx, cy), to the runs of cells and columns. */
static void add_to_runs(struct spindex *ix, size_t i, int64_t cx, int64_t cy)
{
	struct sp_col *col = ix->ncols ? &ix->cols[ix->ncols - 1] : NULL;

	if (!col || col->cx != cx) {
		struct sp_col c = {cx, ix->ncells, 0};
		ix->cols[ix->ncols++] = c;
		col = &ix->cols[ix->ncols - 1];
	}
	struct sp_cell *cell = col->count ? &ix->cells[ix->ncells - 1] : NULL;
	if (!cell || cell->cy != cy) {
		struct sp_cell c = {cy, i, 0};
		ix->cells[ix->ncells++] = c;
		col->count++;
		cell = &ix->cells[ix->ncells - 1];
	}
	cell->count++;
}

/* Sorts the grid points by cell and builds the cell and column runs. */
static void group_by_cell(struct spindex *ix)
{
	size_t n = ix->nitems;
	struct sp_keyed *k = xmalloc(n * sizeof(*k));

	for (size_t i = 0; i < n; i++) {
		k[i].it = ix->items[i];
		k[i].cx = cell_of(k[i].it.x, ix->ox, ix->cell);
		k[i].cy = cell_of(k[i].it.y, ix->oy, ix->cell);
	}
	qsort(k, n, sizeof(*k), cmp_keyed);
	ix->cells = xmalloc(n * sizeof(*ix->cells));
	ix->cols = xmalloc(n * sizeof(*ix->cols));
	for (size_t i = 0; i < n; i++) {
		ix->items[i] = k[i].it;
		add_to_runs(ix, i, k[i].cx, k[i].cy);
	}
	free(k);
}

struct spindex *spindex_build(const double *x, const double *y, size_t n, double cell)
{
	struct spindex *ix = xcalloc(1, sizeof(*ix));

	collect(ix, x, y, n);
	if (ix->nitems) {
		set_grid(ix, cell);
		group_by_cell(ix);
	}
	return ix;
}

void spindex_free(struct spindex *ix)
{
	if (!ix)
		return;
	free(ix->items);
	free(ix->cells);
	free(ix->cols);
	free(ix->far);
	free(ix);
}

/* ---- searching the runs ---- */

/* First column with cx >= want, or ncols. */
static size_t lower_col(const struct spindex *ix, int64_t want)
{
	size_t lo = 0, hi = ix->ncols;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (ix->cols[mid].cx < want)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* First cell of col with cy >= want, or the end of col's run. */
static size_t lower_cell(const struct spindex *ix, const struct sp_col *col, int64_t want)
{
	size_t lo = col->first, hi = col->first + col->count;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (ix->cells[mid].cy < want)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

typedef void sp_visit_fn(const struct sp_item *it, void *arg);

static void visit_cell(const struct spindex *ix, const struct sp_cell *c, sp_visit_fn *fn,
                       void *arg)
{
	for (size_t i = c->start; i < c->start + c->count; i++)
		fn(&ix->items[i], arg);
}

/*
 * Calls fn on every point in the occupied cells that meet the box (a
 * superset of the points inside it), and on every far point.
 */
static void visit_box(const struct spindex *ix, double minx, double miny, double maxx, double maxy,
                      sp_visit_fn *fn, void *arg)
{
	for (size_t i = 0; i < ix->nfar; i++)
		fn(&ix->far[i], arg);
	if (!ix->ncols)
		return;
	int64_t cx0 = cell_of(minx, ix->ox, ix->cell), cx1 = cell_of(maxx, ix->ox, ix->cell);
	int64_t cy0 = cell_of(miny, ix->oy, ix->cell), cy1 = cell_of(maxy, ix->oy, ix->cell);
	for (size_t c = lower_col(ix, cx0); c < ix->ncols && ix->cols[c].cx <= cx1; c++) {
		const struct sp_col *col = &ix->cols[c];
		size_t end = col->first + col->count;
		for (size_t k = lower_cell(ix, col, cy0); k < end && ix->cells[k].cy <= cy1; k++)
			visit_cell(ix, &ix->cells[k], fn, arg);
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
	int64_t qcx, qcy; /* the query's cell */
	struct spindex_hit best;
	int found;
	double cut2; /* squared distance beyond which hypot cannot tie best */
};

static void near_visit(const struct sp_item *it, void *arg)
{
	struct sp_near *q = arg;
	double dx = it->x - q->x, dy = it->y - q->y;

	/*
	 * hypot costs several times a square; cut2 sits a relative 1e-9
	 * above best^2, far beyond the rounding of either, so only points
	 * that can neither win nor tie are skipped.
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

/*
 * 1 when every point in cells `gap` columns (or rows) from the query's
 * cell is certainly further than the best so far.  Such a point is more
 * than gap - 1 cell widths away; one more width of slack absorbs rounding
 * in the cell numbers, so that no nearer point, and no equally near one
 * with a smaller index, is ever skipped.
 */
static int beyond_best(const struct sp_near *q, double cell, int64_t gap)
{
	return q->found && q->best.dist < (double)(gap - 2) * cell;
}

/* Visits the cells of col outwards from the query's row, while useful. */
static void near_column(const struct spindex *ix, const struct sp_col *col, struct sp_near *q)
{
	size_t up = lower_cell(ix, col, q->qcy), down = up;
	size_t end = col->first + col->count;

	for (;;) {
		int has_down = down > col->first, has_up = up < end;
		if (!has_down && !has_up)
			return;
		int64_t gap_down = has_down ? q->qcy - ix->cells[down - 1].cy : INT64_MAX;
		int64_t gap_up = has_up ? ix->cells[up].cy - q->qcy : INT64_MAX;
		int go_down = gap_down <= gap_up;
		if (beyond_best(q, ix->cell, go_down ? gap_down : gap_up))
			return;
		visit_cell(ix, &ix->cells[go_down ? --down : up++], near_visit, q);
	}
}

/*
 * Visits occupied columns in order of distance from the query's column,
 * stopping at the first that lies beyond the best point found.  Empty
 * columns and rows are never touched, so a query far from every point
 * costs at worst a scan of the points, never a walk across empty cells.
 */
static void near_grid(const struct spindex *ix, struct sp_near *q)
{
	size_t right = lower_col(ix, q->qcx), left = right;

	for (;;) {
		int has_left = left > 0, has_right = right < ix->ncols;
		if (!has_left && !has_right)
			return;
		int64_t gap_left = has_left ? q->qcx - ix->cols[left - 1].cx : INT64_MAX;
		int64_t gap_right = has_right ? ix->cols[right].cx - q->qcx : INT64_MAX;
		int go_left = gap_left <= gap_right;
		if (beyond_best(q, ix->cell, go_left ? gap_left : gap_right))
			return;
		near_column(ix, &ix->cols[go_left ? --left : right++], q);
	}
}

int spindex_nearest(const struct spindex *ix, double x, double y, struct spindex_hit *hit)
{
	struct sp_near q = {x, y, 0, 0, {0, 0}, 0, 0};

	if (!isfinite(x) || !isfinite(y))
		return -1;
	for (size_t i = 0; i < ix->nfar; i++)
		near_visit(&ix->far[i], &q);
	if (ix->ncols) {
		q.qcx = cell_of(x, ix->ox, ix->cell);
		q.qcy = cell_of(y, ix->oy, ix->cell);
		near_grid(ix, &q);
	}
	if (!q.found)
		return -1;
	*hit = q.best;
	return 0;
}
