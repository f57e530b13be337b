/* Device register access on i386: the devices moo drives (COM1, the IDE
 * channel) sit in the I/O port space, so an address is a port number. */
#include "arch/arch.h"
#include "i386.h"

uint8 arch_dev_read8(uintptr addr) {
  return inb((uint16)addr);
}

void arch_dev_write8(uintptr addr, uint8 value) {
  outb((uint16)addr, value);
}

uint16 arch_dev_read16(uintptr addr) {
  return inw((uint16)addr);
}

void arch_dev_write16(uintptr addr, uint16 value) {
  outw((uint16)addr, value);
}
