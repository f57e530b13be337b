/* User address spaces: creation, growth and shrinking, destruction. Only
 * this layer (with fault.c, fork.c and ptshare.c) writes user page-table entries. */
#include "mm/aspace.h"
#include "lib/errno.h"
#include "mm/frame.h"
#include "mm/ptshare.h"

int as_create(struct aspace *as) {
  spin_init(&as->lock, "aspace");
  as->size = as->image_end = as->heap_start = 0;
  as->never_shared = false;
  as->pt = arch_pt_create();
  return as->pt ? 0 : -ENOMEM;
}

void as_destroy(struct aspace *as) {
  if (!as->pt)
    return;
  spin_lock(&as->lock);
  /* everything mapped below the user top, whatever size says: a half-built
   * image (a failed exec) may have pages above it */
  pt_unmap(as, 0, arch_user_top()); /* cannot fail: only whole tables go */
  arch_pt_destroy(as->pt);
  as->pt = 0;
  as->size = 0;
  spin_unlock(&as->lock);
}

/* Maps one zeroed frame at va; with as->lock held. */
static int map_new_page(struct aspace *as, uintptr va, int prot) {
  uintptr pa = frame_alloc_zeroed();
  if (!pa)
    return -ENOMEM;
  pte_t *pte = pt_private_entry(as, va, true, prot & PROT_WRITE);
  if (!pte) {
    frame_put(pa);
    return -ENOMEM;
  }
  if (arch_pte_present(*pte))
    frame_put(arch_pte_frame(*pte));
  *pte = arch_pte_make(pa, prot);
  return 0;
}

int as_grow(struct aspace *as, uintptr from, uintptr to, int prot) {
  if (to < from || to > arch_user_top())
    return -ENOMEM;
  spin_lock(&as->lock);
  for (uintptr va = PAGE_ROUND_UP(from); va < to; va += PAGE_SIZE) {
    int err = map_new_page(as, va, prot);
    if (err) {
      /* the tables written so far are this space's own: nothing to copy */
      pt_unmap(as, PAGE_ROUND_UP(from), va);
      spin_unlock(&as->lock);
      return err;
    }
  }
  spin_unlock(&as->lock);
  /* No cached "not present" may hide the new pages: RISC-V allows a hart to
   * keep one until its next translation fence (x86 never caches them, nor does QEMU, so no
   * test can show it). */
  arch_tlb_flush_all();
  return 0;
}

int as_shrink(struct aspace *as, uintptr from, uintptr to) {
  from = PAGE_ROUND_UP(from);
  to = PAGE_ROUND_UP(to);
  spin_lock(&as->lock);
  /* Only the table holding from keeps entries below the range; copying it
   * first, if shared, is the one step that can fail, and it changes nothing
   * the process sees. */
  int err = from % ARCH_LEAF_SPAN ? pt_make_private(as, from) : 0;
  if (!err)
    err = pt_unmap(as, from, to);
  arch_pt_prune(as->pt, from, to);
  spin_unlock(&as->lock);
  arch_tlb_flush_all(); /* the freed pages must fault: t_mem's sbrk checks */
  return err;
}

uintptr as_frame_at(struct aspace *as, uintptr va) {
  spin_lock(&as->lock);
  pte_t *pte = arch_pt_walk(as->pt, va, false);
  uintptr pa = (pte && arch_pte_present(*pte)) ? arch_pte_frame(*pte) : 0;
  spin_unlock(&as->lock);
  return pa;
}

void as_replace(struct aspace *as, struct aspace *next) {
  struct aspace old = *as;
  spin_lock(&as->lock);
  as->pt = next->pt;
  as->size = next->size;
  as->image_end = next->image_end;
  as->heap_start = next->heap_start;
  spin_unlock(&as->lock);
  next->pt = old.pt;
  next->size = old.size;
  next->image_end = old.image_end;
  next->heap_start = old.heap_start;
  /* Belt and braces: the return to user switches to the new root, which
   * flushes, and nothing touches user addresses before; no test can fail
   * without it. */
  arch_tlb_flush_all();
}
