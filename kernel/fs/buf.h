/* A block-cache buffer: one disk block in memory. The cache (bio.c) owns
 * the index and clock fields; the disk driver reads and writes data and in_flight. */
#ifndef MOO_BUF_H
#define MOO_BUF_H

#include "fs/fs_format.h"
#include "lib/sleeplock.h"

struct buf {
  uint32 dev;
  uint32 blockno;
  bool valid;              /* data holds the block's contents */
  volatile bool in_flight; /* the disk owns the buffer until it clears this */
  struct sleeplock lock;
  uint32 refs;
  bool recent;           /* used since the clock hand last passed it */
  struct buf *hash_next; /* the next buffer in its index bucket */
  uint8 data[BSIZE];
};

#endif
