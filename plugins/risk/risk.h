/*
 * risk.h - what every file of the risk plugin shares: the host's service
 * table and the plugin's names.
 *
 * The plugin scores each site's risk (0..100) from its exposure, the
 * incidents around it and the threat level, less a credit for protection
 * other plugins report; docs/risk.md explains the model to its readers.
 * Files that talk to the host use `risk_api`; the mathematics (kernel.c,
 * params.c, model.c, grid.c, tree.c, engine.c, scorer.c) never does, so
 * that unit tests and the worker threads can run it alone.
 */
#ifndef RISK_RISK_H
#define RISK_RISK_H

#include "shomer/plugin.h"

/* The plugin's XML namespace and the root of its configuration documents. */
#define RISK_NS   "urn:shomer:risk:1"
#define RISK_ROOT "risk-config"

/*
 * The host's service table, set by init() (plugin.c) and valid for the
 * life of the process; unit tests set it to a mock host.
 */
extern const struct shomer_api *risk_api;

/* Sets *errmsg (when errmsg is not NULL) to a host-allocated message;
 * returns `rc` so that callers can `return risk_fail(errmsg, 2, ...)`. */
int risk_fail(char **errmsg, int rc, const char *fmt, ...) SHOMER_PRINTF(3, 4);

#endif /* RISK_RISK_H */
