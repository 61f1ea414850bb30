/*
 * test_cctv_coverage.c - what a site's cameras see (plugins/cctv/
 * coverage.c): figures worked out by hand on a 20 m square site (a camera
 * in a corner, one outside looking in, a building's shadow, a PTZ camera
 * in the middle, a faulty camera behind a wall, areas of interest, blind
 * spots, the perimeter seen), the checks of rings and walls for import,
 * and random sites against a reference made with GEOS overlays from the
 * visibility polygons.
 *
 * Cameras are mounted at target height, so that ground reach is slant
 * reach: 1920 px over 90 degrees reaches 38.4 m at detection, 15.36 at
 * observation, 7.68 at recognition and 3.84 at identification.  Arcs are
 * drawn by chords of 0.25 degree: a fan of n of them at radius r has area
 * n r^2 sin(0.25 deg) / 2.
 */
#include <geos_c.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "coverage.h"
#include "scene.h"
#include "vis.h"

#define DEG   (M_PI / 180)
#define CHORD (sin(0.25 * DEG) / 2) /* a chord triangle's area over r^2 */

static GEOSContextHandle_t G;
static int geos_errors;

static void on_geos_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	printf("# GEOS: ");
	vprintf(fmt, ap);
	printf("\n");
	va_end(ap);
	geos_errors++;
}

/* ---- building scenes (everything malloc'd: cctv_scene_release frees) ---- */

static char *dup(const char *s)
{
	char *d = malloc(strlen(s) + 1);

	memcpy(d, s, strlen(s) + 1);
	return d;
}

static struct cctv_path path(size_t n, const double *xy)
{
	struct cctv_path p;
	size_t i;

	p.n = n;
	p.x = malloc(n * sizeof(*p.x));
	p.y = malloc(n * sizeof(*p.y));
	for (i = 0; i < n; i++) {
		p.x[i] = xy[2 * i];
		p.y[i] = xy[2 * i + 1];
	}
	return p;
}

static struct cctv_path rect(double x0, double y0, double x1, double y1)
{
	double xy[8] = {x0, y0, x1, y0, x1, y1, x0, y1};

	return path(4, xy);
}

/* A site: the square [0, 20] x [0, 20] unless no_perimeter. */
static void site(struct cctv_scene *s, int no_perimeter)
{
	memset(s, 0, sizeof(*s));
	s->site_id = dup("T1");
	if (!no_perimeter)
		s->perimeter = rect(0, 0, 20, 20);
	s->cameras = calloc(8, sizeof(*s->cameras));
	s->buildings = calloc(8, sizeof(*s->buildings));
	s->walls = calloc(8, sizeof(*s->walls));
	s->areas = calloc(8, sizeof(*s->areas));
}

static struct cctv_camera *add_camera(struct cctv_scene *s, double x, double y, double bearing,
                                      double fov, enum cctv_type type, enum cctv_status st)
{
	struct cctv_camera *c = &s->cameras[s->n_cameras++];

	c->id = dup("C");
	c->x = x;
	c->y = y;
	c->height = 1.6;
	c->bearing = bearing;
	c->fov = fov;
	c->pixels = 1920;
	c->type = type;
	c->status = st;
	return c;
}

static void add_building(struct cctv_scene *s, double x0, double y0, double x1, double y1)
{
	struct cctv_building *b = &s->buildings[s->n_buildings++];

	b->id = dup("B");
	b->ring = rect(x0, y0, x1, y1);
}

static void add_wall(struct cctv_scene *s, double x0, double y0, double x1, double y1,
                     double thickness)
{
	struct cctv_wall *w = &s->walls[s->n_walls++];
	double xy[4] = {x0, y0, x1, y1};

	w->id = dup("W");
	w->line = path(2, xy);
	w->thickness = thickness;
}

static void add_area(struct cctv_scene *s, double x0, double y0, double x1, double y1,
                     enum cctv_level level)
{
	struct cctv_area *a = &s->areas[s->n_areas++];

	a->id = dup("A");
	a->kind = dup("gate");
	a->label = dup("Gate");
	a->level = level;
	a->ring = rect(x0, y0, x1, y1);
}

static int cover(const struct cctv_scene *s, struct cctv_coverage *cv, int keep)
{
	struct cctv_params p;
	char *err = NULL;
	int rc;

	cctv_params_default(&p);
	rc = cctv_coverage_compute(G, s, &p, keep, cv, &err);
	if (rc < 0) {
		printf("# coverage failed: %s\n", err ? err : "?");
		free(err);
	}
	return rc;
}

static double geos_area(const GEOSGeometry *g)
{
	double a = -1;

	if (g)
		GEOSArea_r(G, g, &a);
	return a;
}

