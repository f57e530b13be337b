/* Formatted output: printf and fprintf, through the shared formatter
 * (common/format.h). Text is gathered in a buffer and written to the
 * descriptor in chunks, flushed at the end of each call. */
#include <stdarg.h>

#include "cmd.h" /* write_all, which records a failed write for the commands */
#include "format.h"

#define OUT_CHUNK 256

struct out {
  int fd;
  int len;
  char buf[OUT_CHUNK];
};

static void out_flush(struct out *o) {
  if (o->len > 0)
    write_all(o->fd, o->buf, o->len);
  o->len = 0;
}

static void put_buffered(void *ctx, char c) {
  struct out *o = ctx;
  if (o->len == OUT_CHUNK)
    out_flush(o);
  o->buf[o->len++] = c;
}

static void print(int fd, const char *fmt, va_list ap) {
  struct out o;
  o.fd = fd;
  o.len = 0;
  format_out(put_buffered, &o, fmt, ap);
  out_flush(&o);
}

void fprintf(int fd, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  print(fd, fmt, ap);
  va_end(ap);
}

/* For printf, whose signature is the architecture's (user/lib/arch/ARCH/printf_abi.c). */
void vfprintf(int fd, const char *fmt, va_list *ap) {
  print(fd, fmt, *ap);
}
