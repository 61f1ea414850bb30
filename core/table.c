/*
 * table.c - see table.h.
 *
 * Every format is rendered into a strbuf first and written with one fwrite,
 * so a write error is found in one place and a failed GeoJSON export leaves
 * `out` untouched.
 */
#include "table.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "util.h"

#include "banned.h"

struct table_row {
	char **cells;           /* ncols entries, NULL for an empty cell */
	struct shomer_xy *geom; /* (x = lon, y = lat); NULL when the row has none */
	size_t npts;
};

struct shomer_table {
	size_t ncols;
	char **names;
	enum shomer_col *kinds;
	struct table_row *rows;
	size_t nrows, alloc;
};

/*
 * Jansson prints reals with %.17g unless told otherwise, which turns 51.5074
 * into 51.507399999999997.  15 significant digits (DBL_DIG) print every
 * decimal of up to 15 digits back exactly as it was written.
 */
#define TABLE_JSON_FLAGS (JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(15))

/* ---- building ---- */

struct shomer_table *table_new(const char *const *names, const enum shomer_col *kinds, size_t ncols)
{
	struct shomer_table *t = xcalloc(1, sizeof(*t));
	t->ncols = ncols;
	t->names = xcalloc(ncols, sizeof(*t->names));
	t->kinds = xcalloc(ncols, sizeof(*t->kinds));
	for (size_t i = 0; i < ncols; i++) {
		t->names[i] = xstrdup(names && names[i] ? names[i] : "");
		t->kinds[i] = kinds && kinds[i] >= SHOMER_COL_TEXT && kinds[i] <= SHOMER_COL_MONEY
		                      ? kinds[i]
		                      : SHOMER_COL_TEXT;
	}
	return t;
}

void table_row(struct shomer_table *t, const char *const *cells)
{
	if (!t)
		return;
	ALLOC_GROW(t->rows, t->nrows + 1, t->alloc);
	struct table_row *r = &t->rows[t->nrows++];
	r->cells = xcalloc(t->ncols, sizeof(*r->cells));
	r->geom = NULL;
	r->npts = 0;
	for (size_t i = 0; cells && i < t->ncols; i++)
		r->cells[i] = cells[i] ? xstrdup(cells[i]) : NULL;
}

/* A call before the first row has no row to describe and is ignored. */
void table_geometry(struct shomer_table *t, const struct shomer_xy *ll, size_t npts)
{
	if (!t || !t->nrows)
		return;
	struct table_row *r = &t->rows[t->nrows - 1];
	free(r->geom);
	r->geom = NULL;
	r->npts = 0;
	if (!ll || !npts)
		return;
	r->geom = xmalloc(npts * sizeof(*r->geom));
	memcpy(r->geom, ll, npts * sizeof(*r->geom));
	r->npts = npts;
}

void table_free(struct shomer_table *t)
{
	if (!t)
		return;
	for (size_t r = 0; r < t->nrows; r++) {
		for (size_t c = 0; c < t->ncols; c++)
			free(t->rows[r].cells[c]);
		free(t->rows[r].cells);
		free(t->rows[r].geom);
	}
	for (size_t c = 0; c < t->ncols; c++)
		free(t->names[c]);
	free(t->rows);
	free(t->names);
	free(t->kinds);
	free(t);
}

int format_parse(const char *s, enum shomer_format *fmt)
{
	static const struct {
		const char *name;
		enum shomer_format fmt;
	} formats[] = {
	        {"table", SHOMER_FMT_TABLE},
	        {"csv", SHOMER_FMT_CSV},
	        {"json", SHOMER_FMT_JSON},
	        {"geojson", SHOMER_FMT_GEOJSON},
	};

	for (size_t i = 0; s && i < ARRAY_SIZE(formats); i++) {
		if (strcmp(s, formats[i].name) == 0) {
			if (fmt)
				*fmt = formats[i].fmt;
			return 0;
		}
	}
	return -1;
}

