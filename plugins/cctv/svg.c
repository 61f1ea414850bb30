/*
 * svg.c - see svg.h.
 */
#include "svg.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/xmlwriter.h>

#include "out.h"

#include "banned.h"

/* Layout, in pixels. */
#define MAP_PX   800.0 /* the longer side of the site */
#define MARGIN   20.0
#define TITLE_H  68.0
#define SCALE_H  34.0
#define LEGEND_H 96.0
#define MIN_W    640.0
#define BAR_MAX  200.0 /* the scale bar is at most this long */

/* Blues from light to dark: detection lightest (ColorBrewer "Blues"). */
static const char *const level_fill[CCTV_N_LEVELS] = {"#deebf7", "#9ecae1", "#4292c6", "#08519c"};

#define GROUND_FILL      "#f4f4ef"
#define BLIND_COLOUR     "#d62728"
#define COVERED_COLOUR   "#1a9850"
#define UNCOVERED_COLOUR "#d73027"
#define BUILDING_FILL    "#9e9e9e"
#define BUILDING_STROKE  "#5f5f5f"
#define WALL_COLOUR      "#3b3b3b"
#define HATCH_ID         "blind-hatch"

struct draw {
	xmlTextWriterPtr w;
	int err;           /* an xmlTextWriter call or an allocation failed */
	double scale;      /* pixels a metre */
	double minx, maxy; /* the map's top-left corner, metres */
	double ox, oy;     /* where that corner is drawn, pixels */
	double map_w, map_h;
	double width, height; /* of the whole drawing */
	char *path;           /* SVG path data being built */
	size_t path_n, path_cap;
};

struct box {
	int any;
	double minx, miny, maxx, maxy;
};

/* ---- the writer, with one error flag instead of a check per call ---- */

static void start(struct draw *d, const char *name)
{
	if (!d->err && xmlTextWriterStartElement(d->w, BAD_CAST name) < 0)
		d->err = 1;
}

static void end(struct draw *d)
{
	if (!d->err && xmlTextWriterEndElement(d->w) < 0)
		d->err = 1;
}

static void attr(struct draw *d, const char *name, const char *value)
{
	if (!d->err && xmlTextWriterWriteAttribute(d->w, BAD_CAST name, BAD_CAST value) < 0)
		d->err = 1;
}

static void attrf(struct draw *d, const char *name, const char *fmt, ...) SHOMER_PRINTF(3, 4);

static void attrf(struct draw *d, const char *name, const char *fmt, ...)
{
	char buf[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	attr(d, name, buf);
}

static void text(struct draw *d, const char *s)
{
	if (!d->err && xmlTextWriterWriteString(d->w, BAD_CAST s) < 0)
		d->err = 1;
}

/* <text x y ...>s</text>, with a white halo so that it reads over shading */
static void label(struct draw *d, double x, double y, double size, const char *anchor,
                  const char *weight, const char *s)
{
	start(d, "text");
	attrf(d, "x", "%.1f", x);
	attrf(d, "y", "%.1f", y);
	attrf(d, "font-size", "%.0f", size);
	if (anchor)
		attr(d, "text-anchor", anchor);
	if (weight)
		attr(d, "font-weight", weight);
	text(d, s);
	end(d);
}

/* About how wide 11-pixel sans-serif text is: labels are kept inside the
 * drawing with it. */
static double text_width(const char *s)
{
	return 6.2 * (double)strlen(s);
}

static void halo_label(struct draw *d, double x, double y, const char *anchor, const char *s)
{
	start(d, "text");
	attrf(d, "x", "%.1f", x);
	attrf(d, "y", "%.1f", y);
	attr(d, "font-size", "11");
	attr(d, "text-anchor", anchor);
	attr(d, "stroke", "#ffffff");
	attr(d, "stroke-width", "3");
	attr(d, "paint-order", "stroke");
	text(d, s);
	end(d);
}

/* ---- metres to pixels, north up ---- */

static double px(const struct draw *d, double x)
{
	return d->ox + (x - d->minx) * d->scale;
}

static double py(const struct draw *d, double y)
{
	return d->oy + (d->maxy - y) * d->scale;
}

/* ---- path data ---- */

static void path_add(struct draw *d, const char *fmt, ...) SHOMER_PRINTF(2, 3);

static void path_add(struct draw *d, const char *fmt, ...)
{
	char buf[64];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n < 0 || d->err)
		return;
	if (d->path_n + (size_t)n + 1 > d->path_cap) {
		size_t cap = d->path_cap ? d->path_cap * 2 : 1024;
		char *p;
		while (cap < d->path_n + (size_t)n + 1)
			cap *= 2;
		p = realloc(d->path, cap);
		if (!p) {
			d->err = 1;
			return;
		}
		d->path = p;
		d->path_cap = cap;
	}
	memcpy(d->path + d->path_n, buf, (size_t)n + 1);
	d->path_n += (size_t)n;
}

