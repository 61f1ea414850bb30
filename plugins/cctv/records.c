/*
 * records.c - see records.h: the cctv tables, the import and export of
 * <camera>, <building>, <wall> and <area>, and scenes loaded from them.
 *
 * Every place is kept twice.  As written ("given"): "p LAT LON" for a
 * <point>, "o EAST NORTH" for an <offset>, several joined by ';' along a
 * ring or a line, each number exactly as the file spelt it, so that export
 * writes back what was imported.  And in metres of the projected CRS, for
 * the geometry.  An offset is measured from the site's location, so the
 * metres of a row holding one (offsets > 0) are worked out again whenever
 * the site changes (cctv_records_site_hook, run by the host after a site is
 * created or changed): a site re-imported at a corrected location takes its
 * cameras with it, and a camera of a <cameras> document read before its
 * site (which a later file of the same import may define) gets its metres
 * when the site arrives.  origin_x and origin_y record the location they
 * were worked out from, so that the hook finds the rows to redo with one
 * query and usually finds none.  Such a camera is why cctv_cameras' reference to
 * sites is checked at commit (DEFERRABLE INITIALLY DEFERRED) and why its x
 * and y may be NULL, but only inside an import: a site that never comes is
 * reported by the host (api->import_require_site) and the import rolled
 * back.
 *
 * Rings and walls are checked with GEOS in the site's own frame, metres east
 * and north of its location: GEOS's reason then names a place the way an
 * <offset> would, and does not depend on the datum grids PROJ has.
 */
#include "coverage.h"
#include "records.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <geos_c.h>

#include "banned.h"

/* ------------------------------------------------------------------ */
/* Tables                                                              */
/* ------------------------------------------------------------------ */

const struct shomer_migration cctv_migrations[] = {
        {1, "CREATE TABLE cctv_cameras ("
            "site_id TEXT NOT NULL REFERENCES sites (id) ON DELETE CASCADE "
            "DEFERRABLE INITIALLY DEFERRED, "
            "id TEXT NOT NULL, "
            "label TEXT, "
            "type TEXT NOT NULL, "
            "status TEXT NOT NULL, "
            "given TEXT NOT NULL, "
            "offsets INTEGER NOT NULL, "
            "origin_x DOUBLE PRECISION, "
            "origin_y DOUBLE PRECISION, "
            "x DOUBLE PRECISION, "
            "y DOUBLE PRECISION, "
            "height DOUBLE PRECISION NOT NULL, "
            "bearing DOUBLE PRECISION NOT NULL, "
            "fov DOUBLE PRECISION NOT NULL, "
            "focal_mm DOUBLE PRECISION, "
            "sensor_mm DOUBLE PRECISION, "
            "pixels INTEGER NOT NULL, "
            "ir_range DOUBLE PRECISION, "
            "note TEXT, "
            "PRIMARY KEY (site_id, id)); "
            "CREATE TABLE cctv_buildings ("
            "site_id TEXT NOT NULL REFERENCES sites (id) ON DELETE CASCADE, "
            "id TEXT NOT NULL, "
            "label TEXT, "
            "given TEXT NOT NULL, "
            "offsets INTEGER NOT NULL, "
            "origin_x DOUBLE PRECISION, "
            "origin_y DOUBLE PRECISION, "
            "ring TEXT NOT NULL, "
            "PRIMARY KEY (site_id, id)); "
            "CREATE TABLE cctv_walls ("
            "site_id TEXT NOT NULL REFERENCES sites (id) ON DELETE CASCADE, "
            "id TEXT NOT NULL, "
            "label TEXT, "
            "thickness DOUBLE PRECISION NOT NULL, "
            "given TEXT NOT NULL, "
            "offsets INTEGER NOT NULL, "
            "origin_x DOUBLE PRECISION, "
            "origin_y DOUBLE PRECISION, "
            "line TEXT NOT NULL, "
            "PRIMARY KEY (site_id, id)); "
            "CREATE TABLE cctv_areas ("
            "site_id TEXT NOT NULL REFERENCES sites (id) ON DELETE CASCADE, "
            "id TEXT NOT NULL, "
            "label TEXT, "
            "kind TEXT NOT NULL, "
            "level TEXT NOT NULL, "
            "given TEXT NOT NULL, "
            "offsets INTEGER NOT NULL, "
            "origin_x DOUBLE PRECISION, "
            "origin_y DOUBLE PRECISION, "
            "ring TEXT NOT NULL, "
            "PRIMARY KEY (site_id, id))"},
};

const size_t cctv_n_migrations = sizeof(cctv_migrations) / sizeof(cctv_migrations[0]);

/* What a row callback returns to stop a query on its own account (never
 * SHOMER_ERR, which means the host failed and set *errmsg). */
#define REC_STOP 1

/* Closer than this (metres) the last point of a ring repeats the first. */
#define CLOSE_EPS 1e-3

/* ------------------------------------------------------------------ */
/* Memory and text                                                     */
/* ------------------------------------------------------------------ */

/* Like the host's allocator: out of memory is the end of the process. */
static void *xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);

	if (!q) {
		fputs("shomer: cctv: out of memory\n", stderr);
		abort();
	}
	return q;
}

static char *xstrdup(const char *s)
{
	size_t n = strlen(s) + 1;
	char *d = xrealloc(NULL, n);

	memcpy(d, s, n);
	return d;
}

#define GROW(p, n, a)                                            \
	do {                                                     \
		if ((n) >= (a)) {                                \
			(a) = (a) ? 2 * (a) : 16;                \
			(p) = xrealloc((p), (a) * sizeof(*(p))); \
		}                                                \
	} while (0)

struct buf {
	char *s;
	size_t n, a;
};

static void buf_addf(struct buf *b, const char *fmt, ...) SHOMER_PRINTF(2, 3);
static void buf_addf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	int k;

	va_start(ap, fmt);
	k = vsnprintf(b->s ? b->s + b->n : NULL, b->s ? b->a - b->n : 0, fmt, ap);
	va_end(ap);
	if (k < 0)
		return;
	if (!b->s || b->n + (size_t)k + 1 > b->a) {
		b->a = 2 * (b->n + (size_t)k + 1);
		b->s = xrealloc(b->s, b->a);
		va_start(ap, fmt);
		vsnprintf(b->s + b->n, b->a - b->n, fmt, ap);
		va_end(ap);
	}
	b->n += (size_t)k;
}

/* malloc'd text, for messages built in pieces. */
static char *strf(const char *fmt, ...) SHOMER_PRINTF(1, 2);
static char *strf(const char *fmt, ...)
{
	va_list ap;
	int k;
	char *s;

	va_start(ap, fmt);
	k = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	s = xrealloc(NULL, k > 0 ? (size_t)k + 1 : 1);
	s[0] = '\0';
	va_start(ap, fmt);
	if (k > 0)
		vsnprintf(s, (size_t)k + 1, fmt, ap);
	va_end(ap);
	return s;
}

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* A copy of s without the white space around it (xs:token values), or
 * NULL for NULL. */
static char *trimmed(const char *s)
{
	const char *end;
	char *d;

	if (!s)
		return NULL;
	while (is_space(*s))
		s++;
	end = s + strlen(s);
	while (end > s && is_space(end[-1]))
		end--;
	d = xrealloc(NULL, (size_t)(end - s) + 1);
	memcpy(d, s, (size_t)(end - s));
	d[end - s] = '\0';
	return d;
}

/*
 * A decimal as the schema allows it ("-12.5", "+3", "7.", ".25"), maybe
 * with white space around it (xs:decimal collapses it).  *text and *len
 * give the number as written.  0, or -1 if s is not such a number.
 */
static int parse_decimal(const char *s, double *v, const char **text, int *len)
{
	const char *p, *end;
	char *stop;
	int digits = 0, dots = 0;

	if (!s)
		return -1;
	while (is_space(*s))
		s++;
	end = s + strlen(s);
	while (end > s && is_space(end[-1]))
		end--;
	p = s;
	if (p < end && (*p == '+' || *p == '-'))
		p++;
	for (; p < end; p++) {
		if (*p >= '0' && *p <= '9')
			digits++;
		else if (*p == '.' && !dots)
			dots++;
		else
			return -1;
	}
	if (!digits || end - s > 200)
		return -1;
	errno = 0;
	*v = strtod(s, &stop);
	if (stop != end || errno || !isfinite(*v))
		return -1;
	if (text)
		*text = s;
	if (len)
		*len = (int)(end - s);
	return 0;
}

