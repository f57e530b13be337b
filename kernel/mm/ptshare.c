/* Leaf page tables shared between address spaces after fork: sharing costs a
 * reference per table, and the first change by one sharer copies its table. */
#include "mm/ptshare.h"
#include "lib/errno.h"
#include "mm/frame.h"

_Static_assert(ARCH_LEAF_ENTRIES * sizeof(pte_t) == PAGE_SIZE, "a leaf table is one frame");

/* A leaf table is a whole frame, so any entry's page is its table. */
static uintptr table_frame(const pte_t *pte) {
  return arch_kva_to_pa((const void *)PAGE_ROUND_DOWN((uintptr)pte));
}

static unsigned entry_index(uintptr va) {
  return (va / PAGE_SIZE) % ARCH_LEAF_ENTRIES;
}

bool pt_entry_shared(const pte_t *pte) {
  return frame_refs(table_frame(pte)) > 1;
}

/* ---- sharing at fork ---- */

struct share {
  pagetable_t dst, src;
};

static int share_table(pte_t *leaf, bool readonly, uintptr base, void *arg) {
  struct share *s = arg;
  if (!readonly) {
    /* once per table, not per fork: the mark lasts until a writable entry
     * is stored in it, and a shared table never gets one */
    for (int i = 0; i < ARCH_LEAF_ENTRIES; i++)
      if (arch_pte_present(leaf[i]))
        leaf[i] = arch_pte_share_cow(leaf[i]);
    arch_pt_set_leaf(s->src, base, leaf, true); /* the path exists: cannot fail */
  }
  frame_get(table_frame(leaf));
  if (arch_pt_set_leaf(s->dst, base, leaf, true) < 0) {
    frame_put(table_frame(leaf));
    return -ENOMEM;
  }
  return 0;
}

int pt_share_all(struct aspace *dst, struct aspace *src) {
  struct share s = {dst->pt, src->pt};
  return arch_pt_for_each_leaf(src->pt, 0, src->size, share_table, &s);
}

/* ---- letting go of a table ---- */

/* Drops a table pt no longer points at: only the reference while others use
 * it; the last user also drops the frames its entries map, then the table. */
static void release_table(pte_t *leaf) {
  if (frame_put_shared(table_frame(leaf)))
    return;
  for (int i = 0; i < ARCH_LEAF_ENTRIES; i++)
    if (arch_pte_present(leaf[i]))
      frame_put(arch_pte_frame(leaf[i]));
  frame_put(table_frame(leaf));
}

/* ---- the private copy ---- */

/* Points as at a copy of the shared table for va's span; 0 when no frame.
 * Other sharers may change entries meanwhile (dedup merges pages for all of
 * them), but never make one writable, and each entry is read whole. */
static pte_t *copy_table(struct aspace *as, uintptr va, pte_t *shared) {
  uintptr pa = frame_alloc();
  if (!pa)
    return 0;
  pte_t *copy = arch_pa_to_kva(pa);
  for (int i = 0; i < ARCH_LEAF_ENTRIES; i++) {
    pte_t entry = shared[i]; /* read once: dedup may change it meanwhile */
    if (arch_pte_present(entry))
      frame_get(arch_pte_frame(entry));
    copy[i] = entry;
  }
  arch_pt_set_leaf(as->pt, va, copy, true); /* the path exists: cannot fail */
  /* This hart may still walk through the shared table: hardware caches the
   * entries above a leaf (x86's PDE cache, RISC-V's non-leaf entries), and a
   * later miss would read the old table, which its other user may now fill
   * with its own writable pages. Not visible under QEMU, which caches only
   * finished translations, and those are the same in the copy. */
  arch_tlb_flush_all();
  release_table(shared);
  return copy;
}

int pt_make_private(struct aspace *as, uintptr va) {
  pte_t *leaf = arch_pt_leaf(as->pt, va, 0);
  if (leaf && pt_entry_shared(leaf) && !copy_table(as, va, leaf))
    return -ENOMEM;
  return 0;
}

pte_t *pt_private_entry(struct aspace *as, uintptr va, bool create, bool writable) {
  if (pt_make_private(as, va) < 0)
    return 0;
  bool readonly = false;
  pte_t *leaf = arch_pt_leaf(as->pt, va, &readonly);
  if (!leaf)
    return create ? arch_pt_walk(as->pt, va, true) : 0; /* a new table is unmarked */
  if (writable && readonly)
    arch_pt_set_leaf(as->pt, va, leaf, false);
  return &leaf[entry_index(va)];
}

/* ---- unmapping ---- */

struct unmap {
  struct aspace *as;
  uintptr from, to;
};

/* Does leaf map a page of its span outside [lo, hi)? */
static bool maps_outside(const pte_t *leaf, uintptr base, uintptr lo, uintptr hi) {
  for (uintptr va = base; va < lo; va += PAGE_SIZE)
    if (arch_pte_present(leaf[entry_index(va)]))
      return true;
  for (uintptr va = hi; va < base + ARCH_LEAF_SPAN; va += PAGE_SIZE)
    if (arch_pte_present(leaf[entry_index(va)]))
      return true;
  return false;
}

static int unmap_table(pte_t *leaf, bool readonly, uintptr base, void *arg) {
  struct unmap *u = arg;
  uintptr lo = MAX(base, u->from), hi = MIN(base + ARCH_LEAF_SPAN, u->to);
  if (!maps_outside(leaf, base, lo, hi)) { /* all it maps goes: let go of the table whole */
    arch_pt_set_leaf(u->as->pt, base, 0, false);
    release_table(leaf);
    return 0;
  }
  if (pt_entry_shared(leaf) && !(leaf = copy_table(u->as, base, leaf)))
    return -ENOMEM;
  for (uintptr va = lo; va < hi; va += PAGE_SIZE) {
    pte_t *pte = &leaf[entry_index(va)];
    if (arch_pte_present(*pte)) {
      frame_put(arch_pte_frame(*pte));
      *pte = 0;
    }
  }
  return 0;
}

int pt_unmap(struct aspace *as, uintptr from, uintptr to) {
  struct unmap u = {as, from, to};
  return arch_pt_for_each_leaf(as->pt, from, to, unmap_table, &u);
}
