/* bench_true: exits at once with status 0; the small program bench_fork execs, so fork + exec
 * measures the kernel's exec path rather than a program's work. */
#include "user.h"

int main(void) {
  _exit(0);
}
