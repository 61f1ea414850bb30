/*
 * coverage.c - see coverage.h.
 *
 * The views come from vis.c's rays (one cast per camera serves all four
 * levels); every area, length and blind spot is then a GEOS overlay
 * (reentrant API, one context per thread, owned by the caller).
 *
 * Three things keep the overlays fast and robust, none of them changing a
 * figure:
 *   - A ray stopped by an occluder ends EXTEND metres inside it.  The view's
 *     edge then runs inside the building or wall instead of along its face,
 *     where it would coincide with the face, and with other views' edges,
 *     to the last bits, and GEOS would fall back to snap-rounding.  What
 *     lies inside an occluder is not outdoor, and every figure is taken
 *     from the outdoor area, so the sliver never counts.
 *   - Points along one occluder face are collinear: only the ends of such
 *     a run are kept.
 *   - The rays go out every 0.25 degrees (vis.c); along the arc at the
 *     level's reach, where consecutive rays all run free, a point is kept
 *     only where the chord from the last kept one would stray more than
 *     ARC_SAGITTA from the circle or span more than ARC_MAX_DEG, so the arc
 *     stays within a millimetre of the one the rays draw, and any area it
 *     bounds within 0.01% of it.
 */
#include "coverage.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vis.h"

#include "banned.h"

#define EXTEND      1e-3 /* metres a stopped ray goes on into its occluder */
#define ARC_SAGITTA 1e-3 /* metres: the most a kept chord strays from the arc */
#define ARC_MAX_DEG 1.0  /* degrees: the widest a kept chord spans */
#define COLLINEAR   1e-9 /* relative: three stop points this close to a line */
#define FOV_SLACK   1e-9 /* radians the field of view's edges are turned out */

/* ---- small helpers ---- */

static int fail(char **errmsg, const char *what)
{
	if (errmsg) {
		free(*errmsg);
		*errmsg = malloc(strlen(what) + 1);
		if (*errmsg)
			memcpy(*errmsg, what, strlen(what) + 1);
	}
	return -1;
}

static void destroy(GEOSContextHandle_t g, GEOSGeometry **gm)
{
	if (*gm)
		GEOSGeom_destroy_r(g, *gm);
	*gm = NULL;
}

static double area_of(GEOSContextHandle_t g, const GEOSGeometry *gm)
{
	double a = 0;
	if (gm && GEOSArea_r(g, gm, &a) != 1)
		a = 0;
	return a;
}

/* A polygon from n points not repeating the first; NULL on failure. */
static GEOSGeometry *polygon(GEOSContextHandle_t g, const double *x, const double *y, size_t n)
{
	GEOSCoordSequence *seq;
	GEOSGeometry *ring;

	if (n < 3)
		return NULL;
	seq = GEOSCoordSeq_create_r(g, (unsigned)(n + 1), 2);
	if (!seq)
		return NULL;
	for (size_t i = 0; i <= n; i++)
		GEOSCoordSeq_setXY_r(g, seq, (unsigned)i, x[i % n], y[i % n]);
	ring = GEOSGeom_createLinearRing_r(g, seq);
	return ring ? GEOSGeom_createPolygon_r(g, ring, NULL, 0) : NULL;
}

/* The ring's boundary as a closed line; NULL on failure. */
static GEOSGeometry *ring_line(GEOSContextHandle_t g, const struct cctv_path *r)
{
	GEOSCoordSequence *seq = GEOSCoordSeq_create_r(g, (unsigned)(r->n + 1), 2);
	if (!seq)
		return NULL;
	for (size_t i = 0; i <= r->n; i++)
		GEOSCoordSeq_setXY_r(g, seq, (unsigned)i, r->x[i % r->n], r->y[i % r->n]);
	return GEOSGeom_createLineString_r(g, seq);
}

/* A valid version of gm (taking it over), or NULL. */
static GEOSGeometry *made_valid(GEOSContextHandle_t g, GEOSGeometry *gm)
{
	GEOSGeometry *v;

	if (!gm || GEOSisValid_r(g, gm) == 1)
		return gm;
	v = GEOSMakeValid_r(g, gm);
	GEOSGeom_destroy_r(g, gm);
	return v;
}

/* GEOS's union of n geometries (borrowed); an empty polygon when n == 0. */
static GEOSGeometry *cascaded_union(GEOSContextHandle_t g, GEOSGeometry *const *parts, size_t n)
{
	GEOSGeometry **clones, *col, *u;

	if (n == 0)
		return GEOSGeom_createEmptyPolygon_r(g);
	if (n == 1)
		return GEOSGeom_clone_r(g, parts[0]);
	clones = malloc(n * sizeof(*clones));
	if (!clones)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		clones[i] = GEOSGeom_clone_r(g, parts[i]);
		if (!clones[i]) {
			while (i--)
				GEOSGeom_destroy_r(g, clones[i]);
			free(clones);
			return NULL;
		}
	}
	col = GEOSGeom_createCollection_r(g, GEOS_GEOMETRYCOLLECTION, clones, (unsigned)n);
	free(clones);
	if (!col)
		return NULL;
	u = GEOSUnaryUnion_r(g, col);
	GEOSGeom_destroy_r(g, col);
	return u;
}

