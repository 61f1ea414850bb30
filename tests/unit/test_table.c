/*
 * test_table.c - result tables: aligned text, CSV, JSON, GeoJSON.
 */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "check.h"
#include "table.h"
#include "util.h"

#include "banned.h"

static const enum shomer_col TEXT = SHOMER_COL_TEXT;
static const enum shomer_col NUM = SHOMER_COL_NUMBER;

/* Prints t in fmt into a malloc'ed string; *rc gets table_print's result. */
static char *print_str(struct shomer_table *t, enum shomer_format fmt, int *rc, char **errmsg)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	if (!f)
		abort();
	*rc = table_print(t, fmt, f, errmsg);
	fclose(f);
	return buf;
}

/* Prints t in fmt and parses the output back with Jansson. */
static json_t *print_json(struct shomer_table *t, enum shomer_format fmt)
{
	int rc;
	char *text = print_str(t, fmt, &rc, NULL);
	json_error_t jerr;
	json_t *root = json_loads(text, 0, &jerr);
	CHECK(rc == 0 && root, "output parses back as json");
	free(text);
	return root;
}

static void test_aligned(void)
{
	const char *names[] = {"id", "name", "capacity"};
	const enum shomer_col kinds[] = {TEXT, TEXT, NUM};
	struct shomer_table *t = table_new(names, kinds, 3);
	table_row(t, (const char *[]){"LDN-1", "Café Noir", "120"});
	table_row(t, (const char *[]){"LDN-22", "Beth Shalom", "8"});
	table_row(t, (const char *[]){"MAN-3", NULL, "45"});

	int rc;
	char *s = print_str(t, SHOMER_FMT_TABLE, &rc, NULL);
	CHECK(rc == 0, "aligned table prints");
	CHECK_STR(s,
	          "id      name         capacity\n"
	          "------  -----------  --------\n"
	          "LDN-1   Café Noir         120\n"
	          "LDN-22  Beth Shalom         8\n"
	          "MAN-3                      45\n",
	          "utf-8 names align by code point, numbers right-aligned");
	free(s);
	table_free(t);
}

static void test_aligned_trailing(void)
{
	const char *names[] = {"id", "note"};
	struct shomer_table *t = table_new(names, (const enum shomer_col[]){TEXT, TEXT}, 2);
	table_row(t, (const char *[]){"a", NULL});
	table_row(t, (const char *[]){"bb", "two\nlines"});

	int rc;
	char *s = print_str(t, SHOMER_FMT_TABLE, &rc, NULL);
	CHECK_STR(s,
	          "id  note\n"
	          "--  ---------\n"
	          "a\n"
	          "bb  two lines\n",
	          "no trailing spaces, a newline in a cell shown as a space");
	free(s);
	table_free(t);
}

static void test_aligned_empty(void)
{
	const char *names[] = {"id", "count"};
	struct shomer_table *t = table_new(names, (const enum shomer_col[]){TEXT, NUM}, 2);
	int rc;
	char *s = print_str(t, SHOMER_FMT_TABLE, &rc, NULL);
	CHECK(rc == 0, "empty table prints");
	CHECK_STR(s, "id  count\n--  -----\n(no rows)\n", "empty table: header and (no rows)");
	free(s);

	s = print_str(t, SHOMER_FMT_CSV, &rc, NULL);
	CHECK_STR(s, "id,count\r\n", "empty table as csv: header only");
	free(s);
	s = print_str(t, SHOMER_FMT_JSON, &rc, NULL);
	CHECK_STR(s, "[]\n", "empty table as json: empty array");
	free(s);
	table_free(t);
}

static void test_csv(void)
{
	const char *names[] = {"id", "note"};
	struct shomer_table *t = table_new(names, (const enum shomer_col[]){NUM, TEXT}, 2);
	table_row(t, (const char *[]){"1", "plain"});
	table_row(t, (const char *[]){"2", "a, b"});
	table_row(t, (const char *[]){"3", "say \"hi\""});
	table_row(t, (const char *[]){"4", "two\nlines"});
	table_row(t, (const char *[]){"5", "cr\rhere"});
	table_row(t, (const char *[]){"6", NULL});

	int rc;
	char *s = print_str(t, SHOMER_FMT_CSV, &rc, NULL);
	CHECK(rc == 0, "csv prints");
	CHECK_STR(s,
	          "id,note\r\n"
	          "1,plain\r\n"
	          "2,\"a, b\"\r\n"
	          "3,\"say \"\"hi\"\"\"\r\n"
	          "4,\"two\nlines\"\r\n"
	          "5,\"cr\rhere\"\r\n"
	          "6,\r\n",
	          "csv quotes commas, quotes, cr and lf; crlf line ends");
	free(s);
	table_free(t);
}

