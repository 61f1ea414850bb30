/*
 * cmd_hotspots.c - `shomer risk hotspots --cell M`: the incident pressure
 * P (the kernel density of weighted, decayed incidents that the score's
 * pressure part is made from) on a grid of square cells, for a map.
 *
 *   shomer risk hotspots --cell M [--region R] [--as-of DATE]
 *                        [--format geojson|table|csv|json]
 *
 * The grid covers the bounding box of the (region's) sites, widened by the
 * kernel's cut-off radius, since an incident that far from a site still
 * counts toward its score.  Each cell with a non-zero value is one feature:
 * a Polygon with its four corners taken to WGS84 by the host (RFC 7946: no
 * crs member, longitude first; the host's table writes it), with the value,
 * the pressure points it would give a site there, and the cell's centre.
 */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmds.h"
#include "config.h"
#include "incidents.h"
#include "opts.h"
#include "scorer.h"
#include "sites.h"

#include "banned.h"

/* A grid of more cells than this would take minutes even where it is
 * empty: ask for a larger cell instead.  (Only cells with a value are
 * written, and the grid is evaluated a row at a time, so memory is not the
 * limit.) */
#define HOTSPOT_MAX_CELLS 20000000.0

struct hot_opts {
	double cell;
	const char *region, *as_of;
	enum shomer_format fmt;
};

struct hot_grid {
	double x0, y0; /* south-west corner, projected metres */
	size_t nx, ny;
	double *cx, *cy, *P, *W; /* one row's cell centres and values */
};

static int hot_parse(int argc, char **argv, struct hot_opts *o, char **errmsg)
{
	static const struct option longs[] = {
	        {"cell", required_argument, NULL, 'c'},
	        {"region", required_argument, NULL, 'r'},
	        {"as-of", required_argument, NULL, 'a'},
	        {"format", required_argument, NULL, 'f'},
	        {NULL, 0, NULL, 0},
	};
	int c;

	memset(o, 0, sizeof(*o));
	o->fmt = SHOMER_FMT_GEOJSON;
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":", longs, NULL)) != -1) {
		switch (c) {
		case 'c':
			if (risk_parse_double(optarg, 1, 100000, &o->cell))
				return risk_fail(
				        errmsg, SHOMER_EXIT_USAGE,
				        "--cell '%s' is not a size in metres (1 to 100000)",
				        optarg);
			break;
		case 'r': o->region = optarg; break;
		case 'a': o->as_of = optarg; break;
		case 'f':
			if (risk_format(optarg, 0xfu, &o->fmt, errmsg) != SHOMER_OK)
				return SHOMER_EXIT_USAGE;
			break;
		default: return risk_usage_error(errmsg, c, argv[optind - 1]);
		}
	}
	if (optind < argc)
		return risk_fail(errmsg, SHOMER_EXIT_USAGE, "unexpected argument '%s'",
		                 argv[optind]);
	if (o->cell <= 0)
		return risk_fail(errmsg, SHOMER_EXIT_USAGE, "--cell M is required (metres)");
	return SHOMER_EXIT_OK;
}

/* Lays the grid over the sites' box plus `margin`; SHOMER_EXIT_*. */
static int hot_layout(struct hot_grid *g, const struct risk_siteset *sites, double cell,
                      double margin, char **errmsg)
{
	double minx = INFINITY, miny = INFINITY, maxx = -INFINITY, maxy = -INFINITY;

	for (size_t i = 0; i < sites->n; i++) {
		minx = fmin(minx, sites->v[i].x);
		miny = fmin(miny, sites->v[i].y);
		maxx = fmax(maxx, sites->v[i].x);
		maxy = fmax(maxy, sites->v[i].y);
	}
	minx -= margin;
	miny -= margin;
	maxx += margin;
	maxy += margin;
	double fx = ceil((maxx - minx) / cell), fy = ceil((maxy - miny) / cell);
	if (fx < 1)
		fx = 1;
	if (fy < 1)
		fy = 1;
	if (fx * fy > HOTSPOT_MAX_CELLS)
		return risk_fail(
		        errmsg, SHOMER_EXIT_USAGE,
		        "--cell %g m makes %.0f cells over %.1f x %.1f km; the limit is %.0f: "
		        "choose a larger cell",
		        cell, fx * fy, (maxx - minx) / 1000, (maxy - miny) / 1000,
		        HOTSPOT_MAX_CELLS);
	g->nx = (size_t)fx;
	g->ny = (size_t)fy;
	/* centred on the box, so the margin is the same on every side */
	g->x0 = (minx + maxx) / 2 - (double)g->nx * cell / 2;
	g->y0 = (miny + maxy) / 2 - (double)g->ny * cell / 2;
	g->cx = malloc(g->nx * sizeof(double));
	g->cy = malloc(g->nx * sizeof(double));
	g->P = malloc(g->nx * sizeof(double));
	g->W = malloc(g->nx * sizeof(double));
	if (!g->cx || !g->cy || !g->P || !g->W)
		return risk_fail(errmsg, SHOMER_EXIT_FAILED, "out of memory for %zu cells", g->nx);
	for (size_t i = 0; i < g->nx; i++)
		g->cx[i] = g->x0 + ((double)i + 0.5) * cell;
	return SHOMER_EXIT_OK;
}

static void hot_release(struct hot_grid *g)
{
	free(g->cx);
	free(g->cy);
	free(g->P);
	free(g->W);
}

