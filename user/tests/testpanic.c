/* testpanic: panics the kernel on purpose, for the test that make run reports
 * a panic. Works only on a kernel built with TESTHOOKS=1; elsewhere it fails. */
#include "user.h"

int main(void) {
  poweroff(POWEROFF_TEST_PANIC);
  fprintf(2, "testpanic: no test hooks in this kernel (build it with TESTHOOKS=1)\n");
  _exit(1);
}
