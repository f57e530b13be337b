/* The in-memory inode table: sharing, locking and loading inodes, writing them
 * back, and freeing them when the last link and the last reference are gone. */
#include "fs/inode.h"
#include "fs/bio.h"
#include "fs/log.h"
#include "lib/printf.h"
#include "lib/string.h"
#include "params.h"

struct fs_super fs_super;

static struct {
  struct spinlock lock;
  struct inode inodes[NINODE];
} itable;

void inode_table_init(void) {
  spin_init(&itable.lock, "itable");
  for (int i = 0; i < NINODE; i++)
    sleeplock_init(&itable.inodes[i].lock, "inode");
}

struct inode *inode_get(uint32 dev, uint32 inum) {
  struct inode *unused = 0;
  spin_lock(&itable.lock);
  for (int i = 0; i < NINODE; i++) {
    struct inode *ip = &itable.inodes[i];
    if (ip->refs > 0 && ip->dev == dev && ip->inum == inum) {
      ip->refs++;
      spin_unlock(&itable.lock);
      return ip;
    }
    if (ip->refs == 0 && !unused)
      unused = ip;
  }
  if (unused) {
    unused->dev = dev;
    unused->inum = inum;
    unused->refs = 1;
    unused->valid = false;
  }
  spin_unlock(&itable.lock);
  return unused;
}

struct inode *inode_dup(struct inode *ip) {
  spin_lock(&itable.lock);
  ip->refs++;
  spin_unlock(&itable.lock);
  return ip;
}

static struct dinode *dinode_in(struct buf *b, uint32 inum) {
  return (struct dinode *)b->data + inum % INODES_PER_BLOCK;
}

void inode_lock(struct inode *ip) {
  if (!ip || ip->refs < 1)
    panic("inode_lock: unreferenced inode");
  sleeplock_acquire(&ip->lock);
  if (ip->valid)
    return;
  struct buf *b = bread(ip->dev, fs_inode_block(&fs_super, ip->inum));
  struct dinode *d = dinode_in(b, ip->inum);
  ip->type = d->type;
  ip->major = d->major;
  ip->minor = d->minor;
  ip->nlink = d->nlink;
  ip->size = d->size;
  memcpy(ip->addrs, d->addrs, sizeof(ip->addrs));
  brelse(b);
  ip->valid = true;
  if (ip->type == 0)
    panic("inode_lock: inode %u is free on disk", ip->inum);
}

void inode_unlock(struct inode *ip) {
  if (!ip || !sleeplock_held(&ip->lock) || ip->refs < 1)
    panic("inode_unlock: not locked");
  sleeplock_release(&ip->lock);
}

void inode_update(struct inode *ip) {
  struct buf *b = bread(ip->dev, fs_inode_block(&fs_super, ip->inum));
  struct dinode *d = dinode_in(b, ip->inum);
  d->type = ip->type;
  d->major = ip->major;
  d->minor = ip->minor;
  d->nlink = ip->nlink;
  d->size = ip->size;
  memcpy(d->addrs, ip->addrs, sizeof(ip->addrs));
  log_write(b);
  brelse(b);
}

/* Marks the on-disk inode free (type 0) or taken; true when it was free. */
static bool dinode_claim(uint32 dev, uint32 inum, int16 type) {
  struct buf *b = bread(dev, fs_inode_block(&fs_super, inum));
  struct dinode *d = dinode_in(b, inum);
  bool was_free = d->type == 0;
  if (was_free || type == 0) {
    memset(d, 0, sizeof(*d));
    d->type = type;
    log_write(b);
  }
  brelse(b);
  return was_free;
}

struct inode *inode_alloc(uint32 dev, int16 type) {
  for (uint32 inum = ROOTINO; inum < fs_super.ninodes; inum++) {
    if (!dinode_claim(dev, inum, type))
      continue;
    struct inode *ip = inode_get(dev, inum);
    if (!ip)
      dinode_claim(dev, inum, 0); /* no room in memory: give the slot back */
    return ip;
  }
  return 0;
}

/* Drops the contents and the on-disk inode of an unlinked, unreferenced inode. */
static void inode_free(struct inode *ip) {
  bool own_op = !fs_op_active();
  if (own_op)
    fs_op_begin();
  sleeplock_acquire(&ip->lock);
  inode_truncate(ip);
  ip->type = 0;
  inode_update(ip);
  ip->valid = false;
  sleeplock_release(&ip->lock);
  if (own_op)
    fs_op_end();
}

void inode_put(struct inode *ip) {
  spin_lock(&itable.lock);
  if (ip->refs == 1 && ip->valid && ip->nlink == 0) {
    /* No links and no other reference: nobody else can find this inode. */
    spin_unlock(&itable.lock);
    inode_free(ip);
    spin_lock(&itable.lock);
  }
  ip->refs--;
  spin_unlock(&itable.lock);
}

void inode_unlock_put(struct inode *ip) {
  inode_unlock(ip);
  inode_put(ip);
}

bool inode_is_file(struct inode *ip) {
  return ip->type == T_FILE;
}

void inode_stat(struct inode *ip, struct stat *st) {
  st->dev = (int)ip->dev;
  st->ino = ip->inum;
  st->type = ip->type;
  st->nlink = ip->nlink;
  st->size = ip->size;
}

/* True when the on-disk inode is allocated but has no links. */
static bool dinode_is_orphan(uint32 dev, uint32 inum) {
  struct buf *b = bread(dev, fs_inode_block(&fs_super, inum));
  struct dinode *d = dinode_in(b, inum);
  bool orphan = d->type != 0 && d->nlink == 0;
  brelse(b);
  return orphan;
}

void inode_reclaim_orphans(uint32 dev) {
  int reclaimed = 0;
  for (uint32 inum = ROOTINO; inum < fs_super.ninodes; inum++) {
    if (!dinode_is_orphan(dev, inum))
      continue;
    struct inode *ip = inode_get(dev, inum);
    if (!ip)
      panic("fs: inode table full at boot");
    inode_lock(ip);
    inode_unlock(ip);
    inode_put(ip); /* the last reference to a linkless inode frees it */
    reclaimed++;
  }
  if (reclaimed)
    kprintf("fs: reclaimed %d unlinked inodes\n", reclaimed);
}

int inode_count_used(void) {
  int n = 0;
  spin_lock(&itable.lock);
  for (int i = 0; i < NINODE; i++)
    n += itable.inodes[i].refs > 0;
  spin_unlock(&itable.lock);
  return n;
}
