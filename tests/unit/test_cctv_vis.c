/*
 * test_cctv_vis.c - the CCTV model's scene basics and visibility
 * (plugins/cctv/scene.c, vis.c), without GEOS: reach from the pixel
 * density formula worked by hand, the names and defaults, which points a
 * camera sees round a building, from a wall it stands on and from a
 * building's edge and corner, and the visibility polygon against areas
 * worked out by hand (a fan of chords for the arc, exact straight edges).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "scene.h"
#include "vis.h"

#define DEG (M_PI / 180)

/* ---- helpers ---- */

static double ring_area(const double *x, const double *y, size_t n)
{
	double a = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		size_t j = (i + 1) % n;

		a += x[i] * y[j] - x[j] * y[i];
	}
	return fabs(a) / 2;
}

static struct cctv_path path_of(const double *xy, size_t n)
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

static char *dup(const char *s)
{
	char *d = malloc(strlen(s) + 1);

	memcpy(d, s, strlen(s) + 1);
	return d;
}

/* A camera at (x, y) whose mount is at target height, so that its ground
 * reach is its slant reach; 1920 px over 90 degrees: 38.4 m at detection,
 * 15.36 observation, 7.68 recognition, 3.84 identification. */
static struct cctv_camera camera(double x, double y, double bearing, double fov,
                                 enum cctv_type type)
{
	struct cctv_camera c;

	memset(&c, 0, sizeof(c));
	c.x = x;
	c.y = y;
	c.height = 1.6;
	c.bearing = bearing;
	c.fov = fov;
	c.pixels = 1920;
	c.type = type;
	c.status = CCTV_WORKING;
	return c;
}

/* A scene of one square building [x0, x1] x [y0, y1] (and optionally one
 * wall), borrowed arrays. */
static void scene_building(struct cctv_scene *s, struct cctv_building *b, double *bx, double *by,
                           double x0, double y0, double x1, double y1)
{
	memset(s, 0, sizeof(*s));
	memset(b, 0, sizeof(*b));
	bx[0] = x0, by[0] = y0;
	bx[1] = x1, by[1] = y0;
	bx[2] = x1, by[2] = y1;
	bx[3] = x0, by[3] = y1;
	b->ring.n = 4;
	b->ring.x = bx;
	b->ring.y = by;
	s->buildings = b;
	s->n_buildings = 1;
}

/* ---- scene.c ---- */

static void test_levels_and_names(void)
{
	struct cctv_params p;

	CHECK_NEAR(cctv_level_ppm[CCTV_DETECTION], 25, 0, "detection is 25 px/m");
	CHECK_NEAR(cctv_level_ppm[CCTV_OBSERVATION], 62.5, 0, "observation is 62.5 px/m");
	CHECK_NEAR(cctv_level_ppm[CCTV_RECOGNITION], 125, 0, "recognition is 125 px/m");
	CHECK_NEAR(cctv_level_ppm[CCTV_IDENTIFICATION], 250, 0, "identification is 250 px/m");
	CHECK_STR(cctv_level_name[CCTV_OBSERVATION], "observation", "level name");
	CHECK(cctv_level_from_name("identification") == CCTV_IDENTIFICATION, "level from its name");
	CHECK(cctv_level_from_name("detection") == CCTV_DETECTION, "detection from its name");
	CHECK(cctv_level_from_name("Detection") == -1, "names are exact");
	CHECK(cctv_level_from_name(NULL) == -1, "no name, no level");
	CHECK_STR(cctv_status_name[CCTV_FAULTY], "faulty", "status name");
	CHECK_STR(cctv_status_name[CCTV_PLANNED], "planned", "planned status name");
	CHECK_STR(cctv_type_name[CCTV_PTZ], "ptz", "type name");
	CHECK_STR(cctv_type_name[CCTV_FIXED], "fixed", "fixed type name");

	cctv_params_default(&p);
	CHECK_NEAR(p.target_height, 1.6, 0, "default target height");
	CHECK_NEAR(p.step_deg, 0.25, 0, "default ray step");
	CHECK_NEAR(p.aoi_share, 0.95, 0, "default area share");
	CHECK_NEAR(p.min_blind, 1.0, 0, "default smallest blind spot");
	CHECK(p.night == 0, "default is day");
}

