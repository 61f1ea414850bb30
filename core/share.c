/*
 * share.c - see share.h.
 *
 * The order of work keeps failures cheap and leaks impossible: arguments,
 * then the force, then the public points, then the token key; the
 * incidents are read (without personal fields) into rows that hold only
 * what may be published, sorted, and only then is the output file opened.
 * A failed write removes the file.
 */
#include "share.h"

#include <errno.h>
#include <stdarg.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#include <libxml/xmlwriter.h>

#include "cli.h"
#include "geo.h"
#include "host.h"
#include "incident.h"
#include "spindex.h"
#include "store.h"
#include "timeutil.h"
#include "util.h"

#include "banned.h"

#define DEFAULT_GRID_M   250.0
#define MAX_GRID_M       100000.0
#define DEFAULT_REPORTER "Community security organisation"
#define GRID_LOCATION    "On or near anonymisation point"
#define TOKEN_KEY_META   "share.token_key"
#define MAX_POINTS_BYTES (1024L * 1024 * 1024)
#define TOKEN_DOMAIN     "shomer-share-1"

/* ---- category mapping ---- */

/*
 * Shomer's categories to data.police.uk crime types (the Home Office
 * categories police.uk publishes).  The reasons are in docs/sharing.md; the
 * category itself goes in the Context column, so nothing is lost.
 */
static const struct crime_type {
	const char *category, *crime_type;
} crime_types[] = {
        {"extreme-violence", "Violence and sexual offences"},
        {"assault", "Violence and sexual offences"},
        {"damage-desecration", "Criminal damage and arson"},
        {"threats", "Public order"},
        {"abusive-behaviour", "Public order"},
        {"literature", "Other crime"},
        {"suspicious-package", "Other crime"},
        {"suspicious-behaviour", "Other crime"},
        {"hostile-reconnaissance", "Other crime"},
        {"other", "Other crime"},
};

/* The entry for a category, or NULL. */
static const struct crime_type *crime_type_of(const char *category)
{
	for (size_t i = 0; i < ARRAY_SIZE(crime_types); i++) {
		if (strcmp(crime_types[i].category, category) == 0)
			return &crime_types[i];
	}
	return NULL;
}

const char *share_crime_type(const char *category)
{
	const struct crime_type *t = crime_type_of(category);
	return t ? t->crime_type : NULL;
}

/* ---- tokens ---- */

#define ROTL(x, b) (uint64_t)(((x) << (b)) | ((x) >> (64 - (b))))

static uint64_t le64(const unsigned char *p)
{
	uint64_t v = 0;
	for (int i = 7; i >= 0; i--)
		v = (v << 8) | p[i];
	return v;
}

static void sipround(uint64_t v[4])
{
	v[0] += v[1];
	v[1] = ROTL(v[1], 13);
	v[1] ^= v[0];
	v[0] = ROTL(v[0], 32);
	v[2] += v[3];
	v[3] = ROTL(v[3], 16);
	v[3] ^= v[2];
	v[0] += v[3];
	v[3] = ROTL(v[3], 21);
	v[3] ^= v[0];
	v[2] += v[1];
	v[1] = ROTL(v[1], 17);
	v[1] ^= v[2];
	v[2] = ROTL(v[2], 32);
}

uint64_t share_siphash24(const unsigned char key[SHARE_KEY_BYTES], const void *data, size_t len)
{
	const unsigned char *in = data;
	uint64_t k0 = le64(key), k1 = le64(key + 8);
	uint64_t v[4] = {k0 ^ 0x736f6d6570736575ULL, k1 ^ 0x646f72616e646f6dULL,
	                 k0 ^ 0x6c7967656e657261ULL, k1 ^ 0x7465646279746573ULL};
	size_t whole = len - len % 8;
	for (size_t i = 0; i < whole; i += 8) {
		uint64_t m = le64(in + i);
		v[3] ^= m;
		sipround(v);
		sipround(v);
		v[0] ^= m;
	}
	uint64_t b = (uint64_t)len << 56;
	for (size_t i = 0; i < len % 8; i++)
		b |= (uint64_t)in[whole + i] << (8 * i);
	v[3] ^= b;
	sipround(v);
	sipround(v);
	v[0] ^= b;
	v[2] ^= 0xff;
	for (int i = 0; i < 4; i++)
		sipround(v);
	return v[0] ^ v[1] ^ v[2] ^ v[3];
}

