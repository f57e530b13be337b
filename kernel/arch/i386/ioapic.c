/* Device interrupts: the legacy 8259 PICs are masked for good, and the I/O
 * APIC sends ISA IRQ n to the boot CPU as vector 32 + n, edge-triggered. */
#include "arch/arch.h"
#include "i386.h"
#include "lib/printf.h"

uintptr ioapic_pa = 0xFEC00000;

#define IOAPIC_SELECT 0x00
#define IOAPIC_WINDOW 0x10
#define IOAPIC_VERSION 1
#define IOAPIC_REDIRECT(irq) (0x10 + 2 * (irq))
#define REDIRECT_MASKED 0x10000
#define MAX_IRQ 24

static void (*handlers[MAX_IRQ])(void);

static uint32 ioapic_read(int index) {
  *(volatile uint32 *)(ioapic_pa + IOAPIC_SELECT) = index;
  return *(volatile uint32 *)(ioapic_pa + IOAPIC_WINDOW);
}

static void ioapic_write(int index, uint32 v) {
  *(volatile uint32 *)(ioapic_pa + IOAPIC_SELECT) = index;
  *(volatile uint32 *)(ioapic_pa + IOAPIC_WINDOW) = v;
}

/* The 8259s would otherwise deliver stray interrupts: remap them above the
 * exceptions (0x20-0x2F) and mask every line. */
void pic_disable(void) {
  static const uint8 icw[2][4] = {{0x11, 0x20, 0x04, 0x01}, {0x11, 0x28, 0x02, 0x01}};
  static const uint16 port[2] = {0x20, 0xA0};
  for (int p = 0; p < 2; p++) {
    outb(port[p], icw[p][0]);
    for (int i = 1; i < 4; i++)
      outb(port[p] + 1, icw[p][i]);
    outb(port[p] + 1, 0xFF);
  }
}

void ioapic_init(void) {
  int entries = ((ioapic_read(IOAPIC_VERSION) >> 16) & 0xFF) + 1;
  for (int irq = 0; irq < entries && irq < MAX_IRQ; irq++) {
    ioapic_write(IOAPIC_REDIRECT(irq), REDIRECT_MASKED | (VECTOR_IRQ0 + irq));
    ioapic_write(IOAPIC_REDIRECT(irq) + 1, 0);
  }
}

void arch_irq_enable(int irq, void (*handler)(void)) {
  if (irq <= 0 || irq >= MAX_IRQ)
    panic("irq %d out of range", irq);
  handlers[irq] = handler;
  ioapic_write(IOAPIC_REDIRECT(irq) + 1, cpu_apic_ids[0] << 24);
  ioapic_write(IOAPIC_REDIRECT(irq), VECTOR_IRQ0 + irq);
}

void irq_dispatch(int irq) {
  if (irq < MAX_IRQ && handlers[irq])
    handlers[irq]();
  else
    kprintf("ioapic: unexpected irq %d\n", irq);
}
