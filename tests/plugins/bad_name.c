/*
 * bad_name.c - a test plugin installed as shomer-bad_name.so whose descriptor
 * says "other"; the loader must refuse it with
 * "declares name 'other' but the file is 'shomer-bad_name.so'".
 */
#include "shomer/plugin.h"

SHOMER_EXPORT const struct shomer_plugin_desc *SHOMER_PLUGIN_ENTRY(void);

static int bad_name_init(struct shomer_host *host, const struct shomer_api *api, char **errmsg)
{
	(void)host;
	(void)api;
	(void)errmsg;
	return SHOMER_OK;
}

static const struct shomer_plugin_desc desc = {
        SHOMER_DESC_HEADER,    .name = "other",
        .version = "0",        .description = "test: name differs from the file name",
        .init = bad_name_init,
};

SHOMER_EXPORT const struct shomer_plugin_desc *SHOMER_PLUGIN_ENTRY(void)
{
	return &desc;
}
