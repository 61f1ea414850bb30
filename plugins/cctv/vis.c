/*
 * vis.c - see vis.h.
 *
 * Every occluder is kept as a counter-clockwise polygon, so that its inside
 * lies to the left of each of its edges, and a ray is stopped where it
 * first goes into one:
 *
 *   - through the middle of an edge, it goes in when it crosses the edge
 *     from right to left;
 *   - through a corner, it goes in when its direction lies strictly inside
 *     the polygon's angle there (a ray grazing a corner goes on);
 *   - from a camera standing on an edge or a corner, by the same two rules
 *     at distance 0: it sees out, never in;
 *   - leaving a polygon never stops a ray: that is how a camera inside a
 *     wall's rectangle sees out of it both ways.
 *
 * Both questions of vis.h use these rules, so the polygon and the point
 * test agree to the chords of the arc.  All arithmetic is done relative to
 * the camera: projected coordinates are about 5e5 m, where a double keeps
 * only ten digits after the metre.
 */
#include "vis.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "banned.h"

#define ON_TOL     1e-6  /* metres: a camera this close to an outline stands on it */
#define VERTEX_TOL 1e-9  /* metres: a ray this close to a corner goes through it */
#define SIDE_RAY   1e-9  /* radians: the rays either side of each corner */
#define SPAN_PAD   4e-9  /* radians: widening of an edge's angular span */
#define SAME_PT2   1e-18 /* square metres: ring points closer than 1e-9 m merge */
#define TWO_PI     (2.0 * M_PI)

/* ---- building the occluders ---- */

/* Copies ring r dropping repeated points (and a repeated first point at
 * the end) into x, y; returns the points kept. */
static size_t ring_clean(const struct cctv_path *r, double *x, double *y)
{
	size_t i, n = 0;

	for (i = 0; i < r->n; i++) {
		double dx, dy;

		if (n > 0) {
			dx = r->x[i] - x[n - 1];
			dy = r->y[i] - y[n - 1];
			if (dx * dx + dy * dy <= SAME_PT2)
				continue;
		}
		x[n] = r->x[i];
		y[n] = r->y[i];
		n++;
	}
	while (n > 1) {
		double dx = x[n - 1] - x[0], dy = y[n - 1] - y[0];

		if (dx * dx + dy * dy > SAME_PT2)
			break;
		n--;
	}
	return n;
}

/* Twice the signed area (positive counter-clockwise), about the first
 * point to keep the digits. */
static double ring_area2(const double *x, const double *y, size_t n)
{
	double a = 0;
	size_t i;

	for (i = 1; i + 1 < n; i++)
		a += (x[i] - x[0]) * (y[i + 1] - y[0]) - (x[i + 1] - x[0]) * (y[i] - y[0]);
	return a;
}

static void ring_reverse(double *x, double *y, size_t n)
{
	size_t i;

	for (i = 0; i < n / 2; i++) {
		double tx = x[i], ty = y[i];

		x[i] = x[n - 1 - i];
		y[i] = y[n - 1 - i];
		x[n - 1 - i] = tx;
		y[n - 1 - i] = ty;
	}
}

/* Appends the edges and the box of polys[k], already in place. */
static void add_poly_edges(struct cctv_occluders *o, size_t k)
{
	const struct cctv_path *r = &o->polys[k];
	double *b = o->box + 4 * k;
	size_t j, n = r->n;

	o->poly_edge[k] = o->n;
	b[0] = b[2] = r->x[0];
	b[1] = b[3] = r->y[0];
	for (j = 0; j < n; j++) {
		size_t i = o->n++, nj = (j + 1) % n;

		o->ax[i] = r->x[j];
		o->ay[i] = r->y[j];
		o->bx[i] = r->x[nj];
		o->by[i] = r->y[nj];
		o->px[i] = r->x[(j + n - 1) % n];
		o->py[i] = r->y[(j + n - 1) % n];
		o->nx[i] = r->x[(j + 2) % n];
		o->ny[i] = r->y[(j + 2) % n];
		o->owner[i] = (int)k;
		b[0] = fmin(b[0], r->x[j]);
		b[1] = fmin(b[1], r->y[j]);
		b[2] = fmax(b[2], r->x[j]);
		b[3] = fmax(b[3], r->y[j]);
	}
	o->poly_edge[k + 1] = o->n;
}

