// memsbrk: the four memory counts of the x86 lab around sbrk(4096) and sbrk(-4096): growing
// the heap by a page adds one virtual and one physical page and takes one free frame;
// shrinking gives them back. The free count is printed whole (the expected file allows it
// to move), the changes exactly. Written against the x86 xv6 user API.
// types.h first: the other xv6 headers use its types
#include "types.h"

#include "stat.h"
#include "user.h"

int counts[4];

void take(int *c) {
  c[0] = getNumFreePages();
  c[1] = getNumVirtPages();
  c[2] = getNumPhysPages();
  c[3] = getNumPTPages();
}

// x86 xv6's printf has no '+' flag: the sign of a change is printed by hand.
void change(char *name, int d) {
  printf(1, " %s %s%d", name, d >= 0 ? "+" : "", d);
}

void report(char *what, int *a, int *b) {
  printf(1, "memsbrk: %s:", what);
  change("Free", b[0] - a[0]);
  change("Virt", b[1] - a[1]);
  change("Phys", b[2] - a[2]);
  change("PT", b[3] - a[3]);
  printf(1, "\n");
}

int main(int argc, char *argv[]) {
  int start[4], grown[4], shrunk[4];

  take(start);
  printf(1, "memsbrk: Free=%d\n", start[0]);
  if (sbrk(4096) == (char *)-1) {
    printf(1, "memsbrk: sbrk(4096) failed\n");
    exit();
  }
  take(grown);
  report("sbrk(4096)", start, grown);
  if (sbrk(-4096) == (char *)-1) {
    printf(1, "memsbrk: sbrk(-4096) failed\n");
    exit();
  }
  take(shrunk);
  report("sbrk(-4096)", grown, shrunk);
  exit();
}
