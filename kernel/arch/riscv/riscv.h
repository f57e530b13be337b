/* Functions shared between the RISC-V arch files; nothing outside
 * kernel/arch/riscv includes this. */
#ifndef MOO_RISCV_H
#define MOO_RISCV_H

#include "lib/types.h"

uint64 kernel_satp(void);
int devicetree_read(const void *dtb);
void timer_init_hart(void);
void timer_rearm(void);
void plic_init(void);
void plic_init_hart(void);
void plic_dispatch(void);

#endif
