/* The write-ahead log: every block an operation changes goes to the log
 * first and reaches its home location only after the whole group commits. */
#ifndef MOO_LOG_H
#define MOO_LOG_H

#include "fs/buf.h"

/* Empties the in-memory log and sets up its lock; before the first mount. */
void log_prepare(void);
/* Takes the log region's place and size from sb and replays a committed log. */
void log_open(uint32 dev, const struct fs_super *sb);
/* Records the locked buffer's current contents as part of the running
 * operation; make every change to the buffer before calling this. */
void log_write(struct buf *b);
/* When blockno is changed by a transaction not yet installed, copies the
 * logged contents into data and returns true (the cache calls this on a miss). */
bool log_copy_pending(uint32 blockno, uint8 *data);
/* True while the calling process is between fs_op_begin and fs_op_end. */
bool fs_op_active(void);

#endif
