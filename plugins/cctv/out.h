/*
 * out.h - what the cctv commands (cmd_coverage.c, cmd_plan.c) share: error
 * text, strict option values, a GEOS context per thread,
 * GEOS geometry as plain rings, JSON numbers, and files written privately.
 *
 * Everything here except cctv_out_fail, cctv_out_usage and the file
 * functions (which make host-allocated error text) is pure: worker threads
 * may call it.
 */
#ifndef CCTV_OUT_H
#define CCTV_OUT_H

#include <stdint.h>
#include <stdio.h>

#include <geos_c.h>
#include <jansson.h>

#include "cctv.h"
#include "scene.h"

/* Sets *errmsg (when errmsg is not NULL) to a host-allocated message and
 * returns `rc`, so that a command can `return cctv_out_fail(errmsg, 2, ...)`. */
int cctv_out_fail(char **errmsg, int rc, const char *fmt, ...) SHOMER_PRINTF(3, 4);

/* SHOMER_EXIT_USAGE with "unknown option 'ARG'" or "option 'ARG' needs a
 * value", for getopt_long's '?' and ':' (opt). */
int cctv_out_usage(char **errmsg, int opt, const char *arg);

/* Strict numbers: the whole string, finite, within [lo, hi]; 0 or -1. */
int cctv_out_parse_double(const char *s, double lo, double hi, double *out);
int cctv_out_parse_long(const char *s, long lo, long hi, long *out);

/* Seconds on the monotonic clock. */
double cctv_out_clock(void);

/* SHOMER_OK when site `id` exists, else SHOMER_ERR with "no site 'ID'". */
int cctv_out_site_exists(struct shomer_host *host, const char *id, char **errmsg);

/* `v` rounded to `decimals` places, as a JSON real (so that the output
 * shows 0.8734, not 0.87341234567). */
json_t *cctv_out_json_real(double v, int decimals);

/*
 * A GEOS context for one thread (GEOS_init_r), with notice and error
 * handlers: notices are dropped, the last error is kept in `error` for a
 * caller whose computation failed without saying why.  The struct must
 * not move while the context lives (the handlers point into it).
 */
struct cctv_out_geos {
	GEOSContextHandle_t g;
	char error[256];
};

/* 0, or -1 when GEOS could not make a context. */
int cctv_out_geos_init(struct cctv_out_geos *x);
void cctv_out_geos_finish(struct cctv_out_geos *x);

/*
 * A polygonal geometry as plain data, so that the main thread can hand its
 * points to the host (api->geo_to_latlon) without touching GEOS objects
 * made on a worker thread.  Every ring is open (the first point is not
 * repeated); a polygon's first ring is its exterior, counter-clockwise,
 * and the others its holes, clockwise (RFC 7946's right-hand rule, with x
 * east and y north).
 */
struct cctv_out_poly {
	size_t n_rings;
	struct cctv_path *rings;
};

struct cctv_out_shape {
	size_t n;
	struct cctv_out_poly *polys;
};

/*
 * The polygons of `geom` (a Polygon, a MultiPolygon, or a collection
 * holding them; points and lines are left out) into *out, simplified
 * first with GEOSTopologyPreserveSimplify_r when tolerance > 0 (metres).
 * NULL or empty geometry gives an empty shape.  0, or -1 (out of memory
 * or a GEOS failure) with *out released.
 */
int cctv_out_shape_from_geos(GEOSContextHandle_t g, const GEOSGeometry *geom, double tolerance,
                             struct cctv_out_shape *out);
void cctv_out_shape_release(struct cctv_out_shape *s);

/* Twice the signed area of an open ring: positive when counter-clockwise. */
double cctv_out_ring_area2(const struct cctv_path *r);

/*
 * Makes `dir` ready to receive private files: creates it (mode 0700) when
 * it does not exist.  SHOMER_OK, or SHOMER_ERR with *errmsg.
 */
int cctv_out_prepare_dir(const char *dir, char **errmsg);

/*
 * Writes `len` bytes to DIR/NAME, mode 0600 whatever the umask: into a new
 * temporary file in DIR (mkstemp: O_CREAT | O_EXCL), renamed over NAME
 * when complete, so that an existing file (or a symbolic link planted
 * there) is replaced, never written through, and a reader never sees half
 * a file.  NAME must be a plain file name (no '/', not starting with '.').
 * SHOMER_OK, or SHOMER_ERR with *errmsg.
 */
int cctv_out_write_private(const char *dir, const char *name, const void *data, size_t len,
                           char **errmsg);

#endif /* CCTV_OUT_H */