static void path_reset(struct draw *d)
{
	d->path_n = 0;
	if (d->path)
		d->path[0] = '\0';
}

static void path_points(struct draw *d, const double *x, const double *y, size_t n, int closed)
{
	for (size_t i = 0; i < n; i++)
		path_add(d, "%s%.2f %.2f", i ? "L" : "M", px(d, x[i]), py(d, y[i]));
	if (closed && n)
		path_add(d, "Z");
}

static void path_shape(struct draw *d, const struct cctv_out_shape *sh)
{
	for (size_t i = 0; i < sh->n; i++)
		for (size_t k = 0; k < sh->polys[i].n_rings; k++) {
			const struct cctv_path *r = &sh->polys[i].rings[k];
			path_points(d, r->x, r->y, r->n, 1);
		}
}

/* Writes the path built so far as <path d=...> with its style; nothing
 * when it is empty. */
static void path_emit(struct draw *d, const char *fill, const char *stroke, double width,
                      const char *dash)
{
	if (d->err || !d->path_n)
		return;
	start(d, "path");
	attr(d, "d", d->path);
	attr(d, "fill", fill);
	attr(d, "fill-rule", "evenodd");
	if (stroke) {
		attr(d, "stroke", stroke);
		attrf(d, "stroke-width", "%.2f", width);
		attr(d, "stroke-linejoin", "round");
	}
	if (dash)
		attr(d, "stroke-dasharray", dash);
	end(d);
}

/* ---- bounds ---- */

static void box_add(struct box *b, double x, double y)
{
	if (!isfinite(x) || !isfinite(y))
		return;
	if (!b->any) {
		b->minx = b->maxx = x;
		b->miny = b->maxy = y;
		b->any = 1;
		return;
	}
	b->minx = fmin(b->minx, x);
	b->maxx = fmax(b->maxx, x);
	b->miny = fmin(b->miny, y);
	b->maxy = fmax(b->maxy, y);
}

static void box_path(struct box *b, const struct cctv_path *p)
{
	for (size_t i = 0; i < p->n; i++)
		box_add(b, p->x[i], p->y[i]);
}

static void box_geom(GEOSContextHandle_t g, struct box *b, const GEOSGeometry *geom)
{
	double x0, y0, x1, y1;

	if (!geom || GEOSisEmpty_r(g, geom) != 0)
		return;
	if (GEOSGeom_getXMin_r(g, geom, &x0) && GEOSGeom_getYMin_r(g, geom, &y0) &&
	    GEOSGeom_getXMax_r(g, geom, &x1) && GEOSGeom_getYMax_r(g, geom, &y1)) {
		box_add(b, x0, y0);
		box_add(b, x1, y1);
	}
}

/* What the drawing must hold: the site, and what its cameras see beyond
 * it when it has no perimeter to clip their views. */
