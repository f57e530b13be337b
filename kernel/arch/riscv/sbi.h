/* Calls into the supervisor binary interface (OpenSBI): timer, inter-hart
 * interrupts, remote fences, hart start and system reset. */
#ifndef MOO_SBI_H
#define MOO_SBI_H

#include "lib/types.h"

/* Extension ids (a7), shared with the machine-mode layer that serves them without OpenSBI. */
#define SBI_EXT_LEGACY_PUTCHAR 0x01
#define SBI_EXT_TIME 0x54494D45
#define SBI_EXT_IPI 0x735049
#define SBI_EXT_RFENCE 0x52464E43
#define SBI_EXT_HSM 0x48534D
#define SBI_EXT_SRST 0x53525354

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
