/*
 * cmds.h - the plugin's commands and report section, each in its own file
 * (cmd_score.c, cmd_explain.c, cmd_hotspots.c, report.c), registered by
 * plugin.c.
 */
#ifndef RISK_CMDS_H
#define RISK_CMDS_H

#include "risk.h"

extern const struct shomer_command risk_score_cmd;
extern const struct shomer_command risk_explain_cmd;
extern const struct shomer_command risk_hotspots_cmd;

/* `shomer report`: the ten highest scores and the threat posture. */
int risk_report(struct shomer_host *host, void *ud, struct shomer_report *rep, char **errmsg);

/* The threads scoring uses: the machine this was written for has two
 * cores, and the host's own work (SQLite) is done by then. */
#define RISK_THREADS 2

#endif /* RISK_CMDS_H */
