/* memstat(): the system's frame counts and a per-region breakdown of one
 * process's address space (virtual, resident, shared, copy-on-write pages). */
#include "mm/memstat.h"
#include "lib/errno.h"
#include "lib/string.h"
#include "mm/frame.h"
#include "mm/ptshare.h"
#include "mm/sysmem.h"
#include "mm/uaccess.h"
#include "proc/proc.h"
#include "proc/syscall.h"

static int count_resident(pte_t *pte, pte_t *unused, uintptr va, void *arg) {
  struct memstat_region *r = arg;
  r->resident++;
  /* shared with another space through the frame, or through the whole table */
  if (frame_refs(arch_pte_frame(*pte)) > 1 || pt_entry_shared(pte))
    r->shared++;
  if (arch_pte_prot(*pte) & PROT_COW)
    r->cow++;
  return 0;
}

static void count_region(struct aspace *as, struct memstat_region *r, const char *name,
                         uintptr start, uintptr end) {
  strlcpy(r->name, name, sizeof(r->name));
  r->start = start;
  r->end = end;
  r->virt = (end - start) / PAGE_SIZE;
  arch_pt_for_each(as->pt, start, end, count_resident, r);
}

struct memstat_request {
  int pid;
  struct memstat *out;
  bool found;
};

static void fill_regions(struct proc *p, void *arg) {
  struct memstat_request *req = arg;
  struct aspace *as = &p->as;
  if (p->pid != req->pid)
    return;
  spin_lock(&as->lock);
  if (as->pt && as->size) {
    struct memstat *m = req->out;
    uintptr image = as->image_end, stack = image + PAGE_SIZE;
    count_region(as, &m->region[0], "image", 0, image);
    count_region(as, &m->region[1], "guard", image, stack);
    count_region(as, &m->region[2], "stack", stack, as->heap_start);
    count_region(as, &m->region[3], "heap", as->heap_start, PAGE_ROUND_UP(as->size));
    m->nregions = MEMSTAT_REGIONS;
    req->found = true;
  }
  spin_unlock(&as->lock);
}

int64 sys_memstat(void) {
  struct memstat m;
  memset(&m, 0, sizeof(m)); /* padding and unused regions too: all of m goes to the user */
  int pid = sysarg_int(0);
  struct memstat_request req = {pid ? pid : myproc()->pid, &m, false};
  m.pid = req.pid;
  for (int slot = 0; slot < NPROC && !req.found; slot++)
    proc_visit(slot, fill_regions, &req);
  if (!req.found)
    return -ESRCH;
  m.total_frames = frame_total_count();
  m.free_frames = frame_free_count();
  m.shared_frames = frame_shared_count();
  return copyout(&myproc()->as, sysarg_addr(1), &m, sizeof(m));
}
