/* poweroff: switches the machine off (QEMU exits). make run's scripts end
 * with it; the kernel first sends out all console output. */
#include "user.h"

int main(int argc, char *argv[]) {
  if (argc > 1) {
    fprintf(2, "usage: poweroff\n");
    _exit(1);
  }
  poweroff(POWEROFF_NOW);
  fprintf(2, "poweroff: the kernel refused\n");
  _exit(1);
}