struct box {
	double x0, y0, x1, y1;
};

#define NO_GROUP ((size_t)-1)

static int box_of(GEOSContextHandle_t g, const GEOSGeometry *gm, struct box *b)
{
	if (GEOSGeom_getXMin_r(g, gm, &b->x0) != 1 || GEOSGeom_getYMin_r(g, gm, &b->y0) != 1 ||
	    GEOSGeom_getXMax_r(g, gm, &b->x1) != 1 || GEOSGeom_getYMax_r(g, gm, &b->y1) != 1)
		return -1;
	return 0;
}

static int boxes_meet(const struct box *a, const struct box *b)
{
	return a->x0 <= b->x1 && b->x0 <= a->x1 && a->y0 <= b->y1 && b->y0 <= a->y1;
}

/* Moves the polygons of gm (taken over) to the end of out[*n]. */
static int take_polygons(GEOSContextHandle_t g, GEOSGeometry *gm, GEOSGeometry **out, size_t *n)
{
	int k = GEOSGetNumGeometries_r(g, gm), rc = 0;

	for (int i = 0; i < k && rc == 0; i++) {
		const GEOSGeometry *part = GEOSGetGeometryN_r(g, gm, i);
		if (GEOSGeomTypeId_r(g, part) != GEOS_POLYGON || GEOSisEmpty_r(g, part) == 1)
			continue;
		out[*n] = GEOSGeom_clone_r(g, part);
		rc = out[*n] ? 0 : -1;
		*n += rc == 0;
	}
	GEOSGeom_destroy_r(g, gm);
	return rc;
}

/*
 * The union of n polygonal geometries (borrowed); an empty polygon when
 * n == 0.  GEOS's union nodes every pair it is given, even two views at
 * opposite ends of a site, so the parts are first sorted into groups whose
 * boxes chain together: each group goes to GEOS on its own, and groups,
 * whose boxes are apart, cannot meet, so their polygons together make a
 * valid multipolygon with no overlay at all.  (Short reaches mostly make
 * one group per camera.)
 */
static GEOSGeometry *union_of(GEOSContextHandle_t g, GEOSGeometry *const *parts, size_t n)
{
	struct box *b = malloc((n ? n : 1) * sizeof(*b));
	size_t *grp = malloc((n ? n : 1) * sizeof(*grp)), groups = 0, np = 0, cap = 0;
	GEOSGeometry **sub = malloc((n ? n : 1) * sizeof(*sub)), **polys = NULL, *u = NULL;
	int ok = b && grp && sub;

	for (size_t i = 0; ok && i < n; i++) {
		int empty = GEOSisEmpty_r(g, parts[i]);
		ok = empty == 1 || (empty == 0 && box_of(g, parts[i], &b[i]) == 0);
		grp[i] = empty ? NO_GROUP : i; /* nothing to join */
	}
	/* the groups: every part joins the group of the first part whose box
	 * meets its own, directly or through others */
	for (int changed = ok; changed;) {
		changed = 0;
		for (size_t i = 0; i < n; i++)
			for (size_t j = i + 1; j < n; j++) {
				if (grp[i] == grp[j] || grp[i] == NO_GROUP || grp[j] == NO_GROUP ||
				    !boxes_meet(&b[i], &b[j]))
					continue;
				size_t keep = grp[i] < grp[j] ? grp[i] : grp[j],
				       drop = grp[i] < grp[j] ? grp[j] : grp[i];
				for (size_t k = 0; k < n; k++)
					if (grp[k] == drop)
						grp[k] = keep;
				changed = 1;
			}
	}
	for (size_t i = 0; ok && i < n; i++)
		groups += grp[i] == i;
	if (!ok || groups <= 1) {
		/* one group (or none): GEOS's union as it is */
		u = ok ? cascaded_union(g, parts, n) : NULL;
		goto out;
	}
	for (size_t r = 0; r < n; r++) {
		size_t m = 0;
		GEOSGeometry *gu;
		for (size_t k = 0; k < n; k++)
			if (grp[k] == r)
				sub[m++] = parts[k];
		if (m == 0)
			continue;
		gu = cascaded_union(g, sub, m);
		if (!gu)
			goto fail;
		size_t need = np + (size_t)GEOSGetNumGeometries_r(g, gu);
		if (need > cap) {
			GEOSGeometry **grown = realloc(polys, (need + 8) * sizeof(*polys));
			if (!grown) {
				GEOSGeom_destroy_r(g, gu);
				goto fail;
			}
			polys = grown;
			cap = need + 8;
		}
		if (take_polygons(g, gu, polys, &np) < 0)
			goto fail;
	}
	u = GEOSGeom_createCollection_r(g, GEOS_MULTIPOLYGON, polys, (unsigned)np);
	if (u)
		np = 0; /* the collection owns them */
fail:
	for (size_t i = 0; i < np; i++)
		GEOSGeom_destroy_r(g, polys[i]);
out:
	free(polys);
	free(b);
	free(grp);
	free(sub);
	return u;
}

