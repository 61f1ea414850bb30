/*
 * cmd_demand.c - `shomer guards demand --from DATE --to DATE`: every
 * session and event of the period that needs guards, in local time, with
 * the threat level in force and the guards the posture table asks for.
 * Raise a region's threat level and the next run shows the new demand.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "demand.h"
#include "guards.h"

#include "banned.h"

int guards_parse_period(const char *from, const char *to, char **errmsg)
{
	int64_t a, b;

	if (!from || !to)
		return guards_fail(errmsg, SHOMER_EXIT_USAGE,
		                   "--from DATE and --to DATE are needed");
	if (strlen(from) != 10 || guards_api->parse_time(from, &a) != SHOMER_OK)
		return guards_fail(errmsg, SHOMER_EXIT_USAGE,
		                   "--from '%s' is not a date YYYY-MM-DD", from);
	if (strlen(to) != 10 || guards_api->parse_time(to, &b) != SHOMER_OK)
		return guards_fail(errmsg, SHOMER_EXIT_USAGE, "--to '%s' is not a date YYYY-MM-DD",
		                   to);
	if (b < a)
		return guards_fail(errmsg, SHOMER_EXIT_USAGE,
		                   "the period ends on %s, before it starts on %s", to, from);
	if (b - a > 366LL * 86400)
		return guards_fail(errmsg, SHOMER_EXIT_USAGE,
		                   "the period from %s to %s is longer than a year", from, to);
	return SHOMER_OK;
}

static void hhmm(int minutes, char out[8])
{
	minutes %= 1440;
	snprintf(out, 8, "%02d:%02d", minutes / 60, minutes % 60);
}

static int demand_run(struct shomer_host *host, void *ud, int argc, char **argv, char **errmsg)
{
	static const struct option opts[] = {
	        {"from", required_argument, NULL, 'f'},
	        {"to", required_argument, NULL, 't'},
	        {"region", required_argument, NULL, 'r'},
	        {"format", required_argument, NULL, 'o'},
	        {NULL, 0, NULL, 0},
	};
	static const char *const names[] = {"date",   "start",       "end",        "site",
	                                    "kind",   "label",       "attendance", "threat",
	                                    "guards", "team_leader", "start_utc",  "end_utc"};
	static const enum shomer_col kinds[] = {
	        SHOMER_COL_TEXT,   SHOMER_COL_TEXT, SHOMER_COL_TEXT,   SHOMER_COL_TEXT,
	        SHOMER_COL_TEXT,   SHOMER_COL_TEXT, SHOMER_COL_NUMBER, SHOMER_COL_TEXT,
	        SHOMER_COL_NUMBER, SHOMER_COL_TEXT, SHOMER_COL_TEXT,   SHOMER_COL_TEXT};
	const char *from = NULL, *to = NULL, *region = NULL;
	enum shomer_format fmt = SHOMER_FMT_TABLE;
	struct guards_demand d;
	int c, rc;

	(void)ud;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		switch (c) {
		case 'f': from = optarg; break;
		case 't': to = optarg; break;
		case 'r': region = optarg; break;
		case 'o':
			if (guards_api->format_parse(optarg, &fmt) != SHOMER_OK ||
			    fmt == SHOMER_FMT_GEOJSON)
				return guards_fail(errmsg, SHOMER_EXIT_USAGE,
				                   "--format '%s' is not one of table, csv, json",
				                   optarg);
			break;
		default: return guards_usage(errmsg, c, argv[optind - 1]);
		}
	}
	if (optind < argc)
		return guards_fail(errmsg, SHOMER_EXIT_USAGE, "unexpected argument '%s'",
		                   argv[optind]);
	if ((rc = guards_parse_period(from, to, errmsg)) != SHOMER_OK)
		return rc;
	if (guards_demand_build(host, from, to, region, &d, errmsg) != SHOMER_OK) {
		guards_demand_release(&d);
		return SHOMER_EXIT_FAILED;
	}
	struct shomer_table *t = guards_api->table_new(names, kinds, 12);
	long needed = 0;
	for (size_t i = 0; i < d.n; i++) {
		const struct guards_shift *s = &d.v[i];
		char a[8], b[8], att[16], g[16], su[32], eu[32];
		guards_api->format_time(s->start, su);
		guards_api->format_time(s->end, eu);
		hhmm(s->start_min, a);
		hhmm(s->end_min, b);
		snprintf(att, sizeof(att), "%d", s->attendance);
		snprintf(g, sizeof(g), "%d", s->guards);
		const char *cells[12] = {
		        s->date, a,
		        b,       s->site,
		        s->kind, s->label,
		        att,     guards_api->threat_name((enum shomer_threat)s->threat),
		        g,       s->team_leader ? "yes" : "no",
		        su,      eu};
		guards_api->table_row(t, cells);
		needed += s->guards;
	}
	rc = guards_api->table_print(t, fmt, stdout, errmsg);
	guards_api->table_free(t);
	if (rc == SHOMER_OK && fmt == SHOMER_FMT_TABLE)
		printf("\n%zu sessions and events from %s to %s need %ld guards in all%s\n", d.n,
		       from, to, needed,
		       d.default_posture ? " (the default posture table: see docs/guards.md)" : "");
	guards_demand_release(&d);
	return rc == SHOMER_OK ? SHOMER_EXIT_OK : SHOMER_EXIT_FAILED;
}

const struct shomer_command guards_demand_cmd = {
        .size = sizeof(struct shomer_command),
        .group = "guards",
        .verb = "demand",
        .usage = "--from DATE --to DATE [--region R] [--format table|csv|json]",
        .summary = "the sessions and events of a period and the guards each needs",
        .run = demand_run,
        .ud = NULL,
};
