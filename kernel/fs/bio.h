/* The block cache: NBUF buffers shared by all file-system code, found through
 * a hash index and recycled by a clock. A buffer returned by bread is locked. */
#ifndef MOO_BIO_H
#define MOO_BIO_H

#include "fs/buf.h"

/* The block, locked, with valid contents. Sleeps for the disk or for a free buffer. */
struct buf *bread(uint32 dev, uint32 blockno);
/* Writes a locked buffer straight to disk (the log and recovery use their own buffers). */
void bwrite(struct buf *b);
/* Unlocks the buffer and gives up the reference bread took. */
void brelse(struct buf *b);

#endif
