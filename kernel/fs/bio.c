/* The block cache: a fixed set of buffers on an LRU list, one buffer per
 * cached block, each with a sleeplock held by whoever is using its data. */
#include "fs/bio.h"
#include "dev/disk.h"
#include "fs/fs.h"
#include "fs/log.h"
#include "lib/printf.h"
#include "lib/spinlock.h"
#include "params.h"
#include "proc/proc.h"

/*
 * The list runs from most recently released (head.lru_next) to least
 * (head.lru_prev). The cache lock guards the list, dev, blockno, valid and
 * refs; a buffer's sleeplock guards its data. File-system code never holds
 * two buffers at once, so a caller waiting for a free buffer cannot deadlock.
 */
#define NO_DEV 0xffffffffu /* marks a buffer that never held a block */

static struct {
  struct spinlock lock;
  struct buf bufs[NBUF];
  struct buf head;
} cache;

static void lru_unlink(struct buf *b) {
  b->lru_prev->lru_next = b->lru_next;
  b->lru_next->lru_prev = b->lru_prev;
}

static void lru_push_front(struct buf *b) {
  b->lru_next = cache.head.lru_next;
  b->lru_prev = &cache.head;
  cache.head.lru_next->lru_prev = b;
  cache.head.lru_next = b;
}

void bcache_init(void) {
  spin_init(&cache.lock, "bcache");
  cache.head.lru_next = cache.head.lru_prev = &cache.head;
  for (int i = 0; i < NBUF; i++) {
    struct buf *b = &cache.bufs[i];
    sleeplock_init(&b->lock, "buf");
    b->dev = NO_DEV;
    lru_push_front(b);
  }
}

static struct buf *find_cached(uint32 dev, uint32 blockno) {
  for (struct buf *b = cache.head.lru_next; b != &cache.head; b = b->lru_next) {
    if (b->dev == dev && b->blockno == blockno)
      return b;
  }
  return 0;
}

static struct buf *find_unused(void) {
  for (struct buf *b = cache.head.lru_prev; b != &cache.head; b = b->lru_prev) {
    if (b->refs == 0)
      return b;
  }
  return 0;
}

/* The buffer for the block, referenced and locked; contents may not be valid yet. */
static struct buf *bget(uint32 dev, uint32 blockno) {
  spin_lock(&cache.lock);
  struct buf *b;
  for (;;) {
    b = find_cached(dev, blockno);
    if (b)
      break;
    b = find_unused();
    if (b) {
      b->dev = dev;
      b->blockno = blockno;
      b->valid = false;
      break;
    }
    sleep(&cache, &cache.lock);
  }
  b->refs++;
  spin_unlock(&cache.lock);
  sleeplock_acquire(&b->lock);
  return b;
}

struct buf *bread(uint32 dev, uint32 blockno) {
  struct buf *b = bget(dev, blockno);
  if (!b->valid) {
    /* A block changed by a transaction not yet installed is newer in the log. */
    if (!log_copy_pending(blockno, b->data))
      disk_rw(b, false);
    b->valid = true;
  }
  return b;
}

void bwrite(struct buf *b) {
  if (!sleeplock_held(&b->lock))
    panic("bwrite: buffer not locked");
  disk_rw(b, true);
}

void brelse(struct buf *b) {
  if (!sleeplock_held(&b->lock))
    panic("brelse: buffer not locked");
  sleeplock_release(&b->lock);
  spin_lock(&cache.lock);
  b->refs--;
  if (b->refs == 0) {
    lru_unlink(b);
    lru_push_front(b);
    wakeup(&cache);
  }
  spin_unlock(&cache.lock);
}
