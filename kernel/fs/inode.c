/* The in-memory inode table: slots bound to disk inodes through a hash index,
 * each loaded on its first lock and freed on disk by the last reference to an
 * inode with no links left. */
#include "fs/inode.h"
#include "fs/bio.h"
#include "fs/log.h"
#include "lib/errno.h"
#include "lib/printf.h"
#include "lib/string.h"
#include "params.h"

#define INODE_BUCKETS 16

struct fs_super fs_super;

/*
 * The lock guards each slot's identity (dev, inum, refs, next), the buckets
 * and the free list. A slot with references is bound: it sits on the chain
 * of its bucket. A slot without is on the free list and names nothing, so a
 * later get of the same inode loads it from disk again.
 */
static struct {
  struct spinlock lock;
  struct inode slots[NINODE];
  struct inode *buckets[INODE_BUCKETS];
  struct inode *free;
} itable;

static struct inode **inode_bucket(uint32 dev, uint32 inum) {
  return &itable.buckets[(inum ^ (dev << 5)) % INODE_BUCKETS];
}

void inode_table_init(void) {
  spin_init(&itable.lock, "itable");
  for (int b = 0; b < INODE_BUCKETS; b++)
    itable.buckets[b] = 0;
  itable.free = 0;
  for (int i = NINODE - 1; i >= 0; i--) {
    struct inode *ip = &itable.slots[i];
    sleeplock_init(&ip->lock, "inode");
    ip->refs = 0;
    ip->next = itable.free;
    itable.free = ip;
  }
}

/* The slot bound to (dev, inum), or 0; with the table lock held. */
static struct inode *find_bound(uint32 dev, uint32 inum) {
  for (struct inode *ip = *inode_bucket(dev, inum); ip; ip = ip->next) {
    if (ip->dev == dev && ip->inum == inum)
      return ip;
  }
  return 0;
}

/* Binds a free slot to (dev, inum), not yet loaded; 0 when every slot is in
 * use. With the table lock held. Nobody can hold a free slot's sleeplock
 * (that takes a reference), so loaded may be cleared here. */
static struct inode *bind_free_slot(uint32 dev, uint32 inum) {
  struct inode *ip = itable.free;
  if (!ip)
    return 0;
  itable.free = ip->next;
  ip->dev = dev;
  ip->inum = inum;
  ip->loaded = false;
  ip->orphan = false;
  struct inode **bucket = inode_bucket(dev, inum);
  ip->next = *bucket;
  *bucket = ip;
  return ip;
}

/* Moves a slot whose last reference is gone from its chain to the free list. */
static void unbind(struct inode *ip) {
  struct inode **link = inode_bucket(ip->dev, ip->inum);
  while (*link != ip)
    link = &(*link)->next;
  *link = ip->next;
  ip->next = itable.free;
  itable.free = ip;
}

struct inode *inode_get(uint32 dev, uint32 inum) {
  spin_lock(&itable.lock);
  struct inode *ip = find_bound(dev, inum);
  if (!ip)
    ip = bind_free_slot(dev, inum);
  if (ip)
    ip->refs++;
  spin_unlock(&itable.lock);
  return ip;
}

struct inode *inode_dup(struct inode *ip) {
  spin_lock(&itable.lock);
  ip->refs++;
  spin_unlock(&itable.lock);
  return ip;
}

/* The disk inode inum inside b, a buffer of the block fs_inode_block names. */
static struct dinode *dinode_in(struct buf *b, uint32 inum) {
  return (struct dinode *)b->data + fs_inode_slot(&fs_super, inum);
}

/* Why a disk inode just read cannot be trusted, or 0. On a sound disk every
 * directory entry names an allocated inode; a damaged or foreign disk may
 * name a free one or hold garbage, and the call that meets it fails. */
static const char *dinode_fault(const struct dinode *d) {
  if (d->type == 0)
    return "free on disk";
  if (d->type != T_DIR && d->type != T_FILE && d->type != T_DEVICE)
    return "of no known type";
  if (d->nlink < 0)
    return "linked a negative number of times";
  if (d->size > fs_max_file_bytes(&fs_super))
    return "larger than a file can be";
  return 0;
}

