/* The user heap: malloc and free over one address-ordered free list, first
 * fit, with neighbours merged on free; grows the break with sbrk. */
#include "user.h"

/* Each block, free or in use, starts with this header; sizes are counted in
 * header-sized units (16 bytes, which also keeps every payload 16-aligned). */
struct block {
  struct block *next_free; /* used only while the block is free */
  uint64 units;            /* block size, header included */
};

#define UNIT sizeof(struct block)
#define GROW_MIN_UNITS 4096  /* ask the kernel for at least 64 KiB at a time */
#define SBRK_MAX 0x7ffff000L /* sbrk takes an int */

static struct block *free_list; /* ascending addresses, 0-terminated */

static int adjacent(struct block *a, struct block *b) {
  return a + a->units == b;
}

/* Puts b on the free list, merging it with the blocks right before and after it. */
static void release(struct block *b) {
  struct block *prev = 0;
  struct block *next = free_list;
  while (next != 0 && next < b) {
    prev = next;
    next = next->next_free;
  }
  if (next == b || (prev != 0 && prev + prev->units > b))
    return; /* already free: ignore a double free */

  b->next_free = next;
  if (next != 0 && adjacent(b, next)) {
    b->units += next->units;
    b->next_free = next->next_free;
  }
  if (prev == 0) {
    free_list = b;
  } else if (adjacent(prev, b)) {
    prev->units += b->units;
    prev->next_free = b->next_free;
  } else {
    prev->next_free = b;
  }
}

/* Adds exactly units of fresh memory to the heap; returns 0 when the kernel refuses. */
static int grow_by(uint64 units) {
  char *brk = sbrk(0);
  if (brk == (char *)-1)
    return 0;
  uint64 pad = (UNIT - (uintptr)brk % UNIT) % UNIT;
  uint64 bytes = pad + units * UNIT;
  if (bytes > SBRK_MAX)
    return 0;
  char *start = sbrk((int)bytes);
  if (start == (char *)-1)
    return 0;
  struct block *b = (struct block *)(start + pad);
  b->units = units;
  release(b);
  return 1;
}

/* Grows the heap in large steps, or by just what is needed when memory is short. */
static int grow(uint64 units) {
  if (units < GROW_MIN_UNITS && grow_by(GROW_MIN_UNITS))
    return 1;
  return grow_by(units);
}

/* First fit: the first free block big enough; a larger block gives up its tail. */
static void *take(uint64 units) {
  struct block *prev = 0;
  for (struct block *b = free_list; b != 0; prev = b, b = b->next_free) {
    if (b->units < units)
      continue;
    if (b->units - units >= 2) {
      b->units -= units;
      struct block *tail = b + b->units;
      tail->units = units;
      return tail + 1;
    }
    if (prev == 0)
      free_list = b->next_free;
    else
      prev->next_free = b->next_free;
    return b + 1;
  }
  return 0;
}

void *malloc(uint nbytes) {
  if (nbytes == 0)
    nbytes = 1;
  uint64 units = ((uint64)nbytes + UNIT - 1) / UNIT + 1;
  void *p = take(units);
  if (p == 0 && grow(units))
    p = take(units);
  return p;
}

void free(void *p) {
  if (p != 0)
    release((struct block *)p - 1);
}
