/* Byte-block helpers of the user library: memset, memmove, memcpy, memcmp.
 * The compiler must not turn these loops back into calls to themselves. */
#include "user.h"

#define NO_LIBCALLS __attribute__((optimize("no-tree-loop-distribute-patterns")))

NO_LIBCALLS void *memset(void *dst, int c, uint n) {
  uchar *d = dst;
  for (uint i = 0; i < n; i++)
    d[i] = (uchar)c;
  return dst;
}

NO_LIBCALLS void *memmove(void *dst, const void *src, int n) {
  uchar *d = dst;
  const uchar *s = src;
  if (n <= 0 || d == s)
    return dst;
  if (d < s || d >= s + n) {
    for (int i = 0; i < n; i++)
      d[i] = s[i];
  } else {
    for (int i = n - 1; i >= 0; i--)
      d[i] = s[i];
  }
  return dst;
}

NO_LIBCALLS void *memcpy(void *dst, const void *src, uint n) {
  uchar *d = dst;
  const uchar *s = src;
  for (uint i = 0; i < n; i++)
    d[i] = s[i];
  return dst;
}

int memcmp(const void *a, const void *b, uint n) {
  const uchar *x = a;
  const uchar *y = b;
  for (uint i = 0; i < n; i++) {
    if (x[i] != y[i])
      return x[i] - y[i];
  }
  return 0;
}