/* A number column, REAL or INTEGER. */
static int num_value(const struct shomer_value *v, double *out)
{
	if (v->type == SHOMER_REAL)
		*out = v->u.r;
	else if (v->type == SHOMER_INT)
		*out = (double)v->u.i;
	else
		return -1;
	return 0;
}

/* The shortest fixed-point text that reads back as v (no exponent: the
 * schema's decimals have none). */
static void fmt_num(char out[64], double v)
{
	for (int d = 0; d <= 17; d++) {
		snprintf(out, 64, "%.*f", d, v);
		if (strtod(out, NULL) == v)
			return;
	}
}

/* ------------------------------------------------------------------ */
/* Places                                                              */
/* ------------------------------------------------------------------ */

/* One place as written, split out of a given text or read from XML. */
struct place {
	char form;     /* 'p': lat, lon; 'o': east, north of the site */
	double a, b;   /* lat and lon, or east and north */
	char *at, *bt; /* the numbers as written (in a split given text) */
};

/* The site's location, when it is known. */
struct site_loc {
	int found;
	double x, y;
};

static int loc_cb(void *ud, const struct shomer_site *site, double dist)
{
	struct site_loc *l = ud;

	(void)dist;
	l->found = 1;
	l->x = site->x;
	l->y = site->y;
	return SHOMER_OK;
}

/* Finds the location of site `id`; 0, or -1 with *why (host's, may be
 * NULL) when there is no such site or the database failed. */
static int site_location(struct shomer_host *host, const char *id, struct site_loc *l, char **why)
{
	l->found = 0;
	if (cctv_api->site_get(host, id, loc_cb, l, why) != SHOMER_OK || !l->found)
		return -1;
	return 0;
}

/*
 * Projected metres (*x, *y) and metres from the site (*lx, *ly) of place
 * p.  An offset needs the site's location; without it (l->found == 0) the
 * result is 1 and nothing is set.  -1 with *why (host-allocated) when the
 * projection fails.
 */
static int place_xy(struct shomer_host *host, const struct place *p, const struct site_loc *l,
                    double *x, double *y, double *lx, double *ly, char **why)
{
	if (p->form == 'o') {
		if (!l->found)
			return 1;
		*x = l->x + p->a;
		*y = l->y + p->b;
		*lx = p->a;
		*ly = p->b;
		return 0;
	}
	if (cctv_api->geo_to_xy(host, p->a, p->b, x, y, why) != SHOMER_OK)
		return -1;
	*lx = l->found ? *x - l->x : 0;
	*ly = l->found ? *y - l->y : 0;
	return 0;
}

/*
 * Splits a given text, in place, into its places ("p 51.5 -0.1;o 3 4");
 * *out is malloc'd and points into s.  The number of places, or -1 when the
 * text is not of that form.
 */
static long given_split(char *s, struct place **out)
{
	struct place *v = NULL;
	size_t n = 0, a = 0;

	*out = NULL;
	while (*s) {
		struct place p;
		char *sp;

		if ((s[0] != 'p' && s[0] != 'o') || s[1] != ' ')
			goto bad;
		p.form = s[0];
		p.at = s + 2;
		sp = strchr(p.at, ' ');
		if (!sp)
			goto bad;
		*sp = '\0';
		p.bt = sp + 1;
		s = p.bt + strcspn(p.bt, ";");
		if (*s == ';')
			*s++ = '\0';
		if (parse_decimal(p.at, &p.a, NULL, NULL) || parse_decimal(p.bt, &p.b, NULL, NULL))
			goto bad;
		GROW(v, n, a);
		v[n++] = p;
	}
	*out = v;
	return (long)n;
bad:
	free(v);
	return -1;
}

/* "x y;x y;..." in millimetres, as the core keeps a perimeter. */
static char *path_text(const double *x, const double *y, size_t n)
{
	struct buf b = {0};

	for (size_t i = 0; i < n; i++)
		buf_addf(&b, "%s%.3f %.3f", i ? ";" : "", x[i], y[i]);
	return b.s ? b.s : xstrdup("");
}

/* Parses path_text's form; 0, or -1 if malformed.  Arrays malloc'd. */
static int path_parse(const char *s, struct cctv_path *p)
{
	size_t a = 0;
	char *end;

	p->n = 0;
	p->x = p->y = NULL;
	while (*s) {
		double x = strtod(s, &end), y;

		if (end == s || *end != ' ')
			goto bad;
		s = end + 1;
		y = strtod(s, &end);
		if (end == s || (*end != ';' && *end != '\0'))
			goto bad;
		s = *end ? end + 1 : end;
		if (p->n >= a) {
			a = a ? 2 * a : 8;
			p->x = xrealloc(p->x, a * sizeof(double));
			p->y = xrealloc(p->y, a * sizeof(double));
		}
		p->x[p->n] = x;
		p->y[p->n] = y;
		p->n++;
	}
	return 0;
bad:
	free(p->x);
	free(p->y);
	p->x = p->y = NULL;
	p->n = 0;
	return -1;
}

/* ------------------------------------------------------------------ */
/* GEOS checks                                                         */
/* ------------------------------------------------------------------ */

struct geos_msg {
	char text[400];
};

/* GEOS's own errors and notices: the first one is kept. */
static void geos_note(const char *msg, void *ud)
{
	struct geos_msg *m = ud;

	if (!m->text[0] && msg)
		snprintf(m->text, sizeof(m->text), "%s", msg);
}

static GEOSContextHandle_t geos_start(struct geos_msg *m)
{
	GEOSContextHandle_t g = GEOS_init_r();

	m->text[0] = '\0';
	if (g) {
		GEOSContext_setErrorMessageHandler_r(g, geos_note, m);
		GEOSContext_setNoticeMessageHandler_r(g, geos_note, m);
	}
	return g;
}

/* The ring of n points (not repeating the first), in the site's frame:
 * NULL when it is a valid polygon, else why not (malloc'd). */
static char *ring_problem(const double *x, const double *y, size_t n)
{
	struct geos_msg m;
	GEOSContextHandle_t g = geos_start(&m);
	struct cctv_path ring = {n, (double *)x, (double *)y};
	char *why;

	if (!g)
		return xstrdup("cannot start GEOS");
	why = cctv_ring_invalid(g, &ring);
	GEOS_finish_r(g);
	return why;
}

/* The wall's line, a flat-ended rectangle of its thickness on each
 * segment: NULL when that is a valid polygon, else why not (malloc'd). */
static char *wall_problem(const double *x, const double *y, size_t n, double thickness)
{
	struct geos_msg m;
	GEOSContextHandle_t g = geos_start(&m);
	struct cctv_wall w = {NULL, {n, (double *)x, (double *)y}, thickness};
	char *why;

	if (!g)
		return xstrdup("cannot start GEOS");
	why = cctv_wall_invalid(g, &w);
	GEOS_finish_r(g);
	return why;
}

/* GEOS names a place as "[x y]": say in which frame. */
static const char *frame_note(const char *why)
{
	return strchr(why, '[') ? " (metres east and north of the site's location)" : "";
}

/* ------------------------------------------------------------------ */
/* Import                                                              */
/* ------------------------------------------------------------------ */

/* One record's reading; `bad` counts the problems reported. */
struct rd {
	struct shomer_host *host;
	struct shomer_import *imp;
	const char *what; /* "camera 'C1'" */
	int bad;
};

static void rd_error(struct rd *r, long line, const char *fmt, ...) SHOMER_PRINTF(3, 4);
static void rd_error(struct rd *r, long line, const char *fmt, ...)
{
	va_list ap;
	char msg[600];

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	cctv_api->import_error(r->imp, line, "%s%s", r->what, msg);
	r->bad++;
}

/*
 * Attribute `name` of element c as a number within [lo, hi] (lo_open:
 * above lo; hi_open: below hi); `label` names it in messages.  0, or -1
 * after reporting.
 */
