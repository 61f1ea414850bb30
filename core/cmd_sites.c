/*
 * cmd_sites.c - `shomer sites list|show|rm`.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cli.h"
#include "geo.h"
#include "host.h"
#include "site.h"
#include "store.h"
#include "table.h"
#include "util.h"

#include "banned.h"

static const char *const list_cols[] = {
        "id",  "name", "kind",     "region",   "police_force",    "postcode",
        "lat", "lon",  "capacity", "sessions", "peak_attendance",
};
static const enum shomer_col list_kinds[] = {
        SHOMER_COL_TEXT,   SHOMER_COL_TEXT,   SHOMER_COL_TEXT,   SHOMER_COL_TEXT,
        SHOMER_COL_TEXT,   SHOMER_COL_TEXT,   SHOMER_COL_NUMBER, SHOMER_COL_NUMBER,
        SHOMER_COL_NUMBER, SHOMER_COL_NUMBER, SHOMER_COL_NUMBER,
};

struct list_ctx {
	struct shomer_table *t;
	int perimeter; /* GeoJSON geometry: the perimeter where there is one */
	size_t n;
};

static int peak_attendance(const struct shomer_site *p)
{
	int peak = 0;
	for (size_t i = 0; i < p->n_sessions; i++) {
		if (p->sessions[i].attendance > peak)
			peak = p->sessions[i].attendance;
	}
	return peak;
}

static int list_row(void *ud, const struct site *s)
{
	struct list_ctx *c = ud;
	const struct shomer_site *p = &s->pub;
	char lat[FMT_DOUBLE_MAX], lon[FMT_DOUBLE_MAX], cap[24], ses[24], peak[24];
	snprintf(cap, sizeof(cap), "%d", p->capacity);
	snprintf(ses, sizeof(ses), "%zu", p->n_sessions);
	snprintf(peak, sizeof(peak), "%d", peak_attendance(p));
	const char *cells[] = {
	        p->id,
	        p->name,
	        p->kind,
	        p->region,
	        p->police_force,
	        p->postcode,
	        fmt_double(lat, p->lat),
	        fmt_double(lon, p->lon),
	        cap,
	        ses,
	        peak,
	};
	table_row(c->t, cells);
	if (c->perimeter && p->n_perimeter) {
		table_geometry(c->t, p->perimeter_ll, p->n_perimeter);
	} else {
		struct shomer_xy pt = {p->lon, p->lat};
		table_geometry(c->t, &pt, 1);
	}
	c->n++;
	return 0;
}

static int sites_list(struct cli *c, int argc, char **argv)
{
	struct shomer_site_filter f = {.size = sizeof(f)};
	enum shomer_format fmt = SHOMER_FMT_TABLE;
	int perimeter = 0;
	static const struct option opts[] = {
	        {"region", required_argument, NULL, 'r'},
	        {"kind", required_argument, NULL, 'k'},
	        {"tag", required_argument, NULL, 't'},
	        {"police-force", required_argument, NULL, 'p'},
	        {"format", required_argument, NULL, 'f'},
	        {"geometry", required_argument, NULL, 'g'},
	        {NULL, 0, NULL, 0},
	};
	int o;
	optind = 0;
	while ((o = getopt_long(argc, argv, "r:k:t:p:f:g:", opts, NULL)) != -1) {
		switch (o) {
		case 'r': f.region = optarg; break;
		case 'k': f.kind = optarg; break;
		case 't': f.tag = optarg; break;
		case 'p': f.police_force = optarg; break;
		case 'f':
			if (format_parse(optarg, &fmt))
				return cli_usage("sites", "unknown format '%s'", optarg);
			break;
		case 'g':
			if (strcmp(optarg, "point") != 0 && strcmp(optarg, "perimeter") != 0)
				return cli_usage("sites",
				                 "geometry must be 'point' or 'perimeter'");
			perimeter = strcmp(optarg, "perimeter") == 0;
			break;
		default: return cli_usage("sites", "unknown option");
		}
	}
	if (optind != argc)
		return cli_usage("sites", "unexpected argument '%s'", argv[optind]);
	struct list_ctx lc = {table_new(list_cols, list_kinds, ARRAY_SIZE(list_cols)), perimeter,
	                      0};
	char *why = NULL;
	int rc = site_foreach(c->host->store, &f, list_row, &lc, &why);
	if (rc == 0)
		rc = table_print(lc.t, fmt, stdout, &why);
	table_free(lc.t);
	if (rc)
		return cli_fail_msg(SHOMER_EXIT_FAILED, &why);
	return 0;
}

/* ---- show ---- */

struct attrs_ctx {
	json_t *obj;
	struct shomer_table *t;
};

