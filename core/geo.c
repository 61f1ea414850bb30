/*
 * geo.c - see geo.h.
 */
#include "geo.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <proj.h>

#include "util.h"

#include "banned.h"

struct geo {
	PJ_CONTEXT *ctx;
	/* EPSG:4326 -> crs, normalised so that input is (lon, lat) degrees. */
	PJ *pj;
	char *crs;
	/* centre of the CRS's area of use, degrees (52.5, -1.5 if unknown) */
	double centre_lat, centre_lon;
	/* the area of use itself; have_area = 0 when PROJ knows none */
	double west, south, east, north;
	int have_area;
};

/* 1 if axis i of coordinate system cs is measured in metres. */
static int axis_in_metres(PJ_CONTEXT *ctx, const PJ *cs, int i)
{
	double factor = 0;

	if (!proj_cs_get_axis_info(ctx, cs, i, NULL, NULL, NULL, &factor, NULL, NULL, NULL))
		return 0;
	return factor == 1.0;
}

/*
 * 1 if crs is a projected CRS on a Cartesian coordinate system whose axes
 * are all in metres: every distance and area in Shomer is computed on
 * these coordinates, so US feet or degrees would silently give wrong answers.
 */
static int is_projected_metres(PJ_CONTEXT *ctx, const PJ *crs)
{
	if (proj_get_type(crs) != PJ_TYPE_PROJECTED_CRS)
		return 0;
	PJ *cs = proj_crs_get_coordinate_system(ctx, crs);
	if (!cs)
		return 0;
	int n = proj_cs_get_axis_count(ctx, cs);
	int ok = n >= 2 && proj_cs_get_type(ctx, cs) == PJ_CS_TYPE_CARTESIAN;
	for (int i = 0; ok && i < n; i++)
		ok = axis_in_metres(ctx, cs, i);
	proj_destroy(cs);
	return ok;
}

static PJ_CONTEXT *quiet_context(void)
{
	PJ_CONTEXT *ctx = proj_context_create();

	if (!ctx)
		return NULL;
	/* Errors reach the caller through errmsg, never through stderr. */
	proj_log_level(ctx, PJ_LOG_NONE);
	/*
	 * No downloads of grids from cdn.proj.org: results must not depend
	 * on whether the machine happens to be online.
	 */
	proj_context_set_enable_network(ctx, 0);
	return ctx;
}

/* Builds the normalised EPSG:4326 -> target transformer, or NULL. */
static PJ *create_transformer(PJ_CONTEXT *ctx, const PJ *target)
{
	PJ *src = proj_create(ctx, "EPSG:4326");
	if (!src)
		return NULL;
	PJ *op = proj_create_crs_to_crs_from_pj(ctx, src, target, NULL, NULL);
	proj_destroy(src);
	if (!op)
		return NULL;
	PJ *norm = proj_normalize_for_visualization(ctx, op);
	proj_destroy(op);
	return norm;
}

/*
 * A string that is not an AUTHORITY:CODE, URN, PROJ string, WKT or PROJJSON
 * is looked up by PROJ as a name, approximately: "foo" finds "Amersfoort".
 * Accept a name only when it is the object's exact name.
 */
static int is_loose_name_match(const char *crs, const PJ *obj)
{
	if (strpbrk(crs, ":=[{"))
		return 0;
	const char *name = proj_get_name(obj);
	return !name || strcasecmp(name, crs) != 0;
}

/* Checks crs and sets g->pj; the caller frees g on failure. */
static int geo_setup(struct geo *g, const char *crs, char **errmsg)
{
	PJ *target = proj_create(g->ctx, crs);
	if (target && is_loose_name_match(crs, target)) {
		proj_destroy(target);
		target = NULL;
	}
	if (!target)
		return err_set(errmsg, "unknown crs '%s'", crs);
	if (!is_projected_metres(g->ctx, target)) {
		proj_destroy(target);
		return err_set(errmsg, "crs '%s' is not a projected crs in metres", crs);
	}
	double w, south, e, north;
	g->centre_lat = 52.5;
	g->centre_lon = -1.5;
	if (proj_get_area_of_use(g->ctx, target, &w, &south, &e, &north, NULL) && w > -1000) {
		g->west = w;
		g->south = south;
		g->east = e;
		g->north = north;
		g->have_area = 1;
		/* an area crossing the antimeridian has w > e */
		g->centre_lat = (south + north) / 2;
		g->centre_lon = w <= e ? (w + e) / 2 : fmod((w + e + 360) / 2 + 180, 360) - 180;
	}
	g->pj = create_transformer(g->ctx, target);
	proj_destroy(target);
	if (!g->pj)
		return err_set(errmsg, "cannot build a transformation from 'EPSG:4326' to '%s'",
		               crs);
	return 0;
}