/*
 * coverage.c keeps the arc at a level's reach within 1 mm of the chords
 * every 0.25 degrees (CHORD), leaving out the points that change nothing
 * more: areas bounded by the arc agree with the chords' to this share.
 */
#define ARC_REL 5e-4

/* ---- worked by hand ---- */

static void test_corner_camera(void)
{
	struct cctv_scene s;
	struct cctv_coverage cv;
	double quarter = 360 * CHORD * 3.84 * 3.84;
	int L;

	/*
	 * A 90-degree camera in the corner (0, 0) looking up the diagonal
	 * (bearing 45): its wedge is the quadrant the square lies in, and
	 * 38.4 m reaches past the far corner (28.3 m), so it sees all 400 m^2
	 * and all 80 m of perimeter (two sides lie along its field's edges).
	 * At identification (3.84 m) it sees a quarter disc, 360 chords.
	 */
	site(&s, 0);
	add_camera(&s, 0, 0, 45, 90, CCTV_FIXED, CCTV_WORKING);
	CHECK(cover(&s, &cv, 1) == 0, "corner camera: computed");
	CHECK(cv.has_perimeter, "the site has a perimeter");
	CHECK_NEAR(cv.site_area, 400, 1e-9, "site area 400");
	CHECK_NEAR(cv.outdoor_area, 400, 1e-9, "outdoor area 400");
	CHECK_NEAR(cv.covered[CCTV_DETECTION], 400, 1e-6, "the whole square at detection");
	CHECK_NEAR(cv.share[CCTV_DETECTION], 1, 1e-8, "share 1");
	CHECK_NEAR(cv.covered[CCTV_OBSERVATION], 360 * CHORD * 15.36 * 15.36,
	           ARC_REL * 360 * CHORD * 15.36 * 15.36,
	           "observation: the quarter disc of 15.36 m (inside the square)");
	CHECK_NEAR(cv.covered[CCTV_IDENTIFICATION], quarter, ARC_REL * quarter,
	           "identification: the quarter disc of 3.84 m by chords");
	CHECK(fabs(quarter / (M_PI * 3.84 * 3.84 / 4) - 1) < 1e-3,
	      "the chords within 0.1% of pi r^2 / 4");
	CHECK_NEAR(cv.perimeter_length, 80, 1e-12, "perimeter 80 m");
	CHECK_NEAR(cv.perimeter_seen, 80, 1e-6, "all of it seen, its own sides too");
	CHECK_NEAR(cv.perimeter_share, 1, 1e-8, "perimeter share 1");
	CHECK(cv.n_blind == 0 && cv.blind_area == 0, "no blind spot");
	CHECK_NEAR(cv.overlap, 0, 0, "one camera overlaps nothing");
	CHECK(cv.n_cams == 1 && cv.n_working == 1 && cv.n_faulty == 0, "one working camera");
	for (L = 0; L < CCTV_N_LEVELS; L++)
		CHECK_NEAR(cv.cams[0].seen[L], cv.covered[L], 1e-9, "the camera sees it all");
	cctv_coverage_release(G, &cv);
	cctv_scene_release(&s);
}

static void test_camera_outside(void)
{
	struct cctv_scene s;
	struct cctv_coverage cv;
	double c1, c2;

	/*
	 * A camera 5 m south of the site's bottom middle, (10, -5), looking
	 * north over 90 degrees: its edges x - 10 = +-(y + 5) cut the bottom
	 * corners off, two right triangles of legs 5 (12.5 m^2 each,
	 * centroids (5/3, 5/3) and (20 - 5/3, 5/3)).  It sees 375 m^2; of the
	 * perimeter, all but 5 m either side of each bottom corner (60 m).
	 */
	site(&s, 0);
	add_camera(&s, 10, -5, 0, 90, CCTV_FIXED, CCTV_WORKING);
	CHECK(cover(&s, &cv, 0) == 0, "outside camera: computed");
	CHECK_NEAR(cv.covered[CCTV_DETECTION], 375, 1e-6, "all but two corner triangles");
	CHECK_NEAR(cv.cams[0].seen[CCTV_DETECTION], 375, 1e-6, "its own view, within the site");
	CHECK_NEAR(cv.perimeter_seen, 60, 1e-6, "60 m of perimeter");
	CHECK(cv.n_blind == 2, "two blind spots");
	CHECK_NEAR(cv.blind_area, 25, 1e-6, "25 m^2 blind");
	CHECK_NEAR(cv.blind[0].area, 12.5, 1e-6, "each 12.5 m^2");
	c1 = cv.blind[0].cx < 10 ? cv.blind[0].cx : cv.blind[1].cx;
	c2 = cv.blind[0].cx < 10 ? cv.blind[1].cx : cv.blind[0].cx;
	CHECK_NEAR(c1, 5.0 / 3, 1e-6, "the left one's centroid (x)");
	CHECK_NEAR(c2, 20 - 5.0 / 3, 1e-6, "the right one's centroid (x)");
	CHECK_NEAR(cv.blind[1].cy, 5.0 / 3, 1e-6, "centroid height 5/3");
	cctv_coverage_release(G, &cv);

	/* Smaller gaps than min_blind are not reported. */
	{
		struct cctv_params p;
		char *err = NULL;

		cctv_params_default(&p);
		p.min_blind = 13;
		CHECK(cctv_coverage_compute(G, &s, &p, 0, &cv, &err) == 0 && cv.n_blind == 0 &&
		              cv.blind_area == 0,
		      "min_blind 13: neither 12.5 m^2 gap reported");
		cctv_coverage_release(G, &cv);
	}
	cctv_scene_release(&s);
}

