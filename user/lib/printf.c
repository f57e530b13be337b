/* Formatted output: printf and fprintf. Text is gathered in a buffer and
 * written to the descriptor in chunks, flushed at the end of each call. */
#include <stdarg.h>

#include "user.h"

#define OUT_CHUNK 256

struct out {
  int fd;
  int len;
  char buf[OUT_CHUNK];
};

/* One conversion: %[-][0][width][l|ll](d|u|x|p|s|c|%). */
struct spec {
  int left;  /* '-': pad on the right */
  int zeros; /* '0': pad numbers with zeros */
  int width;
  int longs; /* number of 'l' modifiers */
  char conv;
};

static void out_flush(struct out *o) {
  if (o->len > 0)
    write(o->fd, o->buf, o->len);
  o->len = 0;
}

static void out_char(struct out *o, char c) {
  if (o->len == OUT_CHUNK)
    out_flush(o);
  o->buf[o->len++] = c;
}

static void out_repeat(struct out *o, char c, int count) {
  for (int i = 0; i < count; i++)
    out_char(o, c);
}

/* Writes prefix (a sign or "0x") then body, padded to the spec's width. */
static void out_field(struct out *o, const char *prefix, const char *body, int body_len,
                      const struct spec *sp) {
  int prefix_len = strlen(prefix);
  int pad = sp->width - prefix_len - body_len;
  if (pad > 0 && !sp->left && !sp->zeros)
    out_repeat(o, ' ', pad);
  for (int i = 0; i < prefix_len; i++)
    out_char(o, prefix[i]);
  if (pad > 0 && !sp->left && sp->zeros)
    out_repeat(o, '0', pad);
  for (int i = 0; i < body_len; i++)
    out_char(o, body[i]);
  if (pad > 0 && sp->left)
    out_repeat(o, ' ', pad);
}

/* Digits of value in base, at least min_digits of them; returns their count. */
static int to_digits(char *digits, uint64 value, int base, int min_digits) {
  char reversed[24];
  int n = 0;
  do {
    reversed[n++] = "0123456789abcdef"[value % base];
    value /= base;
  } while (value != 0);
  while (n < min_digits)
    reversed[n++] = '0';
  for (int i = 0; i < n; i++)
    digits[i] = reversed[n - 1 - i];
  return n;
}

static void out_unsigned(struct out *o, const char *prefix, uint64 value, int base, int min_digits,
                         const struct spec *sp) {
  char digits[24];
  int n = to_digits(digits, value, base, min_digits);
  out_field(o, prefix, digits, n, sp);
}

static void out_signed(struct out *o, long value, const struct spec *sp) {
  uint64 magnitude = value < 0 ? 0 - (uint64)value : (uint64)value;
  out_unsigned(o, value < 0 ? "-" : "", magnitude, 10, 1, sp);
}

static void out_string(struct out *o, const char *s, const struct spec *sp) {
  struct spec plain = *sp;
  plain.zeros = 0;
  if (s == 0)
    s = "(null)";
  out_field(o, "", s, strlen(s), &plain);
}

/* Parses the spec after a '%'; returns a pointer past it. */
static const char *parse_spec(const char *fmt, struct spec *sp) {
  memset(sp, 0, sizeof(*sp));
  for (;; fmt++) {
    if (*fmt == '-')
      sp->left = 1;
    else if (*fmt == '0')
      sp->zeros = 1;
    else
      break;
  }
  while (*fmt >= '0' && *fmt <= '9')
    sp->width = sp->width * 10 + (*fmt++ - '0');
  while (*fmt == 'l') {
    sp->longs++;
    fmt++;
  }
  sp->conv = *fmt;
  return *fmt != '\0' ? fmt + 1 : fmt;
}

static void out_conversion(struct out *o, const struct spec *sp, va_list *ap) {
  switch (sp->conv) {
  case 'd':
    out_signed(o, sp->longs ? va_arg(*ap, long) : va_arg(*ap, int), sp);
    break;
  case 'u':
    out_unsigned(o, "", sp->longs ? va_arg(*ap, uint64) : va_arg(*ap, uint), 10, 1, sp);
    break;
  case 'x':
    out_unsigned(o, "", sp->longs ? va_arg(*ap, uint64) : va_arg(*ap, uint), 16, 1, sp);
    break;
  case 'p':
    out_unsigned(o, "0x", (uint64)va_arg(*ap, void *), 16, 16, sp);
    break;
  case 's':
    out_string(o, va_arg(*ap, const char *), sp);
    break;
  case 'c': {
    char c = (char)va_arg(*ap, int);
    out_field(o, "", &c, 1, sp);
    break;
  }
  case '%':
    out_char(o, '%');
    break;
  case '\0':
    out_char(o, '%');
    break;
  default: /* unknown: show it as written */
    out_char(o, '%');
    out_char(o, sp->conv);
    break;
  }
}

static void format(int fd, const char *fmt, va_list *ap) {
  struct out o;
  o.fd = fd;
  o.len = 0;
  while (*fmt != '\0') {
    if (*fmt != '%') {
      out_char(&o, *fmt++);
      continue;
    }
    struct spec sp;
    fmt = parse_spec(fmt + 1, &sp);
    out_conversion(&o, &sp, ap);
  }
  out_flush(&o);
}

void fprintf(int fd, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  format(fd, fmt, &ap);
  va_end(ap);
}

void printf(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  format(1, fmt, &ap);
  va_end(ap);
}
