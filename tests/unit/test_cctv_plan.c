/*
 * test_cctv_plan.c - camera placement (plugins/cctv/plan.c) on a 20 m
 * square with an entrance in one corner: the first pick sees the entrance
 * and is the best single camera (checked against every candidate by brute
 * force with cctv_vis_sees), more picks see more, the worth never exceeds
 * the bound, the same input gives the same plan, what is already seen is
 * not planned for, and the errors.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "plan.h"
#include "scene.h"
#include "vis.h"

#include "banned.h"

struct ring4 {
	double x[4], y[4];
};

static struct cctv_path rect(struct ring4 *r, double x0, double y0, double x1, double y1)
{
	struct cctv_path p = {4, r->x, r->y};

	r->x[0] = x0, r->y[0] = y0;
	r->x[1] = x1, r->y[1] = y0;
	r->x[2] = x1, r->y[2] = y1;
	r->x[3] = x0, r->y[3] = y1;
	return p;
}

static struct ring4 site_ring, entrance_ring;
static struct cctv_area entrance;

/* 20 m x 20 m, corners (0, 0) and (20, 20); the entrance (16..20)^2 needs
 * recognition. */
static void square_site(struct cctv_scene *s)
{
	memset(s, 0, sizeof(*s));
	s->site_id = "S";
	s->perimeter = rect(&site_ring, 0, 0, 20, 20);
	entrance.id = "A1";
	entrance.kind = "entrance";
	entrance.label = "front gate";
	entrance.level = CCTV_RECOGNITION;
	entrance.ring = rect(&entrance_ring, 16, 16, 20, 20);
	s->areas = &entrance;
	s->n_areas = 1;
}

static int in_entrance(double x, double y)
{
	return x > 16 && x < 20 && y > 16 && y < 20;
}

/* The wall of test_wall, when it is up: (4, 10) to (12, 10), 0.6 m. */
static int wall_up;

static int outdoor(double x, double y)
{
	return !(wall_up && x > 4 && x < 12 && y > 9.7 && y < 10.3);
}

/* What camera c adds on the square site, sample by sample, to what the
 * cameras in seen[0 .. n_seen - 1] see: 1000 for each lattice point of
 * the entrance, 1 for any other.  *n_entrance counts the entrance's. */
static double worth_of(const struct cctv_scene *s, const struct cctv_params *p,
                       const struct cctv_camera *c, const struct cctv_camera *seen, size_t n_seen,
                       size_t *n_entrance)
{
	struct cctv_occluders o;
	double r = cctv_ground_reach(c, CCTV_RECOGNITION, p), w = 0;

	*n_entrance = 0;
	if (cctv_occluders_build(s, &o))
		abort();
	for (int j = 0; j < 40; j++)
		for (int i = 0; i < 40; i++) {
			double x = 0.25 + 0.5 * i, y = 0.25 + 0.5 * j;
			size_t k;

			if (!outdoor(x, y) || !cctv_vis_sees(&o, c, r, x, y))
				continue;
			for (k = 0; k < n_seen; k++)
				if (cctv_vis_sees(&o, &seen[k], r, x, y))
					break;
			if (k < n_seen)
				continue;
			w += in_entrance(x, y) ? 1000 : 1;
			*n_entrance += (size_t)in_entrance(x, y);
		}
	cctv_occluders_release(&o);
	return w;
}

/*
 * The best gain of a single camera added to `seen`, by trying every
 * candidate the planner should have made: every 2 m along each side of
 * the square (10 a side, corners once), 0.05 m in (corners along the
 * diagonal), bearings every 15 degrees, each asked of cctv_vis_sees.
 */