/* area(a ∩ b), or -1 on a GEOS failure; 0 at once when the boxes miss. */
static double meet_area(GEOSContextHandle_t g, const GEOSGeometry *a, const GEOSGeometry *b)
{
	GEOSGeometry *m;
	double r;

	if (!a || !b || GEOSisEmpty_r(g, a) == 1 || GEOSisEmpty_r(g, b) == 1)
		return 0;
	m = GEOSIntersection_r(g, a, b);
	if (!m)
		return -1;
	r = area_of(g, m);
	GEOSGeom_destroy_r(g, m);
	return r;
}

/* area(a - b), or -1 on a GEOS failure. */
static double outside_area(GEOSContextHandle_t g, const GEOSGeometry *a, const GEOSGeometry *b)
{
	double in = meet_area(g, a, b);
	return in < 0 ? -1 : fmax(0.0, area_of(g, a) - in);
}

/* ---- one camera's views ---- */

/* The view of fan f out to reach R: the ring through the camera (unless all
 * round) and each ray's end, thinned as the file's comment says. */
static GEOSGeometry *view_polygon(GEOSContextHandle_t g, const struct cctv_fan *f, double R,
                                  double *xs, double *ys)
{
	double cos_max = fmax(R > ARC_SAGITTA ? 1.0 - ARC_SAGITTA / R : -1.0,
	                      cos(ARC_MAX_DEG * M_PI / 360.0));
	size_t n = 0, last_arc = (size_t)-1;

	if (!(R > 0) || f->n == 0)
		return NULL;
	if (!f->full) {
		xs[n] = f->sx;
		ys[n++] = f->sy;
	}
	for (size_t i = 0; i < f->n; i++) {
		int free_ray = !(f->t[i] < R);
		double t = free_ray ? R : f->t[i];
		if (free_ray) {
			int next_free = i + 1 < f->n && !(f->t[i + 1] < R);
			int prev_free = i > 0 && !(f->t[i - 1] < R);
			/* the chord from the last kept arc point to the next ray's
			 * would stray too far: keep this one */
			if (prev_free && next_free && last_arc != (size_t)-1) {
				double half_cos = f->ux[last_arc] * f->ux[i + 1] +
				                  f->uy[last_arc] * f->uy[i + 1];
				/* cos of half the angle: sqrt((1 + cos)/2) */
				if (sqrt((1.0 + half_cos) / 2.0) >= cos_max)
					continue;
			}
			last_arc = i;
		} else {
			last_arc = (size_t)-1;
			/* the middle of three stops on one straight face */
			if (i > 0 && i + 1 < f->n && f->t[i - 1] < R && f->t[i + 1] < R &&
			    f->by[i - 1] == f->by[i] && f->by[i + 1] == f->by[i]) {
				double ax = f->sx + f->ux[i - 1] * f->t[i - 1];
				double ay = f->sy + f->uy[i - 1] * f->t[i - 1];
				double bx = f->sx + f->ux[i] * t, by = f->sy + f->uy[i] * t;
				double cx = f->sx + f->ux[i + 1] * f->t[i + 1];
				double cy = f->sy + f->uy[i + 1] * f->t[i + 1];
				double cr = (bx - ax) * (cy - ay) - (by - ay) * (cx - ax);
				double len2 = (cx - ax) * (cx - ax) + (cy - ay) * (cy - ay);
				if (fabs(cr) <= COLLINEAR * (len2 + 1e-12))
					continue;
			}
			t = fmin(t + EXTEND, R);
		}
		double ux = f->ux[i], uy = f->uy[i];
		/* The edges of the field of view are turned out by a hair, so
		 * that a fence the camera looks along (a camera in a corner)
		 * lies inside its view rather than a rounding error outside. */
		if (!f->full && (i == 0 || i + 1 == f->n)) {
			double e = i == 0 ? -FOV_SLACK : FOV_SLACK;
			double rx = ux * cos(e) + uy * sin(e), ry = uy * cos(e) - ux * sin(e);
			ux = rx;
			uy = ry;
		}
		xs[n] = f->sx + ux * t;
		ys[n++] = f->sy + uy * t;
	}
	return polygon(g, xs, ys, n);
}

/* ---- the computation ---- */

struct work {
	GEOSContextHandle_t g;
	const struct cctv_scene *s;
	const struct cctv_params *p;
	struct cctv_occluders occ;
	GEOSGeometry *site, *occl, *outdoor, *per_line;
	double box[4]; /* the site's box, a metre wider each way */
	/* views[c * CCTV_N_LEVELS + L]; NULL for planned cameras or no view */
	GEOSGeometry **views;
	/* same[c * CCTV_N_LEVELS + L]: level L's reach is level L - 1's */
	unsigned char *same;
	GEOSGeometry **aoi_out; /* each area of interest, outdoor part */
};

