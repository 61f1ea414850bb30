/*
 * test_spindex.c - the grid index against brute force.
 *
 * Every query is answered twice, by the index and by a scan of all points
 * with the same distance formula, and the answers must be identical: same
 * indexes, same order, same distances to the last bit.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "check.h"
#include "spindex.h"
#include "util.h"

#include "banned.h"

/* Knuth's MMIX LCG: fixed seed, same numbers on every platform. */
static uint64_t lcg_state = 20240611;

static double rnd(void)
{
	lcg_state = lcg_state * 6364136223846793005u + 1442695040888963407u;
	return (double)(lcg_state >> 11) / 9007199254740992.0; /* [0, 1) */
}

static double rnd_in(double lo, double hi)
{
	return lo + (hi - lo) * rnd();
}

struct pts {
	double *x, *y;
	size_t n, alloc_x, alloc_y;
};

static void pts_add(struct pts *p, double x, double y)
{
	ALLOC_GROW(p->x, p->n + 1, p->alloc_x);
	ALLOC_GROW(p->y, p->n + 1, p->alloc_y);
	p->x[p->n] = x;
	p->y[p->n] = y;
	p->n++;
}

static void pts_release(struct pts *p)
{
	free(p->x);
	free(p->y);
}

/* ---- brute force ---- */

/* The index promises never to return a point with a NaN or infinite coordinate. */
static int usable(const struct pts *p, size_t i)
{
	return isfinite(p->x[i]) && isfinite(p->y[i]);
}

static int cmp_dist(const void *a, const void *b)
{
	const struct spindex_hit *p = a, *q = b;

	if (p->dist != q->dist)
		return p->dist < q->dist ? -1 : 1;
	return p->idx < q->idx ? -1 : p->idx > q->idx;
}

static size_t brute_radius(const struct pts *p, double x, double y, double r,
                           struct spindex_hit *out)
{
	size_t n = 0;

	for (size_t i = 0; i < p->n; i++) {
		double d = hypot(p->x[i] - x, p->y[i] - y);
		if (usable(p, i) && d <= r) {
			out[n].idx = i;
			out[n].dist = d;
			n++;
		}
	}
	if (n > 1)
		qsort(out, n, sizeof(*out), cmp_dist);
	return n;
}

static size_t brute_box(const struct pts *p, double x0, double y0, double x1, double y1,
                        struct spindex_hit *out)
{
	size_t n = 0;

	for (size_t i = 0; i < p->n; i++) {
		if (usable(p, i) && p->x[i] >= x0 && p->x[i] <= x1 && p->y[i] >= y0 &&
		    p->y[i] <= y1) {
			out[n].idx = i;
			out[n].dist = 0;
			n++;
		}
	}
	return n;
}

static int brute_nearest(const struct pts *p, double x, double y, struct spindex_hit *hit)
{
	int found = 0;

	if (!isfinite(x) || !isfinite(y))
		return -1;
	for (size_t i = 0; i < p->n; i++) {
		double d = hypot(p->x[i] - x, p->y[i] - y);
		if (usable(p, i) && (!found || d < hit->dist)) {
			hit->idx = i;
			hit->dist = d;
			found = 1;
		}
	}
	return found ? 0 : -1;
}

/* ---- comparison ---- */

static int same_hits(const struct spindex_hit *a, size_t na, const struct spindex_hit *b, size_t nb)
{
	if (na != nb)
		return 0;
	for (size_t i = 0; i < na; i++) {
		if (a[i].idx != b[i].idx || a[i].dist != b[i].dist)
			return 0;
	}
	return 1;
}

/* Counts queries that disagree with brute force; prints the first one. */
struct tally {
	int queries, wrong;
};

static void tally(struct tally *t, int ok, const char *kind, double x, double y, double r)
{
	t->queries++;
	if (ok)
		return;
	if (!t->wrong)
		printf("#   first mismatch: %s at (%.17g, %.17g) size %.17g\n", kind, x, y, r);
	t->wrong++;
}

static void one_radius(const struct spindex *ix, const struct pts *p, double x, double y, double r,
                       struct spindex_hit *want, struct tally *t)
{
	struct spindex_hit *got;
	size_t ngot;

	spindex_radius(ix, x, y, r, &got, &ngot);
	size_t nwant = brute_radius(p, x, y, r, want);
	tally(t, same_hits(got, ngot, want, nwant), "radius", x, y, r);
	free(got);
}

static void one_box(const struct spindex *ix, const struct pts *p, double x, double y, double w,
                    double h, struct spindex_hit *want, struct tally *t)
{
	struct spindex_hit *got;
	size_t ngot;

	spindex_box(ix, x, y, x + w, y + h, &got, &ngot);
	size_t nwant = brute_box(p, x, y, x + w, y + h, want);
	tally(t, same_hits(got, ngot, want, nwant), "box", x, y, w);
	free(got);
}

