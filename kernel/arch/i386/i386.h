/* Helpers shared between the i386 arch files: port I/O, control registers,
 * segment selectors and the per-CPU record. Nothing outside arch/i386 includes this. */
#ifndef MOO_I386_H
#define MOO_I386_H

#include "archdefs.h"
#include "lib/types.h"

/* GDT slots, the same in every CPU's table (cpu.c). */
#define SEL_KCODE (1 << 3)
#define SEL_KDATA (2 << 3)
#define SEL_UCODE ((3 << 3) | 3)
#define SEL_UDATA ((4 << 3) | 3)
#define SEL_TSS (5 << 3)
#define SEL_PERCPU (6 << 3)
#define SEL_FAULT_TSS (7 << 3) /* the double-fault task (cpu.c) */

#define VECTOR_PAGE_FAULT 14
#define VECTOR_IRQ0 32    /* ISA IRQ n arrives at 32 + n */
#define VECTOR_TIMER 32   /* the local APIC timer (IRQ 0 itself stays masked) */
#define VECTOR_SYSCALL 64 /* INT 0x40, the only gate user code may use */
#define VECTOR_SHOOTDOWN 0xF0
#define VECTOR_SPURIOUS 0xFF

#define DIRECT_MAP_SIZE 0x0E000000U /* physical memory the kernel uses and maps */
#define DEVICE_WINDOW 0xFE000000U   /* [this, 2^32): LAPIC, IOAPIC, kernel stacks */
#define AP_START_PA 0x7000U         /* where secondary CPUs begin, in real mode */

static inline uint8 inb(uint16 port) {
  uint8 v;
  asm volatile("inb %1, %0" : "=a"(v) : "d"(port));
  return v;
}

static inline void outb(uint16 port, uint8 v) {
  asm volatile("outb %0, %1" ::"a"(v), "d"(port));
}

static inline uint16 inw(uint16 port) {
  uint16 v;
  asm volatile("inw %1, %0" : "=a"(v) : "d"(port));
  return v;
}

static inline void outw(uint16 port, uint16 v) {
  asm volatile("outw %0, %1" ::"a"(v), "d"(port));
}

static inline uint32 read_cr2(void) {
  uint32 v;
  asm volatile("movl %%cr2, %0" : "=r"(v));
  return v;
}

static inline uint32 read_cr3(void) {
  uint32 v;
  asm volatile("movl %%cr3, %0" : "=r"(v));
  return v;
}

static inline void write_cr3(uint32 v) {
  asm volatile("movl %0, %%cr3" ::"r"(v) : "memory");
}

/* What each CPU keeps for itself; GS points here (see arch_hart_id). */
struct percpu {
  int index; /* must stay first: arch_hart_id reads %gs:0 */
  uint32 apic_id;
  volatile int started;
};

extern struct percpu percpu[];
extern uintptr kernel_dir_pa; /* the kernel's page directory, physical */
extern uint32 cpu_apic_ids[]; /* apic_id of dense index i, from the MP table */
extern uintptr lapic_pa, ioapic_pa;

void cpu_tables_init(int index); /* GDT, TSS, GS for this CPU (cpu.c) */
void tss_set_kernel_stack(uintptr top);
void idt_init(void);
void idt_load(void);
int mp_read(void);        /* fills platform.nharts, the APIC ids and addresses */
int acpi_read_cpus(void); /* the CPU list again, from the MADT when there is one */
void cpu_list_add(uint32 apic_id);
uint8 table_sum(const uint8 *p, int n);
void lapic_init_hart(void);
void lapic_eoi(void);
uint32 lapic_id(void);
void lapic_send_init(uint32 apic_id);
void lapic_send_startup(uint32 apic_id, uintptr start_pa);
void lapic_send_shootdown(void);
void ioapic_init(void);
#define PIT_HZ 1193182     /* the PIT's input clock */
void pit_start_free(void); /* the PIT's channel 2 as a clock (pit.c) */
uint16 pit_read(void);
bool pit_expired(void);
void pit_delay_us(uint32 us);
void pic_disable(void);
void irq_dispatch(int irq);
void shootdown_ack(void);
void kvm_map_device(uintptr pa);
int kstack_guard_slot(uintptr va); /* the process slot whose guard page holds va, or -1 */
void fault_task_set_dir(uintptr dir_pa);
void double_fault_task(void) __attribute__((noreturn));

#endif
