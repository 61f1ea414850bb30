/*
 * cmds.h - the spend plugin's commands and its `shomer report` section.
 */
#ifndef SPEND_CMDS_H
#define SPEND_CMDS_H

#include "spend.h"

extern const struct shomer_command spend_report_cmd;
extern const struct shomer_command spend_export_cmd;
extern const struct shomer_command spend_propose_cmd;

int spend_report_section(struct shomer_host *host, void *ud, struct shomer_report *rep,
                         char **errmsg);

#endif
