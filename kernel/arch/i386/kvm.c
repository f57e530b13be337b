/* The kernel half of every address space: physical memory below 224 MiB
 * mapped at KERNBASE, device registers at their own addresses, and a kernel
 * stack with an unmapped guard page per process slot, all in page tables
 * built once at boot and shared by every page directory. */
#include "arch/arch.h"
#include "i386.h"
#include "lib/printf.h"
#include "lib/string.h"
#include "mm/frame.h"
#include "params.h"

static pagetable_t kernel_dir;
uintptr kernel_dir_pa;

#define KSTACKS_BASE DEVICE_WINDOW /* the window holds no devices below the IOAPIC */
#define KSTACK_SLOT_SIZE ((KSTACK_PAGES + 1) * PAGE_SIZE) /* guard page, then stack */
#define KERNEL_PDE_FIRST (KERNBASE >> 22)

uintptr arch_kva_to_pa(const void *kva) {
  return (uintptr)kva - KERNBASE;
}

void *arch_pa_to_kva(uintptr pa) {
  return (void *)(pa + KERNBASE);
}

uintptr arch_kstack_top(int slot) {
  return KSTACKS_BASE + (slot + 1) * KSTACK_SLOT_SIZE;
}

int kstack_guard_slot(uintptr va) {
  if (va < KSTACKS_BASE || va >= KSTACKS_BASE + NPROC * KSTACK_SLOT_SIZE)
    return -1;
  uintptr offset = va - KSTACKS_BASE;
  return offset % KSTACK_SLOT_SIZE < PAGE_SIZE ? (int)(offset / KSTACK_SLOT_SIZE) : -1;
}

static pte_t *kernel_pte(uintptr va) {
  pagetable_t table = arch_pa_to_kva(arch_pte_frame(kernel_dir[va >> 22]));
  return &table[(va >> 12) & 1023];
}

/* Gives [from, to) of the kernel half page tables of its own (empty). */
static void add_tables(uintptr from, uint64 to) {
  for (uint64 va = from; va < to; va += 1UL << 22) {
    uintptr pa = frame_alloc_zeroed();
    if (!pa)
      panic("kvm: no memory for kernel page tables");
    kernel_dir[va >> 22] = pa | PTE_P | PTE_W;
  }
}

static void map_kernel_stacks(void) {
  for (int slot = 0; slot < NPROC; slot++) {
    uintptr top = arch_kstack_top(slot);
    for (int i = 1; i <= KSTACK_PAGES; i++) {
      uintptr pa = frame_alloc_zeroed();
      if (!pa)
        panic("kvm: no memory for kernel stacks");
      *kernel_pte(top - i * PAGE_SIZE) = pa | PTE_P | PTE_W | PTE_G;
    }
    /* the page below the stack stays unmapped: an overflow faults */
  }
}

/* Device registers are mapped at their physical address, uncached. */
void kvm_map_device(uintptr pa) {
  *kernel_pte(pa) = (pa & PTE_FRAME) | PTE_P | PTE_W | PTE_PCD | PTE_PWT | PTE_G;
}

/* The tables are all made here, before any process exists: every directory
 * copies the kernel's directory entries, so a table added later would be
 * missing from the directories made before it. */
void arch_kvm_init(void) {
  uintptr dir = frame_alloc_zeroed();
  if (!dir)
    panic("kvm: no memory");
  kernel_dir = arch_pa_to_kva(dir);
  add_tables(KERNBASE, KERNBASE + (uint64)DIRECT_MAP_SIZE);
  add_tables(DEVICE_WINDOW, 1ULL << 32);
  for (uintptr pa = 0; pa < DIRECT_MAP_SIZE; pa += PAGE_SIZE)
    *kernel_pte(KERNBASE + pa) = pa | PTE_P | PTE_W | PTE_G;
  kvm_map_device(lapic_pa);
  kvm_map_device(ioapic_pa);
  map_kernel_stacks();
  kernel_dir_pa = dir;
}

void arch_kvm_enable(void) {
  uint32 cr4;
  asm volatile("movl %%cr4, %0" : "=r"(cr4));
  asm volatile("movl %0, %%cr4" ::"r"(cr4 | 0x80)); /* CR4.PGE: global kernel entries */
  write_cr3(kernel_dir_pa);
}

/* A new directory already holds the kernel half. */
pagetable_t arch_pt_create(void) {
  uintptr pa = frame_alloc_zeroed();
  if (!pa)
    return 0;
  pagetable_t dir = arch_pa_to_kva(pa);
  memcpy(&dir[KERNEL_PDE_FIRST], &kernel_dir[KERNEL_PDE_FIRST],
         (1024 - KERNEL_PDE_FIRST) * sizeof(pte_t));
  return dir;
}

uintptr arch_user_top(void) {
  return KERNBASE;
}