static void one_nearest(const struct spindex *ix, const struct pts *p, double x, double y,
                        struct tally *t)
{
	struct spindex_hit got = {0, 0}, want = {0, 0};
	int rg = spindex_nearest(ix, x, y, &got);
	int rw = brute_nearest(p, x, y, &want);

	tally(t, rg == rw && (rg || same_hits(&got, 1, &want, 1)), "nearest", x, y, 0);
}

static void report(const char *name, double cell, const char *kind, const struct tally *t)
{
	char *what = xstrfmt("%s, cell %g: %d %s queries match brute force", name, cell, t->queries,
	                     kind);

	CHECK(t->wrong == 0, what);
	free(what);
}

/*
 * Runs `nq` random queries of each kind around the box (x0, y0)-(x1, y1)
 * (enlarged by `margin`), plus radius-0 and box queries exactly on points,
 * and reports one check per kind.
 */
static void compare_all(const struct pts *p, double cell, double x0, double y0, double x1,
                        double y1, double margin, double rmax, int nq, const char *name)
{
	struct spindex *ix = spindex_build(p->x, p->y, p->n, cell);
	struct spindex_hit *want = xmalloc((p->n + 1) * sizeof(*want));
	struct tally tr = {0, 0}, tb = {0, 0}, tn = {0, 0};

	for (int q = 0; q < nq; q++) {
		double x = rnd_in(x0 - margin, x1 + margin), y = rnd_in(y0 - margin, y1 + margin);
		one_radius(ix, p, x, y, rnd_in(0, rmax), want, &tr);
		one_box(ix, p, x, y, rnd_in(0, rmax), rnd_in(0, rmax), want, &tb);
		one_nearest(ix, p, x, y, &tn);
		if (p->n) {
			/* Exactly on a point: the closed bounds must include it. */
			size_t i = (size_t)(rnd() * (double)p->n);
			one_radius(ix, p, p->x[i], p->y[i], 0, want, &tr);
			one_box(ix, p, p->x[i], p->y[i], 0, 0, want, &tb);
			one_nearest(ix, p, p->x[i], p->y[i], &tn);
		}
	}
	report(name, cell, "radius", &tr);
	report(name, cell, "box", &tb);
	report(name, cell, "nearest", &tn);
	free(want);
	spindex_free(ix);
}

/* ---- scenarios ---- */

static const double cells[] = {0, 1, 37.5, 1e5};

/* Uniform points on a 10 km national-grid square, with exact duplicates. */
static void test_uniform(void)
{
	struct pts p = {0};

	for (int i = 0; i < 3000; i++)
		pts_add(&p, rnd_in(500000, 510000), rnd_in(180000, 190000));
	for (int i = 0; i < 200; i++) {
		size_t j = (size_t)(rnd() * 3000);
		pts_add(&p, p.x[j], p.y[j]);
	}
	for (size_t c = 0; c < ARRAY_SIZE(cells); c++)
		compare_all(&p, cells[c], 500000, 180000, 510000, 190000, 2000, 1500, 150,
		            "uniform");
	pts_release(&p);
}

/* Tight clusters far apart, snapped to a 1 m grid so that distances tie. */
static void test_clusters(void)
{
	struct pts p = {0};

	for (int c = 0; c < 5; c++) {
		double cx = rnd_in(0, 1e6), cy = rnd_in(0, 1e6);
		for (int i = 0; i < 400; i++)
			pts_add(&p, floor(cx + rnd_in(-50, 50)), floor(cy + rnd_in(-50, 50)));
	}
	for (size_t c = 0; c < ARRAY_SIZE(cells); c++)
		compare_all(&p, cells[c], 0, 0, 1e6, 1e6, 1000, 3e5, 150, "clusters");
	pts_release(&p);
}

static void test_empty(void)
{
	struct spindex *ix = spindex_build(NULL, NULL, 0, 0);
	struct spindex_hit *hits, hit;
	size_t n = 99;

	spindex_radius(ix, 0, 0, 1e9, &hits, &n);
	CHECK(n == 0, "empty index: radius query finds nothing");
	free(hits);
	n = 99;
	spindex_box(ix, -1e9, -1e9, 1e9, 1e9, &hits, &n);
	CHECK(n == 0, "empty index: box query finds nothing");
	free(hits);
	CHECK(spindex_nearest(ix, 0, 0, &hit) == -1, "empty index: no nearest point");
	spindex_free(ix);
}

