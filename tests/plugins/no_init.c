/*
 * no_init.c - a test plugin whose descriptor has no init function; the loader
 * must refuse it with "descriptor has no init function".
 */
#include "shomer/plugin.h"

SHOMER_EXPORT const struct shomer_plugin_desc *SHOMER_PLUGIN_ENTRY(void);

static const struct shomer_plugin_desc desc = {
        SHOMER_DESC_HEADER, .name = "no_init",
        .version = "0",     .description = "test: no init function",
        .init = NULL,
};

SHOMER_EXPORT const struct shomer_plugin_desc *SHOMER_PLUGIN_ENTRY(void)
{
	return &desc;
}
