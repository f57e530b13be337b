/* The data-block allocator: the on-disk bitmap, one bit per block, changed
 * only through the log. */
#include "fs/bio.h"
#include "fs/inode.h"
#include "fs/log.h"
#include "lib/printf.h"
#include "lib/string.h"

uint32 block_bitmap_blocks(void) {
  return fs_bitmap_region_blocks(&fs_super);
}

static void zero_block(uint32 dev, uint32 blockno) {
  struct buf *b = bread(dev, blockno);
  memset(b->data, 0, BSIZE);
  log_write(b);
  brelse(b);
}

/* Claims the first clear bit in one bitmap block that stands for a data
 * block; returns the block number, or 0. */
static uint32 claim_in_bitmap_block(uint32 dev, uint32 first) {
  uint32 end = MIN(first + fs_bits_per_block(&fs_super), fs_super.total_blocks);
  uint32 start = MAX(first, fs_super.data_start);
  uint32 found = 0;
  struct buf *b = bread(dev, fs_bitmap_block(&fs_super, first));
  for (uint32 blockno = start; blockno < end; blockno++) {
    uint32 bit = blockno - first;
    uint8 mask = (uint8)(1u << (bit % 8));
    if ((b->data[bit / 8] & mask) == 0) {
      b->data[bit / 8] |= mask;
      log_write(b);
      found = blockno;
      break;
    }
  }
  brelse(b);
  return found;
}

uint32 block_alloc(uint32 dev) {
  uint32 per_block = fs_bits_per_block(&fs_super);
  for (uint32 first = 0; first < fs_super.total_blocks; first += per_block) {
    if (first + per_block <= fs_super.data_start)
      continue;
    uint32 blockno = claim_in_bitmap_block(dev, first);
    if (blockno) {
      zero_block(dev, blockno);
      return blockno;
    }
  }
  return 0;
}

void block_free(uint32 dev, uint32 blockno) {
  if (!fs_is_data_block(&fs_super, blockno)) {
    kprintf("fs: not freeing block %u outside the data region\n", blockno);
    return;
  }
  struct buf *b = bread(dev, fs_bitmap_block(&fs_super, blockno));
  uint32 bit = blockno % fs_bits_per_block(&fs_super);
  uint8 mask = (uint8)(1u << (bit % 8));
  if (b->data[bit / 8] & mask) {
    b->data[bit / 8] &= (uint8)~mask;
    log_write(b);
  } else {
    kprintf("fs: block %u freed twice\n", blockno);
  }
  brelse(b);
}
