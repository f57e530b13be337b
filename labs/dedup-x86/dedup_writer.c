// dedup_writer: fills 10 MiB with one page of content repeated, calls dedup(), then writes
// other content into every page: each write must give the page a frame of its own again
// (the free count falls by about the 2,560 pages) and leave the others alone. x86 xv6 API.
// types.h first: the other xv6 headers use its types
#include "types.h"

#include "stat.h"
#include "user.h"

#include "dedup_fill.h"

int main(int argc, char *argv[]) {
  uint *r = filled_region();
  int i, j;

  if (r == 0) {
    printf(1, "dedup_writer: sbrk of 10 MiB failed\n");
    exit();
  }
  dedup();
  printf(1, "dedup_writer: free pages after dedup: %d\n", getNumFreePages());
  for (i = 0; i < PAGES; i++)
    r[i * WORDS] = i;
  printf(1, "dedup_writer: free pages after writing: %d\n", getNumFreePages());
  for (i = 0; i < PAGES; i++)
    for (j = 0; j < WORDS; j++)
      if (r[i * WORDS + j] != (j == 0 ? (uint)i : word_at(j))) {
        printf(1, "dedup_writer: page %d word %d is wrong\n", i, j);
        exit();
      }
  printf(1, "dedup_writer: every page holds what was written\n");
  exit();
}
