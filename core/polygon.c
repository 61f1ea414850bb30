/*
 * polygon.c - see polygon.h.
 *
 * Every yes/no geometric decision here goes through orient(), which gives
 * the exact sign of the orientation determinant: a plain floating-point
 * determinant gets the sign wrong for nearly collinear points, and then a
 * crossing can pass as simple or a point on an edge as outside.
 */
#include "polygon.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>

#include "util.h"

#include "banned.h"

/* ---- exact orientation ---- */

/* a + b == *s + *e exactly (Knuth's TwoSum). */
static void two_sum(double a, double b, double *s, double *e)
{
	double sum = a + b;
	double bv = sum - a;
	double av = sum - bv;

	*s = sum;
	*e = (a - av) + (b - bv);
}

/*
 * Adds b to the expansion h[0..*n) (nonoverlapping, increasing magnitude)
 * without rounding: Shewchuk's Grow-Expansion with zero elimination.
 */
static void grow_expansion(double *h, size_t *n, double b)
{
	double q = b;
	size_t k = 0;

	for (size_t i = 0; i < *n; i++) {
		double err;
		two_sum(q, h[i], &q, &err);
		if (err != 0)
			h[k++] = err;
	}
	if (q != 0)
		h[k++] = q;
	*n = k;
}

/* Adds the exact product a * b, split into two doubles with fma. */
static void add_product(double *h, size_t *n, double a, double b)
{
	double p = a * b;

	grow_expansion(h, n, p);
	grow_expansion(h, n, fma(a, b, -p));
}

/*
 * The sign of (b - a) x (c - a), exactly, for coordinates whose products
 * neither overflow nor underflow (anything in metres does).  The
 * determinant is expanded into six products of the input coordinates, each
 * exact as two doubles, and summed exactly; the sign of an expansion is the
 * sign of its largest component, its last.  The ordinary floating-point
 * value is used whenever it is safely away from zero (Shewchuk's error
 * bound for orient2d, "Adaptive Precision Floating-Point Arithmetic and
 * Fast Robust Geometric Predicates", 1997).
 */
static int orient(struct poly_pt a, struct poly_pt b, struct poly_pt c)
{
	double left = (b.x - a.x) * (c.y - a.y);
	double right = (b.y - a.y) * (c.x - a.x);
	double det = left - right;
	const double eps = DBL_EPSILON / 2;
	double bound = (3 + 16 * eps) * eps * (fabs(left) + fabs(right));

	if (det > bound || -det > bound)
		return det > 0 ? 1 : -1;

	double h[12];
	size_t n = 0;
	add_product(h, &n, a.x, b.y);
	add_product(h, &n, -a.x, c.y);
	add_product(h, &n, -a.y, b.x);
	add_product(h, &n, a.y, c.x);
	add_product(h, &n, b.x, c.y);
	add_product(h, &n, -b.y, c.x);
	if (!n)
		return 0;
	return h[n - 1] > 0 ? 1 : -1;
}

/* ---- segments ---- */

static int same_pt(struct poly_pt a, struct poly_pt b)
{
	return a.x == b.x && a.y == b.y;
}

/* For p collinear with a-b: 1 if p lies on the closed segment a-b. */
static int within(struct poly_pt a, struct poly_pt b, struct poly_pt p)
{
	return fmin(a.x, b.x) <= p.x && p.x <= fmax(a.x, b.x) && fmin(a.y, b.y) <= p.y &&
	       p.y <= fmax(a.y, b.y);
}

enum meet { MEET_NONE, MEET_TOUCH, MEET_CROSS };

/*
 * How the closed segments p-q and r-s meet: MEET_CROSS when they cross at
 * one point interior to both, MEET_TOUCH for any other contact (an end on
 * the other segment, collinear overlap).
 */
static enum meet segments_meet(struct poly_pt p, struct poly_pt q, struct poly_pt r,
                               struct poly_pt s)
{
	int d1 = orient(r, s, p), d2 = orient(r, s, q);
	int d3 = orient(p, q, r), d4 = orient(p, q, s);

	if (d1 * d2 < 0 && d3 * d4 < 0)
		return MEET_CROSS;
	if ((d1 == 0 && within(r, s, p)) || (d2 == 0 && within(r, s, q)) ||
	    (d3 == 0 && within(p, q, r)) || (d4 == 0 && within(p, q, s)))
		return MEET_TOUCH;
	return MEET_NONE;
}

/* ---- the simple-polygon check ---- */

static size_t next(size_t i, size_t n)
{
	return i + 1 == n ? 0 : i + 1;
}

static int check_points(const struct poly_pt *ring, size_t n, char **errmsg)
{
	for (size_t i = 0; i < n; i++) {
		if (!isfinite(ring[i].x) || !isfinite(ring[i].y))
			return err_set(errmsg, "point %zu is not a number", i + 1);
	}
	for (size_t i = 0; i < n; i++) {
		for (size_t j = i + 1; j < n; j++) {
			if (same_pt(ring[i], ring[j]))
				return err_set(errmsg, "points %zu and %zu are the same", i + 1,
				               j + 1);
		}
	}
	return 0;
}

