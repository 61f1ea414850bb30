/*
 * plan.c - see plan.h.
 *
 * The ground is a lattice of points `cell` metres apart over the
 * perimeter's bounding box, kept where it is outdoors (inside the
 * perimeter, outside the occluder polygons of vis.c).  Points the working
 * cameras already see at the plan's level are worth nothing and are
 * dropped; the rest are the samples, numbered in row-major order.  What a
 * candidate sees is a sorted list of sample numbers kept as runs
 * (first, count): a view is a wedge, so most lattice rows it crosses give
 * one run, and 4,800 candidates over 40,000 samples fit in a few
 * megabytes where bitsets would take 24.
 *
 * The choice is the greedy one with lazy evaluation (CELF, Leskovec et al.
 * 2007): a candidate's gain only falls as cameras are added (coverage is
 * submodular), so a stale gain is an upper bound and only the top of the
 * queue need be brought up to date.
 */
#include "plan.h"

#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vis.h"

#include "banned.h"

/* How far off its wall or perimeter a candidate mount stands. */
#define NUDGE 0.05

/* Angles closer than this (degrees) to a field of view's edge are left to
 * cctv_vis_sees to decide. */
#define FOV_EDGE 1e-6

/* Lattice point (i, j) is at (x0 + (i + 0.5) cell, y0 + (j + 0.5) cell);
 * at[j * nx + i] is its point number, later its sample number, or -1. */
struct lattice {
	double x0, y0, cell;
	size_t nx, ny;
	int32_t *at;
};

/* Sorted sample numbers as runs: v[2k] the first, v[2k + 1] how many. */
struct runs {
	uint32_t *v;
	size_t n, cap;
};

struct planner {
	const struct cctv_scene *s;
	const struct cctv_params *p;
	const struct cctv_plan_opts *o;
	struct cctv_occluders occ;
	struct lattice lat;
	size_t n_points;
	signed char *lvl;    /* per point: best level working cameras see it at */
	unsigned char *flag; /* per point: AOI_SERVED, AOI_UNCOVERED */
	size_t n_samples;
	double *worth;
	unsigned char *in_aoi;
	/* candidates: mount m with bearing b is candidate m * nb + b */
	double *mx, *my;
	size_t n_mounts, mounts_cap, nb;
	size_t *off; /* candidate c's runs are off[c] .. off[c + 1] - 1 */
	struct runs all;
};

#define AOI_SERVED    1u /* in an area that needs the plan's level or lower */
#define AOI_UNCOVERED 2u /* ... and that area is not covered yet */

