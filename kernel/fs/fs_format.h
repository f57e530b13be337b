/* The on-disk layouts moo reads and writes (RISC-V xv6's and x86 xv6's), shared by the kernel
 * and the host tools (mkfs, fsck), and the superblock both decode into. */
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

/*
 * Two formats, the same but for the block size and the superblock's first word:
 *   RISC-V xv6: 1024-byte blocks; block 1 holds the magic, then the seven layout words.
 *   x86 xv6:    512-byte blocks; block 1 (byte 512) holds the seven layout words, no magic.
 * Layout, in blocks: [0] unused | [1] superblock | log (header, then slots) | inodes |
 * bitmap | data. The superblock says where each region starts; nothing assumes a split.
 * BSIZE is the largest block: the size of a cache buffer and the disk's transfer unit.
 */
#define BSIZE 1024
#define FS_SUPER_BLOCK 1
#define XV6_RISCV_MAGIC 0x10203040u
#define DIRSIZ 14 /* name bytes in a directory entry */
#define ROOTINO 1 /* inode number of / */

enum fs_format { FS_RISCV = 1, FS_X86 = 2 };

/* The seven layout words both formats store, in this order. */
struct fs_layout_words {
  uint32 size;    /* blocks in the file system */
  uint32 nblocks; /* data blocks: the last nblocks blocks */
  uint32 ninodes; /* inode slots, inode 0 unused */
  uint32 nlog;    /* log region: one header block, then the slots */
  uint32 logstart;
  uint32 inodestart;
  uint32 bmapstart; /* one bit per block of the whole image, 1 = in use */
};

/* The superblock as the kernel and the tools use it, whatever the format on disk. */
struct fs_super {
  uint32 format;     /* enum fs_format */
  uint32 block_size; /* 1024 or 512 */
  uint32 total_blocks;
  uint32 data_blocks;
  uint32 ninodes;
  uint32 log_blocks;
  uint32 log_start;
  uint32 inode_start;
  uint32 bitmap_start;
  uint32 data_start; /* total_blocks - data_blocks */
};

/* file types in an inode and in struct stat */
#define T_DIR 1
#define T_FILE 2
#define T_DEVICE 3

/*
 * An inode on disk (64 bytes in both formats). type 0 means the slot is free. nlink counts
 * the directory entries naming the inode, not counting "." entries. size is in bytes.
 */
#define NDIRECT 12
#define MAX_INODES_PER_BLOCK (BSIZE / 64)

struct dinode {
  int16 type;
  int16 major; /* device files only */
  int16 minor;
  int16 nlink;
  uint32 size;
  uint32 addrs[NDIRECT + 1]; /* direct blocks, then the indirect block; 0 = none */
};

/* A directory is a file of these. inum 0 marks an empty slot; a name of
 * DIRSIZ bytes has no terminating NUL, shorter names are NUL-padded. */
struct dir_entry {
  uint16 inum;
  char name[DIRSIZ];
};

/*
 * The log header, in the first block of the log region. count > 0 means a committed
 * transaction: slot i (block log_start + 1 + i) holds the new contents of block blocks[i].
 * Recovery copies the slots home and writes count = 0. xv6's images have nlog = 30 (29 slots).
 */
#define FS_LOG_HEADER_SLOTS 30
#define FS_LOG_BLOCKS 30 /* nlog mkfs writes */

struct fs_log_header {
  uint32 count;
  uint32 blocks[FS_LOG_HEADER_SLOTS];
};

_Static_assert(sizeof(struct dinode) == 64, "dinode must be 64 bytes");
_Static_assert(sizeof(uint32) == 4, "block addresses are 4 bytes");
_Static_assert(sizeof(struct dir_entry) == 16, "directory entries are 16 bytes");
_Static_assert(sizeof(struct fs_log_header) <= 512, "log header must fit the smaller block");
_Static_assert(sizeof(struct fs_layout_words) + 4 <= 512, "superblock must fit a block");

static inline uint32 fs_inodes_per_block(const struct fs_super *sb) {
  return sb->block_size / sizeof(struct dinode);
}

static inline uint32 fs_bits_per_block(const struct fs_super *sb) {
  return sb->block_size * 8;
}

/* Block addresses in an indirect block. */
static inline uint32 fs_indirect_entries(const struct fs_super *sb) {
  return sb->block_size / sizeof(uint32);
}

static inline uint32 fs_max_file_blocks(const struct fs_super *sb) {
  return NDIRECT + fs_indirect_entries(sb);
}

static inline uint32 fs_max_file_bytes(const struct fs_super *sb) {
  return fs_max_file_blocks(sb) * sb->block_size;
}

static inline uint32 fs_inode_block(const struct fs_super *sb, uint32 inum) {
  return sb->inode_start + inum / fs_inodes_per_block(sb);
}

/* The index of inode inum inside its block. */
static inline uint32 fs_inode_slot(const struct fs_super *sb, uint32 inum) {
  return inum % fs_inodes_per_block(sb);
}

static inline uint32 fs_bitmap_block(const struct fs_super *sb, uint32 blockno) {
  return sb->bitmap_start + blockno / fs_bits_per_block(sb);
}

static inline uint32 fs_inode_region_blocks(const struct fs_super *sb) {
  return (sb->ninodes + fs_inodes_per_block(sb) - 1) / fs_inodes_per_block(sb);
}

static inline uint32 fs_bitmap_region_blocks(const struct fs_super *sb) {
  return (sb->total_blocks + fs_bits_per_block(sb) - 1) / fs_bits_per_block(sb);
}

static inline bool fs_is_data_block(const struct fs_super *sb, uint32 blockno) {
  return blockno >= sb->data_start && blockno < sb->total_blocks;
}

#endif