static int path_alloc(struct cctv_path *p, size_t n)
{
	p->n = 0;
	p->x = malloc(n * sizeof(*p->x));
	p->y = malloc(n * sizeof(*p->y));
	return p->x && p->y ? 0 : -1;
}

/* One building as polys[o->n_polys], counter-clockwise; skipped (0) when
 * it has fewer than three distinct points. */
static int add_building(struct cctv_occluders *o, const struct cctv_path *ring)
{
	struct cctv_path *p = &o->polys[o->n_polys];

	if (path_alloc(p, ring->n) < 0) {
		free(p->x);
		free(p->y);
		p->x = p->y = NULL;
		return -1;
	}
	p->n = ring_clean(ring, p->x, p->y);
	if (p->n < 3) {
		free(p->x);
		free(p->y);
		memset(p, 0, sizeof(*p));
		return 0;
	}
	if (ring_area2(p->x, p->y, p->n) < 0)
		ring_reverse(p->x, p->y, p->n);
	add_poly_edges(o, o->n_polys++);
	return 0;
}

/* One wall segment as a flat-ended rectangle of the wall's thickness,
 * counter-clockwise: right side forward, left side back. */
static int add_wall_segment(struct cctv_occluders *o, double x0, double y0, double x1, double y1,
                            double thickness)
{
	struct cctv_path *p = &o->polys[o->n_polys];
	double dx = x1 - x0, dy = y1 - y0, len = sqrt(dx * dx + dy * dy), h;

	if (!(len > 0))
		return 0;
	h = fabs(thickness) / 2;
	dx *= h / len;
	dy *= h / len;
	if (path_alloc(p, 4) < 0) {
		free(p->x);
		free(p->y);
		p->x = p->y = NULL;
		return -1;
	}
	/* (dy, -dx) points to the right of the way the wall runs. */
	p->x[0] = x0 + dy;
	p->y[0] = y0 - dx;
	p->x[1] = x1 + dy;
	p->y[1] = y1 - dx;
	p->x[2] = x1 - dy;
	p->y[2] = y1 + dx;
	p->x[3] = x0 - dy;
	p->y[3] = y0 + dx;
	p->n = 4;
	add_poly_edges(o, o->n_polys++);
	return 0;
}

int cctv_occluders_build(const struct cctv_scene *s, struct cctv_occluders *o)
{
	size_t i, j, np = 0, ne = 0;

	memset(o, 0, sizeof(*o));
	for (i = 0; i < s->n_buildings; i++) {
		np++;
		ne += s->buildings[i].ring.n;
	}
	for (i = 0; i < s->n_walls; i++) {
		if (s->walls[i].line.n >= 2) {
			np += s->walls[i].line.n - 1;
			ne += 4 * (s->walls[i].line.n - 1);
		}
	}
	o->polys = calloc(np + 1, sizeof(*o->polys));
	o->poly_edge = calloc(np + 1, sizeof(*o->poly_edge));
	o->box = malloc((4 * np + 4) * sizeof(*o->box));
	o->ax = malloc((8 * ne + 8) * sizeof(*o->ax));
	o->owner = malloc((ne + 1) * sizeof(*o->owner));
	if (!o->polys || !o->poly_edge || !o->box || !o->ax || !o->owner)
		goto nomem;
	/* One block for the eight coordinate arrays; ax owns it. */
	o->ay = o->ax + (ne + 1);
	o->bx = o->ay + (ne + 1);
	o->by = o->bx + (ne + 1);
	o->px = o->by + (ne + 1);
	o->py = o->px + (ne + 1);
	o->nx = o->py + (ne + 1);
	o->ny = o->nx + (ne + 1);

	for (i = 0; i < s->n_buildings; i++)
		if (add_building(o, &s->buildings[i].ring) < 0)
			goto nomem;
	o->n_bpolys = o->n_polys;
	for (i = 0; i < s->n_walls; i++) {
		const struct cctv_wall *w = &s->walls[i];

		for (j = 0; j + 1 < w->line.n; j++)
			if (add_wall_segment(o, w->line.x[j], w->line.y[j], w->line.x[j + 1],
			                     w->line.y[j + 1], w->thickness) < 0)
				goto nomem;
	}

	o->minx = o->miny = INFINITY;
	o->maxx = o->maxy = -INFINITY;
	for (i = 0; i < o->n_polys; i++) {
		o->minx = fmin(o->minx, o->box[4 * i]);
		o->miny = fmin(o->miny, o->box[4 * i + 1]);
		o->maxx = fmax(o->maxx, o->box[4 * i + 2]);
		o->maxy = fmax(o->maxy, o->box[4 * i + 3]);
	}
	return 0;
nomem:
	cctv_occluders_release(o);
	return -1;
}

