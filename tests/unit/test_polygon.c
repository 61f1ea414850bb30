/*
 * test_polygon.c - simple-polygon check, area, length, point in polygon.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "check.h"
#include "polygon.h"

#include "banned.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* The ring must pass poly_check_simple. */
static void expect_simple(const struct poly_pt *ring, size_t n, const char *what)
{
	char *err = NULL;
	int rc = poly_check_simple(ring, n, &err);

	if (!CHECK(rc == 0, what))
		printf("#   error: %s\n", err ? err : "(none)");
	free(err);
}

/* The ring must fail poly_check_simple with exactly `msg`. */
static void expect_defect(const struct poly_pt *ring, size_t n, const char *msg, const char *what)
{
	char *err = NULL;
	int rc = poly_check_simple(ring, n, &err);

	CHECK(rc == -1, what);
	CHECK_STR(err, msg, what);
	free(err);
}

static const struct poly_pt square[] = {{0, 0}, {1, 0}, {1, 1}, {0, 1}};
static const struct poly_pt square_cw[] = {{0, 0}, {0, 1}, {1, 1}, {1, 0}};
/* An L: the notch is the unit square at (1, 1)-(2, 2). */
static const struct poly_pt ell[] = {{0, 0}, {2, 0}, {2, 1}, {1, 1}, {1, 2}, {0, 2}};

static void test_measures(void)
{
	CHECK_NEAR(poly_signed_area(square, N(square)), 1, 0, "unit square area is 1");
	CHECK_NEAR(poly_length(square, N(square)), 4, 0, "unit square length is 4");
	CHECK_NEAR(poly_signed_area(square_cw, N(square_cw)), -1, 0,
	           "clockwise unit square area is -1");
	CHECK_NEAR(poly_signed_area(ell, N(ell)), 3, 0, "L-shape area is 3");
	CHECK_NEAR(poly_length(ell, N(ell)), 8, 0, "L-shape length is 8");
	CHECK_NEAR(poly_signed_area(square, 2), 0, 0, "two points have no area");

	/* A 1 m square on the national grid: relative coordinates keep it exact. */
	struct poly_pt far[] = {{530000.1, 180000.3},
	                        {530001.1, 180000.3},
	                        {530001.1, 180001.3},
	                        {530000.1, 180001.3}};
	CHECK_NEAR(poly_signed_area(far, N(far)), 1, 1e-9,
	           "1 m square at national-grid coordinates has area 1");
}

static void test_simple_ok(void)
{
	expect_simple(square, N(square), "unit square is simple");
	expect_simple(square_cw, N(square_cw), "clockwise square is simple");
	expect_simple(ell, N(ell), "concave L-shape is simple");
	struct poly_pt tri[] = {{0, 0}, {4, 0}, {0, 3}};
	expect_simple(tri, N(tri), "triangle is simple");
}

static void test_defects(void)
{
	struct poly_pt bowtie[] = {{0, 0}, {1, 1}, {1, 0}, {0, 1}};
	expect_defect(bowtie, N(bowtie),
	              "the edge from point 1 to 2 crosses the edge from point 3 to 4",
	              "bow-tie rejected");

	struct poly_pt dup[] = {{0, 0}, {1, 0}, {1, 0}, {1, 1}, {0, 1}};
	expect_defect(dup, N(dup), "points 2 and 3 are the same",
	              "consecutive repeated point rejected");

	struct poly_pt closed[] = {{0, 0}, {1, 0}, {1, 1}, {0, 0}};
	expect_defect(closed, N(closed), "points 1 and 4 are the same",
	              "closing point repeated rejected");

	struct poly_pt pinch[] = {{0, 0}, {2, 0}, {1, 1}, {2, 2}, {0, 2}, {1, 1}};
	expect_defect(pinch, N(pinch), "points 3 and 6 are the same",
	              "non-consecutive repeated point rejected");

	struct poly_pt line[] = {{0, 0}, {1, 1}, {2, 2}, {3, 3}};
	expect_defect(line, N(line), "all points lie on one line",
	              "collinear (zero-area) ring rejected");

	expect_defect(square, 2, "a polygon needs at least 3 points, not 2", "two points rejected");
	expect_defect(square, 0, "a polygon needs at least 3 points, not 0", "no points rejected");

	/* Point 4 sits on edge 1-2, which is not next to it. */
	struct poly_pt touch[] = {{0, 0}, {4, 0}, {4, 4}, {2, 0}, {0, 4}};
	expect_defect(touch, N(touch),
	              "the edge from point 1 to 2 touches the edge from point 3 to 4",
	              "vertex touching a non-adjacent edge rejected");

	struct poly_pt spike[] = {{0, 0}, {2, 0}, {1, 0}, {1, 1}};
	expect_defect(spike, N(spike),
	              "the edge from point 1 to 2 overlaps the edge from point 2 to 3",
	              "ring doubling back on itself rejected");

	struct poly_pt overlap[] = {{0, 0}, {6, 0}, {6, 2}, {4, 2}, {4, 0}, {2, 0}, {2, 2}, {0, 2}};
	expect_defect(overlap, N(overlap),
	              "the edge from point 1 to 2 touches the edge from point 4 to 5",
	              "collinear overlap with a non-adjacent edge rejected");

	struct poly_pt nan_pt[] = {{0, 0}, {1, 0}, {NAN, 1}};
	expect_defect(nan_pt, N(nan_pt), "point 3 is not a number", "nan coordinate rejected");
}

