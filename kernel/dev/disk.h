/* The block device the root file system lives on. */
#ifndef MOO_DISK_H
#define MOO_DISK_H

#include "lib/types.h"

struct buf;

int disk_init(void); /* finds and starts the disk; 0 or -EIO */
/* Reads or writes b->data at block b->blockno; sleeps until done. */
void disk_rw(struct buf *b, bool write);
void disk_intr(void);

#endif
