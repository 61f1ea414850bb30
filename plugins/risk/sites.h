/*
 * sites.h - the sites to score, with everything the model needs from the
 * host about each: kind, peak scheduled attendance, the threat level in
 * force for its region, and the protection other plugins report.
 */
#ifndef RISK_SITES_H
#define RISK_SITES_H

#include <stddef.h>

#include "risk.h"
#include "model.h"

/* State of a protection attribute. */
enum risk_attr_state {
	RISK_ATTR_MISSING = 0, /* absent: no credit */
	RISK_ATTR_OK = 1,      /* a fraction 0..1 */
	RISK_ATTR_INVALID = 2  /* present but not a fraction: no credit */
};

struct risk_site {
	char *id, *name, *region, *kind_name; /* owned (malloc) */
	double x, y;                          /* projected metres */
	int kind;                             /* enum risk_kind; OTHER when unknown */
	/* the busiest scheduled session; peak == 0 when none has an attendance */
	size_t n_sessions;
	int peak, peak_day, peak_start;
	char *peak_label; /* owned; "" when no session */
	/* threat level in force for the region, 0 when none is recorded */
	int level;
	/* protection: the cctv attribute used (cctv_key, NULL when none
	 * was found), its raw value and the factor for its level */
	enum risk_attr_state cctv_state, guards_state;
	const char *cctv_key;
	double cctv_raw, cctv_factor;
	char *cctv_text, *guards_text; /* owned; the text of an invalid value */
	double guards;
};

struct risk_siteset {
	size_t n, alloc;
	struct risk_site *v;
	/* the instant whose threat levels apply (0: now); set before loading */
	int64_t as_of;
};

/*
 * Loads the sites of `region` (NULL: all) in id order; with `inputs`, also
 * their threat levels and protection attributes (without, only what the
 * host's site record holds).  SHOMER_OK, or SHOMER_ERR with *errmsg.
 */
int risk_sites_load(struct shomer_host *host, const char *region, int inputs,
                    struct risk_siteset *set, char **errmsg);

/* Loads one site by id; SHOMER_ERR with "no site 'ID'" when absent. */
int risk_sites_load_one(struct shomer_host *host, const char *id, struct risk_siteset *set,
                        char **errmsg);

void risk_siteset_release(struct risk_siteset *set);

/* The model's inputs for site s (pressure and nr_weight left at 0). */
void risk_site_inputs(const struct risk_site *s, struct risk_inputs *in);

/* The cctv attributes looked for, best first, with the share of their
 * coverage credited (docs/risk.md says why). */
struct risk_cctv_level {
	const char *key;
	double factor;
};
extern const struct risk_cctv_level risk_cctv_levels[];
extern const size_t risk_n_cctv_levels;

/* Day name ("mon" .. "sun") of day 0..6. */
const char *risk_day_name(int day);

#endif /* RISK_SITES_H */
