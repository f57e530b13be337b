/* Functions shared between the RISC-V arch files; nothing outside
 * kernel/arch/riscv includes this. */
#ifndef MOO_RISCV_H
#define MOO_RISCV_H

#include "arch/arch.h"

/* page tables (pagetable.c, kvm.c) */
pagetable_t pt_new_root(void);                               /* an empty root table, or 0 */
pte_t *pt_walk_any(pagetable_t pt, uintptr va, bool create); /* either half */
void pt_free_user_tables(pagetable_t root); /* the lower half's tables and the root */
void satp_switch(uint64 satp);              /* satp write, then sfence.vma */

/* Every root is a frame, reached through the direct map (pt_new_root). */
static inline uint64 satp_for(pagetable_t root) {
  return SATP_SV39 | (((uintptr)root - DIRECT_MAP_BASE) >> 12);
}

/* The process slot whose kernel stack's guard page holds va, or -1. */
int kstack_guard_slot(uintptr va);

/* boot and devices */
int devicetree_read(const void *dtb);
void timer_init_hart(void);
void timer_rearm(void);
void plic_init_hart(void);
void plic_dispatch(void);

#endif