void share_token(const unsigned char key[SHARE_KEY_BYTES], const char *force, const char *id,
                 char out[SHARE_TOKEN_HEX + 1])
{
	struct strbuf msg = STRBUF_INIT;
	sb_addc(&msg, 0);
	sb_adds(&msg, TOKEN_DOMAIN);
	sb_adds(&msg, force);
	sb_addc(&msg, 0);
	sb_adds(&msg, id);
	for (int lane = 0; lane < SHARE_TOKEN_HEX / 16; lane++) {
		msg.buf[0] = (char)lane;
		uint64_t h = share_siphash24(key, msg.buf, msg.len);
		snprintf(out + 16 * lane, 17, "%016llx", (unsigned long long)h);
	}
	sb_release(&msg);
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

static int key_from_hex(const char *s, unsigned char key[SHARE_KEY_BYTES])
{
	if (strlen(s) != 2 * SHARE_KEY_BYTES)
		return -1;
	for (int i = 0; i < SHARE_KEY_BYTES; i++) {
		int hi = hexval(s[2 * i]), lo = hexval(s[2 * i + 1]);
		if (hi < 0 || lo < 0)
			return -1;
		key[i] = (unsigned char)(hi << 4 | lo);
	}
	return 0;
}

/*
 * The database's token key, made on first use.  INSERT ... DO NOTHING and
 * then reading back means two first shares racing agree on one key.
 */
static int token_key(struct store *st, unsigned char key[SHARE_KEY_BYTES], char **errmsg)
{
	char *hex = NULL;
	if (store_meta_get(st, TOKEN_KEY_META, &hex, errmsg))
		return -1;
	if (!hex) {
		unsigned char fresh[SHARE_KEY_BYTES];
		size_t got = 0;
		while (got < sizeof(fresh)) {
			ssize_t r = getrandom(fresh + got, sizeof(fresh) - got, 0);
			if (r < 0 && errno == EINTR)
				continue;
			if (r < 0)
				return err_set(errmsg, "cannot make a token key: %s",
				               strerror_lc(errno));
			got += (size_t)r;
		}
		char text[2 * SHARE_KEY_BYTES + 1];
		for (int i = 0; i < SHARE_KEY_BYTES; i++)
			snprintf(text + 2 * i, 3, "%02x", fresh[i]);
		memset(fresh, 0, sizeof(fresh));
		struct shomer_value p[] = {SHOMER_V_TEXT(TOKEN_KEY_META), SHOMER_V_TEXT(text)};
		if (store_exec(st,
		               "INSERT INTO meta (key, value) VALUES (?, ?) "
		               "ON CONFLICT (key) DO NOTHING",
		               p, 2, errmsg) ||
		    store_meta_get(st, TOKEN_KEY_META, &hex, errmsg))
			return -1;
		if (!hex)
			return err_set(errmsg, "cannot store the token key");
	}
	int bad = key_from_hex(hex, key);
	free(hex);
	if (bad)
		return err_set(errmsg, "the token key in the database ('%s' in meta) is damaged",
		               TOKEN_KEY_META);
	return 0;
}

/* ---- months and the grid ---- */

int share_parse_month(const char *s, int64_t *start, int64_t *next)
{
	int y = 0, m = 0;
	if (strlen(s) != 7 || s[4] != '-')
		return -1;
	for (int i = 0; i < 7; i++) {
		if (i != 4 && (s[i] < '0' || s[i] > '9'))
			return -1;
	}
	y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
	m = (s[5] - '0') * 10 + (s[6] - '0');
	if (m < 1 || m > 12)
		return -1;
	struct tm a = {.tm_year = y - 1900, .tm_mon = m - 1, .tm_mday = 1};
	struct tm b = {.tm_year = y - 1900 + (m == 12), .tm_mon = m % 12, .tm_mday = 1};
	*start = (int64_t)timegm(&a);
	*next = (int64_t)timegm(&b);
	return 0;
}

void share_grid_centre(double x, double y, double cell, double *cx, double *cy)
{
	*cx = floor(x / cell) * cell + cell / 2;
	*cy = floor(y / cell) * cell + cell / 2;
}

/* Six decimals, as police.uk; never "-0.000000". */
static void fmt_coord(char out[FMT_DOUBLE_MAX], double v)
{
	snprintf(out, FMT_DOUBLE_MAX, "%.6f", v);
	if (strcmp(out, "-0.000000") == 0)
		snprintf(out, FMT_DOUBLE_MAX, "0.000000");
}

/* ---- public points ---- */

struct points {
	double *lat, *lon, *x, *y;
	char **location; /* "On or near <name>", or NULL for the generic text */
	size_t n, alloc;
	struct spindex *ix;
};

static void points_free(struct points *p)
{
	for (size_t i = 0; i < p->n; i++)
		free(p->location[i]);
	free(p->lat);
	free(p->lon);
	free(p->x);
	free(p->y);
	free(p->location);
	if (p->ix)
		spindex_free(p->ix);
	memset(p, 0, sizeof(*p));
}

/* One CSV record's fields (RFC 4180: quotes, doubled quotes, CRLF or LF). */
struct csv_fields {
	struct strbuf *v;
	size_t n, alloc;
};

struct csv {
	const char *p, *end;
	long line; /* of the next record */
};

static struct strbuf *csv_next_field(struct csv_fields *f)
{
	if (f->n == f->alloc) {
		size_t old = f->alloc;
		ALLOC_GROW(f->v, f->n + 1, f->alloc);
		for (size_t i = old; i < f->alloc; i++)
			sb_init(&f->v[i]);
	}
	sb_reset(&f->v[f->n]);
	return &f->v[f->n++];
}

static void csv_fields_release(struct csv_fields *f)
{
	for (size_t i = 0; i < f->alloc; i++)
		sb_release(&f->v[i]);
	free(f->v);
}

/* Returns 1 with a record, 0 at the end, -1 with *why. */
static int csv_record(struct csv *r, struct csv_fields *f, long *line, char **why)
{
	*line = r->line;
	f->n = 0;
	if (r->p >= r->end)
		return 0;
	for (;;) {
		struct strbuf *sb = csv_next_field(f);
		if (r->p < r->end && *r->p == '"') {
			r->p++;
			for (;;) {
				if (r->p >= r->end)
					return err_set(why, "a quoted field is not closed");
				if (*r->p == '"' && r->p + 1 < r->end && r->p[1] == '"') {
					sb_addc(sb, '"');
					r->p += 2;
				} else if (*r->p == '"') {
					r->p++;
					break;
				} else {
					if (*r->p == '\n')
						r->line++;
					sb_addc(sb, *r->p++);
				}
			}
			if (r->p < r->end && *r->p != ',' && *r->p != '\n' &&
			    !(*r->p == '\r' && r->p + 1 < r->end && r->p[1] == '\n'))
				return err_set(why, "text after a closing quote");
		} else {
			while (r->p < r->end && *r->p != ',' && *r->p != '\n' &&
			       !(*r->p == '\r' && r->p + 1 < r->end && r->p[1] == '\n'))
				sb_addc(sb, *r->p++);
		}
		if (r->p < r->end && *r->p == ',') {
			r->p++;
			continue;
		}
		if (r->p < r->end && *r->p == '\r')
			r->p++;
		if (r->p < r->end && *r->p == '\n')
			r->p++;
		r->line++;
		return 1;
	}
}

static char *trim(char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	size_t n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		s[--n] = '\0';
	return s;
}

static int read_file(const char *path, char **buf, size_t *len, char **why)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return err_set(why, "cannot open '%s': %s", path, strerror_lc(errno));
	struct strbuf sb = STRBUF_INIT;
	char chunk[65536];
	size_t n;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
		if (sb.len + n > (size_t)MAX_POINTS_BYTES) {
			fclose(f);
			sb_release(&sb);
			return err_set(why, "'%s' is larger than 1 GiB", path);
		}
		sb_add(&sb, chunk, n);
	}
	int bad = ferror(f);
	fclose(f);
	if (bad) {
		sb_release(&sb);
		return err_set(why, "cannot read '%s'", path);
	}
	*len = sb.len;
	*buf = sb_detach(&sb);
	return 0;
}

