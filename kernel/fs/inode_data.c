/* An inode's contents: mapping file blocks to disk blocks (12 direct and one
 * indirect block), reading, writing and truncating. The inode is locked. */
#include "fs/bio.h"
#include "fs/inode.h"
#include "fs/log.h"
#include "lib/errno.h"
#include "lib/printf.h"
#include "lib/string.h"
#include "mm/uaccess.h"

/* What block_map returns for an address outside the data region (a corrupt inode). */
#define BLOCK_BAD 0xffffffffu

/* blockno itself when it is 0 or a data block; BLOCK_BAD, with one line, otherwise. */
static uint32 checked(struct inode *ip, uint32 blockno) {
  if (blockno == 0 || fs_is_data_block(&fs_super, blockno))
    return blockno;
  kprintf("fs: inode %u names block %u, outside the data region\n", ip->inum, blockno);
  return BLOCK_BAD;
}

/* Entry i of the indirect block, set to a new block when it is 0 and alloc
 * is set. Never holds two buffers: the allocator reads the bitmap. */
static uint32 indirect_entry(struct inode *ip, uint32 indirect, uint32 i, bool alloc) {
  struct buf *b = bread(ip->dev, indirect);
  uint32 blockno = checked(ip, ((uint32 *)b->data)[i]);
  brelse(b);
  if (blockno || !alloc)
    return blockno;
  blockno = block_alloc(ip->dev);
  if (!blockno)
    return 0;
  b = bread(ip->dev, indirect);
  ((uint32 *)b->data)[i] = blockno;
  log_write(b);
  brelse(b);
  return blockno;
}

/* The disk block holding file block bn; allocates missing blocks when alloc
 * is set. 0 when absent, past the file limit, or the disk is full; BLOCK_BAD when the
 * inode or its indirect block names a block outside the data region. */
static uint32 block_map(struct inode *ip, uint32 bn, bool alloc) {
  if (bn < NDIRECT) {
    if (!ip->dinode.addrs[bn] && alloc)
      ip->dinode.addrs[bn] = block_alloc(ip->dev);
    return checked(ip, ip->dinode.addrs[bn]);
  }
  bn -= NDIRECT;
  if (bn >= fs_indirect_entries(&fs_super))
    return 0;
  if (!ip->dinode.addrs[NDIRECT]) {
    if (!alloc)
      return 0;
    ip->dinode.addrs[NDIRECT] = block_alloc(ip->dev);
    if (!ip->dinode.addrs[NDIRECT])
      return 0;
  }
  if (checked(ip, ip->dinode.addrs[NDIRECT]) == BLOCK_BAD)
    return BLOCK_BAD;
  return indirect_entry(ip, ip->dinode.addrs[NDIRECT], bn, alloc);
}

#define FREE_BATCH 32

/* Frees the blocks the indirect block lists, a batch at a time, then itself. */
static void free_indirect(struct inode *ip, uint32 indirect) {
  uint32 batch[FREE_BATCH];
  if (checked(ip, indirect) == BLOCK_BAD)
    return;
  for (uint32 first = 0; first < fs_indirect_entries(&fs_super); first += FREE_BATCH) {
    struct buf *b = bread(ip->dev, indirect);
    memcpy(batch, (uint32 *)b->data + first, sizeof(batch));
    brelse(b);
    for (int i = 0; i < FREE_BATCH; i++) {
      if (batch[i])
        block_free(ip->dev, batch[i]);
    }
  }
  block_free(ip->dev, indirect);
}

void inode_truncate(struct inode *ip) {
  for (int i = 0; i < NDIRECT; i++) {
    if (ip->dinode.addrs[i]) {
      block_free(ip->dev, ip->dinode.addrs[i]);
      ip->dinode.addrs[i] = 0;
    }
  }
  if (ip->dinode.addrs[NDIRECT]) {
    free_indirect(ip, ip->dinode.addrs[NDIRECT]);
    ip->dinode.addrs[NDIRECT] = 0;
  }
  ip->dinode.size = 0;
  inode_store(ip);
}

int inode_read(struct inode *ip, bool user, uintptr dst, uint32 off, uint32 n) {
  if (off >= ip->dinode.size)
    return 0;
  n = MIN(n, ip->dinode.size - off);
  uint32 done = 0;
  uint32 bsize = fs_super.block_size;
  while (done < n) {
    uint32 in_block = off % bsize;
    uint32 m = MIN(n - done, bsize - in_block);
    uint32 blockno = block_map(ip, off / bsize, false);
    int err;
    if (blockno == BLOCK_BAD) {
      err = -EIO;
    } else if (blockno) {
      struct buf *b = bread(ip->dev, blockno);
      err = copy_to_either(user, dst + done, b->data + in_block, m);
      brelse(b);
    } else {
      static const uint8 zeros[BSIZE]; /* a hole reads as zeros */
      err = copy_to_either(user, dst + done, zeros, m);
    }
    if (err < 0)
      return err;
    done += m;
    off += m;
  }
  return (int)done;
}

/* Copies m bytes into the file's block at off; -ENOSPC when no block could be
 * had, -EFAULT for a bad source (bytes that did arrive are kept and logged). */
static int write_block(struct inode *ip, bool user, uintptr src, uint32 off, uint32 m) {
  uint32 blockno = block_map(ip, off / fs_super.block_size, true);
  if (blockno == BLOCK_BAD)
    return -EIO;
  if (!blockno)
    return -ENOSPC;
  struct buf *b = bread(ip->dev, blockno);
  int err = copy_from_either(b->data + off % fs_super.block_size, user, src, m);
  log_write(b);
  brelse(b);
  return err;
}

int inode_write(struct inode *ip, bool user, uintptr src, uint32 off, uint32 n) {
  if (off > ip->dinode.size)
    return -EINVAL;
  uint32 max = fs_max_file_bytes(&fs_super), bsize = fs_super.block_size;
  if (off >= max)
    return n ? -ENOSPC : 0;
  n = MIN(n, max - off);
  uint32 done = 0;
  int err = 0;
  while (done < n) {
    uint32 m = MIN(n - done, bsize - off % bsize);
    err = write_block(ip, user, src + done, off, m);
    if (err < 0)
      break;
    done += m;
    off += m;
  }
  if (off > ip->dinode.size)
    ip->dinode.size = off;
  inode_store(ip); /* block_map may have changed addrs even when nothing was written */
  return done > 0 ? (int)done : err;
}

/*
 * One operation writing k file blocks changes at most: k data blocks, the
 * indirect block, the inode, and the bitmap blocks of k + 1 allocations.
 * The budget is the largest k that fits MAXOPBLOCKS, minus the part of the
 * first block before off.
 */
uint32 inode_write_budget(uint32 off) {
  uint32 bitmap = block_bitmap_blocks();
  uint32 k = MAXOPBLOCKS - 2;
  while (k > 1 && k + 2 + MIN(k + 1, bitmap) > MAXOPBLOCKS)
    k--;
  return k * fs_super.block_size - off % fs_super.block_size;
}
