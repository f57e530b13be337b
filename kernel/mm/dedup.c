/* dedup(): merges byte-identical user pages of all processes into one frame
 * each, shared copy-on-write. The algorithm and its SMP scheme: docs/dedup.md. */
#include "arch/arch.h"
#include "lib/errno.h"
#include "lib/sleeplock.h"
#include "mm/aspace.h"
#include "mm/dedup_table.h"
#include "mm/frame.h"
#include "mm/sysmem.h"
#include "proc/proc.h"

#define BATCH_PAGES 64 /* pages handled per hold of a process's locks */

struct dedup_run {
  struct dedup_table by_frame;   /* frame -> the frame it merges into */
  struct dedup_table by_content; /* content hash -> first frame seen with it */
  uintptr last_survivor;         /* tried before hashing: runs of equal pages are common */
  uint64 user_pages;             /* counted while write-protecting */
  uintptr cursor;                /* next address in the current process */
  bool done;                     /* the current process is finished */
  int (*phase)(pte_t *pte, pte_t *unused, uintptr va, void *run);
};

static uint64 page_hash(const uint64 *w) {
  uint64 a = 0x9e3779b97f4a7c15ULL, b = 0xc2b2ae3d27d4eb4fULL;
  uint64 c = 0x165667b19e3779f9ULL, d = 0x27d4eb2f165667c5ULL;
  for (int i = 0; i < 512; i += 4) {
    a = (a ^ w[i]) * 0x100000001b3ULL;
    b = (b ^ w[i + 1]) * 0x100000001b3ULL;
    c = (c ^ w[i + 2]) * 0x100000001b3ULL;
    d = (d ^ w[i + 3]) * 0x100000001b3ULL;
  }
  return (a ^ (b << 1) ^ (c << 2) ^ (d << 3)) | 1; /* never 0: 0 marks an empty slot */
}

static bool pages_equal(const uint64 *x, const uint64 *y) {
  for (int i = 0; i < 512; i++)
    if (x[i] != y[i])
      return false;
  return true;
}

/* Pass 1: no user page stays writable, so contents cannot change under us. */
static int write_protect(pte_t *pte, pte_t *unused, uintptr va, void *arg) {
  struct dedup_run *run = arg;
  int prot = arch_pte_prot(*pte);
  if (!(prot & PROT_USER))
    return 0;
  run->user_pages++;
  if (prot & PROT_WRITE)
    *pte = arch_pte_make(arch_pte_frame(*pte), (prot & ~PROT_WRITE) | PROT_COW);
  return 0;
}

/* The frame a new frame's contents already live in, or the frame itself. */
static uintptr find_survivor(struct dedup_run *run, uintptr pa) {
  const uint64 *data = arch_pa_to_kva(pa);
  if (run->last_survivor && pages_equal(data, arch_pa_to_kva(run->last_survivor)))
    return run->last_survivor;
  uint64 hash = page_hash(data);
  struct dedup_slot *same = dedup_table_find(&run->by_content, hash);
  if (!same)
    return pa; /* table full: this frame stays as it is */
  if (same->key == 0) {
    same->key = hash;
    same->value = pa;
    run->by_content.used++;
    return pa;
  }
  /* a hash only finds a candidate; a collision of different pages stays apart */
  return pages_equal(data, arch_pa_to_kva(same->value)) ? same->value : pa;
}

/* The survivor for frame pa, recording pa the first time it is seen. dedup's
 * reference keeps a recorded frame immutable: a copy-on-write fault on a
 * frame with other references copies it. 0 when the table is full. */
static uintptr survivor_of(struct dedup_run *run, uintptr pa) {
  struct dedup_slot *mine = dedup_table_find(&run->by_frame, pa);
  if (mine && mine->key == pa)
    return mine->value;
  if (!mine || run->by_frame.used * 4 >= run->by_frame.capacity * 3)
    return 0;
  uintptr survivor = find_survivor(run, pa);
  frame_get(pa);
  mine->key = pa;
  mine->value = survivor;
  run->by_frame.used++;
  run->last_survivor = survivor;
  return survivor;
}

/* Pass 2: point every read-only user mapping of a duplicate at its survivor. */
static int merge_page(pte_t *pte, pte_t *unused, uintptr va, void *arg) {
  int prot = arch_pte_prot(*pte);
  if (!(prot & PROT_USER) || (prot & PROT_WRITE))
    return 0; /* kernel-only, or written since pass 1: private again */
  uintptr pa = arch_pte_frame(*pte);
  uintptr survivor = survivor_of(arg, pa);
  if (survivor && survivor != pa) {
    frame_get(survivor);
    *pte = arch_pte_make(survivor, prot);
    frame_put(pa); /* dedup still holds a reference */
  }
  return 0;
}

/* Runs the current phase over one batch of a process, under its lock. */
static void visit_batch(struct proc *p, void *arg) {
  struct dedup_run *run = arg;
  struct aspace *as = &p->as;
  spin_lock(&as->lock);
  uintptr end = MIN(as->size, run->cursor + BATCH_PAGES * PAGE_SIZE);
  bool skip = !as->pt || as->never_shared;
  if (!skip)
    arch_pt_for_each(as->pt, run->cursor, end, run->phase, run);
  run->cursor = end;
  run->done = skip || end >= as->size;
  spin_unlock(&as->lock);
}

/* Runs one pass over every live process, a batch at a time. */
static void run_phase(struct dedup_run *run,
                      int (*phase)(pte_t *pte, pte_t *unused, uintptr va, void *run)) {
  run->phase = phase;
  for (int slot = 0; slot < NPROC; slot++) {
    run->cursor = 0;
    run->done = false;
    while (!run->done && proc_visit(slot, visit_batch, run))
      ;
  }
}

/* Drops the table's references; counts the duplicates that died with them. */
static int64 release_frames(struct dedup_run *run) {
  int64 freed = 0;
  for (uint64 i = 0; i < run->by_frame.capacity; i++) {
    struct dedup_slot *s = dedup_table_slot(&run->by_frame, i);
    if (s->key && frame_put(s->key) && s->value != s->key)
      freed++;
  }
  return freed;
}

/* Tables sized for every user page if memory allows; under memory pressure
 * smaller ones, which merge fewer pages this call but still free frames. */
static int tables_init(struct dedup_run *run, uint64 want) {
  for (want = MAX(want, DEDUP_MIN_ENTRIES);; want /= 2) {
    if (dedup_table_init(&run->by_frame, want) == 0) {
      if (dedup_table_init(&run->by_content, want) == 0)
        return 0;
      dedup_table_free(&run->by_frame);
    }
    if (want <= DEDUP_MIN_ENTRIES)
      return -ENOMEM;
  }
}

/* One dedup at a time: a run's tables and phases assume nobody else merges. */
static struct sleeplock dedup_serial;

void dedup_init(void) {
  sleeplock_init(&dedup_serial, "dedup");
}

int64 sys_dedup(void) {
  static struct dedup_run run;
  sleeplock_acquire(&dedup_serial);
  run.user_pages = 0;
  run_phase(&run, write_protect);
  arch_tlb_shootdown(); /* no hart keeps a writable translation (t_dedup's writers) */
  int64 result = tables_init(&run, 2 * run.user_pages + 64);
  if (result == 0) {
    run.last_survivor = 0;
    run_phase(&run, merge_page);
    arch_tlb_shootdown(); /* no hart still reads a frame about to be freed (t_tlb) */
    result = release_frames(&run);
    dedup_table_free(&run.by_frame);
    dedup_table_free(&run.by_content);
  }
  sleeplock_release(&dedup_serial);
  return result;
}
