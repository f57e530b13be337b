/* The platform-level interrupt controller: routes device interrupts to the
 * supervisor context of each hart and dispatches them to driver handlers. */
#include "arch/arch.h"
#include "dev/platform.h"
#include "lib/printf.h"
#include "riscv.h"

#define MAX_IRQ 64
#define PRIORITY(irq) (platform.intc_base + 4 * (irq))
/* On QEMU virt, hart h's supervisor context is 2h+1. */
#define S_CONTEXT(hart) (2 * (hart) + 1)
#define ENABLE(hart) (platform.intc_base + 0x2000 + 0x80 * S_CONTEXT(hart))
#define THRESHOLD(hart) (platform.intc_base + 0x200000 + 0x1000 * S_CONTEXT(hart))
#define CLAIM(hart) (THRESHOLD(hart) + 4)

static void (*handlers[MAX_IRQ])(void);
static uint64 enabled_mask;

static void mmio_write32(uintptr addr, uint32 v) {
  *(volatile uint32 *)addr = v;
}
static uint32 mmio_read32(uintptr addr) {
  return *(volatile uint32 *)addr;
}

static void plic_apply_enables(int hart) {
  mmio_write32(ENABLE(hart), (uint32)enabled_mask);
  mmio_write32(ENABLE(hart) + 4, (uint32)(enabled_mask >> 32));
}

void arch_irq_enable(int irq, void (*handler)(void)) {
  if (irq <= 0 || irq >= MAX_IRQ)
    panic("irq %d out of range", irq);
  handlers[irq] = handler;
  mmio_write32(PRIORITY(irq), 1);
  __atomic_or_fetch(&enabled_mask, 1UL << irq, __ATOMIC_SEQ_CST);
  for (int h = 0; h < platform.nharts; h++)
    plic_apply_enables(h);
}

void plic_init_hart(void) {
  int hart = arch_hart_id();
  plic_apply_enables(hart);
  mmio_write32(THRESHOLD(hart), 0);
}

void plic_dispatch(void) {
  int hart = arch_hart_id();
  uint32 irq = mmio_read32(CLAIM(hart));
  if (irq == 0)
    return;
  if (irq < MAX_IRQ && handlers[irq])
    handlers[irq]();
  else
    kprintf("plic: unexpected irq %d\n", irq);
  mmio_write32(CLAIM(hart), irq);
}
