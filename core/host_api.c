/*
 * host_api.c - the services behind struct shomer_api.  Each is a thin layer
 * over a core module that adds what the boundary needs: the plugin's name in
 * messages, checks on what a plugin may touch, and borrowed views of sites.
 */
#include "host_api.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/xmlwriter.h>

#include "cli.h"
#include "geo.h"
#include "host.h"
#include "import.h"
#include "incident.h"
#include "threat.h"
#include "timeutil.h"
#include "report.h"
#include "site.h"
#include "spindex.h"
#include "store.h"
#include "table.h"
#include "util.h"
#include "xmltree.h"

#include "banned.h"

/* ---- memory and logging ---- */

static void *api_alloc(size_t n)
{
	return xmalloc(n);
}

static void api_free(void *p)
{
	free(p);
}

static char *api_strdup(const char *s)
{
	return xstrdup(s ? s : "");
}

static char *api_errorf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *s = xstrvfmt(fmt, ap);
	va_end(ap);
	return s;
}

static void api_log(struct shomer_host *hd, enum shomer_log_level level, const char *fmt, ...)
{
	static const char *const prefix[] = {"error: ", "warning: ", "", ""};
	if (level == SHOMER_LOG_DEBUG && !getenv("SHOMER_DEBUG"))
		return;
	va_list ap;
	va_start(ap, fmt);
	char *msg = xstrvfmt(fmt, ap);
	va_end(ap);
	fprintf(stderr, "shomer: %s: %s%s\n", host_plugin_name(hd),
	        (unsigned)level < 4 ? prefix[level] : "", msg);
	free(msg);
}

static void api_progress(struct shomer_host *hd, const char *what, uint64_t done, uint64_t total)
{
	(void)hd;
	host_progress(what, done, total);
}

/* ---- database ---- */

static struct store *db_of(struct shomer_host *hd, char **errmsg)
{
	struct host *h = host_of(hd);
	if (!h->store)
		err_set(errmsg, "no database is open");
	return h->store;
}

static int api_db_exec(struct shomer_host *hd, const char *sql, const struct shomer_value *params,
                       size_t nparams, char **errmsg)
{
	struct store *st = db_of(hd, errmsg);
	return st && store_exec(st, sql, params, nparams, errmsg) == 0 ? SHOMER_OK : SHOMER_ERR;
}

static int api_db_query(struct shomer_host *hd, const char *sql, const struct shomer_value *params,
                        size_t nparams, shomer_row_fn cb, void *ud, char **errmsg)
{
	struct store *st = db_of(hd, errmsg);
	if (!st)
		return SHOMER_ERR;
	return store_query(st, sql, params, nparams, cb, ud, errmsg);
}

static int api_db_savepoint(struct shomer_host *hd, const char *name, char **errmsg)
{
	struct store *st = db_of(hd, errmsg);
	return st && store_savepoint(st, name, errmsg) == 0 ? SHOMER_OK : SHOMER_ERR;
}

static int api_db_release(struct shomer_host *hd, const char *name, char **errmsg)
{
	struct store *st = db_of(hd, errmsg);
	return st && store_release(st, name, errmsg) == 0 ? SHOMER_OK : SHOMER_ERR;
}

static int api_db_rollback_to(struct shomer_host *hd, const char *name, char **errmsg)
{
	struct store *st = db_of(hd, errmsg);
	return st && store_rollback_to(st, name, errmsg) == 0 ? SHOMER_OK : SHOMER_ERR;
}

/* ---- sites ---- */

static int api_site_get(struct shomer_host *hd, const char *id, shomer_site_fn cb, void *ud,
                        char **errmsg)
{
	struct store *st = db_of(hd, errmsg);
	struct site s;
	int found;
	if (!st || site_load(st, id, &s, &found, errmsg))
		return SHOMER_ERR;
	if (!found)
		return err_set(errmsg, "no site '%s'", id), SHOMER_ERR;
	int rc = cb(ud, &s.pub, 0);
	site_release(&s);
	return rc;
}