static void work_release(struct work *w)
{
	GEOSContextHandle_t g = w->g;

	if (w->views)
		for (size_t i = 0; i < w->s->n_cameras * CCTV_N_LEVELS; i++)
			destroy(g, &w->views[i]);
	if (w->aoi_out)
		for (size_t i = 0; i < w->s->n_areas; i++)
			destroy(g, &w->aoi_out[i]);
	free(w->views);
	free(w->same);
	free(w->aoi_out);
	destroy(g, &w->site);
	destroy(g, &w->occl);
	destroy(g, &w->outdoor);
	destroy(g, &w->per_line);
	cctv_occluders_release(&w->occ);
}

/* The occluders (buildings, and each wall segment's rectangle, as vis.c
 * sees them) as one geometry. */
static int occluders_geom(struct work *w)
{
	GEOSGeometry **parts = calloc(w->occ.n_polys ? w->occ.n_polys : 1, sizeof(*parts));
	size_t m = 0;
	int rc = 0;

	if (!parts)
		return -1;
	for (size_t k = 0; k < w->occ.n_polys; k++) {
		const struct cctv_path *r = &w->occ.polys[k];
		GEOSGeometry *pg = made_valid(w->g, polygon(w->g, r->x, r->y, r->n));
		if (pg)
			parts[m++] = pg;
	}
	w->occl = union_of(w->g, parts, m);
	if (!w->occl)
		rc = -1;
	for (size_t k = 0; k < m; k++)
		GEOSGeom_destroy_r(w->g, parts[k]);
	free(parts);
	return rc;
}

static int camera_views(struct work *w, size_t ci, double *xs, double *ys, size_t cap)
{
	const struct cctv_camera *c = &w->s->cameras[ci];
	double reach[CCTV_N_LEVELS];
	struct cctv_fan f;

	if (c->status == CCTV_PLANNED)
		return 0;
	for (int L = 0; L < CCTV_N_LEVELS; L++)
		reach[L] = cctv_ground_reach(c, (enum cctv_level)L, w->p);
	if (!(reach[0] > 0))
		return 0;
	/* Beyond the site's box nothing counts: a reach past its farthest
	 * corner draws the same view over it as that distance does, so the
	 * levels that reach so far share one view (and, when every camera's
	 * do, one union). */
	if (w->site) {
		double sx, sy, far = 0;
		cctv_vis_stand(&w->occ, c, &sx, &sy);
		for (int k = 0; k < 4; k++) {
			double dx = w->box[k & 1 ? 2 : 0] - sx, dy = w->box[k & 2 ? 3 : 1] - sy;
			far = fmax(far, sqrt(dx * dx + dy * dy));
		}
		for (int L = 0; L < CCTV_N_LEVELS; L++)
			reach[L] = fmin(reach[L], far + 1.0);
	}
	if (cctv_vis_fan(&w->occ, c, CCTV_N_LEVELS, reach, w->p->step_deg, &f) < 0)
		return -1;
	if (f.n + 2 > cap) {
		cctv_vis_fan_release(&f);
		return -2; /* the caller grows the buffers and asks again */
	}
	for (int L = 0; L < CCTV_N_LEVELS; L++) {
		/* a lower level's view contains a higher one's: the same reach
		 * draws the same polygon */
		if (L > 0 && reach[L] == reach[L - 1] && w->views[ci * CCTV_N_LEVELS + L - 1]) {
			w->views[ci * CCTV_N_LEVELS + L] =
			        GEOSGeom_clone_r(w->g, w->views[ci * CCTV_N_LEVELS + L - 1]);
			w->same[ci * CCTV_N_LEVELS + L] = 1;
			continue;
		}
		GEOSGeometry *v = view_polygon(w->g, &f, reach[L], xs, ys);
		/* only the part over the site counts: what lies beyond its box
		 * is cut off by a clip that needs no overlay */
		if (v && w->site) {
			GEOSGeometry *cut = GEOSClipByRect_r(w->g, v, w->box[0], w->box[1],
			                                     w->box[2], w->box[3]);
			GEOSGeom_destroy_r(w->g, v);
			v = cut;
		}
		w->views[ci * CCTV_N_LEVELS + L] = v;
	}
	cctv_vis_fan_release(&f);
	return 0;
}

/* The union of the working cameras' views at level L. */
static GEOSGeometry *level_union(struct work *w, int L)
{
	size_t n = w->s->n_cameras, m = 0;
	GEOSGeometry **parts = malloc((n ? n : 1) * sizeof(*parts)), *u;

	if (!parts)
		return NULL;
	for (size_t c = 0; c < n; c++) {
		const struct cctv_camera *cam = &w->s->cameras[c];
		GEOSGeometry *v = w->views[c * CCTV_N_LEVELS + L];
		if (!v || cam->status != CCTV_WORKING)
			continue;
		parts[m++] = v;
	}
	u = union_of(w->g, parts, m);
	free(parts);
	return u;
}

static int blind_cmp(const void *a, const void *b)
{
	const struct cctv_blind *p = a, *q = b;
	if (p->area != q->area)
		return p->area > q->area ? -1 : 1;
	if (p->cx != q->cx)
		return p->cx < q->cx ? -1 : 1;
	return (p->cy > q->cy) - (p->cy < q->cy);
}

/* The blind spots: the parts of gap (the outdoor area no working camera
 * sees at detection, taken over) of at least min_blind. */
