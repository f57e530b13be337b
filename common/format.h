/* printf-style formatting, the one implementation behind the kernel's
 * kprintf, the user library's printf and the test suites' messages. */
#ifndef MOO_FORMAT_H
#define MOO_FORMAT_H

#include <stdarg.h>
#include <stddef.h>

/* Conversions: %d %i %u %x %p %s %c %%, with the flags '-' (pad on the right)
 * and '0' (pad numbers with zeros, after the sign), a decimal width, and the
 * length modifiers l, ll and z. %p is 0x and 16 hex digits; a null %s prints
 * (null); any other conversion is printed as written. */

/* Calls put(ctx, c) for each character; returns how many there were. */
int format_out(void (*put)(void *ctx, char c), void *ctx, const char *fmt, va_list ap);

/* Writes at most size - 1 characters and a terminating 0 into buf (nothing
 * when size is 0); returns the length of the whole text, as snprintf does. */
int format_string(char *buf, size_t size, const char *fmt, va_list ap);

#endif
