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
 * first defect in words a planner understands, with 1-based point numbers
 * ("edges 2-3 and 5-6 cross", "points 3 and 4 are the same").
 */
int poly_check_simple(const struct poly_pt *ring, size_t n, char **errmsg);

/* Signed area (positive when counter-clockwise), square metres. */
double poly_signed_area(const struct poly_pt *ring, size_t n);

/* Perimeter length, metres. */
double poly_length(const struct poly_pt *ring, size_t n);

/* 1 if (x, y) is inside the ring (even-odd rule), 0 otherwise. */
int poly_contains(const struct poly_pt *ring, size_t n, double x, double y);

#endif /* SHOMER_POLYGON_H */
