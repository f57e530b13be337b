// dedup_reader: fills 10 MiB with one page of content repeated, calls dedup() and prints the
// free count before and after (it should rise by about the 2,560 pages), then reads every
// page back. Written against the x86 xv6 user API.
#include "stat.h"
#include "types.h"
#include "user.h"

#define PAGE 4096
#define PAGES 2560 // 10 MiB
#define WORDS (PAGE / 4)

uint word_at(int j) {
  return (0x9e3779b9u * (j + 1)) ^ 0x5eed;
}

uint *region(void) {
  uint brk = (uint)sbrk(0);
  if (brk % PAGE)
    sbrk(PAGE - brk % PAGE);
  return (uint *)sbrk(PAGES * PAGE);
}

int main(int argc, char *argv[]) {
  uint *r = region();
  int i, j, before, after;

  if (r == (uint *)-1) {
    printf(1, "dedup_reader: sbrk of 10 MiB failed\n");
    exit();
  }
  for (i = 0; i < PAGES; i++)
    for (j = 0; j < WORDS; j++)
      r[i * WORDS + j] = word_at(j);
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
