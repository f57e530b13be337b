/* Functions shared between the RISC-V arch files; nothing outside
 * kernel/arch/riscv includes this. */
#ifndef MOO_RISCV_H
#define MOO_RISCV_H

#include "arch/arch.h"

uint64 kernel_satp(void);
pagetable_t pt_new_root(void);      /* an empty root table, or 0 */
void pt_free_tables(pagetable_t pt); /* frees every table page; no leaf may remain */
int devicetree_read(const void *dtb);
void timer_init_hart(void);
void timer_rearm(void);
void plic_init(void);
void plic_init_hart(void);
void plic_dispatch(void);

#endif
