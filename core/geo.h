/*
 * geo.h - WGS84 <-> the database's projected CRS, through PROJ.
 *
 * Every location is kept as WGS84 lat/lon (what people type, what GeoJSON
 * wants) and as x/y metres in one projected CRS per database (what all
 * arithmetic uses).  Axis order is normalised with
 * proj_normalize_for_visualization, so callers always pass lat and lon by
 * name and never meet PROJ's authority axis order.
 *
 * One struct geo holds one PJ_CONTEXT: use it from one thread at a time.
 */
#ifndef SHOMER_GEO_H
#define SHOMER_GEO_H

#include <stddef.h>

struct geo;

/*
 * Opens a transformer from EPSG:4326 to `crs` (e.g. "EPSG:27700").  Fails,
 * with *errmsg set, if PROJ does not know the CRS or it is not a projected
 * CRS in metres.  Free with geo_free().
 */
int geo_open(const char *crs, struct geo **out, char **errmsg);
void geo_free(struct geo *g);

/* The CRS string given to geo_open; borrowed. */
const char *geo_crs(const struct geo *g);

/*
 * Forward and inverse transforms of one point.  Return 0, or -1 with *errmsg
 * when the point cannot be transformed (out of range, PROJ error).
 */
int geo_to_xy(struct geo *g, double lat, double lon, double *x, double *y, char **errmsg);
int geo_to_latlon(struct geo *g, double x, double y, double *lat, double *lon, char **errmsg);

/*
 * Forward transform of n points in place: on entry xy[2i] = lat and
 * xy[2i+1] = lon, on return xy[2i] = x and xy[2i+1] = y.  Faster than n
 * single calls.  -1 with *errmsg naming the first failing index.
 */
int geo_to_xy_many(struct geo *g, double *xy, size_t n, char **errmsg);

/*
 * Describes the operation PROJ uses for a point near (lat, lon): its name
 * (e.g. "OSGB36 to WGS 84 (6) + British National Grid") and its stated
 * accuracy in metres (-1 when PROJ does not know).  *name is malloc'ed.
 */
int geo_describe(struct geo *g, double lat, double lon, char **name, double *accuracy_m,
                 char **errmsg);

/* PROJ's version string, e.g. "9.1.1"; borrowed. */
const char *geo_proj_version(void);

/* Planar distance between two projected points, metres. */
double geo_dist(double x1, double y1, double x2, double y2);

#endif /* SHOMER_GEO_H */