struct foreach_ctx {
	shomer_site_fn cb;
	void *ud;
};

static int foreach_relay(void *ud, const struct site *s)
{
	struct foreach_ctx *c = ud;
	return c->cb(c->ud, &s->pub, 0);
}

static int api_site_foreach(struct shomer_host *hd, const struct shomer_site_filter *f,
                            shomer_site_fn cb, void *ud, char **errmsg)
{
	struct store *st = db_of(hd, errmsg);
	if (!st)
		return SHOMER_ERR;
	if (f &&
	    f->size < offsetof(struct shomer_site_filter, police_force) + sizeof(f->police_force))
		return err_set(errmsg, "site filter is too small"), SHOMER_ERR;
	struct foreach_ctx c = {cb, ud};
	return site_foreach(st, f, foreach_relay, &c, errmsg);
}

struct index_row {
	char ***ids;
	double **x, **y;
	size_t *n, *alloc;
};

static int collect_xy(void *ud, int ncols, const struct shomer_value *v)
{
	struct index_row *r = ud;
	(void)ncols;
	size_t n = *r->n, a = *r->alloc, a2 = a, a3 = a;
	ALLOC_GROW(*r->ids, n + 1, a);
	ALLOC_GROW(*r->x, n + 1, a2);
	ALLOC_GROW(*r->y, n + 1, a3);
	*r->alloc = a;
	(*r->ids)[n] = xstrdup(v[0].u.s);
	(*r->x)[n] = v[1].u.r;
	(*r->y)[n] = v[2].u.r;
	(*r->n)++;
	return 0;
}

/* Builds the spatial index over site locations on first use. */
static int ensure_index(struct host *h, char **errmsg)
{
	if (h->index)
		return 0;
	double *x = NULL, *y = NULL;
	size_t n = 0, alloc = 0;
	struct index_row r = {&h->index_ids, &x, &y, &n, &alloc};
	if (store_query(h->store, "SELECT id, x, y FROM sites ORDER BY id", NULL, 0, collect_xy, &r,
	                errmsg)) {
		free(x);
		free(y);
		return -1;
	}
	h->index_n = n;
	h->index = spindex_build(x, y, n, 0);
	free(x);
	free(y);
	return 0;
}

static int visit_hits(struct host *h, struct spindex_hit *hits, size_t n, shomer_site_fn cb,
                      void *ud, char **errmsg)
{
	int rc = SHOMER_OK;
	for (size_t i = 0; i < n && rc == SHOMER_OK; i++) {
		struct site s;
		int found;
		if (site_load(h->store, h->index_ids[hits[i].idx], &s, &found, errmsg)) {
			rc = SHOMER_ERR;
			break;
		}
		if (found)
			rc = cb(ud, &s.pub, hits[i].dist);
		site_release(&s);
	}
	free(hits);
	return rc;
}

static int api_site_near(struct shomer_host *hd, double x, double y, double radius,
                         shomer_site_fn cb, void *ud, char **errmsg)
{
	struct host *h = host_of(hd);
	if (!db_of(hd, errmsg) || ensure_index(h, errmsg))
		return SHOMER_ERR;
	struct spindex_hit *hits;
	size_t n;
	spindex_radius(h->index, x, y, radius, &hits, &n);
	return visit_hits(h, hits, n, cb, ud, errmsg);
}

static int api_site_in_box(struct shomer_host *hd, double minx, double miny, double maxx,
                           double maxy, shomer_site_fn cb, void *ud, char **errmsg)
{
	struct host *h = host_of(hd);
	if (!db_of(hd, errmsg) || ensure_index(h, errmsg))
		return SHOMER_ERR;
	struct spindex_hit *hits;
	size_t n;
	spindex_box(h->index, minx, miny, maxx, maxy, &hits, &n);
	return visit_hits(h, hits, n, cb, ud, errmsg);
}

