/* What the files of moo's machine-mode layer share (used with -bios none only);
 * nothing outside kernel/arch/riscv/mmode includes this. */
#ifndef MOO_MMODE_H
#define MOO_MMODE_H

#include "archdefs.h"

/* The interrupted supervisor code's registers, saved by mentry.S: x[n] is register n. */
struct mframe {
  uint64 x[32];
};

#define MCAUSE_INTERRUPT (1UL << 63)
#define MIP_SSIP (1UL << 1)
#define MIP_MSIP (1UL << 3)
#define MIP_STIP (1UL << 5)
#define MIP_MTIP (1UL << 7)

/* SBI error codes the layer returns (SBI specification, "binary encoding"). */
#define SBI_ERR_NOT_SUPPORTED (-2L)
#define SBI_ERR_INVALID_PARAM (-3L)
#define SBI_ERR_ALREADY_AVAILABLE (-6L)

/* mdev.c: the devices machine mode drives, found in the device tree. */
void mdev_find(const void *dtb);
void mdev_set_timer(uint64 hart, uint64 when);
void mdev_set_msip(uint64 hart, bool on);
void mdev_puts(const char *s);
void mdev_puthex(uint64 v);
void mdev_power_off(bool failed) __attribute__((noreturn));

/* mharts.c: start and park harts, and requests from one hart to others. */
void mharts_serve_requests(uint64 hart);
long mharts_start(uint64 hart, uintptr pc, uint64 arg);
long mharts_status(uint64 hart);
long mharts_request(uint64 mask, uint64 base, bool fence);

#endif
