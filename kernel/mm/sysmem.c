/* The memory-statistics system calls: free frames in the system, and the
 * caller's virtual pages, resident pages and page-table pages. */
#include "mm/sysmem.h"
#include "mm/frame.h"
#include "proc/proc.h"

int64 sys_getNumFreePages(void) { return frame_free_count(); }

int64 sys_getNumVirtPages(void) { return PAGE_ROUND_UP(myproc()->as.size) / PAGE_SIZE; }

/* Pages in [0, size) whose entry is valid and maps a frame. */
int64 sys_getNumPhysPages(void) {
  struct aspace *as = &myproc()->as;
  int64 n = 0;
  spin_lock(&as->lock);
  for (uintptr va = 0; va < as->size; va += PAGE_SIZE) {
    pte_t *pte = arch_pt_walk(as->pt, va, false);
    if (pte && arch_pte_present(*pte))
      n++;
  }
  spin_unlock(&as->lock);
  return n;
}

int64 sys_getNumPTPages(void) {
  struct aspace *as = &myproc()->as;
  spin_lock(&as->lock);
  int64 n = arch_pt_count(as->pt);
  spin_unlock(&as->lock);
  return n;
}
