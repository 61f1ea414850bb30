/*
 * plugin.c - the guards plugin's descriptor and init (docs/guards.md).
 */
#include <stdarg.h>
#include <stdio.h>

#include "guards.h"
#include "records.h"

#include "banned.h"

SHOMER_EXPORT const struct shomer_plugin_desc *SHOMER_PLUGIN_ENTRY(void);

const struct shomer_api *guards_api;

int guards_fail(char **errmsg, int rc, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	rc = shomer_vfail(guards_api, errmsg, rc, fmt, ap);
	va_end(ap);
	return rc;
}

int guards_usage(char **errmsg, int opt, const char *arg)
{
	return shomer_usage_fail(guards_api, errmsg, opt, arg);
}

static int guards_init(struct shomer_host *host, const struct shomer_api *api, char **errmsg)
{
	if (api->size < SHOMER_API_HAS(file_close_private)) {
		if (errmsg)
			*errmsg =
			        api->strdup("the guards plugin needs a host with ABI 1.3 or newer");
		return SHOMER_ERR;
	}
	guards_api = api;
	if (api->register_migrations(host, guards_migrations, guards_n_migrations, errmsg) !=
	            SHOMER_OK ||
	    api->register_xml(host, &guards_xml, errmsg) != SHOMER_OK ||
	    api->register_command(host, &guards_solve_cmd, errmsg) != SHOMER_OK ||
	    api->register_command(host, &guards_demand_cmd, errmsg) != SHOMER_OK ||
	    api->register_command(host, &guards_roster_cmd, errmsg) != SHOMER_OK ||
	    api->register_report(host, guards_report, NULL, errmsg) != SHOMER_OK)
		return SHOMER_ERR;
	return api->register_command(host, &guards_patrols_cmd, errmsg);
}

static const struct shomer_plugin_desc guards_desc = {
        SHOMER_DESC_HEADER,
        .name = "guards",
        .version = "0.1.0",
        .description = "guard rostering (its solver, on the Curtois benchmark) and patrol plans",
        .init = guards_init,
};

SHOMER_EXPORT const struct shomer_plugin_desc *SHOMER_PLUGIN_ENTRY(void)
{
	return &guards_desc;
}
