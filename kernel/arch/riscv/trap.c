/* Trap handling on RISC-V: decodes scause for traps from user and from
 * supervisor mode and hands each to the machine-independent handler. */
#include "arch/arch.h"
#include "lib/printf.h"
#include "proc/trap.h"
#include "riscv.h"

extern char trampoline_start[], user_trap_entry[], user_trap_exit[];
void kernel_trap_entry(void);

#define SCAUSE_INTERRUPT (1UL << 63)
#define IRQ_S_SOFT 1
#define IRQ_S_TIMER 5
#define IRQ_S_EXTERNAL 9
#define EXC_INSN_FAULT 12
#define EXC_LOAD_FAULT 13
#define EXC_STORE_FAULT 15
#define EXC_LOAD_ACCESS 5
#define EXC_STORE_ACCESS 7
#define EXC_INSN_ACCESS 1
#define EXC_ECALL_U 8

void arch_trap_init_hart(void) {
  csr_write(stvec, (uint64)kernel_trap_entry);
  csr_set(sie, SIE_SEIE | SIE_STIE | SIE_SSIE);
  csr_write(scounteren, 0x2); /* user mode may read the time CSR (rdtime) */
}

/* Handles an interrupt; false when scause is not one we know. */
static bool handle_interrupt(uint64 cause) {
  switch (cause & ~SCAUSE_INTERRUPT) {
  case IRQ_S_TIMER:
    timer_rearm();
    trap_timer();
    return true;
  case IRQ_S_EXTERNAL:
    plic_dispatch();
    return true;
  case IRQ_S_SOFT:
    csr_clear(sip, 1UL << IRQ_S_SOFT);
    return true;
  }
  return false;
}

/* The names of the exceptions a user program can cause besides page faults and ecall. */
static const char *exception_name(uint64 cause) {
  static const char *names[] = {
      [0] = "misaligned instruction", [2] = "illegal instruction", [3] = "breakpoint",
      [4] = "misaligned load",        [6] = "misaligned store",
  };
  return cause < ARRAY_LEN(names) && names[cause] ? names[cause] : "exception";
}

static enum access fault_access(uint64 cause) {
  if (cause == EXC_STORE_FAULT || cause == EXC_STORE_ACCESS)
    return ACCESS_WRITE;
  if (cause == EXC_INSN_FAULT || cause == EXC_INSN_ACCESS)
    return ACCESS_EXEC;
  return ACCESS_READ;
}

/* Entered from the trampoline, on the process's kernel stack. */
void user_trap(void) {
  csr_write(stvec, (uint64)kernel_trap_entry);
  struct trapframe *tf = trap_user_frame();
  uint64 cause = csr_read(scause);
  if (cause & SCAUSE_INTERRUPT) {
    if (!handle_interrupt(cause))
      kprintf("user_trap: unexpected interrupt 0x%lx\n", (unsigned long)cause);
  } else if (cause == EXC_ECALL_U) {
    tf->epc += 4;
    arch_intr_on();
    trap_syscall();
  } else if (cause == EXC_LOAD_FAULT || cause == EXC_STORE_FAULT || cause == EXC_INSN_FAULT ||
             cause == EXC_LOAD_ACCESS || cause == EXC_STORE_ACCESS || cause == EXC_INSN_ACCESS) {
    uintptr va = csr_read(stval); /* before interrupts: an interrupt overwrites stval */
    arch_intr_on();
    trap_user_fault(va, fault_access(cause), tf->epc);
  } else {
    uintptr value = csr_read(stval);
    arch_intr_on();
    trap_user_exception(exception_name(cause), tf->epc, value);
  }
  trap_user_return();
}

/* Points the trap-frame page of pt at tf: the trampoline saves registers there. */
static void map_trapframe(pagetable_t pt, struct trapframe *tf) {
  pte_t *pte = arch_pt_walk(pt, TRAPFRAME_VA, false); /* made by arch_pt_create */
  pte_t want = arch_pte_make(arch_kva_to_pa(tf), PROT_READ | PROT_WRITE);
  if (*pte != want)
    *pte = want;
}

void arch_return_to_user(struct trapframe *tf, pagetable_t pt, uintptr kstack_top) {
  arch_intr_off();
  map_trapframe(pt, tf);
  uintptr entry_va = TRAMPOLINE_VA + (user_trap_entry - trampoline_start);
  csr_write(stvec, entry_va);
  tf->kernel_satp = kernel_satp();
  tf->kernel_sp = kstack_top;
  tf->kernel_entry = (uint64)user_trap;
  tf->kernel_tp = arch_hart_id();
  uint64 status = csr_read(sstatus);
  status &= ~SSTATUS_SPP; /* return to user mode */
  status |= SSTATUS_SPIE; /* with interrupts on */
  csr_write(sstatus, status);
  csr_write(sepc, tf->epc);
  uint64 satp = (8UL << 60) | (arch_kva_to_pa(pt) >> 12);
  void (*exit_fn)(uint64) = (void (*)(uint64))(TRAMPOLINE_VA + (user_trap_exit - trampoline_start));
  exit_fn(satp);
  __builtin_unreachable();
}

/* Traps taken while in the kernel: interrupts, or a kernel bug. */
void kernel_trap(void) {
  uint64 sepc = csr_read(sepc), sstatus = csr_read(sstatus), cause = csr_read(scause);
  if (!(sstatus & SSTATUS_SPP))
    panic("kernel_trap: not from supervisor mode");
  if (!(cause & SCAUSE_INTERRUPT) || !handle_interrupt(cause))
    panic("kernel trap: scause 0x%lx sepc 0x%lx stval 0x%lx", cause, sepc, csr_read(stval));
  /* trap_timer may have switched away and back; restore what sret needs */
  csr_write(sepc, sepc);
  csr_write(sstatus, sstatus);
}
