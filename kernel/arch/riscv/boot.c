/* Boot on RISC-V: the boot hart reads the device tree and runs kmain; other
 * harts are started through SBI HSM and join the scheduler. */
#include "arch/arch.h"
#include "dev/platform.h"
#include "lib/printf.h"
#include "params.h"
#include "riscv.h"
#include "sbi.h"

void kmain(void) __attribute__((noreturn));
void kmain_secondary(void) __attribute__((noreturn));
void secondary_entry(void);
void riscv_secondary_main(uint64 hart) __attribute__((noreturn));

/* Under load, OpenSBI (seen with v1.1 on QEMU) now and then lets a second
 * hart into the kernel at _start, with the device-tree address, instead of at
 * secondary_entry when hart_start asks; by then the device tree's memory may
 * be reused. Only the first hart to arrive boots; a later one waits until the
 * other harts are released and joins them. */
static volatile int boot_claimed;
static volatile int secondaries_released;

void riscv_boot_main(uint64 hart, const void *dtb) {
  if (__sync_lock_test_and_set(&boot_claimed, 1)) {
    while (!secondaries_released)
      ;
    __sync_synchronize(); /* see everything the boot hart set up before the release */
    riscv_secondary_main(hart);
  }
  if (devicetree_read(dtb) != 0) {
    sbi_console_putchar('!');
    sbi_shutdown();
  }
  platform.boot_hart = (int)hart;
  csr_write(sstatus, csr_read(sstatus) & ~SSTATUS_SIE);
  kmain();
}

void riscv_secondary_main(uint64 hart) {
  (void)hart;
  kmain_secondary();
}

void arch_start_secondary_harts(void) {
  __sync_synchronize();
  secondaries_released = 1;
  for (int h = 0; h < platform.nharts; h++) {
    if (h == platform.boot_hart)
      continue;
    long err = sbi_hart_start(h, arch_kva_to_pa(secondary_entry), 0);
    if (err)
      kprintf("hart %d: could not start (sbi error %ld)\n", h, err);
  }
}

/* Per-hart set-up common to every hart once the kernel table exists. */
void arch_hart_init(void) {
  arch_kvm_enable();
  arch_trap_init_hart();
  plic_init_hart();
  timer_init_hart();
}

void arch_idle(void) { asm volatile("wfi"); }

void arch_power_off(void) { sbi_shutdown(); }
