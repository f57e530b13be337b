/* Duplicating an address space for fork: by default the child shares the
 * parent's leaf tables, and through them every frame, copy-on-write
 * (mm/ptshare.c); built with FORK_EAGER it gets private copies at once. */
#include "arch/arch.h"
#include "lib/errno.h"
#include "lib/string.h"
#include "mm/aspace.h"
#include "mm/frame.h"
#include "mm/ptshare.h"

/* Gives the child its own copy of the frame behind *src. */
static int copy_page(pte_t *src, pte_t *dst, uintptr va, void *arg) {
  uintptr copy = frame_alloc();
  if (!copy)
    return -ENOMEM;
  memcpy(arch_pa_to_kva(copy), arch_pa_to_kva(arch_pte_frame(*src)), PAGE_SIZE);
  *dst = arch_pte_make(copy, arch_pte_prot(*src));
  return 0;
}

#ifdef FORK_EAGER
static const bool fork_copies_eagerly = true;
#else
static const bool fork_copies_eagerly = false;
#endif

/* On failure dst holds whatever was mapped so far; the caller destroys it. */
int as_fork(struct aspace *dst, struct aspace *src) {
  bool copy = fork_copies_eagerly || src->never_shared;
  spin_lock(&src->lock);
  spin_lock(&dst->lock);
  int err =
      copy ? arch_pt_copy(dst->pt, src->pt, 0, src->size, copy_page, 0) : pt_share_all(dst, src);
  dst->size = src->size;
  dst->image_end = src->image_end;
  dst->heap_start = src->heap_start;
  spin_unlock(&dst->lock);
  spin_unlock(&src->lock);
  arch_tlb_flush_all(); /* the parent's writable entries are now stale (t_tlb, t_cow) */
  return err;
}
