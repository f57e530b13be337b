/* The local APIC of each CPU: its periodic tick, end-of-interrupt, and the
 * inter-processor interrupts that start CPUs and shoot down TLB entries. */
#include "arch/arch.h"
#include "dev/platform.h"
#include "i386.h"
#include "lib/printf.h"

uintptr lapic_pa = 0xFEE00000; /* the architectural default; the MP table may say otherwise */

#define REG_ID 0x020
#define REG_TPR 0x080
#define REG_EOI 0x0B0
#define REG_SVR 0x0F0
#define REG_ESR 0x280
#define REG_ICR_LOW 0x300
#define REG_ICR_HIGH 0x310
#define REG_LVT_TIMER 0x320
#define REG_LVT_LINT0 0x350
#define REG_LVT_LINT1 0x360
#define REG_LVT_ERROR 0x370
#define REG_TIMER_INITIAL 0x380
#define REG_TIMER_DIVIDE 0x3E0

#define SVR_ENABLE 0x100
#define LVT_MASKED 0x10000
#define TIMER_PERIODIC 0x20000
#define TIMER_DIVIDE_BY_1 0x0B
/* QEMU's APIC timer counts at 1 GHz: this many counts make a 10 ms tick,
 * the 100 Hz that x86 programs' sleep() and uptime() assume. */
#define TIMER_COUNT 10000000

#define ICR_INIT 0x500
#define ICR_STARTUP 0x600
#define ICR_ASSERT 0x4000
#define ICR_LEVEL 0x8000
#define ICR_PENDING 0x1000
#define ICR_ALL_BUT_SELF 0xC0000

static volatile uint32 *reg(int offset) { return (volatile uint32 *)(lapic_pa + offset); }

static uint32 lapic_read(int offset) { return *reg(offset); }

static void lapic_write(int offset, uint32 v) {
  *reg(offset) = v;
  (void)lapic_read(REG_ID); /* wait for the write to land */
}

uint32 lapic_id(void) { return lapic_read(REG_ID) >> 24; }

void lapic_init_hart(void) {
  lapic_write(REG_SVR, SVR_ENABLE | VECTOR_SPURIOUS);
  lapic_write(REG_TIMER_DIVIDE, TIMER_DIVIDE_BY_1);
  lapic_write(REG_LVT_TIMER, TIMER_PERIODIC | VECTOR_TIMER);
  lapic_write(REG_TIMER_INITIAL, TIMER_COUNT);
  lapic_write(REG_LVT_LINT0, LVT_MASKED);
  lapic_write(REG_LVT_LINT1, LVT_MASKED);
  lapic_write(REG_LVT_ERROR, LVT_MASKED);
  lapic_write(REG_ESR, 0); /* the error status register is cleared by two writes */
  lapic_write(REG_ESR, 0);
  lapic_write(REG_EOI, 0); /* nothing half-acknowledged from the firmware */
  lapic_write(REG_TPR, 0); /* accept every priority */
}

void lapic_eoi(void) { lapic_write(REG_EOI, 0); }

static void send_ipi(uint32 apic_id, uint32 command) {
  lapic_write(REG_ICR_HIGH, apic_id << 24);
  lapic_write(REG_ICR_LOW, command);
  while (lapic_read(REG_ICR_LOW) & ICR_PENDING)
    ;
}

/* A crude wait; QEMU needs none, real hardware wants about 10 ms and 200 us. */
static void short_delay(int loops) {
  for (volatile int i = 0; i < loops; i++)
    ;
}

/* The INIT, STARTUP, STARTUP sequence of the MultiProcessor specification. */
void lapic_send_init_startup(uint32 apic_id, uintptr start_pa) {
  send_ipi(apic_id, ICR_INIT | ICR_LEVEL | ICR_ASSERT);
  short_delay(100000);
  send_ipi(apic_id, ICR_INIT | ICR_LEVEL);
  short_delay(100000);
  for (int i = 0; i < 2; i++) {
    send_ipi(apic_id, ICR_STARTUP | (start_pa >> 12));
    short_delay(10000);
  }
}

void lapic_send_shootdown(void) { send_ipi(0, ICR_ALL_BUT_SELF | VECTOR_SHOOTDOWN); }