/* ---- geodesy ---- */

static int api_geo_to_xy(struct shomer_host *hd, double lat, double lon, double *x, double *y,
                         char **errmsg)
{
	struct host *h = host_of(hd);
	if (!h->geo)
		return err_set(errmsg, "no database is open"), SHOMER_ERR;
	return geo_to_xy(h->geo, lat, lon, x, y, errmsg) ? SHOMER_ERR : SHOMER_OK;
}

static int api_geo_to_latlon(struct shomer_host *hd, double x, double y, double *lat, double *lon,
                             char **errmsg)
{
	struct host *h = host_of(hd);
	if (!h->geo)
		return err_set(errmsg, "no database is open"), SHOMER_ERR;
	return geo_to_latlon(h->geo, x, y, lat, lon, errmsg) ? SHOMER_ERR : SHOMER_OK;
}

static const char *api_geo_crs(struct shomer_host *hd)
{
	struct host *h = host_of(hd);
	return h->geo ? geo_crs(h->geo) : "";
}

/* ---- shared attributes ---- */

static int own_key(struct shomer_host *hd, const char *key, char **errmsg)
{
	const char *name = host_plugin_name(hd);
	size_t n = strlen(name);
	if (!key || strncmp(key, name, n) != 0 || key[n] != '.' || !key[n + 1])
		return err_set(errmsg, "attribute '%s' is not in the plugin's namespace '%s.'",
		               key ? key : "", name);
	return 0;
}

static int mark_found(void *ud, int ncols, const struct shomer_value *v)
{
	(void)ncols;
	(void)v;
	*(int *)ud = 1;
	return 1;
}

/* The time stamp attributes set now carry; formatted again only when the
 * second changes. */
static const char *attr_time(struct host *h)
{
	int64_t now = time_now();
	if (now != h->attr_time || !h->attr_time_text[0]) {
		time_format(now, h->attr_time_text);
		h->attr_time = now;
	}
	return h->attr_time_text;
}

#define ATTR_UPSERT                                                                 \
	"INSERT INTO site_attrs (site_id, key, value, set_at) VALUES (?, ?, ?, ?) " \
	"ON CONFLICT (site_id, key) DO UPDATE SET value = excluded.value, "         \
	"set_at = excluded.set_at WHERE site_attrs.value <> excluded.value"
#define ATTR_BATCH 16

/* Stores n of one site's attributes, all already checked to be the
 * plugin's own.  A missing site shows as the foreign key's refusal,
 * checked only then. */
static int attr_store(struct shomer_host *hd, struct store *st, const char *site_id, size_t n,
                      const char *const *keys, const char *const *values, char **errmsg)
{
	struct shomer_value rows[ATTR_BATCH * 4];
	const char *at = attr_time(host_of(hd));
	char *why = NULL;
	size_t failed = 0;
	int rc = 0;

	for (size_t done = 0; done < n && rc == 0; done += ATTR_BATCH) {
		size_t m = n - done < ATTR_BATCH ? n - done : ATTR_BATCH;
		for (size_t i = 0; i < m; i++) {
			const char *v = values[done + i];
			rows[4 * i] = (struct shomer_value)SHOMER_V_TEXT(site_id);
			rows[4 * i + 1] = (struct shomer_value)SHOMER_V_TEXT(keys[done + i]);
			rows[4 * i + 2] = (struct shomer_value)SHOMER_V_TEXT(v ? v : "");
			rows[4 * i + 3] = (struct shomer_value)SHOMER_V_TEXT(at);
		}
		rc = store_exec_rows(st, ATTR_UPSERT, rows, m, 4, &failed, &why);
	}
	if (rc == 0)
		return SHOMER_OK;
	int found = 0;
	struct shomer_value id = SHOMER_V_TEXT(site_id);
	store_query_cached(st, "SELECT 1 FROM sites WHERE id = ?", &id, 1, mark_found, &found,
	                   NULL);
	if (!found) {
		free(why);
		return err_set(errmsg, "no site '%s'", site_id), SHOMER_ERR;
	}
	if (errmsg) {
		free(*errmsg);
		*errmsg = why;
	} else {
		free(why);
	}
	return SHOMER_ERR;
}