static double brute_best(const struct cctv_scene *s, const struct cctv_params *p,
                         const struct cctv_plan_opts *o, const struct cctv_camera *seen,
                         size_t n_seen, size_t *n_cand)
{
	static const double cx[4] = {0, 20, 20, 0}, cy[4] = {0, 0, 20, 20};
	static const double nx[4] = {0, -1, 0, 1}, ny[4] = {1, 0, -1, 0};
	double best = 0;

	*n_cand = 0;
	for (int e = 0; e < 4; e++)
		for (int k = 0; k < 10; k++) {
			struct cctv_camera c = o->model;
			int f = (e + 1) % 4, pe = (e + 3) % 4;

			c.x = cx[e] + k / 10.0 * (cx[f] - cx[e]);
			c.y = cy[e] + k / 10.0 * (cy[f] - cy[e]);
			c.x += k ? 0.05 * nx[e] : 0.05 * (nx[e] + nx[pe]) / sqrt(2);
			c.y += k ? 0.05 * ny[e] : 0.05 * (ny[e] + ny[pe]) / sqrt(2);
			for (int b = 0; b < 24; b++) {
				size_t n;

				c.bearing = 15.0 * b;
				best = fmax(best, worth_of(s, p, &c, seen, n_seen, &n));
				(*n_cand)++;
			}
		}
	return best;
}

static void test_defaults(void)
{
	struct cctv_plan_opts o;

	cctv_plan_opts_default(&o);
	CHECK(o.add == 1 && o.level == CCTV_RECOGNITION, "defaults: one camera, recognition");
	CHECK(o.spacing == 2 && o.bearing_step == 15 && o.cell == 0.5 && o.aoi_weight == 1000,
	      "defaults: 2 m, 15 degrees, 0.5 m lattice, areas worth 1000");
	CHECK(o.model.height == 3.0 && o.model.fov == 90 && o.model.pixels == 1920 &&
	              o.model.type == CCTV_FIXED && o.model.status == CCTV_PLANNED,
	      "defaults: 3 m, 90 degrees, 1920 px, fixed, planned");
}

static void test_first_pick(const struct cctv_params *p)
{
	struct cctv_scene s;
	struct cctv_plan_opts o;
	struct cctv_plan pl;
	char *err = NULL;
	size_t n_ent, n_cand;
	double best;

	square_site(&s);
	cctv_plan_opts_default(&o);
	CHECK(cctv_plan_run(&s, p, &o, &pl, &err) == 0 && !err, "one pick: planned");
	CHECK(pl.n_candidates == 960, "one pick: 40 mounts x 24 bearings");
	if (!CHECK(pl.n == 1, "one pick: one camera"))
		return;
	CHECK_STR(pl.picks[0].cam.id, "P1", "one pick: named P1");
	CHECK(pl.picks[0].cam.status == CCTV_PLANNED && pl.picks[0].cam.type == CCTV_FIXED &&
	              pl.picks[0].cam.fov == 90 && pl.picks[0].cam.pixels == 1920,
	      "one pick: planned, of the model");
	CHECK_NEAR(pl.picks[0].gain_aoi_m2, 16, 1e-9, "one pick: sees the whole entrance");
	CHECK_NEAR(pl.picks[0].gain, worth_of(&s, p, &pl.picks[0].cam, NULL, 0, &n_ent), 1e-9,
	           "one pick: its gain, sample by sample");
	CHECK(n_ent == 64, "one pick: all 64 entrance samples seen by cctv_vis_sees");
	CHECK_NEAR(pl.picks[0].gain_m2, 0.25 * (64 + (pl.picks[0].gain - 64000)), 1e-9,
	           "one pick: its area, 0.25 m2 a sample");
	CHECK_NEAR(pl.worth, pl.picks[0].gain, 1e-9, "one pick: worth is its gain");
	CHECK(pl.bound >= pl.worth, "one pick: worth <= bound");
	CHECK(pl.bound <= pl.worth / (1 - 1 / M_E) + 1e-9, "one pick: bound <= worth / (1-1/e)");
	best = brute_best(&s, p, &o, NULL, 0, &n_cand);
	CHECK(n_cand == pl.n_candidates, "brute force: the same candidates");
	CHECK_NEAR(pl.worth, best, 1e-9, "brute force: no single candidate does better");
	cctv_plan_release(&pl);
	CHECK(pl.n == 0 && pl.picks == NULL, "one pick: released");
}

