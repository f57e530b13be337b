// cowchild: a forked child shares its parent's pages until it writes one. The child writes a
// global and sees the free count drop by exactly one frame (its own copy of that page); once
// the parent has reaped it, the free count is what it was before the fork. x86 xv6 user API.
// types.h first: the other xv6 headers use its types
#include "types.h"

#include "stat.h"
#include "user.h"

// A page of its own, so that nothing else the child writes shares it.
char global_page[4096] __attribute__((aligned(4096)));

void sign(char *what, int d) {
  printf(1, "%s %s%d\n", what, d >= 0 ? "+" : "", d);
}

int main(int argc, char *argv[]) {
  int fds[2], start, before, after;
  char c;

  start = getNumFreePages();
  if (pipe(fds) < 0) {
    printf(1, "cowchild: pipe failed\n");
    exit();
  }
  if (fork() == 0) {
    // Wait until the parent's own writes after fork are done: they move the free count.
    read(fds[0], &c, 1);
    before = getNumFreePages();
    global_page[0] = 1;
    after = getNumFreePages();
    sign("cowchild: child: writing a global: Free", after - before);
    exit();
  }
  write(fds[1], "g", 1);
  wait();
  close(fds[0]);
  close(fds[1]);
  sign("cowchild: parent: after reaping the child: Free", getNumFreePages() - start);
  exit();
}
