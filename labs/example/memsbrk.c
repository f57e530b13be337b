/* memsbrk: the four memory counts around sbrk(4096) and sbrk(-4096): growing
 * the heap by a page adds one virtual and one physical page and takes one free
 * frame; shrinking gives them back. The free count is printed whole (the
 * expected output allows a tolerance on it), the changes exactly. */
#include "user.h"

struct counts {
  int free, virt, phys, pt;
};

static void take(struct counts *c) {
  c->free = getNumFreePages();
  c->virt = getNumVirtPages();
  c->phys = getNumPhysPages();
  c->pt = getNumPTPages();
}

/* Prints a signed change: the library's printf has no '+' flag on every architecture. */
static void change(const char *name, int before, int after) {
  int d = after - before;
  fprintf(1, " %s %s%d", name, d >= 0 ? "+" : "", d);
}

static void report(const char *what, struct counts *a, struct counts *b) {
  fprintf(1, "memsbrk: %s:", what);
  change("Free", a->free, b->free);
  change("Virt", a->virt, b->virt);
  change("Phys", a->phys, b->phys);
  change("PT", a->pt, b->pt);
  fprintf(1, "\n");
}

int main(void) {
  struct counts start, grown, shrunk;
  take(&start);
  fprintf(1, "memsbrk: Free=%d\n", start.free);
  if (sbrk(4096) == (char *)-1) {
    fprintf(1, "memsbrk: sbrk(4096) failed\n");
    _exit(1);
  }
  take(&grown);
  report("sbrk(4096)", &start, &grown);
  if (sbrk(-4096) == (char *)-1) {
    fprintf(1, "memsbrk: sbrk(-4096) failed\n");
    _exit(1);
  }
  take(&shrunk);
  report("sbrk(-4096)", &grown, &shrunk);
  _exit(0);
}