static int same_plan(const struct cctv_plan *a, const struct cctv_plan *b)
{
	if (a->n != b->n || a->worth != b->worth || a->bound != b->bound ||
	    a->n_candidates != b->n_candidates)
		return 0;
	for (size_t i = 0; i < a->n; i++) {
		const struct cctv_plan_pick *x = &a->picks[i], *y = &b->picks[i];

		if (strcmp(x->cam.id, y->cam.id) || x->cam.x != y->cam.x || x->cam.y != y->cam.y ||
		    x->cam.bearing != y->cam.bearing || x->gain != y->gain ||
		    x->gain_m2 != y->gain_m2 || x->gain_aoi_m2 != y->gain_aoi_m2)
			return 0;
	}
	return 1;
}

static void test_more_picks(const struct cctv_params *p)
{
	struct cctv_scene s;
	struct cctv_plan_opts o;
	struct cctv_plan one, two, three, again;
	char *err = NULL;
	double sum = 0;

	square_site(&s);
	cctv_plan_opts_default(&o);
	o.add = 2;
	if (!CHECK(cctv_plan_run(&s, p, &o, &two, &err) == 0 && two.n == 2, "more picks: two"))
		return;
	o.add = 1;
	if (!CHECK(cctv_plan_run(&s, p, &o, &one, &err) == 0 && one.n == 1, "more picks: one"))
		return;
	CHECK(two.worth > one.worth, "more picks: two see more than one");
	CHECK(two.picks[0].gain_m2 + two.picks[1].gain_m2 > one.picks[0].gain_m2,
	      "more picks: and more square metres");
	CHECK(two.picks[0].cam.x == one.picks[0].cam.x &&
	              two.picks[0].cam.y == one.picks[0].cam.y &&
	              two.picks[0].cam.bearing == one.picks[0].cam.bearing,
	      "more picks: the first pick is the same");
	CHECK_STR(two.picks[1].cam.id, "P2", "more picks: the second is P2");
	CHECK(two.picks[1].gain <= two.picks[0].gain, "more picks: gains fall");
	CHECK(two.bound >= two.worth, "more picks: two, worth <= bound");

	o.add = 3;
	CHECK(cctv_plan_run(&s, p, &o, &three, &err) == 0 && three.n == 3, "more picks: three");
	for (size_t i = 0; i < three.n; i++)
		sum += three.picks[i].gain;
	CHECK_NEAR(three.worth, sum, 1e-9, "more picks: worth is the sum of gains");
	CHECK(three.bound >= three.worth, "more picks: three, worth <= bound");
	CHECK(three.bound <= 64 * 1000 + 1600 - 64, "more picks: bound <= worth of all samples");
	CHECK(three.bound <= three.worth / (1 - 1 / M_E) + 1e-9,
	      "more picks: bound <= worth / (1-1/e)");
	CHECK(cctv_plan_run(&s, p, &o, &again, &err) == 0 && same_plan(&three, &again),
	      "more picks: the same input, the same plan");
	cctv_plan_release(&one);
	cctv_plan_release(&two);
	cctv_plan_release(&three);
	cctv_plan_release(&again);
}

static void test_already_seen(const struct cctv_params *p)
{
	struct cctv_scene s;
	struct cctv_plan_opts o;
	struct cctv_plan pl, base;
	struct cctv_camera c;
	char *err = NULL;

	square_site(&s);
	cctv_plan_opts_default(&o);
	o.add = 2;
	memset(&c, 0, sizeof(c));
	c.id = "C1";
	c.x = 10;
	c.y = 10;
	c.height = 3;
	c.fov = 90;
	c.pixels = 20000; /* 80 m at recognition */
	c.type = CCTV_PTZ;
	c.status = CCTV_WORKING;
	s.cameras = &c;
	s.n_cameras = 1;
	CHECK(cctv_plan_run(&s, p, &o, &pl, &err) == 0, "all seen: planned");
	CHECK(pl.n == 0 && pl.worth == 0 && pl.bound == 0, "all seen: no picks, nothing to gain");
	CHECK(pl.n_candidates == 960, "all seen: the candidates are still counted");
	cctv_plan_release(&pl);

	/* A faulty camera counts for nothing. */
	c.status = CCTV_FAULTY;
	s.n_cameras = 0;
	CHECK(cctv_plan_run(&s, p, &o, &base, &err) == 0, "faulty: planned without it");
	s.n_cameras = 1;
	CHECK(cctv_plan_run(&s, p, &o, &pl, &err) == 0 && same_plan(&pl, &base),
	      "faulty: the same plan as without it");
	cctv_plan_release(&pl);
	cctv_plan_release(&base);

	/* A working camera in the entrance's corner sees it at recognition
	 * (1920 px, 7.5 m): nothing is left to weigh 1000. */
	c.x = 20;
	c.y = 20;
	c.bearing = 225;
	c.pixels = 1920;
	c.type = CCTV_FIXED;
	c.status = CCTV_WORKING;
	o.add = 1;
	CHECK(cctv_plan_run(&s, p, &o, &pl, &err) == 0 && pl.n == 1, "entrance seen: planned");
	CHECK(pl.n == 1 && pl.picks[0].gain_aoi_m2 == 0 &&
	              pl.picks[0].gain == pl.picks[0].gain_m2 / 0.25,
	      "entrance seen: the pick gains plain ground, worth 1 a sample");
	CHECK(pl.bound < 1600, "entrance seen: the bound knows no sample weighs 1000");
	cctv_plan_release(&pl);
}

