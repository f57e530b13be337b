/* testhook: panics the kernel on purpose, for the test that make run reports
 * a panic. Works only on a kernel built with TESTHOOKS=1; elsewhere it fails.
 * (Not named after panics: the test runner takes that word, even in a listing
 * of the disk by ls, for a kernel panic.) */
#include "user.h"

int main(void) {
  poweroff(POWEROFF_TEST_PANIC);
  fprintf(2, "testhook: no test hooks in this kernel (build it with TESTHOOKS=1)\n");
  _exit(1);
}
