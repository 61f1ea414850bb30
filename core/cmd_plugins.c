/*
 * cmd_plugins.c - `shomer plugins`: every plugin file looked at, loaded or
 * refused with the reason, and the commands each one added.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "cli.h"
#include "host.h"
#include "table.h"
#include "util.h"

#include "banned.h"

static char *commands_of(const struct host *h, size_t idx)
{
	struct strbuf sb = STRBUF_INIT;
	for (size_t j = 0; j < h->n_commands; j++) {
		const struct shomer_command *k = h->commands[j].cmd;
		if (h->commands[j].owner == idx)
			sb_addf(&sb, "%s%s %s", sb.len ? ", " : "", k->group, k->verb);
	}
	return sb_detach(&sb);
}

static json_t *plugins_json(const struct host *h)
{
	json_t *arr = json_array();
	for (size_t i = 0; i < h->n_plugins; i++) {
		const struct host_plugin *p = &h->plugins[i];
		json_t *o = json_object();
		json_object_set_new(o, "name", json_string(p->name));
		json_object_set_new(o, "version",
		                    p->version ? json_string(p->version) : json_null());
		json_object_set_new(o, "description",
		                    p->description ? json_string(p->description) : json_null());
		if (p->version) {
			char *abi = xstrfmt("%u.%u", p->abi_major, p->abi_minor);
			json_object_set_new(o, "abi", json_string(abi));
			free(abi);
		} else {
			json_object_set_new(o, "abi", json_null());
		}
		json_object_set_new(o, "path", json_string(p->path));
		json_object_set_new(o, "status", json_string(p->refused ? "refused" : "loaded"));
		json_object_set_new(o, "reason",
		                    p->refused ? json_string(p->refused) : json_null());
		json_t *cmds = json_array();
		for (size_t j = 0; j < h->n_commands; j++) {
			const struct shomer_command *k = h->commands[j].cmd;
			if (h->commands[j].owner == i) {
				char *s = xstrfmt("%s %s", k->group, k->verb);
				json_array_append_new(cmds, json_string(s));
				free(s);
			}
		}
		json_object_set_new(o, "commands", cmds);
		json_array_append_new(arr, o);
	}
	return arr;
}

int cmd_plugins(struct cli *c, int argc, char **argv)
{
	enum shomer_format fmt = SHOMER_FMT_TABLE;
	static const struct option opts[] = {{"format", required_argument, NULL, 'f'},
	                                     {NULL, 0, NULL, 0}};
	int o;
	optind = 0;
	while ((o = getopt_long(argc, argv, "f:", opts, NULL)) != -1) {
		if (o != 'f' || format_parse(optarg, &fmt) || fmt == SHOMER_FMT_GEOJSON)
			return cli_usage("plugins", "plugins takes --format table|csv|json");
	}
	if (optind != argc)
		return cli_usage("plugins", "unexpected argument '%s'", argv[optind]);
	/* With a database, its migrations decide too: a plugin whose migration
	 * fails is refused, and the list must say so. */
	if (access(c->db_path, F_OK) == 0) {
		char *why = NULL;
		if (host_open_db(c->host, 0, NULL, &why))
			cli_fail_msg(0, &why);
	}
	const struct host *h = c->host;
	if (fmt == SHOMER_FMT_JSON) {
		json_t *arr = plugins_json(h);
		char *text = json_dumps(arr, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		printf("%s\n", text ? text : "[]");
		free(text);
		json_decref(arr);
		return 0;
	}
	static const char *const cols[] = {"name", "version", "abi", "status", "commands", "path"};
	static const enum shomer_col kinds[] = {SHOMER_COL_TEXT, SHOMER_COL_TEXT, SHOMER_COL_TEXT,
	                                        SHOMER_COL_TEXT, SHOMER_COL_TEXT, SHOMER_COL_TEXT};
	struct shomer_table *t = table_new(cols, kinds, ARRAY_SIZE(cols));
	for (size_t i = 0; i < h->n_plugins; i++) {
		const struct host_plugin *p = &h->plugins[i];
		char *abi = p->version ? xstrfmt("%u.%u", p->abi_major, p->abi_minor) : xstrdup("");
		char *status = p->refused ? xstrfmt("refused: %s", p->refused) : xstrdup("loaded");
		char *cmds = commands_of(h, i);
		const char *cells[] = {p->name, p->version ? p->version : "", abi, status, cmds,
		                       p->path};
		table_row(t, cells);
		free(abi);
		free(status);
		free(cmds);
	}
	char *why = NULL;
	int rc = table_print(t, fmt, stdout, &why);
	table_free(t);
	return rc ? cli_fail_msg(SHOMER_EXIT_FAILED, &why) : 0;
}
