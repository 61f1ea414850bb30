/*
 * brute.h - the benchmark's check of the index (`risk score --brute-force`,
 * a hidden option): a random sample of the sites scored again against
 * every incident with no index, through the very same formula, timed and
 * compared with what the index gave.
 */
#ifndef RISK_BRUTE_H
#define RISK_BRUTE_H

#include <stdint.h>

#include "scorer.h"
#include "sites.h"

struct risk_check {
	const struct risk_scorer *scorer;
	const struct risk_siteset *sites;
	const struct risk_scored *out; /* the indexed results, one per site */
	double index_secs, eval_secs;  /* what building and using the index took */
	double sample;                 /* share of the sites to check, (0, 1] */
	uint64_t seed;
};

/*
 * Checks round(n x sample) sites (at least one) drawn with `seed` and
 * prints, one fact a line: the counts, the time per site of both paths,
 * their ratio and the largest relative differences of P, W and the score.
 * SHOMER_EXIT_OK, or SHOMER_EXIT_FAILED with *errmsg.
 */
int risk_check_brute(const struct risk_check *c, char **errmsg);

#endif /* RISK_BRUTE_H */
