/*
 * cmds.h - the cctv plugin's commands, registered by plugin.c.
 */
#ifndef CCTV_CMDS_H
#define CCTV_CMDS_H

#include "cctv.h"

/* shomer cctv coverage [SITE...] [--night] [--format table|json|geojson] [--svg DIR] */
extern const struct shomer_command cctv_coverage_cmd;
/* shomer cctv plan SITE --add N [--level L] [--cost-per-camera AMOUNT]
 *                  [--format table|json|xml] */
extern const struct shomer_command cctv_plan_cmd;

/* The CCTV section of `shomer report` (report.c). */
int cctv_report(struct shomer_host *host, void *ud, struct shomer_report *rep, char **errmsg);

#endif
