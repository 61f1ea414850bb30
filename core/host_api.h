/*
 * host_api.h - the functions behind struct shomer_api's slots, and the
 * registration entry points host.c implements for them.
 */
#ifndef SHOMER_HOST_API_H
#define SHOMER_HOST_API_H

#include "shomer/plugin.h"

/* Fills every slot of the table (size, version, functions). */
void host_api_fill(struct shomer_api *api);

/* Registration, implemented in host.c. */
int host_register_command(struct shomer_host *hd, const struct shomer_command *cmd, char **errmsg);
int host_register_xml(struct shomer_host *hd, const struct shomer_xml_handler *x, char **errmsg);
int host_register_migrations(struct shomer_host *hd, const struct shomer_migration *m, size_t n,
                             char **errmsg);
int host_register_report(struct shomer_host *hd, shomer_report_fn fn, void *ud, char **errmsg);
int host_register_site_hook(struct shomer_host *hd, shomer_site_hook_fn fn, void *ud,
                            char **errmsg);

/* Index of the plugin behind a handle, (size_t)-1 for the core. */
size_t host_plugin_index(const struct shomer_host *handle);

/*
 * Writer state behind struct shomer_xml_out: a libxml2 text writer, the
 * namespace of the plugin writing, and how deep it is.
 */
struct shomer_xml_out *xml_out_new(void *writer, const char *ns);
void xml_out_free(struct shomer_xml_out *out);
/* Elements the plugin left open are an error: -1 and they are closed. */
int xml_out_finish(struct shomer_xml_out *out);
/* The libxml2 writer behind `out`, for the core's own handlers. */
void *xml_out_writer(struct shomer_xml_out *out);

#endif /* SHOMER_HOST_API_H */