static int api_attr_set(struct shomer_host *hd, const char *site_id, const char *key,
                        const char *value, char **errmsg)
{
	struct store *st = db_of(hd, errmsg);
	if (!st || own_key(hd, key, errmsg))
		return SHOMER_ERR;
	return attr_store(hd, st, site_id, 1, &key, &value, errmsg);
}

static int api_close_private(FILE *f, char *tmp, const char *path, int ok, char **errmsg)
{
	return cli_close_private(f, tmp, path, ok, errmsg) == 0 ? SHOMER_OK : SHOMER_ERR;
}

static int api_money_parse(const char *text, int64_t *pence)
{
	return money_parse(text, pence) == 0 ? SHOMER_OK : SHOMER_ERR;
}

static int api_attr_set_site(struct shomer_host *hd, const char *site_id, size_t n,
                             const char *const *keys, const char *const *values, char **errmsg)
{
	struct store *st = db_of(hd, errmsg);
	if (!st)
		return SHOMER_ERR;
	for (size_t i = 0; i < n; i++)
		if (own_key(hd, keys[i], errmsg))
			return SHOMER_ERR;
	return attr_store(hd, st, site_id, n, keys, values, errmsg);
}

struct attr_out {
	char **value, **set_at;
};

static int attr_row(void *ud, int ncols, const struct shomer_value *v)
{
	struct attr_out *o = ud;
	(void)ncols;
	*o->value = xstrdup(v[0].u.s ? v[0].u.s : "");
	if (o->set_at)
		*o->set_at = xstrdup(v[1].u.s ? v[1].u.s : "");
	return 1;
}

static int api_attr_get(struct shomer_host *hd, const char *site_id, const char *key, char **value,
                        char **set_at, char **errmsg)
{
	struct store *st = db_of(hd, errmsg);
	*value = NULL;
	if (set_at)
		*set_at = NULL;
	if (!st)
		return SHOMER_ERR;
	struct attr_out o = {value, set_at};
	struct shomer_value v[] = {SHOMER_V_TEXT(site_id), SHOMER_V_TEXT(key)};
	int rc = store_query_cached(
	        st, "SELECT value, set_at FROM site_attrs WHERE site_id = ? AND key = ?", v, 2,
	        attr_row, &o, errmsg);
	return rc == 0 || rc == 1 ? SHOMER_OK : SHOMER_ERR;
}

static int api_attr_del(struct shomer_host *hd, const char *site_id, const char *key, char **errmsg)
{
	struct store *st = db_of(hd, errmsg);
	if (!st || own_key(hd, key, errmsg))
		return SHOMER_ERR;
	struct shomer_value v[] = {SHOMER_V_TEXT(site_id), SHOMER_V_TEXT(key)};
	return store_exec(st, "DELETE FROM site_attrs WHERE site_id = ? AND key = ?", v, 2, errmsg)
	               ? SHOMER_ERR
	               : SHOMER_OK;
}

/* ---- XML ---- */

static int api_import_error(struct shomer_import *imp, long line, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	import_verror(imp, line, fmt, ap);
	va_end(ap);
	return SHOMER_ERR;
}

struct shomer_xml_out {
	xmlTextWriterPtr w;
	const char *ns;
	int depth;
};

struct shomer_xml_out *xml_out_new(void *writer, const char *ns)
{
	struct shomer_xml_out *o = xcalloc(1, sizeof(*o));
	o->w = writer;
	o->ns = ns;
	return o;
}

