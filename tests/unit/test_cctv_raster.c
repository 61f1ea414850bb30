/*
 * test_cctv_raster.c - the raster reference (plugins/cctv/raster.c) on
 * sites small enough to work out by hand: a square a corner camera sees
 * whole, a quarter disc for a short reach, the shadow of a wall, the share
 * of a perimeter a central camera sees, and what does not count (faulty
 * and planned cameras, a site with no perimeter).
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "raster.h"
#include "scene.h"
#include "vis.h"

#include "banned.h"

struct ring4 {
	double x[4], y[4];
};

/* The axis-aligned rectangle as a counter-clockwise ring. */
static struct cctv_path rect(struct ring4 *r, double x0, double y0, double x1, double y1)
{
	struct cctv_path p = {4, r->x, r->y};

	r->x[0] = x0, r->y[0] = y0;
	r->x[1] = x1, r->y[1] = y0;
	r->x[2] = x1, r->y[2] = y1;
	r->x[3] = x0, r->y[3] = y1;
	return p;
}

static struct cctv_camera camera(double x, double y, double bearing, double fov, long pixels,
                                 enum cctv_type type)
{
	struct cctv_camera c;

	memset(&c, 0, sizeof(c));
	c.id = "C1";
	c.x = x;
	c.y = y;
	c.height = 3.0;
	c.bearing = bearing;
	c.fov = fov;
	c.pixels = pixels;
	c.type = type;
	c.status = CCTV_WORKING;
	return c;
}

static struct ring4 site_ring;

/* The 20 m x 20 m square site with corners (0, 0) and (20, 20). */
static void square_site(struct cctv_scene *s, struct cctv_camera *cams, size_t n)
{
	memset(s, 0, sizeof(*s));
	s->site_id = "S";
	s->perimeter = rect(&site_ring, 0, 0, 20, 20);
	s->cameras = cams;
	s->n_cameras = n;
}

static void test_whole_square(const struct cctv_params *p)
{
	/* 20000 px over 100 degrees reaches 33 m even at identification; the
	 * view's edges lie outside the site, not along its sides. */
	struct cctv_camera c = camera(0, 0, 45, 100, 20000, CCTV_FIXED);
	struct cctv_scene s;
	struct cctv_raster r;

	square_site(&s, &c, 1);
	CHECK(cctv_raster_coverage(&s, p, 0.5, &r) == 0, "whole square: computed");
	CHECK(r.samples == 1600, "whole square: 40 x 40 samples at 0.5 m");
	CHECK_NEAR(r.outdoor_area, 400, 1e-9, "whole square: outdoor area 400 m2");
	for (int L = 0; L < CCTV_N_LEVELS; L++) {
		char what[80];

		snprintf(what, sizeof(what), "whole square: all seen at %s", cctv_level_name[L]);
		CHECK_NEAR(r.share[L], 1.0, 0.01, what);
	}
	CHECK_NEAR(r.covered[CCTV_IDENTIFICATION], 400, 4, "whole square: 400 m2 identified");
	CHECK_NEAR(r.perimeter_share, 1.0, 0.01, "whole square: the perimeter seen");
}