static int blind_spots(struct work *w, GEOSGeometry *gap, int keep, struct cctv_coverage *out)
{
	GEOSContextHandle_t g = w->g;
	int parts;

	if (!gap)
		return -1;
	parts = GEOSGetNumGeometries_r(g, gap);
	out->blind = calloc(parts > 0 ? (size_t)parts : 1, sizeof(*out->blind));
	if (!out->blind) {
		GEOSGeom_destroy_r(g, gap);
		return -1;
	}
	for (int i = 0; i < parts; i++) {
		const GEOSGeometry *pg = GEOSGetGeometryN_r(g, gap, i);
		double a = area_of(g, pg), cx = 0, cy = 0;
		GEOSGeometry *cen;
		if (a < w->p->min_blind)
			continue;
		cen = GEOSGetCentroid_r(g, pg);
		if (cen) {
			GEOSGeomGetX_r(g, cen, &cx);
			GEOSGeomGetY_r(g, cen, &cy);
			GEOSGeom_destroy_r(g, cen);
		}
		struct cctv_blind *b = &out->blind[out->n_blind++];
		b->area = a;
		b->cx = cx;
		b->cy = cy;
		b->geom = keep ? GEOSGeom_clone_r(g, pg) : NULL;
		out->blind_area += a;
	}
	GEOSGeom_destroy_r(g, gap);
	qsort(out->blind, out->n_blind, sizeof(*out->blind), blind_cmp);
	return 0;
}

/* Whether every camera's view at level L is its view at L - 1. */
static int level_same(const struct work *w, int L)
{
	for (size_t c = 0; c < w->s->n_cameras; c++)
		if (w->views[c * CCTV_N_LEVELS + L] && !w->same[c * CCTV_N_LEVELS + L])
			return 0;
	return 1;
}

/* Covered areas, perimeter and areas of interest for one set of cameras. */
struct figures {
	double covered[CCTV_N_LEVELS];
	double perimeter_seen;
	size_t aoi_covered;
	double *aoi_seen; /* n_areas x CCTV_N_LEVELS, or NULL */
};

/* ... and in *gap the outdoor area the union at detection leaves out: the
 * blind spots' ground, and (outdoor less it) the covered area at
 * detection, with one overlay for both. */
static int figures(struct work *w, int all_levels, GEOSGeometry **unions, struct figures *f,
                   GEOSGeometry **gap)
{
	GEOSContextHandle_t g = w->g;

	for (int L = 0; L < CCTV_N_LEVELS; L++) {
		if (L > 0 && level_same(w, L)) {
			/* every camera's view is the level below's: so is all */
			unions[L] = GEOSGeom_clone_r(g, unions[L - 1]);
			if (!unions[L])
				return -1;
			f->covered[L] = f->covered[L - 1];
			continue;
		}
		unions[L] = level_union(w, L);
		if (!unions[L])
			return -1;
		if (w->outdoor && L == 0) {
			*gap = GEOSDifference_r(g, w->outdoor, unions[0]);
			if (!*gap)
				return -1;
			f->covered[0] = fmax(0.0, area_of(g, w->outdoor) - area_of(g, *gap));
		} else if (w->outdoor) {
			f->covered[L] = meet_area(g, unions[L], w->outdoor);
			if (f->covered[L] < 0)
				return -1;
		}
	}
	if (w->per_line && GEOSisEmpty_r(g, unions[0]) != 1) {
		GEOSGeometry *seen = GEOSIntersection_r(g, w->per_line, unions[0]);
		if (!seen)
			return -1;
		GEOSLength_r(g, seen, &f->perimeter_seen);
		GEOSGeom_destroy_r(g, seen);
	}
	for (size_t a = 0; a < w->s->n_areas; a++) {
		const struct cctv_area *ar = &w->s->areas[a];
		double own = area_of(g, w->aoi_out[a]);
		for (int L = 0; L < CCTV_N_LEVELS; L++) {
			/* the area's own level always; the others when detail is asked */
			if (!all_levels && (int)ar->level != L)
				continue;
			double v = meet_area(g, unions[L], w->aoi_out[a]);
			if (v < 0)
				return -1;
			f->aoi_seen[a * CCTV_N_LEVELS + L] = v;
			if ((int)ar->level == L && own > 0 && v / own >= w->p->aoi_share)
				f->aoi_covered++;
		}
	}
	return 0;
}

/*
 * The figures with the faulty cameras back (*with), from those of the
 * working ones (now, their unions u).  At each level, what the faulty
 * cameras would add is the part of their views no working camera sees,
 * F - U: a difference that lies within the faulty views, so GEOS clips
 * the union down to them first.  Its outdoor area, the perimeter along it
 * and the areas of interest in it are added to the working figures; the
 * sums are the figures of the union of all, which is never formed.
 */
static int faulty_figures(struct work *w, GEOSGeometry *const *u, const struct figures *now,
                          struct figures *with)
{
	GEOSContextHandle_t g = w->g;
	size_t n = w->s->n_cameras;
	GEOSGeometry **parts = malloc((n ? n : 1) * sizeof(*parts)), *add = NULL;
	int rc = -1;