struct points_cols {
	long lon, lat, name, location;
};

static int points_header(const struct csv_fields *f, struct points_cols *c)
{
	c->lon = c->lat = c->name = c->location = -1;
	for (size_t i = 0; i < f->n; i++) {
		const char *h = trim(f->v[i].buf);
		if (c->lon < 0 && (!strcasecmp(h, "lon") || !strcasecmp(h, "longitude")))
			c->lon = (long)i;
		else if (c->lat < 0 && (!strcasecmp(h, "lat") || !strcasecmp(h, "latitude")))
			c->lat = (long)i;
		else if (c->name < 0 && !strcasecmp(h, "name"))
			c->name = (long)i;
		else if (c->location < 0 && !strcasecmp(h, "location"))
			c->location = (long)i;
	}
	/* a police.uk street-level file names its points in Location */
	if (c->name < 0)
		c->name = c->location;
	return c->lon < 0 || c->lat < 0 ? -1 : 0;
}

static int has_control(const char *s)
{
	for (; *s; s++) {
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return 1;
	}
	return 0;
}

static int points_row(struct points *p, struct geo *g, const struct csv_fields *f,
                      const struct points_cols *c, char **why)
{
	double lat, lon;
	if ((size_t)c->lon >= f->n || (size_t)c->lat >= f->n)
		return err_set(why, "expected a longitude and a latitude, found %zu field%s", f->n,
		               f->n == 1 ? "" : "s");
	const char *a = trim(f->v[c->lon].buf), *b = trim(f->v[c->lat].buf);
	if (!*a && !*b)
		return 0; /* no place (police.uk has such rows): not a point */
	if (parse_double(a, &lon) || lon < -180 || lon > 180)
		return err_set(why, "'%s' is not a longitude (-180 to 180)", a);
	if (parse_double(b, &lat) || lat < -90 || lat > 90)
		return err_set(why, "'%s' is not a latitude (-90 to 90)", b);
	if (!geo_in_area(g, lat, lon))
		return err_set(why,
		               "latitude %s, longitude %s lies outside the area of %s "
		               "(are the columns swapped?)",
		               b, a, geo_crs(g));
	const char *name = c->name >= 0 && (size_t)c->name < f->n ? trim(f->v[c->name].buf) : "";
	if (has_control(name))
		return err_set(why, "the name holds a line break or a control character");
	size_t had = p->alloc;
	ALLOC_GROW(p->lat, p->n + 1, p->alloc);
	if (p->alloc != had) {
		p->lon = xrealloc(p->lon, p->alloc * sizeof(*p->lon));
		p->location = xrealloc(p->location, p->alloc * sizeof(*p->location));
	}
	p->lat[p->n] = lat;
	p->lon[p->n] = lon;
	if (!*name)
		p->location[p->n] = NULL;
	else if (strncasecmp(name, "on or near ", 11) == 0)
		p->location[p->n] = xstrdup(name);
	else
		p->location[p->n] = xstrfmt("On or near %s", name);
	p->n++;
	return 0;
}