static void test_shadow(void)
{
	struct cctv_scene s;
	struct cctv_coverage cv;

	/*
	 * A PTZ camera on the middle of the bottom side, (10, 0), sees the
	 * whole half-plane of the site but for the shadow of the
	 * 4 x 4 building [8, 12] x [4, 8]: the cone |x - 10| <= y / 2 through
	 * its near corners (+-2, 4); its far corners lie inside the cone.  The
	 * cone meets the top corners exactly.  Within the square and beyond
	 * y = 4 it takes int_4^20 y dy = 192, of which the building 16:
	 *   outdoor 384, shadow 176, covered 208.
	 * The shadow's centroid: x = 10; the cone's y-moment int y^2 dy =
	 * (8000 - 64) / 3, less the building's 16 x 6, over 176: 14.48485.
	 * Perimeter: both sides (40) and the bottom (20, along which it
	 * looks); the top lies in the shadow: 60 m.
	 */
	site(&s, 0);
	add_camera(&s, 10, 0, 0, 90, CCTV_PTZ, CCTV_WORKING);
	add_building(&s, 8, 4, 12, 8);
	CHECK(cover(&s, &cv, 0) == 0, "shadow: computed");
	CHECK_NEAR(cv.outdoor_area, 384, 1e-9, "outdoor: the square less the building");
	CHECK_NEAR(cv.covered[CCTV_DETECTION], 208, 1e-6, "less the shadow");
	CHECK_NEAR(cv.share[CCTV_DETECTION], 208.0 / 384, 1e-8, "share 208 / 384");
	CHECK(cv.n_blind == 1, "one blind spot");
	CHECK_NEAR(cv.blind[0].area, 176, 1e-6, "the shadow, 176 m^2");
	CHECK_NEAR(cv.blind[0].cx, 10, 1e-6, "centred (x)");
	CHECK_NEAR(cv.blind[0].cy, (7936.0 / 3 - 96) / 176, 1e-6, "its centroid (y)");
	CHECK_NEAR(cv.perimeter_seen, 60, 1e-6, "60 m of perimeter");
	CHECK_NEAR(cv.perimeter_share, 0.75, 1e-8, "perimeter share 0.75");
	cctv_coverage_release(G, &cv);
	cctv_scene_release(&s);
}

static void test_ptz_middle(void)
{
	struct cctv_scene s;
	struct cctv_coverage cv;
	double a = 10, r = 12, quarter;

	/*
	 * A PTZ camera in the middle, 1500 px over 90 degrees: 6 m at
	 * recognition, its disc inside the square (1440 chords); 12 m at
	 * observation, clipped: a quarter square [0, a]^2 and a disc of radius
	 * r about a corner, a < r < a sqrt 2, share
	 *   a sqrt(r^2 - a^2) + (r^2 / 2) (pi / 2 - 2 acos(a / r)),
	 * four times over; chords take under 4e-6 of it.  30 m at detection:
	 * all of the square.
	 */
	site(&s, 0);
	add_camera(&s, 10, 10, 0, 90, CCTV_PTZ, CCTV_WORKING)->pixels = 1500;
	CHECK(cover(&s, &cv, 0) == 0, "PTZ: computed");
	CHECK_NEAR(cv.covered[CCTV_RECOGNITION], 1440 * CHORD * 36, ARC_REL * 1440 * CHORD * 36,
	           "recognition: the whole disc");
	quarter = a * sqrt(r * r - a * a) + r * r / 2 * (M_PI / 2 - 2 * acos(a / r));
	CHECK(cv.covered[CCTV_OBSERVATION] <= 4 * quarter &&
	              cv.covered[CCTV_OBSERVATION] / (4 * quarter) > 1 - ARC_REL,
	      "observation: the disc clipped to the square");
	CHECK_NEAR(cv.covered[CCTV_DETECTION], 400, 1e-6, "detection: all of it");
	CHECK_NEAR(cv.perimeter_seen, 80, 1e-6, "all the perimeter");
	cctv_coverage_release(G, &cv);
	cctv_scene_release(&s);
}