/* Reads the disk inode into the slot: 0, or -EIO (and the slot stays
 * unloaded, so the next lock looks again) when it cannot be trusted. */
static int load(struct inode *ip) {
  struct buf *b = bread(ip->dev, fs_inode_block(&fs_super, ip->inum));
  ip->dinode = *dinode_in(b, ip->inum);
  brelse(b);
  const char *fault = dinode_fault(&ip->dinode);
  if (fault) {
    kprintf("fs: inode %u is %s: refused\n", ip->inum, fault);
    return -EIO;
  }
  ip->loaded = true;
  return 0;
}

/* Locking is where an inode's contents first become visible, so it is where
 * they are checked: the lock is held only when it returns 0. */
int inode_lock(struct inode *ip) {
  if (ip->refs < 1)
    panic("inode_lock: inode %u has no reference", ip->inum);
  sleeplock_acquire(&ip->lock);
  int err = ip->loaded ? 0 : load(ip);
  if (err < 0)
    sleeplock_release(&ip->lock);
  return err;
}

/* Unlocking publishes what the holder did to the links: whether the inode is
 * now an orphan goes under the table lock, where the last put reads it,
 * rather than the put reading contents that belong to the sleeplock. */
void inode_unlock(struct inode *ip) {
  if (!sleeplock_held(&ip->lock))
    panic("inode_unlock: inode %u is not locked by this process", ip->inum);
  bool orphan = ip->loaded && ip->dinode.nlink == 0;
  spin_lock(&itable.lock);
  ip->orphan = orphan;
  spin_unlock(&itable.lock);
  sleeplock_release(&ip->lock);
}

void inode_store(struct inode *ip) {
  struct buf *b = bread(ip->dev, fs_inode_block(&fs_super, ip->inum));
  *dinode_in(b, ip->inum) = ip->dinode;
  log_write(b);
  brelse(b);
}

/* Takes the first free disk inode in inode block k of the region as type;
 * returns its number, or 0 when the block has none. */
static uint32 claim_in_block(uint32 dev, uint32 k, int16 type) {
  struct buf *b = bread(dev, fs_super.inode_start + k);
  struct dinode *d = (struct dinode *)b->data;
  uint32 claimed = 0;
  uint32 per_block = fs_inodes_per_block(&fs_super);
  for (uint32 i = 0; i < per_block && !claimed; i++) {
    uint32 inum = k * per_block + i;
    if (inum < ROOTINO || inum >= fs_super.ninodes || d[i].type != 0)
      continue;
    memset(&d[i], 0, sizeof(d[i]));
    d[i].type = type;
    log_write(b);
    claimed = inum;
  }
  brelse(b);
  return claimed;
}

/* Marks a disk inode free again (nothing refers to it yet). */
static void unclaim(uint32 dev, uint32 inum) {
  struct buf *b = bread(dev, fs_inode_block(&fs_super, inum));
  memset(dinode_in(b, inum), 0, sizeof(struct dinode));
  log_write(b);
  brelse(b);
}

int inode_alloc(uint32 dev, int16 type, struct inode **out) {
  uint32 inum = 0;
  uint32 blocks = fs_inode_region_blocks(&fs_super);
  for (uint32 k = 0; k < blocks && !inum; k++)
    inum = claim_in_block(dev, k, type);
  if (!inum)
    return -ENOSPC;
  struct inode *ip = inode_get(dev, inum);
  if (!ip) {
    unclaim(dev, inum);
    return -ENFILE;
  }
  /* The copy is made here rather than loaded: the slot may still be bound
   * with the copy of the inode that last had this number, freed a moment
   * ago by a put that has not yet dropped its reference. */
  sleeplock_acquire(&ip->lock);
  memset(&ip->dinode, 0, sizeof(ip->dinode));
  ip->dinode.type = type;
  ip->loaded = true;
  *out = ip;
  return 0;
}