/*
 * Reads, checks and projects the public points of `path` and indexes them.
 * Errors come back as "PATH:LINE: reason".
 */
static int points_load(struct points *p, const char *path, struct geo *g, char **why)
{
	memset(p, 0, sizeof(*p));
	char *buf = NULL;
	size_t len = 0;
	if (read_file(path, &buf, &len, why))
		return -1;
	struct csv r = {buf, buf + len, 1};
	if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0)
		r.p += 3;
	struct csv_fields f = {0};
	struct points_cols cols = {-1, -1, -1, -1};
	long line = 1;
	char *reason = NULL;
	int rc = csv_record(&r, &f, &line, &reason);
	if (rc == 0)
		reason = xstrdup("the file is empty");
	else if (rc > 0 && points_header(&f, &cols))
		reason = xstrdup("the header needs lon,lat or longitude,latitude columns");
	while (!reason && (rc = csv_record(&r, &f, &line, &reason)) > 0) {
		if (f.n == 1 && !*trim(f.v[0].buf))
			continue; /* a blank line */
		points_row(p, g, &f, &cols, &reason);
	}
	csv_fields_release(&f);
	free(buf);
	if (!reason && p->n == 0) {
		line = 0;
		reason = xstrdup("holds no points");
	}
	if (reason) {
		if (line > 0)
			err_set(why, "%s:%ld: %s", path, line, reason);
		else
			err_set(why, "'%s' %s", path, reason);
		free(reason);
		points_free(p);
		return -1;
	}
	p->x = xmalloc(p->n * sizeof(double));
	p->y = xmalloc(p->n * sizeof(double));
	double *xy = xmalloc(2 * p->n * sizeof(double));
	for (size_t i = 0; i < p->n; i++) {
		xy[2 * i] = p->lat[i];
		xy[2 * i + 1] = p->lon[i];
	}
	if (geo_to_xy_many(g, xy, p->n, &reason)) {
		err_set(why, "'%s': %s", path, reason);
		free(reason);
		free(xy);
		points_free(p);
		return -1;
	}
	for (size_t i = 0; i < p->n; i++) {
		p->x[i] = xy[2 * i];
		p->y[i] = xy[2 * i + 1];
	}
	free(xy);
	p->ix = spindex_build(p->x, p->y, p->n, 0);
	return 0;
}

