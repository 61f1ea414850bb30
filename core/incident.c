/*
 * incident.c - see incident.h.
 */
#include "incident.h"

#include <math.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <stddef.h>
#include <string.h>

#include "core_schema.h"
#include "geo.h"
#include "site.h"
#include "store.h"
#include "timeutil.h"
#include "util.h"
#include "xmltree.h"

#include "banned.h"

void incident_init(struct incident *inc)
{
	memset(inc, 0, sizeof(*inc));
	inc->source = "xml";
	incident_sync_view(inc);
}

void incident_release(struct incident *inc)
{
	free(inc->id);
	free(inc->occurred);
	free(inc->category);
	free(inc->site_id);
	free(inc->police_force);
	free(inc->force_in_effect);
	free(inc->police_reference);
	free(inc->description);
	free(inc->victim_name);
	free(inc->contact);
	incident_init(inc);
}

static const char *nz(const char *s)
{
	return s ? s : "";
}

void incident_sync_view(struct incident *inc)
{
	struct shomer_incident *p = &inc->pub;
	p->id = nz(inc->id);
	p->occurred = nz(inc->occurred);
	p->category = nz(inc->category);
	p->site_id = nz(inc->site_id);
	p->police_force = inc->force_in_effect && *inc->force_in_effect ? inc->force_in_effect
	                                                                : nz(inc->police_force);
}

int incident_category_known(const char *category)
{
	for (size_t i = 0; i < core_incident_categories_count; i++) {
		if (strcmp(core_incident_categories[i], category) == 0)
			return 1;
	}
	return 0;
}

/* ---- reading ---- */

static char *child_text(const struct shomer_xml_elem *e, const char *name)
{
	const struct shomer_xml_elem *c = xmltree_child(e, name);
	return c ? xstrdup(c->text) : NULL;
}

static void read_location(const struct shomer_xml_elem *loc, struct incident *out,
                          struct site_problems *probs)
{
	const char *a = xmltree_attr(loc, "lat"), *b = xmltree_attr(loc, "lon");
	char *sa = str_trim(xstrdup(a ? a : "")), *sb = str_trim(xstrdup(b ? b : ""));
	if (parse_double(sa, &out->pub.lat) || parse_double(sb, &out->pub.lon))
		site_problem_add(probs, loc->line,
		                 "incident '%s': location is not a pair of numbers", out->id);
	else
		out->pub.has_location = out->own_location = 1;
	free(sa);
	free(sb);
}

int incident_from_xml(const struct shomer_xml_elem *e, struct incident *out,
                      struct site_problems *probs)
{
	size_t before = probs->n;
	incident_init(out);
	out->line = e->line;
	const char *id = xmltree_attr(e, "id");
	out->id = str_trim(xstrdup(id ? id : ""));
	out->occurred = str_trim(child_text(e, "occurred"));
	out->category = str_trim(child_text(e, "category"));
	out->site_id = str_trim(child_text(e, "site"));
	out->police_force = child_text(e, "police-force");
	out->police_reference = child_text(e, "police-reference");
	out->description = child_text(e, "description");
	char *reported = str_trim(child_text(e, "reported-to-police"));
	out->pub.reported_to_police =
	        reported && (!strcmp(reported, "true") || !strcmp(reported, "1"));
	free(reported);
	const struct shomer_xml_elem *per = xmltree_child(e, "personal");
	if (per) {
		out->victim_name = child_text(per, "victim-name");
		out->contact = child_text(per, "contact");
	}
	const struct shomer_xml_elem *loc = xmltree_child(e, "location");
	if (loc)
		read_location(loc, out, probs);

	int month_only = 0;
	if (!out->occurred || time_parse(out->occurred, &out->pub.occurred_unix, &month_only)) {
		site_problem_add(probs, e->line, "incident '%s': '%s' is not a date and time",
		                 out->id, nz(out->occurred));
	} else {
		/* kept in UTC: the local time it was written in is not needed again */
		char iso[32];
		time_format(out->pub.occurred_unix, iso);
		free(out->occurred);
		out->occurred = xstrdup(iso);
		out->pub.month_only = month_only;
	}
	if (!out->category || !incident_category_known(out->category))
		site_problem_add(probs, e->line, "incident '%s': unknown category '%s'", out->id,
		                 nz(out->category));
	if (!loc && (!out->site_id || !*out->site_id))
		site_problem_add(probs, e->line, "incident '%s' has neither a location nor a site",
		                 out->id);
	incident_sync_view(out);
	return probs->n == before ? 0 : -1;
}