static void site_box(GEOSContextHandle_t g, const struct cctv_scene *s,
                     const struct cctv_coverage *c, struct box *b)
{
	memset(b, 0, sizeof(*b));
	box_path(b, &s->perimeter);
	for (size_t i = 0; i < s->n_buildings; i++)
		box_path(b, &s->buildings[i].ring);
	for (size_t i = 0; i < s->n_walls; i++)
		box_path(b, &s->walls[i].line);
	for (size_t i = 0; i < s->n_areas; i++)
		box_path(b, &s->areas[i].ring);
	for (size_t i = 0; i < s->n_cameras; i++)
		box_add(b, s->cameras[i].x, s->cameras[i].y);
	for (int l = 0; l < CCTV_N_LEVELS; l++)
		box_geom(g, b, c->union_view[l]);
	if (!b->any)
		box_add(b, s->site_x, s->site_y);
}

/* Pads the box and scales it so that its longer side is MAP_PX. */
static void fit(struct draw *d, struct box *b)
{
	double w = b->maxx - b->minx, h = b->maxy - b->miny;
	double pad = fmax(2.0, 0.04 * fmax(w, h));

	b->minx -= pad;
	b->maxx += pad;
	b->miny -= pad;
	b->maxy += pad;
	/* at least 10 m each way, so that a lone camera is not drawn huge */
	w = b->maxx - b->minx;
	h = b->maxy - b->miny;
	if (w < 10) {
		b->minx -= (10 - w) / 2;
		b->maxx += (10 - w) / 2;
		w = 10;
	}
	if (h < 10) {
		b->miny -= (10 - h) / 2;
		b->maxy += (10 - h) / 2;
		h = 10;
	}
	d->scale = MAP_PX / fmax(w, h);
	d->minx = b->minx;
	d->maxy = b->maxy;
	d->map_w = w * d->scale;
	d->map_h = h * d->scale;
	d->ox = MARGIN;
	d->oy = TITLE_H + 8;
	d->width = ceil(fmax(d->map_w, MIN_W) + 2 * MARGIN);
	d->height = ceil(d->oy + d->map_h + SCALE_H + LEGEND_H);
}

/* ---- the layers ---- */

static void defs(struct draw *d)
{
	start(d, "defs");
	start(d, "pattern");
	attr(d, "id", HATCH_ID);
	attr(d, "patternUnits", "userSpaceOnUse");
	attr(d, "width", "7");
	attr(d, "height", "7");
	attr(d, "patternTransform", "rotate(45)");
	start(d, "rect");
	attr(d, "width", "7");
	attr(d, "height", "7");
	attr(d, "fill", "#ffffff");
	attr(d, "fill-opacity", "0.55");
	end(d);
	start(d, "line");
	attr(d, "x1", "2");
	attr(d, "y1", "0");
	attr(d, "x2", "2");
	attr(d, "y2", "7");
	attr(d, "stroke", BLIND_COLOUR);
	attr(d, "stroke-width", "2");
	end(d);
	end(d); /* pattern */
	end(d); /* defs */
}

static void draw_perimeter(struct draw *d, const struct cctv_scene *s)
{
	path_reset(d);
	path_points(d, s->perimeter.x, s->perimeter.y, s->perimeter.n, 1);
	path_emit(d, GROUND_FILL, "#000000", 2.0, NULL);
}

/* One GEOS geometry as a filled path; the tolerance drops points closer
 * than a quarter of a pixel to the outline. */
static int draw_geom(GEOSContextHandle_t g, struct draw *d, const GEOSGeometry *geom,
                     const char *fill, const char *stroke, double width)
{
	struct cctv_out_shape sh;

	if (!geom)
		return 0;
	if (cctv_out_shape_from_geos(g, geom, 0.25 / d->scale, &sh))
		return -1;
	path_reset(d);
	path_shape(d, &sh);
	path_emit(d, fill, stroke, width, NULL);
	cctv_out_shape_release(&sh);
	return 0;
}

