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
#define CALIBRATE_PIT_TICKS 23864 /* 20 ms: short, since under QEMU -icount polling costs */
#define PAIR_SLACK 50             /* PIT ticks (42 us) two readings of one pair may differ by */
#define CALIBRATE_ROUNDS 3        /* rounds kept; the middle one counts */
#define CALIBRATE_TRIES 20
#define POLL_LIMIT 10000000
#define TIMER_COUNT_GUESS 625000 /* QEMU's 1 GHz APIC clock / 16 / 100 Hz, if the PIT fails */

#define ICR_INIT 0x500
#define ICR_STARTUP 0x600
#define ICR_ASSERT 0x4000
#define ICR_LEVEL 0x8000
#define ICR_PENDING 0x1000
#define ICR_ALL_BUT_SELF 0xC0000

static volatile uint32 *reg(int offset) {
  return (volatile uint32 *)(lapic_pa + offset);
}

static uint32 lapic_read(int offset) {
  return *reg(offset);
}

static void lapic_write(int offset, uint32 v) {
  *reg(offset) = v;
  (void)lapic_read(REG_ID); /* wait for the write to land */
}

uint32 lapic_id(void) {
  return lapic_read(REG_ID) >> 24;
}

static uint32 timer_count; /* counts per tick, measured once by the boot CPU */

/* The PIT and the APIC timer read as close together as possible. */
struct clock_pair {
  uint16 pit;
  uint32 apic;
};

/* Reads the PIT, the APIC timer, the PIT again: false when the two PIT readings are far apart
 * (this CPU was held up in between, e.g. QEMU's thread descheduled by the host). */
static bool read_pair(struct clock_pair *p) {
  uint16 before = pit_read();
  p->apic = lapic_read(REG_TIMER_CURRENT);
  uint16 after = pit_read();
  p->pit = before - (uint16)(before - after) / 2;
  return (uint16)(before - after) <= PAIR_SLACK;
}

/* APIC timer counts a second (at TIMER_DIVIDE_BY_16), from two clean pairs CALIBRATE_PIT_TICKS
 * apart; 0 if the round was spoilt. Only the moments of the two pairs matter, so a delay
 * between them changes nothing, unless it outlasts the PIT's count (then it has expired). */
static uint32 measure_round(void) {
  lapic_write(REG_LVT_TIMER, LVT_MASKED); /* one-shot, no interrupt */
  lapic_write(REG_TIMER_DIVIDE, TIMER_DIVIDE_BY_16);
  lapic_write(REG_TIMER_INITIAL, 0xFFFFFFFF);
  pit_start_free();
  struct clock_pair start, end = {0}; /* end is read only once a pair was taken */
  bool ok = read_pair(&start);
  uint16 pit_ticks = 0;
  for (int i = 0; ok && i < POLL_LIMIT && pit_ticks < CALIBRATE_PIT_TICKS; i++)
    if (read_pair(&end))
      pit_ticks = start.pit - end.pit;
  ok = ok && pit_ticks >= CALIBRATE_PIT_TICKS && !pit_expired();
  lapic_write(REG_TIMER_INITIAL, 0);
  return ok ? (uint64)(start.apic - end.apic) * PIT_HZ / pit_ticks : 0;
}

/* The middle of n values (sorting them). */
static uint32 middle_of(uint32 *v, int n) {
  for (int i = 1; i < n; i++)
    for (int j = i; j > 0 && v[j - 1] > v[j]; j--) {
      uint32 t = v[j];
      v[j] = v[j - 1];
      v[j - 1] = t;
    }
  return v[n / 2];
}

static uint32 calibrate(void) {
  uint32 rates[CALIBRATE_ROUNDS];
  int kept = 0;
  for (int i = 0; i < CALIBRATE_TRIES && kept < CALIBRATE_ROUNDS; i++) {
    uint32 r = measure_round();
    if (r)
      rates[kept++] = r;
  }
  if (kept == 0) {
    kprintf("lapic: the PIT does not count; guessing the timer's rate\n");
    return TIMER_COUNT_GUESS;
  }
  uint32 per_second = middle_of(rates, kept);
  kprintf("lapic: timer %u counts a second (divided by 16), %u a tick\n", per_second,
          per_second / TICK_HZ);
  return per_second / TICK_HZ;
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

void lapic_eoi(void) {
  lapic_write(REG_EOI, 0);
}

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

void lapic_send_shootdown(void) {
  send_ipi(0, ICR_ALL_BUT_SELF | VECTOR_SHOOTDOWN);
}