int incident_check(struct incident *inc, struct geo *g, int64_t now, struct site_problems *probs)
{
	size_t before = probs->n;
	/* A month is "in the future" only once it has not begun yet. */
	if (inc->pub.occurred_unix > now) {
		site_problem_add(probs, inc->line, "incident '%s' is dated %s, in the future",
		                 inc->id, inc->occurred);
	}
	if (inc->own_location) {
		const struct shomer_incident *p = &inc->pub;
		char *why = NULL;
		if (!geo_in_area(g, p->lat, p->lon)) {
			double w, s, e, n;
			geo_area(g, &w, &s, &e, &n);
			site_problem_add(probs, inc->line,
			                 "incident '%s' at %.6f, %.6f lies outside the area of %s "
			                 "(latitude %g to %g, longitude %g to %g)",
			                 inc->id, p->lat, p->lon, geo_crs(g), s, n, w, e);
		} else if (geo_to_xy(g, p->lat, p->lon, &inc->pub.x, &inc->pub.y, &why)) {
			site_problem_add(probs, inc->line, "incident '%s' cannot be projected: %s",
			                 inc->id, why);
			free(why);
		}
	}
	return probs->n == before ? 0 : -1;
}

/* ---- database ---- */

#define INCIDENT_COLUMNS                                                                       \
	"i.id, i.occurred, i.occurred_unix, i.month_only, i.category, i.own_location, i.lat, " \
	"i.lon, i.x, i.y, COALESCE(i.site_id, ''), i.police_force, i.police_reference, "       \
	"i.reported, "                                                                         \
	"i.description, i.source, " FORCE_IN_EFFECT

/* The same columns with the description left out. */
#define INCIDENT_FACTS                                                                         \
	"i.id, i.occurred, i.occurred_unix, i.month_only, i.category, i.own_location, i.lat, " \
	"i.lon, i.x, i.y, COALESCE(i.site_id, ''), i.police_force, i.police_reference, "       \
	"i.reported, '', i.source, " FORCE_IN_EFFECT

/* What a plugin going through every incident needs, all in the index
 * incidents_when: lat and lon are 0, only there to say whether x and y are
 * set. */
#define INCIDENT_LEAN                                              \
	"i.id, '', i.occurred_unix, i.month_only, i.category, 0, " \
	"CASE WHEN i.x IS NULL THEN NULL ELSE 0 END, 0, i.x, i.y, '', '', '', 0, '', '', ''"

/* An incident recorded without a force is its site's force's business. */
#define FORCE_IN_EFFECT                                                                          \
	"COALESCE(NULLIF(i.police_force, ''), (SELECT s.police_force FROM sites s WHERE s.id = " \
	"i.site_id), '')"

static const char *col_text(sqlite3_stmt *q, int i)
{
	const char *s = (const char *)sqlite3_column_text(q, i);
	return s ? s : "";
}

static void from_row(sqlite3_stmt *q, struct incident *inc, int with_personal)
{
	incident_init(inc);
	inc->id = xstrdup(col_text(q, 0));
	inc->occurred = xstrdup(col_text(q, 1));
	inc->pub.occurred_unix = sqlite3_column_int64(q, 2);
	inc->pub.month_only = sqlite3_column_int(q, 3);
	inc->category = xstrdup(col_text(q, 4));
	inc->own_location = sqlite3_column_int(q, 5);
	inc->pub.has_location = sqlite3_column_type(q, 6) != SQLITE_NULL;
	inc->pub.lat = sqlite3_column_double(q, 6);
	inc->pub.lon = sqlite3_column_double(q, 7);
	inc->pub.x = sqlite3_column_double(q, 8);
	inc->pub.y = sqlite3_column_double(q, 9);
	inc->site_id = xstrdup(col_text(q, 10));
	inc->police_force = xstrdup(col_text(q, 11));
	inc->police_reference = xstrdup(col_text(q, 12));
	inc->pub.reported_to_police = sqlite3_column_int(q, 13);
	inc->description = xstrdup(col_text(q, 14));
	inc->source = strcmp(col_text(q, 15), "police-uk") == 0 ? "police-uk" : "xml";
	inc->force_in_effect = xstrdup(col_text(q, 16));
	if (with_personal) {
		inc->victim_name = xstrdup(col_text(q, 17));
		inc->contact = xstrdup(col_text(q, 18));
	}
	incident_sync_view(inc);
}

/*
 * The row as a borrowed view: the strings are SQLite's, valid until the next
 * step, and nothing is allocated.  Iterating a million incidents for the
 * risk plugin spent most of its time copying strings it then freed.
 */
