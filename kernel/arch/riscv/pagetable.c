/* The Sv39 page-table format: three levels of 512 entries, walking, entry
 * encoding (with the copy-on-write mark in a software bit) and TLB control. */
#include "arch/arch.h"
#include "dev/platform.h"
#include "lib/errno.h"
#include "lib/printf.h"
#include "lib/string.h"
#include "mm/frame.h"
#include "riscv.h"
#include "sbi.h"

#define LEVELS 3

static unsigned level_index(uintptr va, int level) {
  return (va >> (12 + 9 * level)) & 511;
}

static pte_t pa_to_pte(uintptr pa) {
  return (pa >> 12) << 10;
}

/* The leaf entry for va in either half (the kernel's half only while kvm.c
 * builds it at boot). */
pte_t *pt_walk_any(pagetable_t pt, uintptr va, bool create) {
  for (int level = LEVELS - 1; level > 0; level--) {
    pte_t *entry = &pt[level_index(va, level)];
    if (*entry & PTE_V) {
      pt = arch_pa_to_kva(arch_pte_frame(*entry));
      continue;
    }
    if (!create)
      return 0;
    uintptr table = frame_alloc_zeroed();
    if (!table)
      return 0;
    *entry = pa_to_pte(table) | PTE_V;
    pt = arch_pa_to_kva(table);
  }
  return &pt[level_index(va, 0)];
}

/* Machine-independent code walks user addresses only. */
pte_t *arch_pt_walk(pagetable_t pt, uintptr va, bool create) {
  return va < SV39_USER_END ? pt_walk_any(pt, va, create) : 0;
}

/* The entry of pt's middle table that points at va's leaf table; the middle
 * table is made when create is set. 0 when absent or no memory. */
static pte_t *leaf_slot(pagetable_t pt, uintptr va, bool create) {
  pte_t *top = &pt[level_index(va, 2)];
  if (!(*top & PTE_V)) {
    uintptr table = create ? frame_alloc_zeroed() : 0;
    if (!table)
      return 0;
    *top = pa_to_pte(table) | PTE_V;
  }
  pagetable_t middle = arch_pa_to_kva(arch_pte_frame(*top));
  return &middle[level_index(va, 1)];
}

pte_t *arch_pt_leaf(pagetable_t pt, uintptr va, bool *readonly) {
  pte_t *slot = va < SV39_USER_END ? leaf_slot(pt, va, false) : 0;
  if (!slot || !(*slot & PTE_V))
    return 0;
  if (readonly)
    *readonly = (*slot & PTE_LEAVES_READONLY) != 0;
  return arch_pa_to_kva(arch_pte_frame(*slot));
}

int arch_pt_set_leaf(pagetable_t pt, uintptr va, pte_t *leaf, bool readonly) {
  pte_t *slot = leaf_slot(pt, va, leaf != 0);
  if (!slot)
    return leaf ? -ENOMEM : 0;
  *slot = leaf ? pa_to_pte(arch_kva_to_pa(leaf)) | PTE_V | (readonly ? PTE_LEAVES_READONLY : 0) : 0;
  return 0;
}

/* Visits the present leaves of one table's subtree within [from, to). With
 * dst, also finds (creating) the entry at the same address in dst. */
struct pt_visit {
  uintptr from, to;
  pagetable_t dst;
  int (*fn)(pte_t *pte, pte_t *dst_pte, uintptr va, void *arg);
  int (*leaf_fn)(pte_t *leaf, bool readonly, uintptr base, void *arg); /* whole tables instead */
  void *arg;
};

static int visit_leaf_table(pagetable_t table, uintptr base, struct pt_visit *v) {
  pte_t *dst_leaves = 0; /* entry 0 of the matching table in dst */
  for (unsigned i = 0; i < 512; i++) {
    uintptr va = base + i * PAGE_SIZE;
    if (va < v->from || !(table[i] & PTE_V))
      continue;
    if (va >= v->to)
      break;
    if (v->dst && !dst_leaves && !(dst_leaves = arch_pt_walk(v->dst, base, true)))
      return -ENOMEM;
    int err = v->fn(&table[i], dst_leaves ? &dst_leaves[i] : 0, va, v->arg);
    if (err)
      return err;
  }
  return 0;
}

/* Callers keep [from, to) below SV39_USER_END, so a walk from the root stops
 * before the kernel's entries (index 256 on). */
static int visit_level(pagetable_t table, int level, uintptr base, struct pt_visit *v) {
  uintptr span = 1UL << (12 + 9 * level);
  for (unsigned i = 0; i < 512; i++) {
    uintptr va = base + i * span;
    if (va + span <= v->from || !(table[i] & PTE_V) || (table[i] & PTE_LEAF_BITS))
      continue;
    if (va >= v->to)
      break;
    pte_t entry = table[i]; /* read first: leaf_fn may change it */
    pagetable_t next = arch_pa_to_kva(arch_pte_frame(entry));
    int err;
    if (level > 1)
      err = visit_level(next, level - 1, va, v);
    else if (v->leaf_fn)
      err = v->leaf_fn(next, (entry & PTE_LEAVES_READONLY) != 0, va, v->arg);
    else
      err = visit_leaf_table(next, va, v);
    if (err)
      return err;
  }
  return 0;
}

