/*
 * grid.h - a uniform grid over weighted points (the incidents), for the
 * question the score asks 50,000 times: which points lie within the
 * cut-off radius of this site?
 *
 * The points are copied into arrays sorted by cell, with the cells in
 * (row, column) order, so that the three cells of one row of a 3 x 3
 * neighbourhood are one contiguous run: a query is three binary searches
 * and three linear scans, with no pointer chasing.  Cells are numbered from
 * the CRS origin (floor(x / cell)), not from the data's corner, so a subset
 * of the points (the incidents near one site, for `risk explain`) falls in
 * the same cells in the same order as the full set, and sums over the two
 * add the same terms in the same order: bit for bit the same result.
 * Pure: nothing here calls the host.
 */
#ifndef RISK_GRID_H
#define RISK_GRID_H

#include <stddef.h>
#include <stdint.h>

struct risk_grid {
	double cell; /* cell side, metres: at least the largest query radius */
	size_t n;    /* points */
	/* the points, sorted by cell and, within a cell, by input order */
	double *x, *y;
	double *w;     /* pressure factor: category weight x decay */
	double *wnr;   /* near-repeat weight (0 outside the window) */
	uint32_t *src; /* each sorted point's index in the input */
	/* occupied cells in increasing key order; cell i holds the points
	 * start[i] .. start[i + 1] - 1 */
	int64_t *keys;
	size_t *start;
	size_t ncells;
};

/*
 * Builds the grid over n points (n < 2^32) with cell side `cell` > 0.  The
 * arrays are copied; w and wnr may not be NULL.  Returns 0, or -1 when out
 * of memory or a coordinate is too large for the cell numbering (|x / cell|
 * >= 2^29) or not finite; the grid is then empty and may be released.
 */
int risk_grid_build(struct risk_grid *g, double cell, size_t n, const double *x, const double *y,
                    const double *w, const double *wnr);

/*
 * The number of the cell holding coordinate v (floor(v / cell)); 0, or -1
 * when it does not fit the numbering (|v / cell| >= 2^29 or not finite).
 */
int risk_cell_index(double v, double cell, int64_t *c);

/* The sort key of cell (cx, cy): rows (y) first, then columns (x). */
int64_t risk_cell_key(int64_t cx, int64_t cy);

/* Frees the arrays; the struct may be built again. */
void risk_grid_release(struct risk_grid *g);

/*
 * The 3 x 3 cells around the cell of (x, y) as at most three runs of
 * sorted points [lo[i], hi[i]), in summation order.  Returns the number of
 * runs (0..3).  Every point within `cell` metres of (x, y) is in a run.
 */
int risk_grid_runs(const struct risk_grid *g, double x, double y, size_t lo[3], size_t hi[3]);

#endif /* RISK_GRID_H */