static void test_reach(void)
{
	struct cctv_params p;
	struct cctv_camera c = camera(0, 0, 0, 90, CCTV_FIXED);

	/* d = H / (2 ppm tan(FOV/2)) = 1920 / (2 x 250 x tan 45) = 3.84 m */
	CHECK_NEAR(cctv_reach(1920, 90, 250), 3.84, 1e-12, "1920 px over 90 degrees: 3.84 m");
	CHECK_NEAR(cctv_reach(1920, 90, 25), 38.4, 1e-12, "and 38.4 m at detection");
	/* 2560 px over 60 degrees at 125 px/m: 2560 / (250 tan 30) = 17.7347 */
	CHECK_NEAR(cctv_reach(2560, 60, 125), 2560 / (250 * tan(30 * DEG)), 1e-12,
	           "2560 px over 60 degrees at recognition");
	CHECK(cctv_reach(1920, 360, 25) < 1e-3, "a whole-round field reaches next to nothing");
	CHECK(cctv_reach(0, 90, 25) == 0, "no pixels, no reach");
	CHECK(cctv_reach(1920, 0, 25) == 0, "no field, no reach");

	cctv_params_default(&p);
	c.height = 5.6; /* 4 m above a face */
	/* detection: sqrt(38.4^2 - 4^2) = sqrt(1458.56) */
	CHECK_NEAR(cctv_ground_reach(&c, CCTV_DETECTION, &p), sqrt(1458.56), 1e-12,
	           "ground reach: the slant reach less the height");
	CHECK(cctv_ground_reach(&c, CCTV_IDENTIFICATION, &p) == 0,
	      "3.84 m of slant reach from 4 m above: no identification at all");
	c.height = 1.6 - 2; /* below the face: the same 2 m either way */
	CHECK_NEAR(cctv_ground_reach(&c, CCTV_IDENTIFICATION, &p), sqrt(3.84 * 3.84 - 4), 1e-12,
	           "a camera below target height");
	c.height = 5.6;
	p.night = 1;
	c.ir_range = 20;
	CHECK_NEAR(cctv_ground_reach(&c, CCTV_DETECTION, &p), 20, 0, "at night, the IR range");
	CHECK_NEAR(cctv_ground_reach(&c, CCTV_RECOGNITION, &p), sqrt(7.68 * 7.68 - 16), 1e-12,
	           "at night, a shorter reach stays");
	c.ir_range = 0;
	CHECK(cctv_ground_reach(&c, CCTV_DETECTION, &p) == 0, "no IR: nothing at night");
}

static void test_scene_release(void)
{
	/* Everything malloc'd, for the leak checker to see freed. */
	static const double sq[] = {0, 0, 10, 0, 10, 10, 0, 10};
	static const double ln[] = {0, 0, 5, 0};
	struct cctv_scene s;

	memset(&s, 0, sizeof(s));
	s.site_id = dup("S1");
	s.perimeter = path_of(sq, 4);
	s.n_cameras = 2;
	s.cameras = calloc(2, sizeof(*s.cameras));
	s.cameras[0].id = dup("C1");
	s.cameras[1].id = dup("C2");
	s.n_buildings = 1;
	s.buildings = calloc(1, sizeof(*s.buildings));
	s.buildings[0].id = dup("B1");
	s.buildings[0].ring = path_of(sq, 4);
	s.n_walls = 1;
	s.walls = calloc(1, sizeof(*s.walls));
	s.walls[0].id = dup("W1");
	s.walls[0].line = path_of(ln, 2);
	s.n_areas = 1;
	s.areas = calloc(1, sizeof(*s.areas));
	s.areas[0].id = dup("A1");
	s.areas[0].kind = dup("gate");
	s.areas[0].label = dup("Gate");
	s.areas[0].ring = path_of(sq, 4);
	cctv_scene_release(&s);
	CHECK(s.site_id == NULL && s.cameras == NULL && s.n_cameras == 0 && s.perimeter.n == 0,
	      "a released scene is empty");
	cctv_scene_release(&s); /* twice is harmless */
	CHECK(s.n_areas == 0, "released twice");
}

/* ---- vis.c: what a camera sees ---- */

