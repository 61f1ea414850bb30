/*
 * records.c - the guards plugin's tables and its <guards> documents:
 * guards and volunteers, one-off events at sites, and the posture table.
 *
 * A guard imported again replaces what was known of them (windows,
 * absences, site preferences); an event likewise; a <posture> replaces the
 * whole table.  Guards' names are personal: they are stored for the
 * roster a manager asks for by name, and no export writes them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guards.h"
#include "records.h"

#include "banned.h"

const struct shomer_migration guards_migrations[] = {
        {1, "CREATE TABLE guards_guards ("
            "id TEXT PRIMARY KEY, "
            "name TEXT NOT NULL, "
            "role TEXT NOT NULL, "
            "quals TEXT NOT NULL, "
            "max_hours DOUBLE PRECISION NOT NULL, "
            "min_rest DOUBLE PRECISION NOT NULL, "
            "home_lat DOUBLE PRECISION NOT NULL, "
            "home_lon DOUBLE PRECISION NOT NULL, "
            "home_x DOUBLE PRECISION NOT NULL, "
            "home_y DOUBLE PRECISION NOT NULL); "
            "CREATE TABLE guards_windows ("
            "guard_id TEXT NOT NULL REFERENCES guards_guards (id) ON DELETE CASCADE, "
            "day INTEGER NOT NULL, "
            "start_min INTEGER NOT NULL, "
            "end_min INTEGER NOT NULL); "
            "CREATE INDEX guards_windows_guard ON guards_windows (guard_id); "
            "CREATE TABLE guards_absences ("
            "guard_id TEXT NOT NULL REFERENCES guards_guards (id) ON DELETE CASCADE, "
            "from_date TEXT NOT NULL, "
            "to_date TEXT NOT NULL); "
            "CREATE INDEX guards_absences_guard ON guards_absences (guard_id); "
            "CREATE TABLE guards_site_prefs ("
            "guard_id TEXT NOT NULL REFERENCES guards_guards (id) ON DELETE CASCADE, "
            "site_id TEXT NOT NULL REFERENCES sites (id) ON DELETE CASCADE "
            "DEFERRABLE INITIALLY DEFERRED, "
            "never INTEGER NOT NULL, "
            "PRIMARY KEY (guard_id, site_id)); "
            "CREATE TABLE guards_events ("
            "id TEXT PRIMARY KEY, "
            "site_id TEXT NOT NULL REFERENCES sites (id) ON DELETE CASCADE "
            "DEFERRABLE INITIALLY DEFERRED, "
            "date TEXT NOT NULL, "
            "start_min INTEGER NOT NULL, "
            "end_min INTEGER NOT NULL, "
            "label TEXT NOT NULL, "
            "attendance INTEGER NOT NULL); "
            "CREATE TABLE guards_posture ("
            "kind TEXT NOT NULL, "
            "min_attendance INTEGER NOT NULL, "
            "threat INTEGER NOT NULL, "
            "guards INTEGER NOT NULL, "
            "team_leader INTEGER NOT NULL, "
            "PRIMARY KEY (kind, min_attendance, threat))"},
};

const size_t guards_n_migrations = sizeof(guards_migrations) / sizeof(guards_migrations[0]);

static const char *const day_names[7] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};

int guards_day_parse(const char *s)
{
	for (int d = 0; d < 7; d++)
		if (s && strcmp(s, day_names[d]) == 0)
			return d;
	return -1;
}

const char *guards_day_name(int d)
{
	return d >= 0 && d < 7 ? day_names[d] : "";
}

int guards_time_parse(const char *s)
{
	if (!s || strlen(s) != 5 || s[2] != ':')
		return -1;
	int h = (s[0] - '0') * 10 + (s[1] - '0'), m = (s[3] - '0') * 10 + (s[4] - '0');
	if (h < 0 || h > 24 || m < 0 || m > 59 || (h == 24 && m != 0))
		return -1;
	return h * 60 + m;
}

int guards_threat_parse(const char *s)
{
	static const char *const names[] = {"low", "moderate", "substantial", "severe", "critical"};
	for (int i = 0; i < 5; i++)
		if (s && strcmp(s, names[i]) == 0)
			return i + 1;
	return -1;
}

#define REFUSE(imp, e, ...) guards_api->import_error((imp), (e)->line, __VA_ARGS__)

static const char *attr(const struct shomer_xml_elem *e, const char *name)
{
	return guards_api->xml_attr(e, name);
}

static int is(const struct shomer_xml_elem *e, const char *name)
{
	return strcmp(e->name, name) == 0;
}

static double number(const char *s, double dflt)
{
	char *end;
	double v;

	if (!s)
		return dflt;
	v = strtod(s, &end);
	return *end ? dflt : v;
}

/* A weekly window as minutes from Monday 00:00, [a, b); a window whose end
 * is not after its start runs past midnight. */
