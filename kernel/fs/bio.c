/* The block cache: a hash index from (dev, blockno) to buffers, and a clock
 * that picks which unused buffer to give to a block not in the cache. */
#include "fs/bio.h"
#include "fs/blockdev.h"
#include "fs/fs.h"
#include "fs/log.h"
#include "lib/printf.h"
#include "lib/spinlock.h"
#include "params.h"
#include "proc/proc.h"

/*
 * Each buffer holding a block sits on the chain of its bucket. Eviction is
 * a clock (second chance): the hand sweeps the buffer array, passes over
 * buffers in use, takes the mark off a buffer used since its last pass and
 * passes over it too, and stops at the first unused, unmarked buffer. So a
 * block read again and again keeps its buffer, and no list is reordered on
 * every release.
 *
 * The cache lock guards the index, the hand, the waiting count and each
 * buffer's dev, blockno, refs, recent and hash_next; a buffer's sleeplock
 * guards its data, and valid too while the buffer is in use (an unused one
 * is rebound, valid cleared, under the cache lock). File-system code never holds two buffers at
 * once, so a caller waiting for an unused buffer cannot deadlock.
 */
#define BUCKETS 13         /* prime: block numbers of one region spread evenly */
#define NO_DEV 0xffffffffu /* marks a buffer that never held a block */

static struct {
  struct spinlock lock;
  struct buf bufs[NBUF];
  struct buf *buckets[BUCKETS];
  uint32 hand;    /* the next buffer the clock looks at */
  uint32 waiting; /* callers asleep until some buffer is unused */
} cache;

static struct buf **buf_bucket(uint32 dev, uint32 blockno) {
  return &cache.buckets[(blockno + dev * 7) % BUCKETS];
}

void bcache_init(void) {
  spin_init(&cache.lock, "bcache");
  for (int i = 0; i < BUCKETS; i++)
    cache.buckets[i] = 0;
  for (int i = 0; i < NBUF; i++) {
    struct buf *b = &cache.bufs[i];
    sleeplock_init(&b->lock, "buf");
    b->dev = NO_DEV;
    b->refs = 0;
    b->recent = false;
    b->hash_next = 0;
  }
  cache.hand = 0;
  cache.waiting = 0;
}

static struct buf *find_cached(uint32 dev, uint32 blockno) {
  for (struct buf *b = *buf_bucket(dev, blockno); b; b = b->hash_next) {
    if (b->dev == dev && b->blockno == blockno)
      return b;
  }
  return 0;
}

/* The unused buffer the clock gives up, or 0 when every buffer is in use.
 * Two turns always suffice: the first takes every mark off. */
static struct buf *clock_victim(void) {
  for (uint32 looked = 0; looked < 2 * NBUF; looked++) {
    struct buf *b = &cache.bufs[cache.hand];
    cache.hand = (cache.hand + 1) % NBUF;
    if (b->refs > 0)
      continue;
    if (b->recent) {
      b->recent = false;
      continue;
    }
    return b;
  }
  return 0;
}

static void unindex(struct buf *b) {
  struct buf **link = buf_bucket(b->dev, b->blockno);
  while (*link != b)
    link = &(*link)->hash_next;
  *link = b->hash_next;
}

/* Gives an unused buffer to (dev, blockno), contents not yet read; 0 when
 * every buffer is in use. */
static struct buf *rebind_victim(uint32 dev, uint32 blockno) {
  struct buf *b = clock_victim();
  if (!b)
    return 0;
  if (b->dev != NO_DEV)
    unindex(b);
  b->dev = dev;
  b->blockno = blockno;
  b->valid = false;
  struct buf **bucket = buf_bucket(dev, blockno);
  b->hash_next = *bucket;
  *bucket = b;
  return b;
}

/* The buffer for the block, referenced and locked; contents may not be valid yet. */
static struct buf *bget(uint32 dev, uint32 blockno) {
  spin_lock(&cache.lock);
  struct buf *b;
  while (!(b = find_cached(dev, blockno)) && !(b = rebind_victim(dev, blockno))) {
    cache.waiting++;
    sleep(&cache, &cache.lock);
    cache.waiting--;
  }
  b->refs++;
  b->recent = true;
  spin_unlock(&cache.lock);
  sleeplock_acquire(&b->lock);
  return b;
}

struct buf *bread(uint32 dev, uint32 blockno) {
  struct buf *b = bget(dev, blockno);
  if (!b->valid) {
    /* A block changed by a transaction not yet installed is newer in the log. */
    if (!log_copy_pending(blockno, b->data))
      blockdev_rw(b, false);
    b->valid = true;
  }
  return b;
}

void bwrite(struct buf *b) {
  if (!sleeplock_held(&b->lock))
    panic("bwrite: buffer not locked");
  blockdev_rw(b, true);
}

void brelse(struct buf *b) {
  if (!sleeplock_held(&b->lock))
    panic("brelse: buffer not locked");
  sleeplock_release(&b->lock);
  spin_lock(&cache.lock);
  b->refs--;
  if (b->refs == 0 && cache.waiting > 0)
    wakeup(&cache);
  spin_unlock(&cache.lock);
}