void cctv_occluders_release(struct cctv_occluders *o)
{
	size_t i;

	if (!o)
		return;
	if (o->polys) {
		/* A failed build may leave one half-made poly past n_polys. */
		for (i = 0; i <= o->n_polys; i++) {
			free(o->polys[i].x);
			free(o->polys[i].y);
		}
	}
	free(o->polys);
	free(o->poly_edge);
	free(o->box);
	free(o->ax);
	free(o->owner);
	memset(o, 0, sizeof(*o));
}

/* ---- where the camera stands ---- */

/* Crossing number: is (x, y) inside ring r? */
static int ring_contains(const struct cctv_path *r, double x, double y)
{
	size_t i, j;
	int in = 0;

	for (i = 0, j = r->n - 1; i < r->n; j = i++) {
		if ((r->y[i] > y) != (r->y[j] > y) &&
		    x < r->x[j] + (y - r->y[j]) * (r->x[i] - r->x[j]) / (r->y[i] - r->y[j]))
			in = !in;
	}
	return in;
}

/* Squared distance from the origin to segment a-b, and the nearest point. */
static double seg_dist2(double ax, double ay, double bx, double by, double *qx, double *qy)
{
	double ex = bx - ax, ey = by - ay, ee = ex * ex + ey * ey, s = 0;

	if (ee > 0) {
		s = -(ax * ex + ay * ey) / ee;
		s = s < 0 ? 0 : s > 1 ? 1 : s;
	}
	*qx = ax + s * ex;
	*qy = ay + s * ey;
	return *qx * *qx + *qy * *qy;
}

static int box_holds(const double *b, double x, double y, double pad)
{
	return x >= b[0] - pad && x <= b[2] + pad && y >= b[1] - pad && y <= b[3] + pad;
}

/*
 * A camera inside a building stands at the nearest point of its outline
 * (the first such building: footprints should not overlap).
 */
static void stand_point(const struct cctv_occluders *o, double x, double y, double *sx, double *sy)
{
	size_t k, j;

	*sx = x;
	*sy = y;
	for (k = 0; k < o->n_bpolys; k++) {
		const struct cctv_path *r = &o->polys[k];
		double best = INFINITY, bx = x, by = y;

		if (!box_holds(o->box + 4 * k, x, y, ON_TOL) || !ring_contains(r, x, y))
			continue;
		for (j = 0; j < r->n; j++) {
			size_t nj = (j + 1) % r->n;
			double qx, qy;
			double d2 = seg_dist2(r->x[j] - x, r->y[j] - y, r->x[nj] - x, r->y[nj] - y,
			                      &qx, &qy);

			if (d2 < best) {
				best = d2;
				bx = x + qx;
				by = y + qy;
			}
		}
		*sx = bx;
		*sy = by;
		return;
	}
}

/* Is (x, y) inside or on (within ON_TOL) the rectangle of a wall segment? */
static int wall_holds(const struct cctv_occluders *o, size_t k, double x, double y)
{
	const struct cctv_path *r = &o->polys[k];
	size_t i;

	if (!box_holds(o->box + 4 * k, x, y, ON_TOL))
		return 0;
	for (i = 0; i < r->n; i++) {
		size_t j = (i + 1) % r->n;
		double ex = r->x[j] - r->x[i], ey = r->y[j] - r->y[i];
		double cr = ex * (y - r->y[i]) - ey * (x - r->x[i]);

		if (cr < -ON_TOL * sqrt(ex * ex + ey * ey))
			return 0;
	}
	return 1;
}

/* ---- one ray against one edge ---- */

/* An edge relative to the camera, with its neighbouring corners. */
struct ledge {
	double ax, ay, bx, by; /* the edge */
	double px, py;         /* the corner before a */
	double nx, ny;         /* the corner after b */
	double len;
	int on;    /* the camera stands on it */
	int owner; /* its polygon */
};

/*
 * Does direction (ux, uy) from corner v go into the polygon?  p and n are
 * the corners before and after v; the inside is left of p->v and of v->n.
 */