static int attr_row(void *ud, int ncols, const struct shomer_value *v)
{
	struct attrs_ctx *a = ud;
	(void)ncols;
	if (a->obj) {
		json_t *e = json_pack("{s:s, s:s}", "value", v[1].u.s, "set_at", v[2].u.s);
		json_object_set_new(a->obj, v[0].u.s, e);
	}
	if (a->t) {
		char *k = xstrfmt("attribute %s", v[0].u.s);
		char *val = xstrfmt("%s (at %s)", v[1].u.s, v[2].u.s);
		const char *cells[] = {k, val};
		table_row(a->t, cells);
		free(k);
		free(val);
	}
	return 0;
}

static int load_attrs(struct store *st, const char *id, struct attrs_ctx *a, char **why)
{
	struct shomer_value p[] = {SHOMER_V_TEXT(id)};
	return store_query(st,
	                   "SELECT key, value, set_at FROM site_attrs WHERE site_id = ? "
	                   "ORDER BY key",
	                   p, 1, attr_row, a, why);
}

static json_t *site_json(const struct site *s, const char *crs)
{
	const struct shomer_site *p = &s->pub;
	json_t *o = json_object();
	json_object_set_new(o, "id", json_string(p->id));
	json_object_set_new(o, "name", json_string(p->name));
	json_object_set_new(o, "kind", json_string(p->kind));
	json_object_set_new(o, "region", json_string(p->region));
	json_object_set_new(o, "police_force", json_string(p->police_force));
	json_object_set_new(o, "address", json_string(p->address));
	json_object_set_new(o, "postcode", json_string(p->postcode));
	json_object_set_new(o, "lat", json_real(p->lat));
	json_object_set_new(o, "lon", json_real(p->lon));
	json_object_set_new(o, "x", json_real(p->x));
	json_object_set_new(o, "y", json_real(p->y));
	json_object_set_new(o, "crs", json_string(crs));
	json_object_set_new(o, "capacity", json_integer(p->capacity));
	json_t *per = json_array();
	for (size_t i = 0; i < p->n_perimeter; i++)
		json_array_append_new(per,
		                      json_pack("{s:f, s:f, s:f, s:f}", "lat", p->perimeter_ll[i].y,
		                                "lon", p->perimeter_ll[i].x, "x", p->perimeter[i].x,
		                                "y", p->perimeter[i].y));
	json_object_set_new(o, "perimeter", per);
	json_t *ses = json_array();
	for (size_t i = 0; i < p->n_sessions; i++) {
		const struct shomer_session *q = &p->sessions[i];
		char a[8], b[8];
		site_format_time(a, q->start_min);
		site_format_time(b, q->end_min);
		json_array_append_new(ses,
		                      json_pack("{s:s, s:s, s:s, s:s, s:i}", "day",
		                                site_day_names[q->day], "start", a, "end", b,
		                                "label", q->label, "attendance", q->attendance));
	}
	json_object_set_new(o, "schedule", ses);
	json_t *tags = json_array();
	for (size_t i = 0; i < p->n_tags; i++)
		json_array_append_new(tags, json_string(p->tags[i]));
	json_object_set_new(o, "tags", tags);
	json_object_set_new(o, "notes", json_string(p->notes));
	return o;
}

static struct shomer_table *site_kv_table(const struct site *s, const char *crs)
{
	static const char *const cols[] = {"field", "value"};
	static const enum shomer_col kinds[] = {SHOMER_COL_TEXT, SHOMER_COL_TEXT};
	const struct shomer_site *p = &s->pub;
	struct shomer_table *t = table_new(cols, kinds, 2);
	char a[FMT_DOUBLE_MAX], b[FMT_DOUBLE_MAX];
	char *loc = xstrfmt("%s, %s", fmt_double(a, p->lat), fmt_double(b, p->lon));
	char *xy = xstrfmt("%s, %s (%s)", fmt_fixed(a, p->x, 2), fmt_fixed(b, p->y, 2), crs);
	char *cap = xstrfmt("%d", p->capacity);
	char *per = xstrfmt("%zu points", p->n_perimeter);
	const char *rows[][2] = {
	        {"id", p->id},
	        {"name", p->name},
	        {"kind", p->kind},
	        {"region", p->region},
	        {"police force", p->police_force},
	        {"address", p->address},
	        {"postcode", p->postcode},
	        {"lat, lon", loc},
	        {"x, y", xy},
	        {"capacity", cap},
	        {"perimeter", per},
	        {"notes", p->notes},
	};
	for (size_t i = 0; i < ARRAY_SIZE(rows); i++)
		table_row(t, rows[i]);
	for (size_t i = 0; i < p->n_sessions; i++) {
		const struct shomer_session *q = &p->sessions[i];
		char s1[8], s2[8];
		site_format_time(s1, q->start_min);
		site_format_time(s2, q->end_min);
		char *v = xstrfmt("%s %s-%s %s (%d expected)", site_day_names[q->day], s1, s2,
		                  q->label, q->attendance);
		const char *cells[] = {"session", v};
		table_row(t, cells);
		free(v);
	}
	for (size_t i = 0; i < p->n_tags; i++) {
		const char *cells[] = {"tag", p->tags[i]};
		table_row(t, cells);
	}
	free(loc);
	free(xy);
	free(cap);
	free(per);
	return t;
}

