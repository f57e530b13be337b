/* The kernel's memory and string helpers. GCC emits calls to memset, memcpy
 * and memmove on its own, so these are ordinary out-of-line functions. */
#include "lib/string.h"

/* Without this, GCC may recognise the loops below as memset/memcpy and turn
 * them into calls to the very functions they implement. */
#pragma GCC optimize("no-tree-loop-distribute-patterns")

/* A 64-bit word that may alias any other type. */
typedef uint64 __attribute__((may_alias)) word_t;

#define WORD sizeof(word_t)

static bool both_word_aligned(const void *a, const void *b) {
  return (((uintptr)a | (uintptr)b) & (WORD - 1)) == 0;
}

void *memset(void *dst, int c, size_t n) {
  uint8 *d = dst;
  uint8 byte = (uint8)c;
  if (((uintptr)d & (WORD - 1)) == 0) {
    word_t pattern = byte * 0x0101010101010101ULL;
    for (; n >= WORD; n -= WORD, d += WORD)
      *(word_t *)d = pattern;
  }
  while (n-- > 0)
    *d++ = byte;
  return dst;
}

static void copy_forward(uint8 *d, const uint8 *s, size_t n) {
  if (both_word_aligned(d, s)) {
    for (; n >= WORD; n -= WORD, d += WORD, s += WORD)
      *(word_t *)d = *(const word_t *)s;
  }
  while (n-- > 0)
    *d++ = *s++;
}

static void copy_backward(uint8 *d, const uint8 *s, size_t n) {
  d += n;
  s += n;
  if (both_word_aligned(d, s)) {
    for (; n >= WORD; n -= WORD) {
      d -= WORD;
      s -= WORD;
      *(word_t *)d = *(const word_t *)s;
    }
  }
  while (n-- > 0)
    *--d = *--s;
}

void *memcpy(void *dst, const void *src, size_t n) {
  copy_forward(dst, src, n);
  return dst;
}

void *memmove(void *dst, const void *src, size_t n) {
  uint8 *d = dst;
  const uint8 *s = src;
  if (d <= s || d >= s + n)
    copy_forward(d, s, n);
  else
    copy_backward(d, s, n);
  return dst;
}

int memcmp(const void *a, const void *b, size_t n) {
  const uint8 *x = a, *y = b;
  for (size_t i = 0; i < n; i++)
    if (x[i] != y[i])
      return x[i] - y[i];
  return 0;
}

size_t strlen(const char *s) {
  size_t n = 0;
  while (s[n])
    n++;
  return n;
}

int strncmp(const char *a, const char *b, size_t n) {
  for (size_t i = 0; i < n; i++) {
    uint8 x = a[i], y = b[i];
    if (x != y)
      return x - y;
    if (x == 0)
      break;
  }
  return 0;
}

/* Copies at most n bytes, padding with NULs; like C's, not terminated when
 * src is n bytes or longer. */
char *strncpy(char *dst, const char *src, size_t n) {
  size_t i = 0;
  for (; i < n && src[i]; i++)
    dst[i] = src[i];
  for (; i < n; i++)
    dst[i] = 0;
  return dst;
}

size_t strlcpy(char *dst, const char *src, size_t size) {
  size_t len = strlen(src);
  if (size > 0) {
    size_t n = MIN(len, size - 1);
    copy_forward((uint8 *)dst, (const uint8 *)src, n);
    dst[n] = 0;
  }
  return len;
}
