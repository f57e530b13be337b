/* Trap handling on i386: the IDT, and the decoding of each trap from user or
 * kernel mode into the machine-independent handlers (system call, fault, tick). */
#include "proc/trap.h"
#include "arch/arch.h"
#include "i386.h"
#include "lib/printf.h"
#include "lib/string.h"

extern uint32 trap_vectors[256];
void enter_user(struct trapframe *tf) __attribute__((noreturn));

#define GATE_INTERRUPT32 0x8E /* present, 32-bit interrupt gate: IF cleared on entry */
#define GATE_TASK 0x85        /* present task gate: a switch to the TSS its selector names */
#define VECTOR_DOUBLE_FAULT 8

static uint64 idt[256];

static uint64 gate(uint32 handler, int dpl) {
  uint64 g = handler & 0xFFFF;
  g |= (uint64)SEL_KCODE << 16;
  g |= (uint64)(GATE_INTERRUPT32 | (dpl << 5)) << 40;
  g |= (uint64)(handler >> 16) << 48;
  return g;
}

/* Every gate is ring 0 except the system call's: a user INT n for any other
 * vector (INT3 included) raises #GP instead. */
void idt_init(void) {
  for (int v = 0; v < 256; v++)
    idt[v] = gate(trap_vectors[v], v == VECTOR_SYSCALL ? 3 : 0);
  idt[VECTOR_DOUBLE_FAULT] = ((uint64)SEL_FAULT_TSS << 16) | ((uint64)GATE_TASK << 40);
}

void idt_load(void) {
  struct {
    uint16 limit;
    uint32 base;
  } __attribute__((packed)) desc = {sizeof(idt) - 1, (uint32)idt};
  asm volatile("lidt %0" ::"m"(desc));
}

static const char *exception_name(uint32 vector) {
  static const char *names[] = {"divide error",
                                "debug",
                                "NMI",
                                "breakpoint",
                                "overflow",
                                "bound range",
                                "invalid opcode",
                                "no FPU",
                                "double fault",
                                "coprocessor overrun",
                                "invalid TSS",
                                "segment not present",
                                "stack fault",
                                "general protection",
                                "page fault",
                                "reserved",
                                "x87 error",
                                "alignment check",
                                "machine check",
                                "SIMD error"};
  return vector < ARRAY_LEN(names) ? names[vector] : "unexpected trap";
}

/* Interrupts: the tick, device IRQs, shootdowns. False if tf is none of them. */
static bool handle_interrupt(struct trapframe *tf) {
  uint32 v = tf->vector;
  if (v == VECTOR_TIMER) {
    lapic_eoi();
    trap_timer();
  } else if (v == VECTOR_SHOOTDOWN) {
    write_cr3(read_cr3());
    shootdown_ack();
    lapic_eoi();
  } else if (v == VECTOR_SPURIOUS) {
    /* no EOI for a spurious interrupt */
  } else if (v > VECTOR_IRQ0 && v < VECTOR_IRQ0 + 24) {
    irq_dispatch(v - VECTOR_IRQ0);
    lapic_eoi();
  } else {
    return false;
  }
  return true;
}

static void user_trap(struct trapframe *tf) {
  if (tf->vector == VECTOR_SYSCALL) {
    arch_intr_on();
    trap_syscall();
  } else if (tf->vector == VECTOR_PAGE_FAULT) {
    uintptr va = read_cr2(); /* before interrupts: another fault would overwrite it */
    arch_intr_on();
    trap_user_fault(va, (tf->error & 2) ? ACCESS_WRITE : ACCESS_READ, tf->eip);
  } else if (!handle_interrupt(tf)) {
    arch_intr_on();
    trap_user_exception(exception_name(tf->vector), tf->eip, tf->error);
  }
  trap_user_return();
}

static void kernel_trap(struct trapframe *tf) {
  if (handle_interrupt(tf))
    return;
  panic("kernel trap: %s (trap %d, error 0x%x) at eip 0x%x, cr2 0x%x", exception_name(tf->vector),
        (int)tf->vector, (unsigned)tf->error, (unsigned)tf->eip, (unsigned)read_cr2());
}

/* Called by trap_common with the frame it built; returns only to kernel code. */
void i386_trap(struct trapframe *tf) {
  if ((tf->cs & 3) == 3)
    user_trap(tf);
  else
    kernel_trap(tf);
}

/* tf is the frame at the top of this process's kernel stack (arch_tf_alloc),
 * which is also where this code runs, further down. */
void arch_return_to_user(struct trapframe *tf, pagetable_t pt, uintptr kstack_top) {
  arch_intr_off();
  tss_set_kernel_stack(kstack_top);
  uintptr dir = arch_kva_to_pa(pt);
  if (read_cr3() != dir)
    write_cr3(dir);
  enter_user(tf);
}

void arch_trap_init_hart(void) {
  idt_load();
}