struct span {
	int a, b;
	long line;
};

static int spans_meet(const struct span *p, const struct span *q)
{
	const int week = 7 * 1440;
	/* compare q shifted by a week either way, for windows over Sunday night */
	for (int k = -1; k <= 1; k++)
		if (p->a < q->b + k * week && q->a + k * week < p->b)
			return 1;
	return 0;
}

static int db_error(struct shomer_import *imp, const struct shomer_xml_elem *e, char **errmsg)
{
	int rc = REFUSE(imp, e, "cannot store <%s>: %s", e->name,
	                *errmsg ? *errmsg : "database error");
	guards_api->free(*errmsg);
	*errmsg = NULL;
	return rc;
}

static int import_guard(struct shomer_host *host, struct shomer_import *imp,
                        const struct shomer_xml_elem *e)
{
	const char *id = attr(e, "id"), *role = attr(e, "role");
	const struct shomer_xml_elem *name = guards_api->xml_child(e, "name");
	const struct shomer_xml_elem *home = guards_api->xml_child(e, "home");
	struct span spans[64];
	size_t n_spans = 0;
	char quals[128] = "";
	char *errmsg = NULL;
	int bad = 0;
	double lat = number(home ? attr(home, "lat") : NULL, 0);
	double lon = number(home ? attr(home, "lon") : NULL, 0), x = 0, y = 0;

	if (guards_api->import_claim_id(imp, e->line, "guard", id) != SHOMER_OK)
		return SHOMER_ERR;
	for (size_t i = 0; i < e->n_children; i++) {
		const struct shomer_xml_elem *c = e->children[i];
		if (is(c, "qualification")) {
			size_t len = strlen(quals);
			snprintf(quals + len, sizeof(quals) - len, "%s%s", len ? " " : "", c->text);
		} else if (is(c, "available") && n_spans < 64) {
			int d = guards_day_parse(attr(c, "day")),
			    s = guards_time_parse(attr(c, "start"));
			int t = guards_time_parse(attr(c, "end"));
			if (d < 0 || s < 0 || t < 0)
				continue; /* the schema has said why */
			struct span *sp = &spans[n_spans++];
			sp->a = d * 1440 + s;
			sp->b = d * 1440 + (t > s ? t : t + 1440);
			sp->line = c->line;
			for (size_t j = 0; j + 1 < n_spans; j++)
				if (spans_meet(&spans[j], sp)) {
					bad = REFUSE(imp, c,
					             "guard '%s': this window overlaps the one at "
					             "line %ld; "
					             "give each stretch of time once",
					             id, spans[j].line);
					break;
				}
		} else if (is(c, "unavailable")) {
			const char *from = attr(c, "from"), *to = attr(c, "to");
			if (from && to && strcmp(to, from) < 0)
				bad = REFUSE(imp, c,
				             "guard '%s': unavailable to %s, before from %s", id,
				             to, from);
		} else if (is(c, "prefers") || is(c, "never")) {
			const char *site = attr(c, "site");
			guards_api->import_require_site(imp, c->line, site);
			for (size_t j = 0; j < e->n_children; j++) {
				const struct shomer_xml_elem *o = e->children[j];
				if (o != c && (is(o, "prefers") || is(o, "never")) && j < i &&
				    strcmp(attr(o, "site") ? attr(o, "site") : "",
				           site ? site : "") == 0)
					bad = REFUSE(
					        imp, c,
					        "guard '%s': site '%s' is named twice (line %ld)",
					        id, site ? site : "", o->line);
			}
		}
	}
	if (n_spans == 0)
		bad = REFUSE(imp, e,
		             "guard '%s' has no availability: give at least one <available> window",
		             id);
	if (bad)
		return SHOMER_ERR;
	if (guards_api->geo_to_xy(host, lat, lon, &x, &y, &errmsg) != SHOMER_OK) {
		int rc = REFUSE(imp, home ? home : e, "guard '%s': home %.6f, %.6f: %s", id, lat,
		                lon, errmsg ? errmsg : "cannot be placed");
		guards_api->free(errmsg);
		return rc;
	}
	struct shomer_value k = SHOMER_V_TEXT(id);
	struct shomer_value v[10] = {
	        SHOMER_V_TEXT(id),
	        SHOMER_V_TEXT(name ? name->text : ""),
	        SHOMER_V_TEXT(role ? role : ""),
	        SHOMER_V_TEXT(quals),
	        SHOMER_V_REAL(number(attr(e, "max-hours"), 48)),
	        SHOMER_V_REAL(number(attr(e, "min-rest"), 11)),
	        SHOMER_V_REAL(lat),
	        SHOMER_V_REAL(lon),
	        SHOMER_V_REAL(x),
	        SHOMER_V_REAL(y),
	};
	if (guards_api->db_exec(host, "DELETE FROM guards_windows WHERE guard_id = ?", &k, 1,
	                        &errmsg) != SHOMER_OK ||
	    guards_api->db_exec(host, "DELETE FROM guards_absences WHERE guard_id = ?", &k, 1,
	                        &errmsg) != SHOMER_OK ||
	    guards_api->db_exec(host, "DELETE FROM guards_site_prefs WHERE guard_id = ?", &k, 1,
	                        &errmsg) != SHOMER_OK ||
	    guards_api->db_exec(host,
	                        "INSERT INTO guards_guards (id, name, role, quals, max_hours, "
	                        "min_rest, home_lat, home_lon, home_x, home_y) "
	                        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
	                        "ON CONFLICT (id) DO UPDATE SET name = excluded.name, "
	                        "role = excluded.role, quals = excluded.quals, "
	                        "max_hours = excluded.max_hours, min_rest = excluded.min_rest, "
	                        "home_lat = excluded.home_lat, home_lon = excluded.home_lon, "
	                        "home_x = excluded.home_x, home_y = excluded.home_y",
	                        v, 10, &errmsg) != SHOMER_OK)
		return db_error(imp, e, &errmsg);
	for (size_t i = 0; i < e->n_children; i++) {
		const struct shomer_xml_elem *c = e->children[i];
		int rc = SHOMER_OK;
		if (is(c, "available")) {
			int d = guards_day_parse(attr(c, "day")),
			    s = guards_time_parse(attr(c, "start"));
			int t = guards_time_parse(attr(c, "end"));
			struct shomer_value w[4] = {SHOMER_V_TEXT(id), SHOMER_V_INT(d),
			                            SHOMER_V_INT(s), SHOMER_V_INT(t)};
			rc = guards_api->db_exec(
			        host,
			        "INSERT INTO guards_windows (guard_id, day, start_min, "
			        "end_min) VALUES (?, ?, ?, ?)",
			        w, 4, &errmsg);
		} else if (is(c, "unavailable")) {
			struct shomer_value w[3] = {SHOMER_V_TEXT(id),
			                            SHOMER_V_TEXT(attr(c, "from")),
			                            SHOMER_V_TEXT(attr(c, "to"))};
			rc = guards_api->db_exec(
			        host,
			        "INSERT INTO guards_absences (guard_id, from_date, "
			        "to_date) VALUES (?, ?, ?)",
			        w, 3, &errmsg);
		} else if (is(c, "prefers") || is(c, "never")) {
			struct shomer_value w[3] = {SHOMER_V_TEXT(id),
			                            SHOMER_V_TEXT(attr(c, "site")),
			                            SHOMER_V_INT(is(c, "never"))};
			rc = guards_api->db_exec(
			        host,
			        "INSERT INTO guards_site_prefs (guard_id, site_id, never) "
			        "VALUES (?, ?, ?)",
			        w, 3, &errmsg);
		}
		if (rc != SHOMER_OK)
			return db_error(imp, c, &errmsg);
	}
	return SHOMER_OK;
}