static int goes_in(double vx, double vy, double px, double py, double nx, double ny, double ux,
                   double uy)
{
	double ax = nx - vx, ay = ny - vy; /* out along the next edge */
	double bx = px - vx, by = py - vy; /* back along the previous edge */
	int left_of_a = ax * uy - ay * ux > 0;
	int right_of_b = ux * by - uy * bx > 0;

	if (ax * by - ay * bx >= 0) /* a turn left (or straight on): convex */
		return left_of_a && right_of_b;
	return left_of_a || right_of_b;
}

/* Where the ray from the camera (the origin) along unit (ux, uy) is
 * stopped by edge e: INFINITY when it is not. */
static double edge_block(const struct ledge *e, double ux, double uy)
{
	double ex = e->bx - e->ax, ey = e->by - e->ay;
	double den = ux * ey - uy * ex; /* < 0: crossing right to left */
	double t, sl;

	if (e->on) {
		/* The camera's own edge: sees out, never in. */
		double s0 = -(e->ax * ex + e->ay * ey) / e->len;

		if (s0 <= ON_TOL)
			return goes_in(e->ax, e->ay, e->px, e->py, e->bx, e->by, ux, uy) ? 0
			                                                                 : INFINITY;
		if (s0 >= e->len - ON_TOL)
			return goes_in(e->bx, e->by, e->ax, e->ay, e->nx, e->ny, ux, uy) ? 0
			                                                                 : INFINITY;
		return den < 0 ? 0 : INFINITY;
	}
	if (den == 0)
		return INFINITY;
	t = (e->ax * ey - e->ay * ex) / den;
	if (t < 0)
		return INFINITY;
	sl = (e->ax * uy - e->ay * ux) / den * e->len;
	if (sl < -VERTEX_TOL || sl > e->len + VERTEX_TOL)
		return INFINITY;
	if (sl <= VERTEX_TOL)
		return goes_in(e->ax, e->ay, e->px, e->py, e->bx, e->by, ux, uy) ? t : INFINITY;
	if (sl >= e->len - VERTEX_TOL)
		return goes_in(e->bx, e->by, e->ax, e->ay, e->nx, e->ny, ux, uy) ? t : INFINITY;
	return den < 0 ? t : INFINITY;
}

/* Edge i of o relative to (sx, sy); returns its squared distance.  Only a
 * building's edge can be stood on (the wall rectangle a camera stands in
 * is left out altogether). */
static double ledge_make(const struct cctv_occluders *o, size_t i, double sx, double sy,
                         struct ledge *e)
{
	double qx, qy, d2, ex, ey;

	e->ax = o->ax[i] - sx;
	e->ay = o->ay[i] - sy;
	e->bx = o->bx[i] - sx;
	e->by = o->by[i] - sy;
	e->px = o->px[i] - sx;
	e->py = o->py[i] - sy;
	e->nx = o->nx[i] - sx;
	e->ny = o->ny[i] - sy;
	ex = e->bx - e->ax;
	ey = e->by - e->ay;
	e->len = sqrt(ex * ex + ey * ey);
	d2 = seg_dist2(e->ax, e->ay, e->bx, e->by, &qx, &qy);
	e->on = (size_t)o->owner[i] < o->n_bpolys && d2 <= ON_TOL * ON_TOL && e->len > 0;
	e->owner = o->owner[i];
	return d2;
}

void cctv_vis_stand(const struct cctv_occluders *o, const struct cctv_camera *c, double *sx,
                    double *sy)
{
	stand_point(o, c->x, c->y, sx, sy);
}

/* ---- the camera's field ---- */

struct view {
	double sx, sy; /* where the camera stands */
	int full;      /* all round */
	double start;  /* radians: bearing of the field's first edge */
	double fov;    /* radians */
};

/* 0 when the camera has no field at all. */
static int view_init(const struct cctv_occluders *o, const struct cctv_camera *c, struct view *v)
{
	stand_point(o, c->x, c->y, &v->sx, &v->sy);
	v->full = c->type == CCTV_PTZ || !(c->fov < 360);
	if (!v->full && !(c->fov > 0))
		return 0;
	v->fov = v->full ? TWO_PI : c->fov * (M_PI / 180);
	v->start = v->full ? 0 : (c->bearing - c->fov / 2) * (M_PI / 180);
	return 1;
}

