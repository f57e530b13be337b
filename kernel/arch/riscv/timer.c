/* The tick timer: one interrupt every 1/TICK_HZ second per hart, armed
 * through the SBI timer extension. */
#include "abidefs.h"
#include "arch/arch.h"
#include "dev/platform.h"
#include "riscv.h"
#include "sbi.h"

static uint64 tick_interval(void) {
  return platform.timebase_hz / TICK_HZ;
}

uint64 arch_time_now(void) {
  return csr_read(time);
}

void timer_rearm(void) {
  sbi_set_timer(arch_time_now() + tick_interval());
}

void timer_init_hart(void) {
  timer_rearm();
}