static void test_buildings(const struct cctv_params *p)
{
	struct cctv_scene s;
	struct cctv_plan_opts o;
	struct cctv_plan pl;
	struct ring4 br;
	struct cctv_building b = {"B1", {0, NULL, NULL}};
	char *err = NULL;

	square_site(&s);
	b.ring = rect(&br, 8, 8, 12, 12);
	s.buildings = &b;
	s.n_buildings = 1;
	cctv_plan_opts_default(&o);
	o.add = 3;
	CHECK(cctv_plan_run(&s, p, &o, &pl, &err) == 0 && pl.n == 3, "building: planned");
	CHECK(pl.n_candidates == (40 + 8) * 24, "building: 8 more mounts round it");
	for (size_t i = 0; i < pl.n; i++) {
		double x = pl.picks[i].cam.x, y = pl.picks[i].cam.y;

		CHECK(!(x > 8 && x < 12 && y > 8 && y < 12) && x > 0 && x < 20 && y > 0 && y < 20,
		      "building: a pick stands outdoors on the site");
	}
	CHECK(pl.bound >= pl.worth, "building: worth <= bound");
	cctv_plan_release(&pl);

	/* A clockwise footprint gives the same mounts. */
	br.x[1] = 8, br.y[1] = 12;
	br.x[3] = 12, br.y[3] = 8;
	CHECK(cctv_plan_run(&s, p, &o, &pl, &err) == 0 && pl.n_candidates == (40 + 8) * 24,
	      "building: clockwise, the same count");
	cctv_plan_release(&pl);
}

/*
 * Behind a wall, two picks, each the best addition to what is seen before
 * it: the planner's views (one all-round look per mount, split by
 * bearing) against cctv_vis_sees asked candidate by candidate.
 */
static void test_wall(const struct cctv_params *p)
{
	struct cctv_scene s;
	struct cctv_plan_opts o;
	struct cctv_plan pl;
	double wx[2] = {4, 12}, wy[2] = {10, 10};
	struct cctv_wall w = {"W1", {2, wx, wy}, 0.6};
	char *err = NULL;
	size_t n_ent, n_cand;

	square_site(&s);
	s.walls = &w;
	s.n_walls = 1;
	wall_up = 1;
	cctv_plan_opts_default(&o);
	o.add = 2;
	if (!CHECK(cctv_plan_run(&s, p, &o, &pl, &err) == 0 && pl.n == 2, "wall: planned")) {
		wall_up = 0;
		return;
	}
	CHECK(pl.n_candidates == 960, "wall: walls add no mounts");
	CHECK_NEAR(pl.picks[0].gain, brute_best(&s, p, &o, NULL, 0, &n_cand), 1e-9,
	           "wall: the first pick is the best single camera");
	CHECK_NEAR(pl.picks[0].gain, worth_of(&s, p, &pl.picks[0].cam, NULL, 0, &n_ent), 1e-9,
	           "wall: the first pick's gain, sample by sample");
	CHECK_NEAR(pl.picks[1].gain, brute_best(&s, p, &o, &pl.picks[0].cam, 1, &n_cand), 1e-9,
	           "wall: the second pick is the best addition to the first");
	CHECK_NEAR(pl.picks[1].gain, worth_of(&s, p, &pl.picks[1].cam, &pl.picks[0].cam, 1, &n_ent),
	           1e-9, "wall: the second pick's gain, sample by sample");
	CHECK(pl.bound >= pl.worth, "wall: worth <= bound");
	wall_up = 0;
	cctv_plan_release(&pl);
}

