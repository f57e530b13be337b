/* The poweroff system call: ends a batch run (make run) or a session by
 * switching the machine off through the architecture. */
#include "arch/arch.h"
#include "lib/errno.h"
#include "lib/printf.h"
#include "proc/power.h"
#include "proc/proc.h"
#include "proc/syscall.h"
#include "proc/sysproc.h"

#ifdef TEST_HOOKS
/* Recurses, 256 bytes a call, until the kernel stack runs into its guard
 * page (the depth limit is far beyond any kernel stack; it only tells the
 * compiler the recursion ends). */
static __attribute__((noinline)) int use_kernel_stack(volatile char *below, int depth) {
  volatile char frame[256];
  frame[0] = (char)depth;
  frame[sizeof(frame) - 1] = below ? below[0] : 0;
  if (depth > 1000000)
    return frame[0];
  return use_kernel_stack(frame, depth + 1) + frame[sizeof(frame) - 1];
}
#endif

int64 sys_poweroff(void) {
  struct proc *p = myproc();
  int how = sysarg_int(0);
  if (how == POWEROFF_NOW) {
    /* Hosts take this line to mean that all output has come. Under QEMU it
     * has: its UART takes each byte at once, so the console's transmit ring
     * is empty when write() returns (a slower UART would need draining). */
    kprintf("moo: power off by pid %d (%s)\n", p->pid, p->name);
    arch_power_off();
  }
#ifdef TEST_HOOKS
  if (how == POWEROFF_TEST_PANIC)
    panic("test hook: panic on purpose, asked by pid %d (%s)", p->pid, p->name);
  if (how == POWEROFF_TEST_KSTACK)
    return use_kernel_stack(0, 0);
#endif
  return -EINVAL;
}