/* ---- collecting the rows ---- */

/* Everything a row publishes, and nothing else. */
struct share_row {
	char month[8];
	char token[SHARE_TOKEN_HEX + 1];
	const char *category;   /* static, from crime_types */
	const char *crime_type; /* static */
	char lat[FMT_DOUBLE_MAX], lon[FMT_DOUBLE_MAX];
	const char *location; /* static or owned by struct points */
	int reported;
};

struct share_opts {
	const char *force, *from, *to, *out, *points_path;
	const char *reporter;
	int xml;
	double grid;
	int64_t from_unix, to_unix;
};

struct collect {
	const struct share_opts *o;
	struct geo *g;
	const struct points *pts; /* NULL: the grid */
	unsigned char key[SHARE_KEY_BYTES];
	struct share_row *rows;
	size_t n, alloc;
	size_t no_location, from_police;
	char *why;
};

/* The anonymisation point for a projected place. */
static int anonymise(struct collect *c, double x, double y, struct share_row *row)
{
	double lat, lon;
	if (c->pts) {
		struct spindex_hit hit;
		if (spindex_nearest(c->pts->ix, x, y, &hit))
			return err_set(&c->why, "no public point is near an incident");
		lat = c->pts->lat[hit.idx];
		lon = c->pts->lon[hit.idx];
		row->location =
		        c->pts->location[hit.idx] ? c->pts->location[hit.idx] : GRID_LOCATION;
	} else {
		double cx, cy;
		char *why = NULL;
		share_grid_centre(x, y, c->o->grid, &cx, &cy);
		if (geo_to_latlon(c->g, cx, cy, &lat, &lon, &why)) {
			err_set(&c->why, "cannot place a grid centre: %s", why);
			free(why);
			return -1;
		}
		row->location = GRID_LOCATION;
	}
	fmt_coord(row->lat, lat);
	fmt_coord(row->lon, lon);
	return 0;
}

/*
 * Called with an incident loaded without personal fields.  Reads only the
 * id (into the token), the time (into the month), the category, the
 * projected place (into the anonymisation point), reported-to-police and
 * where the record came from.
 */
static int collect_one(void *ud, const struct incident *inc)
{
	struct collect *c = ud;
	const struct shomer_incident *p = &inc->pub;
	/* the filter's 0 means "no bound"; a month before 1970 needs this */
	if (p->occurred_unix < c->o->from_unix || p->occurred_unix >= c->o->to_unix)
		return 0;
	/* the police's own records, imported from data.police.uk: sending them
	 * back would count each crime twice, under our name */
	if (strcmp(inc->source, "police-uk") == 0) {
		c->from_police++;
		return 0;
	}
	if (!p->has_location || !isfinite(p->x) || !isfinite(p->y)) {
		c->no_location++;
		return 0;
	}
	const struct crime_type *t = crime_type_of(p->category);
	if (!t)
		return err_set(&c->why, "an incident has the unknown category '%s'", p->category);
	struct share_row row = {.category = t->category, .crime_type = t->crime_type};
	time_format_month(p->occurred_unix, row.month);
	share_token(c->key, c->o->force, p->id, row.token);
	row.reported = p->reported_to_police != 0;
	if (anonymise(c, p->x, p->y, &row))
		return -1;
	ALLOC_GROW(c->rows, c->n + 1, c->alloc);
	c->rows[c->n++] = row;
	return 0;
}