/* Lowest level first: each better level is drawn over the one below. */
static int draw_views(GEOSContextHandle_t g, struct draw *d, const struct cctv_scene *s,
                      const struct cctv_coverage *c)
{
	for (int l = 0; l < CCTV_N_LEVELS; l++) {
		if (c->union_view[l]) {
			if (draw_geom(g, d, c->union_view[l], level_fill[l], NULL, 0))
				return -1;
			continue;
		}
		/* no union kept: each working camera's own view, the same look */
		for (size_t i = 0; i < c->n_cams && i < s->n_cameras; i++)
			if (s->cameras[i].status == CCTV_WORKING &&
			    draw_geom(g, d, c->cams[i].view[l], level_fill[l], NULL, 0))
				return -1;
	}
	return 0;
}

static int draw_blind(GEOSContextHandle_t g, struct draw *d, const struct cctv_coverage *c)
{
	for (size_t i = 0; i < c->n_blind; i++)
		if (draw_geom(g, d, c->blind[i].geom, "url(#" HATCH_ID ")", BLIND_COLOUR, 1.0))
			return -1;
	return 0;
}

static void draw_buildings(struct draw *d, const struct cctv_scene *s)
{
	for (size_t i = 0; i < s->n_buildings; i++) {
		const struct cctv_path *r = &s->buildings[i].ring;
		path_reset(d);
		path_points(d, r->x, r->y, r->n, 1);
		path_emit(d, BUILDING_FILL, BUILDING_STROKE, 1.0, NULL);
	}
}

static void draw_walls(struct draw *d, const struct cctv_scene *s)
{
	for (size_t i = 0; i < s->n_walls; i++) {
		const struct cctv_wall *w = &s->walls[i];
		path_reset(d);
		path_points(d, w->line.x, w->line.y, w->line.n, 0);
		if (d->err || !d->path_n)
			continue;
		start(d, "path");
		attr(d, "d", d->path);
		attr(d, "fill", "none");
		attr(d, "stroke", WALL_COLOUR);
		attrf(d, "stroke-width", "%.2f", fmax(1.5, w->thickness * d->scale));
		attr(d, "stroke-linecap", "butt");
		attr(d, "stroke-linejoin", "miter");
		end(d);
	}
}

/* The mean of a ring's points: where its label goes. */
static void ring_middle(const struct cctv_path *r, double *x, double *y)
{
	double sx = 0, sy = 0;

	for (size_t i = 0; i < r->n; i++) {
		sx += r->x[i];
		sy += r->y[i];
	}
	*x = r->n ? sx / (double)r->n : 0;
	*y = r->n ? sy / (double)r->n : 0;
}

static void draw_areas(struct draw *d, const struct cctv_scene *s, const struct cctv_coverage *c)
{
	for (size_t i = 0; i < s->n_areas; i++) {
		const struct cctv_area *a = &s->areas[i];
		const struct cctv_aoi_cover *ac = i < c->n_aoi ? &c->aoi[i] : NULL;
		int covered = ac && ac->covered;
		const char *name = a->label && *a->label ? a->label : a->id;
		const char *level =
		        a->level >= 0 && a->level < CCTV_N_LEVELS ? cctv_level_name[a->level] : "?";
		char buf[320];
		double x, y;

		path_reset(d);
		path_points(d, a->ring.x, a->ring.y, a->ring.n, 1);
		path_emit(d, "none", covered ? COVERED_COLOUR : UNCOVERED_COLOUR, 2.0, "6 3");
		if (!ac)
			snprintf(buf, sizeof(buf), "%s (%s)", name, level);
		else if (covered)
			snprintf(buf, sizeof(buf), "%s (%s): covered", name, level);
		else
			snprintf(buf, sizeof(buf), "%s (%s): not covered, %.0f%% seen", name, level,
			         100 * ac->share);
		ring_middle(&a->ring, &x, &y);
		/* centred on the area, but never past the drawing's edges */
		x = fmin(fmax(px(d, x), MARGIN + text_width(buf) / 2),
		         d->width - MARGIN - text_width(buf) / 2);
		halo_label(d, x, py(d, y), "middle", buf);
	}
}