static int import_event(struct shomer_host *host, struct shomer_import *imp,
                        const struct shomer_xml_elem *e)
{
	const char *id = attr(e, "id"), *site = attr(e, "site");
	const struct shomer_xml_elem *label = guards_api->xml_child(e, "label");
	int s = guards_time_parse(attr(e, "start")), t = guards_time_parse(attr(e, "end"));
	char *errmsg = NULL;

	if (guards_api->import_claim_id(imp, e->line, "event", id) != SHOMER_OK)
		return SHOMER_ERR;
	guards_api->import_require_site(imp, e->line, site);
	if (s < 0 || t < 0)
		return SHOMER_ERR; /* the schema has said why */
	if (s == t)
		return REFUSE(imp, e, "event '%s' starts and ends at %s: it has no length", id,
		              attr(e, "start"));
	struct shomer_value v[7] = {
	        SHOMER_V_TEXT(id),
	        SHOMER_V_TEXT(site),
	        SHOMER_V_TEXT(attr(e, "date")),
	        SHOMER_V_INT(s),
	        SHOMER_V_INT(t),
	        SHOMER_V_TEXT(label ? label->text : ""),
	        SHOMER_V_INT((int64_t)number(attr(e, "attendance"), 0)),
	};
	if (guards_api->db_exec(host,
	                        "INSERT INTO guards_events (id, site_id, date, start_min, end_min, "
	                        "label, attendance) VALUES (?, ?, ?, ?, ?, ?, ?) "
	                        "ON CONFLICT (id) DO UPDATE SET site_id = excluded.site_id, "
	                        "date = excluded.date, start_min = excluded.start_min, "
	                        "end_min = excluded.end_min, label = excluded.label, "
	                        "attendance = excluded.attendance",
	                        v, 7, &errmsg) != SHOMER_OK)
		return db_error(imp, e, &errmsg);
	return SHOMER_OK;
}

