/* The one fault path: every access to user memory the hardware or the kernel
 * cannot make directly comes here, including copy-on-write resolution. */
#include "arch/arch.h"
#include "lib/errno.h"
#include "lib/string.h"
#include "mm/aspace.h"
#include "mm/frame.h"
#include "mm/ptshare.h"

/* Copy-on-write breaks since boot, whether fork or dedup shared the frame:
 * those that copied it and those that found the fault's page the frame's
 * last user and kept it (kstat reports both; tests compare them). */
static unsigned long cow_copied, cow_reused; /* the word size: atomic on both arches */

void as_cow_counts(unsigned long *copied, unsigned long *reused) {
  *copied = __atomic_load_n(&cow_copied, __ATOMIC_RELAXED);
  *reused = __atomic_load_n(&cow_reused, __ATOMIC_RELAXED);
}

/* Gives the process a private writable copy of the shared page at *pte. */
static int cow_break(pte_t *pte, uintptr va) {
  uintptr old = arch_pte_frame(*pte);
  int prot = (arch_pte_prot(*pte) | PROT_WRITE) & ~PROT_COW;
  if (frame_refs(old) == 1) {
    /* The last sharer keeps the frame. Only a permission is added, so no
     * flush: a translation this hart cached without it can only fault once
     * more, and as_fault then drops it. */
    *pte = arch_pte_make(old, prot);
    __atomic_add_fetch(&cow_reused, 1, __ATOMIC_RELAXED);
    return 0;
  }
  uintptr copy = frame_alloc();
  if (!copy)
    return -ENOMEM;
  memcpy(arch_pa_to_kva(copy), arch_pa_to_kva(old), PAGE_SIZE);
  *pte = arch_pte_make(copy, prot);
  frame_put(old);
  __atomic_add_fetch(&cow_copied, 1, __ATOMIC_RELAXED);
  /* a cached translation of the old frame must go: others may write it, and
   * after a copyout this process must read its copy (t_tlb's pipe rounds) */
  arch_tlb_flush_page(va);
  return 0;
}

static bool access_allowed(int prot, enum access access) {
  if (access == ACCESS_EXEC)
    return prot & PROT_EXEC;
  if (access == ACCESS_WRITE)
    return prot & PROT_WRITE;
  return prot & PROT_READ;
}

int as_fault_locked(struct aspace *as, uintptr va, enum access access, uintptr *pa) {
  if (va >= arch_user_top())
    return -EFAULT;
  pte_t *pte = arch_pt_walk(as->pt, PAGE_ROUND_DOWN(va), false);
  if (!pte || !arch_pte_present(*pte))
    return -EFAULT;
  int prot = arch_pte_prot(*pte);
  bool changed = false;
  if (!(prot & PROT_USER))
    return -EFAULT;
  if (!access_allowed(prot, access)) {
    if (access != ACCESS_WRITE || !(prot & PROT_COW))
      return -EFAULT;
    /* its leaf table may be shared since fork: the change must be ours alone */
    pte = pt_private_entry(as, PAGE_ROUND_DOWN(va), false, true);
    if (!pte)
      return -ENOMEM;
    int err = cow_break(pte, PAGE_ROUND_DOWN(va));
    if (err)
      return err;
    changed = true;
  }
  if (pa)
    *pa = arch_pte_frame(*pte);
  return changed;
}

int as_fault(struct aspace *as, uintptr va, enum access access) {
  spin_lock(&as->lock);
  int result = as_fault_locked(as, va, access, 0);
  spin_unlock(&as->lock);
  /* When the entry already allowed the access (arch_pte_prot reports only what
   * the hardware honours), the trap came from a stale translation: drop it, or
   * the access would fault again forever. No test can show it under QEMU,
   * whose TLB re-walks the table on a store it has cached only for reads, so
   * such a fault never happens there; on RISC-V hardware it may (a permission
   * added without its translation fence), on x86 the fault itself drops the entry. */
  if (result == 0)
    arch_tlb_flush_page(PAGE_ROUND_DOWN(va));
  return result < 0 ? result : 0;
}
