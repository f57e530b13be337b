/* Boot on RISC-V: every hart enters at _start; the first one in reads the
 * device tree and runs kmain, the others join once it has started them. */
#include "arch/arch.h"
#include "dev/platform.h"
#include "lib/printf.h"
#include "params.h"
#include "riscv.h"
#include "sbi.h"

void kmain(void) __attribute__((noreturn));
void kmain_secondary(void) __attribute__((noreturn));
extern char _start[];

/* Why one entry for every hart: OpenSBI v1.1 can release a hart we start with
 * HSM before it has recorded the start address and argument we gave, and the
 * hart then leaves the firmware at its boot-time defaults: the kernel's load
 * address with the device tree as argument (seen under host load on 3 and 8
 * harts; the hart arrived while our sbi_hart_start call for it was still in
 * progress). So the role of a hart comes from who arrived first, never from
 * the address it entered at or from its argument. */
static int boot_claimed;         /* the first hart in swaps it to 1 */
static bool secondaries_may_run; /* set (release) before any hart is started */

static void sbi_print(const char *s) {
  while (*s)
    sbi_console_putchar(*s++);
}

static __attribute__((noreturn)) void boot_hart_main(uint64 hart, uint64 dtb_pa) {
  /* The boot table maps the first 4 GiB of physical memory (bootmap.c). */
  if (dtb_pa >= 4 * (uint64)ROOT_SPAN || devicetree_read(arch_pa_to_kva(dtb_pa)) != 0) {
    sbi_print("moo: no readable device tree; stopping\n");
    sbi_shutdown();
  }
  platform.boot_hart = (int)hart;
  kmain();
}

static __attribute__((noreturn)) void secondary_hart_main(void) {
  while (!__atomic_load_n(&secondaries_may_run, __ATOMIC_ACQUIRE))
    ;
  kmain_secondary();
}

/* Called by entry.S on the boot table, on this hart's boot stack. */
void riscv_entry(uint64 hart, uint64 arg) __attribute__((noreturn));
void riscv_entry(uint64 hart, uint64 arg) {
  arch_intr_off();
  if (__atomic_exchange_n(&boot_claimed, 1, __ATOMIC_ACQ_REL) == 0)
    boot_hart_main(hart, arg);
  secondary_hart_main();
}

int arch_start_secondary_harts(void) {
  __atomic_store_n(&secondaries_may_run, true, __ATOMIC_RELEASE);
  int started = 0;
  for (int h = 0; h < platform.nharts; h++) {
    if (h == platform.boot_hart)
      continue;
    long err = sbi_hart_start(h, arch_kva_to_pa(_start), 0);
    if (err)
      kprintf("hart %d: could not start (sbi error %ld)\n", h, err);
    else
      started++;
  }
  return started;
}

/* Per-hart set-up common to every hart once the kernel table exists. */
void arch_hart_init(void) {
  arch_kvm_enable();
  arch_trap_init_hart();
  plic_init_hart();
  timer_init_hart();
}

void arch_idle(void) {
  asm volatile("wfi");
}

void arch_power_off(void) {
  sbi_shutdown();
}
