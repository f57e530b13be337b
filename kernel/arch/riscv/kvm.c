/* The kernel's page table: RAM mapped at its physical address, device
 * registers, the trampoline, and a kernel stack with a guard page per process. */
#include "arch/arch.h"
#include "dev/platform.h"
#include "lib/printf.h"
#include "mm/aspace.h"
#include "mm/frame.h"
#include "lib/errno.h"
#include "params.h"

extern char kernel_start[], text_end[], trampoline_start[];

static pagetable_t kernel_pt;

/* Top of the region holding kernel stacks, just below the trampoline. */
#define KSTACK_SLOT_SIZE ((KSTACK_PAGES + 1) * PAGE_SIZE) /* stack plus guard */
#define KSTACKS_TOP TRAPFRAME_VA

uintptr arch_kva_to_pa(const void *kva) { return (uintptr)kva; }

void *arch_pa_to_kva(uintptr pa) { return (void *)pa; }

static void kmap(uintptr va, uintptr pa, uint64 size, int prot) {
  for (uint64 off = 0; off < size; off += PAGE_SIZE) {
    pte_t *pte = arch_pt_walk(kernel_pt, va + off, true);
    if (!pte)
      panic("kvm: out of memory building the kernel page table");
    *pte = arch_pte_make(pa + off, prot);
  }
}

uintptr arch_kstack_top(int slot) { return KSTACKS_TOP - slot * KSTACK_SLOT_SIZE; }

static void map_kernel_stacks(void) {
  for (int slot = 0; slot < NPROC; slot++) {
    uintptr top = arch_kstack_top(slot);
    for (int i = 1; i <= KSTACK_PAGES; i++) {
      uintptr pa = frame_alloc_zeroed();
      if (!pa)
        panic("kvm: no memory for kernel stacks");
      kmap(top - i * PAGE_SIZE, pa, PAGE_SIZE, PROT_READ | PROT_WRITE);
    }
    /* the page below the stack stays unmapped: an overflow faults */
  }
}

void arch_kvm_init(void) {
  kernel_pt = arch_pt_create();
  if (!kernel_pt)
    panic("kvm: no memory");
  uintptr kbase = (uintptr)kernel_start, ktext_end = (uintptr)text_end;
  kmap(platform.uart_base, platform.uart_base, PAGE_SIZE, PROT_READ | PROT_WRITE);
  for (int i = 0; i < platform.nvirtio; i++)
    kmap(platform.virtio_base[i], platform.virtio_base[i], PAGE_SIZE, PROT_READ | PROT_WRITE);
  kmap(platform.intc_base, platform.intc_base, 0x400000, PROT_READ | PROT_WRITE);
  kmap(kbase, kbase, ktext_end - kbase, PROT_READ | PROT_EXEC);
  kmap(ktext_end, ktext_end, platform.ram_end - ktext_end, PROT_READ | PROT_WRITE);
  kmap(TRAMPOLINE_VA, (uintptr)trampoline_start, PAGE_SIZE, PROT_READ | PROT_EXEC);
  map_kernel_stacks();
}

uint64 kernel_satp(void) { return (8UL << 60) | (arch_kva_to_pa(kernel_pt) >> 12); }

void arch_kvm_enable(void) {
  asm volatile("sfence.vma zero, zero");
  csr_write(satp, kernel_satp());
  asm volatile("sfence.vma zero, zero");
}

int arch_uspace_init(pagetable_t pt, uintptr trapframe_pa) {
  pte_t *tramp = arch_pt_walk(pt, TRAMPOLINE_VA, true);
  if (!tramp)
    return -ENOMEM;
  *tramp = arch_pte_make((uintptr)trampoline_start, PROT_READ | PROT_EXEC);
  pte_t *tf = arch_pt_walk(pt, TRAPFRAME_VA, true);
  if (!tf)
    return -ENOMEM;
  *tf = arch_pte_make(trapframe_pa, PROT_READ | PROT_WRITE);
  return 0;
}

void arch_uspace_fini(pagetable_t pt) {
  pte_t *pte = arch_pt_walk(pt, TRAMPOLINE_VA, false);
  if (pte)
    *pte = 0;
  pte = arch_pt_walk(pt, TRAPFRAME_VA, false);
  if (pte)
    *pte = 0;
}
