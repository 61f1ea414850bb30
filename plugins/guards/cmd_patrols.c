/*
 * cmd_patrols.c - `shomer patrols plan`: how often each site of a region
 * should be visited (patrol_coverage, a Stackelberg security game), and
 * routes for the patrol units that visit them that often (patrol_plan).
 * docs/patrols.md explains the model and how to read the plan.
 *
 * A site's value is its risk score (risk.score, from the risk plugin) when
 * it has one, and otherwise its exposure: 10 + 5 ln(1 + P / 50) for the
 * largest attendance P of its week (its capacity when no session says).
 */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "guards.h"
#include "patrol.h"

#include "banned.h"

struct psite {
	char *id, *name;
	double lat, lon, x, y;
	double value;
	int scored; /* value from risk.score */
	int peak;
};

struct sites {
	struct psite *v;
	size_t n, a;
};

static char *copy(const char *s)
{
	return guards_api->strdup(s ? s : "");
}

static int take_site(void *ud, const struct shomer_site *s, double dist)
{
	struct sites *ss = ud;
	int peak = 0;

	(void)dist;
	if (ss->n == ss->a) {
		size_t a = ss->a ? ss->a * 2 : 64;
		struct psite *nv = guards_api->alloc(a * sizeof(*nv));
		if (ss->n)
			memcpy(nv, ss->v, ss->n * sizeof(*nv));
		guards_api->free(ss->v);
		ss->v = nv;
		ss->a = a;
	}
	for (size_t i = 0; i < s->n_sessions; i++)
		if (s->sessions[i].attendance > peak)
			peak = s->sessions[i].attendance;
	if (peak == 0)
		peak = s->capacity > 0 ? s->capacity : 0;
	struct psite *p = &ss->v[ss->n++];
	memset(p, 0, sizeof(*p));
	p->id = copy(s->id);
	p->name = copy(s->name);
	p->lat = s->lat;
	p->lon = s->lon;
	p->x = s->x;
	p->y = s->y;
	p->peak = peak;
	p->value = 10.0 + 5.0 * log(1.0 + peak / 50.0);
	return SHOMER_OK;
}

static int take_score(void *ud, const char *site_id, const char *value, const char *set_at)
{
	struct sites *ss = ud;
	char *end;
	double v;

	(void)set_at;
	for (size_t i = 0; i < ss->n; i++) {
		if (strcmp(ss->v[i].id, site_id) != 0)
			continue;
		errno = 0;
		v = strtod(value, &end);
		if (!*end && !errno && isfinite(v) && v >= 0) {
			ss->v[i].value = v;
			ss->v[i].scored = 1;
		}
		break;
	}
	return SHOMER_OK;
}

static void sites_release(struct sites *ss)
{
	for (size_t i = 0; i < ss->n; i++) {
		guards_api->free(ss->v[i].id);
		guards_api->free(ss->v[i].name);
	}
	guards_api->free(ss->v);
}

struct options {
	const char *region, *start_text;
	int units, hours;
	int64_t start;
	uint64_t seed;
	double speed, dwell;
	int have_base;
	double base_lat, base_lon;
	enum shomer_format fmt;
};

static int parse_int(const char *s, long lo, long hi, long *out)
{
	char *end;
	long v;

	if (!s || !*s || (*s != '-' && (*s < '0' || *s > '9')))
		return -1;
	errno = 0;
	v = strtol(s, &end, 10);
	if (*end || errno || v < lo || v > hi)
		return -1;
	*out = v;
	return 0;
}

static int parse_real(const char *s, double lo, double hi, double *out)
{
	char *end;
	double v;

	if (!s || !*s || *s == ' ')
		return -1;
	errno = 0;
	v = strtod(s, &end);
	if (*end || errno || !isfinite(v) || v < lo || v > hi)
		return -1;
	*out = v;
	return 0;
}