static void test_json_exact(void)
{
	const char *names[] = {"name", "count", "lat"};
	struct shomer_table *t = table_new(names, (const enum shomer_col[]){TEXT, NUM, NUM}, 3);
	table_row(t, (const char *[]){"Café", "3", "51.5074"});
	int rc;
	char *s = print_str(t, SHOMER_FMT_JSON, &rc, NULL);
	CHECK(rc == 0, "json prints");
	CHECK_STR(s,
	          "[\n"
	          "  {\n"
	          "    \"name\": \"Café\",\n"
	          "    \"count\": 3,\n"
	          "    \"lat\": 51.5074\n"
	          "  }\n"
	          "]\n",
	          "json: column order kept, indent 2, reals as written, final newline");
	free(s);
	table_free(t);
}

/* Money is right-aligned like a number but stays exact decimal text in JSON:
 * 5184.40 as a double would print as 5184.3999999999996. */
static void test_money(void)
{
	const char *names[] = {"grant", "paid"};
	struct shomer_table *t =
	        table_new(names, (const enum shomer_col[]){TEXT, SHOMER_COL_MONEY}, 2);
	int rc;
	table_row(t, (const char *[]){"G-1", "5184.40"});
	table_row(t, (const char *[]){"G-22", "15000.00"});
	char *s = print_str(t, SHOMER_FMT_JSON, &rc, NULL);
	CHECK(rc == 0, "money prints as json");
	CHECK_STR(s,
	          "[\n"
	          "  {\n"
	          "    \"grant\": \"G-1\",\n"
	          "    \"paid\": \"5184.40\"\n"
	          "  },\n"
	          "  {\n"
	          "    \"grant\": \"G-22\",\n"
	          "    \"paid\": \"15000.00\"\n"
	          "  }\n"
	          "]\n",
	          "json: money is the exact text, as a string");
	free(s);
	s = print_str(t, SHOMER_FMT_TABLE, &rc, NULL);
	CHECK_STR(s,
	          "grant      paid\n"
	          "-----  --------\n"
	          "G-1     5184.40\n"
	          "G-22   15000.00\n",
	          "table: money is right-aligned");
	free(s);
	table_free(t);
}

static void test_json_types(void)
{
	const char *names[] = {"label", "n", "x"};
	struct shomer_table *t = table_new(names, (const enum shomer_col[]){TEXT, NUM, NUM}, 3);
	table_row(t, (const char *[]){"12", "12", "0.5"});
	table_row(t, (const char *[]){NULL, "n/a", "1e3"});
	table_row(t, (const char *[]){"c", NULL, "0x10"});
	table_row(t, (const char *[]){"d", "-7", "inf"});
	table_row(t, (const char *[]){"e", "99999999999999999999", "1.0"});

	json_t *root = print_json(t, SHOMER_FMT_JSON);
	CHECK(json_is_array(root) && json_array_size(root) == 5, "json: one object per row");
	json_t *r0 = json_array_get(root, 0), *r1 = json_array_get(root, 1);
	json_t *r2 = json_array_get(root, 2), *r3 = json_array_get(root, 3);
	json_t *r4 = json_array_get(root, 4);
	CHECK(json_is_string(json_object_get(r0, "label")), "text column '12' stays a string");
	CHECK(json_is_integer(json_object_get(r0, "n")) &&
	              json_integer_value(json_object_get(r0, "n")) == 12,
	      "number '12' is a json integer");
	CHECK(json_is_real(json_object_get(r0, "x")) &&
	              json_real_value(json_object_get(r0, "x")) == 0.5,
	      "number '0.5' is a json real");
	CHECK(json_is_null(json_object_get(r1, "label")), "empty text cell is null");
	CHECK_STR(json_string_value(json_object_get(r1, "n")), "n/a",
	          "number column 'n/a' is a string");
	CHECK(json_is_real(json_object_get(r1, "x")) &&
	              json_real_value(json_object_get(r1, "x")) == 1000,
	      "number '1e3' is a json real");
	CHECK(json_is_null(json_object_get(r2, "n")), "empty number cell is null");
	CHECK_STR(json_string_value(json_object_get(r2, "x")), "0x10", "hex stays a string");
	CHECK(json_integer_value(json_object_get(r3, "n")) == -7, "negative integer");
	CHECK_STR(json_string_value(json_object_get(r3, "x")), "inf", "'inf' stays a string");
	CHECK(json_is_real(json_object_get(r4, "n")), "integer beyond 64 bits is a real");
	CHECK(json_is_real(json_object_get(r4, "x")), "'1.0' stays a real");
	json_decref(root);
	table_free(t);
}