void *xml_out_writer(struct shomer_xml_out *out)
{
	return out->w;
}

void xml_out_free(struct shomer_xml_out *out)
{
	free(out);
}

int xml_out_finish(struct shomer_xml_out *out)
{
	int rc = out->depth ? -1 : 0;
	while (out->depth > 0) {
		xmlTextWriterEndElement(out->w);
		out->depth--;
	}
	return rc;
}

static int api_xml_start(struct shomer_xml_out *o, const char *name)
{
	int rc;
	/* The plugin's outermost element declares its namespace as the default;
	 * its children inherit it. */
	if (o->depth == 0)
		rc = xmlTextWriterStartElementNS(o->w, NULL, BAD_CAST name, BAD_CAST o->ns);
	else
		rc = xmlTextWriterStartElement(o->w, BAD_CAST name);
	if (rc < 0)
		return SHOMER_ERR;
	o->depth++;
	return SHOMER_OK;
}

static int api_xml_attr_out(struct shomer_xml_out *o, const char *name, const char *value)
{
	return xmlTextWriterWriteAttribute(o->w, BAD_CAST name, BAD_CAST(value ? value : "")) < 0
	               ? SHOMER_ERR
	               : SHOMER_OK;
}

static int api_xml_text(struct shomer_xml_out *o, const char *text)
{
	return xmlTextWriterWriteString(o->w, BAD_CAST(text ? text : "")) < 0 ? SHOMER_ERR
	                                                                      : SHOMER_OK;
}

static int api_xml_end(struct shomer_xml_out *o)
{
	if (o->depth == 0 || xmlTextWriterEndElement(o->w) < 0)
		return SHOMER_ERR;
	o->depth--;
	return SHOMER_OK;
}

/* ---- tables and reports: the core modules as they are ---- */

static int api_table_print(struct shomer_table *t, enum shomer_format fmt, FILE *out, char **errmsg)
{
	return table_print(t, fmt, out, errmsg) ? SHOMER_ERR : SHOMER_OK;
}

static int api_format_parse(const char *s, enum shomer_format *fmt)
{
	return format_parse(s, fmt) ? SHOMER_ERR : SHOMER_OK;
}

static const char *api_schema_dir(struct shomer_host *hd)
{
	return host_of(hd)->schema_dir;
}

/* ---- ABI 1.1: incidents, threat posture, time ---- */

struct incident_relay {
	shomer_incident_fn cb;
	void *ud;
};

static int incident_relay_fn(void *ud, const struct incident *inc)
{
	struct incident_relay *r = ud;
	return r->cb(r->ud, &inc->pub);
}

static int api_incident_foreach(struct shomer_host *hd, const struct shomer_incident_filter *f,
                                shomer_incident_fn cb, void *ud, char **errmsg)
{
	struct store *st = db_of(hd, errmsg);
	if (!st)
		return SHOMER_ERR;
	if (f && f->size < offsetof(struct shomer_incident_filter, radius) + sizeof(f->radius))
		return err_set(errmsg, "incident filter is too small"), SHOMER_ERR;
	struct incident_relay r = {cb, ud};
	/* personal fields never cross the boundary: with_personal = 0 */
	return incident_foreach(st, f, 0, incident_relay_fn, &r, errmsg);
}

static int api_threat_level(struct shomer_host *hd, const char *region, enum shomer_threat *level,
                            char **errmsg)
{
	struct store *st = db_of(hd, errmsg);
	if (!st)
		return SHOMER_ERR;
	return threat_in_force(st, region, time_now(), level, NULL, NULL, errmsg) ? SHOMER_ERR
	                                                                          : SHOMER_OK;
}

static int api_threat_level_at(struct shomer_host *hd, const char *region, int64_t at,
                               enum shomer_threat *level, char **errmsg)
{
	struct store *st = db_of(hd, errmsg);
	if (!st)
		return SHOMER_ERR;
	return threat_in_force(st, region, at, level, NULL, NULL, errmsg) ? SHOMER_ERR : SHOMER_OK;
}