static int options(int argc, char **argv, struct options *o, char **errmsg)
{
	static const struct option opts[] = {
	        {"region", required_argument, NULL, 'r'}, {"units", required_argument, NULL, 'u'},
	        {"start", required_argument, NULL, 's'},  {"hours", required_argument, NULL, 'h'},
	        {"seed", required_argument, NULL, 'e'},   {"format", required_argument, NULL, 'f'},
	        {"speed", required_argument, NULL, 'v'},  {"dwell", required_argument, NULL, 'd'},
	        {"base", required_argument, NULL, 'b'},   {NULL, 0, NULL, 0},
	};
	long n;
	int c;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		switch (c) {
		case 'r': o->region = optarg; break;
		case 'u':
			if (parse_int(optarg, 1, 1000, &n))
				return guards_fail(
				        errmsg, SHOMER_EXIT_USAGE,
				        "--units '%s' is not a number of units from 1 to 1000",
				        optarg);
			o->units = (int)n;
			break;
		case 's':
			if (guards_api->parse_time(optarg, &o->start) != SHOMER_OK)
				return guards_fail(errmsg, SHOMER_EXIT_USAGE,
				                   "--start '%s' is not a date and time such as "
				                   "2026-11-06T20:00",
				                   optarg);
			o->start_text = optarg;
			break;
		case 'h':
			if (parse_int(optarg, 1, 168, &n))
				return guards_fail(
				        errmsg, SHOMER_EXIT_USAGE,
				        "--hours '%s' is not a whole number of hours from 1 to 168",
				        optarg);
			o->hours = (int)n;
			break;
		case 'e':
			if (parse_int(optarg, 0, 2147483647L, &n))
				return guards_fail(errmsg, SHOMER_EXIT_USAGE,
				                   "--seed '%s' is not a whole number from 0",
				                   optarg);
			o->seed = (uint64_t)n;
			break;
		case 'f':
			if (guards_api->format_parse(optarg, &o->fmt) != SHOMER_OK ||
			    o->fmt == SHOMER_FMT_CSV)
				return guards_fail(
				        errmsg, SHOMER_EXIT_USAGE,
				        "--format '%s' is not one of table, json, geojson", optarg);
			break;
		case 'v':
			if (parse_real(optarg, 1, 200, &o->speed))
				return guards_fail(errmsg, SHOMER_EXIT_USAGE,
				                   "--speed '%s' is not a speed from 1 to 200 km/h",
				                   optarg);
			break;
		case 'd':
			if (parse_real(optarg, 0, 600, &o->dwell))
				return guards_fail(
				        errmsg, SHOMER_EXIT_USAGE,
				        "--dwell '%s' is not a number of minutes from 0 to 600",
				        optarg);
			break;
		case 'b': {
			char *comma = strchr(optarg, ',');
			if (!comma)
				return guards_fail(errmsg, SHOMER_EXIT_USAGE,
				                   "--base '%s' is not LAT,LON in degrees", optarg);
			*comma = '\0';
			int bad = parse_real(optarg, -90, 90, &o->base_lat) ||
			          parse_real(comma + 1, -180, 180, &o->base_lon);
			*comma = ',';
			if (bad)
				return guards_fail(errmsg, SHOMER_EXIT_USAGE,
				                   "--base '%s' is not LAT,LON in degrees", optarg);
			o->have_base = 1;
			break;
		}
		default: return guards_usage(errmsg, c, argv[optind - 1]);
		}
	}
	if (optind < argc)
		return guards_fail(errmsg, SHOMER_EXIT_USAGE, "unexpected argument '%s'",
		                   argv[optind]);
	if (!o->region || !o->units || !o->start_text || !o->hours)
		return guards_fail(errmsg, SHOMER_EXIT_USAGE,
		                   "--region, --units, --start and --hours are needed");
	return SHOMER_OK;
}

/* A stop's time, `minutes` after the start: in UTC (ISO 8601, "Z"), and as
 * the local date and clock (the host runs in Europe/London unless TZ says
 * otherwise), as the roster prints them. */
