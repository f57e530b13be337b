/* Per-CPU descriptor tables: each CPU has its own GDT (flat kernel and user
 * segments, its TSS, and a GS segment over its own struct percpu). */
#include "i386.h"
#include "lib/printf.h"
#include "lib/string.h"
#include "params.h"

/* The 32-bit task-state segment: only the ring-0 stack is used. The I/O
 * permission map starts past the limit, so there is none: with IOPL 0, user
 * IN/OUT raise #GP. */
struct tss {
  uint32 link, esp0, ss0, esp1, ss1, esp2, ss2, cr3, eip, eflags;
  uint32 eax, ecx, edx, ebx, esp, ebp, esi, edi;
  uint32 es, cs, ss, ds, fs, gs, ldt;
  uint16 trap, iomap_base;
} __attribute__((packed));

#define GDT_SLOTS 8
#define FAULT_STACK_SIZE 4096

/* A double fault (a fault while the CPU pushes a fault's frame, as when a
 * kernel stack runs into its guard page) cannot be taken on the faulting
 * stack, so vector 8 is a task gate: the CPU switches to fault_tss, with a
 * stack of its own, to report it. */
struct cpu_tables {
  uint64 gdt[GDT_SLOTS];
  struct tss tss;
  struct tss fault_tss;
  uint8 fault_stack[FAULT_STACK_SIZE] __attribute__((aligned(16)));
};

struct percpu percpu[NCPU];
static struct cpu_tables tables[NCPU];

#define ACCESS_PRESENT 0x80
#define ACCESS_SEGMENT 0x10 /* code or data, not a system descriptor */
#define ACCESS_CODE 0x0A    /* executable, readable */
#define ACCESS_DATA 0x02    /* writable */
#define ACCESS_TSS32 0x09
#define FLAGS_4K_32BIT 0xC

static uint64 descriptor(uint32 base, uint32 limit, uint8 access, uint8 flags) {
  uint64 d = limit & 0xFFFF;
  d |= (uint64)(base & 0xFFFFFF) << 16;
  d |= (uint64)access << 40;
  d |= (uint64)((limit >> 16) & 0xF) << 48;
  d |= (uint64)(flags & 0xF) << 52;
  d |= (uint64)(base >> 24) << 56;
  return d;
}

static uint64 flat(int dpl, uint8 kind) {
  return descriptor(0, 0xFFFFF, ACCESS_PRESENT | ACCESS_SEGMENT | (dpl << 5) | kind,
                    FLAGS_4K_32BIT);
}

static void load_gdt(void *gdt, uint16 size) {
  struct {
    uint16 limit;
    uint32 base;
  } __attribute__((packed)) desc = {size - 1, (uint32)gdt};
  asm volatile("lgdt %0" ::"m"(desc));
}

/* Loads this CPU's tables and segment registers; called once per CPU with
 * interrupts off, before anything calls arch_hart_id. */
void cpu_tables_init(int index) {
  struct cpu_tables *t = &tables[index];
  struct percpu *me = &percpu[index];
  me->index = index;
  memset(&t->tss, 0, sizeof(t->tss));
  t->tss.ss0 = SEL_KDATA;
  t->tss.iomap_base = sizeof(t->tss);
  t->gdt[0] = 0;
  t->gdt[SEL_KCODE >> 3] = flat(0, ACCESS_CODE);
  t->gdt[SEL_KDATA >> 3] = flat(0, ACCESS_DATA);
  t->gdt[SEL_UCODE >> 3] = flat(3, ACCESS_CODE);
  t->gdt[SEL_UDATA >> 3] = flat(3, ACCESS_DATA);
  t->gdt[SEL_TSS >> 3] =
      descriptor((uint32)&t->tss, sizeof(t->tss) - 1, ACCESS_PRESENT | ACCESS_TSS32, 0);
  t->gdt[SEL_PERCPU >> 3] =
      descriptor((uint32)me, sizeof(*me) - 1, ACCESS_PRESENT | ACCESS_SEGMENT | ACCESS_DATA, 0);
  struct tss *f = &t->fault_tss;
  memset(f, 0, sizeof(*f));
  f->eip = (uint32)double_fault_task;
  f->esp = (uint32)(t->fault_stack + FAULT_STACK_SIZE - 16);
  f->cs = SEL_KCODE;
  f->ss = f->ds = f->es = SEL_KDATA;
  f->gs = SEL_PERCPU;
  f->eflags = 0x2; /* interrupts off */
  f->cr3 = read_cr3();
  f->iomap_base = sizeof(*f);
  t->gdt[SEL_FAULT_TSS >> 3] =
      descriptor((uint32)f, sizeof(*f) - 1, ACCESS_PRESENT | ACCESS_TSS32, 0);
  load_gdt(t->gdt, sizeof(t->gdt));
  /* reload every segment register so none keeps the loader's descriptors */
  asm volatile("movw %w0, %%ds; movw %w0, %%es; movw %w0, %%ss" ::"r"(SEL_KDATA));
  asm volatile("movw %w0, %%fs" ::"r"(0));
  asm volatile("movw %w0, %%gs" ::"r"(SEL_PERCPU));
  asm volatile("ljmp %0, $1f\n1:" ::"i"(SEL_KCODE));
  asm volatile("ltr %w0" ::"r"(SEL_TSS));
}

/* The double-fault task runs on the kernel's directory once there is one. */
void fault_task_set_dir(uintptr dir_pa) {
  tables[arch_hart_id()].fault_tss.cr3 = dir_pa;
}

/* Entered by a task switch (vector 8): the interrupted state is in this
 * CPU's main TSS, and CR2 still holds the address that faulted. */
void double_fault_task(void) {
  struct tss *interrupted = &tables[arch_hart_id()].tss;
  uint32 va = read_cr2();
  int slot = kstack_guard_slot(va);
  if (slot >= 0)
    panic("kernel stack overflow: process slot %d, eip 0x%x, address 0x%x", slot,
          (unsigned)interrupted->eip, (unsigned)va);
  panic("double fault at eip 0x%x (cr2 0x%x)", (unsigned)interrupted->eip, (unsigned)va);
}

/* The stack the CPU switches to on a trap from user mode. */
void tss_set_kernel_stack(uintptr top) {
  tables[arch_hart_id()].tss.esp0 = top;
}
