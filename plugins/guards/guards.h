/*
 * guards.h - what the guards plugin's host-facing files share.
 */
#ifndef GUARDS_GUARDS_H
#define GUARDS_GUARDS_H

#include <stdio.h>

#include "shomer/plugin.h"

/* The host's services, kept by init. */
extern const struct shomer_api *guards_api;

/* Sets *errmsg (when not NULL) to a host-allocated message; returns rc. */
int guards_fail(char **errmsg, int rc, const char *fmt, ...) SHOMER_PRINTF(3, 4);
/* SHOMER_EXIT_USAGE for getopt_long's ':' (a missing value) and '?'. */
int guards_usage(char **errmsg, int opt, const char *arg);

extern const struct shomer_command guards_solve_cmd;
extern const struct shomer_command guards_patrols_cmd;
extern const struct shomer_command guards_demand_cmd;
extern const struct shomer_command guards_roster_cmd;

/* The section of `shomer report`: the least-covered sites. */
int guards_report(struct shomer_host *host, void *ud, struct shomer_report *rep, char **errmsg);

/* Checks --from and --to: dates, in order, at most a year apart;
 * SHOMER_OK or SHOMER_EXIT_USAGE with *errmsg. */
int guards_parse_period(const char *from, const char *to, char **errmsg);

#endif
