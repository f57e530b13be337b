/* The local APIC of each CPU: its periodic tick, end-of-interrupt, and the
 * inter-processor interrupts that start CPUs and shoot down TLB entries. */
#include "abidefs.h" /* TICK_HZ */
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

#define REG_TIMER_CURRENT 0x390

#define SVR_ENABLE 0x100
#define LVT_MASKED 0x10000
#define TIMER_PERIODIC 0x20000
/* Divide the bus clock by 16: still tens of thousands of counts a millisecond on any bus clock
 * this kernel meets, while the 32-bit counter lasts minutes, so calibration never wraps. */
#define TIMER_DIVIDE_BY_16 0x03
#define CALIBRATE_US 50000 /* one PIT interval; under 55 ms, the PIT's longest */
#define CALIBRATE_ROUNDS 3
#define TIMER_COUNT_GUESS 625000 /* QEMU's 1 GHz APIC clock / 16 / 100 Hz, if the PIT fails */

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

static uint32 timer_count; /* counts per tick, measured once by the boot CPU */

/* Timer counts (at TIMER_DIVIDE_BY_16) in one PIT interval of CALIBRATE_US, or 0. The timer
 * is one-shot and masked, and starts right after the PIT: anything that delays this CPU
 * (another host process, under QEMU) only lengthens what is counted, so the caller keeps
 * the smallest of several rounds. */
static uint32 measure_round(void) {
  lapic_write(REG_LVT_TIMER, LVT_MASKED);
  lapic_write(REG_TIMER_DIVIDE, TIMER_DIVIDE_BY_16);
  pit_start(CALIBRATE_US);
  lapic_write(REG_TIMER_INITIAL, 0xFFFFFFFF);
  bool ok = pit_wait();
  uint32 counted = 0xFFFFFFFF - lapic_read(REG_TIMER_CURRENT);
  lapic_write(REG_TIMER_INITIAL, 0);
  return ok ? counted : 0;
}

static uint32 calibrate(void) {
  uint32 best = 0;
  for (int i = 0; i < CALIBRATE_ROUNDS; i++) {
    uint32 c = measure_round();
    if (c && (!best || c < best))
      best = c;
  }
  if (!best) {
    kprintf("lapic: the PIT does not count; guessing the timer's rate\n");
    return TIMER_COUNT_GUESS;
  }
  uint64 per_second = (uint64)best * 1000000 / pit_actual_us(CALIBRATE_US);
  uint32 count = per_second / TICK_HZ;
  kprintf("lapic: timer %u counts a second (divided by 16), %u a tick\n", (uint32)per_second,
          count);
  return count;
}

/* Local interrupts first masked, so nothing the firmware left armed fires while the unit is set
 * up; the unit enabled before any LVT is unmasked (a disabled unit keeps every LVT masked);
 * stale errors and acknowledgements cleared; the tick programmed last, its initial count
 * written after its mode because that write starts it. */
void lapic_init_hart(void) {
  lapic_write(REG_SVR, SVR_ENABLE | VECTOR_SPURIOUS);
  lapic_write(REG_LVT_TIMER, LVT_MASKED);
  lapic_write(REG_LVT_LINT0, LVT_MASKED);
  lapic_write(REG_LVT_LINT1, LVT_MASKED);
  lapic_write(REG_LVT_ERROR, LVT_MASKED);
  lapic_write(REG_ESR, 0); /* the error status register is cleared by two writes */
  lapic_write(REG_ESR, 0);
  lapic_write(REG_EOI, 0); /* nothing half-acknowledged from the firmware */
  lapic_write(REG_TPR, 0); /* accept every priority */
  if (timer_count == 0)    /* the boot CPU, before any other is started */
    timer_count = calibrate();
  lapic_write(REG_TIMER_DIVIDE, TIMER_DIVIDE_BY_16);
  lapic_write(REG_LVT_TIMER, TIMER_PERIODIC | VECTOR_TIMER);
  lapic_write(REG_TIMER_INITIAL, timer_count);
}

void lapic_eoi(void) { lapic_write(REG_EOI, 0); }

static void send_ipi(uint32 apic_id, uint32 command) {
  lapic_write(REG_ICR_HIGH, apic_id << 24);
  lapic_write(REG_ICR_LOW, command);
  while (lapic_read(REG_ICR_LOW) & ICR_PENDING)
    ;
}

/* INIT, asserted then released: the CPU resets and waits for a STARTUP. */
void lapic_send_init(uint32 apic_id) {
  send_ipi(apic_id, ICR_INIT | ICR_LEVEL | ICR_ASSERT);
  send_ipi(apic_id, ICR_INIT | ICR_LEVEL);
}

/* STARTUP: a waiting CPU begins in real mode at start_pa (page aligned, below 1 MiB). */
void lapic_send_startup(uint32 apic_id, uintptr start_pa) {
  send_ipi(apic_id, ICR_STARTUP | (start_pa >> 12));
}

void lapic_send_shootdown(void) { send_ipi(0, ICR_ALL_BUT_SELF | VECTOR_SHOOTDOWN); }
