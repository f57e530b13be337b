/* Memory and string helpers for the kernel (no libc here). */
#ifndef MOO_STRING_H
#define MOO_STRING_H

#include "lib/types.h"

void *memset(void *dst, int c, size_t n);
void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
int strncmp(const char *a, const char *b, size_t n);
char *strncpy(char *dst, const char *src, size_t n);
/* Copies at most size-1 bytes and always NUL-terminates; returns strlen(src). */
size_t strlcpy(char *dst, const char *src, size_t size);

#endif
