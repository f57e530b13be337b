/* Kernel formatted output (kprintf, ksnprintf) and panic. Whole kprintf calls
 * are serialized between harts; after a panic only the panicking hart prints. */
#include "lib/printf.h"
#include "arch/arch.h"
#include "dev/console.h"
#include "lib/spinlock.h"

volatile bool panicked;

/* Hart that entered panic first, or -1. Claimed before the message is printed
 * so other harts stop printing at once. */
static volatile int panic_hart = -1;
static volatile int nested_panics; /* panics on panic_hart while it reports */

static struct spinlock print_lock;
/* Set by printf_init: before it, only the boot hart runs and per-hart state
 * (needed by spin_lock) may not exist yet, so early output is unlocked. */
static bool print_locking;

/* Where formatted characters go: the console, or a bounded string. */
struct sink {
  char *buf; /* 0 for the console */
  size_t size;
  size_t len; /* characters produced, including any that did not fit */
};

static void freeze(void) {
  arch_intr_off();
  for (;;)
    ;
}

static void stop_if_other_hart_panicked(void) {
  int owner = panic_hart;
  if (owner >= 0 && owner != arch_hart_id())
    freeze();
}

static void emit(struct sink *s, char c) {
  if (!s->buf) {
    stop_if_other_hart_panicked();
    console_putc(c);
  } else if (s->len + 1 < s->size) {
    s->buf[s->len] = c;
  }
  s->len++;
}

static void emit_padding(struct sink *s, char c, int count) {
  for (; count > 0; count--)
    emit(s, c);
}

/* How one conversion is to be laid out. */
struct spec {
  bool left; /* '-' flag */
  bool zero; /* '0' flag */
  int width;
  int long_count; /* l/ll/z seen */
};

static void emit_string(struct sink *s, const char *str, const struct spec *sp) {
  if (!str)
    str = "(null)";
  int len = 0;
  while (str[len])
    len++;
  if (!sp->left)
    emit_padding(s, ' ', sp->width - len);
  for (int i = 0; i < len; i++)
    emit(s, str[i]);
  if (sp->left)
    emit_padding(s, ' ', sp->width - len);
}

static void emit_number(struct sink *s, uint64 value, int base, bool negative,
                        const struct spec *sp) {
  char digits[24];
  int n = 0;
  do {
    digits[n++] = "0123456789abcdef"[value % base];
    value /= base;
  } while (value > 0);
  int len = n + (negative ? 1 : 0);
  if (sp->left || !sp->zero) {
    if (!sp->left)
      emit_padding(s, ' ', sp->width - len);
    if (negative)
      emit(s, '-');
  } else {
    if (negative)
      emit(s, '-');
    emit_padding(s, '0', sp->width - len);
  }
  while (n > 0)
    emit(s, digits[--n]);
  if (sp->left)
    emit_padding(s, ' ', sp->width - len);
}

/* Reads flags, width and length modifiers; returns the conversion character's position. */
static const char *parse_spec(const char *p, struct spec *sp) {
  *sp = (struct spec){0};
  for (;; p++) {
    if (*p == '-')
      sp->left = true;
    else if (*p == '0')
      sp->zero = true;
    else
      break;
  }
  for (; *p >= '0' && *p <= '9'; p++)
    sp->width = sp->width * 10 + (*p - '0');
  for (; *p == 'l' || *p == 'z'; p++)
    sp->long_count++;
  return p;
}

static void emit_conversion(struct sink *s, char conv, const struct spec *sp, va_list *ap) {
  bool is_long = sp->long_count > 0;
  switch (conv) {
  case 'd': {
    int64 v = is_long ? va_arg(*ap, long) : va_arg(*ap, int);
    emit_number(s, v < 0 ? -(uint64)v : (uint64)v, 10, v < 0, sp);
    break;
  }
  case 'u':
    emit_number(s, is_long ? va_arg(*ap, unsigned long) : va_arg(*ap, unsigned), 10, false, sp);
    break;
  case 'x':
    emit_number(s, is_long ? va_arg(*ap, unsigned long) : va_arg(*ap, unsigned), 16, false, sp);
    break;
  case 'p': {
    struct spec full = {.zero = true, .width = 16};
    emit(s, '0');
    emit(s, 'x');
    emit_number(s, (uintptr)va_arg(*ap, void *), 16, false, &full);
    break;
  }
  case 's':
    emit_string(s, va_arg(*ap, const char *), sp);
    break;
  case 'c':
    emit(s, (char)va_arg(*ap, int));
    break;
  case '%':
    emit(s, '%');
    break;
  default: /* unknown: show it as written */
    emit(s, '%');
    emit(s, conv);
    break;
  }
}

static void format(struct sink *s, const char *fmt, va_list ap) {
  va_list args;
  va_copy(args, ap);
  for (const char *p = fmt; *p; p++) {
    if (*p != '%') {
      emit(s, *p);
      continue;
    }
    struct spec sp;
    p = parse_spec(p + 1, &sp);
    if (*p == 0)
      break;
    emit_conversion(s, *p, &sp, &args);
  }
  va_end(args);
}

void printf_init(void) {
  spin_init(&print_lock, "printf");
  print_locking = true;
}

void kvprintf(const char *fmt, va_list ap) {
  struct sink out = {0};
  stop_if_other_hart_panicked();
  bool locking = print_locking;
  if (locking)
    spin_lock(&print_lock);
  format(&out, fmt, ap);
  if (locking)
    spin_unlock(&print_lock);
}

void kprintf(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  kvprintf(fmt, ap);
  va_end(ap);
}

int ksnprintf(char *buf, size_t size, const char *fmt, ...) {
  struct sink out = {.buf = buf, .size = size};
  va_list ap;
  va_start(ap, fmt);
  format(&out, fmt, ap);
  va_end(ap);
  if (size > 0)
    buf[MIN(out.len, size - 1)] = 0;
  return (int)out.len;
}

static void print_unlocked(const char *fmt, ...) {
  struct sink out = {0};
  va_list ap;
  va_start(ap, fmt);
  format(&out, fmt, ap);
  va_end(ap);
}

/* Prints without the lock (its holder may be the hart that failed, or frozen),
 * marks the system panicked, and stops this hart for good. */
void panic(const char *fmt, ...) {
  arch_intr_off();
  int me = arch_hart_id();
  if (!__sync_bool_compare_and_swap(&panic_hart, -1, me)) {
    if (panic_hart == me && __sync_fetch_and_add(&nested_panics, 1) == 0)
      print_unlocked("\npanic: nested panic on hart %d\n", me);
    freeze();
  }
  print_unlocked("\npanic: hart %d: ", me);
  struct sink out = {0};
  va_list ap;
  va_start(ap, fmt);
  format(&out, fmt, ap);
  va_end(ap);
  print_unlocked("\n");
  panicked = true;
  freeze();
  __builtin_unreachable();
}