static void view_row(sqlite3_stmt *q, struct incident *inc, int with_personal)
{
	memset(inc, 0, sizeof(*inc));
	inc->id = (char *)col_text(q, 0);
	inc->occurred = (char *)col_text(q, 1);
	inc->pub.occurred_unix = sqlite3_column_int64(q, 2);
	inc->pub.month_only = sqlite3_column_int(q, 3);
	inc->category = (char *)col_text(q, 4);
	inc->own_location = sqlite3_column_int(q, 5);
	inc->pub.has_location = sqlite3_column_type(q, 6) != SQLITE_NULL;
	inc->pub.lat = sqlite3_column_double(q, 6);
	inc->pub.lon = sqlite3_column_double(q, 7);
	inc->pub.x = sqlite3_column_double(q, 8);
	inc->pub.y = sqlite3_column_double(q, 9);
	inc->site_id = (char *)col_text(q, 10);
	inc->police_force = (char *)col_text(q, 11);
	inc->police_reference = (char *)col_text(q, 12);
	inc->pub.reported_to_police = sqlite3_column_int(q, 13);
	inc->description = (char *)col_text(q, 14);
	inc->source = strcmp(col_text(q, 15), "police-uk") == 0 ? "police-uk" : "xml";
	inc->force_in_effect = (char *)col_text(q, 16);
	if (with_personal) {
		inc->victim_name = (char *)col_text(q, 17);
		inc->contact = (char *)col_text(q, 18);
	}
	incident_sync_view(inc);
}

static int same_incident(const struct incident *a, const struct incident *b)
{
	const struct shomer_incident *p = &a->pub, *q = &b->pub;
	return strcmp(p->occurred, q->occurred) == 0 && p->month_only == q->month_only &&
	       strcmp(p->category, q->category) == 0 && a->own_location == b->own_location &&
	       (!a->own_location || (p->lat == q->lat && p->lon == q->lon &&
	                             fabs(p->x - q->x) < 5e-4 && fabs(p->y - q->y) < 5e-4)) &&
	       strcmp(p->site_id, q->site_id) == 0 &&
	       strcmp(nz(a->police_force), nz(b->police_force)) == 0 &&
	       strcmp(nz(a->police_reference), nz(b->police_reference)) == 0 &&
	       p->reported_to_police == q->reported_to_police &&
	       strcmp(nz(a->description), nz(b->description)) == 0 &&
	       strcmp(nz(a->victim_name), nz(b->victim_name)) == 0 &&
	       strcmp(nz(a->contact), nz(b->contact)) == 0;
}

static int load_one(struct store *st, const char *id, struct incident *out, int *found,
                    char **errmsg)
{
	*found = 0;
	incident_init(out);
	sqlite3_stmt *q =
	        store_prepare(st,
	                      "SELECT " INCIDENT_COLUMNS ", COALESCE(p.victim_name, ''), "
	                      "COALESCE(p.contact, '') FROM incidents i LEFT JOIN "
	                      "incident_personal p ON p.incident_id = i.id WHERE i.id = ?",
	                      errmsg);
	if (!q)
		return -1;
	sqlite3_bind_text(q, 1, id, -1, SQLITE_TRANSIENT);
	int rc = sqlite3_step(q);
	if (rc == SQLITE_ROW) {
		from_row(q, out, 1);
		*found = 1;
	}
	sqlite3_reset(q);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return err_set(errmsg, "cannot read incident '%s'", id);
	return 0;
}

