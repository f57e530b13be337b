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
extern char ap_start[], ap_start_end[], ap_block[], boot_stacks[], ap_entry_high[];

#define BOOT_STACK_SIZE 16384 /* as in entry.S */
#define MULTIBOOT_HAS_MEMORY 0x1
#define MULTIBOOT_LOADER_MAGIC 0x2BADB002 /* EAX at entry from a Multiboot loader */
#define CMOS_INDEX 0x70
#define CMOS_DATA 0x71
#define CMOS_MEM_ABOVE_1M 0x30  /* and 0x31: KiB */
#define CMOS_MEM_ABOVE_16M 0x34 /* and 0x35: 64 KiB blocks */
#define COM1_PORT 0x3F8
#define COM1_IRQ 4
#define IDE_PRIMARY_PORT 0x1F0
#define IDE_PRIMARY_CONTROL 0x3F6
#define IDE_PRIMARY_IRQ 14
#define INIT_WAIT_US 10000  /* after INIT, before STARTUP (MultiProcessor specification) */
#define STARTUP_WAIT_US 200 /* between the two STARTUPs */
#define CHECK_IN_WAIT_US 10000
#define CHECK_IN_ROUNDS 100 /* a CPU that has not checked in after a second never will */

/* What a starting CPU reads from the start page (ap_start.S's ap_block, same layout). */
struct ap_start_block {
  uint32 next_slot; /* taken with an atomic add by each CPU as it arrives */
  uint32 slots;
  uint32 stacks;
  uint32 stack_size;
  uint32 entry;
};

struct platform platform;

struct multiboot_info {
  uint32 flags;
  uint32 mem_lower_kib; /* below 1 MiB */
  uint32 mem_upper_kib; /* from 1 MiB up to the first hole */
};

static uint8 cmos_read(uint8 reg) {
  outb(CMOS_INDEX, reg);
  return inb(CMOS_DATA);
}

/* The memory size the firmware left in the CMOS: 64 KiB blocks above 16 MiB, else KiB above
 * 1 MiB (that one stops at 64 MiB). For loaders that pass no Multiboot information. */
static uintptr ram_end_from_cmos(void) {
  uint32 blocks = cmos_read(CMOS_MEM_ABOVE_16M) | cmos_read(CMOS_MEM_ABOVE_16M + 1) << 8;
  if (blocks)
    return (16 << 20) + blocks * 65536;
  return (1 << 20) + (cmos_read(CMOS_MEM_ABOVE_1M) | cmos_read(CMOS_MEM_ABOVE_1M + 1) << 8) * 1024;
}

static uintptr ram_end_from(uint32 loader_magic, uintptr multiboot_pa) {
  uintptr end = 16 << 20; /* a guess when the loader says nothing */
  const struct multiboot_info *mb = arch_pa_to_kva(multiboot_pa);
  if (loader_magic != MULTIBOOT_LOADER_MAGIC)
    end = ram_end_from_cmos();
  else if (mb->flags & MULTIBOOT_HAS_MEMORY)
    end = (uintptr)(mb->mem_upper_kib + 1024) * 1024;
  return MIN(end, DIRECT_MAP_SIZE);
}

void i386_boot_main(uint32 loader_magic, uintptr multiboot_pa) {
  cpu_tables_init(0); /* first: every spin lock asks arch_hart_id */
  platform.ram_base = 0;
  platform.ram_end = ram_end_from(loader_magic, multiboot_pa);
  platform.boot_hart = 0;
  platform.uart_base = COM1_PORT;
  platform.uart_irq = COM1_IRQ;
  platform.ide_base = IDE_PRIMARY_PORT;
  platform.ide_ctl = IDE_PRIMARY_CONTROL;
  platform.ide_irq = IDE_PRIMARY_IRQ;
  cpu_apic_ids[0] = lapic_id();
  mp_read();
  acpi_read_cpus();
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

static int count_started(void) {
  int n = 0;
  for (int i = 1; i < platform.nharts; i++)
    n += __atomic_load_n(&percpu[i].started, __ATOMIC_ACQUIRE) != 0;
  return n;
}

/* Copies the start code below 1 MiB and fills its start block: every CPU that runs it takes
 * the next boot stack, so several can start at once. */
static void prepare_start_page(void) {
  /* ap_start, ap_block and ap_start_end are labels in one block of code (ap_start.S) */
  // cppcheck-suppress comparePointers
  memmove(arch_pa_to_kva(AP_START_PA), ap_start, ap_start_end - ap_start);
  // cppcheck-suppress comparePointers
  struct ap_start_block *block = arch_pa_to_kva(AP_START_PA + (ap_block - ap_start));
  block->next_slot = 1;
  block->slots = NCPU;
  block->stacks = (uint32)boot_stacks;
  block->stack_size = BOOT_STACK_SIZE;
  block->entry = (uint32)ap_entry_high;
}

/* Starts every CPU of the MP table together: INIT to all, one wait, STARTUP to all twice;
 * then waits for them to check in (i386_secondary_main). Returns how many started (each then
 * runs kmain_secondary). */
int arch_start_secondary_harts(void) {
  if (platform.nharts == 1)
    return 0;
  prepare_start_page();
  for (int i = 1; i < platform.nharts; i++)
    lapic_send_init(cpu_apic_ids[i]);
  pit_delay_us(INIT_WAIT_US);
  for (int round = 0; round < 2; round++) {
    for (int i = 1; i < platform.nharts; i++)
      lapic_send_startup(cpu_apic_ids[i], AP_START_PA);
    pit_delay_us(STARTUP_WAIT_US);
  }
  for (int r = 0; r < CHECK_IN_ROUNDS && count_started() < platform.nharts - 1; r++)
    pit_delay_us(CHECK_IN_WAIT_US);
  for (int i = 1; i < platform.nharts; i++)
    if (!percpu[i].started)
      kprintf("cpu %d (apic %d): did not start\n", i, (int)cpu_apic_ids[i]);
  return count_started();
}

/* Per-CPU set-up common to every CPU once the kernel directory exists. */
void arch_hart_init(void) {
  arch_kvm_enable();
  fault_task_set_dir(kernel_dir_pa);
  arch_trap_init_hart();
  lapic_init_hart();
}

void arch_idle(void) {
  asm volatile("sti; hlt" ::: "memory");
}

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
