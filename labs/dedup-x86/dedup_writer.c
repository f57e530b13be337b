// dedup_writer: fills 10 MiB with one page of content repeated, calls dedup(), then writes
// other content into every page: each write must give the page a frame of its own again
// (the free count falls by about the 2,560 pages) and leave the others alone. x86 xv6 API.
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
  int i, j;

  if (r == (uint *)-1) {
    printf(1, "dedup_writer: sbrk of 10 MiB failed\n");
    exit();
  }
  for (i = 0; i < PAGES; i++)
    for (j = 0; j < WORDS; j++)
      r[i * WORDS + j] = word_at(j);
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