static int row_cmp(const void *a, const void *b)
{
	const struct share_row *x = a, *y = b;
	int d = strcmp(x->month, y->month);
	return d ? d : strcmp(x->token, y->token);
}

/* ---- writing ---- */

/* RFC 4180 quoting where needed; police.uk files end lines with LF. */
static void csv_field(FILE *f, const char *s, int last)
{
	if (strpbrk(s, ",\"\r\n")) {
		fputc('"', f);
		for (; *s; s++) {
			if (*s == '"')
				fputc('"', f);
			fputc(*s, f);
		}
		fputc('"', f);
	} else {
		fputs(s, f);
	}
	fputc(last ? '\n' : ',', f);
}

static int write_police_uk(FILE *f, const struct share_opts *o, const struct share_row *rows,
                           size_t n)
{
	fputs("Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,"
	      "LSOA name,Crime type,Last outcome category,Context\n",
	      f);
	for (size_t i = 0; i < n; i++) {
		const struct share_row *r = &rows[i];
		const char *cells[] = {
		        r->token,    r->month, o->reporter, o->force,      r->lon, r->lat,
		        r->location, "",       "",          r->crime_type, "",     r->category,
		};
		for (size_t k = 0; k < ARRAY_SIZE(cells); k++)
			csv_field(f, cells[k], k + 1 == ARRAY_SIZE(cells));
	}
	return ferror(f) ? -1 : 0;
}

static int write_xml(FILE *f, const struct share_opts *o, const struct share_row *rows, size_t n)
{
	xmlOutputBufferPtr ob = xmlOutputBufferCreateFile(f, NULL);
	xmlTextWriterPtr w = ob ? xmlNewTextWriter(ob) : NULL;
	if (!w)
		return -1;
	int bad = xmlTextWriterSetIndent(w, 1) < 0 ||
	          xmlTextWriterSetIndentString(w, BAD_CAST "  ") < 0 ||
	          xmlTextWriterStartDocument(w, "1.0", "UTF-8", NULL) < 0 ||
	          xmlTextWriterStartElementNS(w, NULL, BAD_CAST "incidents", BAD_CAST INCIDENT_NS) <
	                  0;
	for (size_t i = 0; i < n && !bad; i++) {
		const struct share_row *r = &rows[i];
		bad = xmlTextWriterStartElement(w, BAD_CAST "incident") < 0 ||
		      xmlTextWriterWriteAttribute(w, BAD_CAST "id", BAD_CAST r->token) < 0 ||
		      xmlTextWriterWriteElement(w, BAD_CAST "occurred", BAD_CAST r->month) < 0 ||
		      xmlTextWriterWriteElement(w, BAD_CAST "category", BAD_CAST r->category) < 0 ||
		      xmlTextWriterStartElement(w, BAD_CAST "location") < 0 ||
		      xmlTextWriterWriteAttribute(w, BAD_CAST "lat", BAD_CAST r->lat) < 0 ||
		      xmlTextWriterWriteAttribute(w, BAD_CAST "lon", BAD_CAST r->lon) < 0 ||
		      xmlTextWriterEndElement(w) < 0 ||
		      xmlTextWriterWriteElement(w, BAD_CAST "police-force", BAD_CAST o->force) <
		              0 ||
		      xmlTextWriterWriteElement(w, BAD_CAST "reported-to-police",
		                                BAD_CAST(r->reported ? "true" : "false")) < 0 ||
		      xmlTextWriterEndElement(w) < 0;
	}
	if (!bad)
		bad = xmlTextWriterEndDocument(w) < 0;
	xmlFreeTextWriter(w); /* flushes; the FILE stays open */
	return bad || ferror(f) ? -1 : 0;
}

/* ---- the force ---- */

struct forces {
	const char *want;
	struct strbuf known;
	int found;
	char *near_miss; /* the same name in another case */
};

