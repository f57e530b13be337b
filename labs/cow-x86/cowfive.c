// cowfive: five children forked together share the parent's 256 written pages (they take
// far fewer frames than that), then each writes one page of its own and exits; once the
// parent has reaped all five the free count is what it was before. x86 xv6 user API.
// types.h first: the other xv6 headers use its types
#include "types.h"

#include "stat.h"
#include "user.h"

#define CHILDREN 5
#define PAGES 256

char region[PAGES * 4096] __attribute__((aligned(4096)));

int main(int argc, char *argv[]) {
  int fds[2], start, forked, i, taken, end;
  char c;

  for (i = 0; i < PAGES; i++)
    region[i * 4096] = 1;
  if (pipe(fds) < 0) {
    printf(1, "cowfive: pipe failed\n");
    exit();
  }
  start = getNumFreePages();
  for (forked = 0; forked < CHILDREN; forked++) {
    int pid = fork();
    if (pid < 0)
      break;
    if (pid == 0) {
      close(fds[1]);
      read(fds[0], &c, 1); // returns at end of file: the parent closed its end
      region[forked * 4096] = 2;
      exit();
    }
  }
  taken = start - getNumFreePages();
  printf(1, "cowfive: %d children forked\n", forked);
  printf(1, "cowfive: they share the parent's %d pages: %s\n", PAGES, taken < PAGES ? "yes" : "no");
  close(fds[0]);
  close(fds[1]);
  for (i = 0; i < forked; i++)
    wait();
  end = getNumFreePages();
  printf(1, "cowfive: after reaping them: Free %s%d\n", end >= start ? "+" : "", end - start);
  exit();
}
