/*
 * threat.h - the threat posture: the national level and each region's,
 * kept with their history (level, scope, since, reason).  The level in force
 * for a region is the higher of its own latest level and the latest
 * national one (DOMAIN.md: a rise changes the posture at once).
 */
#ifndef SHOMER_THREAT_H
#define SHOMER_THREAT_H

#include <libxml/xmlwriter.h>
#include <stdint.h>

#include "shomer/plugin.h"

#define THREAT_NS "urn:shomer:threat:1"

struct store;

/* "LOW".."CRITICAL" for 1..5; "" otherwise. */
const char *threat_name(enum shomer_threat level);
/* Parses a level name (any case); 0 if unknown. */
enum shomer_threat threat_parse(const char *name);

/*
 * Records a level for a region ("" or NULL: national) from `since` on.
 * Re-recording the same (region, since) replaces its level and reason.
 */
int threat_record(struct store *st, const char *region, enum shomer_threat level, int64_t since,
                  const char *reason, char **errmsg);

/*
 * The level in force at `at` for `region` (NULL: national only): *level is
 * 0 when no level has been recorded.  *national and *regional (either may be
 * NULL) get the two parts.
 */
int threat_in_force(struct store *st, const char *region, int64_t at, enum shomer_threat *level,
                    enum shomer_threat *national, enum shomer_threat *regional, char **errmsg);

/* One recorded level, as history lists it. */
struct threat_entry {
	const char *region; /* "" for national */
	enum shomer_threat level;
	const char *since; /* ISO 8601 UTC */
	int64_t since_unix;
	const char *reason;
};

typedef int (*threat_cb)(void *ud, const struct threat_entry *e);
/* Every recorded level, oldest first. */
int threat_foreach(struct store *st, threat_cb cb, void *ud, char **errmsg);

/*
 * The posture in force at `at` as a table (scope, in force, own level,
 * national): the national row, then every region that has sites.  The
 * caller frees it (table_free) or hands it to a report.
 */
struct shomer_table *threat_table(struct store *st, int64_t at, char **errmsg);

/* 1 if some site is in `region`. */
int threat_region_known(struct store *st, const char *region, int *known, char **errmsg);

#endif /* SHOMER_THREAT_H */