/* Angle of (x, y) (relative) past the field's first edge, in [0, 2 pi). */
static double view_angle(const struct view *v, double x, double y)
{
	double a = fmod(atan2(x, y) - v->start, TWO_PI);

	if (a < 0)
		a += TWO_PI;
	if (a >= TWO_PI)
		a -= TWO_PI;
	return a;
}

int cctv_vis_sees(const struct cctv_occluders *o, const struct cctv_camera *c, double reach,
                  double px, double py)
{
	struct view v;
	double dx, dy, d2, d, ux, uy, lox, loy, hix, hiy;
	size_t k, i;

	if (!(reach > 0) || !view_init(o, c, &v))
		return 0;
	dx = px - v.sx;
	dy = py - v.sy;
	d2 = dx * dx + dy * dy;
	if (d2 > reach * reach)
		return 0;
	if (d2 == 0)
		return 1;
	if (!v.full) {
		double a = view_angle(&v, dx, dy);

		if (a > v.fov + 1e-12 && a < TWO_PI - 1e-12)
			return 0;
	}
	lox = fmin(v.sx, px) - ON_TOL;
	loy = fmin(v.sy, py) - ON_TOL;
	hix = fmax(v.sx, px) + ON_TOL;
	hiy = fmax(v.sy, py) + ON_TOL;
	if (o->n == 0 || hix < o->minx || lox > o->maxx || hiy < o->miny || loy > o->maxy)
		return 1;
	d = sqrt(d2);
	ux = dx / d;
	uy = dy / d;
	for (k = 0; k < o->n_polys; k++) {
		const double *b = o->box + 4 * k;

		if (hix < b[0] || lox > b[2] || hiy < b[1] || loy > b[3])
			continue;
		if (k >= o->n_bpolys && wall_holds(o, k, v.sx, v.sy))
			continue;
		for (i = o->poly_edge[k]; i < o->poly_edge[k + 1]; i++) {
			struct ledge e;

			if (fmax(o->ax[i], o->bx[i]) < lox || fmin(o->ax[i], o->bx[i]) > hix ||
			    fmax(o->ay[i], o->by[i]) < loy || fmin(o->ay[i], o->by[i]) > hiy)
				continue;
			ledge_make(o, i, v.sx, v.sy, &e);
			if (edge_block(&e, ux, uy) < d - VERTEX_TOL)
				return 0;
		}
	}
	return 1;
}

/* ---- the visibility polygon ---- */

struct ray {
	double a;      /* angle past the field's first edge */
	double ux, uy; /* unit direction */
	double t;      /* where it is stopped */
	int by;        /* by which occluder polygon, or -1 */
};

static int ray_cmp(const void *pa, const void *pb)
{
	const struct ray *a = pa, *b = pb;

	return (a->a > b->a) - (a->a < b->a);
}

/* Adds a ray at angle a (direction (ux, uy)) if it lies in the field. */
static void ray_add(const struct view *v, struct ray *r, size_t *n, double a, double ux, double uy)
{
	if (v->full) {
		if (a < 0)
			a += TWO_PI;
		else if (a >= TWO_PI)
			a -= TWO_PI;
	} else if (a < 0 || a > v->fov) {
		return;
	}
	r[*n].a = a;
	r[*n].ux = ux;
	r[*n].uy = uy;
	r[*n].t = INFINITY;
	r[*n].by = -1;
	(*n)++;
}

/* The extra rays of edge e: at its first corner and just either side,
 * and where it crosses each reach's circle. */
static void edge_rays(const struct view *v, const struct ledge *e, double rmax, size_t n_reach,
                      const double *reach, struct ray *r, size_t *n)
{
	double d2 = e->ax * e->ax + e->ay * e->ay;
	double ex = e->bx - e->ax, ey = e->by - e->ay, ee = ex * ex + ey * ey;
	double ae = e->ax * ex + e->ay * ey;
	size_t i;

	if (d2 <= rmax * rmax && d2 > ON_TOL * ON_TOL) {
		double d = sqrt(d2), ux = e->ax / d, uy = e->ay / d;
		double a = view_angle(v, e->ax, e->ay);
		double cs = cos(SIDE_RAY), sn = sin(SIDE_RAY);

		ray_add(v, r, n, a, ux, uy);
		/* Turning clockwise (a growing bearing) by SIDE_RAY, and back. */
		ray_add(v, r, n, a + SIDE_RAY, ux * cs + uy * sn, uy * cs - ux * sn);
		ray_add(v, r, n, a - SIDE_RAY, ux * cs - uy * sn, uy * cs + ux * sn);
	}
	if (!(ee > 0))
		return;
	for (i = 0; i < n_reach; i++) {
		double disc = ae * ae - ee * (d2 - reach[i] * reach[i]);
		int k;

		if (!(reach[i] > 0) || disc < 0)
			continue;
		for (k = -1; k <= 1; k += 2) {
			double s = (-ae + k * sqrt(disc)) / ee, qx, qy, q;

			if (!(s > 0 && s < 1))
				continue;
			qx = e->ax + s * ex;
			qy = e->ay + s * ey;
			q = sqrt(qx * qx + qy * qy);
			if (q > 0)
				ray_add(v, r, n, view_angle(v, qx, qy), qx / q, qy / q);
		}
	}
}