/* ---- read access ---- */

size_t table_ncols(const struct shomer_table *t)
{
	return t ? t->ncols : 0;
}

size_t table_nrows(const struct shomer_table *t)
{
	return t ? t->nrows : 0;
}

const char *table_col_name(const struct shomer_table *t, size_t col)
{
	return t && col < t->ncols ? t->names[col] : NULL;
}

enum shomer_col table_col_kind(const struct shomer_table *t, size_t col)
{
	return t && col < t->ncols ? t->kinds[col] : SHOMER_COL_TEXT;
}

const char *table_cell(const struct shomer_table *t, size_t row, size_t col)
{
	if (!t || row >= t->nrows || col >= t->ncols)
		return NULL;
	return t->rows[row].cells[col];
}

/* ---- aligned table ---- */

/* Code points, not bytes: every byte but a UTF-8 continuation byte counts. */
static size_t utf8_width(const char *s)
{
	size_t n = 0;
	for (; s && *s; s++) {
		if (((unsigned char)*s & 0xC0) != 0x80)
			n++;
	}
	return n;
}

/* Control characters become spaces so that a row stays on one line. */
static void add_padded(struct strbuf *sb, const char *s, size_t width, int right)
{
	if (!s)
		s = "";
	size_t pad = width - utf8_width(s);
	for (size_t i = 0; right && i < pad; i++)
		sb_addc(sb, ' ');
	for (; *s; s++)
		sb_addc(sb, (unsigned char)*s < 0x20 || *s == 0x7f ? ' ' : *s);
	for (size_t i = 0; !right && i < pad; i++)
		sb_addc(sb, ' ');
}

static void end_line(struct strbuf *sb, size_t start)
{
	size_t len = sb->len;
	while (len > start && sb->buf[len - 1] == ' ')
		len--;
	if (len < sb->len) {
		sb->len = len;
		sb->buf[len] = '\0';
	}
	sb_addc(sb, '\n');
}

static void add_aligned_line(struct strbuf *sb, const struct shomer_table *t, char *const *cells,
                             const size_t *widths)
{
	size_t start = sb->len;
	for (size_t c = 0; c < t->ncols; c++) {
		if (c)
			sb_adds(sb, "  ");
		add_padded(sb, cells[c], widths[c], t->kinds[c] != SHOMER_COL_TEXT);
	}
	end_line(sb, start);
}

static void render_aligned(const struct shomer_table *t, struct strbuf *sb)
{
	size_t *widths = xcalloc(t->ncols, sizeof(*widths));
	for (size_t c = 0; c < t->ncols; c++) {
		widths[c] = utf8_width(t->names[c]);
		for (size_t r = 0; r < t->nrows; r++) {
			size_t w = utf8_width(t->rows[r].cells[c]);
			if (w > widths[c])
				widths[c] = w;
		}
	}
	add_aligned_line(sb, t, t->names, widths);

	size_t start = sb->len;
	for (size_t c = 0; c < t->ncols; c++) {
		if (c)
			sb_adds(sb, "  ");
		for (size_t i = 0; i < widths[c]; i++)
			sb_addc(sb, '-');
	}
	end_line(sb, start);

	for (size_t r = 0; r < t->nrows; r++)
		add_aligned_line(sb, t, t->rows[r].cells, widths);
	if (!t->nrows)
		sb_adds(sb, "(no rows)\n");
	free(widths);
}

/* ---- CSV (RFC 4180) ---- */

static void add_csv_field(struct strbuf *sb, const char *s)
{
	if (!s)
		return;
	if (!s[strcspn(s, ",\"\r\n")]) {
		sb_adds(sb, s);
		return;
	}
	sb_addc(sb, '"');
	for (; *s; s++) {
		if (*s == '"')
			sb_addc(sb, '"');
		sb_addc(sb, *s);
	}
	sb_addc(sb, '"');
}

