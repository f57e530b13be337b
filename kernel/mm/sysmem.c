/* The memory-statistics system calls: free frames in the system, and the
 * caller's virtual pages, resident pages and page-table pages. */
#include "mm/sysmem.h"
#include "mm/frame.h"
#include "proc/proc.h"

int64 sys_getNumFreePages(void) {
  return frame_free_count();
}

int64 sys_getNumVirtPages(void) {
  return PAGE_ROUND_UP(myproc()->as.size) / PAGE_SIZE;
}

static int count_page(pte_t *pte, pte_t *unused, uintptr va, void *count) {
  (*(int64 *)count)++;
  return 0;
}

/* Pages in [0, size) whose entry is valid and maps a frame. */
int64 sys_getNumPhysPages(void) {
  struct aspace *as = &myproc()->as;
  int64 n = 0;
  spin_lock(&as->lock);
  arch_pt_for_each(as->pt, 0, as->size, count_page, &n);
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