static void test_faulty_behind_wall(void)
{
	struct cctv_scene s;
	struct cctv_coverage cv;
	int L;

	/*
	 * A wall splits the square: x = 10, 0.2 thick, end to end (its
	 * rectangle [9.9, 10.1] x [0, 20], ends on the perimeter).  A working
	 * PTZ camera in the left half, a faulty one in the right; a planned
	 * one is left out.  Outdoor 400 - 4 = 396; each camera sees its half,
	 * 9.9 x 20 = 198: share 0.5, and the faulty one would add 0.5.
	 * Perimeter: 20 + 9.9 + 9.9 = 39.8 m each side.  An area of interest
	 * in each half: the left one covered, the right one only with the
	 * faulty camera.
	 */
	site(&s, 0);
	add_wall(&s, 10, 0, 10, 20, 0.2);
	add_camera(&s, 5, 10, 0, 90, CCTV_PTZ, CCTV_WORKING);
	add_camera(&s, 15, 10, 0, 90, CCTV_PTZ, CCTV_FAULTY);
	add_camera(&s, 10, 19, 180, 90, CCTV_FIXED, CCTV_PLANNED);
	add_area(&s, 2, 2, 4, 4, CCTV_DETECTION);
	add_area(&s, 16, 2, 18, 4, CCTV_DETECTION);
	CHECK(cover(&s, &cv, 0) == 0, "wall: computed");
	CHECK(cv.n_working == 1 && cv.n_faulty == 1 && cv.n_planned == 1, "1 + 1 + 1 cameras");
	CHECK_NEAR(cv.outdoor_area, 396, 1e-9, "outdoor: less the wall");
	CHECK_NEAR(cv.covered[CCTV_DETECTION], 198, 1e-6, "the working camera's half");
	CHECK_NEAR(cv.share[CCTV_DETECTION], 0.5, 1e-8, "share 0.5");
	CHECK_NEAR(cv.faulty_gain[CCTV_DETECTION], 0.5, 1e-8, "the faulty one would add 0.5");
	CHECK_NEAR(cv.cams[1].seen[CCTV_DETECTION], 198, 1e-6,
	           "the faulty camera's view, as if working");
	for (L = 0; L < CCTV_N_LEVELS; L++)
		CHECK(cv.cams[2].seen[L] == 0, "a planned camera sees nothing");
	/* Where the wall's end meets the perimeter, a view's EXTEND into the
	 * wall (0.1 mm) may count as seen: to the millimetre. */
	CHECK_NEAR(cv.perimeter_seen, 39.8, 1e-3, "39.8 m of perimeter");
	CHECK_NEAR(cv.faulty_gain_perimeter, 39.8 / 80, 2e-5, "and as much more with the faulty");
	CHECK_NEAR(cv.overlap, 0, 1e-9, "no overlap across the wall");
	CHECK(cv.n_blind == 1 && fabs(cv.blind[0].area - 198) < 1e-6, "the right half is blind");
	CHECK(cv.n_aoi == 2, "two areas of interest");
	CHECK_NEAR(cv.aoi[0].area, 4, 1e-12, "area 4");
	CHECK_NEAR(cv.aoi[0].seen[CCTV_DETECTION], 4, 1e-6, "the left one seen whole");
	CHECK(cv.aoi[0].covered && cv.aoi[0].share > 0.999999, "covered");
	CHECK(!cv.aoi[1].covered && cv.aoi[1].share == 0, "the right one not");
	CHECK(cv.n_aoi_covered == 1, "one covered");
	CHECK(cv.faulty_gain_aoi == 1, "the faulty camera would cover the other");
	cctv_coverage_release(G, &cv);
	cctv_scene_release(&s);
}