#if defined(__GNUC__)
static int fail(char **errmsg, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
#endif

static int fail(char **errmsg, const char *fmt, ...)
{
	char buf[256];
	va_list ap;
	size_t n;

	if (!errmsg)
		return -1;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	n = strlen(buf) + 1;
	*errmsg = malloc(n);
	if (*errmsg)
		memcpy(*errmsg, buf, n);
	return -1;
}

/* ---- geometry ---- */

/* Positive when counter-clockwise; about the first point, since projected
 * coordinates run to hundreds of kilometres. */
static double ring_signed_area(const struct cctv_path *r)
{
	double a = 0;

	for (size_t i = 1; i + 1 < r->n; i++)
		a += (r->x[i] - r->x[0]) * (r->y[i + 1] - r->y[0]) -
		     (r->x[i + 1] - r->x[0]) * (r->y[i] - r->y[0]);
	return a / 2;
}

/* Bearing of (dx, dy) in degrees clockwise from grid north, [0, 360). */
static double bearing_of(double dx, double dy)
{
	double b = atan2(dx, dy) * (180.0 / M_PI);

	return b < 0 ? b + 360.0 : b;
}

/* |a - b| as an angle, [0, 180]. */
static double angle_apart(double a, double b)
{
	double d = fmod(fabs(a - b), 360.0);

	return d > 180.0 ? 360.0 - d : d;
}

/* ---- the lattice ---- */

static double lat_x(const struct lattice *l, size_t i)
{
	return l->x0 + ((double)i + 0.5) * l->cell;
}

static double lat_y(const struct lattice *l, size_t j)
{
	return l->y0 + ((double)j + 0.5) * l->cell;
}

/* The lattice indices [*lo, *hi] with coordinate in [a, b] along an axis
 * of n points from origin z0; 0 when there are none. */
static int lat_span(double z0, double cell, size_t n, double a, double b, size_t *lo, size_t *hi)
{
	double fa = ceil((a - z0) / cell - 0.5), fb = floor((b - z0) / cell - 0.5);

	if (n == 0 || fb < 0 || fa > (double)(n - 1) || fa > fb)
		return 0;
	*lo = fa < 0 ? 0 : (size_t)fa;
	*hi = fb > (double)(n - 1) ? n - 1 : (size_t)fb;
	return 1;
}

/* Rows of the disc of radius r about (cx, cy), slightly enlarged so that
 * cctv_vis_sees gets the last word on points at the rim. */
static int disc_rows(const struct lattice *l, double cy, double r, size_t *lo, size_t *hi)
{
	double rr = r * (1 + 1e-9) + 1e-9;

	return lat_span(l->y0, l->cell, l->ny, cy - rr, cy + rr, lo, hi);
}

static int disc_cols(const struct lattice *l, double cx, double cy, double r, size_t j, size_t *lo,
                     size_t *hi)
{
	double rr = r * (1 + 1e-9) + 1e-9, dy = lat_y(l, j) - cy;
	double hw;

	if (dy * dy > rr * rr)
		return 0;
	hw = sqrt(rr * rr - dy * dy);
	return lat_span(l->x0, l->cell, l->nx, cx - hw, cx + hw, lo, hi);
}

static int outdoor(const struct planner *P, double x, double y)
{
	return cctv_occluders_outdoor(&P->occ, &P->s->perimeter, x, y);
}

static int lattice_build(struct planner *P, char **errmsg)
{
	struct lattice *l = &P->lat;
	double site[4];
	double nx, ny;
	size_t n = 0, cells;

	cctv_path_box(&P->s->perimeter, site);
	nx = ceil((site[2] - site[0]) / P->o->cell);
	ny = ceil((site[3] - site[1]) / P->o->cell);
	if (!(nx * ny <= (double)INT32_MAX))
		return fail(errmsg, "site too large to sample every %g m", P->o->cell);
	l->x0 = site[0];
	l->y0 = site[1];
	l->cell = P->o->cell;
	l->nx = (size_t)nx;
	l->ny = (size_t)ny;
	cells = l->nx * l->ny;
	l->at = malloc((cells ? cells : 1) * sizeof(*l->at));
	if (!l->at)
		return fail(errmsg, "out of memory");
	for (size_t j = 0; j < l->ny; j++)
		for (size_t i = 0; i < l->nx; i++)
			l->at[j * l->nx + i] =
			        outdoor(P, lat_x(l, i), lat_y(l, j)) ? (int32_t)n++ : -1;
	P->n_points = n;
	P->lvl = malloc(n ? n : 1);
	P->flag = calloc(n ? n : 1, 1);
	if (!P->lvl || !P->flag)
		return fail(errmsg, "out of memory");
	memset(P->lvl, -1, n);
	return 0;
}

/* ---- what is there already ---- */

/*
 * Raises lvl[] to the best level (up to the plan's) at which camera c sees
 * each point.  A refusal for a point surely within the reach asked means
 * out of view or hidden, which no longer reach changes, so the camera's
 * lower levels are asked only near the rim.
 */
static void existing_camera(struct planner *P, const struct cctv_camera *c)
{
	const struct lattice *l = &P->lat;
	double reach[CCTV_N_LEVELS] = {0}, sx, sy;
	int top = (int)P->o->level;
	size_t j0, j1, i0, i1;

	/* Reaches are measured from where vis.c takes the camera to stand. */
	cctv_vis_stand(&P->occ, c, &sx, &sy);
	for (int L = 0; L <= top; L++)
		reach[L] = cctv_ground_reach(c, (enum cctv_level)L, P->p);
	if (!(reach[0] > 0) || !disc_rows(l, sy, reach[0], &j0, &j1))
		return;
	for (size_t j = j0; j <= j1; j++) {
		if (!disc_cols(l, sx, sy, reach[0], j, &i0, &i1))
			continue;
		for (size_t i = i0; i <= i1; i++) {
			int32_t pt = l->at[j * l->nx + i];
			double x = lat_x(l, i), y = lat_y(l, j), d = hypot(x - sx, y - sy);

			if (pt < 0)
				continue;
			for (int L = top; L > P->lvl[pt]; L--) {
				double r = reach[L];

				if (!(r > 0) || d > r * (1 + 1e-9) + 1e-9)
					continue;
				if (cctv_vis_sees(&P->occ, c, r, x, y)) {
					P->lvl[pt] = (signed char)L;
					break;
				}
				if (d < r * (1 - 1e-9))
					break;
			}
		}
	}
}

/* Marks the points of area a; *in and *seen count them and those seen at
 * the area's level (pass 0), or pass 1 marks them uncovered. */
static void area_points(struct planner *P, const struct cctv_area *a, int pass, size_t *in,
                        size_t *seen)
{
	const struct lattice *l = &P->lat;
	double b[4];
	size_t j0, j1, i0, i1;

	cctv_path_box(&a->ring, b);
	if (!lat_span(l->y0, l->cell, l->ny, b[1], b[3], &j0, &j1) ||
	    !lat_span(l->x0, l->cell, l->nx, b[0], b[2], &i0, &i1))
		return;
	for (size_t j = j0; j <= j1; j++)
		for (size_t i = i0; i <= i1; i++) {
			int32_t pt = l->at[j * l->nx + i];

			if (pt < 0 || !cctv_path_contains(&a->ring, lat_x(l, i), lat_y(l, j)))
				continue;
			if (pass) {
				P->flag[pt] |= AOI_UNCOVERED;
				continue;
			}
			P->flag[pt] |= AOI_SERVED;
			(*in)++;
			*seen += P->lvl[pt] >= (int)a->level;
		}
}

/* An area is covered when params.aoi_share of its lattice points are seen
 * at its level, as coverage.c judges it by area. */
static void mark_areas(struct planner *P)
{
	for (size_t k = 0; k < P->s->n_areas; k++) {
		const struct cctv_area *a = &P->s->areas[k];
		size_t in = 0, seen = 0;

		if (a->level > P->o->level || a->ring.n < 3)
			continue;
		area_points(P, a, 0, &in, &seen);
		if (in && (double)seen < P->p->aoi_share * (double)in)
			area_points(P, a, 1, &in, &seen);
	}
}

/* Worth of each point, and the samples: the points worth something,
 * renumbered in the same order. */
static int samples_build(struct planner *P, char **errmsg)
{
	struct lattice *l = &P->lat;
	size_t n = 0;

	for (size_t i = 0; i < P->s->n_cameras; i++)
		if (P->s->cameras[i].status == CCTV_WORKING)
			existing_camera(P, &P->s->cameras[i]);
	mark_areas(P);
	for (size_t pt = 0; pt < P->n_points; pt++)
		n += P->lvl[pt] < (int)P->o->level;
	P->worth = malloc((n ? n : 1) * sizeof(*P->worth));
	P->in_aoi = malloc(n ? n : 1);
	if (!P->worth || !P->in_aoi)
		return fail(errmsg, "out of memory");
	n = 0;
	for (size_t g = 0; g < l->nx * l->ny; g++) {
		int32_t pt = l->at[g];

		if (pt < 0 || P->lvl[pt] >= (int)P->o->level) {
			l->at[g] = -1;
			continue;
		}
		P->worth[n] = (P->flag[pt] & AOI_UNCOVERED) ? P->o->aoi_weight : 1.0;
		P->in_aoi[n] = (P->flag[pt] & AOI_SERVED) != 0;
		l->at[g] = (int32_t)n++;
	}
	P->n_samples = n;
	return 0;
}

/* ---- candidates ---- */

static int mount_add(struct planner *P, double x, double y)
{
	if (P->n_mounts == P->mounts_cap) {
		size_t cap = P->mounts_cap ? 2 * P->mounts_cap : 256;
		double *nx = realloc(P->mx, cap * sizeof(*nx));

		if (!nx)
			return -1;
		P->mx = nx;
		nx = realloc(P->my, cap * sizeof(*nx));
		if (!nx)
			return -1;
		P->my = nx;
		P->mounts_cap = cap;
	}
	P->mx[P->n_mounts] = x;
	P->my[P->n_mounts] = y;
	P->n_mounts++;
	return 0;
}

/* Where a camera can stand: on the site, outside every building (inside
 * one, vis.c would move it to the outline). */
static int mountable(const struct planner *P, double x, double y)
{
	if (!cctv_path_contains(&P->s->perimeter, x, y))
		return 0;
	for (size_t k = 0; k < P->occ.n_bpolys; k++)
		if (cctv_path_contains(&P->occ.polys[k], x, y))
			return 0;
	return 1;
}

/* The unit normal on the right of edge i of r (side 1) or on its left
 * (side -1); (0, 0) for an edge of no length. */
static void edge_normal(const struct cctv_path *r, size_t i, double side, double *nx, double *ny)
{
	size_t j = (i + 1) % r->n;
	double ex = r->x[j] - r->x[i], ey = r->y[j] - r->y[i], len = hypot(ex, ey);

	*nx = *ny = 0;
	if (len > 0) {
		*nx = side * ey / len;
		*ny = -side * ex / len;
	}
}

/*
 * Mounts every `spacing` metres along each edge of ring r (evenly, the
 * edge's start included and its end left to the next edge), nudged NUDGE
 * metres off it: away from the interior for side 1 (a building), into it
 * for side -1 (the perimeter).  A vertex moves along the bisector of its
 * two edges' normals, so that it leaves both edges, convex or reflex.
 */
static int ring_mounts(struct planner *P, const struct cctv_path *r, double side)
{
	double a = ring_signed_area(r);

	if (r->n < 3 || a == 0)
		return 0;
	/* Counter-clockwise rings have their interior on the left, where the
	 * right-hand normal of edge_normal would point out. */
	if (a < 0)
		side = -side;
	for (size_t i = 0; i < r->n; i++) {
		size_t j = (i + 1) % r->n, h = i;
		double ex = r->x[j] - r->x[i], ey = r->y[j] - r->y[i], len = hypot(ex, ey);
		double nx, ny, px = 0, py = 0, vx, vy, vl;
		size_t m;

		if (!(len > 0))
			continue;
		edge_normal(r, i, side, &nx, &ny);
		do {
			h = (h + r->n - 1) % r->n;
			edge_normal(r, h, side, &px, &py);
		} while (px == 0 && py == 0 && h != i);
		vx = nx + px;
		vy = ny + py;
		vl = hypot(vx, vy);
		if (vl < 1e-6) {
			vx = nx;
			vy = ny;
			vl = 1;
		}
		m = (size_t)fmax(1, ceil(len / P->o->spacing - 1e-9));
		for (size_t k = 0; k < m; k++) {
			double f = (double)k / (double)m;
			double x = r->x[i] + f * ex, y = r->y[i] + f * ey;

			x += k ? NUDGE * nx : NUDGE * vx / vl;
			y += k ? NUDGE * ny : NUDGE * vy / vl;
			if (mountable(P, x, y) && mount_add(P, x, y))
				return -1;
		}
	}
	return 0;
}

static int mounts_build(struct planner *P)
{
	for (size_t b = 0; b < P->s->n_buildings; b++)
		if (ring_mounts(P, &P->s->buildings[b].ring, 1))
			return -1;
	return ring_mounts(P, &P->s->perimeter, -1);
}

static int runs_push(struct runs *r, uint32_t s)
{
	if (r->n && r->v[2 * r->n - 2] + r->v[2 * r->n - 1] == s) {
		r->v[2 * r->n - 1]++;
		return 0;
	}
	if (r->n == r->cap) {
		size_t cap = r->cap ? 2 * r->cap : 64;
		uint32_t *v = realloc(r->v, 2 * cap * sizeof(*v));

		if (!v)
			return -1;
		r->v = v;
		r->cap = cap;
	}
	r->v[2 * r->n] = s;
	r->v[2 * r->n + 1] = 1;
	r->n++;
	return 0;
}

static int runs_append(struct runs *dst, const struct runs *src)
{
	if (src->n == 0)
		return 0;
	if (dst->n + src->n > dst->cap) {
		size_t cap = dst->cap ? dst->cap : 1024;
		uint32_t *v;

		while (cap < dst->n + src->n)
			cap *= 2;
		v = realloc(dst->v, 2 * cap * sizeof(*v));
		if (!v)
			return -1;
		dst->v = v;
		dst->cap = cap;
	}
	memcpy(dst->v + 2 * dst->n, src->v, 2 * src->n * sizeof(*src->v));
	dst->n += src->n;
	return 0;
}

/* The model at mount m, bearing b. */
static void candidate_camera(const struct planner *P, size_t m, size_t b, struct cctv_camera *c)
{
	*c = P->o->model;
	c->id = NULL;
	c->x = P->mx[m];
	c->y = P->my[m];
	c->bearing = (double)b * P->o->bearing_step;
	c->status = CCTV_PLANNED;
}

/*
 * Adds sample s, seen from mount m by the model turned all round, to the
 * views of the bearings whose field of view holds it.  Occlusion does not
 * depend on the bearing, so only the field of view is left to decide, and
 * cctv_vis_sees decides it where the sample is on its edge.
 */
static int mount_sample(const struct planner *P, size_t m, double reach, double x, double y,
                        uint32_t s, struct runs *view)
{
	double dx = x - P->mx[m], dy = y - P->my[m];
	double az = bearing_of(dx, dy), half = P->o->model.fov / 2;
	int at_mount = dx * dx + dy * dy < 1e-12;

	for (size_t b = 0; b < P->nb; b++) {
		double off = angle_apart(az, (double)b * P->o->bearing_step);
		int in = P->nb == 1 || off < half - FOV_EDGE;

		if (!in && (at_mount || off <= half + FOV_EDGE)) {
			struct cctv_camera c;

			candidate_camera(P, m, b, &c);
			in = cctv_vis_sees(&P->occ, &c, reach, x, y);
		}
		if (in && runs_push(&view[b], s))
			return -1;
	}
	return 0;
}

/* The views of the nb candidates at mount m, appended to P->all. */
static int mount_views(struct planner *P, size_t m, double reach, struct runs *view)
{
	const struct lattice *l = &P->lat;
	struct cctv_camera all_round;
	size_t j0, j1, i0, i1;

	for (size_t b = 0; b < P->nb; b++)
		view[b].n = 0;
	candidate_camera(P, m, 0, &all_round);
	all_round.type = CCTV_PTZ;
	if (P->n_samples && reach > 0 && disc_rows(l, all_round.y, reach, &j0, &j1)) {
		for (size_t j = j0; j <= j1; j++) {
			if (!disc_cols(l, all_round.x, all_round.y, reach, j, &i0, &i1))
				continue;
			for (size_t i = i0; i <= i1; i++) {
				int32_t s = l->at[j * l->nx + i];
				double x = lat_x(l, i), y = lat_y(l, j);

				if (s < 0 || !cctv_vis_sees(&P->occ, &all_round, reach, x, y))
					continue;
				if (mount_sample(P, m, reach, x, y, (uint32_t)s, view))
					return -1;
			}
		}
	}
	for (size_t b = 0; b < P->nb; b++) {
		if (runs_append(&P->all, &view[b]))
			return -1;
		P->off[m * P->nb + b + 1] = P->all.n;
	}
	return 0;
}

static int candidates_build(struct planner *P, char **errmsg)
{
	struct runs *view;
	double reach;
	int rc = 0;

	if (mounts_build(P))
		return fail(errmsg, "out of memory");
	if (P->o->model.type == CCTV_PTZ || P->o->model.fov >= 360)
		P->nb = 1;
	else
		P->nb = (size_t)ceil(360.0 / P->o->bearing_step - 1e-9);
	if (P->n_mounts > UINT32_MAX / P->nb)
		return fail(errmsg, "too many candidate mounts (%zu)", P->n_mounts);
	P->off = calloc(P->n_mounts * P->nb + 1, sizeof(*P->off));
	view = calloc(P->nb, sizeof(*view));
	if (!P->off || !view) {
		free(view);
		return fail(errmsg, "out of memory");
	}
	reach = cctv_ground_reach(&P->o->model, P->o->level, P->p);
	for (size_t m = 0; m < P->n_mounts && !rc; m++)
		if (mount_views(P, m, reach, view))
			rc = fail(errmsg, "out of memory");
	for (size_t b = 0; b < P->nb; b++)
		free(view[b].v);
	free(view);
	return rc;
}

/* ---- the greedy choice ---- */

static double view_gain(const struct planner *P, size_t c, const double *rem)
{
	double g = 0;

	for (size_t k = P->off[c]; k < P->off[c + 1]; k++) {
		const uint32_t *run = P->all.v + 2 * k;

		for (uint32_t s = run[0]; s < run[0] + run[1]; s++)
			g += rem[s];
	}
	return g;
}

/* Takes candidate c's view: its samples are worth nothing from now on. */
static void view_take(const struct planner *P, size_t c, double *rem, struct cctv_plan_pick *pk)
{
	size_t n = 0, n_aoi = 0;
	double g = 0, a = P->lat.cell * P->lat.cell;

	for (size_t k = P->off[c]; k < P->off[c + 1]; k++) {
		const uint32_t *run = P->all.v + 2 * k;

		for (uint32_t s = run[0]; s < run[0] + run[1]; s++) {
			if (!(rem[s] > 0))
				continue;
			g += rem[s];
			n++;
			n_aoi += P->in_aoi[s];
			rem[s] = 0;
		}
	}
	pk->gain = g;
	pk->gain_m2 = (double)n * a;
	pk->gain_aoi_m2 = (double)n_aoi * a;
}

struct entry {
	double gain; /* as of round `round` */
	size_t cand;
	size_t round;
};

/* The queue's order: larger gain first, then the earlier candidate. */
static int before(const struct entry *a, const struct entry *b)
{
	return a->gain > b->gain || (a->gain == b->gain && a->cand < b->cand);
}

static void sift_down(struct entry *h, size_t n, size_t i)
{
	for (;;) {
		size_t l = 2 * i + 1, r = l + 1, top = i;
		struct entry t;

		if (l < n && before(&h[l], &h[top]))
			top = l;
		if (r < n && before(&h[r], &h[top]))
			top = r;
		if (top == i)
			return;
		t = h[i];
		h[i] = h[top];
		h[top] = t;
		i = top;
	}
}

/*
 * Lazy greedy.  An entry whose gain was computed in the current round is
 * the true best: every other entry's gain is an upper bound on its own
 * (submodularity), and ties go to the earlier candidate because the queue
 * orders them so, as plain greedy in candidate order would.  Before each
 * pick, worth-so-far + k x (the pick's gain) bounds the best k cameras
 * (see bound_of); *step keeps the least of these.
 */
static int greedy(const struct planner *P, double *rem, struct cctv_plan *out, double *step)
{
	size_t n_cand = P->n_mounts * P->nb, n = 0, cap;
	double k = (double)P->o->add;
	struct entry *h = malloc((n_cand ? n_cand : 1) * sizeof(*h));

	if (!h)
		return -1;
	for (size_t c = 0; c < n_cand; c++) {
		double g = view_gain(P, c, rem);

		if (g > 0)
			h[n++] = (struct entry){g, c, 0};
	}
	for (size_t i = n / 2; i-- > 0;)
		sift_down(h, n, i);
	cap = (size_t)P->o->add < n ? (size_t)P->o->add : n;
	out->picks = calloc(cap ? cap : 1, sizeof(*out->picks));
	if (!out->picks) {
		free(h);
		return -1;
	}
	*step = INFINITY;
	while (out->n < cap && n > 0) {
		struct cctv_plan_pick *pk = &out->picks[out->n];

		if (h[0].round != out->n) {
			h[0].gain = view_gain(P, h[0].cand, rem);
			h[0].round = out->n;
			if (!(h[0].gain > 0))
				h[0] = h[--n];
			sift_down(h, n, 0);
			continue;
		}
		*step = fmin(*step, out->worth + k * h[0].gain);
		view_take(P, h[0].cand, rem, pk);
		candidate_camera(P, h[0].cand / P->nb, h[0].cand % P->nb, &pk->cam);
		out->worth += pk->gain;
		out->n++;
		h[0] = h[--n];
		sift_down(h, n, 0);
	}
	free(h);
	return 0;
}

static int by_gain_desc(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x < y) - (x > y);
}

