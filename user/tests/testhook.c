/* testhook: panics the kernel on purpose, for the test that make run reports
 * a panic ("testhook kstack": by overflowing its kernel stack, for the test
 * that guard pages stop that). Works only on a kernel built with TESTHOOKS=1;
 * elsewhere it fails.
 * (Not named after panics: the test runner takes that word, even in a listing
 * of the disk by ls, for a kernel panic.) */
#include "user.h"

int main(int argc, char **argv) {
  poweroff(argc > 1 && strcmp(argv[1], "kstack") == 0 ? POWEROFF_TEST_KSTACK : POWEROFF_TEST_PANIC);
  fprintf(2, "testhook: no test hooks in this kernel (build it with TESTHOOKS=1)\n");
  _exit(1);
}
