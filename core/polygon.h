/*
 * polygon.h - checks and measures on simple polygons in projected metres.
 *
 * A ring is an array of n points, (x, y), WITHOUT the closing point repeated.
 */
#ifndef SHOMER_POLYGON_H
#define SHOMER_POLYGON_H

#include <stddef.h>

struct poly_pt {
	double x, y;
};

/*
 * Checks that the ring is a simple polygon: at least 3 distinct vertices, no
 * two consecutive points equal, no edge crossing or touching a non-adjacent
 * edge, and a non-zero area.  Returns 0, or -1 with *errmsg describing the
 * first defect in words a planner understands, with 1-based point numbers:
 *
 *   "a polygon needs at least 3 points, not 2"
 *   "point 3 is not a number"
 *   "points 3 and 4 are the same"        (any two points, not only neighbours;
 *                                         a repeated closing point is one)
 *   "all points lie on one line"
 *   "edges 1-2 and 2-3 overlap"          (the ring doubles back on itself)
 *   "edges 2-3 and 5-6 cross"
 *   "edges 2-3 and 5-6 touch"            (a point on another edge, or edges
 *                                         overlapping along a line)
 *   "the polygon has no area"
 *
 * Decisions use exact orientation tests, so they do not depend on rounding.
 * O(n^2) in the number of points.
 */
int poly_check_simple(const struct poly_pt *ring, size_t n, char **errmsg);

/* Signed area (positive when counter-clockwise), square metres. */
double poly_signed_area(const struct poly_pt *ring, size_t n);

/* Perimeter length, metres. */
double poly_length(const struct poly_pt *ring, size_t n);

/*
 * 1 if (x, y) is inside the ring (even-odd rule) or exactly on its
 * boundary, 0 otherwise (always 0 for fewer than 3 points).
 */
int poly_contains(const struct poly_pt *ring, size_t n, double x, double y);

#endif /* SHOMER_POLYGON_H */
