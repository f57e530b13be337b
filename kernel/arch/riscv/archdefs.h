/* RISC-V (rv64, Sv39) definitions behind the arch interface: page-table
 * types and entry encoding, register numbers, CSR access, interrupt state. */
#ifndef MOO_ARCHDEFS_H
#define MOO_ARCHDEFS_H

#include "frames.h" /* struct trapframe, struct context */
#include "lib/types.h"
#include "memlayout.h" /* the virtual memory map */
#include "mm/prot.h"

typedef uint64 pte_t;
typedef uint64 *pagetable_t;

/* Sv39 entry bits; bit 8 is one of the two reserved for software. */
#define PTE_V (1UL << 0)
#define PTE_R (1UL << 1)
#define PTE_W (1UL << 2)
#define PTE_X (1UL << 3)
#define PTE_U (1UL << 4)
#define PTE_G (1UL << 5) /* in every address space: the kernel's half */
#define PTE_A (1UL << 6)
#define PTE_D (1UL << 7)
#define PTE_COW (1UL << 8)
#define PTE_LEAF_BITS (PTE_R | PTE_W | PTE_X)
/* The other software bit, in an entry pointing at a leaf table: no entry of
 * that table is writable (mm/ptshare.c shares such tables at fork). */
#define PTE_LEAVES_READONLY (1UL << 9)

/* A leaf table maps 2 MiB with 512 entries. */
#define ARCH_LEAF_ENTRIES 512
#define ARCH_LEAF_SPAN (ARCH_LEAF_ENTRIES * PAGE_SIZE)

static inline bool arch_pte_present(pte_t pte) {
  return (pte & PTE_V) != 0;
}

static inline uintptr arch_pte_frame(pte_t pte) {
  return (pte >> 10) << 12;
}

/* PROT_READ..PROT_COW sit in the same order as R, W, X, U and the software
 * bit, one place lower: so the translation is a shift and a mask. */
_Static_assert(PROT_READ == PTE_R >> 1 && PROT_WRITE == PTE_W >> 1 && PROT_EXEC == PTE_X >> 1 &&
                   PROT_USER == PTE_U >> 1 && PROT_COW == (PTE_COW >> 4),
               "PROT_* and PTE bits out of step");

static inline int arch_pte_prot(pte_t pte) {
  return (int)(((pte >> 1) & 0xf) | ((pte & PTE_COW) >> 4));
}

/* Sv39 reserves W without R, so a writable entry is made readable too. */
static inline pte_t arch_pte_make(uintptr pa, int prot) {
  if (prot & PROT_WRITE)
    prot |= PROT_READ;
  pte_t bits = ((pte_t)(prot & 0xf) << 1) | ((pte_t)(prot & PROT_COW) << 4);
  return ((pa >> 12) << 10) | bits | PTE_V | PTE_A | PTE_D;
}

/* A writable entry made read-only and copy-on-write; others unchanged. */
static inline pte_t arch_pte_share_cow(pte_t pte) {
  return (pte & PTE_W) ? ((pte & ~PTE_W) | PTE_COW) : pte;
}

#define REG_RA 1
#define REG_SP 2
#define REG_A0 10
#define REG_A7 17

#define csr_read(name)                                                                             \
  ({                                                                                               \
    uint64 v_;                                                                                     \
    asm volatile("csrr %0, " #name : "=r"(v_));                                                    \
    v_;                                                                                            \
  })
#define csr_write(name, v) asm volatile("csrw " #name ", %0" ::"r"((uint64)(v)))
#define csr_set(name, v) asm volatile("csrs " #name ", %0" ::"r"((uint64)(v)))
#define csr_clear(name, v) asm volatile("csrc " #name ", %0" ::"r"((uint64)(v)))

#define SSTATUS_SIE (1UL << 1)
#define SSTATUS_SPIE (1UL << 5)
#define SSTATUS_SPP (1UL << 8)
#define SSTATUS_SUM (1UL << 18)
#define SIE_SSIE (1UL << 1)
#define SIE_STIE (1UL << 5)
#define SIE_SEIE (1UL << 9)

/* The kernel keeps the hart id in tp (set at boot and on every trap entry). */
static inline int arch_hart_id(void) {
  uint64 tp;
  asm volatile("mv %0, tp" : "=r"(tp));
  return (int)tp;
}

static inline void arch_intr_on(void) {
  csr_set(sstatus, SSTATUS_SIE);
}

static inline void arch_intr_off(void) {
  csr_clear(sstatus, SSTATUS_SIE);
}

static inline bool arch_intr_enabled(void) {
  return (csr_read(sstatus) & SSTATUS_SIE) != 0;
}

#endif
