/* RISC-V (rv64, Sv39) definitions behind the arch interface: page-table
 * types, the trap frame and kernel context layouts, and CSR access. */
#ifndef MOO_ARCHDEFS_H
#define MOO_ARCHDEFS_H

#include "lib/types.h"

typedef uint64 pte_t;
typedef uint64 *pagetable_t;

/* Sv39: 39-bit virtual addresses; users get the lower 2^38 bytes. */
#define SV39_USER_END (1UL << 38)
#define TRAMPOLINE_VA (SV39_USER_END - PAGE_SIZE) /* trap entry, mapped in every table */
#define TRAPFRAME_VA (TRAMPOLINE_VA - PAGE_SIZE)  /* the running process's trap frame */

/* Callee-saved registers kept across arch_switch. */
struct context {
  uint64 ra, sp;
  uint64 s[12];
};

/* User registers saved by the trampoline, plus what it needs to enter the
 * kernel. The offsets are used by trampoline.S. */
struct trapframe {
  uint64 x[32];        /* x[0] unused; x[10] is a0 ... */
  uint64 epc;          /* 256: user pc */
  uint64 kernel_satp;  /* 264 */
  uint64 kernel_sp;    /* 272 */
  uint64 kernel_entry; /* 280: C handler for traps from user mode */
  uint64 kernel_tp;    /* 288: hart id */
};

#define REG_RA 1
#define REG_SP 2
#define REG_A0 10
#define REG_A7 17

#define csr_read(name) ({ uint64 v_; asm volatile("csrr %0, " #name : "=r"(v_)); v_; })
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

#endif