static int rd_number(struct rd *r, const struct shomer_xml_elem *c, const char *name,
                     const char *label, double lo, int lo_open, double hi, int hi_open, double *v)
{
	const char *s = cctv_api->xml_attr(c, name), *t;
	int len;

	if (!s) {
		rd_error(r, c->line, ": <%s> has no %s", c->name, name);
		return -1;
	}
	if (parse_decimal(s, v, &t, &len)) {
		rd_error(r, c->line, ": %s '%s' is not a number", label, s);
		return -1;
	}
	if ((lo_open ? !(*v > lo) : !(*v >= lo)) || (hi_open ? !(*v < hi) : !(*v <= hi))) {
		char a[64], b[64];

		fmt_num(a, lo);
		fmt_num(b, hi);
		rd_error(r, c->line, ": %s %.*s must be %s %s and %s %s", label, len, t,
		         lo_open ? "above" : "at least", a, hi_open ? "below" : "at most", b);
		return -1;
	}
	return 0;
}

/* A <point> or an <offset>: *p, and its text for the given column. */
static int rd_place(struct rd *r, const struct shomer_xml_elem *c, struct place *p,
                    struct buf *given)
{
	const char *n1, *n2, *t1, *t2;
	int l1, l2;

	if (strcmp(c->name, "point") == 0) {
		p->form = 'p';
		n1 = "lat";
		n2 = "lon";
	} else if (strcmp(c->name, "offset") == 0) {
		p->form = 'o';
		n1 = "east";
		n2 = "north";
	} else {
		rd_error(r, c->line, ": unexpected <%s> where a <point> or an <offset> belongs",
		         c->name);
		return -1;
	}
	if (rd_number(r, c, n1, n1, p->form == 'p' ? -90 : -5000, 0, p->form == 'p' ? 90 : 5000, 0,
	              &p->a) ||
	    rd_number(r, c, n2, n2, p->form == 'p' ? -180 : -5000, 0, p->form == 'p' ? 180 : 5000,
	              0, &p->b))
		return -1;
	parse_decimal(cctv_api->xml_attr(c, n1), &p->a, &t1, &l1);
	parse_decimal(cctv_api->xml_attr(c, n2), &p->b, &t2, &l2);
	buf_addf(given, "%s%c %.*s %.*s", given->n ? ";" : "", p->form, l1, t1, l2, t2);
	return 0;
}

/* Claims (kind, id) within site_id; the host reports a duplicate as
 * "duplicate KIND id 'ID' in site 'SITE' (first at FILE:LINE)". */
static void rd_claim(struct rd *r, long line, const char *kind, const char *id, const char *site)
{
	char *key = strf("%s' in site '%s", id, site);

	if (cctv_api->import_claim_id(r->imp, line, kind, key) != SHOMER_OK)
		r->bad++;
	free(key);
}

/* Stores via the host, reporting its error at `line`. */
static void rd_exec(struct rd *r, long line, const char *sql, const struct shomer_value *v,
                    size_t n)
{
	char *why = NULL;

	if (cctv_api->db_exec(r->host, sql, v, n, &why) != SHOMER_OK) {
		rd_error(r, line, ": cannot store it: %s", why ? why : "the database failed");
		cctv_api->free(why);
	}
}

static const char camera_upsert[] =
        "INSERT INTO cctv_cameras (site_id, id, label, type, status, given, offsets, origin_x, "
        "origin_y, x, y, height, bearing, fov, focal_mm, sensor_mm, pixels, ir_range, note) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
        "ON CONFLICT (site_id, id) DO UPDATE SET label = excluded.label, "
        "type = excluded.type, status = excluded.status, given = excluded.given, "
        "offsets = excluded.offsets, origin_x = excluded.origin_x, "
        "origin_y = excluded.origin_y, x = excluded.x, y = excluded.y, "
        "height = excluded.height, bearing = excluded.bearing, fov = excluded.fov, "
        "focal_mm = excluded.focal_mm, sensor_mm = excluded.sensor_mm, "
        "pixels = excluded.pixels, ir_range = excluded.ir_range, note = excluded.note";

/* The index of `name` in names[n], or -1. */
static int name_index(const char *const *names, int n, const char *name)
{
	for (int i = 0; i < n; i++) {
		if (strcmp(names[i], name) == 0)
			return i;
	}
	return -1;
}

static int import_camera(struct shomer_host *host, struct shomer_import *imp, const char *in_site,
                         const struct shomer_xml_elem *e)
{
	const struct shomer_api *api = cctv_api;
	char *id = trimmed(api->xml_attr(e, "id")), *site = trimmed(api->xml_attr(e, "site"));
	char *type = trimmed(api->xml_attr(e, "type")),
	     *status = trimmed(api->xml_attr(e, "status"));
	const char *label = api->xml_attr(e, "label");
	const struct shomer_xml_elem *pos, *mount, *fov, *lens, *res, *ir, *note;
	struct rd r = {host, imp, "", 0};
	struct buf given = {0};
	struct place p = {0};
	struct site_loc loc = {0};
	double height = 0, bearing = 0, deg = 0, focal = 0, sensor = 0, pixels = 0, range = 0;
	double x = 0, y = 0, lx, ly;
	int placed = 0, rc;
	char *what = NULL, *herr = NULL;

	if (!id || !*id) {
		api->import_error(imp, e->line, "<camera> has no id");
		goto out;
	}
	what = strf("camera '%s'", id);
	r.what = what;
	if (in_site) {
		if (site && strcmp(site, in_site) != 0)
			rd_error(&r, e->line, " is inside site '%s' but names site '%s'", in_site,
			         site);
		free(site);
		site = xstrdup(in_site);
	} else if (!site || !*site) {
		rd_error(&r, e->line,
		         " names no site: in a <cameras> document each camera needs "
		         "site=\"ID\"");
		goto out;
	}
	rd_claim(&r, e->line, "camera", id, site);
	if (type && name_index(cctv_type_name, 2, type) < 0)
		rd_error(&r, e->line, ": unknown type '%s' (fixed or ptz)", type);
	if (status && name_index(cctv_status_name, 3, status) < 0)
		rd_error(&r, e->line, ": unknown status '%s' (working, faulty or planned)", status);

	pos = api->xml_child(e, "point");
	if (!pos)
		pos = api->xml_child(e, "offset");
	mount = api->xml_child(e, "mount");
	fov = api->xml_child(e, "fov");
	lens = api->xml_child(e, "lens");
	res = api->xml_child(e, "resolution");
	ir = api->xml_child(e, "ir");
	note = api->xml_child(e, "note");
	if (!pos)
		rd_error(&r, e->line, " has no <point> or <offset>");
	else
		placed = rd_place(&r, pos, &p, &given) == 0;
	if (!mount) {
		rd_error(&r, e->line, " has no <mount>");
	} else {
		rd_number(&r, mount, "height", "mounting height", 0, 1, 100, 0, &height);
		rd_number(&r, mount, "bearing", "bearing", 0, 0, 360, 1, &bearing);
	}
	if (fov) {
		rd_number(&r, fov, "degrees", "field of view", 0, 1, 360, 0, &deg);
	} else if (lens) {
		if (rd_number(&r, lens, "focal-length-mm", "focal length", 0, 1, 2000, 0, &focal) ==
		            0 &&
		    rd_number(&r, lens, "sensor-width-mm", "sensor width", 0, 1, 2000, 0,
		              &sensor) == 0)
			deg = 2 * atan(sensor / (2 * focal)) * (180 / M_PI);
	} else {
		rd_error(&r, e->line, " has no <fov> or <lens>");
	}
	if (!res)
		rd_error(&r, e->line, " has no <resolution>");
	else if (rd_number(&r, res, "horizontal", "horizontal resolution", 1, 0, 100000, 0,
	                   &pixels) == 0 &&
	         pixels != floor(pixels))
		rd_error(&r, res->line, ": horizontal resolution must be a whole number of pixels");
	if (ir)
		rd_number(&r, ir, "range", "infra-red range", 0, 0, 1000, 0, &range);

	/* Where it is: a camera of a <cameras> document may come before its
	 * site (a later file of the import), which the host then checks. */
	if (!in_site || (placed && p.form == 'o')) {
		if (site_location(host, site, &loc, &herr) && in_site)
			rd_error(&r, e->line, ": %s", herr ? herr : "its site cannot be read");
		else if (!loc.found)
			api->import_require_site(imp, e->line, site);
		api->free(herr);
		herr = NULL;
	}
	if (placed) {
		int got = place_xy(host, &p, &loc, &x, &y, &lx, &ly, &herr);

		if (got < 0)
			rd_error(&r, pos->line, ": cannot project it: %s",
			         herr ? herr : "PROJ failed");
		placed = got == 0 ? 2 : 1; /* 1: waiting for its site */
		api->free(herr);
		herr = NULL;
	}
	if (r.bad)
		goto out;

	struct shomer_value v[] = {
	        SHOMER_V_TEXT(site),
	        SHOMER_V_TEXT(id),
	        label ? SHOMER_V_TEXT(label) : SHOMER_V_NULL,
	        SHOMER_V_TEXT(type ? type : cctv_type_name[CCTV_FIXED]),
	        SHOMER_V_TEXT(status ? status : cctv_status_name[CCTV_WORKING]),
	        SHOMER_V_TEXT(given.s),
	        SHOMER_V_INT(p.form == 'o'),
	        p.form == 'o' && placed == 2 ? SHOMER_V_REAL(loc.x) : SHOMER_V_NULL,
	        p.form == 'o' && placed == 2 ? SHOMER_V_REAL(loc.y) : SHOMER_V_NULL,
	        placed == 2 ? SHOMER_V_REAL(x) : SHOMER_V_NULL,
	        placed == 2 ? SHOMER_V_REAL(y) : SHOMER_V_NULL,
	        SHOMER_V_REAL(height),
	        SHOMER_V_REAL(bearing),
	        SHOMER_V_REAL(deg),
	        fov ? SHOMER_V_NULL : SHOMER_V_REAL(focal),
	        fov ? SHOMER_V_NULL : SHOMER_V_REAL(sensor),
	        SHOMER_V_INT((int64_t)pixels),
	        ir ? SHOMER_V_REAL(range) : SHOMER_V_NULL,
	        note ? SHOMER_V_TEXT(note->text) : SHOMER_V_NULL,
	};
	rd_exec(&r, e->line, camera_upsert, v, sizeof(v) / sizeof(v[0]));
out:
	rc = r.bad || !what ? SHOMER_ERR : SHOMER_OK;
	free(id);
	free(site);
	free(type);
	free(status);
	free(what);
	free(given.s);
	return rc;
}

