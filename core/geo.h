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
 * Opens a transformer from EPSG:4326 to `crs` (e.g. "EPSG:27700"; also a
 * PROJ string with +type=crs, WKT, or a CRS's exact name).  Fails, with
 * *out NULL and *errmsg set, if PROJ does not know the CRS ("unknown crs
 * 'EPSG:99999'") or it is not a projected CRS in metres ("crs 'EPSG:4326'
 * is not a projected crs in metres").  PROJ's network access is off: only
 * grids installed locally are used.  Free with geo_free().
 */
int geo_open(const char *crs, struct geo **out, char **errmsg);
void geo_free(struct geo *g);

/* The CRS string given to geo_open; borrowed. */
const char *geo_crs(const struct geo *g);

/*
 * Forward and inverse transforms of one point.  Return 0, or -1 with *errmsg
 * when the point cannot be transformed: lat outside -90..90, lon outside
 * -180..180, x or y not finite, or PROJ cannot transform it (the message
 * names the point and gives PROJ's reason).
 */
int geo_to_xy(struct geo *g, double lat, double lon, double *x, double *y, char **errmsg);
int geo_to_latlon(struct geo *g, double x, double y, double *lat, double *lon, char **errmsg);

/*
 * Forward transform of n points in place: on entry xy[2i] = lat and
 * xy[2i+1] = lon, on return xy[2i] = x and xy[2i+1] = y.  Faster than n
 * single calls, with bit-for-bit the same results.  -1 with *errmsg naming
 * the first failing point, counted from 1 ("point 3: latitude 95 is out of
 * range (-90 to 90)").  An out-of-range input leaves xy untouched; after a
 * failure inside PROJ its contents are unspecified.
 */
int geo_to_xy_many(struct geo *g, double *xy, size_t n, char **errmsg);

/*
 * Describes the operation PROJ uses for a point near (lat, lon): its name
 * (e.g. "Inverse of OSGB36 to WGS 84 (6) + British National Grid", the
 * Helmert fallback used when the OSTN15 grid is not installed) and its
 * stated accuracy in metres (-1 when PROJ does not know).  PROJ chooses
 * among candidate operations per point by area of use, so the answer
 * depends on the point: far outside the CRS's area it is a "Ballpark"
 * operation with accuracy -1.  *name is malloc'ed (NULL on failure).
 */
int geo_describe(struct geo *g, double lat, double lon, char **name, double *accuracy_m,
                 char **errmsg);

/*
 * 1 if (lat, lon) lies in the CRS's area of use as PROJ states it (for the
 * National Grid, Great Britain and its waters); positions outside it are
 * projected with errors nobody has measured.  1 when PROJ states no area.
 */
int geo_in_area(const struct geo *g, double lat, double lon);
/* The area of use, degrees (all 0 when PROJ states none). */
void geo_area(const struct geo *g, double *west, double *south, double *east, double *north);

/* The centre of the CRS's area of use (where geo_describe is most telling). */
void geo_area_centre(const struct geo *g, double *lat, double *lon);

/* PROJ's version string, e.g. "9.1.1"; borrowed. */
const char *geo_proj_version(void);

/* Planar distance between two projected points, metres. */
double geo_dist(double x1, double y1, double x2, double y2);

#endif /* SHOMER_GEO_H */
