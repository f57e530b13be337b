/* poweroff: switches the machine off (QEMU exits). make run's scripts end
 * with it; the kernel first sends out all console output. */
#include "cmd.h"

#define USAGE "poweroff"

int main(int argc, char *argv[]) {
  if (!takes_no_arguments(argc, argv, USAGE))
    _exit(2);
  poweroff(POWEROFF_NOW);
  fprintf(2, "poweroff: the kernel refused\n");
  _exit(1);
}