enum path_kind { PATH_BUILDING, PATH_WALL, PATH_AREA };

static const char *const path_noun[] = {"building", "wall", "area"};

static const char *const area_kinds[] = {"entrance", "gate", "car-park", "playground", "other"};

static const char building_upsert[] =
        "INSERT INTO cctv_buildings (site_id, id, label, given, offsets, origin_x, origin_y, "
        "ring) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
        "ON CONFLICT (site_id, id) DO UPDATE SET label = excluded.label, "
        "given = excluded.given, offsets = excluded.offsets, origin_x = excluded.origin_x, "
        "origin_y = excluded.origin_y, ring = excluded.ring";

static const char wall_upsert[] =
        "INSERT INTO cctv_walls (site_id, id, label, thickness, given, offsets, origin_x, "
        "origin_y, line) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
        "ON CONFLICT (site_id, id) DO UPDATE SET label = excluded.label, "
        "thickness = excluded.thickness, given = excluded.given, "
        "offsets = excluded.offsets, origin_x = excluded.origin_x, "
        "origin_y = excluded.origin_y, line = excluded.line";

static const char area_upsert[] =
        "INSERT INTO cctv_areas (site_id, id, label, kind, level, given, offsets, origin_x, "
        "origin_y, ring) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
        "ON CONFLICT (site_id, id) DO UPDATE SET label = excluded.label, "
        "kind = excluded.kind, level = excluded.level, given = excluded.given, "
        "offsets = excluded.offsets, origin_x = excluded.origin_x, "
        "origin_y = excluded.origin_y, ring = excluded.ring";

/* Metres of a path's places: projected (x, y) and from the site (lx, ly). */
struct path_xy {
	size_t n, a;
	double *x, *y, *lx, *ly;
};

static void path_xy_add(struct path_xy *q, double x, double y, double lx, double ly)
{
	if (q->n >= q->a) {
		q->a = q->a ? 2 * q->a : 16;
		q->x = xrealloc(q->x, q->a * sizeof(double));
		q->y = xrealloc(q->y, q->a * sizeof(double));
		q->lx = xrealloc(q->lx, q->a * sizeof(double));
		q->ly = xrealloc(q->ly, q->a * sizeof(double));
	}
	q->x[q->n] = x;
	q->y[q->n] = y;
	q->lx[q->n] = lx;
	q->ly[q->n] = ly;
	q->n++;
}

static void path_xy_release(struct path_xy *q)
{
	free(q->x);
	free(q->y);
	free(q->lx);
	free(q->ly);
	memset(q, 0, sizeof(*q));
}

/* A building, a wall or an area of site `site`. */
static int import_path(struct shomer_host *host, struct shomer_import *imp, const char *site,
                       const struct shomer_xml_elem *e, enum path_kind kind)
{
	const struct shomer_api *api = cctv_api;
	const char *noun = path_noun[kind], *label = api->xml_attr(e, "label");
	char *id = trimmed(api->xml_attr(e, "id")), *akind = NULL, *level = NULL;
	char *what = NULL, *why = NULL, *herr = NULL, *text = NULL;
	struct rd r = {host, imp, "", 0};
	struct buf given = {0};
	struct path_xy q = {0};
	struct site_loc loc;
	double thickness = 0;
	int offsets = 0, ok = 1, closed, rc;

	if (!id || !*id) {
		api->import_error(imp, e->line, "<%s> has no id", noun);
		goto out;
	}
	what = strf("%s '%s'", noun, id);
	r.what = what;
	rd_claim(&r, e->line, noun, id, site);
	if (kind == PATH_WALL)
		rd_number(&r, e, "thickness", "thickness", 0, 1, 10, 0, &thickness);
	if (kind == PATH_AREA) {
		akind = trimmed(api->xml_attr(e, "kind"));
		level = trimmed(api->xml_attr(e, "level"));
		if (!akind)
			rd_error(&r, e->line, " has no kind");
		else if (name_index(area_kinds, 5, akind) < 0)
			rd_error(&r, e->line,
			         ": unknown kind '%s' (entrance, gate, car-park, playground or "
			         "other)",
			         akind);
		if (!level)
			rd_error(&r, e->line, " has no level");
		else if (cctv_level_from_name(level) < 0)
			rd_error(&r, e->line,
			         ": unknown level '%s' (detection, observation, recognition or "
			         "identification)",
			         level);
	}
	if (site_location(host, site, &loc, &herr)) {
		rd_error(&r, e->line, ": %s", herr ? herr : "its site cannot be read");
		api->free(herr);
		goto out;
	}
	for (size_t i = 0; i < e->n_children; i++) {
		const struct shomer_xml_elem *c = e->children[i];
		struct place p;
		double x, y, lx, ly;

		if (rd_place(&r, c, &p, &given)) {
			ok = 0;
			continue;
		}
		offsets += p.form == 'o';
		if (place_xy(host, &p, &loc, &x, &y, &lx, &ly, &herr)) {
			rd_error(&r, c->line, ": cannot project it: %s",
			         herr ? herr : "PROJ failed");
			api->free(herr);
			herr = NULL;
			ok = 0;
			continue;
		}
		path_xy_add(&q, x, y, lx, ly);
	}
	if (!ok)
		goto out;
	if (kind == PATH_WALL) {
		if (q.n < 2) {
			rd_error(&r, e->line, " has %zu point%s; a wall needs at least 2", q.n,
			         q.n == 1 ? "" : "s");
		} else if (thickness > 0 && (why = wall_problem(q.lx, q.ly, q.n, thickness))) {
			rd_error(&r, e->line, " is not a valid wall: %s%s", why, frame_note(why));
		}
	} else if (q.n < 4) {
		rd_error(&r, e->line,
		         " has %zu point%s; a ring needs at least 4, the last repeating the first",
		         q.n, q.n == 1 ? "" : "s");
	} else {
		closed = hypot(q.lx[q.n - 1] - q.lx[0], q.ly[q.n - 1] - q.ly[0]) < CLOSE_EPS;
		if (!closed)
			rd_error(&r, e->line,
			         " is not closed: its last point must repeat the first");
		else if ((why = ring_problem(q.lx, q.ly, q.n - 1)))
			rd_error(&r, e->line, " is not a valid polygon: %s%s", why,
			         frame_note(why));
	}
	if (r.bad)
		goto out;

	text = path_text(q.x, q.y, kind == PATH_WALL ? q.n : q.n - 1);
	{
		struct shomer_value head[] = {
		        SHOMER_V_TEXT(site),
		        SHOMER_V_TEXT(id),
		        label ? SHOMER_V_TEXT(label) : SHOMER_V_NULL,
		};
		struct shomer_value tail[] = {
		        SHOMER_V_TEXT(given.s),
		        SHOMER_V_INT(offsets),
		        offsets ? SHOMER_V_REAL(loc.x) : SHOMER_V_NULL,
		        offsets ? SHOMER_V_REAL(loc.y) : SHOMER_V_NULL,
		        SHOMER_V_TEXT(text),
		};
		struct shomer_value v[10];
		size_t n = 0;

		for (size_t i = 0; i < 3; i++)
			v[n++] = head[i];
		if (kind == PATH_WALL) {
			v[n++] = SHOMER_V_REAL(thickness);
		} else if (kind == PATH_AREA) {
			v[n++] = SHOMER_V_TEXT(akind);
			v[n++] = SHOMER_V_TEXT(level);
		}
		for (size_t i = 0; i < 5; i++)
			v[n++] = tail[i];
		rd_exec(&r, e->line,
		        kind == PATH_BUILDING ? building_upsert
		        : kind == PATH_WALL   ? wall_upsert
		                              : area_upsert,
		        v, n);
	}
out:
	rc = r.bad || !what ? SHOMER_ERR : SHOMER_OK;
	free(why);
	free(id);
	free(akind);
	free(level);
	free(what);
	free(text);
	free(given.s);
	path_xy_release(&q);
	return rc;
}