static void test_overlap_and_levels(void)
{
	struct cctv_scene s;
	struct cctv_coverage cv;

	/*
	 * Two cameras in the bottom corners looking along the bottom side
	 * towards each other (bearings 45 and 315, 90 degrees): each sees the
	 * quadrant above and beside it.  At detection both see everything:
	 * overlap 400.  At identification (3.84 m) each sees a quarter disc,
	 * far apart.  An area of interest at the bottom left corner needs
	 * identification: [0, 2] x [0, 2] lies inside the quarter disc of
	 * 3.84 m (its far corner is 2.83 m away): covered; one at the middle
	 * of the site needing identification is seen only at detection.
	 */
	site(&s, 0);
	add_camera(&s, 0, 0, 45, 90, CCTV_FIXED, CCTV_WORKING);
	add_camera(&s, 20, 0, 315, 90, CCTV_FIXED, CCTV_WORKING);
	add_area(&s, 0, 0, 2, 2, CCTV_IDENTIFICATION);
	add_area(&s, 9, 9, 11, 11, CCTV_IDENTIFICATION);
	CHECK(cover(&s, &cv, 1) == 0, "two cameras: computed");
	CHECK_NEAR(cv.overlap, 400, 1e-6, "seen twice over");
	CHECK_NEAR(cv.covered[CCTV_IDENTIFICATION], 2 * 360 * CHORD * 3.84 * 3.84,
	           ARC_REL * 2 * 360 * CHORD * 3.84 * 3.84, "two quarter discs at identification");
	CHECK(cv.aoi[0].covered, "the corner area is identified");
	CHECK_NEAR(cv.aoi[0].seen[CCTV_IDENTIFICATION], 4, 1e-6, "all 4 m^2 of it");
	CHECK(!cv.aoi[1].covered, "the middle one is not");
	CHECK_NEAR(cv.aoi[1].seen[CCTV_DETECTION], 4, 1e-6, "though it is detected");
	CHECK(cv.aoi[1].seen[CCTV_IDENTIFICATION] == 0, "but not identified");
	cctv_coverage_release(G, &cv);
	cctv_scene_release(&s);
}

static void test_area_on_building(void)
{
	struct cctv_scene s;
	struct cctv_coverage cv;

	/* An area of interest half over a building: what counts is its
	 * outdoor half (indoors is no camera's business), all of it seen:
	 * share 1, covered. */
	site(&s, 0);
	add_camera(&s, 0, 0, 45, 90, CCTV_FIXED, CCTV_WORKING);
	add_building(&s, 12, 12, 16, 16);
	add_area(&s, 10, 13, 14, 15, CCTV_DETECTION);
	CHECK(cover(&s, &cv, 0) == 0, "area on a building: computed");
	CHECK_NEAR(cv.aoi[0].area, 4, 1e-9, "its outdoor part, 4");
	CHECK_NEAR(cv.aoi[0].seen[CCTV_DETECTION], 4, 1e-6, "all of that seen");
	CHECK_NEAR(cv.aoi[0].share, 1, 1e-7, "share 1");
	CHECK(cv.aoi[0].covered, "covered");
	cctv_coverage_release(G, &cv);
	cctv_scene_release(&s);
}

static void test_no_perimeter(void)
{
	struct cctv_scene s;
	struct cctv_coverage cv;

	/* No perimeter: no site figures, but the views and the areas of
	 * interest are still measured. */
	site(&s, 1);
	add_camera(&s, 0, 0, 45, 90, CCTV_FIXED, CCTV_WORKING);
	add_area(&s, 1, 1, 3, 3, CCTV_IDENTIFICATION);
	CHECK(cover(&s, &cv, 1) == 0, "no perimeter: computed");
	CHECK(!cv.has_perimeter, "has_perimeter 0");
	CHECK(cv.site_area == 0 && cv.outdoor_area == 0 && cv.covered[0] == 0 && cv.share[0] == 0 &&
	              cv.perimeter_seen == 0 && cv.n_blind == 0,
	      "site figures 0");
	CHECK_NEAR(cv.cams[0].seen[CCTV_IDENTIFICATION], 360 * CHORD * 3.84 * 3.84,
	           ARC_REL * 360 * CHORD * 3.84 * 3.84, "the camera's own view, unclipped");
	CHECK(cv.aoi[0].covered, "the area of interest is covered");
	CHECK(cv.outdoor == NULL, "no outdoor geometry");
	CHECK(cv.cams[0].view[CCTV_IDENTIFICATION] != NULL, "its view kept");
	CHECK_NEAR(geos_area(cv.cams[0].view[CCTV_IDENTIFICATION]), 360 * CHORD * 3.84 * 3.84,
	           ARC_REL * 360 * CHORD * 3.84 * 3.84, "kept view's area");
	cctv_coverage_release(G, &cv);
	cctv_scene_release(&s);
}

