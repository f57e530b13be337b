/* Kernel formatted output (kprintf, ksnprintf) and panic. Whole kprintf calls
 * are serialized between harts; after a panic only the panicking hart prints. */
#include "lib/printf.h"
#include "arch/arch.h"
#include "dev/console.h"
#include "format.h"
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

/* format_out's sink for the console. */
static void put_console(void *unused, char c) {
  stop_if_other_hart_panicked();
  console_putc(c);
}

static void print_console(const char *fmt, va_list ap) {
  format_out(put_console, 0, fmt, ap);
}

void printf_init(void) {
  spin_init(&print_lock, "printf");
  print_locking = true;
}

void kvprintf(const char *fmt, va_list ap) {
  stop_if_other_hart_panicked();
  bool locking = print_locking;
  if (locking) {
    spin_lock(&print_lock);
    console_kernel_begin(); /* the message stays whole among user output */
  }
  print_console(fmt, ap);
  if (locking) {
    console_kernel_end();
    spin_unlock(&print_lock);
  }
}

void kprintf(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  kvprintf(fmt, ap);
  va_end(ap);
}

int ksnprintf(char *buf, size_t size, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int len = format_string(buf, size, fmt, ap);
  va_end(ap);
  return len;
}

static void print_unlocked(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  print_console(fmt, ap);
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
  va_list ap;
  va_start(ap, fmt);
  print_console(fmt, ap);
  va_end(ap);
  print_unlocked("\n");
  panicked = true;
  freeze();
  __builtin_unreachable();
}