static void test_sees_round_building(void)
{
	struct cctv_scene s;
	struct cctv_building b;
	struct cctv_occluders o;
	double bx[4], by[4];
	struct cctv_camera c = camera(0, 0, 0, 90, CCTV_FIXED);

	/* A 2 x 2 building [-1, 1] x [5, 7] straight ahead of a camera at the
	 * origin facing north: its shadow is the cone |x| <= y / 5 past y = 5
	 * (through the near corners (+-1, 5)). */
	scene_building(&s, &b, bx, by, -1, 5, 1, 7);
	CHECK(cctv_occluders_build(&s, &o) == 0, "occluders built");
	CHECK(o.n == 4 && o.n_polys == 1 && o.n_bpolys == 1, "one building, four edges");
	CHECK(cctv_vis_sees(&o, &c, 10, 0, 4), "sees the ground before the building");
	CHECK(!cctv_vis_sees(&o, &c, 10, 0, 6), "not inside the building");
	CHECK(!cctv_vis_sees(&o, &c, 10, 0, 8), "not behind it");
	CHECK(!cctv_vis_sees(&o, &c, 10, 1.5, 8), "not in its shadow (1.5 / 8 < 1 / 5)");
	CHECK(cctv_vis_sees(&o, &c, 10, 3, 8), "beside the shadow (3 / 8 > 1 / 5)");
	CHECK(cctv_vis_sees(&o, &c, 10, 0, 5), "the face it looks at");
	CHECK(!cctv_vis_sees(&o, &c, 10, -3, 9.6), "not beyond its reach (10.06 m)");
	CHECK(!cctv_vis_sees(&o, &c, 10, 8, 1), "not outside its field (bearing 83)");
	CHECK(cctv_vis_sees(&o, &c, 10, 3, 3), "the edge of its field (bearing 45)");
	CHECK(!cctv_vis_sees(&o, &c, 0, 0, 1), "reach 0 sees nothing");
	c.type = CCTV_PTZ;
	CHECK(cctv_vis_sees(&o, &c, 10, 0, -5), "a PTZ camera sees behind it");
	CHECK(!cctv_vis_sees(&o, &c, 10, 0, 8), "but not through a building");
	cctv_occluders_release(&o);
}

static void test_sees_from_wall(void)
{
	static const double ln[] = {-5, 3, 5, 3};
	struct cctv_scene s;
	struct cctv_wall w;
	struct cctv_occluders o;
	struct cctv_camera on_wall = camera(0, 3.1, 0, 90, CCTV_PTZ);
	struct cctv_camera below = camera(0, 0, 0, 90, CCTV_PTZ);

	/* A wall along y = 3, 0.5 thick: the rectangle [-5, 5] x [2.75, 3.25]. */
	memset(&s, 0, sizeof(s));
	memset(&w, 0, sizeof(w));
	w.line = path_of(ln, 2);
	w.thickness = 0.5;
	s.walls = &w;
	s.n_walls = 1;
	CHECK(cctv_occluders_build(&s, &o) == 0 && o.n_polys == 1 && o.n_bpolys == 0,
	      "a wall of one segment: one rectangle");
	CHECK_NEAR(ring_area(o.polys[0].x, o.polys[0].y, o.polys[0].n), 5, 1e-12, "10 m by 0.5 m");
	CHECK(cctv_vis_sees(&o, &on_wall, 20, 0, 10), "from on top of the wall: one side");
	CHECK(cctv_vis_sees(&o, &on_wall, 20, 0, -4), "and the other");
	CHECK(cctv_vis_sees(&o, &on_wall, 20, 4, 3.2), "and along it");
	CHECK(!cctv_vis_sees(&o, &below, 20, 0, 10), "the wall hides the far side");
	CHECK(cctv_vis_sees(&o, &below, 20, 10, 5), "but not past its end");
	on_wall.y = 3.25; /* on its face */
	CHECK(cctv_vis_sees(&o, &on_wall, 20, 0, -4), "from its face, through it");
	cctv_occluders_release(&o);
	free(w.line.x);
	free(w.line.y);
}

