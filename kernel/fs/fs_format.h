/* The on-disk layout of the moo file system, shared by the kernel and the
 * host tools (mkfs, fsck). Sizes here are part of the ABI. */
#ifndef MOO_FS_FORMAT_H
#define MOO_FS_FORMAT_H

#ifdef MOO_HOST
#include <stdbool.h>
#include <stdint.h>
typedef uint8_t uint8;
typedef uint16_t uint16;
typedef uint32_t uint32;
typedef uint64_t uint64;
typedef int16_t int16;
#else
#include "lib/types.h"
#endif
#include "params.h"

#define BSIZE 1024 /* block size */
#define DIRSIZ 14  /* name bytes in a directory entry */
#define ROOTINO 1  /* inode number of / */

/* file types in an inode and in struct stat */
#define T_DIR 1
#define T_FILE 2
#define T_DEVICE 3

/*
 * Disk layout, in blocks of BSIZE bytes:
 *   [0] unused | [1] superblock | log: header + LOGBLOCKS slots | inodes | bitmap | data
 * The superblock records where each region starts, so the tools and the
 * kernel never assume a particular split.
 */
#define FS_MAGIC 0x4d4f4f46u /* "FOOM" little-endian */
#define FS_SUPER_BLOCK 1

struct fs_super {
  uint32 magic;        /* FS_MAGIC */
  uint32 total_blocks; /* size of the image in blocks */
  uint32 data_blocks;  /* blocks from data_start to the end */
  uint32 ninodes;      /* inode slots, inode 0 unused */
  uint32 log_blocks;   /* log region: one header block, then the slots */
  uint32 log_start;
  uint32 inode_start;
  uint32 bitmap_start; /* one bit per block of the whole image, 1 = in use */
  uint32 data_start;
};

/*
 * An inode on disk. type 0 means the slot is free. nlink counts the
 * directory entries naming the inode, not counting "." entries (so a
 * directory has one for its parent's entry plus one per subdirectory's "..",
 * and the root counts its own ".."). size is in bytes.
 */
#define NDIRECT 12
#define NINDIRECT (BSIZE / 4)                /* block addresses in the indirect block */
#define MAXFILE_BLOCKS (NDIRECT + NINDIRECT) /* 268 */
#define MAXFILE_BYTES (MAXFILE_BLOCKS * BSIZE)

struct dinode {
  int16 type;
  int16 major; /* device files only */
  int16 minor;
  int16 nlink;
  uint32 size;
  uint32 addrs[NDIRECT + 1]; /* direct blocks, then the indirect block; 0 = none */
};

#define INODES_PER_BLOCK (BSIZE / 64)
#define BITS_PER_BLOCK (BSIZE * 8)

/* A directory is a file of these. inum 0 marks an empty slot; a name of
 * DIRSIZ bytes has no terminating NUL, shorter names are NUL-padded. */
struct dir_entry {
  uint16 inum;
  char name[DIRSIZ];
};

/*
 * The log header, in the first block of the log region. count > 0 means a
 * committed transaction: slot i (block log_start + 1 + i) holds the new
 * contents of block blocks[i]. Recovery copies the slots home and writes
 * count = 0.
 */
struct fs_log_header {
  uint32 count;
  uint32 blocks[LOGBLOCKS];
};

_Static_assert(sizeof(struct dinode) == 64, "dinode must be 64 bytes");
_Static_assert(sizeof(uint32) == 4, "block addresses are 4 bytes");
_Static_assert(sizeof(struct dir_entry) == 16, "directory entries are 16 bytes");
_Static_assert(sizeof(struct fs_log_header) <= BSIZE, "log header must fit a block");
_Static_assert(sizeof(struct fs_super) <= BSIZE, "superblock must fit a block");

static inline uint32 fs_inode_block(const struct fs_super *sb, uint32 inum) {
  return sb->inode_start + inum / INODES_PER_BLOCK;
}

static inline uint32 fs_bitmap_block(const struct fs_super *sb, uint32 blockno) {
  return sb->bitmap_start + blockno / BITS_PER_BLOCK;
}

static inline uint32 fs_inode_region_blocks(uint32 ninodes) {
  return (ninodes + INODES_PER_BLOCK - 1) / INODES_PER_BLOCK;
}

static inline uint32 fs_bitmap_region_blocks(uint32 total_blocks) {
  return (total_blocks + BITS_PER_BLOCK - 1) / BITS_PER_BLOCK;
}

#endif
