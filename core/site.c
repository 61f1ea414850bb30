/*
 * site.c - see site.h.
 */
#include "site.h"

#include <math.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "geo.h"
#include "polygon.h"
#include "store.h"
#include "util.h"

#include "banned.h"

const char *const site_day_names[7] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};

void site_init(struct site *s)
{
	memset(s, 0, sizeof(*s));
	site_sync_view(s);
}

static void free_strv(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

void site_release(struct site *s)
{
	free(s->id);
	free(s->name);
	free(s->kind);
	free(s->region);
	free(s->police_force);
	free(s->address);
	free(s->postcode);
	free(s->notes);
	free(s->perimeter);
	free(s->perimeter_ll);
	free(s->sessions);
	free_strv(s->session_labels, s->pub.n_sessions);
	free_strv(s->tags, s->pub.n_tags);
	site_init(s);
}

static const char *or_empty(const char *s)
{
	return s ? s : "";
}

void site_sync_view(struct site *s)
{
	struct shomer_site *p = &s->pub;
	p->id = or_empty(s->id);
	p->name = or_empty(s->name);
	p->kind = or_empty(s->kind);
	p->region = or_empty(s->region);
	p->police_force = or_empty(s->police_force);
	p->address = or_empty(s->address);
	p->postcode = or_empty(s->postcode);
	p->notes = or_empty(s->notes);
	p->perimeter = s->perimeter;
	p->perimeter_ll = s->perimeter_ll;
	p->sessions = s->sessions;
	for (size_t i = 0; i < p->n_sessions; i++)
		s->sessions[i].label = s->session_labels[i];
	p->tags = (const char *const *)s->tags;
}

int site_parse_time(const char *s)
{
	if (strlen(s) != 5 || s[2] != ':')
		return -1;
	for (int i = 0; i < 5; i++) {
		if (i != 2 && (s[i] < '0' || s[i] > '9'))
			return -1;
	}
	int h = (s[0] - '0') * 10 + (s[1] - '0'), m = (s[3] - '0') * 10 + (s[4] - '0');
	if (m > 59 || h > 24 || (h == 24 && m != 0))
		return -1;
	return h * 60 + m;
}

void site_problems_release(struct site_problems *p)
{
	for (size_t i = 0; i < p->n; i++)
		free(p->v[i].msg);
	free(p->v);
	p->v = NULL;
	p->n = p->alloc = 0;
}

static int problem(struct site_problems *p, long line, const char *fmt, ...) UTIL_PRINTF(3, 4);
static int problem(struct site_problems *p, long line, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	ALLOC_GROW(p->v, p->n + 1, p->alloc);
	p->v[p->n].line = line;
	p->v[p->n].msg = xstrvfmt(fmt, ap);
	p->n++;
	va_end(ap);
	return -1;
}

/* ---- reading XML ---- */

static int is_site_elem(const xmlNode *n, const char *name)
{
	return n->type == XML_ELEMENT_NODE && n->ns && n->ns->href &&
	       strcmp((const char *)n->ns->href, SITE_NS) == 0 &&
	       strcmp((const char *)n->name, name) == 0;
}

/* The element's text, as stored (xs:string keeps its spaces). */
static char *elem_text(const xmlNode *n)
{
	xmlChar *c = xmlNodeGetContent(n);
	char *s = xstrdup(c ? (const char *)c : "");
	xmlFree(c);
	return s;
}

/* xs:token semantics: leading/trailing space gone, inner runs collapsed. */
static char *collapse(char *s)
{
	char *r = s, *w = s;
	int space = 0;
	while (*r == ' ' || *r == '\t' || *r == '\n' || *r == '\r')
		r++;
	for (; *r; r++) {
		if (*r == ' ' || *r == '\t' || *r == '\n' || *r == '\r') {
			space = 1;
			continue;
		}
		if (space && w != s)
			*w++ = ' ';
		space = 0;
		*w++ = *r;
	}
	*w = '\0';
	return s;
}

static char *attr_dup(const xmlNode *n, const char *name)
{
	xmlChar *v = xmlGetNoNsProp(n, (const xmlChar *)name);
	if (!v)
		return NULL;
	char *s = xstrdup((const char *)v);
	xmlFree(v);
	return collapse(s);
}

static int read_latlon(const xmlNode *n, double *lat, double *lon, struct site_problems *probs)
{
	char *a = attr_dup(n, "lat"), *b = attr_dup(n, "lon");
	int rc = 0;
	long line = xmlGetLineNo(n);
	if (!a || parse_double(a, lat))
		rc = problem(probs, line, "latitude '%s' is not a number", a ? a : "");
	else if (*lat < -90 || *lat > 90)
		rc = problem(probs, line, "latitude %s is out of range (-90 to 90)", a);
	if (!b || parse_double(b, lon))
		rc = problem(probs, line, "longitude '%s' is not a number", b ? b : "");
	else if (*lon < -180 || *lon > 180)
		rc = problem(probs, line, "longitude %s is out of range (-180 to 180)", b);
	free(a);
	free(b);
	return rc;
}

static int read_perimeter(const xmlNode *per, struct geo *g, struct site *s,
                          struct site_problems *probs)
{
	size_t n = 0, alloc = 0;
	struct shomer_xy *ll = NULL;
	long line = xmlGetLineNo(per);
	int bad = 0;
	for (const xmlNode *c = per->children; c; c = c->next) {
		if (!is_site_elem(c, "point"))
			continue;
		ALLOC_GROW(ll, n + 1, alloc);
		if (read_latlon(c, &ll[n].y, &ll[n].x, probs))
			bad = 1;
		n++;
	}
	if (bad) {
		free(ll);
		return -1;
	}
	if (n < 4 || ll[0].x != ll[n - 1].x || ll[0].y != ll[n - 1].y) {
		free(ll);
		if (n < 4)
			return problem(probs, line,
			               "perimeter of site '%s' has %zu points; a closed ring needs "
			               "at least 4 (the last repeating the first)",
			               s->id, n);
		return problem(probs, line,
		               "perimeter of site '%s' is not closed: the last point must repeat "
		               "the first",
		               s->id);
	}
	n--; /* drop the closing point: rings are stored open */
	double *xy = xmalloc(2 * n * sizeof(double));
	for (size_t i = 0; i < n; i++) {
		xy[2 * i] = ll[i].y;
		xy[2 * i + 1] = ll[i].x;
	}
	char *why = NULL;
	if (geo_to_xy_many(g, xy, n, &why)) {
		problem(probs, line, "perimeter of site '%s' cannot be projected: %s", s->id, why);
		free(why);
		free(xy);
		free(ll);
		return -1;
	}
	/* struct poly_pt and struct shomer_xy are both two doubles x, y. */
	struct shomer_xy *pts = xmalloc(n * sizeof(*pts));
	for (size_t i = 0; i < n; i++) {
		pts[i].x = xy[2 * i];
		pts[i].y = xy[2 * i + 1];
	}
	free(xy);
	struct poly_pt *ring = xmalloc(n * sizeof(*ring));
	for (size_t i = 0; i < n; i++) {
		ring[i].x = pts[i].x;
		ring[i].y = pts[i].y;
	}
	int rc = poly_check_simple(ring, n, &why);
	free(ring);
	if (rc) {
		problem(probs, line, "perimeter of site '%s' is not a simple polygon: %s", s->id,
		        why);
		free(why);
		free(pts);
		free(ll);
		return -1;
	}
	s->perimeter = pts;
	s->perimeter_ll = ll;
	s->pub.n_perimeter = n;
	return 0;
}

static int read_session(const xmlNode *c, struct site *s, size_t *alloc,
                        struct site_problems *probs)
{
	char *day = attr_dup(c, "day"), *start = attr_dup(c, "start"), *end = attr_dup(c, "end");
	char *label = NULL, *att = attr_dup(c, "attendance");
	xmlChar *raw = xmlGetNoNsProp(c, (const xmlChar *)"label");
	label = xstrdup(raw ? (const char *)raw : "");
	xmlFree(raw);
	struct shomer_session ses = {.day = -1};
	for (int d = 0; d < 7; d++) {
		if (day && strcmp(day, site_day_names[d]) == 0)
			ses.day = d;
	}
	ses.start_min = start ? site_parse_time(start) : -1;
	ses.end_min = end ? site_parse_time(end) : -1;
	long a = 0;
	int rc = 0;
	if (ses.day < 0 || ses.start_min < 0 || ses.end_min < 0 || (att && parse_long(att, &a)) ||
	    a < 0 || a > 1000000)
		rc = problem(probs, xmlGetLineNo(c), "malformed session in site '%s'", s->id);
	else if (ses.start_min == ses.end_min)
		rc = problem(probs, xmlGetLineNo(c),
		             "session '%s' of site '%s' starts and ends at %s", label, s->id,
		             start);
	if (rc == 0) {
		ses.attendance = (int)a;
		size_t n = s->pub.n_sessions;
		size_t la = *alloc;
		ALLOC_GROW(s->sessions, n + 1, *alloc);
		ALLOC_GROW(s->session_labels, n + 1, la);
		s->sessions[n] = ses;
		s->session_labels[n] = label;
		s->pub.n_sessions = n + 1;
		label = NULL;
	}
	free(day);
	free(start);
	free(end);
	free(label);
	free(att);
	return rc;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void read_tags(const xmlNode *tags, struct site *s)
{
	size_t n = 0, alloc = 0;
	for (const xmlNode *c = tags->children; c; c = c->next) {
		if (!is_site_elem(c, "tag"))
			continue;
		char *t = collapse(elem_text(c));
		int dup = 0;
		for (size_t i = 0; i < n; i++)
			dup |= strcmp(s->tags[i], t) == 0;
		if (dup) {
			free(t);
			continue;
		}
		ALLOC_GROW(s->tags, n + 1, alloc);
		s->tags[n++] = t;
	}
	/* Tags are a set: keep them sorted so that export is canonical. */
	if (n)
		qsort(s->tags, n, sizeof(*s->tags), cmp_str);
	s->pub.n_tags = n;
}

static int read_capacity(const xmlNode *c, struct site *s, struct site_problems *probs)
{
	char *t = collapse(elem_text(c));
	long v;
	int rc = 0;
	if (parse_long(t, &v) || v < 0 || v > 10000000)
		rc = problem(probs, xmlGetLineNo(c), "capacity '%s' of site '%s' is not a count", t,
		             s->id);
	else
		s->pub.capacity = (int)v;
	free(t);
	return rc;
}

int site_from_xml(xmlNode *node, struct geo *g, struct site *out, struct site_problems *probs)
{
	size_t before = probs->n, sess_alloc = 0;
	int have_location = 0;
	site_init(out);
	out->id = attr_dup(node, "id");
	if (!out->id || !*out->id) {
		site_sync_view(out);
		return problem(probs, xmlGetLineNo(node), "site has no id");
	}
	for (xmlNode *c = node->children; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE || !c->ns ||
		    strcmp((const char *)c->ns->href, SITE_NS) != 0)
			continue;
		const char *nm = (const char *)c->name;
		if (strcmp(nm, "name") == 0) {
			out->name = elem_text(c);
		} else if (strcmp(nm, "kind") == 0) {
			out->kind = collapse(elem_text(c));
		} else if (strcmp(nm, "region") == 0) {
			out->region = elem_text(c);
		} else if (strcmp(nm, "police-force") == 0) {
			out->police_force = elem_text(c);
		} else if (strcmp(nm, "address") == 0) {
			out->address = elem_text(c);
		} else if (strcmp(nm, "postcode") == 0) {
			out->postcode = collapse(elem_text(c));
		} else if (strcmp(nm, "notes") == 0) {
			out->notes = elem_text(c);
		} else if (strcmp(nm, "location") == 0) {
			have_location = read_latlon(c, &out->pub.lat, &out->pub.lon, probs) == 0;
		} else if (strcmp(nm, "perimeter") == 0) {
			read_perimeter(c, g, out, probs);
		} else if (strcmp(nm, "capacity") == 0) {
			read_capacity(c, out, probs);
		} else if (strcmp(nm, "schedule") == 0) {
			for (const xmlNode *ss = c->children; ss; ss = ss->next) {
				if (is_site_elem(ss, "session"))
					read_session(ss, out, &sess_alloc, probs);
			}
		} else if (strcmp(nm, "tags") == 0) {
			read_tags(c, out);
		}
	}
	if (!out->name || !out->kind || !out->region)
		problem(probs, xmlGetLineNo(node), "site '%s' lacks a name, kind or region", out->id);
	if (!have_location && probs->n == before)
		problem(probs, xmlGetLineNo(node), "site '%s' has no location", out->id);
	if (have_location) {
		char *why = NULL;
		if (geo_to_xy(g, out->pub.lat, out->pub.lon, &out->pub.x, &out->pub.y, &why)) {
			problem(probs, xmlGetLineNo(node), "location of site '%s' cannot be projected: %s",
			        out->id, why);
			free(why);
		}
	}
	site_sync_view(out);
	return probs->n == before ? 0 : -1;
}

/* ---- writing XML ---- */

static int w_elem(xmlTextWriterPtr w, const char *name, const char *text)
{
	return xmlTextWriterWriteElement(w, BAD_CAST name, BAD_CAST text) < 0 ? -1 : 0;
}

static int w_attr(xmlTextWriterPtr w, const char *name, const char *value)
{
	return xmlTextWriterWriteAttribute(w, BAD_CAST name, BAD_CAST value) < 0 ? -1 : 0;
}

static int w_point(xmlTextWriterPtr w, const char *name, double lat, double lon)
{
	char a[FMT_DOUBLE_MAX], b[FMT_DOUBLE_MAX];
	if (xmlTextWriterStartElement(w, BAD_CAST name) < 0 ||
	    w_attr(w, "lat", fmt_double(a, lat)) || w_attr(w, "lon", fmt_double(b, lon)) ||
	    xmlTextWriterEndElement(w) < 0)
		return -1;
	return 0;
}

static void fmt_hhmm(char buf[8], int min)
{
	snprintf(buf, 8, "%02d:%02d", (min / 60) % 100, min % 60);
}

static int w_schedule(xmlTextWriterPtr w, const struct site *s)
{
	const struct shomer_site *p = &s->pub;
	if (xmlTextWriterStartElement(w, BAD_CAST "schedule") < 0)
		return -1;
	for (size_t i = 0; i < p->n_sessions; i++) {
		const struct shomer_session *ss = &p->sessions[i];
		char a[8], b[8], n[24];
		fmt_hhmm(a, ss->start_min);
		fmt_hhmm(b, ss->end_min);
		snprintf(n, sizeof(n), "%d", ss->attendance);
		if (xmlTextWriterStartElement(w, BAD_CAST "session") < 0 ||
		    w_attr(w, "day", site_day_names[ss->day]) || w_attr(w, "start", a) ||
		    w_attr(w, "end", b) || w_attr(w, "label", ss->label) ||
		    w_attr(w, "attendance", n) || xmlTextWriterEndElement(w) < 0)
			return -1;
	}
	return xmlTextWriterEndElement(w) < 0 ? -1 : 0;
}

int site_write_xml_open(xmlTextWriterPtr w, const struct site *s)
{
	const struct shomer_site *p = &s->pub;
	if (xmlTextWriterStartElement(w, BAD_CAST "site") < 0 || w_attr(w, "id", p->id) ||
	    w_elem(w, "name", p->name) || w_elem(w, "kind", p->kind) ||
	    w_elem(w, "region", p->region))
		return -1;
	if (*p->police_force && w_elem(w, "police-force", p->police_force))
		return -1;
	if (*p->address && w_elem(w, "address", p->address))
		return -1;
	if (*p->postcode && w_elem(w, "postcode", p->postcode))
		return -1;
	if (w_point(w, "location", p->lat, p->lon))
		return -1;
	if (p->n_perimeter) {
		if (xmlTextWriterStartElement(w, BAD_CAST "perimeter") < 0)
			return -1;
		for (size_t i = 0; i <= p->n_perimeter; i++) {
			const struct shomer_xy *q = &p->perimeter_ll[i % p->n_perimeter];
			if (w_point(w, "point", q->y, q->x))
				return -1;
		}
		if (xmlTextWriterEndElement(w) < 0)
			return -1;
	}
	if (p->capacity) {
		char n[24];
		snprintf(n, sizeof(n), "%d", p->capacity);
		if (w_elem(w, "capacity", n))
			return -1;
	}
	if (p->n_sessions && w_schedule(w, s))
		return -1;
	if (*p->notes && w_elem(w, "notes", p->notes))
		return -1;
	if (p->n_tags) {
		if (xmlTextWriterStartElement(w, BAD_CAST "tags") < 0)
			return -1;
		for (size_t i = 0; i < p->n_tags; i++) {
			if (w_elem(w, "tag", p->tags[i]))
				return -1;
		}
		if (xmlTextWriterEndElement(w) < 0)
			return -1;
	}
	return 0;
}

/* ---- database ---- */

/* "a b,c d,..." with the shortest exact form of each number. */
static char *ring_to_text(const struct shomer_xy *pts, size_t n, int shortest)
{
	struct strbuf sb = STRBUF_INIT;
	char a[FMT_DOUBLE_MAX], b[FMT_DOUBLE_MAX];
	for (size_t i = 0; i < n; i++) {
		if (shortest)
			sb_addf(&sb, "%s%s %s", i ? "," : "", fmt_double(a, pts[i].x),
			        fmt_double(b, pts[i].y));
		else
			sb_addf(&sb, "%s%s %s", i ? "," : "", fmt_fixed(a, pts[i].x, 3),
			        fmt_fixed(b, pts[i].y, 3));
	}
	return sb_detach(&sb);
}

static struct shomer_xy *ring_from_text(const char *t, size_t *n)
{
	size_t alloc = 0;
	struct shomer_xy *pts = NULL;
	*n = 0;
	while (t && *t) {
		char *end;
		double x = strtod(t, &end);
		double y = strtod(end, &end);
		ALLOC_GROW(pts, *n + 1, alloc);
		pts[*n].x = x;
		pts[*n].y = y;
		(*n)++;
		t = *end == ',' ? end + 1 : NULL;
	}
	return pts;
}

#define SITE_COLUMNS                                                                  \
	"id, name, kind, region, police_force, address, postcode, lat, lon, x, y, " \
	"perimeter_ll, perimeter_xy, capacity, notes"

static const char *col_text(sqlite3_stmt *st, int i)
{
	const char *s = (const char *)sqlite3_column_text(st, i);
	return s ? s : "";
}

static int load_children(struct store *st, struct site *s, char **errmsg)
{
	sqlite3_stmt *q = store_prepare(st,
	                                "SELECT day, start_min, end_min, label, attendance "
	                                "FROM site_sessions WHERE site_id = ? ORDER BY seq",
	                                errmsg);
	if (!q)
		return -1;
	sqlite3_bind_text(q, 1, s->id, -1, SQLITE_STATIC);
	size_t alloc = 0, la = 0, n = 0;
	while (sqlite3_step(q) == SQLITE_ROW) {
		ALLOC_GROW(s->sessions, n + 1, alloc);
		ALLOC_GROW(s->session_labels, n + 1, la);
		s->sessions[n].day = sqlite3_column_int(q, 0);
		s->sessions[n].start_min = sqlite3_column_int(q, 1);
		s->sessions[n].end_min = sqlite3_column_int(q, 2);
		s->session_labels[n] = xstrdup(col_text(q, 3));
		s->sessions[n].attendance = sqlite3_column_int(q, 4);
		n++;
	}
	sqlite3_reset(q);
	s->pub.n_sessions = n;

	q = store_prepare(st, "SELECT tag FROM site_tags WHERE site_id = ? ORDER BY tag", errmsg);
	if (!q)
		return -1;
	sqlite3_bind_text(q, 1, s->id, -1, SQLITE_STATIC);
	alloc = n = 0;
	while (sqlite3_step(q) == SQLITE_ROW) {
		ALLOC_GROW(s->tags, n + 1, alloc);
		s->tags[n++] = xstrdup(col_text(q, 0));
	}
	sqlite3_reset(q);
	s->pub.n_tags = n;
	return 0;
}

static void site_from_row(sqlite3_stmt *q, struct site *s)
{
	site_init(s);
	s->id = xstrdup(col_text(q, 0));
	s->name = xstrdup(col_text(q, 1));
	s->kind = xstrdup(col_text(q, 2));
	s->region = xstrdup(col_text(q, 3));
	s->police_force = xstrdup(col_text(q, 4));
	s->address = xstrdup(col_text(q, 5));
	s->postcode = xstrdup(col_text(q, 6));
	s->pub.lat = sqlite3_column_double(q, 7);
	s->pub.lon = sqlite3_column_double(q, 8);
	s->pub.x = sqlite3_column_double(q, 9);
	s->pub.y = sqlite3_column_double(q, 10);
	size_t n1, n2;
	s->perimeter_ll = ring_from_text(col_text(q, 11), &n1);
	s->perimeter = ring_from_text(col_text(q, 12), &n2);
	s->pub.n_perimeter = n1 < n2 ? n1 : n2;
	s->pub.capacity = sqlite3_column_int(q, 13);
	s->notes = xstrdup(col_text(q, 14));
}

int site_load(struct store *st, const char *id, struct site *out, int *found, char **errmsg)
{
	*found = 0;
	site_init(out);
	sqlite3_stmt *q = store_prepare(st, "SELECT " SITE_COLUMNS " FROM sites WHERE id = ?",
	                                errmsg);
	if (!q)
		return -1;
	sqlite3_bind_text(q, 1, id, -1, SQLITE_TRANSIENT);
	int rc = sqlite3_step(q);
	if (rc == SQLITE_ROW) {
		site_from_row(q, out);
		*found = 1;
	}
	sqlite3_reset(q);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return err_set(errmsg, "cannot read site '%s'", id);
	if (*found && load_children(st, out, errmsg)) {
		site_release(out);
		return -1;
	}
	site_sync_view(out);
	return 0;
}

static int same_str(const char *a, const char *b)
{
	return strcmp(or_empty(a), or_empty(b)) == 0;
}

static int same_site(const struct site *a, const struct site *b)
{
	const struct shomer_site *p = &a->pub, *q = &b->pub;
	if (!same_str(p->name, q->name) || !same_str(p->kind, q->kind) ||
	    !same_str(p->region, q->region) || !same_str(p->police_force, q->police_force) ||
	    !same_str(p->address, q->address) || !same_str(p->postcode, q->postcode) ||
	    !same_str(p->notes, q->notes) || p->lat != q->lat || p->lon != q->lon ||
	    p->capacity != q->capacity || p->n_perimeter != q->n_perimeter ||
	    p->n_sessions != q->n_sessions || p->n_tags != q->n_tags)
		return 0;
	for (size_t i = 0; i < p->n_perimeter; i++) {
		if (p->perimeter_ll[i].x != q->perimeter_ll[i].x ||
		    p->perimeter_ll[i].y != q->perimeter_ll[i].y)
			return 0;
	}
	for (size_t i = 0; i < p->n_sessions; i++) {
		const struct shomer_session *x = &p->sessions[i], *y = &q->sessions[i];
		if (x->day != y->day || x->start_min != y->start_min || x->end_min != y->end_min ||
		    x->attendance != y->attendance || strcmp(x->label, y->label) != 0)
			return 0;
	}
	for (size_t i = 0; i < p->n_tags; i++) {
		if (strcmp(p->tags[i], q->tags[i]) != 0)
			return 0;
	}
	return 1;
}

static int write_children(struct store *st, const struct site *s, char **errmsg)
{
	const struct shomer_site *p = &s->pub;
	struct shomer_value del[] = {SHOMER_V_TEXT(p->id)};
	if (store_exec(st, "DELETE FROM site_sessions WHERE site_id = ?", del, 1, errmsg) ||
	    store_exec(st, "DELETE FROM site_tags WHERE site_id = ?", del, 1, errmsg))
		return -1;
	for (size_t i = 0; i < p->n_sessions; i++) {
		const struct shomer_session *ss = &p->sessions[i];
		struct shomer_value v[] = {
			SHOMER_V_TEXT(p->id),           SHOMER_V_INT((int64_t)i),
			SHOMER_V_INT(ss->day),          SHOMER_V_INT(ss->start_min),
			SHOMER_V_INT(ss->end_min),      SHOMER_V_TEXT(ss->label),
			SHOMER_V_INT(ss->attendance),
		};
		if (store_exec(st,
		               "INSERT INTO site_sessions (site_id, seq, day, start_min, end_min, "
		               "label, attendance) VALUES (?, ?, ?, ?, ?, ?, ?)",
		               v, ARRAY_SIZE(v), errmsg))
			return -1;
	}
	for (size_t i = 0; i < p->n_tags; i++) {
		struct shomer_value v[] = {SHOMER_V_TEXT(p->id), SHOMER_V_TEXT(p->tags[i])};
		if (store_exec(st, "INSERT INTO site_tags (site_id, tag) VALUES (?, ?)", v, 2, errmsg))
			return -1;
	}
	return 0;
}

int site_upsert(struct store *st, const struct site *s, int *changed, char **errmsg)
{
	const struct shomer_site *p = &s->pub;
	struct site old;
	int found;
	if (site_load(st, p->id, &old, &found, errmsg))
		return -1;
	if (found && same_site(&old, s)) {
		site_release(&old);
		*changed = 0;
		return 0;
	}
	site_release(&old);
	*changed = found ? 2 : 1;

	char *ll = ring_to_text(p->perimeter_ll, p->n_perimeter, 1);
	char *xy = ring_to_text(p->perimeter, p->n_perimeter, 0);
	struct shomer_value v[] = {
		SHOMER_V_TEXT(p->id),       SHOMER_V_TEXT(p->name),     SHOMER_V_TEXT(p->kind),
		SHOMER_V_TEXT(p->region),   SHOMER_V_TEXT(p->police_force),
		SHOMER_V_TEXT(p->address),  SHOMER_V_TEXT(p->postcode), SHOMER_V_REAL(p->lat),
		SHOMER_V_REAL(p->lon),      SHOMER_V_REAL(p->x),        SHOMER_V_REAL(p->y),
		SHOMER_V_TEXT(ll),          SHOMER_V_TEXT(xy),          SHOMER_V_INT(p->capacity),
		SHOMER_V_TEXT(p->notes),
	};
	/* An upsert, never INSERT OR REPLACE: a replace would delete the row and
	 * cascade away every plugin's records of the site. */
	int rc = store_exec(st,
	                    "INSERT INTO sites (" SITE_COLUMNS ") VALUES "
	                    "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
	                    "ON CONFLICT (id) DO UPDATE SET name = excluded.name, "
	                    "kind = excluded.kind, region = excluded.region, "
	                    "police_force = excluded.police_force, address = excluded.address, "
	                    "postcode = excluded.postcode, lat = excluded.lat, lon = excluded.lon, "
	                    "x = excluded.x, y = excluded.y, perimeter_ll = excluded.perimeter_ll, "
	                    "perimeter_xy = excluded.perimeter_xy, capacity = excluded.capacity, "
	                    "notes = excluded.notes",
	                    v, ARRAY_SIZE(v), errmsg);
	free(ll);
	free(xy);
	if (rc)
		return -1;
	return write_children(st, s, errmsg);
}

int site_foreach(struct store *st, const struct shomer_site_filter *f, site_cb cb, void *ud,
                 char **errmsg)
{
	struct strbuf sql = STRBUF_INIT;
	struct shomer_value params[4];
	size_t np = 0;
	sb_adds(&sql, "SELECT " SITE_COLUMNS " FROM sites WHERE 1 = 1");
	if (f && f->region) {
		sb_adds(&sql, " AND region = ?");
		params[np++] = SHOMER_V_TEXT(f->region);
	}
	if (f && f->kind) {
		sb_adds(&sql, " AND kind = ?");
		params[np++] = SHOMER_V_TEXT(f->kind);
	}
	if (f && f->police_force) {
		sb_adds(&sql, " AND police_force = ?");
		params[np++] = SHOMER_V_TEXT(f->police_force);
	}
	if (f && f->tag) {
		sb_adds(&sql, " AND EXISTS (SELECT 1 FROM site_tags t WHERE t.site_id = sites.id "
		              "AND t.tag = ?)");
		params[np++] = SHOMER_V_TEXT(f->tag);
	}
	sb_adds(&sql, " ORDER BY id");
	/* Its own statement (not the cache): callbacks may list sites again. */
	sqlite3_stmt *own = store_prepare_new(st, sql.buf, errmsg);
	sb_release(&sql);
	if (!own)
		return -1;
	if (store_bind(st, own, params, np, errmsg)) {
		store_finalize(own);
		return -1;
	}
	int rc, ret = 0;
	while ((rc = sqlite3_step(own)) == SQLITE_ROW) {
		struct site s;
		site_from_row(own, &s);
		if (load_children(st, &s, errmsg)) {
			site_release(&s);
			ret = -1;
			break;
		}
		site_sync_view(&s);
		ret = cb(ud, &s);
		site_release(&s);
		if (ret)
			break;
	}
	if (!ret && rc != SQLITE_DONE)
		ret = err_set(errmsg, "cannot list sites: %s", sqlite3_errmsg(sqlite3_db_handle(own)));
	store_finalize(own);
	return ret;
}

int site_remove(struct store *st, const char *id, int *found, char **errmsg)
{
	struct shomer_value v[] = {SHOMER_V_TEXT(id)};
	if (store_exec(st, "DELETE FROM sites WHERE id = ?", v, 1, errmsg))
		return -1;
	*found = store_changes(st) > 0;
	return 0;
}

int site_count(struct store *st, int64_t *n, char **errmsg)
{
	return store_query_int(st, "SELECT count(*) FROM sites", NULL, 0, n, NULL, errmsg);
}