int geo_open(const char *crs, struct geo **out, char **errmsg)
{
	*out = NULL;
	if (!crs || !*crs)
		return err_set(errmsg, "no crs given");

	struct geo *g = xcalloc(1, sizeof(*g));
	g->crs = xstrdup(crs);
	g->ctx = quiet_context();
	if (!g->ctx) {
		geo_free(g);
		return err_set(errmsg, "cannot create a proj context");
	}
	if (geo_setup(g, crs, errmsg)) {
		geo_free(g);
		return -1;
	}
	*out = g;
	return 0;
}

void geo_free(struct geo *g)
{
	if (!g)
		return;
	proj_destroy(g->pj);
	if (g->ctx)
		proj_context_destroy(g->ctx);
	free(g->crs);
	free(g);
}

const char *geo_crs(const struct geo *g)
{
	return g->crs;
}

int geo_in_area(const struct geo *g, double lat, double lon)
{
	if (!g->have_area)
		return 1;
	if (lat < g->south || lat > g->north)
		return 0;
	if (g->west <= g->east)
		return lon >= g->west && lon <= g->east;
	return lon >= g->west || lon <= g->east; /* across the antimeridian */
}

void geo_area(const struct geo *g, double *west, double *south, double *east, double *north)
{
	*west = g->west;
	*south = g->south;
	*east = g->east;
	*north = g->north;
}

void geo_area_centre(const struct geo *g, double *lat, double *lon)
{
	*lat = g->centre_lat;
	*lon = g->centre_lon;
}

/*
 * Rejects what PROJ would either refuse with a vague error or, worse,
 * wrap around silently (a longitude of 200 is a typing error, not a
 * place).
 */
static int check_latlon(double lat, double lon, char **errmsg)
{
	char a[FMT_DOUBLE_MAX];

	if (!(fabs(lat) <= 90))
		return err_set(errmsg, "latitude %s is out of range (-90 to 90)",
		               fmt_double(a, lat));
	if (!(fabs(lon) <= 180))
		return err_set(errmsg, "longitude %s is out of range (-180 to 180)",
		               fmt_double(a, lon));
	return 0;
}

/* PROJ's reason for the last failure on g, lowercased to house style. */
static const char *proj_reason(struct geo *g, char *buf, size_t size)
{
	int e = proj_context_errno(g->ctx);
	const char *s = e ? proj_context_errno_string(g->ctx, e) : NULL;

	snprintf(buf, size, "%s", s ? s : "no result");
	buf[0] = (char)tolower((unsigned char)buf[0]);
	return buf;
}

/*
 * One point through g->pj.  t is HUGE_VAL ("no epoch"), as
 * proj_trans_generic uses when given no time array, so that single and
 * batch transforms give identical results.
 */
static PJ_COORD trans_one(struct geo *g, PJ_DIRECTION dir, double a, double b)
{
	proj_errno_reset(g->pj);
	return proj_trans(g->pj, dir, proj_coord(a, b, 0, HUGE_VAL));
}

/* PROJ reports a point it cannot transform as HUGE_VAL, an infinity. */
static int coord_ok(PJ_COORD c)
{
	return isfinite(c.v[0]) && isfinite(c.v[1]);
}

/* Sets *errmsg to "cannot transform <what> <dir> '<crs>': <reason>". */
static int trans_fail(struct geo *g, char **errmsg, const char *what, const char *dir)
{
	char why[128];

	return err_set(errmsg, "cannot transform %s %s '%s': %s", what, dir, g->crs,
	               proj_reason(g, why, sizeof(why)));
}

