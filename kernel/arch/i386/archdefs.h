/* i386 (32-bit, two-level 4 KiB paging) definitions behind the arch interface:
 * page-table types and entry bits, the trap frame and kernel context layouts. */
#ifndef MOO_ARCHDEFS_H
#define MOO_ARCHDEFS_H

#include "lib/types.h"
#include "mm/prot.h"

typedef uint32 pte_t;
typedef uint32 *pagetable_t;

/* Users own [0, KERNBASE); the kernel half is the same in every directory. */
#define KERNBASE 0x80000000U

/* Callee-saved registers kept across arch_switch (offsets used by switch.S). */
struct context {
  uint32 ebx, esi, edi, ebp; /* 0, 4, 8, 12 */
  uint32 esp;                /* 16 */
  uint32 eip;                /* 20: where the thread resumes */
};

/* What a trap leaves on the kernel stack, lowest address first: the general
 * registers (PUSHAL order), the data segments, the vector and error code the
 * entry stub pushed, then what the CPU pushed. user_esp and user_ss exist only
 * for traps from ring 3. trapentry.S builds and unwinds it. */
struct trapframe {
  uint32 edi, esi, ebp, pushal_esp, ebx, edx, ecx, eax;
  uint32 gs, fs, es, ds;
  uint32 vector, error;
  uint32 eip, cs, eflags;
  uint32 user_esp, user_ss;
};

/* Page-directory and page-table entry bits. Bit 9 is one of the three the
 * hardware leaves to software: moo's copy-on-write mark. There is no read or
 * execute bit: every present page is readable and executable. */
#define PTE_P 0x001
#define PTE_W 0x002
#define PTE_U 0x004
#define PTE_PWT 0x008
#define PTE_PCD 0x010
#define PTE_A 0x020
#define PTE_D 0x040
#define PTE_PS 0x080 /* directory entry maps 4 MiB (boot only) */
#define PTE_G 0x100  /* global: kept in the TLB across CR3 loads */
#define PTE_COW 0x200
/* Another software bit, in a directory entry: no entry of the page table it
 * points at is writable (mm/ptshare.c shares such tables at fork). */
#define PDE_LEAVES_READONLY 0x400
#define PTE_FRAME 0xFFFFF000U

/* A page table (the leaf level) maps 4 MiB with 1024 entries. */
#define ARCH_LEAF_ENTRIES 1024
#define ARCH_LEAF_SPAN (ARCH_LEAF_ENTRIES * PAGE_SIZE)

static inline bool arch_pte_present(pte_t pte) {
  return (pte & PTE_P) != 0;
}

static inline uintptr arch_pte_frame(pte_t pte) {
  return pte & PTE_FRAME;
}

static inline int arch_pte_prot(pte_t pte) {
  if (!(pte & PTE_P))
    return 0;
  int prot = PROT_READ | PROT_EXEC;
  if (pte & PTE_W)
    prot |= PROT_WRITE;
  if (pte & PTE_U)
    prot |= PROT_USER;
  if (pte & PTE_COW)
    prot |= PROT_COW;
  return prot;
}

/* A present entry whatever prot says about reading: a page without
 * PROT_USER (the guard page) is present but kernel-only. */
static inline pte_t arch_pte_make(uintptr pa, int prot) {
  pte_t pte = (pa & PTE_FRAME) | PTE_P | PTE_A | PTE_D;
  if (prot & PROT_WRITE)
    pte |= PTE_W;
  if (prot & PROT_USER)
    pte |= PTE_U;
  if (prot & PROT_COW)
    pte |= PTE_COW;
  return pte;
}

/* A writable entry made read-only and copy-on-write; others unchanged. */
static inline pte_t arch_pte_share_cow(pte_t pte) {
  return (pte & PTE_W) ? ((pte & ~PTE_W) | PTE_COW) : pte;
}

#define EFLAGS_IF 0x200

/* Every CPU's GS selects a segment whose base is that CPU's own record, and
 * the record starts with the CPU's dense index (cpu.c). The selector is the
 * same on every CPU, so a thread that moves keeps a correct GS. */
static inline int arch_hart_id(void) {
  int id;
  asm volatile("movl %%gs:0, %0" : "=r"(id));
  return id;
}

static inline void arch_intr_on(void) {
  asm volatile("sti" ::: "memory");
}

static inline void arch_intr_off(void) {
  asm volatile("cli" ::: "memory");
}

static inline bool arch_intr_enabled(void) {
  uint32 flags;
  asm volatile("pushfl; popl %0" : "=r"(flags));
  return (flags & EFLAGS_IF) != 0;
}

#endif
