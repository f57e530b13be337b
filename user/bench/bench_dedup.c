/* bench_dedup [reps]: fills 10 or 64 MiB with one repeated page, then times one read pass over it
 * and one dedup() call that merges it; the memory is refilled (untimed) before each repetition. */
#include "bench.h"

static const int sizes_mib[] = {10, 64};
#define NSIZES (int)(sizeof(sizes_mib) / sizeof(sizes_mib[0]))
#define WORDS_PER_PAGE (PAGE / 8)

static volatile uint64 sink; /* keeps the read pass from being optimized away */

/* Every page gets the same 4096 bytes; its 512 words all differ (no uniform-page shortcut). */
static void fill(uint64 *words, uint64 pages) {
  for (uint64 p = 0; p < pages; p++)
    for (uint64 j = 0; j < WORDS_PER_PAGE; j++)
      words[p * WORDS_PER_PAGE + j] = 0x9e3779b97f4a7c15UL * (j + 1);
}

/* One pass reading every word once. */
static uint64 read_pass(const uint64 *words, uint64 n) {
  uint64 sum = 0;
  for (uint64 i = 0; i < n; i++)
    sum += words[i];
  return sum;
}

static void measure(uint64 *words, int mib, int reps) {
  uint64 reading[MAX_REPS], merging[MAX_REPS], freed[MAX_REPS];
  uint64 pages = mib * PAGES_PER_MIB;
  for (int i = -1; i < reps; i++) { /* i = -1: the untimed warm-up run */
    if (i == 0)
      align_to_tick();
    fill(words, pages);
    uint64 t0 = now_ticks();
    sink = read_pass(words, pages * WORDS_PER_PAGE);
    uint64 t1 = now_ticks();
    int n = dedup();
    uint64 t2 = now_ticks();
    if (n < 0)
      die("bench_dedup", "dedup failed");
    if (i >= 0) {
      reading[i] = t1 - t0;
      merging[i] = t2 - t1;
      freed[i] = n;
    }
  }
  report_times("read_pass", mib, reading, reps);
  report_times("dedup", mib, merging, reps);
  report("dedup_freed", mib, median(freed, reps), "frames");
}

int main(int argc, char *argv[]) {
  int reps = reps_from_args(argc, argv);
  uint64 *words = (uint64 *)align_break();
  for (int s = 0; s < NSIZES; s++) {
    int mib = sizes_mib[s];
    if (sbrk(mib * MIB) == (char *)-1)
      die("bench_dedup", "sbrk failed");
    measure(words, mib, reps);
    sbrk(-(int)(mib * MIB));
  }
  fprintf(1, "BENCH-DONE bench_dedup\n");
  _exit(0);
}