/* First ray with angle >= a. */
static size_t ray_lower(const struct ray *r, size_t n, double a)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (r[mid].a < a)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Stops the rays with angles in [lo, hi] (within [0, 2 pi)) at edge e. */
static void edge_cut_range(const struct ledge *e, struct ray *r, size_t n, double lo, double hi)
{
	size_t i;

	for (i = ray_lower(r, n, lo); i < n && r[i].a <= hi; i++) {
		double t = edge_block(e, r[i].ux, r[i].uy);

		if (t < r[i].t) {
			r[i].t = t;
			r[i].by = e->owner;
		}
	}
}

/* Stops the rays edge e can stop: those within its angular span. */
static void edge_cut(const struct view *v, const struct ledge *e, struct ray *r, size_t n)
{
	double aa, ab, d, lo, hi;

	if (e->on) {
		edge_cut_range(e, r, n, -1, 2 * TWO_PI);
		return;
	}
	aa = view_angle(v, e->ax, e->ay);
	ab = view_angle(v, e->bx, e->by);
	d = ab - aa;
	if (d > M_PI)
		d -= TWO_PI;
	else if (d < -M_PI)
		d += TWO_PI;
	lo = (d >= 0 ? aa : ab) - SPAN_PAD;
	hi = lo + fabs(d) + 2 * SPAN_PAD;
	edge_cut_range(e, r, n, lo, hi);
	if (lo < 0)
		edge_cut_range(e, r, n, lo + TWO_PI, TWO_PI);
	if (hi >= TWO_PI)
		edge_cut_range(e, r, n, 0, hi - TWO_PI);
}

/* Is b on the line a-c (or at a, or at c)?  Then it can go, unless it is
 * where the camera stands (the origin), where a ring may touch itself. */
static int redundant(double ax, double ay, double bx, double by, double cx, double cy)
{
	double ux = bx - ax, uy = by - ay, wx = cx - bx, wy = cy - by;
	double l1 = ux * ux + uy * uy, l2 = wx * wx + wy * wy, cr = ux * wy - uy * wx;

	if (l1 <= SAME_PT2 || l2 <= SAME_PT2)
		return 1;
	if (bx * bx + by * by <= SAME_PT2)
		return 0;
	return cr * cr <= 1e-24 * l1 * l2;
}

static void ring_push(double *x, double *y, size_t *n, double px, double py)
{
	x[*n] = px;
	y[*n] = py;
	(*n)++;
	if (*n == 2 && (x[1] - x[0]) * (x[1] - x[0]) + (y[1] - y[0]) * (y[1] - y[0]) <= SAME_PT2)
		(*n)--;
	while (*n >= 3 &&
	       redundant(x[*n - 3], y[*n - 3], x[*n - 2], y[*n - 2], x[*n - 1], y[*n - 1])) {
		x[*n - 2] = x[*n - 1];
		y[*n - 2] = y[*n - 1];
		(*n)--;
	}
}