/* Adds the feature of cell k; SHOMER_OK or SHOMER_ERR. */
static int hot_feature(struct shomer_host *host, struct shomer_table *t, const struct hot_grid *g,
                       size_t k, double cell, const struct risk_params *p, char **errmsg)
{
	static const double corner[4][2] = {{-0.5, -0.5}, {0.5, -0.5}, {0.5, 0.5}, {-0.5, 0.5}};
	struct shomer_xy ring[4];
	double lat, lon;
	char v[4][32];

	for (int c = 0; c < 4; c++) {
		if (risk_api->geo_to_latlon(host, g->cx[k] + corner[c][0] * cell,
		                            g->cy[k] + corner[c][1] * cell, &lat, &lon,
		                            errmsg) != SHOMER_OK)
			return SHOMER_ERR;
		ring[c].x = lon;
		ring[c].y = lat;
	}
	if (risk_api->geo_to_latlon(host, g->cx[k], g->cy[k], &lat, &lon, errmsg) != SHOMER_OK)
		return SHOMER_ERR;
	snprintf(v[0], sizeof(v[0]), "%.6g", g->P[k]);
	snprintf(v[1], sizeof(v[1]), "%.2f", risk_pressure_points(p, g->P[k]));
	snprintf(v[2], sizeof(v[2]), "%.6f", lat);
	snprintf(v[3], sizeof(v[3]), "%.6f", lon);
	const char *cells[] = {v[0], v[1], v[2], v[3]};
	risk_api->table_row(t, cells);
	risk_api->table_geometry(t, ring, 4);
	return SHOMER_OK;
}

/* Evaluates the grid a row at a time, south to north, adding each cell
 * with a value to the table. */
static int hot_print(struct shomer_host *host, struct hot_grid *g, const struct hot_opts *o,
                     const struct risk_scorer *sc, char **errmsg)
{
	static const char *const cols[] = {"value", "points", "centre_lat", "centre_lon"};
	static const enum shomer_col kinds[] = {SHOMER_COL_NUMBER, SHOMER_COL_NUMBER,
	                                        SHOMER_COL_NUMBER, SHOMER_COL_NUMBER};
	struct shomer_table *t = risk_api->table_new(cols, kinds, 4);
	int rc = SHOMER_OK;

	for (size_t j = 0; j < g->ny && rc == SHOMER_OK; j++) {
		for (size_t i = 0; i < g->nx; i++)
			g->cy[i] = g->y0 + ((double)j + 0.5) * o->cell;
		risk_scorer_eval_many(sc, g->nx, g->cx, g->cy, g->P, g->W, RISK_THREADS);
		for (size_t k = 0; k < g->nx && rc == SHOMER_OK; k++)
			if (g->P[k] > 0)
				rc = hot_feature(host, t, g, k, o->cell, &sc->p, errmsg);
	}
	if (rc == SHOMER_OK)
		rc = risk_api->table_print(t, o->fmt, stdout, errmsg);
	risk_api->table_free(t);
	return rc;
}

static int hotspots_run(struct shomer_host *host, void *ud, int argc, char **argv, char **errmsg)
{
	struct hot_opts o;
	struct risk_params p;
	struct risk_siteset sites = {0};
	struct risk_incload inc = {0};
	struct risk_scorer sc = {0};
	struct hot_grid g = {0};
	int64_t as_of;
	int rc;

	(void)ud;
	rc = hot_parse(argc, argv, &o, errmsg);
	if (rc != SHOMER_EXIT_OK)
		return rc;
	if (risk_as_of(host, o.as_of, &as_of, errmsg) != SHOMER_OK)
		return SHOMER_EXIT_USAGE;
	if (risk_config_load(host, &p, NULL, errmsg) != SHOMER_OK ||
	    risk_sites_load(host, o.region, 0, &sites, errmsg) != SHOMER_OK)
		rc = SHOMER_EXIT_FAILED;
	else if (sites.n == 0)
		rc = o.region ? risk_fail(errmsg, SHOMER_EXIT_REJECTED, "no sites in region '%s'",
		                          o.region)
		              : risk_fail(errmsg, SHOMER_EXIT_FAILED, "no sites to map");
	else
		rc = hot_layout(&g, &sites, o.cell, p.cutoff, errmsg);
	if (rc == SHOMER_EXIT_OK &&
	    risk_incidents_load(host, as_of, 0, 0, 0, 0, 0, &inc, errmsg) != SHOMER_OK)
		rc = SHOMER_EXIT_FAILED;
	if (rc == SHOMER_EXIT_OK && risk_scorer_init(&sc, &p, as_of, &inc.set, RISK_THREADS))
		rc = risk_fail(errmsg, SHOMER_EXIT_FAILED, "out of memory indexing the incidents");
	if (rc == SHOMER_EXIT_OK && hot_print(host, &g, &o, &sc, errmsg) != SHOMER_OK)
		rc = SHOMER_EXIT_FAILED;
	hot_release(&g);
	risk_scorer_release(&sc);
	risk_incload_release(&inc);
	risk_siteset_release(&sites);
	return rc;
}

const struct shomer_command risk_hotspots_cmd = {
        .size = sizeof(struct shomer_command),
        .group = "risk",
        .verb = "hotspots",
        .usage = "--cell M [--region R] [--as-of DATE] [--format geojson|table|csv|json]",
        .summary = "map the incident pressure on a grid of M-metre cells (GeoJSON for QGIS)",
        .run = hotspots_run,
        .ud = NULL,
};