static void draw_cameras(struct draw *d, const struct cctv_scene *s)
{
	for (size_t i = 0; i < s->n_cameras; i++) {
		const struct cctv_camera *cam = &s->cameras[i];
		double x = px(d, cam->x), y = py(d, cam->y), b = cam->bearing * M_PI / 180;
		const char *colour = cam->status == CCTV_FAULTY ? BLIND_COLOUR : "#000000";
		char buf[160];
		double dy = -7;

		/* cameras on one mount: their labels one under the other */
		for (size_t k = 0; k < i; k++)
			if (fabs(px(d, s->cameras[k].x) - x) < 6 &&
			    fabs(py(d, s->cameras[k].y) - y) < 6)
				dy -= 13;
		if (cam->type == CCTV_FIXED) {
			/* a tick the way it points (bearing clockwise from north) */
			start(d, "line");
			attrf(d, "x1", "%.2f", x);
			attrf(d, "y1", "%.2f", y);
			attrf(d, "x2", "%.2f", x + 14 * sin(b));
			attrf(d, "y2", "%.2f", y - 14 * cos(b));
			attr(d, "stroke", colour);
			attr(d, "stroke-width", "2");
			end(d);
		}
		start(d, "circle");
		attrf(d, "cx", "%.2f", x);
		attrf(d, "cy", "%.2f", y);
		attr(d, "r", cam->type == CCTV_PTZ ? "5" : "4");
		attr(d, "fill", cam->status == CCTV_PLANNED ? "#ffffff" : colour);
		attr(d, "stroke", colour);
		attr(d, "stroke-width", "1.5");
		end(d);
		snprintf(buf, sizeof(buf), "%s%s", cam->id ? cam->id : "?",
		         cam->status == CCTV_FAULTY    ? " (faulty)"
		         : cam->status == CCTV_PLANNED ? " (planned)"
		                                       : "");
		if (x + 7 + text_width(buf) > d->width - MARGIN)
			halo_label(d, x - 7, y + dy, "end", buf);
		else
			halo_label(d, x + 7, y + dy, "start", buf);
	}
}

/* In the title band, at the right: the map itself stays clear. */
static void draw_north(struct draw *d)
{
	double x = d->width - MARGIN - 10, y = 10;

	start(d, "path");
	attrf(d, "d", "M%.1f %.1fL%.1f %.1fL%.1f %.1fZ", x, y, x - 7, y + 20, x + 7, y + 20);
	attr(d, "fill", "#000000");
	end(d);
	label(d, x, y + 34, 12, "middle", "bold", "N");
}

/* A bar of a round number of metres (1, 2 or 5 times a power of ten), as
 * long as fits in BAR_MAX pixels. */
static void draw_scale(struct draw *d, double y)
{
	double raw = BAR_MAX / d->scale, p = pow(10, floor(log10(raw))), len = p, w;
	static const double steps[] = {5, 2, 1};
	char buf[32];

	for (size_t i = 0; i < 3; i++)
		if (steps[i] * p <= raw) {
			len = steps[i] * p;
			break;
		}
	w = len * d->scale;
	start(d, "path");
	attrf(d, "d", "M%.1f %.1fV%.1fH%.1fV%.1f", d->ox, y - 5, y, d->ox + w, y - 5);
	attr(d, "fill", "none");
	attr(d, "stroke", "#000000");
	attr(d, "stroke-width", "2");
	end(d);
	snprintf(buf, sizeof(buf), "%g m", len);
	label(d, d->ox + w + 8, y + 1, 12, NULL, NULL, buf);
}