/*
 * An upper bound on the worth of the best k = opts.add candidates, OPT,
 * as the least of four, each valid on its own (f is the worth seen, a
 * monotone submodular function of a set of cameras; S the picks; O the
 * best k; D(c | S) = f(S + c) - f(S)):
 *
 *  1. OPT = f(O) <= f(S u O) <= f(S) + sum over c in O of D(c | S)
 *     (monotone, then submodular), <= f(S) plus the k largest D(c | S)
 *     over all candidates.  Holds for any S (Nemhauser, Wolsey and Fisher
 *     1978; Leskovec et al. 2007, the "online bound").
 *  2. The same for the greedy's earlier sets S_i, where the largest
 *     D(c | S_i) is the gain of pick i + 1: OPT <= f(S_i) + k g_{i+1}
 *     (`step`, kept by greedy).
 *  3. When greedy made all k picks: f(S) >= (1 - (1 - 1/k)^k) OPT >=
 *     (1 - 1/e) OPT (Nemhauser et al.), so OPT <= f(S) / (1 - (1-1/k)^k).
 *     (This follows from 2, so it never does better; it is kept as the
 *     figure the user may know.)
 *  4. No set of cameras sees more than all candidates together: the total
 *     worth of the samples some candidate sees, itself <= the worth of
 *     all samples.
 *
 * The bound is then raised to f(S) if rounding put it below.
 */