/*
 * Whether this process may have rows with places given as offsets: -1 not
 * yet known, 0 none (the tables held none when first asked, inside the
 * command's write transaction, and nothing has been imported since), 1
 * maybe.  It lets the site hook skip every site of an import of sites
 * without cameras (bench-import: 50,000 of them) at no cost.
 */
static int offsets_may_exist = -1;

static int cctv_import(struct shomer_host *host, void *ud, struct shomer_import *imp,
                       const char *site_id, const struct shomer_xml_elem *e)
{
	const struct shomer_api *api = cctv_api;

	(void)ud;
	offsets_may_exist = 1;
	if (strcmp(e->ns, CCTV_NS) != 0)
		return api->import_error(imp, e->line, "element <%s> is not in namespace '%s'",
		                         e->name, CCTV_NS);
	if (strcmp(e->name, "camera") == 0)
		return import_camera(host, imp, site_id, e);
	if (!site_id)
		return api->import_error(imp, e->line,
		                         "<%s> belongs inside a site; a <cameras> document holds "
		                         "only <camera> elements",
		                         e->name);
	if (strcmp(e->name, "building") == 0)
		return import_path(host, imp, site_id, e, PATH_BUILDING);
	if (strcmp(e->name, "wall") == 0)
		return import_path(host, imp, site_id, e, PATH_WALL);
	if (strcmp(e->name, "area") == 0)
		return import_path(host, imp, site_id, e, PATH_AREA);
	if (strcmp(e->name, "cameras") == 0)
		return api->import_error(imp, e->line,
		                         "<cameras> is a document of its own; inside site '%s' "
		                         "put the <camera> elements directly",
		                         site_id);
	return api->import_error(imp, e->line, "unknown element <%s> in namespace '%s'", e->name,
	                         CCTV_NS);
}

/* ------------------------------------------------------------------ */
/* A site moved: the metres of its offsets                             */
/* ------------------------------------------------------------------ */

/* One row whose metres are worked out again. */
struct redo_row {
	char *id, *given;
	double thickness; /* a wall's */
};

struct redo {
	struct redo_row *v;
	size_t n, a;
};

/* id, given, thickness (0 but for walls) */
static int redo_collect(void *ud, int ncols, const struct shomer_value *c)
{
	struct redo *d = ud;
	struct redo_row w = {0};

	if (ncols != 3 || c[0].type != SHOMER_TEXT || c[1].type != SHOMER_TEXT ||
	    num_value(&c[2], &w.thickness))
		return REC_STOP;
	w.id = xstrdup(c[0].u.s);
	w.given = xstrdup(c[1].u.s);
	GROW(d->v, d->n, d->a);
	d->v[d->n++] = w;
	return SHOMER_OK;
}

/* The metres of the places in `given`, and how many are offsets; -1 with
 * *errmsg when malformed or the projection fails. */
static int redo_path(struct shomer_host *host, const struct site_loc *loc, const char *given,
                     struct path_xy *q, size_t *offsets, char **errmsg)
{
	char *copy = xstrdup(given), *why = NULL;
	struct place *pl;
	long n = given_split(copy, &pl);
	int rc = 0;

	*offsets = 0;
	if (n <= 0) {
		free(copy);
		if (errmsg)
			*errmsg = cctv_api->errorf("malformed places '%s' in a cctv table", given);
		return -1;
	}
	for (long i = 0; i < n && rc == 0; i++) {
		double x, y, lx, ly;

		*offsets += pl[i].form == 'o';
		if (place_xy(host, &pl[i], loc, &x, &y, &lx, &ly, &why)) {
			if (errmsg)
				*errmsg = cctv_api->errorf("cannot project %s %s: %s", pl[i].at,
				                           pl[i].bt, why ? why : "PROJ failed");
			cctv_api->free(why);
			rc = -1;
		} else {
			path_xy_add(q, x, y, lx, ly);
		}
	}
	free(pl);
	free(copy);
	return rc;
}

static const char *const redo_table[] = {"cctv_cameras", "cctv_buildings", "cctv_walls",
                                         "cctv_areas"};
static const char *const redo_column[] = {NULL, "ring", "line", "ring"};

/*
 * A path that mixes offsets with points changes shape when the site moves:
 * checks it again.  SHOMER_OK, or SHOMER_ERR with *errmsg.
 */
static int redo_check(int t, const struct redo_row *w, const struct path_xy *q, char **errmsg)
{
	char *why;

	if (t == 2)
		why = wall_problem(q->lx, q->ly, q->n, w->thickness);
	else
		why = ring_problem(q->lx, q->ly, q->n - 1);
	if (!why)
		return SHOMER_OK;
	if (errmsg)
		*errmsg = cctv_api->errorf("%s '%s' mixes points and offsets, and where the site "
		                           "now is it is not a valid %s: %s%s",
		                           path_noun[t - 1], w->id, t == 2 ? "wall" : "polygon",
		                           why, frame_note(why));
	free(why);
	return SHOMER_ERR;
}

/* The rows of table t whose offsets were worked out from another location
 * than the site's (or not at all yet) get their metres again. */
static int redo_table_rows(struct shomer_host *host, const char *site_id,
                           const struct site_loc *loc, int t, char **errmsg)
{
	const struct shomer_api *api = cctv_api;
	struct redo d = {NULL, 0, 0};
	struct shomer_value key[] = {SHOMER_V_TEXT(site_id), SHOMER_V_REAL(loc->x),
	                             SHOMER_V_REAL(loc->y)};
	char sql[300];
	int rc;

	snprintf(sql, sizeof(sql),
	         "SELECT id, given, %s FROM %s WHERE site_id = ? AND offsets > 0 AND "
	         "(origin_x IS NULL OR origin_y IS NULL OR origin_x <> ? OR origin_y <> ?) "
	         "ORDER BY id",
	         t == 2 ? "thickness" : "0", redo_table[t]);
	rc = api->db_query(host, sql, key, 3, redo_collect, &d, errmsg);
	if (rc == REC_STOP && errmsg)
		*errmsg = api->errorf("unexpected row in %s", redo_table[t]);
	for (size_t i = 0; i < d.n && rc == SHOMER_OK; i++) {
		struct redo_row *w = &d.v[i];
		struct path_xy q = {0};
		size_t offsets;
		char *text = NULL;

		if (redo_path(host, loc, w->given, &q, &offsets, errmsg)) {
			rc = SHOMER_ERR;
		} else if (t == 0) {
			struct shomer_value v[] = {SHOMER_V_REAL(q.x[0]),  SHOMER_V_REAL(q.y[0]),
			                           SHOMER_V_REAL(loc->x),  SHOMER_V_REAL(loc->y),
			                           SHOMER_V_TEXT(site_id), SHOMER_V_TEXT(w->id)};
			rc = api->db_exec(host,
			                  "UPDATE cctv_cameras SET x = ?, y = ?, origin_x = ?, "
			                  "origin_y = ? WHERE site_id = ? AND id = ?",
			                  v, 6, errmsg);
		} else if (q.n >= (t == 2 ? 2u : 4u)) {
			struct shomer_value v[] = {SHOMER_V_NULL, SHOMER_V_REAL(loc->x),
			                           SHOMER_V_REAL(loc->y), SHOMER_V_TEXT(site_id),
			                           SHOMER_V_TEXT(w->id)};

			text = path_text(q.x, q.y, t == 2 ? q.n : q.n - 1);
			v[0] = SHOMER_V_TEXT(text);
			if (offsets < q.n)
				rc = redo_check(t, w, &q, errmsg);
			snprintf(sql, sizeof(sql),
			         "UPDATE %s SET %s = ?, origin_x = ?, origin_y = ? "
			         "WHERE site_id = ? AND id = ?",
			         redo_table[t], redo_column[t]);
			if (rc == SHOMER_OK)
				rc = api->db_exec(host, sql, v, 5, errmsg);
		}
		free(text);
		path_xy_release(&q);
	}
	for (size_t i = 0; i < d.n; i++) {
		free(d.v[i].id);
		free(d.v[i].given);
	}
	free(d.v);
	return rc == SHOMER_OK ? SHOMER_OK : SHOMER_ERR;
}