struct stop_time {
	char utc[32], date[16], clock[8];
};

static void stop_time(int64_t start, double minutes, struct stop_time *st)
{
	time_t t = (time_t)(start + (int64_t)llround(minutes * 60.0));
	struct tm tm;

	guards_api->format_time((int64_t)t, st->utc);
	if (localtime_r(&t, &tm) && strftime(st->date, sizeof(st->date), "%Y-%m-%d", &tm) > 0 &&
	    strftime(st->clock, sizeof(st->clock), "%H:%M", &tm) > 0)
		return;
	snprintf(st->date, sizeof(st->date), "?");
	snprintf(st->clock, sizeof(st->clock), "?");
}

static int print_tables(const struct sites *ss, const double *c, const int *visits,
                        const struct patrol_plan *plan, const struct options *o, double level,
                        double per_hour, char **errmsg)
{
	static const char *const cn[] = {"site", "name",     "value",
	                                 "from", "coverage", "planned_visits"};
	static const enum shomer_col ck[] = {SHOMER_COL_TEXT, SHOMER_COL_TEXT,   SHOMER_COL_NUMBER,
	                                     SHOMER_COL_TEXT, SHOMER_COL_NUMBER, SHOMER_COL_NUMBER};
	static const char *const rn[] = {"unit",   "hour",   "site",       "date",
	                                 "arrive", "depart", "arrive_utc", "depart_utc"};
	static const enum shomer_col rk[] = {SHOMER_COL_NUMBER, SHOMER_COL_NUMBER, SHOMER_COL_TEXT,
	                                     SHOMER_COL_TEXT,   SHOMER_COL_TEXT,   SHOMER_COL_TEXT,
	                                     SHOMER_COL_TEXT,   SHOMER_COL_TEXT};
	struct shomer_table *t = guards_api->table_new(cn, ck, 6);
	int rc;

	printf("patrol plan for %s: %d unit%s, %d hour%s from %s; about %.1f visits an hour "
	       "each\n",
	       o->region, o->units, o->units == 1 ? "" : "s", o->hours, o->hours == 1 ? "" : "s",
	       o->start_text, per_hour);
	printf("an attacker who watches the patrols can expect at most %.2f (a site's value "
	       "times the chance no patrol comes in that hour)\n\n",
	       level);
	for (size_t i = 0; i < ss->n; i++) {
		char v[32], cv[32], pv[32];
		snprintf(v, sizeof(v), "%.2f", ss->v[i].value);
		snprintf(cv, sizeof(cv), "%.3f", c[i]);
		snprintf(pv, sizeof(pv), "%d", visits[i]);
		const char *cells[6] = {ss->v[i].id, ss->v[i].name,
		                        v,           ss->v[i].scored ? "risk.score" : "exposure",
		                        cv,          pv};
		guards_api->table_row(t, cells);
	}
	rc = guards_api->table_print(t, SHOMER_FMT_TABLE, stdout, errmsg);
	guards_api->table_free(t);
	if (rc != SHOMER_OK)
		return rc;
	printf("\n");
	t = guards_api->table_new(rn, rk, 8);
	for (size_t i = 0; i < plan->n_stops; i++) {
		const struct patrol_stop *s = &plan->stops[i];
		char u[16], h[16];
		struct stop_time a, d;
		snprintf(u, sizeof(u), "%d", s->unit + 1);
		snprintf(h, sizeof(h), "%d", s->hour + 1);
		stop_time(o->start, s->arrive, &a);
		stop_time(o->start, s->depart, &d);
		const char *cells[8] = {u,     h,    ss->v[s->site].id, a.date, a.clock, d.clock,
		                        a.utc, d.utc};
		guards_api->table_row(t, cells);
	}
	rc = guards_api->table_print(t, SHOMER_FMT_TABLE, stdout, errmsg);
	guards_api->table_free(t);
	printf("\n%.1f km driven in all; every unit starts and ends at the base\n", plan->km);
	return rc;
}