static int bound_of(const struct planner *P, const double *rem, double step, struct cctv_plan *out)
{
	size_t n_cand = P->n_mounts * P->nb, k = (size_t)P->o->add;
	double *g = malloc((n_cand ? n_cand : 1) * sizeof(*g));
	unsigned char *any = calloc(P->n_samples ? P->n_samples : 1, 1);
	double b1 = out->worth, b4 = 0, bound;

	if (!g || !any) {
		free(g);
		free(any);
		return -1;
	}
	for (size_t c = 0; c < n_cand; c++) {
		g[c] = view_gain(P, c, rem);
		for (size_t r = P->off[c]; r < P->off[c + 1]; r++)
			memset(any + P->all.v[2 * r], 1, P->all.v[2 * r + 1]);
	}
	qsort(g, n_cand, sizeof(*g), by_gain_desc);
	for (size_t c = 0; c < n_cand && c < k; c++)
		b1 += g[c];
	for (size_t s = 0; s < P->n_samples; s++)
		b4 += any[s] ? P->worth[s] : 0.0;
	bound = fmin(fmin(b1, step), b4);
	if (out->n == k && k > 0)
		bound = fmin(bound, out->worth / (1 - pow(1 - 1.0 / (double)k, (double)k)));
	out->bound = fmax(bound, out->worth);
	free(g);
	free(any);
	return 0;
}