/* Row callback: notes that there was one. */
static int found_row(void *ud, int ncols, const struct shomer_value *cols)
{
	(void)ncols;
	(void)cols;
	*(int *)ud = 1;
	return SHOMER_OK;
}

int cctv_records_site_hook(struct shomer_host *host, void *ud, const char *site_id,
                           enum shomer_site_event ev, char **errmsg)
{
	struct site_loc loc;

	(void)ud;
	if (ev != SHOMER_SITE_UPSERTED)
		return SHOMER_OK; /* a removed site's rows go with it (ON DELETE CASCADE) */
	/* Most sites stored have no place given as an offset (a new site has
	 * no rows yet): one look through the keys, and the site itself is
	 * read only when there is something to work out again. */
	struct shomer_value key = SHOMER_V_TEXT(site_id);
	int any = 0;
	if (offsets_may_exist < 0) {
		if (cctv_api->db_query(
		            host,
		            "SELECT 1 WHERE EXISTS (SELECT 1 FROM cctv_cameras WHERE "
		            "offsets > 0) OR EXISTS (SELECT 1 FROM cctv_buildings WHERE "
		            "offsets > 0) OR EXISTS (SELECT 1 FROM cctv_walls WHERE offsets "
		            "> 0) OR EXISTS (SELECT 1 FROM cctv_areas WHERE offsets > 0)",
		            NULL, 0, found_row, &any, errmsg) != SHOMER_OK)
			return SHOMER_ERR;
		offsets_may_exist = any;
	}
	if (!offsets_may_exist)
		return SHOMER_OK;
	any = 0;
	if (cctv_api->db_query(
	            host,
	            "SELECT 1 WHERE EXISTS (SELECT 1 FROM cctv_cameras WHERE site_id = ?1 "
	            "AND offsets > 0) OR EXISTS (SELECT 1 FROM cctv_buildings WHERE "
	            "site_id = ?1 AND offsets > 0) OR EXISTS (SELECT 1 FROM cctv_walls "
	            "WHERE site_id = ?1 AND offsets > 0) OR EXISTS (SELECT 1 FROM "
	            "cctv_areas WHERE site_id = ?1 AND offsets > 0)",
	            &key, 1, found_row, &any, errmsg) != SHOMER_OK)
		return SHOMER_ERR;
	if (!any)
		return SHOMER_OK;
	if (site_location(host, site_id, &loc, errmsg))
		return SHOMER_ERR;
	for (int t = 0; t < 4; t++) {
		if (redo_table_rows(host, site_id, &loc, t, errmsg) != SHOMER_OK)
			return SHOMER_ERR;
	}
	return SHOMER_OK;
}

/* ------------------------------------------------------------------ */
/* Export                                                              */
/* ------------------------------------------------------------------ */

struct exp {
	struct shomer_xml_out *out;
	const char *what; /* the table, for messages */
	char *why;        /* malloc'd */
};

static int out_attr(struct exp *x, const char *name, const char *value)
{
	return cctv_api->xml_attr_out(x->out, name, value) == SHOMER_OK ? 0 : -1;
}

static int out_num(struct exp *x, const char *name, const struct shomer_value *v)
{
	char s[64];

	if (v->type == SHOMER_INT)
		snprintf(s, sizeof(s), "%lld", (long long)v->u.i);
	else if (v->type == SHOMER_REAL)
		fmt_num(s, v->u.r);
	else
		return -1;
	return out_attr(x, name, s);
}

/* <NAME a1="v[0]" a2="v[1]"/>, or only a1 when a2 is NULL. */
static int out_empty(struct exp *x, const char *name, const char *a1, const char *a2,
                     const struct shomer_value *v)
{
	const struct shomer_api *api = cctv_api;

	if (api->xml_start(x->out, name) != SHOMER_OK || out_num(x, a1, &v[0]) ||
	    (a2 && out_num(x, a2, &v[1])) || api->xml_end(x->out) != SHOMER_OK)
		return -1;
	return 0;
}

/* The places of a given text, as <point> and <offset> elements. */
static int out_places(struct exp *x, const char *given)
{
	const struct shomer_api *api = cctv_api;
	char *copy = xstrdup(given);
	struct place *pl;
	long n = given_split(copy, &pl);
	int rc = n > 0 ? 0 : -1;

	for (long i = 0; i < n && rc == 0; i++) {
		int pt = pl[i].form == 'p';

		if (api->xml_start(x->out, pt ? "point" : "offset") != SHOMER_OK ||
		    out_attr(x, pt ? "lat" : "east", pl[i].at) ||
		    out_attr(x, pt ? "lon" : "north", pl[i].bt) ||
		    api->xml_end(x->out) != SHOMER_OK)
			rc = -1;
	}
	if (n < 0)
		x->why = strf("malformed places '%s' in %s", given, x->what);
	free(pl);
	free(copy);
	return rc;
}

static const char *text_or_null(const struct shomer_value *v)
{
	return v->type == SHOMER_TEXT ? v->u.s : NULL;
}

/* id, label, type, status, given, height, bearing, fov, focal_mm,
 * sensor_mm, pixels, ir_range, note */
static int export_camera(void *ud, int ncols, const struct shomer_value *c)
{
	const struct shomer_api *api = cctv_api;
	struct exp *x = ud;
	const char *label, *type, *status, *note;

	if (ncols != 13 || c[0].type != SHOMER_TEXT || c[4].type != SHOMER_TEXT)
		return REC_STOP;
	label = text_or_null(&c[1]);
	type = text_or_null(&c[2]);
	status = text_or_null(&c[3]);
	note = text_or_null(&c[12]);
	if (api->xml_start(x->out, "camera") != SHOMER_OK || out_attr(x, "id", c[0].u.s) ||
	    (type && strcmp(type, cctv_type_name[CCTV_FIXED]) != 0 && out_attr(x, "type", type)) ||
	    (status && strcmp(status, cctv_status_name[CCTV_WORKING]) != 0 &&
	     out_attr(x, "status", status)) ||
	    (label && out_attr(x, "label", label)) || out_places(x, c[4].u.s) ||
	    out_empty(x, "mount", "height", "bearing", &c[5]))
		return REC_STOP;
	if (c[8].type != SHOMER_NULL && c[9].type != SHOMER_NULL) {
		if (out_empty(x, "lens", "focal-length-mm", "sensor-width-mm", &c[8]))
			return REC_STOP;
	} else if (out_empty(x, "fov", "degrees", NULL, &c[7])) {
		return REC_STOP;
	}
	if (out_empty(x, "resolution", "horizontal", NULL, &c[10]) ||
	    (c[11].type != SHOMER_NULL && out_empty(x, "ir", "range", NULL, &c[11])))
		return REC_STOP;
	if (note && (api->xml_start(x->out, "note") != SHOMER_OK ||
	             api->xml_text(x->out, note) != SHOMER_OK || api->xml_end(x->out) != SHOMER_OK))
		return REC_STOP;
	return api->xml_end(x->out) == SHOMER_OK ? SHOMER_OK : REC_STOP;
}

