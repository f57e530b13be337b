/* The kernel's half of every address space, built once at boot: the direct
 * map of physical memory, the image by section, kernel stacks with guards. */
#include "arch/arch.h"
#include "dev/platform.h"
#include "lib/printf.h"
#include "mm/frame.h"
#include "params.h"
#include "riscv.h"

extern char kernel_start[], text_end[], rodata_end[], kernel_end[];

/* The root every hart runs on between processes, and the template of the
 * upper half of every process's root. Its tables never change after boot,
 * so a copy of its upper root entries stays valid for as long as it exists. */
static pagetable_t kernel_root;
static uint64 kernel_root_satp;

#define KSTACK_SLOT_SIZE ((KSTACK_PAGES + 1) * PAGE_SIZE) /* stack plus guard */
_Static_assert(NPROC *KSTACK_SLOT_SIZE <= KSTACKS_TOP - KSTACKS_FLOOR,
               "kernel stacks fit below the image in its GiB");

void *arch_pa_to_kva(uintptr pa) {
  return (void *)(pa + DIRECT_MAP_BASE);
}

uintptr arch_kva_to_pa(const void *kva) {
  uintptr va = (uintptr)kva;
  if (va >= DIRECT_MAP_BASE && va < DIRECT_MAP_END)
    return va - DIRECT_MAP_BASE;
  if (va >= KERNEL_LINK_BASE && va <= (uintptr)kernel_end) /* the end too: frame_init */
    return va - KERNEL_VIRT_OFFSET;
  pte_t *pte = kernel_root ? pt_walk_any(kernel_root, va, false) : 0; /* a kernel stack */
  if (!pte || !(*pte & PTE_V))
    panic("arch_kva_to_pa: 0x%lx is not a kernel address", (unsigned long)va);
  return arch_pte_frame(*pte) + (va & (PAGE_SIZE - 1));
}

uintptr arch_kstack_top(int slot) {
  return KSTACKS_TOP - slot * KSTACK_SLOT_SIZE;
}

int kstack_guard_slot(uintptr va) {
  if (va >= KSTACKS_TOP || va < KSTACKS_TOP - NPROC * KSTACK_SLOT_SIZE)
    return -1;
  int slot = (KSTACKS_TOP - 1 - va) / KSTACK_SLOT_SIZE;
  uintptr guard = arch_kstack_top(slot) - KSTACK_SLOT_SIZE; /* the slot's lowest page */
  return va - guard < PAGE_SIZE ? slot : -1;
}

/* Maps [va, va + size) to pa in 4 KiB pages; every kernel entry is global. */
static void kmap(uintptr va, uintptr pa, uint64 size, int prot) {
  for (uint64 off = 0; off < size; off += PAGE_SIZE) {
    pte_t *pte = pt_walk_any(kernel_root, va + off, true);
    if (!pte)
      panic("kvm: out of memory building the kernel page table");
    *pte = arch_pte_make(pa + off, prot) | PTE_G;
  }
}

/* Physical memory from 0 to the end of RAM in 1 GiB pages: no table pages,
 * and every frame and device register at pa + DIRECT_MAP_BASE. */
static void map_direct(void) {
  uint64 gigs = (platform.ram_end + ROOT_SPAN - 1) / ROOT_SPAN;
  if (gigs > (DIRECT_MAP_END - DIRECT_MAP_BASE) / ROOT_SPAN)
    panic("kvm: RAM ends above what the direct map covers");
  for (uint64 g = 0; g < gigs; g++)
    kernel_root[ROOT_FIRST_KERNEL_INDEX + g] =
        arch_pte_make(g * ROOT_SPAN, PROT_READ | PROT_WRITE) | PTE_G;
}

/* The image at its link address: text executable, read-only data read-only. */
static void map_image(void) {
  uintptr text = (uintptr)kernel_start, rodata = (uintptr)text_end;
  uintptr data = (uintptr)rodata_end, end = (uintptr)kernel_end;
  kmap(text, text - KERNEL_VIRT_OFFSET, rodata - text, PROT_READ | PROT_EXEC);
  kmap(rodata, rodata - KERNEL_VIRT_OFFSET, data - rodata, PROT_READ);
  kmap(data, data - KERNEL_VIRT_OFFSET, end - data, PROT_READ | PROT_WRITE);
}

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
  kernel_root = pt_new_root();
  if (!kernel_root)
    panic("kvm: no memory");
  map_direct();
  map_image();
  map_kernel_stacks();
  kernel_root_satp = satp_for(kernel_root);
}

/* Also what a hart does between processes (see scheduler): no hart keeps the
 * root of a process it is not running, so a root is never freed under one. */
void arch_kvm_enable(void) {
  if (csr_read(satp) != kernel_root_satp)
    satp_switch(kernel_root_satp);
}

/* The satp each hart last installed, written only by that hart. A hart
 * leaves a process's table before the process can run anywhere else (the
 * scheduler switches to the kernel's table before it releases sched_lock),
 * so arch_pt_destroy may check that no other hart still runs on a table. */
static uint64 hart_satp[NCPU];

/* Writes satp, then fences: the privileged spec's order for a table switch.
 * No ASIDs are used, so the fence must drop every cached translation (and
 * every cached table entry) of the table left. QEMU flushes on any satp
 * write, so no test fails without it (docs/fork.md). */
void satp_switch(uint64 satp) {
  csr_write(satp, satp);
  asm volatile("sfence.vma zero, zero" ::: "memory");
  __atomic_store_n(&hart_satp[arch_hart_id()], satp, __ATOMIC_RELAXED);
}

static void check_no_other_hart_on(uint64 satp) {
  for (int h = 0; h < platform.nharts; h++)
    if (h != arch_hart_id() && __atomic_load_n(&hart_satp[h], __ATOMIC_RELAXED) == satp)
      panic("freeing a page table hart %d still runs on", h);
}

/* A user root: an empty lower half and the kernel's upper half, shared by
 * copying the kernel root's entries (1 GiB pages, or the kernel's tables). */
pagetable_t arch_pt_create(void) {
  pagetable_t pt = pt_new_root();
  if (!pt)
    return 0;
  for (int i = ROOT_FIRST_KERNEL_INDEX; i < 512; i++)
    pt[i] = kernel_root[i];
  return pt;
}

void arch_pt_destroy(pagetable_t pt) {
  /* exit and exec free the table this hart runs on: leave it first (no test
   * shows it: another hart would have to reuse the root before this hart's
   * next switch, and this hart miss its TLB meanwhile) */
  if (csr_read(satp) == satp_for(pt))
    arch_kvm_enable();
  check_no_other_hart_on(satp_for(pt));
  pt_free_user_tables(pt);
}
