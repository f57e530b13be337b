/* In-memory inodes and the block allocator, for use inside kernel/fs.
 * Other subsystems use the narrower interface in fs.h. */
#ifndef MOO_INODE_H
#define MOO_INODE_H

#include "abi_stat.h"
#include "fs/fs.h"
#include "fs/fs_format.h"
#include "lib/sleeplock.h"

/*
 * An in-memory inode is a table slot bound to one (dev, inum) while anyone
 * holds a reference, and a copy of that on-disk inode. The identity fields
 * are guarded by the inode table's lock; the copy by the inode's sleeplock,
 * and it means something only once loaded is set (inode_lock loads it).
 * Only the put that drops the last reference frees an inode on disk; until
 * then its type never changes. Functions below that change the disk need a
 * running operation (fs_op_begin) and, unless stated otherwise, the inode
 * locked.
 */
struct inode {
  /* identity: the table lock */
  uint32 dev;
  uint32 inum;
  int refs;
  struct inode *next; /* hash chain while bound, free list otherwise */
  bool orphan;        /* no links when last unlocked: its last reference frees it on disk */
  /* contents: the sleeplock */
  struct sleeplock lock;
  bool loaded;
  struct dinode dinode; /* the disk inode, with every change made since loading */
};

extern struct fs_super fs_super; /* the mounted file system's, read by fs_init */

/* A referenced, unlocked inode for (dev, inum); 0 when the table is full. */
struct inode *inode_get(uint32 dev, uint32 inum);
/* Takes a free on-disk inode for a new file of type, with no links yet; *out
 * is referenced and locked. 0, -ENOSPC (no free inode) or -ENFILE (no room
 * in memory). */
int inode_alloc(uint32 dev, int16 type, struct inode **out);
/* Writes the in-memory copy back to the inode's disk block. */
void inode_store(struct inode *ip);
/* Frees every data block; size becomes 0. */
void inode_truncate(struct inode *ip);
void inode_stat(struct inode *ip, struct stat *st);
/* Writes n bytes at off (off <= size) from a user or kernel address; returns
 * bytes written (fewer when the disk fills or the file reaches its limit) or -E. */
int inode_write(struct inode *ip, bool user, uintptr src, uint32 off, uint32 n);
/* The most bytes one operation may pass to inode_write when starting at off. */
uint32 inode_write_budget(uint32 off);
/* Frees inodes left allocated with no links (unlinked while open at a crash). */
void inode_reclaim_orphans(uint32 dev);

/* A zeroed, allocated data block, or 0 when the disk is full. */
uint32 block_alloc(uint32 dev);
void block_free(uint32 dev, uint32 blockno);
/* Bitmap blocks a single operation may have to touch. */
uint32 block_bitmap_blocks(void);

#endif
