/* fginit: makes init's process group the console's foreground for two
 * seconds, then none. The console session types ^C meanwhile: init must live. */
#include "user.h"

#define TICKS 20

int main(void) {
  if (tcsetpgrp(0, 1) < 0) {
    fprintf(2, "fginit: tcsetpgrp failed\n");
    _exit(1);
  }
  sleep(TICKS);
  tcsetpgrp(0, 0);
  fprintf(1, "fginit: done\n");
  _exit(0);
}
