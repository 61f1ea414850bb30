/*
 * no_entry.c - a test plugin that exports a function, but not the entry
 * function; the loader must refuse it with
 * "no entry function 'shomer_plugin_entry'".
 */
#include "shomer/plugin.h"

/* A plausible mistake: the right descriptor behind the wrong name. */
SHOMER_EXPORT const struct shomer_plugin_desc *shomer_plugin_main(void);

static int no_entry_init(struct shomer_host *host, const struct shomer_api *api, char **errmsg)
{
	(void)host;
	(void)api;
	(void)errmsg;
	return SHOMER_OK;
}

static const struct shomer_plugin_desc desc = {
        SHOMER_DESC_HEADER,    .name = "no_entry",
        .version = "0",        .description = "test: exports the wrong symbol",
        .init = no_entry_init,
};

SHOMER_EXPORT const struct shomer_plugin_desc *shomer_plugin_main(void)
{
	return &desc;
}
