/*
 * plugin.c - the cctv plugin's descriptor and init: everything the plugin
 * adds to Shomer is registered here.
 *
 *   tables      cctv_cameras, cctv_buildings, cctv_walls, cctv_areas
 *               (records.c)
 *   namespace   urn:shomer:cctv:1 (cctv.xsd): <camera>, <building>, <wall>
 *               and <area> inside a site, and <cameras> documents
 *   site hook   a changed site moves the places given as offsets from it
 *   commands    shomer cctv coverage, shomer cctv plan
 */
#include "cmds.h"
#include "records.h"

#include "banned.h"

SHOMER_EXPORT const struct shomer_plugin_desc *SHOMER_PLUGIN_ENTRY(void);

const struct shomer_api *cctv_api;

static int cctv_init(struct shomer_host *host, const struct shomer_api *api, char **errmsg)
{
	/* import_require_site and import_claim_id came with ABI 1.1, the
	 * commands store a site's results at once with 1.2 (attr_set_site), and
	 * the plan reads its cost per camera with 1.3 (money_parse) */
	if (api->size < SHOMER_API_HAS(money_format)) {
		if (errmsg)
			*errmsg = api->strdup("the cctv plugin needs a host with ABI 1.3 or newer");
		return SHOMER_ERR;
	}
	cctv_api = api;
	if (api->register_migrations(host, cctv_migrations, cctv_n_migrations, errmsg) !=
	            SHOMER_OK ||
	    api->register_xml(host, &cctv_xml, errmsg) != SHOMER_OK ||
	    api->register_site_hook(host, cctv_records_site_hook, NULL, errmsg) != SHOMER_OK ||
	    api->register_command(host, &cctv_coverage_cmd, errmsg) != SHOMER_OK ||
	    api->register_command(host, &cctv_plan_cmd, errmsg) != SHOMER_OK ||
	    api->register_report(host, cctv_report, NULL, errmsg) != SHOMER_OK)
		return SHOMER_ERR; /* the host undoes what was registered */
	return SHOMER_OK;
}

static const struct shomer_plugin_desc cctv_desc = {
        SHOMER_DESC_HEADER,
        .name = "cctv",
        .version = "0.1.0",
        .description = "CCTV cameras, what they see at each image quality level, and where "
                       "the next ones should go",
        .init = cctv_init,
};

SHOMER_EXPORT const struct shomer_plugin_desc *SHOMER_PLUGIN_ENTRY(void)
{
	return &cctv_desc;
}