/* ---- the whole ---- */

static int check_opts(const struct cctv_plan_opts *o, char **errmsg)
{
	if (o->add < 0)
		return fail(errmsg, "cameras to add must be 0 or more, not %ld", o->add);
	if ((int)o->level < 0 || o->level >= CCTV_N_LEVELS)
		return fail(errmsg, "unknown image quality level %d", (int)o->level);
	if (!(o->spacing > 0 && o->spacing <= 2))
		return fail(errmsg, "candidate spacing must be over 0 and at most 2 m, not %g",
		            o->spacing);
	if (!(o->bearing_step > 0 && o->bearing_step <= 15))
		return fail(errmsg, "bearing step must be over 0 and at most 15 degrees, not %g",
		            o->bearing_step);
	if (!(o->cell > 0) || !isfinite(o->cell))
		return fail(errmsg, "sample lattice must be over 0 m, not %g", o->cell);
	if (!(o->aoi_weight > 0) || !isfinite(o->aoi_weight))
		return fail(errmsg, "area of interest weight must be over 0, not %g",
		            o->aoi_weight);
	if (o->model.pixels <= 0 || !(o->model.fov > 0 && o->model.fov <= 360))
		return fail(errmsg, "camera model needs pixels over 0 and a field of view in "
		                    "(0, 360] degrees");
	return 0;
}

