/*
 * rng.c - see rng.h.
 */
#include "rng.h"

#include "banned.h"

static uint64_t splitmix(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static uint64_t rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

void guards_rng_seed(struct guards_rng *r, uint64_t seed)
{
	for (int k = 0; k < 4; k++)
		r->s[k] = splitmix(&seed);
}

uint64_t guards_rng_next(struct guards_rng *r)
{
	uint64_t out = rotl(r->s[1] * 5, 7) * 9, t = r->s[1] << 17;
	r->s[2] ^= r->s[0];
	r->s[3] ^= r->s[1];
	r->s[1] ^= r->s[2];
	r->s[0] ^= r->s[3];
	r->s[2] ^= t;
	r->s[3] = rotl(r->s[3], 45);
	return out;
}

double guards_rng_unit(struct guards_rng *r)
{
	return (double)(guards_rng_next(r) >> 11) * 0x1.0p-53;
}

unsigned guards_rng_below(struct guards_rng *r, unsigned n)
{
	return (unsigned)((guards_rng_next(r) >> 32) * (uint64_t)n >> 32);
}