static int import_posture(struct shomer_host *host, struct shomer_import *imp,
                          const struct shomer_xml_elem *e)
{
	char *errmsg = NULL;

	if (guards_api->import_claim_id(imp, e->line, "posture", "POSTURE") != SHOMER_OK)
		return SHOMER_ERR;
	if (guards_api->db_exec(host, "DELETE FROM guards_posture", NULL, 0, &errmsg) != SHOMER_OK)
		return db_error(imp, e, &errmsg);
	for (size_t i = 0; i < e->n_children; i++) {
		const struct shomer_xml_elem *r = e->children[i];
		const char *tl = attr(r, "team-leader");
		struct shomer_value v[5] = {
		        SHOMER_V_TEXT(attr(r, "kind")),
		        SHOMER_V_INT((int64_t)number(attr(r, "min-attendance"), 0)),
		        SHOMER_V_INT(guards_threat_parse(attr(r, "threat"))),
		        SHOMER_V_INT((int64_t)number(attr(r, "guards"), 0)),
		        SHOMER_V_INT(tl && (strcmp(tl, "true") == 0 || strcmp(tl, "1") == 0)),
		};
		char *why = NULL;
		if (guards_api->db_exec(host,
		                        "INSERT INTO guards_posture (kind, min_attendance, threat, "
		                        "guards, team_leader) VALUES (?, ?, ?, ?, ?)",
		                        v, 5, &why) != SHOMER_OK) {
			guards_api->free(why);
			return REFUSE(
			        imp, r, "posture rule for %s from %s people at %s is given twice",
			        attr(r, "kind"), attr(r, "min-attendance"), attr(r, "threat"));
		}
	}
	return SHOMER_OK;
}

static int guards_import(struct shomer_host *host, void *ud, struct shomer_import *imp,
                         const char *site_id, const struct shomer_xml_elem *e)
{
	(void)ud;
	if (site_id)
		return REFUSE(imp, e, "<%s> belongs in a <guards> document, not inside a site",
		              e->name);
	if (is(e, "guard"))
		return import_guard(host, imp, e);
	if (is(e, "event"))
		return import_event(host, imp, e);
	if (is(e, "posture"))
		return import_posture(host, imp, e);
	return REFUSE(imp, e, "<%s> is not a guards record", e->name);
}

const struct shomer_xml_handler guards_xml = {
        .size = sizeof(struct shomer_xml_handler),
        .ns = GUARDS_NS,
        .xsd = "guards.xsd",
        .root_name = "guards",
        .import = guards_import,
        .export_site = NULL,
        .export_docs = NULL,
        .ud = NULL,
};
