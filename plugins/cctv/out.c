/*
 * out.c - see out.h.
 */
#include "out.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "banned.h"

int cctv_out_fail(char **errmsg, int rc, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	rc = shomer_vfail(cctv_api, errmsg, rc, fmt, ap);
	va_end(ap);
	return rc;
}

int cctv_out_usage(char **errmsg, int opt, const char *arg)
{
	return shomer_usage_fail(cctv_api, errmsg, opt, arg);
}

int cctv_out_parse_double(const char *s, double lo, double hi, double *out)
{
	char *end;
	double v;

	if (!s || !*s || *s == ' ')
		return -1;
	errno = 0;
	v = strtod(s, &end);
	if (*end || errno || !isfinite(v) || v < lo || v > hi)
		return -1;
	*out = v;
	return 0;
}

int cctv_out_parse_long(const char *s, long lo, long hi, long *out)
{
	char *end;
	long v;

	if (!s || !*s || *s == ' ')
		return -1;
	errno = 0;
	v = strtol(s, &end, 10);
	if (*end || errno || v < lo || v > hi)
		return -1;
	*out = v;
	return 0;
}

static int no_op_site(void *ud, const struct shomer_site *site, double dist)
{
	(void)ud;
	(void)site;
	(void)dist;
	return SHOMER_OK;
}

int cctv_out_site_exists(struct shomer_host *host, const char *id, char **errmsg)
{
	return cctv_api->site_get(host, id, no_op_site, NULL, errmsg);
}

