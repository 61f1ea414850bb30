/*
 * desc_size.c - a test plugin whose descriptor claims to be 8 bytes shorter
 * than the host's (as if built against a header with a field fewer); the
 * loader must refuse it with "descriptor size N-8, host expects N".
 */
#include "shomer/plugin.h"

SHOMER_EXPORT const struct shomer_plugin_desc *SHOMER_PLUGIN_ENTRY(void);

static int desc_size_init(struct shomer_host *host, const struct shomer_api *api, char **errmsg)
{
	(void)host;
	(void)api;
	(void)errmsg;
	return SHOMER_OK;
}

/* The header fields spelt out: SHOMER_DESC_HEADER would set desc_size twice. */
static const struct shomer_plugin_desc desc = {
        .abi_major = SHOMER_ABI_MAJOR,
        .abi_minor = SHOMER_ABI_MINOR,
        .desc_size = sizeof(struct shomer_plugin_desc) - 8,
        .ptr_size = sizeof(void *),
        .size_t_size = sizeof(size_t),
        .name = "desc_size",
        .version = "0",
        .description = "test: descriptor size off by 8",
        .init = desc_size_init,
};

SHOMER_EXPORT const struct shomer_plugin_desc *SHOMER_PLUGIN_ENTRY(void)
{
	return &desc;
}
