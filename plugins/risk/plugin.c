/*
 * plugin.c - the risk plugin's descriptor and init: everything the plugin
 * adds to Shomer is registered here (docs/risk.md describes it).
 */
#include "cmds.h"
#include "config.h"

#include "banned.h"

SHOMER_EXPORT const struct shomer_plugin_desc *SHOMER_PLUGIN_ENTRY(void);

const struct shomer_api *risk_api;

static const struct shomer_xml_handler risk_xml = {
        .size = sizeof(struct shomer_xml_handler),
        .ns = RISK_NS,
        .xsd = "risk.xsd",
        .root_name = RISK_ROOT,
        .import = risk_config_import,
        .export_site = NULL,
        .export_docs = risk_config_export,
        .ud = NULL,
};

static int risk_init(struct shomer_host *host, const struct shomer_api *api, char **errmsg)
{
	/* incidents, threat levels and time arrived with ABI 1.1, storing
	 * a site's attributes at once with 1.2 */
	if (api->size < SHOMER_API_HAS(attr_set_site)) {
		if (errmsg)
			*errmsg = api->strdup("the risk plugin needs a host with ABI 1.2 or newer");
		return SHOMER_ERR;
	}
	risk_api = api;
	if (api->register_migrations(host, risk_migrations, risk_n_migrations, errmsg) !=
	            SHOMER_OK ||
	    api->register_xml(host, &risk_xml, errmsg) != SHOMER_OK ||
	    api->register_command(host, &risk_score_cmd, errmsg) != SHOMER_OK ||
	    api->register_command(host, &risk_explain_cmd, errmsg) != SHOMER_OK ||
	    api->register_command(host, &risk_hotspots_cmd, errmsg) != SHOMER_OK ||
	    api->register_report(host, risk_report, NULL, errmsg) != SHOMER_OK)
		return SHOMER_ERR;
	return SHOMER_OK;
}

static const struct shomer_plugin_desc risk_desc = {
        SHOMER_DESC_HEADER,
        .name = "risk",
        .version = "1.0.0",
        .description = "geo-proximity risk scores from incidents, exposure and the threat level",
        .init = risk_init,
};

SHOMER_EXPORT const struct shomer_plugin_desc *SHOMER_PLUGIN_ENTRY(void)
{
	return &risk_desc;
}
