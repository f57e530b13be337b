/* NUL-terminated string helpers of the user library: strlen, strcpy,
 * strcmp, strchr. */
#include "user.h"

uint strlen(const char *s) {
  uint n = 0;
  while (s[n] != '\0')
    n++;
  return n;
}

char *strcpy(char *dst, const char *src) {
  char *out = dst;
  while ((*out++ = *src++) != '\0')
    ;
  return dst;
}

int strcmp(const char *a, const char *b) {
  while (*a != '\0' && *a == *b) {
    a++;
    b++;
  }
  return (uchar)*a - (uchar)*b;
}

char *strchr(const char *s, char c) {
  for (; *s != '\0'; s++) {
    if (*s == c)
      return (char *)s;
  }
  return 0;
}