static int sites_show(struct cli *c, int argc, char **argv)
{
	enum shomer_format fmt = SHOMER_FMT_TABLE;
	static const struct option opts[] = {{"format", required_argument, NULL, 'f'},
	                                     {NULL, 0, NULL, 0}};
	int o;
	optind = 0;
	while ((o = getopt_long(argc, argv, "f:", opts, NULL)) != -1) {
		if (o != 'f' || format_parse(optarg, &fmt) ||
		    (fmt != SHOMER_FMT_TABLE && fmt != SHOMER_FMT_JSON))
			return cli_usage("sites", "sites show takes --format table|json");
	}
	if (optind + 1 != argc)
		return cli_usage("sites", "sites show takes one site id");
	const char *id = argv[optind];
	struct host *h = c->host;
	struct site s;
	int found;
	char *why = NULL;
	if (site_load(h->store, id, &s, &found, &why))
		return cli_fail_msg(SHOMER_EXIT_FAILED, &why);
	if (!found)
		return cli_fail(SHOMER_EXIT_REJECTED, "no site '%s'", id);
	const char *crs = geo_crs(h->geo);
	int rc = 0;
	if (fmt == SHOMER_FMT_JSON) {
		json_t *o2 = site_json(&s, crs);
		struct attrs_ctx a = {json_object(), NULL};
		rc = load_attrs(h->store, id, &a, &why);
		json_object_set_new(o2, "attributes", a.obj);
		char *text = json_dumps(o2, JSON_INDENT(2) | JSON_PRESERVE_ORDER |
		                                    JSON_REAL_PRECISION(15));
		if (text)
			printf("%s\n", text);
		free(text);
		json_decref(o2);
	} else {
		struct shomer_table *t = site_kv_table(&s, crs);
		struct attrs_ctx a = {NULL, t};
		rc = load_attrs(h->store, id, &a, &why);
		if (rc == 0)
			rc = table_print(t, SHOMER_FMT_TABLE, stdout, &why);
		table_free(t);
	}
	site_release(&s);
	return rc ? cli_fail_msg(SHOMER_EXIT_FAILED, &why) : 0;
}

/* ---- rm ---- */

static int sites_rm(struct cli *c, int argc, char **argv)
{
	if (argc < 2)
		return cli_usage("sites", "sites rm takes one or more site ids");
	struct host *h = c->host;
	char *why = NULL;
	if (store_begin(h->store, &why))
		return cli_fail_msg(SHOMER_EXIT_FAILED, &why);
	int rc = 0;
	for (int i = 1; i < argc && rc == 0; i++) {
		int found = 0;
		int64_t one = 0;
		struct shomer_value p[] = {SHOMER_V_TEXT(argv[i])};
		if (store_query_int(h->store, "SELECT 1 FROM sites WHERE id = ?", p, 1, &one,
		                    &found, &why)) {
			rc = SHOMER_EXIT_FAILED;
		} else if (!found) {
			why = xstrfmt("no site '%s'; nothing was removed", argv[i]);
			rc = SHOMER_EXIT_REJECTED;
		} else if (host_site_event(h, argv[i], SHOMER_SITE_REMOVED, &why)) {
			rc = SHOMER_EXIT_REJECTED;
		} else if (site_remove(h->store, argv[i], &found, &why)) {
			rc = SHOMER_EXIT_FAILED;
		}
	}
	if (rc == 0 && store_commit(h->store, &why))
		rc = SHOMER_EXIT_FAILED;
	if (rc) {
		store_rollback(h->store);
		return cli_fail_msg(rc, &why);
	}
	host_sites_changed(h);
	/* secure_delete zeroes the freed pages; the checkpoint also clears the
	 * copies still in the write-ahead log. */
	store_exec_script(h->store, "PRAGMA wal_checkpoint(TRUNCATE)", NULL);
	printf("removed %d site%s\n", argc - 1, argc == 2 ? "" : "s");
	return 0;
}

int cmd_sites(struct cli *c, int argc, char **argv)
{
	static const struct {
		const char *verb;
		int (*fn)(struct cli *, int, char **);
	} verbs[] = {{"list", sites_list}, {"show", sites_show}, {"rm", sites_rm}};
	if (argc < 2)
		return cli_usage("sites", "missing verb: list, show or rm");
	for (size_t i = 0; i < ARRAY_SIZE(verbs); i++) {
		if (strcmp(argv[1], verbs[i].verb) == 0)
			return verbs[i].fn(c, argc - 1, argv + 1);
	}
	return cli_usage("sites", "unknown verb '%s': list, show or rm", argv[1]);
}
