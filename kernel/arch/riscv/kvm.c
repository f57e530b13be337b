/* The kernel's page table: RAM mapped at its physical address, device
 * registers, the trampoline, and a kernel stack with a guard page per process. */
#include "arch/arch.h"
#include "dev/platform.h"
#include "lib/printf.h"
#include "mm/aspace.h"
#include "mm/frame.h"
#include "lib/errno.h"
#include "params.h"
#include "riscv.h"

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
  kernel_pt = pt_new_root();
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

/* Every user root maps the trampoline, and the trap-frame page below it,
 * which arch_return_to_user points at the running process's frame. Both sit
 * in one leaf table, made here so that later mapping needs no allocation. */
pagetable_t arch_pt_create(void) {
  pagetable_t pt = pt_new_root();
  if (!pt)
    return 0;
  pte_t *tramp = arch_pt_walk(pt, TRAMPOLINE_VA, true);
  if (!tramp) {
    pt_free_tables(pt);
    return 0;
  }
  *tramp = arch_pte_make((uintptr)trampoline_start, PROT_READ | PROT_EXEC);
  return pt;
}

void arch_pt_destroy(pagetable_t pt) {
  *arch_pt_walk(pt, TRAMPOLINE_VA, false) = 0;
  *arch_pt_walk(pt, TRAPFRAME_VA, false) = 0;
  /* the kernel runs on kernel_pt, never on a user table: nothing to switch */
  pt_free_tables(pt);
}
