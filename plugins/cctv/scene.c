/*
 * scene.c - see scene.h: the quality levels, the names of the enums, the
 * model's defaults and a camera's reach.
 */
#include "scene.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "banned.h"

/* IEC EN 62676-4:2015, pixel densities of its four levels. */
const double cctv_level_ppm[CCTV_N_LEVELS] = {25.0, 62.5, 125.0, 250.0};
const char *const cctv_level_name[CCTV_N_LEVELS] = {"detection", "observation", "recognition",
                                                    "identification"};

const char *const cctv_status_name[3] = {"working", "faulty", "planned"};
const char *const cctv_type_name[2] = {"fixed", "ptz"};

int cctv_level_from_name(const char *name)
{
	int i;

	if (!name)
		return -1;
	for (i = 0; i < CCTV_N_LEVELS; i++)
		if (strcmp(name, cctv_level_name[i]) == 0)
			return i;
	return -1;
}

static void path_release(struct cctv_path *p)
{
	free(p->x);
	free(p->y);
	p->x = p->y = NULL;
	p->n = 0;
}

void cctv_scene_release(struct cctv_scene *s)
{
	size_t i;

	if (!s)
		return;
	free(s->site_id);
	path_release(&s->perimeter);
	for (i = 0; i < s->n_cameras; i++)
		free(s->cameras[i].id);
	free(s->cameras);
	for (i = 0; i < s->n_buildings; i++) {
		free(s->buildings[i].id);
		path_release(&s->buildings[i].ring);
	}
	free(s->buildings);
	for (i = 0; i < s->n_walls; i++) {
		free(s->walls[i].id);
		path_release(&s->walls[i].line);
	}
	free(s->walls);
	for (i = 0; i < s->n_areas; i++) {
		free(s->areas[i].id);
		free(s->areas[i].kind);
		free(s->areas[i].label);
		path_release(&s->areas[i].ring);
	}
	free(s->areas);
	memset(s, 0, sizeof(*s));
}

void cctv_params_default(struct cctv_params *p)
{
	p->target_height = 1.6;
	p->step_deg = 0.25;
	p->aoi_share = 0.95;
	p->min_blind = 1.0;
	p->night = 0;
	p->detail = 0;
}

/*
 * The widest angle the rectilinear formula is used with.  A rectilinear
 * (pinhole) lens spreads its H pixels over a flat image of width
 * 2 d tan(FOV/2) at distance d; as FOV nears 180 degrees that width grows
 * without bound and the density at any distance goes to zero, and beyond
 * 180 the tangent changes sign and the formula means nothing.  A field of
 * view of 180 degrees or more (a fisheye or panoramic camera entered with
 * its whole field) is therefore taken at this cap: the formula's own limit,
 * a reach of a fraction of a millimetre, so that such a camera is credited
 * with no quality level at all rather than with a made-up one.  Enter a
 * PTZ camera with its widest zoomed field (well under 180) and type ptz:
 * that is what turns it all round.
 */
#define CCTV_FOV_CAP 179.999

double cctv_reach(long pixels, double fov_deg, double ppm)
{
	double half;

	if (pixels <= 0 || !(fov_deg > 0) || !(ppm > 0))
		return 0.0;
	if (fov_deg > CCTV_FOV_CAP)
		fov_deg = CCTV_FOV_CAP;
	half = fov_deg * (M_PI / 360.0);
	return (double)pixels / (2.0 * ppm * tan(half));
}

double cctv_ground_reach(const struct cctv_camera *c, enum cctv_level level,
                         const struct cctv_params *p)
{
	double d, dh, g;

	if ((int)level < 0 || level >= CCTV_N_LEVELS)
		return 0.0;
	d = cctv_reach(c->pixels, c->fov, cctv_level_ppm[level]);
	dh = fabs(c->height - p->target_height);
	if (!(d > dh))
		return 0.0;
	g = sqrt((d - dh) * (d + dh));
	/* At night only what the infrared lights is seen; no IR, nothing. */
	if (p->night)
		g = fmin(g, c->ir_range > 0 ? c->ir_range : 0.0);
	return g;
}

int cctv_path_contains(const struct cctv_path *r, double px, double py)
{
	int in = 0;

	if (r->n < 3)
		return 0;
	for (size_t i = 0, j = r->n - 1; i < r->n; j = i++) {
		double xi = r->x[i], yi = r->y[i], xj = r->x[j], yj = r->y[j];

		if ((yi > py) != (yj > py) && px < (xj - xi) * (py - yi) / (yj - yi) + xi)
			in = !in;
	}
	return in;
}

void cctv_path_box(const struct cctv_path *r, double *b)
{
	b[0] = b[1] = INFINITY;
	b[2] = b[3] = -INFINITY;
	for (size_t i = 0; i < r->n; i++) {
		b[0] = fmin(b[0], r->x[i]);
		b[1] = fmin(b[1], r->y[i]);
		b[2] = fmax(b[2], r->x[i]);
		b[3] = fmax(b[3], r->y[i]);
	}
}

int cctv_box_has(const double *b, double x, double y)
{
	return x >= b[0] && x <= b[2] && y >= b[1] && y <= b[3];
}
