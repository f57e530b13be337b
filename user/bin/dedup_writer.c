/* dedup_writer: fills 10 MiB with one repeated page, dedups, then twice writes new content into
 * some pages and dedups again, checking every page and the free count after each step. */
#include "cmd.h"

#define USAGE "dedup_writer"

#define PAGE 4096UL
#define REGION_PAGES 2560 /* 10 MiB */
#define WORDS_PER_PAGE (PAGE / 8)
#define SLACK 512 /* other processes' duplicates merged by the same call */

static uint64 *region;
static char kind[REGION_PAGES]; /* the content each page should hold: 'A', 'B' or 'C' */

static uint64 word_of(char k, int j) {
  return (0x9e3779b97f4a7c15UL * (j + 1) ^ 0x5eed) + (uint64)k * 0x0101010101010101UL;
}

static void die(const char *why, long a, long b) {
  fprintf(1, "dedup_writer: FAILED: %s (%ld, %ld)\n", why, a, b);
  _exit(1);
}

static void allocate_region(void) {
  uintptr brk = (uintptr)sbrk(0);
  if (brk % PAGE)
    sbrk(PAGE - brk % PAGE);
  char *p = sbrk(REGION_PAGES * PAGE);
  if (p == (char *)-1)
    die("sbrk of 10 MiB failed", REGION_PAGES, 0);
  region = (uint64 *)p;
}

static void write_page(int i, char k) {
  uint64 *page = region + i * WORDS_PER_PAGE;
  for (int j = 0; j < WORDS_PER_PAGE; j++)
    page[j] = word_of(k, j);
  kind[i] = k;
}

/* Writes content k into every page i with i % every == which; returns how many. */
static int write_pages(int every, int which, char k) {
  int n = 0;
  for (int i = which; i < REGION_PAGES; i += every, n++)
    write_page(i, k);
  return n;
}

static void verify(const char *when) {
  for (int i = 0; i < REGION_PAGES; i++)
    for (int j = 0; j < WORDS_PER_PAGE; j++)
      if (region[i * WORDS_PER_PAGE + j] != word_of(kind[i], j)) {
        fprintf(1, "dedup_writer: FAILED: %s: page %d word %d is not content %c\n", when, i, j,
                kind[i]);
        _exit(1);
      }
}

/* Dedups and checks that the free count rose by at least min_rise (and not absurdly more). */
static void dedup_expecting(int round, int min_rise) {
  int before = getNumFreePages();
  int freed = dedup();
  int after = getNumFreePages();
  fprintf(1, "dedup_writer: round %d: free %d -> %d (+%d), dedup returned %d\n", round, before,
          after, after - before, freed);
  if (freed < 0)
    die("dedup failed", round, freed);
  if (after - before < min_rise || after - before > min_rise + SLACK)
    die("free pages did not rise as expected: round, rise", round, after - before);
  if (after - before != freed)
    die("dedup's result differs from the rise of the free count", freed, after - before);
}

int main(int argc, char *argv[]) {
  if (!takes_no_arguments(argc, argv, USAGE))
    _exit(2);
  allocate_region();
  write_pages(1, 0, 'A');
  dedup_expecting(1, REGION_PAGES - 1);
  verify("after the first dedup");

  int b = write_pages(8, 1, 'B');
  verify("after writing B into every 8th page");
  dedup_expecting(2, b - 1);
  verify("after the second dedup");

  int c = write_pages(8, 2, 'C') + write_pages(16, 1, 'C');
  verify("after writing C");
  dedup_expecting(3, c - 1);
  verify("after the third dedup");
  fprintf(1, "dedup_writer: ok\n");
  exit_checked("dedup_writer", 0);
}
