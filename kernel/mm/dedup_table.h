/* Open-addressing hash tables for dedup, stored in single frames reached
 * through a directory frame, so no contiguous kernel memory is needed. */
#ifndef MOO_DEDUP_TABLE_H
#define MOO_DEDUP_TABLE_H

#include "lib/types.h"

struct dedup_slot {
  uint64 key; /* 0 = empty */
  uint64 value;
};

struct dedup_table {
  struct dedup_slot **pages; /* a directory frame of slot frames */
  uint64 capacity;           /* a power of two */
  uint64 used;
};

#define DEDUP_MIN_ENTRIES 256 /* one frame of slots */

/* 0, or -ENOMEM with nothing allocated. */
int dedup_table_init(struct dedup_table *t, uint64 min_entries);
void dedup_table_free(struct dedup_table *t);
struct dedup_slot *dedup_table_slot(struct dedup_table *t, uint64 index);
/* The slot holding key, or the empty slot where it would go; 0 if full. */
struct dedup_slot *dedup_table_find(struct dedup_table *t, uint64 key);

#endif
