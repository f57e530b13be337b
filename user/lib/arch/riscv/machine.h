/* Machine facts and the few instructions moo's own tests and benchmarks need
 * on RISC-V (rv64, Sv39): kept here so those programs have no inline assembly. */
#ifndef MOO_MACHINE_H
#define MOO_MACHINE_H

#include "user.h"

#define MAXVA (1UL << 38)           /* first address no user may own */
#define LEAF_TABLE_SPAN (1UL << 21) /* bytes one leaf table maps */
/* Addresses a user access must never reach (kernel/arch/riscv/memlayout.h): the old
 * physical-address kernel and the boot table's identity map of it, the top two user pages,
 * the non-canonical gap, the direct map of physical memory (device registers, the image, the
 * last page of RAM), the kernel image at its link address (text, data), the kernel stacks
 * (slot 0's pages and its guard page), and the last GiB. */
#define KERNEL_PROBE_ADDRESSES                                                                     \
  0x80000000UL, 0x80200000UL, 0x87fff000UL, 0x3ffffff000UL, 0x3fffffe000UL, 0x4000000000UL,        \
      0xffffffc000000000UL, 0xffffffc010000000UL, 0xffffffc080200000UL, 0xffffffc087fff000UL,      \
      0xffffffff80200000UL, 0xffffffff80220000UL, 0xffffffff801fe000UL, 0xffffffff801fd000UL,      \
      0xffffffff801fc000UL, 0xffffffffc0000000UL, 0xfffffffffffffff8UL
/* The kernel's half: the image at its link address, its data, and RAM in the direct map. */
#define KERNEL_TEXT 0xffffffff80200000UL
#define KERNEL_DATA 0xffffffff80220000UL
#define DIRECT_MAP_RAM 0xffffffc080300000UL
#define WAIT_TAKES_STATUS 1   /* wait(int *status) writes the status */
#define TICKS_PER_SECOND 10   /* sleep() and uptime() units */
#define STACK_ALIGN 16        /* exec's initial stack pointer is aligned so */
#define CLOCK_NS_PER_TICK 100 /* QEMU virt's time CSR counts at 10 MHz (assumed) */

/* The time CSR; user mode may read it (the kernel sets scounteren). */
static inline uint64 clock_ticks(void) {
  uint64 t;
  asm volatile("rdtime %0" : "=r"(t));
  return t;
}

static inline uint64 clock_to_ns(uint64 ticks) {
  return ticks * CLOCK_NS_PER_TICK;
}

/* Waits for the clock to change and then a fixed number of instructions more,
 * whatever the phase of the loop was (see bench.h's align_to_tick). */
static inline void clock_edge_sync(void) {
  uint64 before, edge, probe;
  asm volatile("rdtime %0\n"
               "1: rdtime %1\n"
               "beq %0, %1, 1b\n"
               ".rept 97\n"
               "nop\n"
               ".endr\n"
               "rdtime %2\n"
               "bne %1, %2, 2f\n"
               "nop\n"
               "2:\n"
               : "=&r"(before), "=&r"(edge), "=&r"(probe));
}

static inline uintptr read_sp(void) {
  uintptr sp;
  asm volatile("mv %0, sp" : "=r"(sp));
  return sp;
}

/* Loads known values into the caller-saved registers, makes a system call
 * (getpid) and checks them afterwards: -1 when all kept their values, else the
 * index of the first that changed. */
static inline int registers_changed_by_syscall(void) {
  static const uint64 want[14] = {0x1010, 0x1111, 0x1212, 0x1313, 0x1414, 0x1515, 0x1616,
                                  0x2121, 0x2222, 0x2323, 0x2424, 0x2525, 0x2626, 11};
  static uint64 after[14];
  asm volatile("li t0, 0x1010\n li t1, 0x1111\n li t2, 0x1212\n li t3, 0x1313\n"
               "li t4, 0x1414\n li t5, 0x1515\n li t6, 0x1616\n"
               "li a1, 0x2121\n li a2, 0x2222\n li a3, 0x2323\n li a4, 0x2424\n"
               "li a5, 0x2525\n li a6, 0x2626\n li a7, 11\n"
               "ecall\n"
               "sd t0, 0(%0)\n sd t1, 8(%0)\n sd t2, 16(%0)\n sd t3, 24(%0)\n"
               "sd t4, 32(%0)\n sd t5, 40(%0)\n sd t6, 48(%0)\n sd a1, 56(%0)\n"
               "sd a2, 64(%0)\n sd a3, 72(%0)\n sd a4, 80(%0)\n sd a5, 88(%0)\n"
               "sd a6, 96(%0)\n sd a7, 104(%0)\n"
               :
               : "r"(after)
               : "t0", "t1", "t2", "t3", "t4", "t5", "t6", "a0", "a1", "a2", "a3", "a4", "a5", "a6",
                 "a7", "memory");
  for (int i = 0; i < 14; i++)
    if (after[i] != want[i])
      return i;
  return -1;
}

/* Any system call with raw arguments, for the fuzzer: the result as the kernel left it. */
static inline long raw_syscall(long num, const uint64 arg[6]) {
  register uint64 a0 asm("a0") = arg[0];
  register uint64 a1 asm("a1") = arg[1];
  register uint64 a2 asm("a2") = arg[2];
  register uint64 a3 asm("a3") = arg[3];
  register uint64 a4 asm("a4") = arg[4];
  register uint64 a5 asm("a5") = arg[5];
  register uint64 a7 asm("a7") = num;
  asm volatile("ecall"
               : "+r"(a0)
               : "r"(a1), "r"(a2), "r"(a3), "r"(a4), "r"(a5), "r"(a7)
               : "memory");
  return (long)a0;
}

/* Page-table pages of a process that has never been larger than [0, brk): Sv39's root, the
 * middle and leaf tables over [0, brk), and the kernel's half, shared by every root and so
 * counted for every process: the direct map is made of 1 GiB pages (no table), and the GiB
 * holding the kernel has one middle table with two leaf tables under it (kernel stacks, image).
 * Nothing is mapped at the top of the user half, so that needs no table. */
#define KERNEL_PT_PAGES 3
static inline int expected_pt_pages(uintptr brk) {
  uintptr l1_span = 1UL << 30, l0_span = 1UL << 21;
  int user_l1 = brk ? (brk - 1) / l1_span + 1 : 0;
  int user_l0 = brk ? (brk - 1) / l0_span + 1 : 0;
  return 1 + user_l1 + user_l0 + KERNEL_PT_PAGES;
}

#endif
