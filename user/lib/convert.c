/* Text-to-number conversion of the user library: atoi (optional leading
 * blanks and sign, then decimal digits), and parse_number for the commands. */
#include "cmd.h"

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

int parse_number(const char *s, int *out) {
  int negative = *s == '-';
  const char *c = s + negative;
  uint64 value = 0;
  for (; *c >= '0' && *c <= '9' && value <= 0x80000000UL; c++)
    value = value * 10 + (uint64)(*c - '0');
  if (*c != '\0' || c == s + negative || value > 0x7fffffffUL + negative)
    return -1;
  *out = negative ? (int)(0 - value) : (int)value;
  return 0;
}
