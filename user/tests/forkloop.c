/* forkloop: forks, kills and reaps children without end, so that it is nearly
 * always inside fork. The console session ^C's it: no child may survive. */
#include "user.h"

int main(void) {
  for (;;) {
    int pid = fork();
    if (pid == 0) {
      sleep(100000); /* only a kill ends this child */
      _exit(0);
    }
    if (pid > 0) {
      kill(pid);
      waitpid(pid, 0, 0);
    }
  }
}
