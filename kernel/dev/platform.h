/* What the machine has, as found at boot (on RISC-V, from the device tree; on
 * i386, from Multiboot and the MP tables): memory, harts, timer rate and device
 * locations. Filled by the arch layer. Device addresses are what
 * arch_dev_read8 and friends take: MMIO addresses, or I/O ports on i386. */
#ifndef MOO_PLATFORM_H
#define MOO_PLATFORM_H

#include "lib/types.h"

#define PLATFORM_MAX_VIRTIO 8

/* RAM is given by physical address; device registers (the *_base fields) by
 * the address the kernel reaches them at. */
struct platform {
  uintptr ram_base, ram_end;
  int nharts;
  int boot_hart;
  uint64 timebase_hz;
  uintptr uart_base;
  int uart_irq;
  int nvirtio;
  uintptr virtio_base[PLATFORM_MAX_VIRTIO];
  int virtio_irq[PLATFORM_MAX_VIRTIO];
  uintptr intc_base;         /* interrupt controller */
  uintptr ide_base, ide_ctl; /* ATA command and control registers; 0: none */
  int ide_irq;
  char bootargs[128];
};

extern struct platform platform;

#endif