static void test_short_reach(const struct cctv_params *p)
{
	/* 500 px over 100 degrees: 8.4 m slant at detection, 3.4 m at
	 * observation, 0.84 m at identification, under the 1.4 m drop. */
	struct cctv_camera c = camera(0, 0, 45, 100, 500, CCTV_FIXED);
	struct cctv_scene s;
	struct cctv_raster r;
	double r0 = cctv_ground_reach(&c, CCTV_DETECTION, p);
	double r1 = cctv_ground_reach(&c, CCTV_OBSERVATION, p);
	double q0 = M_PI * r0 * r0 / 4, q1 = M_PI * r1 * r1 / 4;
	double d0 = 500 / (2 * 25 * tan(50 * M_PI / 180));

	square_site(&s, &c, 1);
	CHECK(cctv_raster_coverage(&s, p, 0.25, &r) == 0, "short reach: computed");
	CHECK_NEAR(r0, sqrt(d0 * d0 - 1.4 * 1.4), 1e-9, "short reach: detection reach by hand");
	CHECK_NEAR(r.share[CCTV_DETECTION], q0 / 400, 0.01 * q0 / 400,
	           "short reach: detection a quarter disc, within 1%");
	CHECK_NEAR(r.share[CCTV_OBSERVATION], q1 / 400, 0.03 * q1 / 400,
	           "short reach: observation a smaller quarter disc, within 3%");
	CHECK_NEAR(r.covered[CCTV_DETECTION], q0, 0.01 * q0, "short reach: covered in m2");
	CHECK(r.share[CCTV_RECOGNITION] <= r.share[CCTV_OBSERVATION],
	      "short reach: recognition no more than observation");
	CHECK(r.share[CCTV_IDENTIFICATION] == 0, "short reach: no identification");
	/* Along two sides from the corner, r0 each, of 80 m. */
	CHECK_NEAR(r.perimeter_share, 2 * r0 / 80, 0.25 * 3 / 80,
	           "short reach: perimeter seen along both sides, to a point or so");
}

/*
 * A PTZ camera at (10, 0), looking all round and reaching everything; a
 * wall from (5, 10) to (15, 10) 0.5 m thick, the rectangle 5 <= x <= 15,
 * 9.75 <= y <= 10.25.  Its shadow is bounded by the rays through the near
 * corners (5, 9.75) and (15, 9.75): |x - 10| <= 5 y / 9.75 for y >= 10.25,
 * as wide as the site (20 m) from y = 19.5; so
 *   integral 10.25..19.5 of 10 y / 9.75 dy + 0.5 x 20
 *     = (10 / 9.75) (19.5^2 - 10.25^2) / 2 + 10 = 151.122,
 * and beside each end of the wall, 9.75 <= y <= 10.25, a sliver between
 * x = 15 and the ray: (5 / 9.75) 0.5^2 / 2 = 0.064 each.  The wall takes
 * 10 x 0.5 = 5 m2 of the 400.
 */
static void test_wall_shadow(const struct cctv_params *p)
{
	struct cctv_camera c = camera(10, 0, 0, 90, 20000, CCTV_PTZ);
	double wx[2] = {5, 15}, wy[2] = {10, 10};
	struct cctv_wall w = {"W1", {2, wx, wy}, 0.5};
	struct cctv_scene s;
	struct cctv_raster r;
	double shadow =
	        (10 / 9.75) * (19.5 * 19.5 - 10.25 * 10.25) / 2 + 10 + 2 * (5 / 9.75) * 0.25 / 2;

	square_site(&s, &c, 1);
	s.walls = &w;
	s.n_walls = 1;
	CHECK(cctv_raster_coverage(&s, p, 0.25, &r) == 0, "wall shadow: computed");
	CHECK_NEAR(r.outdoor_area, 395, 1e-9, "wall shadow: the wall takes 5 m2");
	CHECK_NEAR(r.covered[CCTV_DETECTION], 395 - shadow, 1.0,
	           "wall shadow: covered is outdoor less the shadow, within 1 m2");
	CHECK_NEAR(r.share[CCTV_DETECTION], (395 - shadow) / 395, 1.0 / 395, "wall shadow: share");
	CHECK_NEAR(r.covered[CCTV_IDENTIFICATION], 395 - shadow, 1.0,
	           "wall shadow: the same at identification");
}

/*
 * A PTZ camera at the centre reaching r along the ground sees, of each
 * 20 m side 10 m away, the stretch |t| <= sqrt(r^2 - 100).  Points every
 * 0.25 m: each end of each stretch may gain or lose one point.  Inside,
 * it sees the disc less the four segments beyond the sides, which do not
 * meet since the corners are out of reach.
 */
