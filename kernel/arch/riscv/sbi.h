/* Calls into the supervisor binary interface (OpenSBI): timer, inter-hart
 * interrupts, remote fences, hart start and system reset. */
#ifndef MOO_SBI_H
#define MOO_SBI_H

#include "lib/types.h"

struct sbiret {
  long error;
  long value;
};

void sbi_set_timer(uint64 when);
void sbi_send_ipi(uint64 hart_mask);
void sbi_remote_sfence_vma(uint64 hart_mask);
long sbi_hart_start(uint64 hart, uintptr start_pa, uint64 opaque);
void sbi_shutdown(void) __attribute__((noreturn));
void sbi_console_putchar(int c); /* legacy; for debugging before the UART is up */

#endif