/* id, label, given; walls: thickness; areas: kind, level */
static int export_path(struct exp *x, const char *name, int ncols, const struct shomer_value *c)
{
	const struct shomer_api *api = cctv_api;
	const char *label;

	if (ncols < 3 || c[0].type != SHOMER_TEXT || c[2].type != SHOMER_TEXT)
		return REC_STOP;
	label = text_or_null(&c[1]);
	if (api->xml_start(x->out, name) != SHOMER_OK || out_attr(x, "id", c[0].u.s))
		return REC_STOP;
	if (ncols == 4 && out_num(x, "thickness", &c[3]))
		return REC_STOP;
	if (ncols == 5 && (c[3].type != SHOMER_TEXT || c[4].type != SHOMER_TEXT ||
	                   out_attr(x, "kind", c[3].u.s) || out_attr(x, "level", c[4].u.s)))
		return REC_STOP;
	if ((label && out_attr(x, "label", label)) || out_places(x, c[2].u.s) ||
	    api->xml_end(x->out) != SHOMER_OK)
		return REC_STOP;
	return SHOMER_OK;
}

static int export_building(void *ud, int ncols, const struct shomer_value *c)
{
	return export_path(ud, "building", ncols, c);
}

static int export_wall(void *ud, int ncols, const struct shomer_value *c)
{
	return export_path(ud, "wall", ncols, c);
}

static int export_area(void *ud, int ncols, const struct shomer_value *c)
{
	return export_path(ud, "area", ncols, c);
}

static int cctv_export_site(struct shomer_host *host, void *ud, struct shomer_xml_out *out,
                            const char *site_id, char **errmsg)
{
	static const struct {
		const char *table, *sql;
		shomer_row_fn fn;
	} parts[] = {
	        {"cctv_cameras",
	         "SELECT id, label, type, status, given, height, bearing, fov, focal_mm, "
	         "sensor_mm, pixels, ir_range, note FROM cctv_cameras WHERE site_id = ? "
	         "ORDER BY id",
	         export_camera},
	        {"cctv_buildings",
	         "SELECT id, label, given FROM cctv_buildings WHERE site_id = ? ORDER BY id",
	         export_building},
	        {"cctv_walls",
	         "SELECT id, label, given, thickness FROM cctv_walls WHERE site_id = ? "
	         "ORDER BY id",
	         export_wall},
	        {"cctv_areas",
	         "SELECT id, label, given, kind, level FROM cctv_areas WHERE site_id = ? "
	         "ORDER BY id",
	         export_area},
	};
	struct shomer_value key = SHOMER_V_TEXT(site_id);

	(void)ud;
	for (size_t i = 0; i < sizeof(parts) / sizeof(parts[0]); i++) {
		struct exp x = {out, parts[i].table, NULL};
		int rc = cctv_api->db_query(host, parts[i].sql, &key, 1, parts[i].fn, &x, errmsg);

		if (rc == REC_STOP && errmsg)
			*errmsg =
			        cctv_api->errorf("cannot write %s of site '%s'%s%s", parts[i].table,
			                         site_id, x.why ? ": " : "", x.why ? x.why : "");
		free(x.why);
		if (rc != SHOMER_OK)
			return SHOMER_ERR;
	}
	return SHOMER_OK;
}

/* Cameras are exported inside their sites, where import puts them, so a
 * <cameras> document of our own has nothing to hold: `shomer export
 * --owner cctv` writes an empty one. */
static int cctv_export_docs(struct shomer_host *host, void *ud, struct shomer_xml_out *out,
                            char **errmsg)
{
	(void)host;
	(void)ud;
	(void)out;
	(void)errmsg;
	return SHOMER_OK;
}

const struct shomer_xml_handler cctv_xml = {
        .size = sizeof(struct shomer_xml_handler),
        .ns = CCTV_NS,
        .xsd = "cctv.xsd",
        .root_name = "cameras",
        .import = cctv_import,
        .export_site = cctv_export_site,
        .export_docs = cctv_export_docs,
        .ud = NULL,
};

/* ------------------------------------------------------------------ */
/* Scenes                                                              */
/* ------------------------------------------------------------------ */

/* Consecutive rows of one site in one table: items [start, start + count). */
struct run {
	char *site_id;
	size_t start, count;
	int taken; /* the items went into a scene */
};

struct runs {
	struct run *v;
	size_t n, a, next;
};

/* Every row of the four tables that is wanted, in (site_id, id) order. */
struct load {
	struct runs rc, rb, rw, ra;
	struct cctv_camera *cams;
	size_t n_cams, a_cams;
	struct cctv_building *blds;
	size_t n_blds, a_blds;
	struct cctv_wall *walls;
	size_t n_walls, a_walls;
	struct cctv_area *areas;
	size_t n_areas, a_areas;
	char *why; /* malloc'd: what was wrong with a row */
	/* while calling back */
	int all; /* only the sites with records */
	cctv_scene_fn cb;
	void *ud;
	int failed;
};

static void runs_note(struct runs *r, const char *site_id, size_t index)
{
	if (r->n && strcmp(r->v[r->n - 1].site_id, site_id) == 0) {
		r->v[r->n - 1].count++;
		return;
	}
	GROW(r->v, r->n, r->a);
	r->v[r->n++] = (struct run){xstrdup(site_id), index, 1, 0};
}

/* The run of site `id`, if any: *start and *count (0 when none). */
static void runs_take(struct runs *r, const char *id, size_t *start, size_t *count)
{
	int c = 1;

	*start = *count = 0;
	while (r->next < r->n && (c = strcmp(r->v[r->next].site_id, id)) < 0)
		r->next++;
	if (r->next < r->n && c == 0) {
		struct run *u = &r->v[r->next++];

		u->taken = 1;
		*start = u->start;
		*count = u->count;
	}
}

static int load_fail(struct load *L, const char *site, const char *what, const char *id)
{
	if (!L->why)
		L->why = strf("%s '%s' of site '%s' is malformed in the database", what, id, site);
	return REC_STOP;
}

/* site_id, id, x, y, height, bearing, fov, pixels, type, status, ir_range */
static int load_camera(void *ud, int ncols, const struct shomer_value *c)
{
	struct load *L = ud;
	struct cctv_camera k = {0};
	double pixels, range = 0;
	int type, status;

	if (ncols != 11 || c[0].type != SHOMER_TEXT || c[1].type != SHOMER_TEXT)
		return load_fail(L, "?", "camera", "?");
	type = c[8].type == SHOMER_TEXT ? name_index(cctv_type_name, 2, c[8].u.s) : -1;
	status = c[9].type == SHOMER_TEXT ? name_index(cctv_status_name, 3, c[9].u.s) : -1;
	if (num_value(&c[2], &k.x) || num_value(&c[3], &k.y) || num_value(&c[4], &k.height) ||
	    num_value(&c[5], &k.bearing) || num_value(&c[6], &k.fov) || num_value(&c[7], &pixels) ||
	    type < 0 || status < 0 || (c[10].type != SHOMER_NULL && num_value(&c[10], &range)))
		return load_fail(L, c[0].u.s, "camera", c[1].u.s);
	k.id = xstrdup(c[1].u.s);
	k.pixels = (long)pixels;
	k.type = (enum cctv_type)type;
	k.status = (enum cctv_status)status;
	k.ir_range = range;
	GROW(L->cams, L->n_cams, L->a_cams);
	runs_note(&L->rc, c[0].u.s, L->n_cams);
	L->cams[L->n_cams++] = k;
	return SHOMER_OK;
}

/* site_id, id, ring */
static int load_building(void *ud, int ncols, const struct shomer_value *c)
{
	struct load *L = ud;
	struct cctv_building b = {0};

	if (ncols != 3 || c[0].type != SHOMER_TEXT || c[1].type != SHOMER_TEXT)
		return load_fail(L, "?", "building", "?");
	if (c[2].type != SHOMER_TEXT || path_parse(c[2].u.s, &b.ring))
		return load_fail(L, c[0].u.s, "building", c[1].u.s);
	b.id = xstrdup(c[1].u.s);
	GROW(L->blds, L->n_blds, L->a_blds);
	runs_note(&L->rb, c[0].u.s, L->n_blds);
	L->blds[L->n_blds++] = b;
	return SHOMER_OK;
}

/* site_id, id, line, thickness */
static int load_wall(void *ud, int ncols, const struct shomer_value *c)
{
	struct load *L = ud;
	struct cctv_wall w = {0};

	if (ncols != 4 || c[0].type != SHOMER_TEXT || c[1].type != SHOMER_TEXT)
		return load_fail(L, "?", "wall", "?");
	if (c[2].type != SHOMER_TEXT || num_value(&c[3], &w.thickness) ||
	    path_parse(c[2].u.s, &w.line))
		return load_fail(L, c[0].u.s, "wall", c[1].u.s);
	w.id = xstrdup(c[1].u.s);
	GROW(L->walls, L->n_walls, L->a_walls);
	runs_note(&L->rw, c[0].u.s, L->n_walls);
	L->walls[L->n_walls++] = w;
	return SHOMER_OK;
}

