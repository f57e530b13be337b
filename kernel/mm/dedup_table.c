/* dedup's hash tables: slot frames allocated from the frame pool and
 * probed linearly; keys are never 0 (frame addresses, or hashes made odd). */
#include "mm/dedup_table.h"
#include "arch/arch.h"
#include "lib/errno.h"
#include "mm/frame.h"

#define SLOTS_PER_FRAME (PAGE_SIZE / sizeof(struct dedup_slot))
#define MAX_FRAMES (PAGE_SIZE / sizeof(struct dedup_slot *))

int dedup_table_init(struct dedup_table *t, uint64 min_entries) {
  uint64 cap = SLOTS_PER_FRAME;
  while (cap < min_entries && cap < SLOTS_PER_FRAME * MAX_FRAMES)
    cap *= 2;
  t->capacity = cap;
  t->used = 0;
  uintptr dir = frame_alloc_zeroed();
  if (!dir)
    return -ENOMEM;
  t->pages = arch_pa_to_kva(dir);
  for (uint64 i = 0; i < cap / SLOTS_PER_FRAME; i++) {
    uintptr pa = frame_alloc_zeroed();
    if (!pa) {
      dedup_table_free(t);
      return -ENOMEM;
    }
    t->pages[i] = arch_pa_to_kva(pa);
  }
  return 0;
}

void dedup_table_free(struct dedup_table *t) {
  if (!t->pages)
    return;
  for (uint64 i = 0; i < MAX_FRAMES && t->pages[i]; i++)
    frame_put(arch_kva_to_pa(t->pages[i]));
  frame_put(arch_kva_to_pa(t->pages));
  t->pages = 0;
}

struct dedup_slot *dedup_table_slot(struct dedup_table *t, uint64 index) {
  return &t->pages[index / SLOTS_PER_FRAME][index % SLOTS_PER_FRAME];
}

static uint64 mix(uint64 x) {
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdULL;
  x ^= x >> 33;
  return x;
}

struct dedup_slot *dedup_table_find(struct dedup_table *t, uint64 key) {
  uint64 mask = t->capacity - 1;
  for (uint64 n = 0, i = mix(key) & mask; n < t->capacity; n++, i = (i + 1) & mask) {
    struct dedup_slot *s = dedup_table_slot(t, i);
    if (s->key == key || s->key == 0)
      return s;
  }
  return 0;
}
