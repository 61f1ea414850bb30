/*
 * abi_minor.c - a test plugin built for a newer ABI minor than the host's; the
 * loader must refuse it with "built for ABI 1.4, host provides 1.1".
 */
#include "shomer/plugin.h"

SHOMER_EXPORT const struct shomer_plugin_desc *SHOMER_PLUGIN_ENTRY(void);

static int abi_minor_init(struct shomer_host *host, const struct shomer_api *api, char **errmsg)
{
	(void)host;
	(void)api;
	(void)errmsg;
	return SHOMER_OK;
}

/* The header fields spelt out: SHOMER_DESC_HEADER would set abi_minor twice. */
static const struct shomer_plugin_desc desc = {
        .abi_major = SHOMER_ABI_MAJOR,
        .abi_minor = SHOMER_ABI_MINOR + 3,
        .desc_size = sizeof(struct shomer_plugin_desc),
        .ptr_size = sizeof(void *),
        .size_t_size = sizeof(size_t),
        .name = "abi_minor",
        .version = "0",
        .description = "test: ABI minor three ahead of the host",
        .init = abi_minor_init,
};

SHOMER_EXPORT const struct shomer_plugin_desc *SHOMER_PLUGIN_ENTRY(void)
{
	return &desc;
}
