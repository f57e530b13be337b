/* printf as xv6-riscv programs call it: to standard output, no descriptor. */
#include "user.h"

void printf(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vfprintf(1, fmt, &ap);
  va_end(ap);
}