/* Called with distinct points: ring[0] != ring[1]. */
static int check_not_a_line(const struct poly_pt *ring, size_t n, char **errmsg)
{
	for (size_t i = 2; i < n; i++) {
		if (orient(ring[0], ring[1], ring[i]))
			return 0;
	}
	return err_set(errmsg, "all points lie on one line");
}

/*
 * Edges i and i+1 share a point; they are a defect only when the ring
 * doubles back along itself there (a spike), which a collinear third
 * point on either edge reveals.
 */
static int check_adjacent(const struct poly_pt *ring, size_t n, size_t i, char **errmsg)
{
	size_t j = next(i, n), k = next(j, n);
	struct poly_pt a = ring[i], b = ring[j], c = ring[k];

	if (orient(a, b, c) == 0 && (within(a, b, c) || within(b, c, a)))
		return err_set(
		        errmsg,
		        "the edge from point %zu to %zu overlaps the edge from point %zu to %zu",
		        i + 1, j + 1, j + 1, k + 1);
	return 0;
}

static int check_pair(const struct poly_pt *ring, size_t n, size_t i, size_t j, char **errmsg)
{
	size_t i2 = next(i, n), j2 = next(j, n);
	enum meet m = segments_meet(ring[i], ring[i2], ring[j], ring[j2]);

	if (m == MEET_NONE)
		return 0;
	return err_set(errmsg, "the edge from point %zu to %zu %s the edge from point %zu to %zu",
	               i + 1, i2 + 1, m == MEET_CROSS ? "crosses" : "touches", j + 1, j2 + 1);
}

/*
 * O(n^2) over pairs of edges: site perimeters have tens of points, and a
 * sweep line would be far more code to get exactly right.
 */
static int check_edges(const struct poly_pt *ring, size_t n, char **errmsg)
{
	for (size_t i = 0; i < n; i++) {
		if (check_adjacent(ring, n, i, errmsg))
			return -1;
		/* Edges i+1 and (for i == 0) n-1 are adjacent to edge i. */
		size_t last = i == 0 ? n - 1 : n;
		for (size_t j = i + 2; j < last; j++) {
			if (check_pair(ring, n, i, j, errmsg))
				return -1;
		}
	}
	return 0;
}

int poly_check_simple(const struct poly_pt *ring, size_t n, char **errmsg)
{
	if (n < 3)
		return err_set(errmsg, "a polygon needs at least 3 points, not %zu", n);
	if (check_points(ring, n, errmsg) || check_not_a_line(ring, n, errmsg) ||
	    check_edges(ring, n, errmsg))
		return -1;
	/* Exact tests above make this unreachable but for rounding in tiny rings. */
	if (poly_signed_area(ring, n) == 0)
		return err_set(errmsg, "the polygon has no area");
	return 0;
}

/* ---- measures ---- */

/*
 * Shoelace formula on coordinates taken relative to the first point:
 * national-grid coordinates are ~1e5-1e6 m, and their raw products would
 * lose the square metres of a small site to rounding.
 */
double poly_signed_area(const struct poly_pt *ring, size_t n)
{
	if (n < 3)
		return 0;
	double x0 = ring[0].x, y0 = ring[0].y;
	double sum = 0;
	for (size_t i = 1; i + 1 < n; i++) {
		sum += (ring[i].x - x0) * (ring[i + 1].y - y0) -
		       (ring[i + 1].x - x0) * (ring[i].y - y0);
	}
	return sum / 2;
}

double poly_length(const struct poly_pt *ring, size_t n)
{
	double len = 0;

	if (n < 2)
		return 0;
	for (size_t i = 0; i < n; i++) {
		size_t j = next(i, n);
		len += hypot(ring[j].x - ring[i].x, ring[j].y - ring[i].y);
	}
	return len;
}

/*
 * Even-odd rule, casting a ray towards +x.  An edge counts when it spans
 * the ray's y half-open (one end strictly above), so a vertex on the ray is
 * counted once; which side of the edge the point is on is decided by the
 * exact orientation, so no division is rounded the wrong way.  A point on
 * the boundary counts as inside: an incident on a site's fence line is at
 * the site.
 */
int poly_contains(const struct poly_pt *ring, size_t n, double x, double y)
{
	struct poly_pt p = {x, y};
	int inside = 0;

	if (n < 3)
		return 0;
	for (size_t i = 0; i < n; i++) {
		struct poly_pt a = ring[i], b = ring[next(i, n)];
		int o = orient(a, b, p);
		if (o == 0 && within(a, b, p))
			return 1;
		if ((a.y > y) == (b.y > y))
			continue;
		/* Upward edge: crossing right of p iff p is left of the edge. */
		if ((b.y > a.y) ? o > 0 : o < 0)
			inside = !inside;
	}
	return inside;
}