static int force_row(void *ud, int ncols, const struct shomer_value *v)
{
	struct forces *fc = ud;
	(void)ncols;
	const char *name = v[0].u.s;
	if (strcmp(name, fc->want) == 0)
		fc->found = 1;
	else if (!fc->near_miss && strcasecmp(name, fc->want) == 0)
		fc->near_miss = xstrdup(name);
	if (fc->known.len)
		sb_adds(&fc->known, ", ");
	sb_addf(&fc->known, "'%s'", name);
	return 0;
}

/* 0 when some site or incident names `force`; else the exit code. */
static int check_force(struct store *st, const char *force)
{
	struct forces fc = {force, STRBUF_INIT, 0, NULL};
	char *why = NULL;
	if (store_query(st,
	                "SELECT police_force FROM sites WHERE police_force <> '' UNION "
	                "SELECT police_force FROM incidents WHERE police_force <> '' ORDER BY 1",
	                NULL, 0, force_row, &fc, &why)) {
		sb_release(&fc.known);
		free(fc.near_miss);
		return cli_fail_msg(SHOMER_EXIT_FAILED, &why);
	}
	int rc = 0;
	if (!fc.found && fc.near_miss)
		rc = cli_fail(SHOMER_EXIT_REJECTED,
		              "no site or incident names police force '%s' (did you mean '%s'?); "
		              "known forces: %s",
		              force, fc.near_miss, fc.known.buf);
	else if (!fc.found && fc.known.len)
		rc = cli_fail(SHOMER_EXIT_REJECTED,
		              "no site or incident names police force '%s'; known forces: %s",
		              force, fc.known.buf);
	else if (!fc.found)
		rc = cli_fail(SHOMER_EXIT_REJECTED,
		              "no site or incident names police force '%s'; the database names "
		              "no police force at all",
		              force);
	sb_release(&fc.known);
	free(fc.near_miss);
	return rc;
}

/* ---- the command ---- */

static int share_usage(const char *fmt, ...) UTIL_PRINTF(1, 2);

static int share_usage(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *msg = xstrvfmt(fmt, ap);
	va_end(ap);
	int rc = cli_usage("incidents", "incidents share: %s", msg);
	free(msg);
	return rc;
}

