/* cowfive: five children forked together each write a global (each gets its
 * own copy of that page) and exit; once the parent has reaped all five, the
 * free count is exactly what it was before the first fork. */
#include "user.h"

#define CHILDREN 5

char global_page[4096] __attribute__((aligned(4096)));

int main(void) {
  int start = getNumFreePages();
  int forked = 0;
  for (int i = 0; i < CHILDREN; i++) {
    int pid = fork();
    if (pid < 0)
      break;
    if (pid == 0) {
      global_page[0] = (char)(i + 1);
      _exit(global_page[0] == i + 1 ? 0 : 1);
    }
    forked++;
  }
  int ok = 0;
  for (int i = 0; i < forked; i++) {
    int status = -1;
    if (waitpid(-1, &status, 0) > 0 && status == 0)
      ok++;
  }
  int end = getNumFreePages();
  fprintf(1, "cowfive: %d of %d children wrote their copy of the global\n", ok, CHILDREN);
  fprintf(1, "cowfive: after reaping them: Free %s%d\n", end >= start ? "+" : "", end - start);
  _exit(0);
}