/*
 * A working camera at (20, 18) looking west sees 52 of the entrance's 64
 * samples at recognition (those with |y - 18| <= 20 - x): 81%.  Needing
 * 95%, the area is not covered and its other 12 samples weigh 1000 each;
 * needing 80%, it is covered and they weigh 1 like any other.
 */
static void test_area_covered(const struct cctv_params *p)
{
	struct cctv_scene s;
	struct cctv_plan_opts o;
	struct cctv_plan pl;
	struct cctv_params q = *p;
	struct cctv_camera c;
	char *err = NULL;

	square_site(&s);
	memset(&c, 0, sizeof(c));
	c.id = "C1";
	c.x = 20;
	c.y = 18;
	c.height = 3;
	c.bearing = 270;
	c.fov = 90;
	c.pixels = 1920;
	c.status = CCTV_WORKING;
	s.cameras = &c;
	s.n_cameras = 1;
	cctv_plan_opts_default(&o);
	q.aoi_share = 0.95;
	CHECK(cctv_plan_run(&s, &q, &o, &pl, &err) == 0 && pl.n == 1, "area at 95%: planned");
	CHECK(pl.n == 1 && pl.picks[0].gain > 1000 && pl.picks[0].gain_aoi_m2 > 0,
	      "area at 95%: not covered, the pick finishes it");
	CHECK(pl.bound >= 12 * 1000 && pl.bound < 13 * 1000 + 1600,
	      "area at 95%: 12 samples of 1000 left to gain");
	cctv_plan_release(&pl);
	q.aoi_share = 0.8;
	if (!CHECK(cctv_plan_run(&s, &q, &o, &pl, &err) == 0 && pl.n == 1, "area at 80%: planned"))
		return;
	CHECK(pl.bound < 1600, "area at 80%: covered, nothing weighs 1000");
	CHECK(pl.picks[0].gain == pl.picks[0].gain_m2 / 0.25,
	      "area at 80%: the pick's gain is its samples");
	cctv_plan_release(&pl);
}

static void test_errors(const struct cctv_params *p)
{
	struct cctv_scene s;
	struct cctv_plan_opts o;
	struct cctv_plan pl;
	char *err = NULL;

	square_site(&s);
	cctv_plan_opts_default(&o);
	s.perimeter.n = 0;
	CHECK(cctv_plan_run(&s, p, &o, &pl, &err) == -1, "no perimeter: an error");
	CHECK_STR(err, "site has no perimeter to plan for", "no perimeter: the message");
	CHECK(pl.n == 0 && pl.picks == NULL, "no perimeter: nothing planned");
	free(err);
	err = NULL;

	s.perimeter.n = 4;
	o.spacing = 3;
	CHECK(cctv_plan_run(&s, p, &o, &pl, &err) == -1, "spacing 3: an error");
	CHECK_STR(err, "candidate spacing must be over 0 and at most 2 m, not 3",
	          "spacing 3: the message");
	free(err);
	err = NULL;

	cctv_plan_opts_default(&o);
	o.add = 0;
	CHECK(cctv_plan_run(&s, p, &o, &pl, &err) == 0 && pl.n == 0 && pl.worth == 0 &&
	              pl.bound == 0,
	      "no cameras to add: an empty plan");
	cctv_plan_release(&pl);
}

int main(void)
{
	struct cctv_params p;

	cctv_params_default(&p);
	test_defaults();
	test_first_pick(&p);
	test_more_picks(&p);
	test_already_seen(&p);
	test_buildings(&p);
	test_wall(&p);
	test_area_covered(&p);
	test_errors(&p);
	return check_done();
}