/* The ring out to `reach` from the cast rays, in absolute coordinates. */
static int ring_make(const struct cctv_fan *f, double reach, struct cctv_path *out)
{
	size_t i, n = 0;
	int changed = 1;

	memset(out, 0, sizeof(*out));
	if (!(reach > 0) || f->n == 0)
		return 0;
	if (path_alloc(out, f->n + 1) < 0) {
		free(out->x);
		free(out->y);
		memset(out, 0, sizeof(*out));
		return -1;
	}
	if (!f->full)
		ring_push(out->x, out->y, &n, 0, 0);
	for (i = 0; i < f->n; i++) {
		double t = fmin(f->t[i], reach);

		ring_push(out->x, out->y, &n, t * f->ux[i], t * f->uy[i]);
	}
	/* Round the join; a wedge keeps the camera as its first point. */
	while (changed && n >= 3) {
		changed = 0;
		if (redundant(out->x[n - 2], out->y[n - 2], out->x[n - 1], out->y[n - 1], out->x[0],
		              out->y[0])) {
			n--;
			changed = 1;
		} else if (f->full && redundant(out->x[n - 1], out->y[n - 1], out->x[0], out->y[0],
		                                out->x[1], out->y[1])) {
			memmove(out->x, out->x + 1, (n - 1) * sizeof(*out->x));
			memmove(out->y, out->y + 1, (n - 1) * sizeof(*out->y));
			n--;
			changed = 1;
		}
	}
	if (n < 3) {
		free(out->x);
		free(out->y);
		memset(out, 0, sizeof(*out));
		return 0;
	}
	for (i = 0; i < n; i++) {
		out->x[i] += f->sx;
		out->y[i] += f->sy;
	}
	out->n = n;
	return 0;
}

/* The rays every `step` radians at most, evenly dividing the field. */
static size_t regular_rays(const struct view *v, double step_deg, struct ray *r, size_t cap)
{
	size_t nstep = (size_t)ceil(v->fov / (step_deg * (M_PI / 180)) - 1e-9), k, n;
	double h, cs, sn, ux = 0, uy = 1;

	if (nstep < 3)
		nstep = 3;
	n = v->full ? nstep : nstep + 1;
	if (n > cap)
		return 0;
	h = v->fov / (double)nstep;
	cs = cos(h);
	sn = sin(h);
	for (k = 0; k < n; k++) {
		/* Exact every 64 rays, a rotation in between: few sines, no drift. */
		if (k % 64 == 0) {
			double th = v->start + (double)k * h;

			ux = sin(th);
			uy = cos(th);
		} else {
			double nux = ux * cs + uy * sn;

			uy = uy * cs - ux * sn;
			ux = nux;
		}
		r[k].a = (double)k * h;
		r[k].ux = ux;
		r[k].uy = uy;
		r[k].t = INFINITY;
		r[k].by = -1;
	}
	if (!v->full)
		r[n - 1].a = v->fov;
	return n;
}

static size_t regular_count(const struct view *v, double step_deg)
{
	size_t nstep = (size_t)ceil(v->fov / (step_deg * (M_PI / 180)) - 1e-9);

	if (nstep < 3)
		nstep = 3;
	return v->full ? nstep : nstep + 1;
}

/*
 * The step, in degrees: the caller's, within reason (a non-positive one is
 * the default; a hair's-breadth one would ask for millions of rays).
 */
static double step_clamp(double step_deg)
{
	if (!(step_deg > 0))
		return 0.25;
	if (step_deg < 0.001)
		return 0.001;
	if (step_deg > 45)
		return 45;
	return step_deg;
}

/* The occluders' edges within rmax of the camera, less those of the wall
 * rectangles it stands in. */
static void occluder_edges(const struct cctv_occluders *o, const struct view *v, double rmax,
                           struct ledge *e, size_t *m)
{
	size_t k, i;

	if (o->n == 0 || v->sx + rmax < o->minx || v->sx - rmax > o->maxx ||
	    v->sy + rmax < o->miny || v->sy - rmax > o->maxy)
		return;
	for (k = 0; k < o->n_polys; k++) {
		const double *b = o->box + 4 * k;

		if (v->sx + rmax < b[0] || v->sx - rmax > b[2] || v->sy + rmax < b[1] ||
		    v->sy - rmax > b[3])
			continue;
		if (k >= o->n_bpolys && wall_holds(o, k, v->sx, v->sy))
			continue;
		for (i = o->poly_edge[k]; i < o->poly_edge[k + 1]; i++)
			if (ledge_make(o, i, v->sx, v->sy, &e[*m]) <= rmax * rmax)
				(*m)++;
	}
}

/*
 * Merges the regular rays and the (sorted) extra ones by angle.  Rays
 * closer than a hair are one: a regular ray gives way to an extra one (its
 * direction is exact), so that the directions always turn the same way.
 */