static void planner_release(struct planner *P)
{
	cctv_occluders_release(&P->occ);
	free(P->lat.at);
	free(P->lvl);
	free(P->flag);
	free(P->worth);
	free(P->in_aoi);
	free(P->mx);
	free(P->my);
	free(P->off);
	free(P->all.v);
}

static int name_picks(struct cctv_plan *out)
{
	for (size_t i = 0; i < out->n; i++) {
		char id[32];
		size_t n = (size_t)snprintf(id, sizeof(id), "P%zu", i + 1) + 1;

		out->picks[i].cam.id = malloc(n);
		if (!out->picks[i].cam.id)
			return -1;
		memcpy(out->picks[i].cam.id, id, n);
	}
	return 0;
}

static int plan_solve(struct planner *P, struct cctv_plan *out, char **errmsg)
{
	double *rem, step;
	int rc = 0;

	rem = malloc((P->n_samples ? P->n_samples : 1) * sizeof(*rem));
	if (!rem)
		return fail(errmsg, "out of memory");
	memcpy(rem, P->worth, P->n_samples * sizeof(*rem));
	if (greedy(P, rem, out, &step) || bound_of(P, rem, step, out) || name_picks(out))
		rc = fail(errmsg, "out of memory");
	free(rem);
	return rc;
}

