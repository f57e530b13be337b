/* Traps on RISC-V: scause decoded once into what happened, handed to the
 * machine-independent handlers; and the way back into user mode. */
#include "proc/trap.h"
#include "arch/arch.h"
#include "lib/printf.h"
#include "riscv.h"

void trap_vector(void);                                           /* trapvec.S */
void resume_user(struct trapframe *tf) __attribute__((noreturn)); /* trapvec.S */

#define SCAUSE_INTERRUPT (1UL << 63)

enum trap_kind { TRAP_OTHER, TRAP_SYSCALL, TRAP_FAULT, TRAP_TIMER, TRAP_DEVICE, TRAP_SOFTWARE };

struct trap_cause {
  enum trap_kind kind;
  enum access access; /* TRAP_FAULT: what the access was */
  const char *name;
};

/* Exceptions by scause code (privileged spec, table "supervisor cause"). */
static const struct trap_cause exceptions[] = {
    [0] = {TRAP_OTHER, 0, "misaligned instruction"},
    [1] = {TRAP_FAULT, ACCESS_EXEC, "instruction access fault"},
    [2] = {TRAP_OTHER, 0, "illegal instruction"},
    [3] = {TRAP_OTHER, 0, "breakpoint"},
    [4] = {TRAP_OTHER, 0, "misaligned load"},
    [5] = {TRAP_FAULT, ACCESS_READ, "load access fault"},
    [6] = {TRAP_OTHER, 0, "misaligned store"},
    [7] = {TRAP_FAULT, ACCESS_WRITE, "store access fault"},
    [8] = {TRAP_SYSCALL, 0, "system call"},
    [12] = {TRAP_FAULT, ACCESS_EXEC, "instruction page fault"},
    [13] = {TRAP_FAULT, ACCESS_READ, "load page fault"},
    [15] = {TRAP_FAULT, ACCESS_WRITE, "store page fault"},
};

static const struct trap_cause interrupts[] = {
    [1] = {TRAP_SOFTWARE, 0, "software interrupt"},
    [5] = {TRAP_TIMER, 0, "timer interrupt"},
    [9] = {TRAP_DEVICE, 0, "external interrupt"},
};

static struct trap_cause decode(uint64 scause) {
  uint64 code = scause & ~SCAUSE_INTERRUPT;
  bool interrupt = (scause & SCAUSE_INTERRUPT) != 0;
  const struct trap_cause *table = interrupt ? interrupts : exceptions;
  uint64 n = interrupt ? ARRAY_LEN(interrupts) : ARRAY_LEN(exceptions);
  if (code < n && table[code].name)
    return table[code];
  struct trap_cause unknown = {TRAP_OTHER, 0, interrupt ? "unknown interrupt" : "exception"};
  return unknown;
}

static bool is_interrupt(enum trap_kind kind) {
  return kind == TRAP_TIMER || kind == TRAP_DEVICE || kind == TRAP_SOFTWARE;
}

/* Interrupts are handled the same from either mode, with interrupts off. */
static void handle_interrupt(enum trap_kind kind) {
  if (kind == TRAP_TIMER) {
    timer_rearm();
    trap_timer();
  } else if (kind == TRAP_DEVICE) {
    plic_dispatch();
  } else {
    csr_clear(sip, SIE_SSIE); /* nothing sends these yet: just acknowledge */
  }
}

void arch_trap_init_hart(void) {
  csr_write(sscratch, 0); /* in the kernel (see trapvec.S) */
  csr_write(stvec, (uint64)trap_vector);
  csr_set(sie, SIE_SEIE | SIE_STIE | SIE_SSIE);
  csr_write(scounteren, 0x2); /* user mode may read the time CSR (rdtime) */
}

/* Entered from trapvec.S on the process's kernel stack, below tf. scause and
 * stval are read before interrupts go on: another trap would overwrite them. */
void user_trap(struct trapframe *tf) __attribute__((noreturn));
void user_trap(struct trapframe *tf) {
  uint64 scause = csr_read(scause), stval = csr_read(stval);
  struct trap_cause cause = decode(scause);
  if (is_interrupt(cause.kind)) {
    handle_interrupt(cause.kind);
  } else if (cause.kind == TRAP_SYSCALL) {
    tf->epc += 4; /* resume after the ecall */
    arch_intr_on();
    trap_syscall();
  } else if (cause.kind == TRAP_FAULT) {
    arch_intr_on();
    trap_user_fault(stval, cause.access, tf->epc);
  } else {
    arch_intr_on();
    trap_user_exception(cause.name, tf->epc, stval);
  }
  trap_user_return();
}

/* An exception in the kernel, entered from trapvec.S on this hart's panic
 * stack. The kernel never touches user memory directly (SUM is off), so any
 * exception is a kernel bug. */
void kernel_fault(void) __attribute__((noreturn));
void kernel_fault(void) {
  uint64 scause = csr_read(scause), sepc = csr_read(sepc), stval = csr_read(stval);
  int slot = kstack_guard_slot(stval);
  if (slot >= 0)
    panic("kernel stack overflow: process slot %d, pc 0x%lx, address 0x%lx", slot,
          (unsigned long)sepc, (unsigned long)stval);
  panic("%s in the kernel at pc 0x%lx, address 0x%lx (scause 0x%lx)", decode(scause).name,
        (unsigned long)sepc, (unsigned long)stval, (unsigned long)scause);
}

/* Interrupts in the kernel, entered from trapvec.S on the interrupted stack. */
void kernel_trap(void) {
  uint64 scause = csr_read(scause), sepc = csr_read(sepc), sstatus = csr_read(sstatus);
  struct trap_cause cause = decode(scause);
  if (!(sstatus & SSTATUS_SPP))
    panic("trap from user mode took the kernel path (sscratch was 0)");
  if (!is_interrupt(cause.kind))
    panic("kernel_trap: %s (trapvec.S sends exceptions to kernel_fault)", cause.name);
  handle_interrupt(cause.kind);
  /* a timer tick may have switched to other threads, whose traps reused
   * these registers: put back what sret needs */
  csr_write(sepc, sepc);
  csr_write(sstatus, sstatus);
}

void arch_return_to_user(struct trapframe *tf, pagetable_t pt, uintptr kstack_top) {
  if ((uintptr)tf != kstack_top - TF_SIZE)
    panic("return to user: trap frame %p is not at the top of its stack", tf);
  arch_intr_off(); /* until sret: a trap now would find sscratch set */
  uint64 satp = satp_for(pt);
  if (csr_read(satp) != satp)
    satp_switch(satp);
  tf->hart = arch_hart_id();
  csr_write(sepc, tf->epc);
  csr_write(sstatus, (csr_read(sstatus) & ~SSTATUS_SPP) | SSTATUS_SPIE); /* user, interrupts on */
  csr_write(sscratch, kstack_top);
  resume_user(tf);
}
