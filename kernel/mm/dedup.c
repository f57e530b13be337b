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
  uint64 user_pages;             /* counted while write-protecting */
  uintptr cursor;                /* next address in the current process */
  bool done;                     /* the current process is finished */
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

/* Walks the user pages of the current batch, calling fn on each present
 * user page; with as->lock held. */
static void for_batch(struct aspace *as, struct dedup_run *run,
                      void (*fn)(struct dedup_run *run, pte_t *pte)) {
  uintptr end = MIN(as->size, run->cursor + BATCH_PAGES * PAGE_SIZE);
  for (uintptr va = run->cursor; va < end; va += PAGE_SIZE) {
    pte_t *pte = arch_pt_walk(as->pt, va, false);
    if (pte && arch_pte_present(*pte) && (arch_pte_prot(*pte) & PROT_USER))
      fn(run, pte);
  }
  run->cursor = end;
  run->done = end >= as->size;
}

/* Phase 1: no user page stays writable, so contents cannot change under us. */
static void write_protect(struct dedup_run *run, pte_t *pte) {
  int prot = arch_pte_prot(*pte);
  run->user_pages++;
  if (prot & PROT_WRITE)
    *pte = arch_pte_make(arch_pte_frame(*pte), (prot & ~PROT_WRITE) | PROT_COW);
}

/* Phase 2: hash each frame once; the table's reference keeps it immutable
 * (a copy-on-write fault on a frame with other references copies it). */
static void record_frame(struct dedup_run *run, pte_t *pte) {
  if (arch_pte_prot(*pte) & PROT_WRITE)
    return; /* written since phase 1: private again */
  uintptr pa = arch_pte_frame(*pte);
  struct dedup_slot *mine = dedup_table_find(&run->by_frame, pa);
  if (!mine || mine->key == pa || run->by_frame.used * 4 >= run->by_frame.capacity * 3)
    return;
  const uint64 *data = arch_pa_to_kva(pa);
  uint64 hash = page_hash(data);
  struct dedup_slot *same = dedup_table_find(&run->by_content, hash);
  if (!same)
    return;
  frame_get(pa);
  mine->key = pa;
  mine->value = pa;
  run->by_frame.used++;
  if (same->key == 0) {
    same->key = hash;
    same->value = pa;
    run->by_content.used++;
  } else if (pages_equal(data, arch_pa_to_kva(same->value))) {
    mine->value = same->value;
  }
}

/* Phase 3: point every mapping of a duplicate at the surviving frame. */
static void merge_mapping(struct dedup_run *run, pte_t *pte) {
  int prot = arch_pte_prot(*pte);
  if (prot & PROT_WRITE)
    return;
  uintptr pa = arch_pte_frame(*pte);
  struct dedup_slot *s = dedup_table_find(&run->by_frame, pa);
  if (!s || s->key != pa || s->value == pa)
    return;
  frame_get(s->value);
  *pte = arch_pte_make(s->value, prot);
  frame_put(pa); /* the table still holds a reference */
}

static void (*current_phase)(struct dedup_run *run, pte_t *pte);

static void visit_batch(struct proc *p, void *arg) {
  struct dedup_run *run = arg;
  struct aspace *as = &p->as;
  spin_lock(&as->lock);
  if (as->pt)
    for_batch(as, run, current_phase);
  else
    run->done = true;
  spin_unlock(&as->lock);
}

/* Runs one phase over every live process, a batch at a time. */
static void run_phase(struct dedup_run *run, void (*phase)(struct dedup_run *, pte_t *)) {
  current_phase = phase;
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

static struct sleeplock dedup_serial = {{0, "dedup", -1}, false, 0, "dedup"};

int64 sys_dedup(void) {
  static struct dedup_run run;
  sleeplock_acquire(&dedup_serial);
  run.user_pages = 0;
  run_phase(&run, write_protect);
  arch_tlb_shootdown(); /* no hart keeps a writable translation */
  int64 result = tables_init(&run, 2 * run.user_pages + 64);
  if (result == 0) {
    run_phase(&run, record_frame);
    run_phase(&run, merge_mapping);
    arch_tlb_shootdown(); /* no hart still reads a frame about to be freed */
    result = release_frames(&run);
    dedup_table_free(&run.by_frame);
    dedup_table_free(&run.by_content);
  }
  sleeplock_release(&dedup_serial);
  return result;
}