static size_t rays_merge(const struct ray *reg, size_t n_reg, const struct ray *extra,
                         size_t n_extra, struct ray *all)
{
	size_t ri = 0, xi = 0, n = 0;

	while (ri < n_reg || xi < n_extra) {
		if (xi == n_extra || (ri < n_reg && reg[ri].a < extra[xi].a)) {
			int near = (xi < n_extra && extra[xi].a - reg[ri].a < 1e-10) ||
			           (xi > 0 && reg[ri].a - extra[xi - 1].a < 1e-10);

			if (!near)
				all[n++] = reg[ri];
			ri++;
		} else {
			if (xi == 0 || extra[xi].a - extra[xi - 1].a >= 1e-12)
				all[n++] = extra[xi];
			xi++;
		}
	}
	return n;
}

int cctv_vis_fan(const struct cctv_occluders *o, const struct cctv_camera *c, size_t n_reach,
                 const double *reach, double step_deg, struct cctv_fan *f)
{
	struct view v;
	struct ledge *e = NULL;
	struct ray *reg = NULL, *extra = NULL, *all = NULL;
	size_t i, m = 0, n_reg, n_extra = 0, n_all;
	double rmax = 0;
	int rc = -1;

	memset(f, 0, sizeof(*f));
	for (i = 0; i < n_reach; i++)
		if (reach[i] > rmax)
			rmax = reach[i];
	if (!(rmax > 0) || !view_init(o, c, &v))
		return 0;
	f->sx = v.sx;
	f->sy = v.sy;
	f->full = v.full;
	step_deg = step_clamp(step_deg);

	/* The edges within reach, relative to the camera. */
	e = malloc((o->n + 1) * sizeof(*e));
	if (!e)
		goto done;
	occluder_edges(o, &v, rmax, e, &m);

	n_reg = regular_count(&v, step_deg);
	reg = malloc(n_reg * sizeof(*reg));
	extra = malloc((m * (3 + 2 * n_reach) + 1) * sizeof(*extra));
	if (!reg || !extra)
		goto done;
	n_reg = regular_rays(&v, step_deg, reg, n_reg);
	for (i = 0; i < m; i++)
		edge_rays(&v, &e[i], rmax, n_reach, reach, extra, &n_extra);
	qsort(extra, n_extra, sizeof(*extra), ray_cmp);

	all = malloc((n_reg + n_extra) * sizeof(*all));
	if (!all)
		goto done;
	n_all = rays_merge(reg, n_reg, extra, n_extra, all);
	for (i = 0; i < m; i++)
		edge_cut(&v, &e[i], all, n_all);

	f->ux = malloc(3 * n_all * sizeof(*f->ux));
	f->by = malloc(n_all * sizeof(*f->by));
	if (!f->ux || !f->by)
		goto done;
	f->uy = f->ux + n_all;
	f->t = f->uy + n_all;
	for (i = 0; i < n_all; i++) {
		f->ux[i] = all[i].ux;
		f->uy[i] = all[i].uy;
		f->t[i] = all[i].t;
		f->by[i] = all[i].by;
	}
	f->n = n_all;
	rc = 0;
done:
	free(e);
	free(reg);
	free(extra);
	free(all);
	if (rc < 0)
		cctv_vis_fan_release(f);
	return rc;
}

void cctv_vis_fan_release(struct cctv_fan *f)
{
	if (!f)
		return;
	free(f->ux);
	free(f->by);
	memset(f, 0, sizeof(*f));
}

int cctv_vis_polygon(const struct cctv_occluders *o, const struct cctv_camera *c, double reach,
                     double step_deg, double **x, double **y, size_t *n)
{
	struct cctv_fan f;
	struct cctv_path p;
	int rc;

	*x = *y = NULL;
	*n = 0;
	if (cctv_vis_fan(o, c, 1, &reach, step_deg, &f) < 0)
		return -1;
	rc = ring_make(&f, reach, &p);
	cctv_vis_fan_release(&f);
	if (rc < 0)
		return -1;
	*x = p.x;
	*y = p.y;
	*n = p.n;
	return 0;
}

int cctv_occluders_outdoor(const struct cctv_occluders *o, const struct cctv_path *perimeter,
                           double x, double y)
{
	if (!cctv_path_contains(perimeter, x, y))
		return 0;
	for (size_t i = 0; i < o->n_polys; i++)
		if (cctv_box_has(o->box + 4 * i, x, y) && cctv_path_contains(&o->polys[i], x, y))
			return 0;
	return 1;
}
