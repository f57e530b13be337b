/* cowchild: a forked child shares the parent's pages until it writes one.
 * The child writes a global and sees the free count drop by exactly one
 * frame (its own copy of that page); once the parent has reaped the child,
 * the free count is exactly what it was before the fork. */
#include "user.h"

/* A page of its own, so that nothing else written by the child shares it; not
 * static, so that the compiler keeps the write. */
char global_page[4096] __attribute__((aligned(4096)));

static void child(int go) {
  char c;
  /* Wait until the parent has done its own writes after fork: they would
   * change the free count while the child measures it. */
  if (read(go, &c, 1) != 1)
    _exit(1);
  int before = getNumFreePages();
  global_page[0] = 1;
  int after = getNumFreePages();
  fprintf(1, "cowchild: child: writing a global: Free %s%d\n", after >= before ? "+" : "",
          after - before);
  _exit(0);
}

int main(void) {
  int start = getNumFreePages();
  int fds[2];
  if (pipe(fds) < 0) {
    fprintf(1, "cowchild: pipe failed\n");
    _exit(1);
  }
  int pid = fork();
  if (pid < 0) {
    fprintf(1, "cowchild: fork failed\n");
    _exit(1);
  }
  if (pid == 0)
    child(fds[0]);
  write(fds[1], "g", 1);
  int status = -1;
  if (waitpid(pid, &status, 0) != pid || status != 0)
    fprintf(1, "cowchild: the child failed\n");
  close(fds[0]);
  close(fds[1]);
  int end = getNumFreePages();
  fprintf(1, "cowchild: parent: after reaping the child: Free %s%d\n", end >= start ? "+" : "",
          end - start);
  _exit(0);
}