/* Frees the blocks and the disk inode of ip, whose last reference is going
 * and which has no links. The operation starts before the sleeplock is
 * taken, as everywhere: waiting for log room while holding an inode lock
 * could wait on an operation that waits for this lock. */
static void free_on_disk(struct inode *ip) {
  bool own_op = !fs_op_active();
  if (own_op)
    fs_op_begin();
  sleeplock_acquire(&ip->lock);
  inode_truncate(ip);
  memset(&ip->dinode, 0, sizeof(ip->dinode)); /* type 0: free */
  inode_store(ip);
  sleeplock_release(&ip->lock);
  if (own_op)
    fs_op_end();
}

/*
 * Whether this put is the one that frees an orphan is decided in the same
 * critical section that sees its reference is the last: were they apart, two
 * puts could each see the other's reference and neither free it. The put
 * takes the orphan mark while deciding, so nobody decides it twice. While
 * free_on_disk runs the slot stays bound with that last reference: no lookup
 * can find the inode (it has no links); only an allocation can, once the
 * disk inode is free, and it makes the slot's copy anew (and its own unlock
 * marks the slot again).
 */
void inode_put(struct inode *ip) {
  spin_lock(&itable.lock);
  bool reclaim = ip->refs == 1 && ip->orphan;
  if (reclaim)
    ip->orphan = false;
  spin_unlock(&itable.lock);
  if (reclaim)
    free_on_disk(ip);
  spin_lock(&itable.lock);
  if (--ip->refs == 0)
    unbind(ip);
  spin_unlock(&itable.lock);
}

void inode_unlock_put(struct inode *ip) {
  inode_unlock(ip);
  inode_put(ip);
}

bool inode_is_file(struct inode *ip) {
  return ip->dinode.type == T_FILE;
}

uint32 inode_size(struct inode *ip) {
  return ip->dinode.size;
}

void inode_stat(struct inode *ip, struct stat *st) {
  memset(st, 0, sizeof(*st)); /* the padding too: the whole struct goes to the user */
  st->dev = (int)ip->dev;
  st->ino = ip->inum;
  st->type = ip->dinode.type;
  st->nlink = ip->dinode.nlink;
  st->size = ip->dinode.size;
}

/* Collects into found the allocated, linkless inodes of inode block k. */
static int orphans_in_block(uint32 dev, uint32 k, uint32 found[MAX_INODES_PER_BLOCK]) {
  struct buf *b = bread(dev, fs_super.inode_start + k);
  struct dinode *d = (struct dinode *)b->data;
  int n = 0;
  uint32 per_block = fs_inodes_per_block(&fs_super);
  for (uint32 i = 0; i < per_block; i++) {
    uint32 inum = k * per_block + i;
    if (inum >= ROOTINO && inum < fs_super.ninodes && d[i].type != 0 && d[i].nlink == 0)
      found[n++] = inum;
  }
  brelse(b);
  return n;
}

void inode_reclaim_orphans(uint32 dev) {
  int reclaimed = 0;
  uint32 blocks = fs_inode_region_blocks(&fs_super);
  for (uint32 k = 0; k < blocks; k++) {
    uint32 found[MAX_INODES_PER_BLOCK];
    int n = orphans_in_block(dev, k, found);
    for (int i = 0; i < n; i++) {
      struct inode *ip = inode_get(dev, found[i]);
      if (!ip)
        panic("fs: inode table full at boot");
      if (inode_lock(ip) == 0) { /* loads it, so the put below sees it has no links */
        inode_unlock(ip);
        reclaimed++;
      }
      inode_put(ip);
    }
  }
  if (reclaimed)
    kprintf("fs: reclaimed %d unlinked inodes\n", reclaimed);
}

int inode_count_used(void) {
  int n = 0;
  spin_lock(&itable.lock);
  for (int i = 0; i < NINODE; i++)
    n += itable.slots[i].refs > 0;
  spin_unlock(&itable.lock);
  return n;
}
