/* The register frames assembly and C share: the user trap frame (trapvec.S)
 * and the kernel context (switch.S). Offsets are defined here once and the C
 * structs are checked against them, so the two cannot drift apart. */
#ifndef MOO_FRAMES_H
#define MOO_FRAMES_H

/* User trap frame, at the top of the process's kernel stack: x1..x31 at
 * 8 * register number (slot 0 is unused), the user pc, and the hart the
 * process last entered user mode on (the entry restores tp from it). */
#define TF_REG(n) ((n)*8)
#define TF_EPC (32 * 8)
#define TF_HART (33 * 8)
#define TF_SIZE (34 * 8) /* a multiple of 16: the stack below it stays aligned */

/* Kernel context saved by arch_switch: ra, sp, then s0..s11. */
#define CTX_RA 0
#define CTX_SP 8
#define CTX_S(n) (16 + (n)*8)
#define CTX_SIZE (14 * 8)

/* What a trap from supervisor mode saves on the current stack: ra, t0-t6 and
 * a0-a7, the registers a C call may clobber (trapvec.S only). */
#define KTRAP_SIZE (16 * 8)

#ifndef __ASSEMBLER__
#include "lib/types.h"
#include <stddef.h>

struct trapframe {
  uint64 x[32]; /* x[n] is register xn; x[0] unused */
  uint64 epc;
  uint64 hart;
};

struct context {
  uint64 ra, sp;
  uint64 s[12];
};

_Static_assert(offsetof(struct trapframe, x) == TF_REG(0), "trap frame registers");
_Static_assert(offsetof(struct trapframe, epc) == TF_EPC, "trap frame epc");
_Static_assert(offsetof(struct trapframe, hart) == TF_HART, "trap frame hart");
_Static_assert(sizeof(struct trapframe) == TF_SIZE && TF_SIZE % 16 == 0, "trap frame size");
_Static_assert(offsetof(struct context, ra) == CTX_RA && offsetof(struct context, sp) == CTX_SP,
               "context ra/sp");
_Static_assert(offsetof(struct context, s[0]) == CTX_S(0) &&
                   offsetof(struct context, s[11]) == CTX_S(11),
               "context s registers");
_Static_assert(sizeof(struct context) == CTX_SIZE, "context size");
_Static_assert(KTRAP_SIZE % 16 == 0, "kernel trap frame keeps sp aligned");
#endif

#endif