static void test_sees_from_building(void)
{
	struct cctv_scene s;
	struct cctv_building b;
	struct cctv_occluders o;
	double bx[4], by[4], sx, sy;
	struct cctv_camera edge = camera(0, 5, 180, 90, CCTV_PTZ);
	struct cctv_camera corner = camera(1, 5, 0, 90, CCTV_PTZ);
	struct cctv_camera inside = camera(0, 5.1, 180, 90, CCTV_PTZ);

	scene_building(&s, &b, bx, by, -1, 5, 1, 7);
	cctv_occluders_build(&s, &o);
	/* On the middle of its south face. */
	CHECK(cctv_vis_sees(&o, &edge, 20, 0, 0), "from a face: the ground it faces");
	CHECK(cctv_vis_sees(&o, &edge, 20, 3, 4.5), "and aslant");
	CHECK(cctv_vis_sees(&o, &edge, 20, 4, 5), "and along the face");
	CHECK(!cctv_vis_sees(&o, &edge, 20, 0, 6), "not inside the building");
	CHECK(!cctv_vis_sees(&o, &edge, 20, 0, 8), "nor through it");
	CHECK(!cctv_vis_sees(&o, &edge, 20, 3, 5.5), "nor past its corner through it");
	/* On its south-east corner. */
	CHECK(cctv_vis_sees(&o, &corner, 20, 2, 6), "from a corner: the east side");
	CHECK(cctv_vis_sees(&o, &corner, 20, 0, 4), "and the south side");
	CHECK(cctv_vis_sees(&o, &corner, 20, 1, 9), "and up the east face");
	CHECK(!cctv_vis_sees(&o, &corner, 20, 0.5, 6), "not inside");
	CHECK(!cctv_vis_sees(&o, &corner, 20, -2, 7.5), "nor through it to the north-west");
	/* 0.1 m inside: it stands on the face. */
	cctv_vis_stand(&o, &inside, &sx, &sy);
	CHECK_NEAR(sx, 0, 1e-12, "a camera inside stands on the nearest face (x)");
	CHECK_NEAR(sy, 5, 1e-12, "a camera inside stands on the nearest face (y)");
	CHECK(cctv_vis_sees(&o, &inside, 20, 0, 0), "and sees out of it");
	CHECK(!cctv_vis_sees(&o, &inside, 20, 0, 8), "but not through the building");
	cctv_vis_stand(&o, &edge, &sx, &sy);
	CHECK(sx == 0 && sy == 5, "a camera outside stands where it is");
	cctv_occluders_release(&o);
}

/* ---- vis.c: the visibility polygon ---- */

static void test_polygon_open(void)
{
	struct cctv_scene s;
	struct cctv_occluders o;
	struct cctv_camera c = camera(3, 4, 30, 90, CCTV_FIXED);
	double *x, *y, want;
	size_t n;

	memset(&s, 0, sizeof(s));
	cctv_occluders_build(&s, &o);
	/* 90 / 0.25 = 360 chords of 0.25 degree at radius 10: the fan of
	 * triangles (1/2) r^2 sin(h) each. */
	CHECK(cctv_vis_polygon(&o, &c, 10, 0.25, &x, &y, &n) == 0, "a polygon");
	want = 360 * 0.5 * 100 * sin(0.25 * DEG);
	CHECK(n == 362, "the camera and 361 ray ends");
	CHECK(x[0] == 3 && y[0] == 4, "starting at the camera");
	CHECK_NEAR(ring_area(x, y, n), want, 1e-9, "a quarter disc by 360 chords");
	CHECK(fabs(want / (M_PI * 25) - 1) < 1e-5, "within 1e-5 of the quarter disc");
	CHECK_NEAR(x[1], 3 + 10 * sin(-15 * DEG), 1e-9, "first ray at bearing -15 (x)");
	CHECK_NEAR(y[1], 4 + 10 * cos(-15 * DEG), 1e-9, "first ray at bearing -15 (y)");
	free(x);
	free(y);
	/* Steps divide the field evenly: 100 / 0.3 -> 334 steps. */
	c.fov = 100;
	cctv_vis_polygon(&o, &c, 10, 0.3, &x, &y, &n);
	CHECK(n == 336, "334 chords, 335 ray ends and the camera");
	CHECK_NEAR(ring_area(x, y, n), 334 * 0.5 * 100 * sin(100.0 / 334 * DEG), 1e-9,
	           "the fan of 334 even chords");
	free(x);
	free(y);
	c.type = CCTV_PTZ;
	cctv_vis_polygon(&o, &c, 10, 0.25, &x, &y, &n);
	CHECK(n == 1440, "all round: 1440 ray ends, no camera");
	CHECK_NEAR(ring_area(x, y, n), 1440 * 0.5 * 100 * sin(0.25 * DEG), 1e-9,
	           "a disc by 1440 chords");
	free(x);
	free(y);
	CHECK(cctv_vis_polygon(&o, &c, 0, 0.25, &x, &y, &n) == 0 && n == 0,
	      "reach 0: nothing seen");
	free(x);
	free(y);
	cctv_occluders_release(&o);
}

