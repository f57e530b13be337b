/* The user heap: malloc and free over boundary-tagged chunks, free ones kept in size-class bins
 * (a doubly linked list per power of two) and merged with free neighbours at once. The heap
 * grows by half its size at a time (32 KiB at least) and gives a large free top back. */
#include "user.h"

/* A chunk is a 16-byte header, then the payload. While it is free, the payload holds its list
 * links, and its size is repeated in prev_size of the chunk above, so that chunk can find it. */
struct chunk {
  uint64 prev_size;   /* the size of the chunk below, kept only while that one is free */
  uint64 head;        /* this chunk's size in bytes (a multiple of ALIGN) | USED | BELOW_USED */
  struct chunk *next; /* the links of its bin, only while free */
  struct chunk *prev;
};

#define ALIGN 16ULL
#define HEAD 16ULL /* prev_size and head: a payload starts this far into its chunk */
#define USED 1ULL
#define BELOW_USED 2ULL /* the chunk below is in use, or there is none */
#define FLAGS (USED | BELOW_USED)
#define MIN_CHUNK 32ULL /* header and two links */
#define NBINS 24        /* bin i: sizes from MIN_CHUNK << i up to twice that */
#define GROW_FLOOR (32ULL * 1024)
#define TRIM_ABOVE (128ULL * 1024) /* a free top larger than this goes back to the kernel... */
#define TRIM_KEEP (64ULL * 1024)   /* ...all but this much of it */
#define PAGE 4096ULL
#define SBRK_MAX 0x7ffff000ULL /* sbrk takes an int */

static struct chunk *bins[NBINS];
static char *heap_end;    /* the end of the newest region: its top sentinel ends here */
static uint64 heap_bytes; /* every region together, to size the next growth */

static uint64 size_of(const struct chunk *c) {
  return c->head & ~FLAGS;
}

static struct chunk *at(void *base, long offset) {
  return (struct chunk *)((char *)base + offset);
}

static int bin_of(uint64 size) {
  int i = 0;
  for (uint64 s = size / MIN_CHUNK; s > 1 && i < NBINS - 1; s >>= 1)
    i++;
  return i;
}

static void bin_remove(struct chunk *c) {
  if (c->prev)
    c->prev->next = c->next;
  else
    bins[bin_of(size_of(c))] = c->next;
  if (c->next)
    c->next->prev = c->prev;
}

/* Files c (below it: a chunk in use) as free with size bytes, told to the chunk above. */
static void make_free(struct chunk *c, uint64 size) {
  c->head = size | BELOW_USED;
  struct chunk *above = at(c, size);
  above->prev_size = size;
  above->head &= ~BELOW_USED;
  struct chunk **bin = &bins[bin_of(size)];
  c->prev = 0;
  c->next = *bin;
  if (*bin)
    (*bin)->prev = c;
  *bin = c;
}

/* Hands the top of the newest region back when it is free and large; returns what is kept. */
static uint64 trim(struct chunk *c, uint64 size) {
  struct chunk *top = at(c, size);
  if (size <= TRIM_ABOVE || (char *)top + HEAD != heap_end || sbrk(0) != heap_end)
    return size;
  uint64 give = (size - TRIM_KEEP) & ~(PAGE - 1);
  if (sbrk(-(int)give) == (char *)-1)
    return size;
  heap_end -= give;
  heap_bytes -= give;
  top = at(c, size - give);
  top->head = USED; /* the new sentinel: size 0 */
  return size - give;
}

/* c, no longer in use, merged with the free chunks on either side and filed (after giving
 * back the top, when may_trim: not for memory just asked for). */
static void release(struct chunk *c, int may_trim) {
  uint64 size = size_of(c);
  if (!(c->head & BELOW_USED)) {
    struct chunk *below = at(c, -(long)c->prev_size);
    bin_remove(below);
    size += size_of(below);
    c = below;
  }
  struct chunk *above = at(c, size);
  if (size_of(above) != 0 && !(above->head & USED)) {
    bin_remove(above);
    size += size_of(above);
  }
  make_free(c, may_trim ? trim(c, size) : size);
}

/* Adds at least need bytes of chunk to the heap; 0 when the kernel refuses. */
static int grow(uint64 need) {
  char *brk = sbrk(0);
  if (brk == (char *)-1)
    return 0;
  int joined = heap_end != 0 && brk == heap_end; /* the new bytes extend the newest region */
  uint64 pad = joined ? 0 : (ALIGN - (uintptr)brk % ALIGN) % ALIGN + HEAD;
  uint64 want = need + pad;
  uint64 half = (heap_bytes / 2) & ~(ALIGN - 1);
  uint64 generous = (half > GROW_FLOOR ? half : GROW_FLOOR) + pad;
  if (want < generous && generous <= SBRK_MAX && sbrk((int)generous) != (char *)-1)
    want = generous;
  else if (want > SBRK_MAX || sbrk((int)want) == (char *)-1)
    return 0;
  /* joined: the old sentinel becomes the new chunk's header; else a fresh region begins */
  struct chunk *c = joined ? at(heap_end, -(long)HEAD) : at(brk, pad - HEAD);
  uint64 below_used = joined ? c->head & BELOW_USED : BELOW_USED;
  uint64 size = (want - (joined ? 0 : pad)) & ~(ALIGN - 1);
  heap_end = (char *)c + size + HEAD;
  heap_bytes += want;
  at(c, size)->head = USED | BELOW_USED; /* the sentinel ending the region */
  c->head = size | below_used;
  release(c, 0);
  return 1;
}

/* The first free chunk of at least need bytes, out of its bin; 0 when there is none. */
static struct chunk *find(uint64 need) {
  for (int i = bin_of(need); i < NBINS; i++)
    for (struct chunk *c = bins[i]; c; c = c->next)
      if (size_of(c) >= need) {
        bin_remove(c);
        return c;
      }
  return 0;
}

void *malloc(uint nbytes) {
  uint64 need = ((uint64)nbytes + HEAD + ALIGN - 1) & ~(ALIGN - 1);
  if (need < MIN_CHUNK)
    need = MIN_CHUNK;
  struct chunk *c = find(need);
  if (c == 0 && grow(need))
    c = find(need);
  if (c == 0)
    return 0;
  uint64 size = size_of(c);
  if (size - need >= MIN_CHUNK) { /* the rest stays free */
    make_free(at(c, need), size - need);
    size = need;
  }
  c->head = size | USED | (c->head & BELOW_USED);
  at(c, size)->head |= BELOW_USED;
  return (char *)c + HEAD;
}

void free(void *p) {
  if (p == 0)
    return;
  struct chunk *c = at(p, -(long)HEAD);
  if (!(c->head & USED))
    return; /* freed already: ignore it */
  c->head &= ~USED;
  release(c, 1);
}