int incident_upsert(struct store *st, const struct incident *inc, int *changed, char **errmsg)
{
	struct incident old;
	int found;
	if (load_one(st, inc->id, &old, &found, errmsg))
		return -1;
	int same = found && same_incident(&old, inc);
	incident_release(&old);
	if (same) {
		*changed = 0;
		return 0;
	}
	*changed = found ? 2 : 1;
	const struct shomer_incident *p = &inc->pub;
	struct shomer_value loc_null = SHOMER_V_NULL;
	struct shomer_value v[] = {
	        SHOMER_V_TEXT(inc->id),
	        SHOMER_V_TEXT(inc->occurred),
	        SHOMER_V_INT(p->occurred_unix),
	        SHOMER_V_INT(p->month_only),
	        SHOMER_V_TEXT(inc->category),
	        SHOMER_V_INT(inc->own_location),
	        inc->own_location ? SHOMER_V_REAL(p->lat) : loc_null,
	        inc->own_location ? SHOMER_V_REAL(p->lon) : loc_null,
	        inc->own_location ? SHOMER_V_REAL(p->x) : loc_null,
	        inc->own_location ? SHOMER_V_REAL(p->y) : loc_null,
	        inc->site_id && *inc->site_id ? SHOMER_V_TEXT(inc->site_id) : loc_null,
	        SHOMER_V_TEXT(nz(inc->police_force)),
	        SHOMER_V_TEXT(nz(inc->police_reference)),
	        SHOMER_V_INT(p->reported_to_police),
	        SHOMER_V_TEXT(nz(inc->description)),
	        SHOMER_V_TEXT(inc->source),
	};
	if (store_exec(
	            st,
	            "INSERT INTO incidents (id, occurred, occurred_unix, month_only, category, "
	            "own_location, lat, lon, x, y, site_id, police_force, police_reference, "
	            "reported, description, source) VALUES "
	            "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
	            "ON CONFLICT (id) DO UPDATE SET occurred = excluded.occurred, "
	            "occurred_unix = excluded.occurred_unix, month_only = excluded.month_only, "
	            "category = excluded.category, own_location = excluded.own_location, "
	            "lat = excluded.lat, lon = excluded.lon, x = excluded.x, y = excluded.y, "
	            "site_id = excluded.site_id, police_force = excluded.police_force, "
	            "police_reference = excluded.police_reference, reported = excluded.reported, "
	            "description = excluded.description, source = excluded.source",
	            v, ARRAY_SIZE(v), errmsg))
		return -1;
	struct shomer_value id[] = {SHOMER_V_TEXT(inc->id)};
	if (store_exec(st, "DELETE FROM incident_personal WHERE incident_id = ?", id, 1, errmsg))
		return -1;
	if ((inc->victim_name && *inc->victim_name) || (inc->contact && *inc->contact)) {
		struct shomer_value pv[] = {SHOMER_V_TEXT(inc->id),
		                            SHOMER_V_TEXT(nz(inc->victim_name)),
		                            SHOMER_V_TEXT(nz(inc->contact))};
		if (store_exec(st,
		               "INSERT INTO incident_personal (incident_id, victim_name, contact) "
		               "VALUES (?, ?, ?)",
		               pv, 3, errmsg))
			return -1;
	}
	return 0;
}

int incident_resolve_sites(struct store *st, char **errmsg)
{
	return store_exec_script(
	        st,
	        "UPDATE incidents SET "
	        "lat = (SELECT s.lat FROM sites s WHERE s.id = incidents.site_id), "
	        "lon = (SELECT s.lon FROM sites s WHERE s.id = incidents.site_id), "
	        "x = (SELECT s.x FROM sites s WHERE s.id = incidents.site_id), "
	        "y = (SELECT s.y FROM sites s WHERE s.id = incidents.site_id) "
	        "WHERE own_location = 0 AND site_id IS NOT NULL",
	        errmsg);
}

