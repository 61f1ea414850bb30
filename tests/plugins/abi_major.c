/*
 * abi_major.c - a test plugin built for the next ABI major; the loader must
 * refuse it with "built for ABI 2.1, host provides 1.1".
 */
#include "shomer/plugin.h"

SHOMER_EXPORT const struct shomer_plugin_desc *SHOMER_PLUGIN_ENTRY(void);

static int abi_major_init(struct shomer_host *host, const struct shomer_api *api, char **errmsg)
{
	(void)host;
	(void)api;
	(void)errmsg;
	return SHOMER_OK;
}

/* The header fields spelt out: SHOMER_DESC_HEADER would set abi_major twice. */
static const struct shomer_plugin_desc desc = {
        .abi_major = SHOMER_ABI_MAJOR + 1,
        .abi_minor = SHOMER_ABI_MINOR,
        .desc_size = sizeof(struct shomer_plugin_desc),
        .ptr_size = sizeof(void *),
        .size_t_size = sizeof(size_t),
        .name = "abi_major",
        .version = "0",
        .description = "test: ABI major one ahead of the host",
        .init = abi_major_init,
};

SHOMER_EXPORT const struct shomer_plugin_desc *SHOMER_PLUGIN_ENTRY(void)
{
	return &desc;
}
