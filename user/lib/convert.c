/* Text-to-number conversion of the user library: atoi (optional leading
 * blanks and sign, then decimal digits). */
#include "user.h"

static int is_blank(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

int atoi(const char *s) {
  int negative = 0;
  uint value = 0; /* unsigned: wraps instead of overflowing */
  while (is_blank(*s))
    s++;
  if (*s == '-' || *s == '+') {
    negative = (*s == '-');
    s++;
  }
  while (*s >= '0' && *s <= '9') {
    value = value * 10 + (uint)(*s - '0');
    s++;
  }
  return negative ? (int)(0u - value) : (int)value;
}