static void add_csv_line(struct strbuf *sb, size_t ncols, char *const *cells)
{
	for (size_t c = 0; c < ncols; c++) {
		if (c)
			sb_addc(sb, ',');
		add_csv_field(sb, cells[c]);
	}
	sb_adds(sb, "\r\n");
}

static void render_csv(const struct shomer_table *t, struct strbuf *sb)
{
	add_csv_line(sb, t->ncols, t->names);
	for (size_t r = 0; r < t->nrows; r++)
		add_csv_line(sb, t->ncols, t->rows[r].cells);
}

/* ---- JSON ---- */

/*
 * A NUMBER cell becomes a JSON number only when it is plainly written as
 * one: strtod would also take "0x1p4", "inf" and "nan", none of which a
 * reader of the JSON expects to have been a number.
 */
static json_t *number_json(const char *s)
{
	long l;
	double d;

	if (!s[strspn(s, "0123456789+-.eE")]) {
		if (parse_long(s, &l) == 0)
			return json_integer(l);
		if (parse_double(s, &d) == 0)
			return json_real(d);
	}
	return json_string(s);
}

/* NULL when the text is not valid UTF-8 (Jansson refuses it). */
static json_t *cell_json(const struct shomer_table *t, size_t col, const char *s)
{
	if (!s)
		return json_null();
	if (t->kinds[col] == SHOMER_COL_NUMBER)
		return number_json(s);
	return json_string(s);
}

/* Row `r` as an object keyed by column name; NULL with *errmsg on failure. */
static json_t *row_json(const struct shomer_table *t, size_t r, char **errmsg)
{
	json_t *obj = json_object();
	for (size_t c = 0; c < t->ncols; c++) {
		json_t *v = cell_json(t, c, t->rows[r].cells[c]);
		if (!v || json_object_set_new(obj, t->names[c], v) < 0) {
			json_decref(obj);
			err_set(errmsg, "row %zu column '%s' is not valid utf-8", r + 1,
			        t->names[c]);
			return NULL;
		}
	}
	return obj;
}

static int render_json(const struct shomer_table *t, json_t **out, char **errmsg)
{
	json_t *arr = json_array();
	for (size_t r = 0; r < t->nrows; r++) {
		json_t *obj = row_json(t, r, errmsg);
		if (!obj) {
			json_decref(arr);
			return -1;
		}
		json_array_append_new(arr, obj);
	}
	*out = arr;
	return 0;
}

/* ---- GeoJSON (RFC 7946) ---- */

/* A position is [lon, lat] (RFC 7946 section 3.1.1). */
static json_t *position_json(const struct shomer_xy *p, size_t row, char **errmsg)
{
	if (!(p->x >= -180 && p->x <= 180 && p->y >= -90 && p->y <= 90)) {
		char lon[FMT_DOUBLE_MAX], lat[FMT_DOUBLE_MAX];
		err_set(errmsg, "row %zu has a location out of range (lon %s, lat %s)", row + 1,
		        fmt_fixed(lon, p->x, 7), fmt_fixed(lat, p->y, 7));
		return NULL;
	}
	json_t *pos = json_array();
	json_array_append_new(pos, json_real(p->x));
	json_array_append_new(pos, json_real(p->y));
	return pos;
}

/* Twice the signed area; positive when the ring runs counter-clockwise. */
static double ring_area2(const struct shomer_xy *p, size_t n)
{
	double a = 0;
	for (size_t i = 0; i < n; i++) {
		const struct shomer_xy *q = &p[(i + 1) % n];
		a += p[i].x * q->y - q->x * p[i].y;
	}
	return a;
}

/*
 * The exterior ring, closed and counter-clockwise (RFC 7946 section 3.1.6).
 * A clockwise ring is walked backwards from the same first point.
 */
