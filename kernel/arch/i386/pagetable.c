/* The user half of i386 two-level page tables: a 1024-entry directory whose
 * lower 512 entries point at user page tables. Walking, visiting, copying,
 * counting and freeing them, and TLB control. */
#include "arch/arch.h"
#include "i386.h"
#include "lib/errno.h"
#include "lib/printf.h"
#include "mm/frame.h"

#define USER_PDES (KERNBASE >> 22)
#define TABLE_SPAN ARCH_LEAF_SPAN /* bytes one page table maps */

static unsigned dir_index(uintptr va) {
  return va >> 22;
}
static unsigned table_index(uintptr va) {
  return (va >> 12) & 1023;
}

pte_t *arch_pt_walk(pagetable_t pt, uintptr va, bool create) {
  if (va >= KERNBASE)
    return 0;
  pte_t *pde = &pt[dir_index(va)];
  if (!(*pde & PTE_P)) {
    if (!create)
      return 0;
    uintptr table = frame_alloc_zeroed();
    if (!table)
      return 0;
    /* the leaf entries decide what users may do */
    *pde = table | PTE_P | PTE_W | PTE_U;
  }
  pagetable_t table = arch_pa_to_kva(arch_pte_frame(*pde));
  return &table[table_index(va)];
}

pte_t *arch_pt_leaf(pagetable_t pt, uintptr va, bool *readonly) {
  if (va >= KERNBASE || !(pt[dir_index(va)] & PTE_P))
    return 0;
  if (readonly)
    *readonly = (pt[dir_index(va)] & PDE_LEAVES_READONLY) != 0;
  return arch_pa_to_kva(arch_pte_frame(pt[dir_index(va)]));
}

/* The directory entry keeps W and U: the leaf entries decide what users may do. */
int arch_pt_set_leaf(pagetable_t pt, uintptr va, pte_t *leaf, bool readonly) {
  pte_t pde = 0;
  if (leaf)
    pde = arch_kva_to_pa(leaf) | PTE_P | PTE_W | PTE_U | (readonly ? PDE_LEAVES_READONLY : 0);
  pt[dir_index(va)] = pde;
  return 0;
}

int arch_pt_for_each_leaf(pagetable_t pt, uintptr from, uintptr to,
                          int (*fn)(pte_t *leaf, bool readonly, uintptr base, void *arg),
                          void *arg) {
  for (unsigned i = 0; i < USER_PDES; i++) {
    uint64 base = (uint64)i * TABLE_SPAN;
    if (base >= to)
      break;
    pte_t pde = pt[i]; /* read first: fn may change it */
    if (base + TABLE_SPAN <= from || !(pde & PTE_P))
      continue;
    int err = fn(arch_pa_to_kva(arch_pte_frame(pde)), (pde & PDE_LEAVES_READONLY) != 0,
                 (uintptr)base, arg);
    if (err)
      return err;
  }
  return 0;
}

struct pt_visit {
  uint64 from, to;
  pagetable_t dst;
  int (*fn)(pte_t *pte, pte_t *dst_pte, uintptr va, void *arg);
  void *arg;
};

/* Visits the present entries of one page table within [from, to). With dst,
 * also finds (creating) dst's table for the same addresses. */
static int visit_table(pagetable_t table, uintptr base, struct pt_visit *v) {
  pte_t *dst_entries = 0;
  for (unsigned i = 0; i < 1024; i++) {
    uint64 va = base + (uint64)i * PAGE_SIZE;
    if (va >= v->to)
      break;
    if (va < v->from || !(table[i] & PTE_P))
      continue;
    if (v->dst && !dst_entries && !(dst_entries = arch_pt_walk(v->dst, base, true)))
      return -ENOMEM;
    int err = v->fn(&table[i], dst_entries ? &dst_entries[i] : 0, (uintptr)va, v->arg);
    if (err)
      return err;
  }
  return 0;
}

static int visit_dir(pagetable_t dir, struct pt_visit *v) {
  for (unsigned i = 0; i < USER_PDES; i++) {
    uint64 base = (uint64)i * TABLE_SPAN;
    if (base >= v->to)
      break;
    if (base + TABLE_SPAN <= v->from || !(dir[i] & PTE_P))
      continue;
    int err = visit_table(arch_pa_to_kva(arch_pte_frame(dir[i])), (uintptr)base, v);
    if (err)
      return err;
  }
  return 0;
}

int arch_pt_for_each(pagetable_t pt, uintptr from, uintptr to,
                     int (*fn)(pte_t *pte, pte_t *unused, uintptr va, void *arg), void *arg) {
  struct pt_visit v = {from, to, 0, fn, arg};
  return visit_dir(pt, &v);
}

int arch_pt_copy(pagetable_t dst, pagetable_t src, uintptr from, uintptr to,
                 int (*fn)(pte_t *src_pte, pte_t *dst_pte, uintptr va, void *arg), void *arg) {
  struct pt_visit v = {from, to, dst, fn, arg};
  return visit_dir(src, &v);
}

/* Frees the user page tables and the directory; the kernel's tables are
 * shared and stay. The running CPU may still be on this directory (exit and
 * exec free the image they run on): it moves to the kernel's first, since
 * the frame may be reused at once (no test shows it: another CPU would have
 * to reuse it, and this one miss its TLB, before the scheduler switches). */
void arch_pt_destroy(pagetable_t pt) {
  uintptr pa = arch_kva_to_pa(pt);
  if (read_cr3() == pa)
    write_cr3(kernel_dir_pa);
  for (unsigned i = 0; i < USER_PDES; i++) {
    if (!(pt[i] & PTE_P))
      continue;
    pagetable_t table = arch_pa_to_kva(arch_pte_frame(pt[i]));
    for (int j = 0; j < 1024; j++)
      if (table[j] & PTE_P)
        panic("pt_destroy: leaf still mapped");
    frame_put(arch_pte_frame(pt[i]));
    pt[i] = 0;
  }
  frame_put(pa);
}

static bool table_is_empty(pagetable_t table) {
  for (int i = 0; i < 1024; i++)
    if (table[i] & PTE_P)
      return false;
  return true;
}

/* Frees the user page tables over [from, to) that no longer map anything. The
 * caller (as_shrink) flushes before any user access; until then only a
 * speculative walk through a cached directory entry could reach a freed table
 * (docs/fork.md). */
void arch_pt_prune(pagetable_t pt, uintptr from, uintptr to) {
  for (unsigned i = dir_index(from); i < USER_PDES && (uint64)i * TABLE_SPAN < to; i++) {
    if (!(pt[i] & PTE_P))
      continue;
    pagetable_t table = arch_pa_to_kva(arch_pte_frame(pt[i]));
    if (table_is_empty(table)) {
      pt[i] = 0;
      frame_put(arch_kva_to_pa(table));
    }
  }
}

/* The directory and every table it reaches, the kernel half's included. */
int arch_pt_count(pagetable_t pt) {
  int n = 1;
  for (unsigned i = 0; i < 1024; i++)
    if (pt[i] & PTE_P)
      n++;
  return n;
}

void arch_tlb_flush_page(uintptr va) {
  asm volatile("invlpg (%0)" ::"r"(va) : "memory");
}

/* Reloading CR3 drops every non-global entry, that is every user one. */
void arch_tlb_flush_all(void) {
  write_cr3(read_cr3());
}
