/*
 * spindex.h - an in-memory spatial index of points (site locations) in
 * projected metres: a uniform grid of buckets, with radius and box queries.
 *
 * Items are identified by the caller's index (0..n-1).  Built once, queried
 * many times; rebuilt when the sites change.
 */
#ifndef SHOMER_SPINDEX_H
#define SHOMER_SPINDEX_H

#include <stddef.h>

struct spindex;

/*
 * Builds an index over n points (x[i], y[i]).  cell is the grid cell size in
 * metres (0 picks one from the points' spread).  Never fails except out of
 * memory (which aborts).
 */
struct spindex *spindex_build(const double *x, const double *y, size_t n, double cell);
void spindex_free(struct spindex *ix);

/* Result of a query: indexes, and distances for radius queries. */
struct spindex_hit {
	size_t idx;
	double dist;
};

/*
 * Every point within `radius` metres of (x, y) (distance <= radius), sorted
 * by distance and then index.  *hits is malloc'ed (caller frees), *nhits its
 * length.
 */
void spindex_radius(const struct spindex *ix, double x, double y, double radius,
                    struct spindex_hit **hits, size_t *nhits);

/* Every point inside the closed box, sorted by index; dist is 0. */
void spindex_box(const struct spindex *ix, double minx, double miny, double maxx, double maxy,
                 struct spindex_hit **hits, size_t *nhits);

/* The nearest point to (x, y); returns 0 and sets *hit, or -1 when empty. */
int spindex_nearest(const struct spindex *ix, double x, double y, struct spindex_hit *hit);

#endif /* SHOMER_SPINDEX_H */