static void test_same_place(void)
{
	struct pts p = {0};

	for (int i = 0; i < 50; i++)
		pts_add(&p, 431000.5, 276000.25);
	struct spindex *ix = spindex_build(p.x, p.y, p.n, 0);
	struct spindex_hit *hits, hit;
	size_t n;

	spindex_radius(ix, 431000.5, 276000.25, 0, &hits, &n);
	int ordered = n == 50;
	for (size_t i = 0; ordered && i < n; i++)
		ordered = hits[i].idx == i && hits[i].dist == 0;
	CHECK(ordered, "same place: radius 0 finds all 50 in index order");
	free(hits);
	spindex_radius(ix, 431001.5, 276000.25, 0.999, &hits, &n);
	CHECK(n == 0, "same place: radius just short finds nothing");
	free(hits);
	spindex_box(ix, 431000.5, 276000.25, 431000.5, 276000.25, &hits, &n);
	CHECK(n == 50 && hits[0].idx == 0 && hits[49].idx == 49,
	      "same place: degenerate box finds all 50");
	free(hits);
	CHECK(spindex_nearest(ix, 0, 0, &hit) == 0 && hit.idx == 0,
	      "same place: nearest is the lowest index");
	spindex_free(ix);

	for (size_t c = 0; c < ARRAY_SIZE(cells); c++)
		compare_all(&p, cells[c], 431000, 276000, 431001, 276001, 10, 5, 20, "same place");
	pts_release(&p);
}

/*
 * A typing slip puts one site over 1000 km away and another at 1e15 m: the
 * grid must neither explode nor lose the points near each other, and
 * points with NaN coordinates are never returned.
 */
static void test_outliers(void)
{
	struct pts p = {0};

	for (int i = 0; i < 2000; i++)
		pts_add(&p, rnd_in(0, 1000), rnd_in(0, 1000));
	pts_add(&p, 1e6, -1e6);
	pts_add(&p, 1e15, 1e15);
	pts_add(&p, NAN, 5);
	pts_add(&p, 5, INFINITY);
	size_t outlier = 2000;

	for (size_t c = 0; c < ARRAY_SIZE(cells); c++)
		compare_all(&p, cells[c], 0, 0, 1000, 1000, 500, 600, 100, "outliers");

	struct spindex *ix = spindex_build(p.x, p.y, p.n, 0);
	struct spindex_hit *hits, hit;
	size_t n;
	CHECK(spindex_nearest(ix, 1e6 + 1, -1e6, &hit) == 0 && hit.idx == outlier,
	      "outliers: nearest to the far site is the far site");
	CHECK(spindex_nearest(ix, 9e14, 9e14, &hit) == 0 && hit.idx == outlier + 1,
	      "outliers: nearest to 1e15 is the point at 1e15");
	spindex_radius(ix, 500, 500, INFINITY, &hits, &n);
	CHECK(n == 2002, "outliers: infinite radius finds every finite point");
	free(hits);
	spindex_radius(ix, NAN, 500, 10, &hits, &n);
	CHECK(n == 0, "outliers: nan query centre finds nothing");
	free(hits);
	CHECK(spindex_nearest(ix, NAN, 0, &hit) == -1, "outliers: nan query has no nearest");
	spindex_box(ix, 1, 1, 0, 0, &hits, &n);
	CHECK(n == 0, "outliers: inverted box finds nothing");
	free(hits);
	spindex_free(ix);
	pts_release(&p);
}

/*
 * Eight points at exactly 5 m (3-4-5 triangles) around the query, numbered
 * so that the grid meets the higher indexes first: ties must still come
 * out by index.
 */
static void test_ties(void)
{
	static const double ring[8][2] = {{-4, -3}, {-3, -4}, {-4, 3}, {-3, 4},
	                                  {4, -3},  {3, -4},  {4, 3},  {3, 4}};
	struct pts p = {0};

	for (int i = 7; i >= 0; i--)
		pts_add(&p, 1000 + ring[i][0], 2000 + ring[i][1]);
	pts_add(&p, 1000, 2100);
	for (size_t c = 0; c < ARRAY_SIZE(cells); c++) {
		struct spindex *ix = spindex_build(p.x, p.y, p.n, cells[c]);
		struct spindex_hit *hits, hit = {99, 0};
		size_t n;
		char *what = xstrfmt("ties, cell %g: nearest of 8 at 5 m is index 0", cells[c]);

		spindex_nearest(ix, 1000, 2000, &hit);
		CHECK(hit.idx == 0 && hit.dist == 5, what);
		free(what);
		spindex_radius(ix, 1000, 2000, 5, &hits, &n);
		int ordered = n == 8;
		for (size_t i = 0; ordered && i < n; i++)
			ordered = hits[i].idx == i && hits[i].dist == 5;
		what = xstrfmt("ties, cell %g: radius 5 gives the 8 by index", cells[c]);
		CHECK(ordered, what);
		free(what);
		free(hits);
		spindex_free(ix);
	}
	pts_release(&p);
}

int main(void)
{
	test_uniform();
	test_clusters();
	test_empty();
	test_same_place();
	test_outliers();
	test_ties();
	return check_done();
}
