/* The two xv6 superblocks: which one a disk holds (the RISC-V magic at byte 1024, else an
 * x86 superblock at byte 512 that passes the region checks), their checks and their encoding. */
#include "fs/superblock.h"

static uint32 word_at(const uint8 *p, uint32 i) {
  const uint8 *w = p + 4 * i;
  return (uint32)w[0] | (uint32)w[1] << 8 | (uint32)w[2] << 16 | (uint32)w[3] << 24;
}

static void put_word(uint8 *p, uint32 i, uint32 v) {
  for (uint32 k = 0; k < 4; k++)
    p[4 * i + k] = (uint8)(v >> (8 * k));
}

/* Fills sb from the seven layout words that start at p. */
static void decode_words(const uint8 *p, enum fs_format format, struct fs_super *sb) {
  sb->format = format;
  sb->block_size = format == FS_RISCV ? 1024 : 512;
  sb->total_blocks = word_at(p, 0);
  sb->data_blocks = word_at(p, 1);
  sb->ninodes = word_at(p, 2);
  sb->log_blocks = word_at(p, 3);
  sb->log_start = word_at(p, 4);
  sb->inode_start = word_at(p, 5);
  sb->bitmap_start = word_at(p, 6);
  sb->data_start = sb->data_blocks < sb->total_blocks ? sb->total_blocks - sb->data_blocks : 0;
}

const char *fs_super_check(const struct fs_super *sb) {
  uint64 log_end = (uint64)sb->log_start + sb->log_blocks;
  if (sb->log_start <= FS_SUPER_BLOCK)
    return "the log overlaps the superblock";
  if (sb->log_blocks < MAXOPBLOCKS + 1 || sb->log_blocks > FS_LOG_HEADER_SLOTS + 1)
    return "the log's size is outside what the header and one operation need";
  if (sb->ninodes <= ROOTINO || sb->ninodes > 65536)
    return "the inode count is outside 2..65536";
  if (sb->inode_start < log_end)
    return "the inodes overlap the log";
  if (sb->bitmap_start < (uint64)sb->inode_start + fs_inode_region_blocks(sb))
    return "the bitmap overlaps the inodes";
  if (sb->data_blocks == 0 || sb->data_blocks >= sb->total_blocks)
    return "the data region is empty or larger than the file system";
  if (sb->data_start < (uint64)sb->bitmap_start + fs_bitmap_region_blocks(sb))
    return "the data region overlaps the bitmap";
  /* The disk is read BSIZE bytes at a time: a half unit at the end would be past it. */
  if (sb->block_size < BSIZE && sb->total_blocks % (BSIZE / sb->block_size) != 0)
    return "the size is not a whole number of 1 KiB disk units";
  /* Truncating a file may touch every bitmap block in one operation. */
  if (fs_bitmap_region_blocks(sb) + 2 > MAXOPBLOCKS)
    return "the bitmap is too big for one operation";
  return 0;
}

const char *fs_probe(struct fs_probe_bytes disk, struct fs_super *sb) {
  if (word_at(disk.unit1, 0) == XV6_RISCV_MAGIC) {
    decode_words(disk.unit1 + 4, FS_RISCV, sb);
    return fs_super_check(sb);
  }
  decode_words(disk.unit0 + 512, FS_X86, sb);
  const char *why = fs_super_check(sb);
  /* Without a magic, an x86 superblock is known by its log at block 2 (xv6's mkfs puts it
   * there): then its own fault is the clearer message. */
  if (why && !(sb->total_blocks != 0 && sb->log_start == FS_SUPER_BLOCK + 1)) {
    sb->format = 0;
    return "no xv6 superblock (no RISC-V magic at byte 1024, no x86 layout at byte 512)";
  }
  return why;
}

void fs_super_plan(struct fs_super *sb, enum fs_format format, uint32 blocks, uint32 ninodes) {
  sb->format = format;
  sb->block_size = format == FS_RISCV ? 1024 : 512;
  sb->total_blocks = blocks;
  sb->ninodes = ninodes;
  sb->log_start = FS_SUPER_BLOCK + 1;
  sb->log_blocks = FS_LOG_BLOCKS;
  sb->inode_start = sb->log_start + sb->log_blocks;
  sb->bitmap_start = sb->inode_start + fs_inode_region_blocks(sb);
  sb->data_start = sb->bitmap_start + fs_bitmap_region_blocks(sb);
  sb->data_blocks = blocks > sb->data_start ? blocks - sb->data_start : 0;
}

void fs_super_encode(const struct fs_super *sb, uint8 *block) {
  uint32 first = 0;
  if (sb->format == FS_RISCV)
    put_word(block, first++, XV6_RISCV_MAGIC);
  uint32 words[7] = {sb->total_blocks, sb->data_blocks, sb->ninodes,     sb->log_blocks,
                     sb->log_start,    sb->inode_start, sb->bitmap_start};
  for (uint32 i = 0; i < 7; i++)
    put_word(block, first + i, words[i]);
}

const char *fs_format_name(uint32 format) {
  if (format == 0)
    return "unknown format";
  return format == FS_RISCV ? "RISC-V xv6 (1024-byte blocks)" : "x86 xv6 (512-byte blocks)";
}
