/* The interface every architecture implements. Machine-independent code
 * reaches CSRs, page-table bits, traps and the firmware only through this. */
#ifndef MOO_ARCH_H
#define MOO_ARCH_H

#include "archdefs.h" /* per-arch: pagetable_t, pte_t, struct context, struct trapframe */
#include "lib/types.h"

/* ---- harts and interrupts ---- */
/* Inline in archdefs.h, since every lock and trap uses them: arch_hart_id(),
 * arch_intr_on(), arch_intr_off(), arch_intr_enabled(). */
void arch_idle(void); /* wait for an interrupt */
/* Starts every other hart (each then calls kmain_secondary); returns how
 * many it could start, which kmain waits for. */
int arch_start_secondary_harts(void);
void arch_hart_init(void); /* per-hart trap, timer and interrupt set-up */
void arch_power_off(void) __attribute__((noreturn));
uint64 arch_time_now(void); /* monotonic time in timer units */

/* ---- interrupt controller ---- */
void arch_irq_enable(int irq, void (*handler)(void));

/* ---- device registers ---- */
/* Register access at a device address from struct platform: a load or store
 * on RISC-V (memory-mapped), an IN or OUT on i386 (I/O ports). */
uint8 arch_dev_read8(uintptr addr);
void arch_dev_write8(uintptr addr, uint8 value);
uint16 arch_dev_read16(uintptr addr);
void arch_dev_write16(uintptr addr, uint16 value);

/* ---- kernel memory ---- */
uintptr arch_kva_to_pa(const void *kva);
void *arch_pa_to_kva(uintptr pa);
void arch_kvm_init(void); /* builds the kernel page table */
/* Switches this hart onto the kernel's table (with whatever TLB flush that
 * needs). The scheduler calls it after every switch away from a process, so
 * a hart never keeps the table of a process it no longer runs (that process
 * may exit and free its table on another hart); arch_return_to_user installs
 * the process's table again. */
void arch_kvm_enable(void);
uintptr arch_kstack_top(int slot); /* per-process kernel stack, with a guard below */

/* ---- page tables ---- */
/* The leaf entry for va, creating inner tables when create is set; 0 when the
 * path is absent (or, with create, when no frame could be had). */
pte_t *arch_pt_walk(pagetable_t pt, uintptr va, bool create);
/* Calls fn on each present leaf entry for an address in [from, to), in
 * address order, walking each table once; stops at fn's first non-zero result. */
int arch_pt_for_each(pagetable_t pt, uintptr from, uintptr to,
                     int (*fn)(pte_t *pte, pte_t *unused, uintptr va, void *arg), void *arg);
/* The same over src, also giving fn dst's entry for the address (created). */
int arch_pt_copy(pagetable_t dst, pagetable_t src, uintptr from, uintptr to,
                 int (*fn)(pte_t *src_pte, pte_t *dst_pte, uintptr va, void *arg), void *arg);
/* Leaf tables: a leaf table holds the ARCH_LEAF_ENTRIES entries (archdefs.h)
 * mapping one aligned span of ARCH_LEAF_SPAN bytes, in one frame of its own.
 * Fork may share one between address spaces (mm/ptshare.c): its frame's count
 * says how many use it. */
/* pt's leaf table for va's span (its first entry), or 0; *readonly (unless 0)
 * gets the mark arch_pt_set_leaf stored with it. */
pte_t *arch_pt_leaf(pagetable_t pt, uintptr va, bool *readonly);
/* Points pt's entry for va's span at leaf, or clears it when leaf is 0,
 * making the tables above when needed; 0 or -ENOMEM. readonly is kept, in
 * bits the hardware ignores, to record that no entry of leaf is writable. */
int arch_pt_set_leaf(pagetable_t pt, uintptr va, pte_t *leaf, bool readonly);
/* Calls fn on each leaf table of pt meeting [from, to), in address order,
 * with its mark and its span's first address; stops at fn's first non-zero
 * result. fn may change pt's entry for the table it is given. */
int arch_pt_for_each_leaf(pagetable_t pt, uintptr from, uintptr to,
                          int (*fn)(pte_t *leaf, bool readonly, uintptr base, void *arg),
                          void *arg);
/* A new user root that already maps what the kernel keeps in every address
 * space; 0 when no memory. */
pagetable_t arch_pt_create(void);
/* Frees the table pages of a user root whose user leaves are all gone. pt may
 * be the table this hart runs on: the arch switches away from it first. */
void arch_pt_destroy(pagetable_t pt);
/* Frees the table pages in [from, to) left with no entries (after unmapping). */
void arch_pt_prune(pagetable_t pt, uintptr from, uintptr to);
int arch_pt_count(pagetable_t pt); /* table pages the root reaches, at every level */
/* Entry encoding, inline in archdefs.h because fork and exit use it for every
 * page: arch_pte_present(pte), arch_pte_frame(pte) (frame address),
 * arch_pte_prot(pte) (PROT_* bits the hardware will honour), arch_pte_make(pa,
 * prot) (an entry granting at least prot, with what the hardware needs to go
 * with it, e.g. read with write), and arch_pte_share_cow(pte) (the entry made
 * read-only and copy-on-write). */
uintptr arch_user_top(void);          /* first address users may never use */
void arch_tlb_flush_page(uintptr va); /* this hart */
void arch_tlb_flush_all(void);        /* this hart */
void arch_tlb_shootdown(void);        /* every other hart, then this one */

/* ---- processes and traps ---- */
void arch_trap_init_hart(void);
void arch_context_init(struct context *ctx, void (*entry)(void), uintptr stack_top);
void arch_switch(struct context *from, struct context *to);
/* Where a process with this kernel stack keeps its user registers; 0 when
 * no memory. Freed with arch_tf_free when the process is. */
struct trapframe *arch_tf_alloc(uintptr kstack_top);
void arch_tf_free(struct trapframe *tf);
/* Resumes user mode with the registers in tf on user table pt (switching
 * this hart to pt, flushed, unless it already runs on it); the next trap
 * enters the kernel on the stack below kstack_top. */
void arch_return_to_user(struct trapframe *tf, pagetable_t pt, uintptr kstack_top)
    __attribute__((noreturn));
void arch_tf_set_result(struct trapframe *tf, uint64 value);
uint64 arch_tf_syscall_number(struct trapframe *tf);
void arch_tf_copy_for_fork(struct trapframe *child, const struct trapframe *parent);
uintptr arch_tf_pc(struct trapframe *tf);

#endif