static void swatch(struct draw *d, double x, double y, const char *fill, const char *stroke,
                   const char *dash)
{
	start(d, "rect");
	attrf(d, "x", "%.1f", x);
	attrf(d, "y", "%.1f", y - 11);
	attr(d, "width", "18");
	attr(d, "height", "12");
	attr(d, "fill", fill);
	if (stroke) {
		attr(d, "stroke", stroke);
		attr(d, "stroke-width", dash ? "2" : "1");
	}
	if (dash)
		attr(d, "stroke-dasharray", "4 2");
	end(d);
}

static void dot(struct draw *d, double x, double y, const char *fill, const char *stroke)
{
	start(d, "circle");
	attrf(d, "cx", "%.1f", x + 9);
	attrf(d, "cy", "%.1f", y - 5);
	attr(d, "r", "4");
	attr(d, "fill", fill);
	attr(d, "stroke", stroke);
	attr(d, "stroke-width", "1.5");
	end(d);
}

static void draw_legend(struct draw *d, double y0)
{
	double x1 = MARGIN, x2 = MARGIN + 220, x3 = MARGIN + 400, row = 21;
	char buf[64];

	start(d, "g");
	attr(d, "id", "legend");
	attr(d, "font-size", "12");
	for (int l = 0; l < CCTV_N_LEVELS; l++) {
		double y = y0 + row * l;
		swatch(d, x1, y, level_fill[l], "#777777", NULL);
		snprintf(buf, sizeof(buf), "%s (%g px/m)", cctv_level_name[l], cctv_level_ppm[l]);
		label(d, x1 + 26, y, 12, NULL, NULL, buf);
	}
	swatch(d, x2, y0, "url(#" HATCH_ID ")", BLIND_COLOUR, NULL);
	label(d, x2 + 26, y0, 12, NULL, NULL, "blind spot");
	swatch(d, x2, y0 + row, BUILDING_FILL, BUILDING_STROKE, NULL);
	label(d, x2 + 26, y0 + row, 12, NULL, NULL, "building");
	start(d, "line");
	attrf(d, "x1", "%.1f", x2);
	attrf(d, "y1", "%.1f", y0 + 2 * row - 5);
	attrf(d, "x2", "%.1f", x2 + 18);
	attrf(d, "y2", "%.1f", y0 + 2 * row - 5);
	attr(d, "stroke", WALL_COLOUR);
	attr(d, "stroke-width", "3");
	end(d);
	label(d, x2 + 26, y0 + 2 * row, 12, NULL, NULL, "wall");
	swatch(d, x2, y0 + 3 * row, GROUND_FILL, "#000000", NULL);
	label(d, x2 + 26, y0 + 3 * row, 12, NULL, NULL, "site (perimeter)");
	dot(d, x3, y0, "#000000", "#000000");
	label(d, x3 + 26, y0, 12, NULL, NULL, "camera (tick: bearing)");
	dot(d, x3, y0 + row, BLIND_COLOUR, BLIND_COLOUR);
	label(d, x3 + 26, y0 + row, 12, NULL, NULL, "faulty camera (not counted)");
	swatch(d, x3, y0 + 2 * row, "none", COVERED_COLOUR, "dash");
	label(d, x3 + 26, y0 + 2 * row, 12, NULL, NULL, "area of interest: covered");
	swatch(d, x3, y0 + 3 * row, "none", UNCOVERED_COLOUR, "dash");
	label(d, x3 + 26, y0 + 3 * row, 12, NULL, NULL, "area of interest: not covered");
	end(d);
}

