/* The fuzzers' random numbers: xorshift64*, so a seed gives the same stream on every run and
 * every architecture; one stream per process, seeded from the run's seed and a stream number. */
#ifndef MOO_TESTS_RNG_H
#define MOO_TESTS_RNG_H

#include "user.h"

static uint64 rng_state = 1;

static inline uint64 next_random(void) {
  rng_state ^= rng_state >> 12;
  rng_state ^= rng_state << 25;
  rng_state ^= rng_state >> 27;
  return rng_state * 0x2545f4914f6cdd1dULL;
}

/* Starts the stream for (seed, stream): workers of one run differ by their stream number. */
static inline void rng_seed(uint64 seed, uint64 stream) {
  rng_state = (seed * 0x9e3779b97f4a7c15ULL) ^ ((stream + 1) << 32) ^ 0x5eedUL;
  if (rng_state == 0)
    rng_state = 1;
}

/* A number in [0, n); 0 when n is 0 (x86 traps on a division by zero, where RISC-V
 * quietly returned the dividend: a zero-length buffer asked for below(0)). */
static inline uint64 below(uint64 n) {
  return n ? next_random() % n : 0;
}

static inline int percent(int p) {
  return below(100) < (uint64)p;
}

#endif