static int parse_args(int argc, char **argv, struct share_opts *o)
{
	static const struct option opts[] = {
	        {"force", required_argument, NULL, 'f'},
	        {"from", required_argument, NULL, 'F'},
	        {"to", required_argument, NULL, 'T'},
	        {"format", required_argument, NULL, 'm'},
	        {"grid", required_argument, NULL, 'g'},
	        {"points", required_argument, NULL, 'p'},
	        {"reporter", required_argument, NULL, 'r'},
	        {"out", required_argument, NULL, 'o'},
	        {NULL, 0, NULL, 0},
	};
	const char *grid = NULL, *format = "police-uk";
	int o_, saved_opterr = opterr;
	optind = 0;
	opterr = 0; /* our own message, naming the command */
	while ((o_ = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		switch (o_) {
		case 'f': o->force = optarg; break;
		case 'F': o->from = optarg; break;
		case 'T': o->to = optarg; break;
		case 'm': format = optarg; break;
		case 'g': grid = optarg; break;
		case 'p': o->points_path = optarg; break;
		case 'r': o->reporter = optarg; break;
		case 'o': o->out = optarg; break;
		case ':':
			opterr = saved_opterr;
			return share_usage("%s needs a value", argv[optind - 1]);
		default:
			opterr = saved_opterr;
			return share_usage("unknown option '%s'", argv[optind - 1]);
		}
	}
	opterr = saved_opterr;
	if (optind != argc)
		return share_usage("unexpected argument '%s'", argv[optind]);
	if (!o->force || !*o->force)
		return share_usage("--force NAME is required");
	if (!o->from || !o->to)
		return share_usage("--from YYYY-MM and --to YYYY-MM are required");
	if (!o->out || !*o->out)
		return share_usage("--out FILE is required");
	if (strcmp(format, "police-uk") == 0)
		o->xml = 0;
	else if (strcmp(format, "xml") == 0)
		o->xml = 1;
	else
		return share_usage("unknown format '%s' (police-uk or xml)", format);
	int64_t from_next, to_start;
	if (share_parse_month(o->from, &o->from_unix, &from_next))
		return share_usage("--from '%s' is not a month (YYYY-MM)", o->from);
	if (share_parse_month(o->to, &to_start, &o->to_unix))
		return share_usage("--to '%s' is not a month (YYYY-MM)", o->to);
	if (o->from_unix > to_start)
		return share_usage("--from %s is after --to %s", o->from, o->to);
	if (grid && o->points_path)
		return share_usage("--grid and --points are alternatives");
	o->grid = DEFAULT_GRID_M;
	if (grid && (parse_double(grid, &o->grid) || !(o->grid > 0) || o->grid > MAX_GRID_M))
		return share_usage("--grid '%s' is not a cell size in metres "
		                   "(more than 0, at most 100000)",
		                   grid);
	if (o->reporter && o->xml)
		return share_usage("--reporter belongs to --format police-uk");
	if (o->reporter && (!*o->reporter || has_control(o->reporter)))
		return share_usage("--reporter '%s' is not a one-line name", o->reporter);
	if (!o->reporter)
		o->reporter = DEFAULT_REPORTER;
	return 0;
}

static int write_out(const struct share_opts *o, const struct collect *col)
{
	char *why = NULL;
	FILE *f = cli_open_out(o->out, &why);
	if (!f)
		return cli_fail_msg(SHOMER_EXIT_FAILED, &why);
	int bad = o->xml ? write_xml(f, o, col->rows, col->n)
	                 : write_police_uk(f, o, col->rows, col->n);
	int closed = cli_close_out(f, o->out, &why);
	if (bad || closed) {
		if (strcmp(o->out, "-") != 0)
			unlink(o->out);
		return why ? cli_fail_msg(SHOMER_EXIT_FAILED, &why)
		           : cli_fail(SHOMER_EXIT_FAILED, "cannot write '%s'", o->out);
	}
	return 0;
}

static void summary(const struct share_opts *o, const struct collect *col)
{
	struct strbuf sb = STRBUF_INIT;
	sb_addf(&sb, "shared %zu incident%s of '%s' from %s to %s", col->n, col->n == 1 ? "" : "s",
	        o->force, o->from, o->to);
	if (o->points_path)
		sb_addf(&sb, " (nearest of %zu public points)", col->pts->n);
	else
		sb_addf(&sb, " (grid of %g m)", o->grid);
	if (strcmp(o->out, "-") != 0)
		sb_addf(&sb, " to '%s'", o->out);
	if (col->no_location)
		sb_addf(&sb, "; %zu without a location left out", col->no_location);
	if (col->from_police)
		sb_addf(&sb, "; %zu imported from data.police.uk left out", col->from_police);
	fprintf(stderr, "shomer: %s\n", sb.buf);
	if (!o->points_path && o->grid < 100)
		fprintf(stderr,
		        "shomer: warning: a grid cell under 100 m can single out one building\n");
	sb_release(&sb);
}

int share_run(struct cli *c, int argc, char **argv)
{
	struct share_opts o = {0};
	int rc = parse_args(argc, argv, &o);
	if (rc)
		return rc;
	struct host *h = c->host;
	rc = check_force(h->store, o.force);
	if (rc)
		return rc;
	struct points pts = {0};
	char *why = NULL;
	if (o.points_path && points_load(&pts, o.points_path, h->geo, &why))
		return cli_fail_msg(SHOMER_EXIT_REJECTED, &why);
	struct collect col = {.o = &o, .g = h->geo, .pts = o.points_path ? &pts : NULL};
	struct shomer_incident_filter f = {
	        .size = sizeof(f),
	        .from_unix = o.from_unix,
	        .to_unix = o.to_unix,
	        .police_force = o.force,
	};
	if (token_key(h->store, col.key, &why) ||
	    incident_foreach(h->store, &f, 0, collect_one, &col, &why)) {
		rc = SHOMER_EXIT_FAILED;
		if (col.why) {
			free(why);
			why = col.why;
			col.why = NULL;
		}
		cli_fail_msg(rc, &why);
	}
	if (rc == 0) {
		if (col.n) /* rows is NULL when there are none */
			qsort(col.rows, col.n, sizeof(*col.rows), row_cmp);
		rc = write_out(&o, &col);
	}
	if (rc == 0)
		summary(&o, &col);
	memset(col.key, 0, sizeof(col.key));
	free(col.rows);
	free(col.why);
	points_free(&pts);
	return rc;
}