	if (!parts)
		return -1;
	memcpy(with->covered, now->covered, sizeof(with->covered));
	with->perimeter_seen = now->perimeter_seen;
	with->aoi_covered = 0;
	for (int L = 0; L < CCTV_N_LEVELS; L++) {
		size_t m = 0;
		for (size_t c = 0; c < n; c++) {
			GEOSGeometry *v = w->views[c * CCTV_N_LEVELS + L];
			if (v && w->s->cameras[c].status == CCTV_FAULTY)
				parts[m++] = v;
		}
		GEOSGeometry *faulty = union_of(g, parts, m);
		if (!faulty)
			goto out;
		add = GEOSDifference_r(g, faulty, u[L]);
		GEOSGeom_destroy_r(g, faulty);
		if (!add)
			goto out;
		if (w->outdoor) {
			double more = meet_area(g, add, w->outdoor);
			if (more < 0)
				goto out;
			with->covered[L] += more;
		}
		if (L == 0 && w->per_line && GEOSisEmpty_r(g, add) != 1) {
			GEOSGeometry *seen = GEOSIntersection_r(g, w->per_line, add);
			double len = 0;
			if (!seen)
				goto out;
			GEOSLength_r(g, seen, &len);
			GEOSGeom_destroy_r(g, seen);
			with->perimeter_seen += len;
		}
		for (size_t a = 0; a < w->s->n_areas; a++) {
			if ((int)w->s->areas[a].level != L)
				continue;
			double own = area_of(g, w->aoi_out[a]),
			       more = meet_area(g, add, w->aoi_out[a]);
			if (more < 0)
				goto out;
			double v = now->aoi_seen[a * CCTV_N_LEVELS + L] + more;
			if (own > 0 && v / own >= w->p->aoi_share)
				with->aoi_covered++;
		}
		destroy(g, &add);
	}
	rc = 0;
out:
	destroy(g, &add);
	free(parts);
	return rc;
}

static int setup(struct work *w, char **errmsg)
{
	GEOSContextHandle_t g = w->g;
	const struct cctv_scene *s = w->s;

	if (cctv_occluders_build(s, &w->occ) < 0)
		return fail(errmsg, "out of memory");
	if (occluders_geom(w) < 0)
		return fail(errmsg, "cannot join the buildings and walls (GEOS)");
	if (s->perimeter.n >= 3) {
		w->site = made_valid(g, polygon(g, s->perimeter.x, s->perimeter.y, s->perimeter.n));
		w->per_line = ring_line(g, &s->perimeter);
		w->box[0] = w->box[2] = s->perimeter.x[0];
		w->box[1] = w->box[3] = s->perimeter.y[0];
		for (size_t i = 1; i < s->perimeter.n; i++) {
			w->box[0] = fmin(w->box[0], s->perimeter.x[i]);
			w->box[1] = fmin(w->box[1], s->perimeter.y[i]);
			w->box[2] = fmax(w->box[2], s->perimeter.x[i]);
			w->box[3] = fmax(w->box[3], s->perimeter.y[i]);
		}
		w->box[0] -= 1.0;
		w->box[1] -= 1.0;
		w->box[2] += 1.0;
		w->box[3] += 1.0;
		if (!w->site || !w->per_line)
			return fail(errmsg, "cannot make the site's perimeter a polygon (GEOS)");
		w->outdoor = GEOSDifference_r(g, w->site, w->occl);
		if (!w->outdoor)
			return fail(errmsg, "cannot take the buildings from the site (GEOS)");
	}
	w->views = calloc(s->n_cameras * CCTV_N_LEVELS + 1, sizeof(*w->views));
	w->same = calloc(s->n_cameras * CCTV_N_LEVELS + 1, 1);
	w->aoi_out = calloc(s->n_areas + 1, sizeof(*w->aoi_out));
	if (!w->views || !w->same || !w->aoi_out)
		return fail(errmsg, "out of memory");
	for (size_t a = 0; a < s->n_areas; a++) {
		const struct cctv_path *r = &s->areas[a].ring;
		GEOSGeometry *pg = made_valid(g, polygon(g, r->x, r->y, r->n));
		if (!pg)
			return fail(errmsg, "cannot make an area of interest a polygon (GEOS)");
		w->aoi_out[a] = GEOSDifference_r(g, pg, w->occl);
		GEOSGeom_destroy_r(g, pg);
		if (!w->aoi_out[a])
			return fail(errmsg,
			            "cannot take the buildings from an area of interest (GEOS)");
	}
	return 0;
}

static int all_views(struct work *w, char **errmsg)
{
	size_t cap = 4096;
	double *xs = malloc(cap * sizeof(double)), *ys = malloc(cap * sizeof(double));
	int rc = xs && ys ? 0 : -1;

	for (size_t c = 0; c < w->s->n_cameras && rc == 0; c++) {
		rc = camera_views(w, c, xs, ys, cap);
		if (rc == -2) {
			double *nx, *ny;
			cap *= 8;
			nx = realloc(xs, cap * sizeof(double));
			if (nx)
				xs = nx;
			ny = realloc(ys, cap * sizeof(double));
			if (ny)
				ys = ny;
			rc = nx && ny ? 0 : -1;
			if (rc == 0)
				c--; /* the same camera again, with room */
		}
	}
	free(xs);
	free(ys);
	return rc == 0 ? 0 : fail(errmsg, "out of memory casting the cameras' rays");
}