/* site_id, id, kind, label, level, ring */
static int load_area(void *ud, int ncols, const struct shomer_value *c)
{
	struct load *L = ud;
	struct cctv_area a = {0};
	int level;

	if (ncols != 6 || c[0].type != SHOMER_TEXT || c[1].type != SHOMER_TEXT)
		return load_fail(L, "?", "area", "?");
	level = c[4].type == SHOMER_TEXT ? cctv_level_from_name(c[4].u.s) : -1;
	if (c[2].type != SHOMER_TEXT || level < 0 || c[5].type != SHOMER_TEXT ||
	    path_parse(c[5].u.s, &a.ring))
		return load_fail(L, c[0].u.s, "area", c[1].u.s);
	a.id = xstrdup(c[1].u.s);
	a.kind = xstrdup(c[2].u.s);
	a.label = c[3].type == SHOMER_TEXT ? xstrdup(c[3].u.s) : NULL;
	a.level = (enum cctv_level)level;
	GROW(L->areas, L->n_areas, L->a_areas);
	runs_note(&L->ra, c[0].u.s, L->n_areas);
	L->areas[L->n_areas++] = a;
	return SHOMER_OK;
}

static const struct {
	const char *cols, *table;
	shomer_row_fn fn;
} load_parts[] = {
        {"site_id, id, x, y, height, bearing, fov, pixels, type, status, ir_range", "cctv_cameras",
         load_camera},
        {"site_id, id, ring", "cctv_buildings", load_building},
        {"site_id, id, line, thickness", "cctv_walls", load_wall},
        {"site_id, id, kind, label, level, ring", "cctv_areas", load_area},
};

/* Rows of every site (site_id NULL) or of one, appended in order. */
static int load_rows(struct shomer_host *host, struct load *L, const char *site_id, char **errmsg)
{
	struct shomer_value key = SHOMER_V_TEXT(site_id);
	char sql[300];

	for (size_t i = 0; i < sizeof(load_parts) / sizeof(load_parts[0]); i++) {
		int rc;

		snprintf(sql, sizeof(sql), "SELECT %s FROM %s%s ORDER BY site_id, id",
		         load_parts[i].cols, load_parts[i].table,
		         site_id ? " WHERE site_id = ?" : "");
		rc = cctv_api->db_query(host, sql, &key, site_id ? 1 : 0, load_parts[i].fn, L,
		                        errmsg);
		if (rc == REC_STOP && errmsg)
			*errmsg = cctv_api->errorf("%s", L->why ? L->why : "unexpected row");
		if (rc != SHOMER_OK)
			return SHOMER_ERR;
	}
	return SHOMER_OK;
}

/* Moves count items from `from` (elements of size `size`) into a new array. */
static void *take_items(const void *from, size_t start, size_t count, size_t size)
{
	void *v;

	if (!count)
		return NULL;
	v = xrealloc(NULL, count * size);
	memcpy(v, (const char *)from + start * size, count * size);
	return v;
}

static int scene_site(void *ud, const struct shomer_site *site, double dist)
{
	struct load *L = ud;
	struct cctv_scene s;
	size_t c0, nc, b0, nb, w0, nw, a0, na;
	int kept = 0, rc;

	(void)dist;
	runs_take(&L->rc, site->id, &c0, &nc);
	runs_take(&L->rb, site->id, &b0, &nb);
	runs_take(&L->rw, site->id, &w0, &nw);
	runs_take(&L->ra, site->id, &a0, &na);
	if (L->all && !nc && !nb && !nw && !na)
		return SHOMER_OK;
	memset(&s, 0, sizeof(s));
	s.site_id = xstrdup(site->id);
	s.site_x = site->x;
	s.site_y = site->y;
	if (site->n_perimeter) {
		s.perimeter.n = site->n_perimeter;
		s.perimeter.x = xrealloc(NULL, site->n_perimeter * sizeof(double));
		s.perimeter.y = xrealloc(NULL, site->n_perimeter * sizeof(double));
		for (size_t i = 0; i < site->n_perimeter; i++) {
			s.perimeter.x[i] = site->perimeter[i].x;
			s.perimeter.y[i] = site->perimeter[i].y;
		}
	}
	s.cameras = take_items(L->cams, c0, nc, sizeof(*L->cams));
	s.n_cameras = nc;
	s.buildings = take_items(L->blds, b0, nb, sizeof(*L->blds));
	s.n_buildings = nb;
	s.walls = take_items(L->walls, w0, nw, sizeof(*L->walls));
	s.n_walls = nw;
	s.areas = take_items(L->areas, a0, na, sizeof(*L->areas));
	s.n_areas = na;
	rc = L->cb(L->ud, site, &s, &kept);
	if (!kept)
		cctv_scene_release(&s);
	return rc;
}

/* Frees the runs and every item no scene took. */
static void load_release(struct load *L)
{
	struct runs *all[] = {&L->rc, &L->rb, &L->rw, &L->ra};

	for (int t = 0; t < 4; t++) {
		struct runs *r = all[t];

		for (size_t i = 0; i < r->n; i++) {
			struct run *u = &r->v[i];

			for (size_t k = u->start; !u->taken && k < u->start + u->count; k++) {
				if (t == 0) {
					free(L->cams[k].id);
				} else if (t == 1) {
					free(L->blds[k].id);
					free(L->blds[k].ring.x);
					free(L->blds[k].ring.y);
				} else if (t == 2) {
					free(L->walls[k].id);
					free(L->walls[k].line.x);
					free(L->walls[k].line.y);
				} else {
					free(L->areas[k].id);
					free(L->areas[k].kind);
					free(L->areas[k].label);
					free(L->areas[k].ring.x);
					free(L->areas[k].ring.y);
				}
			}
			free(u->site_id);
		}
		free(r->v);
	}
	free(L->cams);
	free(L->blds);
	free(L->walls);
	free(L->areas);
	free(L->why);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int no_site_cb(void *ud, const struct shomer_site *site, double dist)
{
	(void)ud;
	(void)site;
	(void)dist;
	return SHOMER_OK;
}

/* Up to this many named sites, each site's rows are read on their own;
 * beyond, every row is read once and those of other sites are dropped. */
#define FEW_SITES 64

int cctv_scenes_load(struct shomer_host *host, const char *const *ids, size_t n_ids,
                     cctv_scene_fn cb, void *ud, char **errmsg)
{
	const struct shomer_api *api = cctv_api;
	struct load L;
	const char **sorted = NULL;
	size_t n = 0;
	int rc = SHOMER_OK;

	memset(&L, 0, sizeof(L));
	L.cb = cb;
	L.ud = ud;
	L.all = n_ids == 0;
	if (n_ids) {
		/* in site id order, once each, every one known before any work */
		sorted = xrealloc(NULL, n_ids * sizeof(*sorted));
		memcpy(sorted, ids, n_ids * sizeof(*sorted));
		qsort(sorted, n_ids, sizeof(*sorted), cmp_str);
		for (size_t i = 0; i < n_ids; i++) {
			if (n && strcmp(sorted[n - 1], sorted[i]) == 0)
				continue;
			sorted[n++] = sorted[i];
		}
		for (size_t i = 0; i < n && rc == SHOMER_OK; i++)
			rc = api->site_get(host, sorted[i], no_site_cb, NULL, errmsg);
	}
	if (rc == SHOMER_OK && n && n <= FEW_SITES) {
		for (size_t i = 0; i < n && rc == SHOMER_OK; i++)
			rc = load_rows(host, &L, sorted[i], errmsg);
	} else if (rc == SHOMER_OK) {
		rc = load_rows(host, &L, NULL, errmsg);
	}
	if (rc == SHOMER_OK && n) {
		for (size_t i = 0; i < n && rc == SHOMER_OK; i++)
			rc = api->site_get(host, sorted[i], scene_site, &L, errmsg);
	} else if (rc == SHOMER_OK) {
		rc = api->site_foreach(host, NULL, scene_site, &L, errmsg);
	}
	load_release(&L);
	free(sorted);
	return rc;
}
