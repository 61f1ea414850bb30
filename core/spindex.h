/*
 * spindex.h - an in-memory spatial index of points (site locations) in
 * projected metres: a uniform grid of buckets, with radius and box queries.
 *
 * Items are identified by the caller's index (0..n-1).  Built once, queried
 * many times; rebuilt when the sites change.  Building sorts the points,
 * O(n log n); a query costs a binary search plus the occupied cells it
 * covers, never the empty ones, so an outlier far from the rest costs
 * nothing.  Queries do not change the index: threads may share one.
 */
#ifndef SHOMER_SPINDEX_H
#define SHOMER_SPINDEX_H

#include <stddef.h>

struct spindex;

/*
 * Builds an index over n points (x[i], y[i]), copying them.  cell is the
 * grid cell size in metres (0 picks one from the points' spread, ignoring
 * the outer 5% on each side so that a stray outlier does not coarsen it).
 * Points with a NaN or infinite coordinate are never returned by any query.
 * Never fails except out of memory (which aborts).
 */
struct spindex *spindex_build(const double *x, const double *y, size_t n, double cell);
void spindex_free(struct spindex *ix);

/* Result of a query: indexes, and distances for radius queries. */
struct spindex_hit {
	size_t idx;
	double dist;
};

/*
 * Every point within `radius` metres of (x, y) (distance <= radius, the
 * distance being hypot(px - x, py - y)), sorted by distance and then index.
 * *hits is malloc'ed (caller frees; NULL when there are none), *nhits its
 * length.  A NaN centre or a negative or NaN radius finds nothing.
 */
void spindex_radius(const struct spindex *ix, double x, double y, double radius,
                    struct spindex_hit **hits, size_t *nhits);

/*
 * Every point inside the closed box, sorted by index; dist is 0.  *hits as
 * for spindex_radius.  A box with min > max finds nothing.
 */
void spindex_box(const struct spindex *ix, double minx, double miny, double maxx, double maxy,
                 struct spindex_hit **hits, size_t *nhits);

/*
 * The nearest point to (x, y), the lowest index among equally near ones;
 * returns 0 and sets *hit, or -1 when the index is empty or x or y is not
 * finite.
 */
int spindex_nearest(const struct spindex *ix, double x, double y, struct spindex_hit *hit);

#endif /* SHOMER_SPINDEX_H */
