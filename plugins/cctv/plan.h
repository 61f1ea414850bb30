/*
 * plan.h - where the next cameras should go: greedy maximum coverage over
 * candidate mounts.
 *
 * Candidates stand every `spacing` metres along the building walls and the
 * perimeter, each at every `bearing_step` degrees, all of one camera model.
 * The ground to cover is sampled on a lattice (`cell` metres); each sample
 * not yet seen at the plan's level is worth 1, or `aoi_weight` inside an
 * area of interest that needs that level or a lower one and is not yet
 * covered, so that uncovered areas of interest come first.  The greedy
 * choice (lazy evaluation) reaches at least 1 - 1/e of the best possible
 * worth; the plan also reports an upper bound on that best (the worth
 * after k picks plus the k largest gains left), so the user sees how close
 * the plan is.
 */
#ifndef CCTV_PLAN_H
#define CCTV_PLAN_H

#include "scene.h"

struct cctv_plan_opts {
	long add;              /* cameras to add */
	enum cctv_level level; /* quality to plan for */
	double spacing;        /* metres between candidate mounts, <= 2 */
	double bearing_step;   /* degrees, <= 15 */
	double cell;           /* sample lattice, metres */
	double aoi_weight;
	struct cctv_camera model; /* height, fov, pixels, type of a new camera */
};

void cctv_plan_opts_default(struct cctv_plan_opts *o);

struct cctv_plan_pick {
	struct cctv_camera cam;      /* id "P1", "P2", ...; status planned */
	double gain;                 /* worth it added when picked */
	double gain_aoi_m2, gain_m2; /* of which in areas of interest; in all */
};

struct cctv_plan {
	size_t n_candidates;
	size_t n; /* picks, at most opts.add */
	struct cctv_plan_pick *picks;
	double worth; /* of the picks together */
	double bound; /* no n cameras among the candidates do better */
};

int cctv_plan_run(const struct cctv_scene *s, const struct cctv_params *p,
                  const struct cctv_plan_opts *o, struct cctv_plan *out, char **errmsg);
void cctv_plan_release(struct cctv_plan *pl);

#endif
