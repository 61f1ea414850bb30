/*
 * plugin.c - the spend plugin's descriptor and init: everything the plugin
 * adds to Shomer is registered here (docs/spend.md describes it).
 */
#include "cmds.h"
#include "records.h"
#include "spend.h"

#include "banned.h"

SHOMER_EXPORT const struct shomer_plugin_desc *SHOMER_PLUGIN_ENTRY(void);

const struct shomer_api *spend_api;

static int spend_init(struct shomer_host *host, const struct shomer_api *api, char **errmsg)
{
	/* money and private files came with ABI 1.3 */
	if (api->size < SHOMER_API_HAS(file_close_private)) {
		if (errmsg)
			*errmsg =
			        api->strdup("the spend plugin needs a host with ABI 1.3 or newer");
		return SHOMER_ERR;
	}
	spend_api = api;
	if (api->register_migrations(host, spend_migrations, spend_n_migrations, errmsg) !=
	            SHOMER_OK ||
	    api->register_xml(host, &spend_xml, errmsg) != SHOMER_OK ||
	    api->register_command(host, &spend_report_cmd, errmsg) != SHOMER_OK ||
	    api->register_command(host, &spend_export_cmd, errmsg) != SHOMER_OK ||
	    api->register_command(host, &spend_propose_cmd, errmsg) != SHOMER_OK ||
	    api->register_report(host, spend_report_section, NULL, errmsg) != SHOMER_OK ||
	    api->register_site_hook(host, spend_site_hook, NULL, errmsg) != SHOMER_OK)
		return SHOMER_ERR;
	return SHOMER_OK;
}

static const struct shomer_plugin_desc spend_desc = {
        SHOMER_DESC_HEADER, .name = "spend",
        .version = "1.0.0", .description = "security spend and grants on a double-entry ledger",
        .init = spend_init,
};

SHOMER_EXPORT const struct shomer_plugin_desc *SHOMER_PLUGIN_ENTRY(void)
{
	return &spend_desc;
}
