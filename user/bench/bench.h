/* Shared helpers of the benchmark programs (user/bench/): the clock (machine.h), medians, heap
 * growth, and the result lines "BENCH <name> <size MiB> <value> <unit>" for tools/bench.py. */
#ifndef MOO_BENCH_H
#define MOO_BENCH_H

#include "machine.h"
#include "user.h"

#define PAGE 4096UL
#define MIB (1024 * 1024UL)
#define PAGES_PER_MIB (MIB / PAGE)
#define MAX_REPS 64
#define DEFAULT_REPS 11
/* The machine's clock (machine.h): the time CSR on RISC-V, the TSC on i386. */
static inline uint64 now_ticks(void) {
  return clock_ticks();
}

static inline uint64 ticks_to_ns(uint64 ticks) {
  return clock_to_ns(ticks);
}

/* The median of n samples (sorts them in place); the mean of the middle two when n is even. */
static inline uint64 median(uint64 *v, int n) {
  for (int i = 1; i < n; i++) {
    uint64 x = v[i];
    int j = i - 1;
    for (; j >= 0 && v[j] > x; j--)
      v[j + 1] = v[j];
    v[j + 1] = x;
  }
  if (n == 0)
    return 0;
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* Repetitions from argv[1] (default DEFAULT_REPS), kept within [1, MAX_REPS]. */
static inline int reps_from_args(int argc, char *argv[]) {
  int reps = argc > 1 ? atoi(argv[1]) : DEFAULT_REPS;
  if (reps < 1)
    reps = 1;
  return reps > MAX_REPS ? MAX_REPS : reps;
}

/* One result line. size is in MiB; unit is "frames" or "count". */
static inline void report(const char *name, int size_mib, uint64 value, const char *unit) {
  fprintf(1, "BENCH %s %d %llu %s\n", name, size_mib, (unsigned long long)value, unit);
}

/* The median of n clock samples (sorted in place) as a result line in ns, followed by the
 * fastest and the slowest sample, which tools/bench.py keeps in its logs. */
static inline void report_times(const char *name, int size_mib, uint64 *samples, int n) {
  uint64 mid = median(samples, n);
  fprintf(1, "BENCH %s %d %llu ns %llu %llu\n", name, size_mib,
          (unsigned long long)ticks_to_ns(mid), (unsigned long long)ticks_to_ns(samples[0]),
          (unsigned long long)ticks_to_ns(samples[n - 1]));
}

/* A measurement that could not be made, e.g. a fork refused for lack of memory. */
static inline void report_failure(const char *name, int size_mib, const char *why) {
  fprintf(1, "BENCH %s %d fail %s\n", name, size_mib, why);
}

/* Moves the break to a page boundary; returns it. */
static inline char *align_break(void) {
  uintptr brk = (uintptr)sbrk(0);
  if (brk % PAGE)
    sbrk(PAGE - brk % PAGE);
  return sbrk(0);
}

/* Grows the heap by mib MiB and writes one word in every new page so it is resident and
 * private; returns the start of the new memory, or 0 when sbrk refuses. */
static inline char *grow_resident(int mib) {
  char *p = sbrk(mib * MIB);
  if (p == (char *)-1)
    return 0;
  for (uint64 i = 0; i < mib * PAGES_PER_MIB; i++)
    *(volatile uint64 *)(p + i * PAGE) = i + 1;
  return p;
}

/* Sleeps until the next timer tick and then synchronizes with the clock, so a series of samples
 * starts at the same point of the tick period and of the 100 ns clock period on every run: with
 * QEMU's -icount the figures then repeat exactly. Called once per series, not per sample: under
 * plain QEMU the first work after the processor idled runs slower (a 100 us fork took twice as
 * long when every sample followed a sleep). */
static inline void align_to_tick(void) {
  sleep(1);
  clock_edge_sync();
}

static inline void die(const char *program, const char *why) {
  fprintf(1, "%s: FAILED: %s\n", program, why);
  _exit(1);
}

#endif
