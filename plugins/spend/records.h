/*
 * records.h - the spend plugin's XML handler (grants, projects and money
 * events in a <spend> document) and its site hook.
 */
#ifndef SPEND_RECORDS_H
#define SPEND_RECORDS_H

#include "spend.h"

extern const struct shomer_xml_handler spend_xml;

/* Refuses to remove a site that has spend projects. */
int spend_site_hook(struct shomer_host *host, void *ud, const char *site_id,
                    enum shomer_site_event ev, char **errmsg);

#endif