static void test_json_bad_utf8(void)
{
	const char *names[] = {"name"};
	struct shomer_table *t = table_new(names, NULL, 1);
	table_row(t, (const char *[]){"bad \xff byte"});
	int rc;
	char *err = NULL;
	char *s = print_str(t, SHOMER_FMT_JSON, &rc, &err);
	CHECK(rc == -1, "invalid utf-8 fails json");
	CHECK_STR(err, "row 1 column 'name' is not valid utf-8", "utf-8 error message");
	CHECK_STR(s, "", "nothing written on failure");
	free(s);
	free(err);
	table_free(t);
}

static void test_geojson_point(void)
{
	const char *names[] = {"id", "capacity"};
	struct shomer_table *t = table_new(names, (const enum shomer_col[]){TEXT, NUM}, 2);
	table_row(t, (const char *[]){"LDN-1", "300"});
	table_geometry(t, &(struct shomer_xy){.x = -0.1278, .y = 51.5074}, 1);

	json_t *root = print_json(t, SHOMER_FMT_GEOJSON);
	CHECK_STR(json_string_value(json_object_get(root, "type")), "FeatureCollection",
	          "geojson root is a FeatureCollection");
	CHECK(!json_object_get(root, "crs"), "no crs member (rfc 7946)");
	json_t *f = json_array_get(json_object_get(root, "features"), 0);
	CHECK_STR(json_string_value(json_object_get(f, "type")), "Feature", "row is a Feature");
	json_t *g = json_object_get(f, "geometry");
	CHECK_STR(json_string_value(json_object_get(g, "type")), "Point", "one point: Point");
	json_t *c = json_object_get(g, "coordinates");
	CHECK(json_array_size(c) == 2, "point has two coordinates");
	CHECK_NEAR(json_number_value(json_array_get(c, 0)), -0.1278, 1e-12, "first is lon");
	CHECK_NEAR(json_number_value(json_array_get(c, 1)), 51.5074, 1e-12, "second is lat");
	json_t *p = json_object_get(f, "properties");
	CHECK_STR(json_string_value(json_object_get(p, "id")), "LDN-1", "properties hold id");
	CHECK(json_integer_value(json_object_get(p, "capacity")) == 300,
	      "properties use json numbers");
	json_decref(root);
	table_free(t);
}

/* Twice the signed area of a GeoJSON ring (closed), positive when CCW. */
static double ring_area2(json_t *ring)
{
	double a = 0;
	for (size_t i = 0; i + 1 < json_array_size(ring); i++) {
		json_t *p = json_array_get(ring, i), *q = json_array_get(ring, i + 1);
		a += json_number_value(json_array_get(p, 0)) *
		             json_number_value(json_array_get(q, 1)) -
		     json_number_value(json_array_get(q, 0)) *
		             json_number_value(json_array_get(p, 1));
	}
	return a;
}

static json_t *polygon_ring(const struct shomer_xy *pts, size_t n, json_t **root)
{
	const char *names[] = {"id"};
	struct shomer_table *t = table_new(names, NULL, 1);
	table_row(t, (const char *[]){"P"});
	table_geometry(t, pts, n);
	*root = print_json(t, SHOMER_FMT_GEOJSON);
	table_free(t);
	json_t *g =
	        json_object_get(json_array_get(json_object_get(*root, "features"), 0), "geometry");
	CHECK_STR(json_string_value(json_object_get(g, "type")), "Polygon", "ring: Polygon");
	return json_array_get(json_object_get(g, "coordinates"), 0);
}

static int same_pos(json_t *a, json_t *b)
{
	return json_number_value(json_array_get(a, 0)) == json_number_value(json_array_get(b, 0)) &&
	       json_number_value(json_array_get(a, 1)) == json_number_value(json_array_get(b, 1));
}

