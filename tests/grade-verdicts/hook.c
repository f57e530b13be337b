/* hook: asks the kernel to panic on purpose (a TESTHOOKS kernel does; elsewhere the call
 * fails and hook says so). */
#include "user.h"

int main(void) {
  poweroff(POWEROFF_TEST_PANIC);
  fprintf(1, "hook: the kernel has no test hooks\n");
  _exit(0);
}