static json_t *point(double lon, double lat)
{
	return json_pack("{s:s, s:[f, f]}", "type", "Point", "coordinates", lon, lat);
}

static int print_json(const struct sites *ss, const double *c, const int *visits,
                      const struct patrol_plan *plan, const struct options *o, double level,
                      double per_hour, double base_lat, double base_lon)
{
	json_t *root;
	struct stop_time a, d;

	if (o->fmt == SHOMER_FMT_GEOJSON) {
		json_t *features = json_array();
		for (size_t i = 0; i < ss->n; i++)
			json_array_append_new(
			        features,
			        json_pack("{s:s, s:o, s:{s:s, s:s, s:f, s:f, s:i}}", "type",
			                  "Feature", "geometry", point(ss->v[i].lon, ss->v[i].lat),
			                  "properties", "site", ss->v[i].id, "name", ss->v[i].name,
			                  "value", ss->v[i].value, "coverage", c[i],
			                  "planned_visits", visits[i]));
		for (int u = 0; u < o->units; u++) {
			json_t *line = json_array();
			int stops = 0;
			json_array_append_new(line, json_pack("[f, f]", base_lon, base_lat));
			for (size_t i = 0; i < plan->n_stops; i++)
				if (plan->stops[i].unit == u) {
					const struct psite *p = &ss->v[plan->stops[i].site];
					json_array_append_new(line,
					                      json_pack("[f, f]", p->lon, p->lat));
					stops++;
				}
			json_array_append_new(line, json_pack("[f, f]", base_lon, base_lat));
			json_array_append_new(features,
			                      json_pack("{s:s, s:{s:s, s:o}, s:{s:i, s:i}}", "type",
			                                "Feature", "geometry", "type", "LineString",
			                                "coordinates", line, "properties", "unit",
			                                u + 1, "stops", stops));
		}
		root = json_pack("{s:s, s:o}", "type", "FeatureCollection", "features", features);
	} else {
		json_t *cov = json_array(), *routes = json_array();
		for (size_t i = 0; i < ss->n; i++)
			json_array_append_new(
			        cov,
			        json_pack("{s:s, s:s, s:f, s:s, s:f, s:i}", "site", ss->v[i].id,
			                  "name", ss->v[i].name, "value", ss->v[i].value, "from",
			                  ss->v[i].scored ? "risk.score" : "exposure", "coverage",
			                  c[i], "planned_visits", visits[i]));
		for (size_t i = 0; i < plan->n_stops; i++) {
			const struct patrol_stop *s = &plan->stops[i];
			stop_time(o->start, s->arrive, &a);
			stop_time(o->start, s->depart, &d);
			json_array_append_new(
			        routes, json_pack("{s:i, s:i, s:s, s:s, s:s, s:s, s:s, s:s}",
			                          "unit", s->unit + 1, "hour", s->hour + 1, "site",
			                          ss->v[s->site].id, "arrive", a.utc, "depart",
			                          d.utc, "date", a.date, "arrive_local", a.clock,
			                          "depart_local", d.clock));
		}
		root = json_pack("{s:s, s:i, s:i, s:f, s:f, s:f, s:o, s:o}", "region", o->region,
		                 "units", o->units, "hours", o->hours, "visits_per_hour_per_unit",
		                 per_hour, "attacker_gain", level, "km", plan->km, "coverage", cov,
		                 "routes", routes);
	}
	if (!root)
		return SHOMER_ERR;
	int rc = json_dumpf(root, stdout, JSON_INDENT(2) | JSON_REAL_PRECISION(10)) == 0
	                 ? SHOMER_OK
	                 : SHOMER_ERR;
	putchar('\n');
	json_decref(root);
	return rc;
}

