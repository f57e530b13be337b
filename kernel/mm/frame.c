/* The frame table: a 4-byte reference count per physical frame, updated
 * atomically, and a locked free list whose length is the free-frame count. */
#include "mm/frame.h"
#include "arch/arch.h"
#include "lib/printf.h"
#include "lib/spinlock.h"
#include "lib/string.h"
#include "mm/inject.h"

struct free_frame {
  struct free_frame *next;
};

static struct {
  struct spinlock lock; /* guards free_list and free_count */
  struct free_frame *free_list;
  uint64 free_count;
  uint32 *refs; /* one count per frame in [base, end) */
  uintptr base, end;
} table;

static uint32 *ref_of(uintptr pa) {
  uintptr offset = pa - table.base; /* wraps for pa below base, so one test suffices */
  if (offset >= table.end - table.base || (pa & (PAGE_SIZE - 1)))
    panic("frame: bad frame address 0x%lx", (unsigned long)pa);
  return &table.refs[offset / PAGE_SIZE];
}

#ifdef FRAME_POISON
/* Debug builds fill free frames with a pattern and check it on allocation,
 * catching writes through stale references to freed frames. */
#define POISON 0x6b6b6b6b6b6b6b6bULL
static void poison(uintptr pa) {
  uint64 *w = arch_pa_to_kva(pa);
  for (uint64 i = 1; i < PAGE_SIZE / 8; i++)
    w[i] = POISON;
}
static void check_poison(uintptr pa) {
  uint64 *w = arch_pa_to_kva(pa);
  for (uint64 i = 1; i < PAGE_SIZE / 8; i++)
    if (w[i] != POISON)
      panic("frame 0x%lx written after free (word %ld = 0x%lx)", pa, (long)i, w[i]);
}
#else
static void poison(uintptr pa) {
  (void)pa;
}
static void check_poison(uintptr pa) {
  (void)pa;
}
#endif

static void pool_push(uintptr pa) {
  struct free_frame *f = arch_pa_to_kva(pa);
  poison(pa);
  spin_lock(&table.lock);
  f->next = table.free_list;
  table.free_list = f;
  table.free_count++;
  spin_unlock(&table.lock);
}

/* Manages [first, end); the count array is carved from the front of it. */
void frame_init(uintptr first, uintptr end) {
  spin_init(&table.lock, "frames");
  first = PAGE_ROUND_UP(first);
  end = PAGE_ROUND_DOWN(end);
  uint64 nframes = (end - first) / PAGE_SIZE;
  table.refs = arch_pa_to_kva(first);
  uintptr array_end = PAGE_ROUND_UP(first + nframes * sizeof(uint32));
  table.base = array_end;
  table.end = end;
  memset(table.refs, 0, array_end - first);
  for (uintptr pa = end - PAGE_SIZE; pa >= table.base && pa < end; pa -= PAGE_SIZE)
    pool_push(pa); /* pushed top-down so allocation starts low */
}

uintptr frame_alloc(void) {
  if (inject_alloc_failure())
    return 0;
  spin_lock(&table.lock);
  struct free_frame *f = table.free_list;
  if (f) {
    table.free_list = f->next;
    table.free_count--;
  }
  spin_unlock(&table.lock);
  if (!f)
    return 0;
  uintptr pa = arch_kva_to_pa(f);
  check_poison(pa);
  __atomic_store_n(ref_of(pa), 1, __ATOMIC_RELEASE);
  return pa;
}

uintptr frame_alloc_zeroed(void) {
  uintptr pa = frame_alloc();
  if (pa)
    memset(arch_pa_to_kva(pa), 0, PAGE_SIZE);
  return pa;
}

void frame_get(uintptr pa) {
  if (__atomic_fetch_add(ref_of(pa), 1, __ATOMIC_ACQ_REL) == 0)
    panic("frame_get: frame 0x%lx is free", (unsigned long)pa);
}

bool frame_put(uintptr pa) {
  uint32 before = __atomic_fetch_sub(ref_of(pa), 1, __ATOMIC_ACQ_REL);
  if (before == 0)
    panic("frame_put: frame 0x%lx is already free", (unsigned long)pa);
  if (before == 1)
    pool_push(pa);
  return before == 1;
}

bool frame_put_shared(uintptr pa) {
  uint32 *ref = ref_of(pa);
  uint32 seen = __atomic_load_n(ref, __ATOMIC_ACQUIRE);
  /* a compare-and-swap, so that two holders racing cannot both see "others
   * remain" and leave the frame's contents with no one to release them */
  while (seen > 1)
    if (__atomic_compare_exchange_n(ref, &seen, seen - 1, false, __ATOMIC_ACQ_REL,
                                    __ATOMIC_ACQUIRE))
      return true;
  if (seen == 0)
    panic("frame_put_shared: frame 0x%lx is free", (unsigned long)pa);
  return false;
}

uint32 frame_refs(uintptr pa) {
  return __atomic_load_n(ref_of(pa), __ATOMIC_ACQUIRE);
}

uint64 frame_free_count(void) {
  spin_lock(&table.lock);
  uint64 n = table.free_count;
  spin_unlock(&table.lock);
  return n;
}

uint64 frame_total_count(void) {
  return (table.end - table.base) / PAGE_SIZE;
}

uint64 frame_shared_count(void) {
  uint64 n = 0, frames = frame_total_count();
  for (uint64 i = 0; i < frames; i++)
    if (__atomic_load_n(&table.refs[i], __ATOMIC_RELAXED) > 1)
      n++;
  return n;
}
