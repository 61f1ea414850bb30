/*
 * cmd_threat.c - `shomer threat set LEVEL [--region R] --reason TEXT` and
 * `shomer threat show [--history] [--format ...]`.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "host.h"
#include "store.h"
#include "table.h"
#include "threat.h"
#include "timeutil.h"
#include "util.h"

#include "banned.h"

static int cmd_set(struct cli *c, int argc, char **argv)
{
	const char *region = NULL, *reason = NULL, *since_text = NULL;
	static const struct option opts[] = {{"region", required_argument, NULL, 'r'},
	                                     {"reason", required_argument, NULL, 'w'},
	                                     {"since", required_argument, NULL, 's'},
	                                     {NULL, 0, NULL, 0}};
	int o;
	optind = 0;
	while ((o = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (o == 'r')
			region = optarg;
		else if (o == 'w')
			reason = optarg;
		else if (o == 's')
			since_text = optarg;
		else
			return cli_usage("threat", "unknown option");
	}
	if (optind + 1 != argc)
		return cli_usage("threat", "threat set takes one LEVEL");
	if (!reason || !*reason)
		return cli_usage("threat", "threat set needs --reason TEXT: the history keeps why");
	enum shomer_threat level = threat_parse(argv[optind]);
	if (!level)
		return cli_fail(SHOMER_EXIT_REJECTED,
		                "unknown threat level '%s' (LOW, MODERATE, SUBSTANTIAL, SEVERE or "
		                "CRITICAL)",
		                argv[optind]);
	struct host *h = c->host;
	int64_t now = time_now(), since = now;
	if (since_text && time_parse(since_text, &since, NULL))
		return cli_fail(SHOMER_EXIT_REJECTED, "'%s' is not a date and time", since_text);
	if (since > now)
		return cli_fail(SHOMER_EXIT_REJECTED, "threat set: --since %s is in the future",
		                since_text);
	char *why = NULL;
	if (region) {
		int known = 0;
		if (threat_region_known(h->store, region, &known, &why))
			return cli_fail_msg(SHOMER_EXIT_FAILED, &why);
		if (!known)
			return cli_fail(SHOMER_EXIT_REJECTED,
			                "unknown region '%s' (no site is in it)", region);
	}
	if (threat_record(h->store, region, level, since, reason, &why))
		return cli_fail_msg(SHOMER_EXIT_FAILED, &why);
	enum shomer_threat in_force;
	if (threat_in_force(h->store, region, now, &in_force, NULL, NULL, &why))
		return cli_fail_msg(SHOMER_EXIT_FAILED, &why);
	printf("%s level set to %s; in force %s: %s\n", region ? region : "national",
	       threat_name(level), region ? "there" : "nationally", threat_name(in_force));
	return 0;
}

struct history_ctx {
	struct shomer_table *t;
};

static int history_row(void *ud, const struct threat_entry *e)
{
	struct history_ctx *h = ud;
	const char *cells[] = {e->since, *e->region ? e->region : "national", threat_name(e->level),
	                       e->reason};
	table_row(h->t, cells);
	return 0;
}

/* The level in force nationally and in every region that has sites. */
static int show_current(struct host *h, enum shomer_format fmt, char **why)
{
	struct shomer_table *t = threat_table(h->store, time_now(), why);
	if (!t)
		return -1;
	int rc = table_print(t, fmt, stdout, why);
	table_free(t);
	return rc;
}

static int cmd_show(struct cli *c, int argc, char **argv)
{
	int history = 0;
	enum shomer_format fmt = SHOMER_FMT_TABLE;
	static const struct option opts[] = {{"history", no_argument, NULL, 'H'},
	                                     {"format", required_argument, NULL, 'f'},
	                                     {NULL, 0, NULL, 0}};
	int o;
	optind = 0;
	while ((o = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (o == 'H')
			history = 1;
		else if (o != 'f' || format_parse(optarg, &fmt) || fmt == SHOMER_FMT_GEOJSON)
			return cli_usage("threat",
			                 "threat show takes --history and --format table|csv|json");
	}
	if (optind != argc)
		return cli_usage("threat", "unexpected argument '%s'", argv[optind]);
	char *why = NULL;
	int rc;
	if (history) {
		static const char *const cols[] = {"since", "scope", "level", "reason"};
		static const enum shomer_col kinds[] = {SHOMER_COL_TEXT, SHOMER_COL_TEXT,
		                                        SHOMER_COL_TEXT, SHOMER_COL_TEXT};
		struct history_ctx hc = {table_new(cols, kinds, 4)};
		rc = threat_foreach(c->host->store, history_row, &hc, &why);
		if (rc == 0)
			rc = table_print(hc.t, fmt, stdout, &why);
		table_free(hc.t);
	} else {
		rc = show_current(c->host, fmt, &why);
	}
	return rc ? cli_fail_msg(SHOMER_EXIT_FAILED, &why) : 0;
}

int cmd_threat(struct cli *c, int argc, char **argv)
{
	if (argc < 2)
		return cli_usage("threat", "missing verb: set or show");
	if (strcmp(argv[1], "set") == 0)
		return cmd_set(c, argc - 1, argv + 1);
	if (strcmp(argv[1], "show") == 0)
		return cmd_show(c, argc - 1, argv + 1);
	return cli_usage("threat", "unknown verb '%s': set or show", argv[1]);
}