static int plan_run(struct shomer_host *host, void *ud, int argc, char **argv, char **errmsg)
{
	struct options o = {.speed = 30, .dwell = 10, .seed = 1, .fmt = SHOMER_FMT_TABLE};
	struct sites ss = {0};
	struct shomer_site_filter f = {.size = sizeof(f)};
	int rc;

	(void)ud;
	if ((rc = options(argc, argv, &o, errmsg)) != SHOMER_OK)
		return rc;
	f.region = o.region;
	if (guards_api->site_foreach(host, &f, take_site, &ss, errmsg) != SHOMER_OK) {
		sites_release(&ss);
		return SHOMER_EXIT_FAILED;
	}
	if (ss.n == 0) {
		sites_release(&ss);
		return guards_fail(errmsg, SHOMER_EXIT_REJECTED, "no sites in region '%s'",
		                   o.region);
	}
	if (guards_api->attr_foreach(host, "risk.score", take_score, &ss, errmsg) != SHOMER_OK) {
		sites_release(&ss);
		return SHOMER_EXIT_FAILED;
	}
	double *x = guards_api->alloc(ss.n * sizeof(double)),
	       *y = guards_api->alloc(ss.n * sizeof(double));
	double *v = guards_api->alloc(ss.n * sizeof(double)),
	       *c = guards_api->alloc(ss.n * sizeof(double));
	int *visits = guards_api->alloc(ss.n * sizeof(int));
	double bx = 0, by = 0, blat = 0, blon = 0;
	for (size_t i = 0; i < ss.n; i++) {
		x[i] = ss.v[i].x;
		y[i] = ss.v[i].y;
		v[i] = ss.v[i].value;
		visits[i] = 0;
		bx += x[i] / (double)ss.n;
		by += y[i] / (double)ss.n;
	}
	if (o.have_base) {
		blat = o.base_lat;
		blon = o.base_lon;
		if (guards_api->geo_to_xy(host, blat, blon, &bx, &by, errmsg) != SHOMER_OK) {
			rc = SHOMER_EXIT_REJECTED;
			goto out;
		}
	} else if (guards_api->geo_to_latlon(host, bx, by, &blat, &blon, errmsg) != SHOMER_OK) {
		rc = SHOMER_EXIT_FAILED;
		goto out;
	}
	double per_unit = patrol_visits_per_hour(x, y, ss.n, o.speed, o.dwell);
	double level = patrol_coverage(v, ss.n, per_unit * o.units, c);
	struct patrol_params pp = {.units = o.units,
	                           .hours = o.hours,
	                           .speed_kmh = o.speed,
	                           .dwell_min = o.dwell,
	                           .base_x = bx,
	                           .base_y = by,
	                           .seed = o.seed};
	struct patrol_plan plan;
	if (patrol_plan(x, y, c, ss.n, &pp, &plan)) {
		rc = guards_fail(errmsg, SHOMER_EXIT_FAILED, "out of memory");
		goto out;
	}
	for (size_t i = 0; i < plan.n_stops; i++)
		visits[plan.stops[i].site]++;
	if (o.fmt == SHOMER_FMT_TABLE)
		rc = print_tables(&ss, c, visits, &plan, &o, level, per_unit, errmsg);
	else
		rc = print_json(&ss, c, visits, &plan, &o, level, per_unit, blat, blon);
	rc = rc == SHOMER_OK ? SHOMER_EXIT_OK : SHOMER_EXIT_FAILED;
	patrol_plan_release(&plan);
out:
	guards_api->free(x);
	guards_api->free(y);
	guards_api->free(v);
	guards_api->free(c);
	guards_api->free(visits);
	sites_release(&ss);
	return rc;
}

const struct shomer_command guards_patrols_cmd = {
        .size = sizeof(struct shomer_command),
        .group = "patrols",
        .verb = "plan",
        .usage = "--region R --units K --start DATETIME --hours H [--seed N] "
                 "[--format table|json|geojson] [--speed KMH] [--dwell MIN] [--base LAT,LON]",
        .summary = "how often to visit each site, and routes for the patrol units",
        .run = plan_run,
        .ud = NULL,
};
