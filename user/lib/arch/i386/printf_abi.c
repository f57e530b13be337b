/* printf as x86 xv6 programs call it: the descriptor comes first. */
#include "user.h"

void printf(int fd, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vfprintf(fd, fmt, &ap);
  va_end(ap);
}