double cctv_out_clock(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

json_t *cctv_out_json_real(double v, int decimals)
{
	static const double tens[] = {1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9};
	double f = decimals >= 0 && decimals <= 9 ? tens[decimals] : pow(10.0, decimals);
	double r = round(v * f) / f;

	if (!isfinite(r))
		return json_null();
	/* no "-0" in the output */
	return json_real(r == 0 ? 0.0 : r);
}

/* ---- GEOS contexts ---- */

static void geos_notice(const char *msg, void *ud)
{
	(void)msg;
	(void)ud;
}

static void geos_error(const char *msg, void *ud)
{
	struct cctv_out_geos *x = ud;

	snprintf(x->error, sizeof(x->error), "%s", msg ? msg : "unknown GEOS error");
}

int cctv_out_geos_init(struct cctv_out_geos *x)
{
	x->error[0] = '\0';
	x->g = GEOS_init_r();
	if (!x->g)
		return -1;
	GEOSContext_setNoticeMessageHandler_r(x->g, geos_notice, x);
	GEOSContext_setErrorMessageHandler_r(x->g, geos_error, x);
	return 0;
}

void cctv_out_geos_finish(struct cctv_out_geos *x)
{
	if (x->g)
		GEOS_finish_r(x->g);
	x->g = NULL;
}

/* ---- geometry as plain rings ---- */

double cctv_out_ring_area2(const struct cctv_path *r)
{
	double a = 0;

	for (size_t i = 0; i < r->n; i++) {
		size_t j = i + 1 == r->n ? 0 : i + 1;
		a += r->x[i] * r->y[j] - r->x[j] * r->y[i];
	}
	return a;
}

static void ring_reverse(struct cctv_path *r)
{
	for (size_t i = 0, j = r->n - 1; i < j; i++, j--) {
		double tx = r->x[i], ty = r->y[i];
		r->x[i] = r->x[j];
		r->y[i] = r->y[j];
		r->x[j] = tx;
		r->y[j] = ty;
	}
}

/* One ring of a polygon, open and oriented; 1 when it was degenerate and
 * left out, 0 when added, -1 on failure. */
static int ring_take(GEOSContextHandle_t g, const GEOSGeometry *ring, int hole, struct cctv_path *r)
{
	const GEOSCoordSequence *cs = GEOSGeom_getCoordSeq_r(g, ring);
	unsigned int size = 0;
	size_t n;

	if (!cs || !GEOSCoordSeq_getSize_r(g, cs, &size))
		return -1;
	if (size < 4)
		return 1;
	n = (size_t)size - 1; /* the closing point repeats the first */
	r->x = malloc(n * sizeof(double));
	r->y = malloc(n * sizeof(double));
	if (!r->x || !r->y)
		return -1;
	r->n = n;
	for (size_t i = 0; i < n; i++)
		if (!GEOSCoordSeq_getXY_r(g, cs, (unsigned int)i, &r->x[i], &r->y[i]))
			return -1;
	if ((cctv_out_ring_area2(r) < 0) != (hole != 0))
		ring_reverse(r);
	return 0;
}

static void poly_release(struct cctv_out_poly *p)
{
	for (size_t i = 0; i < p->n_rings; i++) {
		free(p->rings[i].x);
		free(p->rings[i].y);
	}
	free(p->rings);
	memset(p, 0, sizeof(*p));
}

static int poly_take(GEOSContextHandle_t g, const GEOSGeometry *poly, struct cctv_out_shape *out)
{
	int holes = GEOSGetNumInteriorRings_r(g, poly);
	struct cctv_out_poly *p, *grown;
	int rc;

	if (holes < 0)
		return -1;
	if (GEOSisEmpty_r(g, poly))
		return 0;
	grown = realloc(out->polys, (out->n + 1) * sizeof(*out->polys));
	if (!grown)
		return -1;
	out->polys = grown;
	p = &out->polys[out->n];
	memset(p, 0, sizeof(*p));
	p->rings = calloc((size_t)holes + 1, sizeof(*p->rings));
	if (!p->rings)
		return -1;
	out->n++;
	p->n_rings = 1; /* counted first, so that a failure frees what it holds */
	rc = ring_take(g, GEOSGetExteriorRing_r(g, poly), 0, &p->rings[0]);
	if (rc) {
		/* a failure, or a degenerate exterior: a polygon with no area */
		poly_release(p);
		out->n--;
		return rc < 0 ? -1 : 0;
	}
	for (int i = 0; i < holes; i++) {
		struct cctv_path *r = &p->rings[p->n_rings];
		rc = ring_take(g, GEOSGetInteriorRingN_r(g, poly, i), 1, r);
		if (rc < 0) {
			p->n_rings++; /* so that what it holds is freed */
			return -1;
		}
		if (rc == 0)
			p->n_rings++;
	}
	return 0;
}

static int shape_walk(GEOSContextHandle_t g, const GEOSGeometry *geom, struct cctv_out_shape *out)
{
	int type = GEOSGeomTypeId_r(g, geom), n;

	switch (type) {
	case GEOS_POLYGON: return poly_take(g, geom, out);
	case GEOS_MULTIPOLYGON:
	case GEOS_GEOMETRYCOLLECTION:
		n = GEOSGetNumGeometries_r(g, geom);
		if (n < 0)
			return -1;
		for (int i = 0; i < n; i++)
			if (shape_walk(g, GEOSGetGeometryN_r(g, geom, i), out))
				return -1;
		return 0;
	case -1: return -1;
	default: return 0; /* points and lines have no area to show */
	}
}

int cctv_out_shape_from_geos(GEOSContextHandle_t g, const GEOSGeometry *geom, double tolerance,
                             struct cctv_out_shape *out)
{
	GEOSGeometry *simple = NULL;
	int rc;

	memset(out, 0, sizeof(*out));
	if (!geom)
		return 0;
	if (tolerance > 0) {
		simple = GEOSTopologyPreserveSimplify_r(g, geom, tolerance);
		if (!simple)
			return -1;
		geom = simple;
	}
	rc = shape_walk(g, geom, out);
	if (simple)
		GEOSGeom_destroy_r(g, simple);
	if (rc)
		cctv_out_shape_release(out);
	return rc;
}

void cctv_out_shape_release(struct cctv_out_shape *s)
{
	for (size_t i = 0; i < s->n; i++)
		poly_release(&s->polys[i]);
	free(s->polys);
	memset(s, 0, sizeof(*s));
}

/* ---- private files ---- */

/* strerror's text as the house style writes messages: lowercase. */
static const char *errno_text(int e, char *buf, size_t n)
{
	snprintf(buf, n, "%s", strerror(e));
	if (buf[0] >= 'A' && buf[0] <= 'Z')
		buf[0] = (char)(buf[0] - 'A' + 'a');
	return buf;
}

int cctv_out_prepare_dir(const char *dir, char **errmsg)
{
	struct stat st;
	char eb[128];

	if (!*dir)
		return cctv_out_fail(errmsg, SHOMER_ERR, "no directory given for --svg");
	if (stat(dir, &st) == 0) {
		if (!S_ISDIR(st.st_mode))
			return cctv_out_fail(errmsg, SHOMER_ERR, "'%s' is not a directory", dir);
		return SHOMER_OK;
	}
	if (errno != ENOENT || mkdir(dir, 0700) != 0)
		return cctv_out_fail(errmsg, SHOMER_ERR, "cannot create directory '%s': %s", dir,
		                     errno_text(errno, eb, sizeof(eb)));
	return SHOMER_OK;
}

static int write_all(int fd, const void *data, size_t len)
{
	const char *p = data;

	while (len) {
		ssize_t w = write(fd, p, len);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		len -= (size_t)w;
	}
	return 0;
}

int cctv_out_write_private(const char *dir, const char *name, const void *data, size_t len,
                           char **errmsg)
{
	size_t dn = strlen(dir), nn = strlen(name);
	char *path = malloc(dn + nn + 2), *tmp = malloc(dn + nn + 10);
	int fd = -1, rc = SHOMER_ERR, saved;
	char eb[128];

	if (!*name || name[0] == '.' || strchr(name, '/')) {
		free(path);
		free(tmp);
		return cctv_out_fail(errmsg, SHOMER_ERR, "'%s' is not a plain file name", name);
	}
	if (!path || !tmp) {
		free(path);
		free(tmp);
		return cctv_out_fail(errmsg, SHOMER_ERR, "out of memory writing '%s'", name);
	}
	snprintf(path, dn + nn + 2, "%s/%s", dir, name);
	snprintf(tmp, dn + nn + 10, "%s/.%s.XXXXXX", dir, name);
	/* mkstemp opens with O_CREAT | O_EXCL and mode 0600 */
	fd = mkstemp(tmp);
	if (fd < 0) {
		cctv_out_fail(errmsg, SHOMER_ERR, "cannot create '%s': %s", path,
		              errno_text(errno, eb, sizeof(eb)));
		goto out;
	}
	if (fchmod(fd, 0600) != 0 || write_all(fd, data, len) != 0) {
		saved = errno;
		close(fd);
		unlink(tmp);
		cctv_out_fail(errmsg, SHOMER_ERR, "cannot write '%s': %s", path,
		              errno_text(saved, eb, sizeof(eb)));
		goto out;
	}
	if (close(fd) != 0 || rename(tmp, path) != 0) {
		saved = errno;
		unlink(tmp);
		cctv_out_fail(errmsg, SHOMER_ERR, "cannot write '%s': %s", path,
		              errno_text(saved, eb, sizeof(eb)));
		goto out;
	}
	rc = SHOMER_OK;
out:
	free(path);
	free(tmp);
	return rc;
}