int cctv_plan_run(const struct cctv_scene *s, const struct cctv_params *p,
                  const struct cctv_plan_opts *o, struct cctv_plan *out, char **errmsg)
{
	struct planner P;
	int rc;

	memset(out, 0, sizeof(*out));
	memset(&P, 0, sizeof(P));
	if (errmsg)
		*errmsg = NULL;
	if (check_opts(o, errmsg))
		return -1;
	if (s->perimeter.n < 3)
		return fail(errmsg, "site has no perimeter to plan for");
	P.s = s;
	P.p = p;
	P.o = o;
	if (cctv_occluders_build(s, &P.occ))
		return fail(errmsg, "out of memory");
	rc = lattice_build(&P, errmsg);
	if (!rc)
		rc = samples_build(&P, errmsg);
	if (!rc)
		rc = candidates_build(&P, errmsg);
	out->n_candidates = P.n_mounts * P.nb;
	if (!rc)
		rc = plan_solve(&P, out, errmsg);
	planner_release(&P);
	if (rc)
		cctv_plan_release(out);
	return rc;
}

void cctv_plan_release(struct cctv_plan *pl)
{
	for (size_t i = 0; i < pl->n; i++)
		free(pl->picks[i].cam.id);
	free(pl->picks);
	memset(pl, 0, sizeof(*pl));
}

void cctv_plan_opts_default(struct cctv_plan_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->add = 1;
	o->level = CCTV_RECOGNITION;
	o->spacing = 2;
	o->bearing_step = 15;
	o->cell = 0.5;
	o->aoi_weight = 1000;
	o->model.height = 3.0;
	o->model.fov = 90;
	o->model.pixels = 1920;
	o->model.type = CCTV_FIXED;
	o->model.status = CCTV_PLANNED;
}
