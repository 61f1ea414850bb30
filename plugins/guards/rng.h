/*
 * rng.h - the guards plugin's random numbers: xoshiro256** (Blackman and
 * Vigna) seeded with splitmix64, so that the same seed gives the same
 * roster, schedule and patrol plan on any machine.  Pure C.
 */
#ifndef GUARDS_RNG_H
#define GUARDS_RNG_H

#include <stdint.h>

struct guards_rng {
	uint64_t s[4];
};

void guards_rng_seed(struct guards_rng *r, uint64_t seed);
uint64_t guards_rng_next(struct guards_rng *r);
/* [0, 1) */
double guards_rng_unit(struct guards_rng *r);
/* 0 .. n - 1 */
unsigned guards_rng_below(struct guards_rng *r, unsigned n);

#endif
