/* File-system start-up: reads and checks the superblock, replays the log,
 * and reclaims inodes a crash left allocated but unlinked. */
#include "fs/fs.h"
#include "fs/bio.h"
#include "fs/inode.h"
#include "fs/log.h"
#include "lib/printf.h"
#include "lib/string.h"

static void check_super(const struct fs_super *sb) {
  if (sb->magic != FS_MAGIC)
    panic("fs: no moo file system on the disk (magic %x)", sb->magic);
  if (sb->data_start >= sb->total_blocks || sb->ninodes <= ROOTINO ||
      fs_inode_block(sb, sb->ninodes - 1) >= sb->bitmap_start)
    panic("fs: superblock is inconsistent");
  /* Truncating a file may touch every bitmap block in one operation. */
  if (fs_bitmap_region_blocks(sb->total_blocks) + 2 > MAXOPBLOCKS)
    panic("fs: bitmap of %u blocks too big for one operation",
          fs_bitmap_region_blocks(sb->total_blocks));
}

void fs_init(int dev) {
  struct buf *b = bread((uint32)dev, FS_SUPER_BLOCK);
  memcpy(&fs_super, b->data, sizeof(fs_super));
  brelse(b);
  check_super(&fs_super);
  log_init((uint32)dev, &fs_super);
  inode_reclaim_orphans((uint32)dev);
}