static void test_geojson_polygon(void)
{
	const struct shomer_xy cw[] = {{-0.2, 51.5}, {-0.2, 51.6}, {-0.1, 51.6}, {-0.1, 51.5}};
	json_t *root;
	json_t *ring = polygon_ring(cw, 4, &root);
	CHECK(json_array_size(ring) == 5, "ring of 4 points closed: 5 positions");
	CHECK(same_pos(json_array_get(ring, 0), json_array_get(ring, 4)), "first equals last");
	CHECK(ring_area2(ring) > 0, "clockwise input written counter-clockwise");
	CHECK_NEAR(json_number_value(json_array_get(json_array_get(ring, 1), 0)), -0.1, 1e-12,
	           "reversed ring keeps the first point, then walks backwards");
	json_decref(root);

	const struct shomer_xy ccw[] = {{0, 0}, {1, 0}, {1, 1}, {0, 1}, {0, 0}};
	ring = polygon_ring(ccw, 5, &root);
	CHECK(json_array_size(ring) == 5, "already closed ring is not closed twice");
	CHECK(ring_area2(ring) > 0, "counter-clockwise input stays counter-clockwise");
	CHECK_NEAR(json_number_value(json_array_get(json_array_get(ring, 1), 0)), 1, 1e-12,
	           "counter-clockwise input keeps its order");
	json_decref(root);
}

static void check_geojson_error(struct shomer_table *t, const char *want, const char *what)
{
	int rc;
	char *err = NULL;
	char *s = print_str(t, SHOMER_FMT_GEOJSON, &rc, &err);
	CHECK(rc == -1 && s && !*s, "geojson refused, nothing written");
	CHECK_STR(err, want, what);
	free(err);
	free(s);
}

static void test_geojson_errors(void)
{
	const char *names[] = {"id"};
	struct shomer_table *t = table_new(names, NULL, 1);
	table_row(t, (const char *[]){"A"});
	table_geometry(t, &(struct shomer_xy){.x = 1, .y = 2}, 1);
	table_row(t, (const char *[]){"B"});
	check_geojson_error(t, "row 2 has no location", "missing geometry names the row");

	int rc;
	char *s = print_str(t, SHOMER_FMT_JSON, &rc, NULL);
	CHECK(rc == 0, "the same table prints as json");
	free(s);

	table_geometry(t, (const struct shomer_xy[]){{1, 2}, {3, 4}}, 2);
	check_geojson_error(t, "row 2 has a polygon of fewer than 3 points", "two-point polygon");
	table_geometry(t, &(struct shomer_xy){.x = 530000, .y = 180000}, 1);
	check_geojson_error(t, "row 2 has a location out of range (lon 530000, lat 180000)",
	                    "projected metres instead of degrees");
	table_free(t);
}

static void test_format_parse(void)
{
	static const struct {
		const char *s;
		enum shomer_format fmt;
	} good[] = {
	        {"table", SHOMER_FMT_TABLE},
	        {"csv", SHOMER_FMT_CSV},
	        {"json", SHOMER_FMT_JSON},
	        {"geojson", SHOMER_FMT_GEOJSON},
	};
	for (size_t i = 0; i < ARRAY_SIZE(good); i++) {
		enum shomer_format fmt = SHOMER_FMT_TABLE;
		CHECK(format_parse(good[i].s, &fmt) == 0 && fmt == good[i].fmt, good[i].s);
	}
	static const char *const bad[] = {"JSON", "tsv", "", "json ", "geo"};
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		enum shomer_format fmt = SHOMER_FMT_CSV;
		CHECK(format_parse(bad[i], &fmt) == -1 && fmt == SHOMER_FMT_CSV,
		      "unknown format refused, fmt untouched");
	}
	CHECK(format_parse(NULL, NULL) == -1, "NULL refused");
}

static void test_access(void)
{
	const char *names[] = {"id", "n"};
	struct shomer_table *t = table_new(names, (const enum shomer_col[]){TEXT, NUM}, 2);
	table_row(t, (const char *[]){"a", NULL});
	CHECK(table_ncols(t) == 2 && table_nrows(t) == 1, "sizes");
	CHECK_STR(table_col_name(t, 1), "n", "column name");
	CHECK(table_col_kind(t, 1) == SHOMER_COL_NUMBER, "column kind");
	CHECK_STR(table_cell(t, 0, 0), "a", "cell text");
	CHECK(table_cell(t, 0, 1) == NULL, "empty cell is NULL");
	CHECK(table_cell(t, 1, 0) == NULL && table_col_name(t, 2) == NULL, "out of range NULL");
	table_free(t);
}

int main(void)
{
	test_aligned();
	test_aligned_trailing();
	test_aligned_empty();
	test_csv();
	test_json_exact();
	test_json_types();
	test_money();
	test_json_bad_utf8();
	test_geojson_point();
	test_geojson_polygon();
	test_geojson_errors();
	test_format_parse();
	test_access();
	return check_done();
}
