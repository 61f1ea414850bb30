/*
 * cmd_incidents.c - `shomer incidents add|list|share`.
 */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "geo.h"
#include "host.h"
#include "incident.h"
#include "share.h"
#include "site.h"
#include "store.h"
#include "table.h"
#include "timeutil.h"
#include "util.h"

#include "banned.h"

/* ---- add ---- */

static int add_usage(const char *why)
{
	return cli_usage("incidents", "incidents add: %s", why);
}

/* Fills an incident from the options; the same checks as an import. */
static int add_parse(int argc, char **argv, struct incident *inc, const char **lat,
                     const char **lon)
{
	static const struct option opts[] = {
	        {"id", required_argument, NULL, 'i'},
	        {"occurred", required_argument, NULL, 'o'},
	        {"category", required_argument, NULL, 'c'},
	        {"lat", required_argument, NULL, 'a'},
	        {"lon", required_argument, NULL, 'b'},
	        {"site", required_argument, NULL, 's'},
	        {"police-force", required_argument, NULL, 'f'},
	        {"police-reference", required_argument, NULL, 'r'},
	        {"reported", required_argument, NULL, 'R'},
	        {"description", required_argument, NULL, 'd'},
	        {"victim-name", required_argument, NULL, 'v'},
	        {"contact", required_argument, NULL, 'C'},
	        {NULL, 0, NULL, 0},
	};
	char **fields[] = {['i'] = &inc->id,           ['o'] = &inc->occurred,
	                   ['c'] = &inc->category,     ['s'] = &inc->site_id,
	                   ['f'] = &inc->police_force, ['r'] = &inc->police_reference,
	                   ['d'] = &inc->description,  ['v'] = &inc->victim_name,
	                   ['C'] = &inc->contact};
	int o;
	optind = 0;
	while ((o = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (o == 'a') {
			*lat = optarg;
		} else if (o == 'b') {
			*lon = optarg;
		} else if (o == 'R') {
			if (strcmp(optarg, "yes") && strcmp(optarg, "no"))
				return add_usage("--reported takes yes or no");
			inc->pub.reported_to_police = strcmp(optarg, "yes") == 0;
		} else if (o > 0 && o < (int)ARRAY_SIZE(fields) && fields[o]) {
			free(*fields[o]);
			*fields[o] = xstrdup(optarg);
		} else {
			return add_usage("unknown option");
		}
	}
	if (optind != argc)
		return add_usage("unexpected argument");
	if (!inc->id || !inc->occurred || !inc->category)
		return add_usage("--id, --occurred and --category are required");
	if (!*lat != !*lon)
		return add_usage("--lat and --lon go together");
	if (!*lat && !inc->site_id)
		return add_usage("give a place: --lat and --lon, or --site, or both");
	return 0;
}

static int cmd_add(struct cli *c, int argc, char **argv)
{
	struct host *h = c->host;
	struct incident inc;
	incident_init(&inc);
	inc.source = "cli";
	const char *lat = NULL, *lon = NULL;
	int rc = add_parse(argc, argv, &inc, &lat, &lon);
	if (rc) {
		incident_release(&inc);
		return rc;
	}
	struct site_problems probs = {0};
	int month_only = 0;
	if (time_parse(inc.occurred, &inc.pub.occurred_unix, &month_only))
		site_problem_add(&probs, 0, "'%s' is not a date and time", inc.occurred);
	else {
		char iso[32];
		time_format(inc.pub.occurred_unix, iso);
		free(inc.occurred);
		inc.occurred = xstrdup(iso);
		inc.pub.month_only = month_only;
	}
	if (!incident_category_known(inc.category))
		site_problem_add(&probs, 0, "unknown category '%s'", inc.category);
	if (lat) {
		if (parse_double(lat, &inc.pub.lat) || parse_double(lon, &inc.pub.lon) ||
		    fabs(inc.pub.lat) > 90 || fabs(inc.pub.lon) > 180)
			site_problem_add(&probs, 0, "'%s, %s' is not a latitude and longitude", lat,
			                 lon);
		else
			inc.own_location = inc.pub.has_location = 1;
	}
	incident_sync_view(&inc);
	if (probs.n == 0)
		incident_check(&inc, h->geo, time_now(), &probs);
	char *why = NULL;
	int found = 1;
	if (probs.n == 0 && inc.site_id) {
		int64_t one = 0;
		struct shomer_value p[] = {SHOMER_V_TEXT(inc.site_id)};
		if (store_query_int(h->store, "SELECT 1 FROM sites WHERE id = ?", p, 1, &one,
		                    &found, &why))
			rc = cli_fail_msg(SHOMER_EXIT_FAILED, &why);
		else if (!found)
			site_problem_add(&probs, 0, "unknown site '%s'", inc.site_id);
	}
	for (size_t i = 0; i < probs.n; i++)
		cli_fail(SHOMER_EXIT_REJECTED, "incidents add: %s", probs.v[i].msg);
	if (!rc && probs.n)
		rc = SHOMER_EXIT_REJECTED;
	int changed = 0;
	if (!rc &&
	    (store_begin(h->store, &why) || incident_upsert(h->store, &inc, &changed, &why) ||
	     incident_resolve_sites(h->store, &why) || store_commit(h->store, &why))) {
		store_rollback(h->store);
		rc = cli_fail_msg(SHOMER_EXIT_FAILED, &why);
	}
	if (!rc)
		printf("%s incident '%s'\n",
		       changed == 1 ? "recorded"
		       : changed    ? "updated"
		                    : "unchanged",
		       inc.id);
	site_problems_release(&probs);
	incident_release(&inc);
	return rc;
}

/* ---- list ---- */

struct list_ctx {
	struct shomer_table *t;
	int near, with_description, with_personal;
	double x, y;
};

static int list_row(void *ud, const struct incident *inc)
{
	struct list_ctx *c = ud;
	const struct shomer_incident *p = &inc->pub;
	char lat[FMT_DOUBLE_MAX] = "", lon[FMT_DOUBLE_MAX] = "", dist[32] = "", month[8];
	if (p->has_location) {
		fmt_fixed(lat, p->lat, 6);
		fmt_fixed(lon, p->lon, 6);
		if (c->near)
			snprintf(dist, sizeof(dist), "%.0f", geo_dist(p->x, p->y, c->x, c->y));
	}
	if (p->month_only)
		time_format_month(p->occurred_unix, month);
	const char *cells[12] = {
	        p->id,           p->month_only ? month : p->occurred,  p->category, p->site_id,
	        p->police_force, p->reported_to_police ? "yes" : "no", lat,         lon,
	};
	size_t n = 8;
	/* the optional columns, in the order list_table made them */
	if (c->near)
		cells[n++] = dist;
	if (c->with_description)
		cells[n++] = inc->description ? inc->description : "";
	if (c->with_personal) {
		cells[n++] = inc->victim_name ? inc->victim_name : "";
		cells[n++] = inc->contact ? inc->contact : "";
	}
	table_row(c->t, cells);
	if (p->has_location) {
		struct shomer_xy pt = {p->lon, p->lat};
		table_geometry(c->t, &pt, 1);
	}
	return 0;
}

static struct shomer_table *list_table(const struct list_ctx *c)
{
	const char *cols[12] = {"id",           "occurred", "category", "site",
	                        "police_force", "reported", "lat",      "lon"};
	enum shomer_col kinds[12] = {SHOMER_COL_TEXT,   SHOMER_COL_TEXT,  SHOMER_COL_TEXT,
	                             SHOMER_COL_TEXT,   SHOMER_COL_TEXT,  SHOMER_COL_TEXT,
	                             SHOMER_COL_NUMBER, SHOMER_COL_NUMBER};
	size_t n = 8;
	if (c->near) {
		kinds[n] = SHOMER_COL_NUMBER;
		cols[n++] = "distance_m";
	}
	if (c->with_description) {
		kinds[n] = SHOMER_COL_TEXT;
		cols[n++] = "description";
	}
	if (c->with_personal) {
		kinds[n] = SHOMER_COL_TEXT;
		cols[n++] = "victim_name";
		kinds[n] = SHOMER_COL_TEXT;
		cols[n++] = "contact";
	}
	return table_new(cols, kinds, n);
}

static int month_or_date(const char *s, int end, int64_t *out)
{
	int month_only = 0;
	if (time_parse(s, out, &month_only))
		return -1;
	if (end) {
		/* --to is inclusive: the instant after the named day or month */
		if (month_only) {
			char next[32];
			int y = 0, m = 0;
			if (sscanf(s, "%4d-%2d", &y, &m) != 2 || y < 1 || y > 9999 || m < 1 ||
			    m > 12)
				return -1;
			snprintf(next, sizeof(next), "%04d-%02d", m == 12 ? y + 1 : y,
			         m == 12 ? 1 : m + 1);
			return time_parse(next, out, NULL);
		}
		if (strlen(s) == 10)
			*out += 86400;
	}
	return 0;
}

static int cmd_list(struct cli *c, int argc, char **argv)
{
	struct host *h = c->host;
	struct shomer_incident_filter f = {.size = sizeof(f)};
	struct list_ctx lc = {0};
	enum shomer_format fmt = SHOMER_FMT_TABLE;
	const char *near_site = NULL, *radius = NULL;
	static const struct option opts[] = {
	        {"from", required_argument, NULL, 'F'},
	        {"to", required_argument, NULL, 'T'},
	        {"category", required_argument, NULL, 'c'},
	        {"near", required_argument, NULL, 'n'},
	        {"radius", required_argument, NULL, 'r'},
	        {"police-force", required_argument, NULL, 'p'},
	        {"site", required_argument, NULL, 's'},
	        {"format", required_argument, NULL, 'f'},
	        {"with-description", no_argument, NULL, 'D'},
	        {"with-personal", no_argument, NULL, 'P'},
	        {NULL, 0, NULL, 0},
	};
	int o;
	optind = 0;
	while ((o = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (o) {
		case 'F':
			if (month_or_date(optarg, 0, &f.from_unix))
				return cli_usage("incidents", "--from '%s' is not a date or month",
				                 optarg);
			break;
		case 'T':
			if (month_or_date(optarg, 1, &f.to_unix))
				return cli_usage("incidents", "--to '%s' is not a date or month",
				                 optarg);
			break;
		case 'c':
			if (!incident_category_known(optarg))
				return cli_fail(SHOMER_EXIT_REJECTED, "unknown category '%s'",
				                optarg);
			f.category = optarg;
			break;
		case 'n': near_site = optarg; break;
		case 'r': radius = optarg; break;
		case 'p': f.police_force = optarg; break;
		case 's': f.site_id = optarg; break;
		case 'D': lc.with_description = 1; break;
		case 'P': lc.with_personal = 1; break;
		case 'f':
			if (format_parse(optarg, &fmt))
				return cli_usage("incidents", "unknown format '%s'", optarg);
			break;
		default: return cli_usage("incidents", "unknown option");
		}
	}
	if (optind != argc)
		return cli_usage("incidents", "unexpected argument '%s'", argv[optind]);
	if (!near_site != !radius)
		return cli_usage("incidents", "--near SITE and --radius METRES go together");
	char *why = NULL;
	if (near_site) {
		struct site s;
		int found;
		if (parse_double(radius, &f.radius) || f.radius <= 0)
			return cli_usage("incidents", "--radius '%s' is not a positive number",
			                 radius);
		if (site_load(h->store, near_site, &s, &found, &why))
			return cli_fail_msg(SHOMER_EXIT_FAILED, &why);
		if (!found)
			return cli_fail(SHOMER_EXIT_REJECTED, "no site '%s'", near_site);
		f.near = lc.near = 1;
		f.x = lc.x = s.pub.x;
		f.y = lc.y = s.pub.y;
		site_release(&s);
	}
	lc.t = list_table(&lc);
	unsigned detail = (lc.with_description ? INCIDENT_WITH_DESCRIPTION : 0) |
	                  (lc.with_personal ? INCIDENT_WITH_PERSONAL : 0);
	int rc = incident_foreach(h->store, &f, detail, list_row, &lc, &why);
	if (rc == 0)
		rc = table_print(lc.t, fmt, stdout, &why);
	table_free(lc.t);
	return rc ? cli_fail_msg(SHOMER_EXIT_FAILED, &why) : 0;
}

int cmd_incidents(struct cli *c, int argc, char **argv)
{
	static const struct {
		const char *verb;
		int (*fn)(struct cli *, int, char **);
	} verbs[] = {{"add", cmd_add}, {"list", cmd_list}, {"share", share_run}};
	if (argc < 2)
		return cli_usage("incidents", "missing verb: add, list or share");
	for (size_t i = 0; i < ARRAY_SIZE(verbs); i++) {
		if (strcmp(argv[1], verbs[i].verb) == 0)
			return verbs[i].fn(c, argc - 1, argv + 1);
	}
	return cli_usage("incidents", "unknown verb '%s': add, list or share", argv[1]);
}