struct attr_relay {
	shomer_attr_fn cb;
	void *ud;
};

static int attr_relay_fn(void *ud, int ncols, const struct shomer_value *v)
{
	struct attr_relay *r = ud;
	(void)ncols;
	return r->cb(r->ud, v[0].u.s, v[1].u.s, v[2].u.s);
}

static int api_attr_foreach(struct shomer_host *hd, const char *key, shomer_attr_fn cb, void *ud,
                            char **errmsg)
{
	struct store *st = db_of(hd, errmsg);
	if (!st)
		return SHOMER_ERR;
	struct attr_relay r = {cb, ud};
	struct shomer_value p[] = {SHOMER_V_TEXT(key)};
	return store_query(st,
	                   "SELECT site_id, value, set_at FROM site_attrs WHERE key = ? "
	                   "ORDER BY site_id",
	                   p, 1, attr_relay_fn, &r, errmsg);
}

static int64_t api_now(struct shomer_host *hd)
{
	(void)hd;
	return time_now();
}

static int api_parse_time(const char *text, int64_t *out)
{
	return time_parse(text, out, NULL) ? SHOMER_ERR : SHOMER_OK;
}

void host_api_fill(struct shomer_api *api)
{
	memset(api, 0, sizeof(*api));
	api->size = sizeof(*api);
	api->abi_major = SHOMER_ABI_MAJOR;
	api->abi_minor = SHOMER_ABI_MINOR;
	api->alloc = api_alloc;
	api->free = api_free;
	api->strdup = api_strdup;
	api->errorf = api_errorf;
	api->log = api_log;
	api->progress = api_progress;
	api->register_command = host_register_command;
	api->register_xml = host_register_xml;
	api->register_migrations = host_register_migrations;
	api->register_report = host_register_report;
	api->register_site_hook = host_register_site_hook;
	api->db_exec = api_db_exec;
	api->db_query = api_db_query;
	api->db_savepoint = api_db_savepoint;
	api->db_release = api_db_release;
	api->db_rollback_to = api_db_rollback_to;
	api->site_get = api_site_get;
	api->site_foreach = api_site_foreach;
	api->site_near = api_site_near;
	api->site_in_box = api_site_in_box;
	api->geo_to_xy = api_geo_to_xy;
	api->geo_to_latlon = api_geo_to_latlon;
	api->geo_crs = api_geo_crs;
	api->attr_set = api_attr_set;
	api->attr_get = api_attr_get;
	api->attr_del = api_attr_del;
	api->import_error = api_import_error;
	api->xml_attr = xmltree_attr;
	api->xml_child = xmltree_child;
	api->xml_start = api_xml_start;
	api->xml_attr_out = api_xml_attr_out;
	api->xml_text = api_xml_text;
	api->xml_end = api_xml_end;
	api->table_new = table_new;
	api->table_row = table_row;
	api->table_geometry = table_geometry;
	api->table_print = api_table_print;
	api->table_free = table_free;
	api->format_parse = api_format_parse;
	api->report_heading = report_heading;
	api->report_text = report_text;
	api->report_table = report_table;
	api->report_svg = report_svg;
	api->schema_dir = api_schema_dir;
	api->incident_foreach = api_incident_foreach;
	api->threat_level = api_threat_level;
	api->threat_name = threat_name;
	api->import_require_site = import_require_site;
	api->import_claim_id = import_claim_id;
	api->now = api_now;
	api->parse_time = api_parse_time;
	api->format_time = time_format;
	api->threat_level_at = api_threat_level_at;
	api->attr_foreach = api_attr_foreach;
	api->attr_set_site = api_attr_set_site;
	api->money_parse = api_money_parse;
	api->money_format = money_format;
	api->file_open_private = cli_open_private;
	api->file_close_private = api_close_private;
}