static void test_keep_geometry(void)
{
	struct cctv_scene s;
	struct cctv_coverage cv;

	site(&s, 0);
	add_camera(&s, 10, 0, 0, 90, CCTV_PTZ, CCTV_WORKING);
	add_building(&s, 8, 4, 12, 8);
	CHECK(cover(&s, &cv, 1) == 0, "kept geometry: computed");
	CHECK_NEAR(geos_area(cv.outdoor), 384, 1e-9, "outdoor geometry");
	CHECK_NEAR(geos_area(cv.union_view[CCTV_DETECTION]), 208, 1e-6, "union geometry");
	CHECK_NEAR(geos_area(cv.cams[0].view[CCTV_DETECTION]), 208, 1e-6, "view geometry");
	CHECK(cv.n_blind == 1 && cv.blind[0].geom != NULL, "blind spot geometry");
	CHECK_NEAR(geos_area(cv.blind[0].geom), 176, 1e-6, "of the shadow's area");
	cctv_coverage_release(G, &cv);
	CHECK(cv.cams == NULL && cv.outdoor == NULL, "released");
	cctv_scene_release(&s);

	/*
	 * A camera on the building's south-west corner, (8, 4), facing north-
	 * east over 120 degrees: the building fills the middle 90 of them, so
	 * its view is two wedges of 15 degrees touching at the corner, up the
	 * west face and along the south face.  Kept as GEOS geometry, it has
	 * the area measured without GEOS.
	 */
	site(&s, 0);
	add_camera(&s, 8, 4, 45, 120, CCTV_FIXED, CCTV_WORKING);
	add_building(&s, 8, 4, 12, 8);
	CHECK(cover(&s, &cv, 1) == 0, "corner camera kept: computed");
	CHECK(cv.cams[0].view[CCTV_DETECTION] != NULL &&
	              GEOSGetNumGeometries_r(G, cv.cams[0].view[CCTV_DETECTION]) == 2,
	      "two pieces of view");
	CHECK_NEAR(geos_area(cv.cams[0].view[CCTV_DETECTION]), cv.cams[0].seen[CCTV_DETECTION],
	           1e-6, "of the area measured");
	CHECK(cv.cams[0].seen[CCTV_DETECTION] > 0, "something seen");
	cctv_coverage_release(G, &cv);
	cctv_scene_release(&s);
}

static void test_night(void)
{
	struct cctv_scene s;
	struct cctv_coverage cv;
	struct cctv_params p;
	char *err = NULL;

	/* At night the corner camera sees only its IR range, 5 m: a quarter
	 * disc; another without IR sees nothing. */
	site(&s, 0);
	add_camera(&s, 0, 0, 45, 90, CCTV_FIXED, CCTV_WORKING)->ir_range = 5;
	add_camera(&s, 20, 20, 225, 90, CCTV_FIXED, CCTV_WORKING);
	cctv_params_default(&p);
	p.night = 1;
	CHECK(cctv_coverage_compute(G, &s, &p, 0, &cv, &err) == 0, "night: computed");
	CHECK_NEAR(cv.covered[CCTV_DETECTION], 360 * CHORD * 25, ARC_REL * 360 * CHORD * 25,
	           "a quarter disc of 5 m");
	CHECK(cv.cams[1].seen[CCTV_DETECTION] == 0, "no IR, nothing");
	cctv_coverage_release(G, &cv);
	cctv_scene_release(&s);
}

static void test_invalid(void)
{
	static const double bow[] = {0, 0, 10, 10, 10, 0, 0, 10};
	static const double square[] = {0, 0, 10, 0, 10, 10, 0, 10, 0, 0};
	static const double two[] = {0, 0, 5, 5, 5, 5, 0, 0};
	struct cctv_path r;
	struct cctv_wall w;
	char *why;

	r = path(4, bow);
	why = cctv_ring_invalid(G, &r);
	CHECK(why && strncmp(why, "Self-intersection", 17) == 0, "a bow-tie: Self-intersection");
	printf("# %s\n", why ? why : "(valid)");
	free(why);
	free(r.x);
	free(r.y);
	r = path(5, square);
	why = cctv_ring_invalid(G, &r);
	CHECK(why == NULL, "a square (closed or not) is valid");
	free(why);
	free(r.x);
	free(r.y);
	r = path(4, two);
	why = cctv_ring_invalid(G, &r);
	CHECK_STR(why, "fewer than 3 distinct points", "two distinct points");
	free(why);
	free(r.x);
	free(r.y);

	memset(&w, 0, sizeof(w));
	w.line = path(2, square);
	w.thickness = 0.3;
	why = cctv_wall_invalid(G, &w);
	CHECK(why == NULL, "a straight wall is valid");
	free(why);
	w.thickness = 0;
	why = cctv_wall_invalid(G, &w);
	CHECK_STR(why, "thickness must be more than 0", "no thickness");
	free(why);
	free(w.line.x);
	free(w.line.y);
	w.line = path(2, two);
	w.thickness = 0.3;
	why = cctv_wall_invalid(G, &w);
	CHECK(why == NULL, "a wall from (0, 0) to (5, 5)");
	free(why);
	w.line.n = 1;
	why = cctv_wall_invalid(G, &w);
	CHECK_STR(why, "fewer than 2 distinct points", "one point");
	free(why);
	free(w.line.x);
	free(w.line.y);
}