int geo_to_xy(struct geo *g, double lat, double lon, double *x, double *y, char **errmsg)
{
	if (check_latlon(lat, lon, errmsg))
		return -1;
	PJ_COORD c = trans_one(g, PJ_FWD, lon, lat);
	if (!coord_ok(c)) {
		char a[FMT_DOUBLE_MAX], b[FMT_DOUBLE_MAX];
		char *what = xstrfmt("lat %s, lon %s", fmt_double(a, lat), fmt_double(b, lon));
		trans_fail(g, errmsg, what, "to");
		free(what);
		return -1;
	}
	*x = c.xy.x;
	*y = c.xy.y;
	return 0;
}

int geo_to_latlon(struct geo *g, double x, double y, double *lat, double *lon, char **errmsg)
{
	char a[FMT_DOUBLE_MAX], b[FMT_DOUBLE_MAX];

	if (!isfinite(x) || !isfinite(y))
		return err_set(errmsg, "cannot transform x %s, y %s from '%s': not a number",
		               fmt_double(a, x), fmt_double(b, y), g->crs);
	PJ_COORD c = trans_one(g, PJ_INV, x, y);
	if (!coord_ok(c)) {
		char *what = xstrfmt("x %s, y %s", fmt_double(a, x), fmt_double(b, y));
		trans_fail(g, errmsg, what, "from");
		free(what);
		return -1;
	}
	*lon = c.lp.lam;
	*lat = c.lp.phi;
	return 0;
}

static void swap_pairs(double *xy, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		double t = xy[2 * i];
		xy[2 * i] = xy[2 * i + 1];
		xy[2 * i + 1] = t;
	}
}

/*
 * Range-checks every input first, so that a typing error leaves xy as it
 * was.  Points are numbered from 1 in messages, as poly_check_simple
 * numbers them: the message may reach a planner editing a perimeter.
 */
static int check_many(const double *xy, size_t n, char **errmsg)
{
	for (size_t i = 0; i < n; i++) {
		char *why = NULL;
		if (check_latlon(xy[2 * i], xy[2 * i + 1], &why)) {
			err_set(errmsg, "point %zu: %s", i + 1, why);
			free(why);
			return -1;
		}
	}
	return 0;
}

int geo_to_xy_many(struct geo *g, double *xy, size_t n, char **errmsg)
{
	const size_t stride = 2 * sizeof(double);

	if (check_many(xy, n, errmsg))
		return -1;
	if (!n)
		return 0;
	/* PROJ writes each result over its input: make that input (lon, lat). */
	swap_pairs(xy, n);
	proj_errno_reset(g->pj);
	size_t done = proj_trans_generic(g->pj, PJ_FWD, &xy[0], stride, n, &xy[1], stride, n, NULL,
	                                 0, 0, NULL, 0, 0);
	for (size_t i = 0; i < n; i++) {
		if (i >= done || !isfinite(xy[2 * i]) || !isfinite(xy[2 * i + 1])) {
			char *what = xstrfmt("point %zu", i + 1);
			trans_fail(g, errmsg, what, "to");
			free(what);
			return -1;
		}
	}
	return 0;
}

/*
 * Normalisation prepends an axis swap to every candidate, so PROJ names
 * them "axis order change (2D) + Inverse of OSGB36 to ...": drop the part
 * that says nothing to a planner.
 */
static const char *skip_axis_swap(const char *name)
{
	const char *plus = strstr(name, " + ");

	if (!starts_with(name, "axis order change") || !plus)
		return name;
	return plus + 3;
}

int geo_describe(struct geo *g, double lat, double lon, char **name, double *accuracy_m,
                 char **errmsg)
{
	double x, y;

	*name = NULL;
	*accuracy_m = -1;
	if (geo_to_xy(g, lat, lon, &x, &y, errmsg))
		return -1;
	/*
	 * proj_create_crs_to_crs keeps several candidate operations and picks
	 * one per point by area of use; ask which one the transform above
	 * used.  With a single candidate PROJ may answer NULL: then that
	 * candidate is g->pj itself.
	 */
	PJ *op = proj_trans_get_last_used_operation(g->pj);
	const PJ *use = op ? op : g->pj;
	const char *s = proj_get_name(use);
	*name = xstrdup(s ? skip_axis_swap(s) : "unknown operation");
	*accuracy_m = proj_coordoperation_get_accuracy(g->ctx, use);
	proj_destroy(op);
	return 0;
}

const char *geo_proj_version(void)
{
	return proj_info().version;
}

double geo_dist(double x1, double y1, double x2, double y2)
{
	return hypot(x2 - x1, y2 - y1);
}
