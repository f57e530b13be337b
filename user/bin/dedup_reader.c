/* dedup_reader: fills 10 MiB with one page of content repeated, calls dedup, checks that the free
 * count rose by about 2,560 pages and that every byte reads back; exit 0 on success. */
#include "cmd.h"

#define USAGE "dedup_reader"

#define PAGE 4096UL
#define REGION_PAGES 2560 /* 10 MiB */
#define WORDS_PER_PAGE (PAGE / 8)
#define SLACK 512 /* other processes' duplicates merged by the same call */

static uint64 word_at(int j) {
  return 0x9e3779b97f4a7c15UL * (j + 1) ^ 0x5eed;
}

static void die(const char *why, long a, long b) {
  fprintf(1, "dedup_reader: FAILED: %s (%ld, %ld)\n", why, a, b);
  _exit(1);
}

static uint64 *allocate_region(void) {
  uintptr brk = (uintptr)sbrk(0);
  if (brk % PAGE)
    sbrk(PAGE - brk % PAGE);
  char *p = sbrk(REGION_PAGES * PAGE);
  if (p == (char *)-1)
    die("sbrk of 10 MiB failed", REGION_PAGES, 0);
  return (uint64 *)p;
}

static void fill(uint64 *region) {
  for (int i = 0; i < REGION_PAGES; i++)
    for (int j = 0; j < WORDS_PER_PAGE; j++)
      region[i * WORDS_PER_PAGE + j] = word_at(j);
}

static void verify(const uint64 *region) {
  for (int i = 0; i < REGION_PAGES; i++)
    for (int j = 0; j < WORDS_PER_PAGE; j++)
      if (region[i * WORDS_PER_PAGE + j] != word_at(j))
        die("wrong content at page, word", i, j);
}

int main(int argc, char *argv[]) {
  if (!takes_no_arguments(argc, argv, USAGE))
    _exit(2);
  uint64 *region = allocate_region();
  fill(region);
  int before = getNumFreePages();
  fprintf(1, "dedup_reader: %d free pages before dedup\n", before);
  int freed = dedup();
  int after = getNumFreePages();
  fprintf(1, "dedup_reader: %d free pages after dedup (+%d), dedup returned %d\n", after,
          after - before, freed);
  if (freed < 0)
    die("dedup failed", freed, 0);
  if (after - before < REGION_PAGES - 1 || after - before > REGION_PAGES + SLACK)
    die("free pages did not rise by about 2560", before, after);
  if (after - before != freed)
    die("dedup's result differs from the rise of the free count", freed, after - before);
  verify(region);
  fprintf(1, "dedup_reader: ok\n");
  exit_checked("dedup_reader", 0);
}