int incident_foreach(struct store *st, const struct shomer_incident_filter *f, unsigned detail,
                     incident_cb cb, void *ud, char **errmsg)
{
	struct strbuf sql = STRBUF_INIT;
	struct shomer_value params[10];
	size_t np = 0;
	int with_personal = (detail & INCIDENT_WITH_PERSONAL) != 0;
	/* Free text is the widest column and most readers never show it: a
	 * million incidents read in well under half the time without it. */
	int lean = f &&
	           f->size >= offsetof(struct shomer_incident_filter, lean) + sizeof(f->lean) &&
	           f->lean && !with_personal;
	sb_adds(&sql, lean                                   ? "SELECT " INCIDENT_LEAN
	              : (detail & INCIDENT_WITH_DESCRIPTION) ? "SELECT " INCIDENT_COLUMNS
	                                                     : "SELECT " INCIDENT_FACTS);
	if (with_personal)
		sb_adds(&sql,
		        ", COALESCE(p.victim_name, ''), COALESCE(p.contact, '') FROM incidents i "
		        "LEFT JOIN incident_personal p ON p.incident_id = i.id WHERE 1 = 1");
	else
		sb_adds(&sql, " FROM incidents i WHERE 1 = 1");
	if (f && f->from_unix) {
		sb_adds(&sql, " AND i.occurred_unix >= ?");
		params[np++] = SHOMER_V_INT(f->from_unix);
	}
	if (f && f->to_unix) {
		sb_adds(&sql, " AND i.occurred_unix < ?");
		params[np++] = SHOMER_V_INT(f->to_unix);
	}
	if (f && f->category) {
		sb_adds(&sql, " AND i.category = ?");
		params[np++] = SHOMER_V_TEXT(f->category);
	}
	if (f && f->site_id) {
		sb_adds(&sql, " AND i.site_id = ?");
		params[np++] = SHOMER_V_TEXT(f->site_id);
	}
	if (f && f->police_force) {
		sb_adds(&sql, " AND " FORCE_IN_EFFECT " = ?");
		params[np++] = SHOMER_V_TEXT(f->police_force);
	}
	if (f && f->near) {
		/* the box in SQL, the circle below */
		sb_adds(&sql, " AND i.x BETWEEN ? AND ? AND i.y BETWEEN ? AND ?");
		params[np++] = SHOMER_V_REAL(f->x - f->radius);
		params[np++] = SHOMER_V_REAL(f->x + f->radius);
		params[np++] = SHOMER_V_REAL(f->y - f->radius);
		params[np++] = SHOMER_V_REAL(f->y + f->radius);
	}
	sb_adds(&sql, " ORDER BY i.occurred_unix, i.id");
	sqlite3_stmt *q = store_prepare_new(st, sql.buf, errmsg);
	sb_release(&sql);
	if (!q)
		return -1;
	if (store_bind(st, q, params, np, errmsg)) {
		store_finalize(q);
		return -1;
	}
	int rc, ret = 0;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		struct incident inc; /* borrowed: never released */
		view_row(q, &inc, with_personal);
		if (f && f->near &&
		    (!inc.pub.has_location ||
		     geo_dist(inc.pub.x, inc.pub.y, f->x, f->y) > f->radius))
			continue;
		ret = cb(ud, &inc);
		if (ret)
			break;
	}
	if (!ret && rc != SQLITE_DONE)
		ret = err_set(errmsg, "cannot list incidents: %s",
		              sqlite3_errmsg(sqlite3_db_handle(q)));
	store_finalize(q);
	return ret;
}

/* ---- writing ---- */

static int w_elem(xmlTextWriterPtr w, const char *name, const char *text)
{
	return xmlTextWriterWriteElement(w, BAD_CAST name, BAD_CAST text) < 0 ? -1 : 0;
}

int incident_write_xml(xmlTextWriterPtr w, const struct incident *inc, unsigned detail)
{
	int with_personal = (detail & INCIDENT_WITH_PERSONAL) != 0;
	const struct shomer_incident *p = &inc->pub;
	char month[8] = "";
	if (xmlTextWriterStartElement(w, BAD_CAST "incident") < 0 ||
	    xmlTextWriterWriteAttribute(w, BAD_CAST "id", BAD_CAST inc->id) < 0)
		return -1;
	if (p->month_only)
		time_format_month(p->occurred_unix, month);
	if (w_elem(w, "occurred", p->month_only ? month : inc->occurred) ||
	    w_elem(w, "category", inc->category))
		return -1;
	if (inc->own_location) {
		char a[FMT_DOUBLE_MAX], b[FMT_DOUBLE_MAX];
		if (xmlTextWriterStartElement(w, BAD_CAST "location") < 0 ||
		    xmlTextWriterWriteAttribute(w, BAD_CAST "lat", BAD_CAST fmt_double(a, p->lat)) <
		            0 ||
		    xmlTextWriterWriteAttribute(w, BAD_CAST "lon", BAD_CAST fmt_double(b, p->lon)) <
		            0 ||
		    xmlTextWriterEndElement(w) < 0)
			return -1;
	}
	if (*p->site_id && w_elem(w, "site", p->site_id))
		return -1;
	if (inc->police_force && *inc->police_force && w_elem(w, "police-force", inc->police_force))
		return -1;
	if (inc->police_reference && *inc->police_reference &&
	    w_elem(w, "police-reference", inc->police_reference))
		return -1;
	if (w_elem(w, "reported-to-police", p->reported_to_police ? "true" : "false"))
		return -1;
	if ((detail & INCIDENT_WITH_DESCRIPTION) && inc->description && *inc->description &&
	    w_elem(w, "description", inc->description))
		return -1;
	if (with_personal &&
	    ((inc->victim_name && *inc->victim_name) || (inc->contact && *inc->contact))) {
		if (xmlTextWriterStartElement(w, BAD_CAST "personal") < 0)
			return -1;
		if (inc->victim_name && *inc->victim_name &&
		    w_elem(w, "victim-name", inc->victim_name))
			return -1;
		if (inc->contact && *inc->contact && w_elem(w, "contact", inc->contact))
			return -1;
		if (xmlTextWriterEndElement(w) < 0)
			return -1;
	}
	return xmlTextWriterEndElement(w) < 0 ? -1 : 0;
}