static json_t *ring_json(const struct shomer_xy *p, size_t n, size_t row, char **errmsg)
{
	if (n > 1 && p[0].x == p[n - 1].x && p[0].y == p[n - 1].y)
		n--;
	if (n < 3) {
		err_set(errmsg, "row %zu has a polygon of fewer than 3 points", row + 1);
		return NULL;
	}
	int reverse = ring_area2(p, n) < 0;
	json_t *ring = json_array();
	for (size_t i = 0; i <= n; i++) {
		size_t k = i % n;
		if (reverse && k)
			k = n - k;
		json_t *pos = position_json(&p[k], row, errmsg);
		if (!pos) {
			json_decref(ring);
			return NULL;
		}
		json_array_append_new(ring, pos);
	}
	return ring;
}

static json_t *geometry_json(const struct table_row *r, size_t row, char **errmsg)
{
	json_t *coords;
	const char *type;

	if (!r->npts) {
		err_set(errmsg, "row %zu has no location", row + 1);
		return NULL;
	}
	if (r->npts == 1) {
		type = "Point";
		coords = position_json(&r->geom[0], row, errmsg);
	} else {
		type = "Polygon";
		json_t *ring = ring_json(r->geom, r->npts, row, errmsg);
		coords = ring ? json_pack("[o]", ring) : NULL;
	}
	if (!coords)
		return NULL;
	return json_pack("{s:s, s:o}", "type", type, "coordinates", coords);
}

static int render_geojson(const struct shomer_table *t, json_t **out, char **errmsg)
{
	json_t *features = json_array();
	for (size_t r = 0; r < t->nrows; r++) {
		json_t *geom = geometry_json(&t->rows[r], r, errmsg);
		json_t *props = geom ? row_json(t, r, errmsg) : NULL;
		if (!props) {
			json_decref(geom);
			json_decref(features);
			return -1;
		}
		json_array_append_new(features, json_pack("{s:s, s:o, s:o}", "type", "Feature",
		                                          "geometry", geom, "properties", props));
	}
	*out = json_pack("{s:s, s:o}", "type", "FeatureCollection", "features", features);
	return 0;
}

static int dump_json(json_t *root, struct strbuf *sb, char **errmsg)
{
	char *text = json_dumps(root, TABLE_JSON_FLAGS);
	json_decref(root);
	if (!text)
		return err_set(errmsg, "cannot encode the table as json");
	sb_adds(sb, text);
	sb_addc(sb, '\n');
	free(text);
	return 0;
}

/* ---- printing ---- */

static int render(const struct shomer_table *t, enum shomer_format fmt, struct strbuf *sb,
                  char **errmsg)
{
	json_t *root = NULL;

	switch (fmt) {
	case SHOMER_FMT_TABLE: render_aligned(t, sb); return 0;
	case SHOMER_FMT_CSV: render_csv(t, sb); return 0;
	case SHOMER_FMT_JSON:
		if (render_json(t, &root, errmsg) < 0)
			return -1;
		return dump_json(root, sb, errmsg);
	case SHOMER_FMT_GEOJSON:
		if (render_geojson(t, &root, errmsg) < 0)
			return -1;
		return dump_json(root, sb, errmsg);
	}
	return err_set(errmsg, "unknown table format %d", (int)fmt);
}

int table_print(struct shomer_table *t, enum shomer_format fmt, FILE *out, char **errmsg)
{
	struct strbuf sb;

	sb_init(&sb);
	if (!t || !out)
		return err_set(errmsg, "no table or no output to print to");
	if (render(t, fmt, &sb, errmsg) < 0) {
		sb_release(&sb);
		return -1;
	}
	size_t n = sb.len ? fwrite(sb.buf, 1, sb.len, out) : 0;
	int failed = n != sb.len || fflush(out) == EOF;
	sb_release(&sb);
	if (failed)
		return err_set(errmsg, "cannot write table: %s", strerror_lc(errno));
	return 0;
}
