/* Machine facts and the few instructions moo's own tests and benchmarks need
 * on i386: kept here so those programs have no inline assembly. */
#ifndef MOO_MACHINE_H
#define MOO_MACHINE_H

#include "user.h"

#define MAXVA 0x80000000UL          /* KERNBASE: first address no user may own */
#define LEAF_TABLE_SPAN (1UL << 22) /* bytes one page table maps */
/* Addresses a user access must never reach: kernel memory, devices, unmapped tops. */
#define KERNEL_PROBE_ADDRESSES                                                                     \
  0x80000000UL, 0x80100000UL, 0x8dfff000UL, 0x8e000000UL, 0xfe001000UL, 0xfec00000UL,              \
      0xfee00000UL, 0xfffffff8UL, 0x7ffff000UL
#define WAIT_TAKES_STATUS 0  /* wait(void): the word where an argument would be is the caller's */
#define TICKS_PER_SECOND 100 /* sleep() and uptime() units */
/* The kernel's half: the image at its link address, its data, and RAM in the direct map. */
#define KERNEL_TEXT 0x80100000UL
#define KERNEL_DATA 0x80120000UL
#define DIRECT_MAP_RAM 0x80300000UL
#define STACK_ALIGN 4         /* exec's initial stack pointer is only word aligned */
#define KERNEL_HALF_TABLES 64 /* 56 over the direct map, 8 over the device window */

static inline uint64 clock_ticks(void) {
  unsigned lo, hi;
  asm volatile("rdtsc" : "=a"(lo), "=d"(hi));
  return ((uint64)hi << 32) | lo;
}

/* TSC counts in nanoseconds. The TSC's rate is not architectural (under QEMU it
 * follows the host's, or the instruction count with -icount), so it is measured
 * once against 10 timer ticks (100 ms at the ABI's 100 Hz). */
static inline uint64 clock_to_ns(uint64 ticks) {
  static uint64 per_100ms;
  if (!per_100ms) {
    sleep(1); /* start on a tick edge */
    uint64 t0 = clock_ticks();
    sleep(10);
    per_100ms = clock_ticks() - t0;
    if (!per_100ms)
      per_100ms = 1;
  }
  return ticks * 100000000ULL / per_100ms;
}

/* Waits for the clock to change; the TSC changes every cycle, so this only
 * keeps the call in the same place as on RISC-V. */
static inline void clock_edge_sync(void) {
  (void)clock_ticks();
}

static inline uintptr read_sp(void) {
  uintptr sp;
  asm volatile("movl %%esp, %0" : "=r"(sp));
  return sp;
}

/* Loads known values into every register but EAX and ESP, makes a system call
 * (getpid, INT 0x40) and checks them afterwards: -1 when all kept their
 * values, else the index of the first that changed (EBX ECX EDX ESI EDI EBP). */
static inline int registers_changed_by_syscall(void) {
  static const unsigned want[6] = {0x1b1b, 0x1c1c, 0x1d1d, 0x5151, 0xd1d1, 0xb0b0};
  static unsigned after[6];
  asm volatile("pushl %%ebp\n"
               "pushl %0\n"
               "movl $0x1b1b, %%ebx\n movl $0x1c1c, %%ecx\n movl $0x1d1d, %%edx\n"
               "movl $0x5151, %%esi\n movl $0xd1d1, %%edi\n movl $0xb0b0, %%ebp\n"
               "movl $11, %%eax\n"
               "int $0x40\n"
               "popl %%eax\n"
               "movl %%ebx, 0(%%eax)\n movl %%ecx, 4(%%eax)\n movl %%edx, 8(%%eax)\n"
               "movl %%esi, 12(%%eax)\n movl %%edi, 16(%%eax)\n movl %%ebp, 20(%%eax)\n"
               "popl %%ebp\n"
               :
               : "i"(after)
               : "eax", "ebx", "ecx", "edx", "esi", "edi", "memory");
  for (int i = 0; i < 6; i++)
    if (after[i] != want[i])
      return i;
  return -1;
}

/* Any system call with raw arguments, for the fuzzer: they are pushed as the
 * x86 stubs' callers push them, then INT 0x40 with the number in EAX. */
static inline long raw_syscall(long num, const uint64 arg[6]) {
  long result;
  unsigned words[7] = {0, arg[0], arg[1], arg[2], arg[3], arg[4], arg[5]}; /* [0]: return slot */
  asm volatile("movl %%esp, %%edi\n"
               "movl %2, %%esp\n"
               "int $0x40\n"
               "movl %%edi, %%esp\n"
               : "=a"(result)
               : "a"(num), "r"(words)
               : "edi", "memory");
  return result;
}

/* Page-table pages of a process that has never been larger than [0, brk):
 * the directory, the kernel half's tables (shared, but reached from it), and
 * one table per 4 MiB of [0, brk). */
static inline int expected_pt_pages(uintptr brk) {
  uintptr span = 1UL << 22;
  return 1 + KERNEL_HALF_TABLES + (brk ? (brk - 1) / span + 1 : 0);
}

#endif
