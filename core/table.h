/*
 * table.h - result tables printed for people (aligned table) or tools (CSV,
 * JSON, GeoJSON).  The same functions back the plugin API's table_* slots.
 *
 *   aligned table: a header row, a dashed rule, columns padded to the widest
 *     cell (counted in UTF-8 code points), numbers right-aligned, two spaces
 *     between columns, no trailing spaces; an empty table prints the header
 *     and "(no rows)".
 *   CSV: RFC 4180 - header row, fields quoted when they hold a comma, quote,
 *     CR or LF, quotes doubled, CRLF line ends.
 *   JSON: an array of objects keyed by column name (Jansson); a NUMBER cell
 *     is a JSON number when it parses as one, NULL cells are null.
 *   GeoJSON: RFC 7946 FeatureCollection, no "crs" member; each row a Feature
 *     whose properties are the columns (as in JSON) and whose geometry is set
 *     with table_geometry (coordinates [lon, lat], a polygon ring closed and
 *     wound counter-clockwise as RFC 7946 asks).
 */
#ifndef SHOMER_TABLE_H
#define SHOMER_TABLE_H

#include <stdio.h>

#include "shomer/plugin.h"

struct shomer_table *table_new(const char *const *names, const enum shomer_col *kinds,
                               size_t ncols);
void table_row(struct shomer_table *t, const char *const *cells);
void table_geometry(struct shomer_table *t, const struct shomer_xy *ll, size_t npts);
int table_print(struct shomer_table *t, enum shomer_format fmt, FILE *out, char **errmsg);
void table_free(struct shomer_table *t);
int format_parse(const char *s, enum shomer_format *fmt);

/* Read access, for the HTML report. */
size_t table_ncols(const struct shomer_table *t);
size_t table_nrows(const struct shomer_table *t);
const char *table_col_name(const struct shomer_table *t, size_t col);
enum shomer_col table_col_kind(const struct shomer_table *t, size_t col);
/* Cell text, or NULL for an empty cell. */
const char *table_cell(const struct shomer_table *t, size_t row, size_t col);

#endif /* SHOMER_TABLE_H */
