/* Boot on i386: the boot CPU reads the Multiboot memory size and the MP
 * tables, sets up its descriptor tables and interrupt controllers, and runs
 * kmain; the other CPUs are started with INIT/STARTUP IPIs and join the scheduler. */
#include "arch/arch.h"
#include "dev/platform.h"
#include "i386.h"
#include "lib/printf.h"
#include "lib/string.h"
#include "params.h"

void kmain(void) __attribute__((noreturn));
void kmain_secondary(void) __attribute__((noreturn));
extern char ap_start[], ap_start_end[], boot_stacks[];

#define BOOT_STACK_SIZE 16384 /* as in entry.S */
#define MULTIBOOT_HAS_MEMORY 0x1
#define COM1_PORT 0x3F8
#define COM1_IRQ 4
#define IDE_PRIMARY_PORT 0x1F0
#define IDE_PRIMARY_CONTROL 0x3F6
#define IDE_PRIMARY_IRQ 14

struct platform platform;

struct multiboot_info {
  uint32 flags;
  uint32 mem_lower_kib; /* below 1 MiB */
  uint32 mem_upper_kib; /* from 1 MiB up to the first hole */
};

static uintptr ram_end_from(const struct multiboot_info *mb) {
  uintptr end = 16 << 20; /* a guess when the loader says nothing */
  if (mb->flags & MULTIBOOT_HAS_MEMORY)
    end = (uintptr)(mb->mem_upper_kib + 1024) * 1024;
  return MIN(end, DIRECT_MAP_SIZE);
}

void i386_boot_main(uintptr multiboot_pa) {
  cpu_tables_init(0); /* first: every spin lock asks arch_hart_id */
  const struct multiboot_info *mb = arch_pa_to_kva(multiboot_pa);
  platform.ram_base = 0;
  platform.ram_end = ram_end_from(mb);
  platform.boot_hart = 0;
  platform.uart_base = COM1_PORT;
  platform.uart_irq = COM1_IRQ;
  platform.ide_base = IDE_PRIMARY_PORT;
  platform.ide_ctl = IDE_PRIMARY_CONTROL;
  platform.ide_irq = IDE_PRIMARY_IRQ;
  cpu_apic_ids[0] = lapic_id();
  mp_read();
  pic_disable();
  ioapic_init();
  idt_init();
  kmain();
}

void i386_secondary_main(void) {
  uint32 me = lapic_id();
  int index = 0;
  for (int i = 1; i < platform.nharts; i++)
    if (cpu_apic_ids[i] == me)
      index = i;
  if (index == 0)
    for (;;)
      asm volatile("cli; hlt"); /* not a CPU we started */
  cpu_tables_init(index);
  percpu[index].apic_id = me;
  __atomic_store_n(&percpu[index].started, 1, __ATOMIC_RELEASE);
  kmain_secondary();
}

/* One CPU at a time, since they share the start page and its stack word.
 * Returns how many started (each then runs kmain_secondary). */
int arch_start_secondary_harts(void) {
  memmove(arch_pa_to_kva(AP_START_PA), ap_start, ap_start_end - ap_start);
  uint32 *stack_word = arch_pa_to_kva(AP_START_PA - 4);
  int started = 0;
  for (int i = 1; i < platform.nharts; i++) {
    *stack_word = (uint32)(boot_stacks + (i + 1) * BOOT_STACK_SIZE);
    lapic_send_init_startup(cpu_apic_ids[i], AP_START_PA);
    for (int spin = 0; spin < 100000000 && !__atomic_load_n(&percpu[i].started, __ATOMIC_ACQUIRE);
         spin++)
      ;
    if (percpu[i].started)
      started++;
    else
      kprintf("cpu %d (apic %d): did not start\n", i, (int)cpu_apic_ids[i]);
  }
  return started;
}

/* Per-CPU set-up common to every CPU once the kernel directory exists. */
void arch_hart_init(void) {
  arch_kvm_enable();
  fault_task_set_dir(kernel_dir_pa);
  arch_trap_init_hart();
  lapic_init_hart();
}

void arch_idle(void) { asm volatile("sti; hlt" ::: "memory"); }

uint64 arch_time_now(void) {
  uint32 lo, hi;
  asm volatile("rdtsc" : "=a"(lo), "=d"(hi));
  return ((uint64)hi << 32) | lo;
}

/* QEMU's isa-debug-exit device (the Makefile adds it at port 0xf4) ends the
 * emulator; on a machine without it, ACPI sleep state 5 through QEMU's PIIX4
 * power-management block, and failing both, a halt. */
void arch_power_off(void) {
  outb(0xF4, 0);
  outw(0x604, 0x2000);
  for (;;)
    asm volatile("cli; hlt");
}
