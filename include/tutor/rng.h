/*
 * tutor/rng.h - the one seeded pseudo-random generator used everywhere.
 *
 * xoshiro256** seeded through splitmix64.  The same seed always gives the
 * same sequence on every machine, which is what makes fitting restarts,
 * property tests and simulations reproducible.  There is no global state:
 * the caller owns a struct tu_rng (plain value, no release needed) and
 * passes it in.  Not for cryptography.
 */
#ifndef TUTOR_RNG_H
#define TUTOR_RNG_H

#include <stdint.h>
#include <stddef.h>

struct tu_rng {
	uint64_t s[4];
};

/* Seeds rng deterministically from seed (any value, 0 included). */
void tu_rng_seed(struct tu_rng *rng, uint64_t seed);

/* Next 64 random bits. */
uint64_t tu_rng_next(struct tu_rng *rng);

/* Uniform double in [0, 1) with 53 random bits. */
double tu_rng_uniform(struct tu_rng *rng);

/* Uniform double in [lo, hi). */
double tu_rng_range(struct tu_rng *rng, double lo, double hi);

/* Uniform integer in [0, n); n must be > 0.  Unbiased (rejection). */
uint64_t tu_rng_below(struct tu_rng *rng, uint64_t n);

/* Standard normal deviate (Box-Muller, no cached second value). */
double tu_rng_normal(struct tu_rng *rng);

/* Fisher-Yates shuffle of n elements of size bytes each, in place. */
void tu_rng_shuffle(struct tu_rng *rng, void *base, size_t n, size_t size);

#endif