static void test_perimeter_share(const struct cctv_params *p)
{
	struct cctv_camera c = camera(10, 10, 0, 90, 600, CCTV_PTZ);
	struct cctv_scene s;
	struct cctv_raster r;
	double g = cctv_ground_reach(&c, CCTV_DETECTION, p);
	double want = 2 * sqrt(g * g - 100) / 20;
	double inside = M_PI * g * g - 4 * (g * g * acos(10 / g) - 10 * sqrt(g * g - 100));

	square_site(&s, &c, 1);
	CHECK(g > 10 && g < 14, "perimeter: the reach falls between side and corner");
	CHECK(cctv_raster_coverage(&s, p, 0.25, &r) == 0, "perimeter: computed");
	CHECK_NEAR(r.perimeter_share, want, 2 * 0.25 / 20, "perimeter: share by hand");
	CHECK_NEAR(r.covered[CCTV_DETECTION], inside, 0.01 * inside,
	           "perimeter: inside, the disc less four segments, within 1%");
}

static void test_what_does_not_count(const struct cctv_params *p)
{
	struct cctv_camera c[2] = {camera(0, 0, 45, 90, 20000, CCTV_FIXED),
	                           camera(20, 20, 225, 90, 20000, CCTV_FIXED)};
	struct cctv_scene s;
	struct cctv_raster r;
	struct cctv_params night = *p;

	c[0].status = CCTV_FAULTY;
	c[1].status = CCTV_PLANNED;
	square_site(&s, c, 2);
	CHECK(cctv_raster_coverage(&s, p, 0.5, &r) == 0, "not counted: computed");
	CHECK(r.samples == 1600 && r.share[CCTV_DETECTION] == 0 && r.perimeter_share == 0,
	      "not counted: faulty and planned cameras see nothing");

	c[0].status = CCTV_WORKING;
	night.night = 1;
	CHECK(cctv_raster_coverage(&s, &night, 0.5, &r) == 0 && r.share[CCTV_DETECTION] == 0,
	      "not counted: no infrared, nothing at night");
	c[0].ir_range = 10;
	CHECK(cctv_raster_coverage(&s, &night, 0.25, &r) == 0, "night: computed");
	CHECK_NEAR(r.share[CCTV_DETECTION], M_PI * 100 / 4 / 400, 0.01 * M_PI * 100 / 4 / 400,
	           "night: a quarter disc of the infrared range");

	s.perimeter.n = 0;
	memset(&r, 0xff, sizeof(r));
	CHECK(cctv_raster_coverage(&s, p, 0.5, &r) == 0, "no perimeter: not an error");
	CHECK(r.samples == 0 && r.outdoor_area == 0 && r.share[0] == 0 && r.covered[0] == 0 &&
	              r.perimeter_share == 0,
	      "no perimeter: everything 0");
	CHECK(cctv_raster_coverage(&s, p, 0, &r) == -1, "a lattice of 0 m is refused");
}

/*
 * A building (8..12)^2 in the middle, the camera at the origin looking
 * along the diagonal.  The rays through its corners (12, 8) and (8, 12),
 * y = 2x/3 and y = 3x/2, leave the site at (20, 13.33) and (13.33, 20):
 * outside that wedge the camera sees two triangles of 20 x 13.33 / 2 each;
 * inside it, only the quadrilateral (0, 0) (12, 8) (8, 8) (8, 12) in front
 * of the building, 32 m2 by the shoelace formula.
 */
static void test_building(const struct cctv_params *p)
{
	struct cctv_camera c = camera(0, 0, 45, 90, 20000, CCTV_FIXED);
	struct ring4 br;
	struct cctv_building b = {"B1", rect(&br, 8, 8, 12, 12)};
	struct cctv_scene s;
	struct cctv_raster r;
	double seen = 2 * (20 * (20 / 1.5) / 2) + 32;

	square_site(&s, &c, 1);
	s.buildings = &b;
	s.n_buildings = 1;
	CHECK(cctv_raster_coverage(&s, p, 0.25, &r) == 0, "building: computed");
	CHECK_NEAR(r.outdoor_area, 384, 1e-9, "building: its footprint is not outdoors");
	CHECK_NEAR(r.covered[CCTV_DETECTION], seen, 1.0, "building: its shadow by hand");
}