static void draw_title(struct draw *d, const struct cctv_scene *s, const struct cctv_coverage *c)
{
	char buf[512];
	size_t n = 0;

	snprintf(buf, sizeof(buf), "CCTV coverage: %s", s->site_id ? s->site_id : "?");
	label(d, MARGIN, 22, 16, NULL, "bold", buf);
	if (!c->has_perimeter) {
		label(d, MARGIN, 42, 12, NULL, NULL,
		      "no perimeter: the site's shares cannot be computed");
		return;
	}
	for (int l = 0; l < CCTV_N_LEVELS && n < sizeof(buf); l++)
		n += (size_t)snprintf(buf + n, sizeof(buf) - n, "%s%s %.1f%%", l ? ", " : "",
		                      cctv_level_name[l], 100 * c->share[l]);
	label(d, MARGIN, 42, 12, NULL, NULL, buf);
	n = (size_t)snprintf(buf, sizeof(buf), "perimeter %.1f%%; %zu blind spot%s, %.1f m2",
	                     100 * c->perimeter_share, c->n_blind, c->n_blind == 1 ? "" : "s",
	                     c->blind_area);
	if (n < sizeof(buf) && c->n_aoi)
		snprintf(buf + n, sizeof(buf) - n, "; areas of interest covered %zu/%zu",
		         c->n_aoi_covered, c->n_aoi);
	label(d, MARGIN, 60, 12, NULL, NULL, buf);
}

static int draw_all(GEOSContextHandle_t g, struct draw *d, const struct cctv_scene *s,
                    const struct cctv_coverage *c)
{
	char title[160];

	if (xmlTextWriterStartDocument(d->w, NULL, "UTF-8", NULL) < 0)
		return -1;
	xmlTextWriterSetIndent(d->w, 1);
	xmlTextWriterSetIndentString(d->w, BAD_CAST " ");
	start(d, "svg");
	attr(d, "xmlns", "http://www.w3.org/2000/svg");
	attrf(d, "width", "%.0f", d->width);
	attrf(d, "height", "%.0f", d->height);
	attrf(d, "viewBox", "0 0 %.0f %.0f", d->width, d->height);
	attr(d, "font-family", "sans-serif");
	start(d, "title");
	snprintf(title, sizeof(title), "CCTV coverage of site %s", s->site_id ? s->site_id : "?");
	text(d, title);
	end(d);
	defs(d);
	start(d, "rect");
	attr(d, "width", "100%");
	attr(d, "height", "100%");
	attr(d, "fill", "#ffffff");
	end(d);
	draw_title(d, s, c);
	draw_perimeter(d, s);
	if (draw_views(g, d, s, c) || draw_blind(g, d, c))
		return -1;
	draw_buildings(d, s);
	draw_walls(d, s);
	draw_areas(d, s, c);
	draw_cameras(d, s);
	draw_north(d);
	draw_scale(d, d->oy + d->map_h + 22);
	draw_legend(d, d->oy + d->map_h + SCALE_H + 14);
	end(d); /* svg */
	if (d->err || xmlTextWriterEndDocument(d->w) < 0)
		return -1;
	return 0;
}

int cctv_svg_render(GEOSContextHandle_t g, const struct cctv_scene *s,
                    const struct cctv_coverage *c, char **out, size_t *len, char **errmsg)
{
	struct draw d;
	struct box b;
	xmlBufferPtr buf = xmlBufferCreate();
	int rc = -1;

	*out = NULL;
	*len = 0;
	memset(&d, 0, sizeof(d));
	if (buf)
		d.w = xmlNewTextWriterMemory(buf, 0);
	if (d.w) {
		site_box(g, s, c, &b);
		fit(&d, &b);
		rc = draw_all(g, &d, s, c);
		xmlFreeTextWriter(d.w); /* flushes into buf */
	}
	if (rc == 0) {
		size_t n = (size_t)xmlBufferLength(buf);
		*out = malloc(n + 1);
		if (*out) {
			memcpy(*out, xmlBufferContent(buf), n);
			(*out)[n] = '\0';
			*len = n;
		} else
			rc = -1;
	}
	if (rc != 0 && errmsg)
		*errmsg = strdup("cannot draw the svg: out of memory or a geometry failure");
	free(d.path);
	if (buf)
		xmlBufferFree(buf);
	return rc;
}
