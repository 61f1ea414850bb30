/*
 * config.h - the model's parameters in the database and in XML.
 *
 * `shomer import risk-config.xml` hands each child of <risk-config
 * xmlns="urn:shomer:risk:1"> to risk_config_import(), which stores its
 * values in the plugin's table risk_params (name, value); commands read
 * them back with risk_config_load(), over the compiled-in defaults, and
 * `shomer export --owner risk` writes the stored ones back with
 * risk_config_export().  A parameter that was never imported keeps its
 * default, so a configuration file need only name what it changes.
 */
#ifndef RISK_CONFIG_H
#define RISK_CONFIG_H

#include "risk.h"
#include "params.h"

/* The migrations creating the plugin's table. */
extern const struct shomer_migration risk_migrations[];
extern const size_t risk_n_migrations;

/*
 * Fills `p` with the defaults overlaid with the stored values, then checks
 * them (params.h: risk_params_check).  *stored, when not NULL, gets the
 * number of stored values in use.  SHOMER_OK, or SHOMER_ERR with *errmsg.
 */
int risk_config_load(struct shomer_host *host, struct risk_params *p, int *stored, char **errmsg);

/* The namespace handler's import hook: one child of <risk-config>. */
int risk_config_import(struct shomer_host *host, void *ud, struct shomer_import *imp,
                       const char *site_id, const struct shomer_xml_elem *e);

/* The namespace handler's export_docs hook. */
int risk_config_export(struct shomer_host *host, void *ud, struct shomer_xml_out *out,
                       char **errmsg);

#endif /* RISK_CONFIG_H */