static void test_polygon_shadow(void)
{
	struct cctv_scene s;
	struct cctv_building b;
	struct cctv_occluders o;
	struct cctv_camera c = camera(0, 0, 0, 90, CCTV_FIXED);
	struct cctv_fan f;
	double bx[4], by[4], *x, *y, th, sector, tri, want;
	size_t n, i, hit = 0;

	/*
	 * The building [-1, 1] x [5, 7] in front, reach 10: the quarter disc
	 * less the shadow.  The shadow cone has half-angle th = atan(1/5); it
	 * takes the sector of radius 10 over 2 th, less the triangle from the
	 * camera to the near face, 2 x (1/2) x 5 x 1 = 5:
	 *   25 pi - (100 th - 5) = 63.8003 m^2
	 * The straight edges are exact; the two arcs, 33.69 degrees each, go
	 * by chords of at most 0.25 degree: less by under 3.2e-6 of them.
	 */
	scene_building(&s, &b, bx, by, -1, 5, 1, 7);
	cctv_occluders_build(&s, &o);
	th = atan(0.2);
	sector = 100 * th;
	tri = 5;
	want = 25 * M_PI - (sector - tri);
	CHECK(cctv_vis_polygon(&o, &c, 10, 0.25, &x, &y, &n) == 0, "a polygon past a building");
	CHECK(ring_area(x, y, n) <= want && ring_area(x, y, n) > want * (1 - 5e-6),
	      "the quarter disc less the building's shadow");
	for (i = 0; i < n; i++)
		hit += fabs(y[i] - 5) < 1e-9 && fabs(x[i]) <= 1 + 1e-9;
	CHECK(hit >= 2, "the near face is an edge of the polygon");
	free(x);
	free(y);

	/* The rays themselves: stopped at the face, by the building. */
	CHECK(cctv_vis_fan(&o, &c, 1, (double[]){10}, 0.25, &f) == 0, "a fan of rays");
	for (i = 0, hit = 0; i < f.n; i++) {
		if (fabs(f.ux[i] / f.uy[i]) < 0.19) {
			hit += f.by[i] == 0 && fabs(f.t[i] * f.uy[i] - 5) < 1e-9;
		} else if (fabs(f.ux[i] / f.uy[i]) > 0.21) {
			hit += isinf(f.t[i]) && f.by[i] == -1;
		} else {
			hit++;
		}
	}
	CHECK(hit == f.n, "rays into the building stop at its face, the others go on");
	CHECK(f.sx == 0 && f.sy == 0 && !f.full, "from where the camera stands");
	cctv_vis_fan_release(&f);
	cctv_occluders_release(&o);
}

static void test_polygon_on_building(void)
{
	struct cctv_scene s;
	struct cctv_building b;
	struct cctv_occluders o;
	struct cctv_camera c = camera(0, 5, 0, 90, CCTV_PTZ);
	double bx[4], by[4], *x, *y;
	size_t n;

	/* A PTZ camera on the middle of the building's south face, reach 3:
	 * every ray with a northward part goes into the building at once, so
	 * it sees the half disc south of the face, rays along the face
	 * included: 720 chords of 0.25 degree. */
	scene_building(&s, &b, bx, by, -1, 5, 1, 7);
	cctv_occluders_build(&s, &o);
	cctv_vis_polygon(&o, &c, 3, 0.25, &x, &y, &n);
	CHECK_NEAR(ring_area(x, y, n), 720 * 0.5 * 9 * sin(0.25 * DEG), 1e-6,
	           "on a face: the half disc it faces, and nothing of the building's side");
	free(x);
	free(y);
	/* On the south-east corner: three quarters of the disc. */
	c.x = 1;
	cctv_vis_polygon(&o, &c, 3, 0.25, &x, &y, &n);
	CHECK_NEAR(ring_area(x, y, n), 1080 * 0.5 * 9 * sin(0.25 * DEG), 1e-6,
	           "on a corner: the three quarters outside");
	free(x);
	free(y);
	cctv_occluders_release(&o);
}

int main(void)
{
	test_levels_and_names();
	test_reach();
	test_scene_release();
	test_sees_round_building();
	test_sees_from_wall();
	test_sees_from_building();
	test_polygon_open();
	test_polygon_shadow();
	test_polygon_on_building();
	return check_done();
}
