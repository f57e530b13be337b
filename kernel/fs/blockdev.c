/* Maps file-system blocks onto the disk driver's BSIZE transfers. A small block (512 bytes:
 * x86 xv6's format) is half a transfer: read the unit, or read it, patch the half, write it. */
#include "fs/blockdev.h"
#include "dev/disk.h"
#include "lib/printf.h"
#include "lib/string.h"

/*
 * A write of a small block rewrites its neighbour with the bytes just read from the disk,
 * so a torn write leaves the neighbour as it was. Such writes go one at a time through the
 * bounce buffer (its sleeplock), so two halves of one unit never race.
 */
static struct {
  uint32 block_size;
  bool ready; /* the bounce buffer's lock is set up */
  struct buf bounce;
} blockdev = {.block_size = BSIZE};

void blockdev_set_block_size(uint32 size) {
  if (size != BSIZE && size != BSIZE / 2)
    panic("blockdev: block size %u", size);
  if (!blockdev.ready) {
    sleeplock_init(&blockdev.bounce.lock, "small block");
    blockdev.ready = true;
  }
  blockdev.block_size = size;
}

uint32 blockdev_block_size(void) {
  return blockdev.block_size;
}

void blockdev_read_unit(struct buf *b, uint32 devno, uint32 unit) {
  uint32 blockno = b->blockno;
  b->dev = devno;
  b->blockno = unit;
  disk_rw(b, false);
  b->blockno = blockno;
}

static void small_block_rw(struct buf *b, bool write) {
  uint32 half = (b->blockno % 2) * (BSIZE / 2);
  if (!write) {
    blockdev_read_unit(b, b->dev, b->blockno / 2);
    memmove(b->data, b->data + half, BSIZE / 2);
    return;
  }
  struct buf *u = &blockdev.bounce;
  sleeplock_acquire(&u->lock);
  u->dev = b->dev;
  u->blockno = b->blockno / 2;
  disk_rw(u, false);
  memcpy(u->data + half, b->data, BSIZE / 2);
  disk_rw(u, true);
  sleeplock_release(&u->lock);
}

void blockdev_rw(struct buf *b, bool write) {
  if (blockdev.block_size == BSIZE)
    disk_rw(b, write);
  else
    small_block_rw(b, write);
}
