/*
 * vis.h - what a camera can see past the occluders, without GEOS.
 *
 * The occluders of a scene (building footprints, and walls as one
 * rectangle of their thickness per segment, flat-ended) are kept as a flat
 * list of edges.  Two questions are answered from them:
 *
 *   - cctv_vis_sees: is this ground point seen by this camera at this reach?
 *     (the raster reference and the placement planner ask it for every
 *     sample point);
 *   - cctv_vis_polygon: the camera's visibility polygon out to a reach, as
 *     a ring of points (coverage.c turns it into a GEOS polygon).
 *
 * A camera mounted on an occluder (inside a wall's rectangle, or on a
 * building's edge) looks out from it: the wall it stands in does not hide
 * anything from it, and a building hides only what lies inside or behind
 * it, never the side the camera faces.  A camera inside a building's
 * footprint is taken to stand at the nearest point of its outline (a
 * camera on a facade digitised a little inside it); every function here
 * measures from that point.  "On" means within a micrometre.
 */
#ifndef CCTV_VIS_H
#define CCTV_VIS_H

#include "scene.h"

struct cctv_occluders {
	size_t n;        /* edges */
	double *ax, *ay; /* edge i runs from (ax, ay) to (bx, by) */
	double *bx, *by;
	int *owner;     /* index of the building or wall polygon it bounds */
	size_t n_polys; /* buildings first, then one per wall segment */
	struct cctv_path *polys;
	double minx, miny, maxx, maxy;
	/* Added for the ray casting (all filled by cctv_occluders_build): */
	size_t n_bpolys;   /* polys[0 .. n_bpolys - 1] are the buildings */
	size_t *poly_edge; /* poly k's edges are poly_edge[k] .. poly_edge[k + 1] - 1 */
	double *box;       /* 4 per poly: minx, miny, maxx, maxy */
	double *px, *py;   /* the corner before (ax, ay) in its ring */
	double *nx, *ny;   /* the corner after (bx, by) in its ring */
};

/* From the scene's buildings and walls; -1 when out of memory. */
int cctv_occluders_build(const struct cctv_scene *s, struct cctv_occluders *o);
void cctv_occluders_release(struct cctv_occluders *o);

/* Is (x, y) outdoors: inside the perimeter and outside every building and
 * wall rectangle? */
int cctv_occluders_outdoor(const struct cctv_occluders *o, const struct cctv_path *perimeter,
                           double x, double y);

/* Is (px, py) inside the camera's field of view (PTZ: always), within
 * `reach` of it, and not hidden by an occluder? */
int cctv_vis_sees(const struct cctv_occluders *o, const struct cctv_camera *c, double reach,
                  double px, double py);

/*
 * The visibility polygon: the field-of-view wedge out to `reach` with
 * whatever the occluders hide cut away.  Rays go out every `step_deg`
 * degrees at most and at every occluder corner (just either side), so
 * straight edges are exact and only the arc at `reach` is approximated by
 * chords.  *x, *y (malloc'd, *n points, not repeating the first) form a
 * ring that starts at the camera unless the view is all round; *n == 0
 * when nothing is seen (reach 0).  Returns -1 when out of memory.
 */
int cctv_vis_polygon(const struct cctv_occluders *o, const struct cctv_camera *c, double reach,
                     double step_deg, double **x, double **y, size_t *n);

/*
 * Where the camera stands: (c->x, c->y), or the nearest point of the
 * outline of the building it is inside.  Every function here measures
 * from there.
 */
void cctv_vis_stand(const struct cctv_occluders *o, const struct cctv_camera *c, double *sx,
                    double *sy);

/*
 * The rays behind a camera's views (coverage.c makes a polygon per reach
 * from them, and tests points against it).  Ray i leaves (sx, sy), where
 * the camera stands, along the unit (ux[i], uy[i]), the rays turning
 * clockwise, and is stopped at distance t[i] (INFINITY: by nothing).  With
 * a field of view under 360 degrees the first and the last rays are its
 * edges.  Its view out to reach R is the polygon through (sx, sy) (unless
 * full) and the points at min(t[i], R) along each ray.  by[i] is the
 * occluder polygon (an index into polys) that stopped ray i, or -1.
 */
struct cctv_fan {
	double sx, sy;
	int full;
	size_t n;
	double *ux, *uy, *t;
	int *by;
};

/*
 * Casts the rays of camera c for reaches reach[0 .. n_reach - 1], as
 * cctv_vis_polygon does (with more rays where an occluder's edge crosses
 * each reach's circle, so that every view's edges are exact but for the
 * chords of its arc).  f->n == 0 when the camera sees nothing.  Returns
 * -1 when out of memory.  cctv_vis_fan_release frees it.
 */
int cctv_vis_fan(const struct cctv_occluders *o, const struct cctv_camera *c, size_t n_reach,
                 const double *reach, double step_deg, struct cctv_fan *f);
void cctv_vis_fan_release(struct cctv_fan *f);

#endif
