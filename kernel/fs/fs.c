/* File-system start-up: recognises the disk's format from its superblock, replays the log,
 * and reclaims inodes a crash left allocated but unlinked. */
#include "fs/fs.h"
#include "arch/arch.h"
#include "fs/blockdev.h"
#include "fs/inode.h"
#include "fs/log.h"
#include "fs/superblock.h"
#include "lib/printf.h"

/* The disk's first two BSIZE units, read around the cache: its buffers are for blocks of
 * the size the probe is about to decide. */
static struct buf probe_units[2];

const char *fs_mount(uint32 dev, struct fs_super *sb) {
  for (uint32 i = 0; i < 2; i++) {
    sleeplock_init(&probe_units[i].lock, "probe");
    sleeplock_acquire(&probe_units[i].lock);
    blockdev_read_unit(&probe_units[i], dev, i);
    sleeplock_release(&probe_units[i].lock);
  }
  struct fs_probe_bytes bytes = {probe_units[0].data, probe_units[1].data};
  const char *why = fs_probe(bytes, sb);
  if (why)
    return why;
  blockdev_set_block_size(sb->block_size);
  log_open(dev, sb);
  return 0;
}

void fs_init(int dev) {
  log_prepare();
  const char *why = fs_mount((uint32)dev, &fs_super);
  if (why) {
    const uint8 *w = probe_units[1].data;
    kprintf("fs: disk %d not mounted: %s: %s (first word at byte 1024: %x); powering off\n", dev,
            fs_format_name(fs_super.format), why,
            (uint32)w[0] | (uint32)w[1] << 8 | (uint32)w[2] << 16 | (uint32)w[3] << 24);
    arch_power_off();
  }
  kprintf("fs: disk %d: %s, %u blocks, %u inodes\n", dev, fs_format_name(fs_super.format),
          fs_super.total_blocks, fs_super.ninodes);
  inode_reclaim_orphans((uint32)dev);
}
