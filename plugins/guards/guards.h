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

extern const struct shomer_command guards_solve_cmd;
extern const struct shomer_command guards_patrols_cmd;
extern const struct shomer_command guards_demand_cmd;
extern const struct shomer_command guards_roster_cmd;

/*
 * A private file (0600) written beside `path` and renamed onto it only
 * when complete: guards_private_open gives the stream (and *tmp, the
 * temporary name, host-allocated); guards_private_close flushes, syncs and
 * renames it, or removes it when `ok` is 0 or anything fails.  SHOMER_OK,
 * or SHOMER_ERR with *errmsg naming `path`.
 */
FILE *guards_private_open(const char *path, char **tmp, char **errmsg);
int guards_private_close(FILE *f, char *tmp, const char *path, int ok, char **errmsg);

/* Checks --from and --to: dates, in order, at most a year apart;
 * SHOMER_OK or SHOMER_EXIT_USAGE with *errmsg. */
int guards_parse_period(const char *from, const char *to, char **errmsg);

#endif
