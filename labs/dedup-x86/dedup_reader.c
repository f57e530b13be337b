// dedup_reader: fills 10 MiB with one page of content repeated, calls dedup() and prints the
// free count before and after (it should rise by about the 2,560 pages), then reads every
// page back. Written against the x86 xv6 user API.
// types.h first: the other xv6 headers use its types
#include "types.h"

#include "stat.h"
#include "user.h"

#include "dedup_fill.h"

int main(int argc, char *argv[]) {
  uint *r = filled_region();
  int i, j, before, after;

  if (r == 0) {
    printf(1, "dedup_reader: sbrk of 10 MiB failed\n");
    exit();
  }
  before = getNumFreePages();
  printf(1, "dedup_reader: free pages before dedup: %d\n", before);
  dedup();
  after = getNumFreePages();
  printf(1, "dedup_reader: free pages after dedup: %d\n", after);
  for (i = 0; i < PAGES; i++)
    for (j = 0; j < WORDS; j++)
      if (r[i * WORDS + j] != word_at(j)) {
        printf(1, "dedup_reader: page %d word %d changed\n", i, j);
        exit();
      }
  printf(1, "dedup_reader: every page reads back\n");
  exit();
}
