/*
 * init_fail.c - a test plugin that loads cleanly but whose init() registers a
 * command and then fails with "cannot reach the frobnicator", so that the
 * host's undo of a half-done registration can be tested.
 */
#include "shomer/plugin.h"

SHOMER_EXPORT const struct shomer_plugin_desc *SHOMER_PLUGIN_ENTRY(void);

static int init_fail_run(struct shomer_host *host, void *ud, int argc, char **argv, char **errmsg)
{
	(void)host;
	(void)ud;
	(void)argc;
	(void)argv;
	(void)errmsg;
	return SHOMER_EXIT_OK;
}

static const struct shomer_command init_fail_cmd = {
        .size = sizeof(struct shomer_command),
        .group = "frob",
        .verb = "poke",
        .usage = "",
        .summary = "never reachable: init fails after registering it",
        .run = init_fail_run,
        .ud = NULL,
};

static int init_fail_init(struct shomer_host *host, const struct shomer_api *api, char **errmsg)
{
	if (api->register_command(host, &init_fail_cmd, errmsg) != SHOMER_OK)
		return SHOMER_ERR;
	if (errmsg)
		*errmsg = api->errorf("cannot reach the frobnicator");
	return SHOMER_ERR;
}

static const struct shomer_plugin_desc desc = {
        SHOMER_DESC_HEADER,     .name = "init_fail",
        .version = "0",         .description = "test: init registers a command, then fails",
        .init = init_fail_init,
};

SHOMER_EXPORT const struct shomer_plugin_desc *SHOMER_PLUGIN_ENTRY(void)
{
	return &desc;
}