int cctv_coverage_compute(GEOSContextHandle_t g, const struct cctv_scene *s,
                          const struct cctv_params *p, int keep_geometry, struct cctv_coverage *out,
                          char **errmsg)
{
	struct work w = {.g = g, .s = s, .p = p};
	GEOSGeometry *u[CCTV_N_LEVELS] = {0}, *gap = NULL;
	struct figures now = {{0}, 0, 0, NULL}, with = {{0}, 0, 0, NULL};
	int detail = keep_geometry || p->detail;
	int rc = -1;

	memset(out, 0, sizeof(*out));
	out->has_perimeter = s->perimeter.n >= 3;
	out->n_cams = s->n_cameras;
	out->n_aoi = s->n_areas;
	out->cams = calloc(s->n_cameras + 1, sizeof(*out->cams));
	out->aoi = calloc(s->n_areas + 1, sizeof(*out->aoi));
	now.aoi_seen = calloc(s->n_areas * CCTV_N_LEVELS + 1, sizeof(double));
	if (!out->cams || !out->aoi || !now.aoi_seen) {
		fail(errmsg, "out of memory");
		goto done;
	}
	for (size_t c = 0; c < s->n_cameras; c++) {
		enum cctv_status st = s->cameras[c].status;
		out->n_working += st == CCTV_WORKING;
		out->n_faulty += st == CCTV_FAULTY;
		out->n_planned += st == CCTV_PLANNED;
	}
	if (setup(&w, errmsg) < 0 || all_views(&w, errmsg) < 0)
		goto done;
	if (figures(&w, detail, u, &now, &gap) < 0) {
		fail(errmsg, "cannot join the cameras' views (GEOS)");
		goto done;
	}
	if (out->has_perimeter) {
		out->site_area = area_of(g, w.site);
		out->outdoor_area = area_of(g, w.outdoor);
		GEOSLength_r(g, w.per_line, &out->perimeter_length);
		out->perimeter_seen = now.perimeter_seen;
		out->perimeter_share =
		        out->perimeter_length > 0 ? now.perimeter_seen / out->perimeter_length : 0;
		for (int L = 0; L < CCTV_N_LEVELS; L++) {
			out->covered[L] = now.covered[L];
			out->share[L] =
			        out->outdoor_area > 0 ? now.covered[L] / out->outdoor_area : 0;
		}
		GEOSGeometry *ground = gap;
		gap = NULL;
		if (blind_spots(&w, ground, keep_geometry, out) < 0) {
			fail(errmsg, "cannot find the blind spots (GEOS)");
			goto done;
		}
	}
	/* each camera's own part of the outdoor area (at every level when
	 * detail is asked); what they see more than once is the sum of those
	 * less what they see together */
	double sum = 0;
	for (size_t c = 0; c < s->n_cameras; c++) {
		for (int L = 0; L < (detail ? CCTV_N_LEVELS : 1); L++) {
			GEOSGeometry *v = w.views[c * CCTV_N_LEVELS + L];
			double a = w.same[c * CCTV_N_LEVELS + L] ? out->cams[c].seen[L - 1]
			           : w.outdoor                   ? meet_area(g, v, w.outdoor)
			                                         : outside_area(g, v, w.occl);
			if (a < 0) {
				fail(errmsg, "cannot measure a camera's view (GEOS)");
				goto done;
			}
			out->cams[c].seen[L] = a;
		}
		if (s->cameras[c].status == CCTV_WORKING)
			sum += out->cams[c].seen[0];
	}
	out->overlap = out->has_perimeter ? fmax(0.0, sum - out->covered[0]) : 0;
	for (size_t a = 0; a < s->n_areas; a++) {
		struct cctv_aoi_cover *ac = &out->aoi[a];
		ac->area = area_of(g, w.aoi_out[a]);
		for (int L = 0; L < CCTV_N_LEVELS; L++)
			ac->seen[L] = now.aoi_seen[a * CCTV_N_LEVELS + L];
		ac->share = ac->area > 0 ? ac->seen[s->areas[a].level] / ac->area : 0;
		ac->covered = ac->area > 0 && ac->share >= p->aoi_share;
	}
	out->n_aoi_covered = now.aoi_covered;
	if (out->n_faulty > 0) {
		if (faulty_figures(&w, u, &now, &with) < 0) {
			fail(errmsg, "cannot join the cameras' views with the faulty ones (GEOS)");
			goto done;
		}
		for (int L = 0; L < CCTV_N_LEVELS && out->outdoor_area > 0; L++)
			out->faulty_gain[L] =
			        (with.covered[L] - now.covered[L]) / out->outdoor_area;
		if (out->perimeter_length > 0)
			out->faulty_gain_perimeter =
			        (with.perimeter_seen - now.perimeter_seen) / out->perimeter_length;
		out->faulty_gain_aoi = with.aoi_covered - now.aoi_covered;
	}
	if (keep_geometry) {
		for (size_t c = 0; c < s->n_cameras; c++)
			for (int L = 0; L < CCTV_N_LEVELS; L++) {
				GEOSGeometry *v = w.views[c * CCTV_N_LEVELS + L];
				if (!v)
					continue;
				out->cams[c].view[L] = w.outdoor
				                               ? GEOSIntersection_r(g, v, w.outdoor)
				                               : GEOSDifference_r(g, v, w.occl);
			}
		for (int L = 0; L < CCTV_N_LEVELS; L++) {
			out->union_view[L] =
			        w.outdoor ? GEOSIntersection_r(g, u[L], w.outdoor) : u[L];
			if (!w.outdoor)
				u[L] = NULL;
		}
		out->outdoor = w.outdoor;
		w.outdoor = NULL;
	}
	rc = 0;
done:
	for (int L = 0; L < CCTV_N_LEVELS; L++) {
		destroy(g, &u[L]);
	}
	destroy(g, &gap);
	free(now.aoi_seen);
	work_release(&w);
	if (rc != 0)
		cctv_coverage_release(g, out);
	return rc;
}