/*
 * Vertex 4 is (0.5 + i u, 0.5 + j u), u = 2^-53, next to edge 1-2 along
 * y = x: on it when i == j, just below (so edge 3-4 crosses it) when j < i,
 * just above (simple) when j > i.  The differences from (24, 24) round, so
 * a plain floating-point determinant calls all of them "on the line".
 */
static void test_near_collinear(void)
{
	const double u = ldexp(1, -53);
	int wrong = 0;

	for (int i = -3; i <= 3; i++) {
		for (int j = -3; j <= 3; j++) {
			struct poly_pt ring[] = {
			        {24, 24}, {-12, -12}, {-12, 30}, {0.5 + i * u, 0.5 + j * u}};
			const char *want = i == j  ? "the edge from point 1 to 2 touches the edge "
			                             "from point 3 to 4"
			                   : j < i ? "the edge from point 1 to 2 crosses the edge "
			                             "from point 3 to 4"
			                           : NULL;
			char *err = NULL;
			poly_check_simple(ring, N(ring), &err);
			int ok = want ? err && strcmp(err, want) == 0 : !err;
			if (!ok) {
				printf("#   i %d j %d: got '%s'\n", i, j, err ? err : "(simple)");
				wrong++;
			}
			free(err);
		}
	}
	CHECK(wrong == 0, "vertex one ulp off an edge classified exactly (49 cases)");
}

static void test_contains(void)
{
	CHECK(poly_contains(square, N(square), 0.5, 0.5), "centre of square inside");
	CHECK(!poly_contains(square, N(square), 1.5, 0.5), "right of square outside");
	CHECK(poly_contains(square, N(square), 1, 0.5), "point on square edge inside");
	CHECK(poly_contains(square, N(square), 0, 0), "square corner inside");
	CHECK(poly_contains(square_cw, N(square_cw), 0.25, 0.75), "inside clockwise square");

	CHECK(poly_contains(ell, N(ell), 0.5, 0.5), "L: lower-left inside");
	CHECK(poly_contains(ell, N(ell), 1.5, 0.5), "L: lower-right arm inside");
	CHECK(poly_contains(ell, N(ell), 0.5, 1.5), "L: upper arm inside");
	CHECK(!poly_contains(ell, N(ell), 1.5, 1.5), "L: notch outside");
	CHECK(poly_contains(ell, N(ell), 0.5, 1), "L: ray through two vertices, inside");
	CHECK(!poly_contains(ell, N(ell), -1, 1), "L: ray through two vertices, outside left");
	CHECK(!poly_contains(ell, N(ell), 3, 1), "L: level with the notch, outside right");
	CHECK(poly_contains(ell, N(ell), 1.5, 1), "L: on the notch edge counts as inside");
	CHECK(!poly_contains(ell, N(ell), 1.5, 1 + 1e-12), "L: just into the notch outside");
	CHECK(!poly_contains(square, 2, 0.5, 0), "fewer than 3 points contain nothing");
}

int main(void)
{
	test_measures();
	test_simple_ok();
	test_defects();
	test_near_collinear();
	test_contains();
	return check_done();
}