static int ring_has(const struct cctv_path *r, double x, double y)
{
	int in = 0;

	for (size_t i = 0, j = r->n - 1; i < r->n; j = i++)
		if ((r->y[i] > y) != (r->y[j] > y) &&
		    x < (r->x[j] - r->x[i]) * (y - r->y[i]) / (r->y[j] - r->y[i]) + r->x[i])
			in = !in;
	return in;
}

/*
 * An L-shaped site with a building, a wall and four cameras (one of them
 * digitised just inside the building's facade, one faulty): the raster
 * against asking cctv_vis_sees every camera at every level at every
 * lattice point, which it must match exactly whatever it skips.
 */
static void test_against_brute(const struct cctv_params *p)
{
	double px[6] = {0, 24, 24, 12, 12, 0}, py[6] = {0, 0, 10, 10, 22, 22};
	double wx[3] = {2, 9, 10}, wy[3] = {15, 16, 20};
	struct ring4 br;
	struct cctv_building b = {"B1", rect(&br, 5, 4, 9, 8)};
	struct cctv_wall w = {"W1", {3, wx, wy}, 0.3};
	struct cctv_camera c[4] = {
	        camera(0.5, 0.5, 30, 70, 1920, CCTV_FIXED), camera(18, 5, 0, 60, 1000, CCTV_PTZ),
	        camera(8.9, 6, 80, 90, 2560, CCTV_FIXED), camera(23, 9, 200, 40, 4000, CCTV_FIXED)};
	struct cctv_occluders o;
	struct cctv_scene s;
	struct cctv_raster r;
	size_t count[CCTV_N_LEVELS] = {0}, samples = 0;
	double cell = 0.3;

	c[3].status = CCTV_FAULTY;
	memset(&s, 0, sizeof(s));
	s.perimeter = (struct cctv_path){6, px, py};
	s.cameras = c;
	s.n_cameras = 4;
	s.buildings = &b;
	s.n_buildings = 1;
	s.walls = &w;
	s.n_walls = 1;
	if (cctv_occluders_build(&s, &o))
		return;
	for (int j = 0; j * cell < 22; j++)
		for (int i = 0; i * cell < 24; i++) {
			double x = (i + 0.5) * cell, y = (j + 0.5) * cell;
			size_t k;
			int best = -1;

			if (!ring_has(&s.perimeter, x, y))
				continue;
			for (k = 0; k < o.n_polys && !ring_has(&o.polys[k], x, y); k++)
				;
			if (k < o.n_polys)
				continue;
			samples++;
			for (int L = 0; L < CCTV_N_LEVELS; L++)
				for (k = 0; k < 3; k++) {
					double reach =
					        cctv_ground_reach(&c[k], (enum cctv_level)L, p);

					if (cctv_vis_sees(&o, &c[k], reach, x, y))
						best = L;
				}
			for (int L = 0; L <= best; L++)
				count[L]++;
		}
	cctv_occluders_release(&o);
	CHECK(cctv_raster_coverage(&s, p, cell, &r) == 0, "brute: computed");
	CHECK(r.samples == samples, "brute: the same outdoor samples");
	for (int L = 0; L < CCTV_N_LEVELS; L++) {
		char what[80];

		snprintf(what, sizeof(what), "brute: the same count at %s", cctv_level_name[L]);
		CHECK_NEAR(r.covered[L], (double)count[L] * cell * cell, 1e-9, what);
	}
	CHECK(count[CCTV_IDENTIFICATION] > 0 && count[CCTV_DETECTION] < samples,
	      "brute: some ground identified, some not seen");
}

int main(void)
{
	struct cctv_params p;

	cctv_params_default(&p);
	test_whole_square(&p);
	test_short_reach(&p);
	test_wall_shadow(&p);
	test_perimeter_share(&p);
	test_what_does_not_count(&p);
	test_building(&p);
	test_against_brute(&p);
	return check_done();
}
