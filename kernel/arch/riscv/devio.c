/* Device register access on RISC-V: every device is memory-mapped, so a
 * register is a volatile load or store at its physical (= kernel) address. */
#include "arch/arch.h"

uint8 arch_dev_read8(uintptr addr) {
  return *(volatile uint8 *)addr;
}

void arch_dev_write8(uintptr addr, uint8 value) {
  *(volatile uint8 *)addr = value;
}

uint16 arch_dev_read16(uintptr addr) {
  return *(volatile uint16 *)addr;
}

void arch_dev_write16(uintptr addr, uint16 value) {
  *(volatile uint16 *)addr = value;
}
