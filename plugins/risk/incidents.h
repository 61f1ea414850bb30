/*
 * incidents.h - the incidents a score counts, read from the host once into
 * arrays (engine.h: struct risk_incset).
 */
#ifndef RISK_INCIDENTS_H
#define RISK_INCIDENTS_H

#include <stddef.h>
#include <stdint.h>

#include "risk.h"
#include "engine.h"

/* What `risk explain` shows of an incident beside its numbers. */
struct risk_incinfo {
	char *id;          /* owned */
	char occurred[32]; /* ISO 8601 UTC, or YYYY-MM for a month-only one */
};

struct risk_incload {
	struct risk_incset set;
	struct risk_incinfo *info; /* parallel to set, when asked for; else NULL */
	size_t n_info, info_alloc;
	size_t unlocated;   /* incidents without a place, left out */
	size_t unknown_cat; /* categories this plugin does not know: counted as "other" */
};

/*
 * Loads every located incident that occurred at or before `as_of`; with
 * `near` set, only those within `radius` metres of (x, y).  With `info`,
 * also each incident's id and time for explanations.  SHOMER_OK, or
 * SHOMER_ERR with *errmsg.
 */
int risk_incidents_load(struct shomer_host *host, int64_t as_of, int near, double x, double y,
                        double radius, int info, struct risk_incload *out, char **errmsg);

void risk_incload_release(struct risk_incload *l);

#endif /* RISK_INCIDENTS_H */
