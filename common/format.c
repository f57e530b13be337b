/* The formatter (format.h). Freestanding: built into the kernel, the user
 * library and the host unit test, so it calls nothing but itself. */
#include "format.h"

#include <stdbool.h>
#include <stdint.h>

/* One conversion, as parsed from "%[-0][width][l|ll|z]c". */
enum length { LEN_INT, LEN_LONG, LEN_LONG_LONG, LEN_SIZE };

struct conv {
  bool left, zeros;
  int width;
  enum length length; /* which C type the argument has (long is 32-bit on i386) */
  char c;
};

struct out {
  void (*put)(void *ctx, char c);
  void *ctx;
  int count;
};

static void emit(struct out *o, char c) {
  o->put(o->ctx, c);
  o->count++;
}

static void emit_repeat(struct out *o, char c, int n) {
  for (; n > 0; n--)
    emit(o, c);
}

/* prefix (a sign or 0x) and body, padded to the width the conversion asks. */
static void emit_field(struct out *o, const struct conv *cv, const char *prefix, const char *body,
                       int body_len) {
  int prefix_len = 0;
  while (prefix[prefix_len])
    prefix_len++;
  int pad = cv->width - prefix_len - body_len;
  bool zero_pad = cv->zeros && !cv->left;
  if (!cv->left && !zero_pad)
    emit_repeat(o, ' ', pad);
  for (int i = 0; i < prefix_len; i++)
    emit(o, prefix[i]);
  if (zero_pad)
    emit_repeat(o, '0', pad);
  for (int i = 0; i < body_len; i++)
    emit(o, body[i]);
  if (cv->left)
    emit_repeat(o, ' ', pad);
}

/* The digits of v in base, at least min of them, most significant first. */
static int digits_of(uint64_t v, unsigned base, int min, char *out) {
  char reversed[64];
  int n = 0;
  do {
    reversed[n++] = "0123456789abcdef"[v % base];
    v /= base;
  } while (v);
  while (n < min)
    reversed[n++] = '0';
  for (int i = 0; i < n; i++)
    out[i] = reversed[n - 1 - i];
  return n;
}

static void emit_number(struct out *o, const struct conv *cv, const char *prefix, uint64_t v,
                        unsigned base, int min_digits) {
  char digits[64];
  int n = digits_of(v, base, min_digits, digits);
  emit_field(o, cv, prefix, digits, n);
}

static void emit_text(struct out *o, const struct conv *cv, const char *s, int len) {
  struct conv plain = *cv;
  plain.zeros = false; /* zeros pad numbers only */
  emit_field(o, &plain, "", s, len);
}

static const char *parse_conv(const char *p, struct conv *cv) {
  *cv = (struct conv){0};
  for (;; p++) {
    if (*p == '-')
      cv->left = true;
    else if (*p == '0')
      cv->zeros = true;
    else
      break;
  }
  for (; *p >= '0' && *p <= '9'; p++)
    cv->width = cv->width * 10 + (*p - '0');
  if (p[0] == 'l' && p[1] == 'l') {
    cv->length = LEN_LONG_LONG;
    p += 2;
  } else if (p[0] == 'l') {
    cv->length = LEN_LONG;
    p++;
  } else if (p[0] == 'z') {
    cv->length = LEN_SIZE;
    p++;
  }
  cv->c = *p;
  return *p ? p + 1 : p;
}

static int64_t signed_arg(enum length length, va_list *ap) {
  switch (length) {
  case LEN_LONG:
    return va_arg(*ap, long);
  case LEN_LONG_LONG:
    return va_arg(*ap, long long);
  case LEN_SIZE:
    return (int64_t)va_arg(*ap, size_t);
  default:
    return va_arg(*ap, int);
  }
}

static uint64_t unsigned_arg(enum length length, va_list *ap) {
  switch (length) {
  case LEN_LONG:
    return va_arg(*ap, unsigned long);
  case LEN_LONG_LONG:
    return va_arg(*ap, unsigned long long);
  case LEN_SIZE:
    return va_arg(*ap, size_t);
  default:
    return va_arg(*ap, unsigned);
  }
}

static void emit_conv(struct out *o, const struct conv *cv, va_list *ap) {
  switch (cv->c) {
  case 'd':
  case 'i': {
    int64_t v = signed_arg(cv->length, ap);
    emit_number(o, cv, v < 0 ? "-" : "", v < 0 ? 0 - (uint64_t)v : (uint64_t)v, 10, 1);
    break;
  }
  case 'u':
  case 'x':
    emit_number(o, cv, "", unsigned_arg(cv->length, ap), cv->c == 'u' ? 10 : 16, 1);
    break;
  case 'p':
    emit_number(o, cv, "0x", (uintptr_t)va_arg(*ap, void *), 16, 16);
    break;
  case 's': {
    const char *s = va_arg(*ap, const char *);
    if (!s)
      s = "(null)";
    int len = 0;
    while (s[len])
      len++;
    emit_text(o, cv, s, len);
    break;
  }
  case 'c': {
    char c = (char)va_arg(*ap, int);
    emit_text(o, cv, &c, 1);
    break;
  }
  case '%':
    emit(o, '%');
    break;
  default: /* unknown, or the format ended after '%': shown as written */
    emit(o, '%');
    if (cv->c)
      emit(o, cv->c);
    break;
  }
}

int format_out(void (*put)(void *ctx, char c), void *ctx, const char *fmt, va_list ap) {
  struct out o = {put, ctx, 0};
  va_list args;
  va_copy(args, ap);
  while (*fmt) {
    if (*fmt != '%') {
      emit(&o, *fmt++);
      continue;
    }
    struct conv cv;
    fmt = parse_conv(fmt + 1, &cv);
    emit_conv(&o, &cv, &args);
  }
  va_end(args);
  return o.count;
}

struct bounded {
  char *buf;
  size_t size, len;
};

static void put_bounded(void *ctx, char c) {
  struct bounded *b = ctx;
  if (b->len + 1 < b->size)
    b->buf[b->len++] = c;
}

int format_string(char *buf, size_t size, const char *fmt, va_list ap) {
  struct bounded b = {buf, size, 0};
  int n = format_out(put_bounded, &b, fmt, ap);
  if (size > 0)
    buf[b.len] = 0;
  return n;
}
