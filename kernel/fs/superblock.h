/* Recognising, checking and writing the two xv6 superblocks; pure functions that compile in
 * the kernel and on the host (the tools and tests include superblock.c). */
#ifndef MOO_SUPERBLOCK_H
#define MOO_SUPERBLOCK_H

#include "fs/fs_format.h"

/* The first two BSIZE units of a disk (bytes 0-2047), which hold either superblock. */
struct fs_probe_bytes {
  const uint8 *unit0;
  const uint8 *unit1;
};

/* Decodes the superblock the bytes hold into *sb; 0, or why it is no usable file system
 * (sb->format then says which format it was taken for, 0 for neither). */
const char *fs_probe(struct fs_probe_bytes disk, struct fs_super *sb);
/* 0 when the regions lie in order inside the file system and fit the kernel's limits,
 * or the first thing wrong. */
const char *fs_super_check(const struct fs_super *sb);
/* The layout for a new file system of that format and size, regions packed after the log. */
void fs_super_plan(struct fs_super *sb, enum fs_format format, uint32 blocks, uint32 ninodes);
/* Writes sb in its format at the start of block (the superblock block's bytes). */
void fs_super_encode(const struct fs_super *sb, uint8 *block);
const char *fs_format_name(uint32 format);

#endif
