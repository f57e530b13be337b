/* File-system blocks on the disk: a block of BSIZE bytes is one disk transfer, a smaller
 * block is part of one. The cache, the log and the mount probe do their I/O through here. */
#ifndef MOO_BLOCKDEV_H
#define MOO_BLOCKDEV_H

#include "fs/buf.h"

/* Sets the file system's block size (BSIZE until a mount says otherwise). */
void blockdev_set_block_size(uint32 size);
uint32 blockdev_block_size(void);
/* Reads or writes the block b->blockno of b->dev: the first block-size bytes of b->data. */
void blockdev_rw(struct buf *b, bool write);
/* Reads BSIZE unit `unit` of dev into b->data (for the probe, before the size is known). */
void blockdev_read_unit(struct buf *b, uint32 dev, uint32 unit);

#endif
