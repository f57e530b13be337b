/* Kernel console output: formatted printing and panic.
 * The conversions are common/format.h's. */
#ifndef MOO_PRINTF_H
#define MOO_PRINTF_H

#include "lib/types.h"
#include <stdarg.h>

void kprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void kvprintf(const char *fmt, va_list ap);
/* Formats into buf (at most size bytes including the NUL); returns length. */
int ksnprintf(char *buf, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void panic(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));
void printf_init(void);

extern volatile bool panicked; /* set once any hart panics; others freeze */

#define ASSERT(cond)                                                                               \
  do {                                                                                             \
    if (!(cond))                                                                                   \
      panic("assertion failed: %s (%s:%d)", #cond, __FILE__, __LINE__);                            \
  } while (0)

#endif
