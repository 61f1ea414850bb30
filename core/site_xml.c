/*
 * site_xml.c - reading a <site> element and writing one back (see site.h).
 */
#include "site.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "geo.h"
#include "polygon.h"
#include "util.h"
#include "xmltree.h"

#include "banned.h"

void site_problems_release(struct site_problems *p)
{
	for (size_t i = 0; i < p->n; i++)
		free(p->v[i].msg);
	free(p->v);
	p->v = NULL;
	p->n = p->alloc = 0;
}

int site_problem_add(struct site_problems *p, long line, const char *fmt, ...)
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

#define problem site_problem_add

/* ---- reading XML ---- */

static int is_site_elem(const struct shomer_xml_elem *e, const char *name)
{
	return strcmp(e->ns, SITE_NS) == 0 && strcmp(e->name, name) == 0;
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

static char *attr_dup(const struct shomer_xml_elem *e, const char *name)
{
	const char *v = xmltree_attr(e, name);
	return v ? collapse(xstrdup(v)) : NULL;
}

/* Reads lat and lon; when `text` is given, appends "lon lat" as written. */
static int read_latlon(const struct shomer_xml_elem *e, double *lat, double *lon,
                       struct site_problems *probs, struct strbuf *text)
{
	char *a = attr_dup(e, "lat"), *b = attr_dup(e, "lon");
	if (text && a && b) {
		/* sb_addf costs two vsnprintf calls: this runs for every vertex */
		if (text->len)
			sb_addc(text, ',');
		sb_adds(text, b);
		sb_addc(text, ' ');
		sb_adds(text, a);
	}
	int rc = 0;
	if (!a || parse_double(a, lat))
		rc = problem(probs, e->line, "latitude '%s' is not a number", a ? a : "");
	else if (*lat < -90 || *lat > 90)
		rc = problem(probs, e->line, "latitude %s is out of range (-90 to 90)", a);
	if (!b || parse_double(b, lon))
		rc = problem(probs, e->line, "longitude '%s' is not a number", b ? b : "");
	else if (*lon < -180 || *lon > 180)
		rc = problem(probs, e->line, "longitude %s is out of range (-180 to 180)", b);
	free(a);
	free(b);
	return rc;
}

static int read_perimeter(const struct shomer_xml_elem *per, struct site *s,
                          struct site_problems *probs)
{
	size_t n = 0, npts = 0, alloc = 0;
	struct shomer_xy *ll = NULL;
	int bad = 0;
	struct strbuf text = STRBUF_INIT;
	for (size_t i = 0; i < per->n_children; i++)
		npts += is_site_elem(per->children[i], "point");
	for (size_t i = 0; i < per->n_children; i++) {
		const struct shomer_xml_elem *c = per->children[i];
		if (!is_site_elem(c, "point"))
			continue;
		ALLOC_GROW(ll, n + 1, alloc);
		/* the closing point is not stored: keep the text of the others */
		if (read_latlon(c, &ll[n].y, &ll[n].x, probs, n + 1 < npts ? &text : NULL))
			bad = 1;
		n++;
	}
	if (bad) {
		free(ll);
		sb_release(&text);
		return -1;
	}
	if (n < 4 || ll[0].x != ll[n - 1].x || ll[0].y != ll[n - 1].y) {
		free(ll);
		sb_release(&text);
		if (n < 4)
			return problem(probs, per->line,
			               "perimeter of site '%s' has %zu points; a closed ring needs "
			               "at least 4 (the last repeating the first)",
			               s->id, n);
		return problem(probs, per->line,
		               "perimeter of site '%s' is not closed: the last point must repeat "
		               "the first",
		               s->id);
	}
	n--; /* drop the closing point: rings are stored open */
	s->perimeter_ll = ll;
	s->perimeter_ll_text = sb_detach(&text);
	s->pub.n_perimeter = n;
	s->perimeter_line = per->line;
	return 0;
}

static int read_session(const struct shomer_xml_elem *c, struct site *s, size_t *alloc,
                        struct site_problems *probs)
{
	char *day = attr_dup(c, "day"), *start = attr_dup(c, "start"), *end = attr_dup(c, "end");
	char *att = attr_dup(c, "attendance");
	const char *raw = xmltree_attr(c, "label");
	char *label = xstrdup(raw ? raw : "");
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
		rc = problem(probs, c->line, "malformed session in site '%s'", s->id);
	else if (ses.start_min == ses.end_min)
		rc = problem(probs, c->line, "session '%s' of site '%s' starts and ends at %s",
		             label, s->id, start);
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

static void read_tags(const struct shomer_xml_elem *tags, struct site *s)
{
	size_t n = 0, alloc = 0;
	for (size_t i = 0; i < tags->n_children; i++) {
		const struct shomer_xml_elem *c = tags->children[i];
		if (!is_site_elem(c, "tag"))
			continue;
		char *t = collapse(xstrdup(c->text));
		int dup = 0;
		for (size_t j = 0; j < n; j++)
			dup |= strcmp(s->tags[j], t) == 0;
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

static int read_capacity(const struct shomer_xml_elem *c, struct site *s,
                         struct site_problems *probs)
{
	char *t = collapse(xstrdup(c->text));
	long v;
	int rc = 0;
	if (parse_long(t, &v) || v < 0 || v > 10000000)
		rc = problem(probs, c->line, "capacity '%s' of site '%s' is not a count", t, s->id);
	else
		s->pub.capacity = (int)v;
	free(t);
	return rc;
}

static void read_field(const struct shomer_xml_elem *c, struct site *out, int *have_location,
                       size_t *sess_alloc, struct site_problems *probs)
{
	const char *nm = c->name;
	if (strcmp(nm, "name") == 0) {
		out->name = xstrdup(c->text);
	} else if (strcmp(nm, "kind") == 0) {
		out->kind = collapse(xstrdup(c->text));
	} else if (strcmp(nm, "region") == 0) {
		out->region = xstrdup(c->text);
	} else if (strcmp(nm, "police-force") == 0) {
		out->police_force = xstrdup(c->text);
	} else if (strcmp(nm, "address") == 0) {
		out->address = xstrdup(c->text);
	} else if (strcmp(nm, "postcode") == 0) {
		out->postcode = collapse(xstrdup(c->text));
	} else if (strcmp(nm, "notes") == 0) {
		out->notes = xstrdup(c->text);
	} else if (strcmp(nm, "location") == 0) {
		*have_location = read_latlon(c, &out->pub.lat, &out->pub.lon, probs, NULL) == 0;
	} else if (strcmp(nm, "perimeter") == 0) {
		read_perimeter(c, out, probs);
	} else if (strcmp(nm, "capacity") == 0) {
		read_capacity(c, out, probs);
	} else if (strcmp(nm, "schedule") == 0) {
		for (size_t i = 0; i < c->n_children; i++) {
			if (is_site_elem(c->children[i], "session"))
				read_session(c->children[i], out, sess_alloc, probs);
		}
	} else if (strcmp(nm, "tags") == 0) {
		read_tags(c, out);
	}
}

int site_from_xml(const struct shomer_xml_elem *e, struct site *out, struct site_problems *probs)
{
	size_t before = probs->n, sess_alloc = 0;
	int have_location = 0;
	site_init(out);
	out->line = e->line;
	out->id = attr_dup(e, "id");
	if (!out->id || !*out->id) {
		site_sync_view(out);
		return problem(probs, e->line, "site has no id");
	}
	for (size_t i = 0; i < e->n_children; i++) {
		if (strcmp(e->children[i]->ns, SITE_NS) == 0)
			read_field(e->children[i], out, &have_location, &sess_alloc, probs);
	}
	if (!out->name || !out->kind || !out->region)
		problem(probs, e->line, "site '%s' lacks a name, kind or region", out->id);
	if (!have_location && probs->n == before)
		problem(probs, e->line, "site '%s' has no location", out->id);
	site_sync_view(out);
	return probs->n == before ? 0 : -1;
}

int site_project(struct site *s, struct geo *g, struct site_problems *probs)
{
	size_t before = probs->n, n = s->pub.n_perimeter;
	char *why = NULL;
	if (geo_to_xy(g, s->pub.lat, s->pub.lon, &s->pub.x, &s->pub.y, &why)) {
		problem(probs, s->line, "location of site '%s' cannot be projected: %s", s->id,
		        why);
		free(why);
		why = NULL;
	}
	if (n == 0) {
		site_sync_view(s);
		return probs->n == before ? 0 : -1;
	}
	double *xy = xmalloc(2 * n * sizeof(double));
	for (size_t i = 0; i < n; i++) {
		xy[2 * i] = s->perimeter_ll[i].y;
		xy[2 * i + 1] = s->perimeter_ll[i].x;
	}
	if (geo_to_xy_many(g, xy, n, &why)) {
		problem(probs, s->perimeter_line, "perimeter of site '%s' cannot be projected: %s",
		        s->id, why);
		free(why);
		free(xy);
		return -1;
	}
	struct shomer_xy *pts = xmalloc(n * sizeof(*pts));
	struct poly_pt *ring = xmalloc(n * sizeof(*ring));
	for (size_t i = 0; i < n; i++) {
		pts[i].x = ring[i].x = xy[2 * i];
		pts[i].y = ring[i].y = xy[2 * i + 1];
	}
	free(xy);
	int rc = poly_check_simple(ring, n, &why);
	free(ring);
	if (rc) {
		problem(probs, s->perimeter_line,
		        "perimeter of site '%s' is not a simple polygon: %s", s->id, why);
		free(why);
	}
	free(s->perimeter);
	s->perimeter = pts;
	site_sync_view(s);
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

static int w_schedule(xmlTextWriterPtr w, const struct site *s)
{
	const struct shomer_site *p = &s->pub;
	if (xmlTextWriterStartElement(w, BAD_CAST "schedule") < 0)
		return -1;
	for (size_t i = 0; i < p->n_sessions; i++) {
		const struct shomer_session *ss = &p->sessions[i];
		char a[8], b[8], n[24];
		site_format_time(a, ss->start_min);
		site_format_time(b, ss->end_min);
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