/* ---- random sites against GEOS overlays ---- */

static uint64_t rng_state = 20261122;

static double rng_unit(void)
{
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return (double)((z ^ (z >> 31)) >> 11) * 0x1.0p-53;
}

static double rng_in(double lo, double hi)
{
	return lo + (hi - lo) * rng_unit();
}

static GEOSGeometry *ring_geom(const double *x, const double *y, size_t n)
{
	GEOSCoordSequence *cs = GEOSCoordSeq_create_r(G, (unsigned)n + 1, 2);
	size_t i;

	for (i = 0; i <= n; i++)
		GEOSCoordSeq_setXY_r(G, cs, (unsigned)i, x[i % n], y[i % n]);
	return GEOSGeom_createPolygon_r(G, GEOSGeom_createLinearRing_r(G, cs), NULL, 0);
}

static GEOSGeometry *unite(GEOSGeometry **parts, size_t n)
{
	GEOSGeometry *c =
	        GEOSGeom_createCollection_r(G, GEOS_GEOMETRYCOLLECTION, parts, (unsigned)n);
	GEOSGeometry *u = GEOSUnaryUnion_r(G, c);

	GEOSGeom_destroy_r(G, c);
	return u;
}

/* A random site: a square of 30 to 80 m a side turned about its middle,
 * (530000, 180000) as in the National Grid, 2 buildings, a wall, 6 cameras
 * (some on the buildings' corners and faces, some faulty), an area. */
static void random_site(struct cctv_scene *s)
{
	double ox = 530000 + rng_in(0, 1000), oy = 180000 + rng_in(0, 1000);
	double h = rng_in(15, 40), t = rng_in(0, M_PI / 2), xy[8];
	int i, k;

	site(s, 1);
	for (i = 0; i < 4; i++) {
		double a = t + i * M_PI / 2 + M_PI / 4;

		xy[2 * i] = ox + h * M_SQRT2 * cos(a);
		xy[2 * i + 1] = oy + h * M_SQRT2 * sin(a);
	}
	s->perimeter = path(4, xy);
	for (i = 0; i < 2; i++) {
		double bx = ox + rng_in(-h / 2, h / 2), by = oy + rng_in(-h / 2, h / 2);

		add_building(s, bx - rng_in(2, 6), by - rng_in(2, 6), bx + rng_in(2, 6),
		             by + rng_in(2, 6));
	}
	add_wall(s, ox + rng_in(-h, h), oy + rng_in(-h, h), ox + rng_in(-h, h), oy + rng_in(-h, h),
	         rng_in(0.1, 0.5));
	for (i = 0; i < 6; i++) {
		struct cctv_camera *c;
		double x = ox + rng_in(-h, h), y = oy + rng_in(-h, h);

		if (i < 2) { /* on a building's corner */
			k = (int)(rng_unit() * 4);
			x = s->buildings[i].ring.x[k];
			y = s->buildings[i].ring.y[k];
		} else if (i == 2) { /* on a face */
			x = (s->buildings[0].ring.x[0] + s->buildings[0].ring.x[1]) / 2;
			y = s->buildings[0].ring.y[0];
		}
		c = add_camera(s, x, y, rng_in(0, 360), rng_in(30, 120),
		               rng_unit() < 0.2 ? CCTV_PTZ : CCTV_FIXED,
		               rng_unit() < 0.2 ? CCTV_FAULTY : CCTV_WORKING);
		c->pixels = rng_unit() < 0.5 ? 1920 : 2560;
		c->height = rng_in(2, 6);
	}
	add_area(s, ox - rng_in(0, h), oy - rng_in(0, h), ox + rng_in(0, h), oy + rng_in(0, h),
	         CCTV_OBSERVATION);
}

/* The reference: each view from cctv_vis_polygon made a GEOS polygon,
 * united, and intersected with the perimeter less the occluders. */