int arch_pt_for_each(pagetable_t pt, uintptr from, uintptr to,
                     int (*fn)(pte_t *pte, pte_t *unused, uintptr va, void *arg), void *arg) {
  struct pt_visit v = {from, to, 0, fn, 0, arg};
  return visit_level(pt, LEVELS - 1, 0, &v);
}

int arch_pt_copy(pagetable_t dst, pagetable_t src, uintptr from, uintptr to,
                 int (*fn)(pte_t *src_pte, pte_t *dst_pte, uintptr va, void *arg), void *arg) {
  struct pt_visit v = {from, to, dst, fn, 0, arg};
  return visit_level(src, LEVELS - 1, 0, &v);
}

int arch_pt_for_each_leaf(pagetable_t pt, uintptr from, uintptr to,
                          int (*fn)(pte_t *leaf, bool readonly, uintptr base, void *arg),
                          void *arg) {
  struct pt_visit v = {from, to, 0, 0, fn, arg};
  return visit_level(pt, LEVELS - 1, 0, &v);
}

pagetable_t pt_new_root(void) {
  uintptr root = frame_alloc_zeroed();
  return root ? arch_pa_to_kva(root) : 0;
}

/* Frees table and the tables below it; only tables may remain in it. */
static void free_subtree(pagetable_t table, int level) {
  for (int i = 0; i < 512; i++) {
    pte_t e = table[i];
    if (!(e & PTE_V))
      continue;
    if (level == 0 || (e & PTE_LEAF_BITS))
      panic("pt_destroy: leaf still mapped");
    free_subtree(arch_pa_to_kva(arch_pte_frame(e)), level - 1);
  }
  frame_put(arch_kva_to_pa(table));
}

/* The kernel's half belongs to the kernel root: only the lower half's tables
 * are this root's own. */
void pt_free_user_tables(pagetable_t root) {
  for (int i = 0; i < ROOT_FIRST_KERNEL_INDEX; i++) {
    if (!(root[i] & PTE_V))
      continue;
    if (root[i] & PTE_LEAF_BITS)
      panic("pt_destroy: leaf still mapped");
    free_subtree(arch_pa_to_kva(arch_pte_frame(root[i])), LEVELS - 2);
  }
  frame_put(arch_kva_to_pa(root));
}

static bool table_is_empty(pagetable_t table) {
  for (int i = 0; i < 512; i++)
    if (table[i] & PTE_V)
      return false;
  return true;
}

/* Frees the tables below table (at level) that cover part of [from, to) and
 * hold no entries once their own children are pruned. */
static void prune_level(pagetable_t table, int level, uintptr base, uintptr from, uintptr to) {
  uintptr span = 1UL << (12 + 9 * level);
  for (unsigned i = 0; i < 512; i++) {
    uintptr va = base + i * span;
    if (va + span <= from || !(table[i] & PTE_V) || (table[i] & PTE_LEAF_BITS))
      continue;
    if (va >= to)
      break;
    pagetable_t next = arch_pa_to_kva(arch_pte_frame(table[i]));
    if (level > 1)
      prune_level(next, level - 1, va, from, to);
    if (table_is_empty(next)) {
      table[i] = 0;
      /* no walk of this hart may still hold the table once it is reused;
       * QEMU caches no non-leaf entry, so no test shows it (docs/fork.md) */
      arch_tlb_flush_all();
      frame_put(arch_kva_to_pa(next));
    }
  }
}

void arch_pt_prune(pagetable_t pt, uintptr from, uintptr to) {
  prune_level(pt, LEVELS - 1, 0, from, to);
}

/* Counts the kernel's tables too: they are reachable from every root. */
static int count_level(pagetable_t table, int level) {
  int n = 1;
  if (level == 0)
    return n;
  for (int i = 0; i < 512; i++)
    if ((table[i] & PTE_V) && !(table[i] & PTE_LEAF_BITS))
      n += count_level(arch_pa_to_kva(arch_pte_frame(table[i])), level - 1);
  return n;
}

int arch_pt_count(pagetable_t pt) {
  return count_level(pt, LEVELS - 1);
}

uintptr arch_user_top(void) {
  return USER_TOP;
}

void arch_tlb_flush_page(uintptr va) {
  asm volatile("sfence.vma %0, zero" ::"r"(va) : "memory");
}

void arch_tlb_flush_all(void) {
  asm volatile("sfence.vma zero, zero" ::: "memory");
}

void arch_tlb_shootdown(void) {
  uint64 others = ((1UL << platform.nharts) - 1) & ~(1UL << arch_hart_id());
  if (others)
    sbi_remote_sfence_vma(others);
  arch_tlb_flush_all();
}