void cctv_coverage_release(GEOSContextHandle_t g, struct cctv_coverage *c)
{
	if (c->cams)
		for (size_t i = 0; i < c->n_cams; i++)
			for (int L = 0; L < CCTV_N_LEVELS; L++)
				destroy(g, &c->cams[i].view[L]);
	if (c->blind)
		for (size_t i = 0; i < c->n_blind; i++)
			destroy(g, &c->blind[i].geom);
	for (int L = 0; L < CCTV_N_LEVELS; L++)
		destroy(g, &c->union_view[L]);
	destroy(g, &c->outdoor);
	free(c->cams);
	free(c->aoi);
	free(c->blind);
	memset(c, 0, sizeof(*c));
}

/* ---- checking input ---- */

static char *text_copy(const char *t)
{
	char *c = malloc(strlen(t) + 1);
	if (c)
		memcpy(c, t, strlen(t) + 1);
	return c;
}

/* Points of p other than the one before (and, for a ring, the first again
 * at the end). */
static size_t distinct(const struct cctv_path *p, int ring)
{
	size_t n = p->n, m = 0;

	if (ring && n > 1 && p->x[n - 1] == p->x[0] && p->y[n - 1] == p->y[0])
		n--;
	for (size_t i = 0; i < n; i++)
		m += i == 0 || p->x[i] != p->x[i - 1] || p->y[i] != p->y[i - 1];
	return m;
}

/* NULL when gm is valid, else GEOS's reason (malloc'd). */
static char *reason(GEOSContextHandle_t g, const GEOSGeometry *gm)
{
	char *r, *why;

	if (!gm)
		return text_copy("GEOS cannot build it");
	if (GEOSisValid_r(g, gm) == 1)
		return NULL;
	r = GEOSisValidReason_r(g, gm);
	if (!r)
		return text_copy("GEOS cannot check it");
	why = text_copy(r);
	GEOSFree_r(g, r);
	return why;
}

char *cctv_ring_invalid(GEOSContextHandle_t g, const struct cctv_path *ring)
{
	size_t n = ring->n;
	GEOSGeometry *pg;
	char *why;

	if (distinct(ring, 1) < 3)
		return text_copy("fewer than 3 distinct points");
	if (ring->x[n - 1] == ring->x[0] && ring->y[n - 1] == ring->y[0])
		n--;
	pg = polygon(g, ring->x, ring->y, n);
	why = reason(g, pg);
	if (pg)
		GEOSGeom_destroy_r(g, pg);
	return why;
}

char *cctv_wall_invalid(GEOSContextHandle_t g, const struct cctv_wall *w)
{
	GEOSGeometry *line, *body;
	GEOSCoordSequence *seq;
	char *why;

	if (!(w->thickness > 0))
		return text_copy("thickness must be more than 0");
	if (distinct(&w->line, 0) < 2)
		return text_copy("fewer than 2 distinct points");
	seq = GEOSCoordSeq_create_r(g, (unsigned)w->line.n, 2);
	if (!seq)
		return text_copy("GEOS cannot build it");
	for (size_t i = 0; i < w->line.n; i++)
		GEOSCoordSeq_setXY_r(g, seq, (unsigned)i, w->line.x[i], w->line.y[i]);
	line = GEOSGeom_createLineString_r(g, seq);
	if (!line)
		return text_copy("GEOS cannot build it");
	/* flat ends, as vis.c stands a rectangle on each segment */
	body = GEOSBufferWithStyle_r(g, line, w->thickness / 2, 8, GEOSBUF_CAP_FLAT,
	                             GEOSBUF_JOIN_MITRE, 5.0);
	GEOSGeom_destroy_r(g, line);
	why = reason(g, body);
	if (body)
		GEOSGeom_destroy_r(g, body);
	return why;
}