static int random_check(const struct cctv_scene *s)
{
	struct cctv_params p;
	struct cctv_occluders o;
	struct cctv_coverage cv;
	GEOSGeometry *per, *obs[16], *ou, *out;
	char *err = NULL;
	size_t i, no = 0;
	int L, bad = 0;

	cctv_params_default(&p);
	cctv_occluders_build(s, &o);
	per = ring_geom(s->perimeter.x, s->perimeter.y, s->perimeter.n);
	for (i = 0; i < o.n_polys; i++)
		obs[no++] = ring_geom(o.polys[i].x, o.polys[i].y, o.polys[i].n);
	ou = unite(obs, no);
	out = GEOSDifference_r(G, per, ou);
	if (cctv_coverage_compute(G, s, &p, 1, &cv, &err) < 0) {
		printf("# %s\n", err);
		free(err);
		bad++;
		goto done;
	}
	if (fabs(geos_area(out) - cv.outdoor_area) > 1e-4) {
		printf("# outdoor %.9f, GEOS %.9f\n", cv.outdoor_area, geos_area(out));
		bad++;
	}
	for (L = 0; L < CCTV_N_LEVELS; L++) {
		GEOSGeometry *views[16], *all[16], *u, *cu, *au, *acu;
		size_t nv = 0, na = 0;

		for (i = 0; i < s->n_cameras; i++) {
			const struct cctv_camera *c = &s->cameras[i];
			double *x, *y, seen = 0;
			size_t n;

			cctv_vis_polygon(&o, c, cctv_ground_reach(c, (enum cctv_level)L, &p),
			                 p.step_deg, &x, &y, &n);
			if (n >= 3) {
				GEOSGeometry *v = ring_geom(x, y, n), *fix, *cut;

				if (!GEOSisValid_r(G, v)) {
					fix = GEOSMakeValid_r(G, v);
					GEOSGeom_destroy_r(G, v);
					v = fix;
				}
				cut = GEOSIntersection_r(G, v, out);
				seen = geos_area(cut);
				GEOSGeom_destroy_r(G, cut);
				all[na++] = GEOSGeom_clone_r(G, v);
				if (c->status == CCTV_WORKING)
					views[nv++] = v;
				else
					GEOSGeom_destroy_r(G, v);
			}
			free(x);
			free(y);
			if (fabs(seen - cv.cams[i].seen[L]) > 1e-3 + ARC_REL * seen) {
				printf("# level %d camera %zu: %.6f, GEOS %.6f\n", L, i,
				       cv.cams[i].seen[L], seen);
				bad++;
			}
		}
		u = unite(views, nv);
		cu = GEOSIntersection_r(G, u, out);
		if (fabs(geos_area(cu) - cv.covered[L]) > 1e-3 + ARC_REL * geos_area(cu)) {
			printf("# level %d: covered %.6f, GEOS %.6f\n", L, cv.covered[L],
			       geos_area(cu));
			bad++;
		}
		/* with the faulty cameras back: the union of every view */
		au = unite(all, na);
		acu = GEOSIntersection_r(G, au, out);
		double gain = (geos_area(acu) - geos_area(cu)) / cv.outdoor_area;
		if (fabs(gain - cv.faulty_gain[L]) >
		    (1e-3 + ARC_REL * geos_area(acu)) / cv.outdoor_area) {
			printf("# level %d: faulty gain %.9f, GEOS %.9f\n", L, cv.faulty_gain[L],
			       gain);
			bad++;
		}
		GEOSGeom_destroy_r(G, au);
		GEOSGeom_destroy_r(G, acu);
		GEOSGeom_destroy_r(G, u);
		GEOSGeom_destroy_r(G, cu);
	}
	cctv_coverage_release(G, &cv);
done:
	GEOSGeom_destroy_r(G, per);
	GEOSGeom_destroy_r(G, ou);
	GEOSGeom_destroy_r(G, out);
	cctv_occluders_release(&o);
	return bad;
}

static void test_random_sites(void)
{
	int i, bad = 0;

	for (i = 0; i < 40; i++) {
		struct cctv_scene s;

		random_site(&s);
		bad += random_check(&s);
		cctv_scene_release(&s);
	}
	CHECK(bad == 0, "40 random sites: every view and union as GEOS makes them, and what "
	                "the faulty cameras would add");
}

int main(void)
{
	G = GEOS_init_r();
	GEOSContext_setErrorHandler_r(G, on_geos_error);
	test_corner_camera();
	test_camera_outside();
	test_shadow();
	test_ptz_middle();
	test_faulty_behind_wall();
	test_overlap_and_levels();
	test_area_on_building();
	test_no_perimeter();
	test_keep_geometry();
	test_night();
	test_invalid();
	test_random_sites();
	CHECK(geos_errors == 0, "no GEOS errors");
	GEOS_finish_r(G);
	return check_done();
}
