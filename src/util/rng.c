/*
 * rng.c - xoshiro256** (Blackman & Vigna) seeded by splitmix64.
 *
 * Written from the published algorithm description; see tutor/rng.h for
 * the contract.  Deterministic across machines: only integer arithmetic
 * and exactly specified double conversions are used.
 */
#include <math.h>
#include "tutor/rng.h"

static uint64_t splitmix64(uint64_t *x)
{
	uint64_t z;

	*x += 0x9e3779b97f4a7c15ULL;
	z = *x;
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static uint64_t rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

void tu_rng_seed(struct tu_rng *rng, uint64_t seed)
{
	uint64_t x = seed;

	for (int i = 0; i < 4; i++)
		rng->s[i] = splitmix64(&x);
}

uint64_t tu_rng_next(struct tu_rng *rng)
{
	uint64_t *s = rng->s;
	uint64_t result = rotl(s[1] * 5, 7) * 9;
	uint64_t t = s[1] << 17;

	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return result;
}

double tu_rng_uniform(struct tu_rng *rng)
{
	return (double)(tu_rng_next(rng) >> 11) * 0x1.0p-53;
}

double tu_rng_range(struct tu_rng *rng, double lo, double hi)
{
	return lo + (hi - lo) * tu_rng_uniform(rng);
}

uint64_t tu_rng_below(struct tu_rng *rng, uint64_t n)
{
	uint64_t limit = UINT64_MAX - UINT64_MAX % n;
	uint64_t x;

	do
		x = tu_rng_next(rng);
	while (x >= limit);
	return x % n;
}

double tu_rng_normal(struct tu_rng *rng)
{
	double u1 = 1.0 - tu_rng_uniform(rng); /* (0, 1] */
	double u2 = tu_rng_uniform(rng);

	return sqrt(-2.0 * log(u1)) * cos(6.283185307179586476925287 * u2);
}

static void swap_bytes(unsigned char *a, unsigned char *b, size_t size)
{
	for (size_t k = 0; k < size; k++) {
		unsigned char t = a[k];

		a[k] = b[k];
		b[k] = t;
	}
}

void tu_rng_shuffle(struct tu_rng *rng, void *base, size_t n, size_t size)
{
	unsigned char *b = base;

	if (n < 2)
		return;
	for (size_t i = n - 1; i > 0; i--) {
		size_t j = (size_t)tu_rng_below(rng, (uint64_t)i + 1);

		if (j != i)
			swap_bytes(b + i * size, b + j * size, size);
	}
}
