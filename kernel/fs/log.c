/* The write-ahead log: operations draw log slots from a ledger of credits; when the last one
 * of a group leaves, the group is sealed, written to the log, committed, installed. */
#include "fs/log.h"
#include "fs/blockdev.h"
#include "fs/fs.h"
#include "lib/printf.h"
#include "lib/spinlock.h"
#include "lib/string.h"
#include "proc/proc.h"

#define MAX_MEMBERS (FS_LOG_HEADER_SLOTS / MAXOPBLOCKS) /* operations a full log admits */

/* An operation in the open group: its process, its nesting, and the slots it was promised
 * at admission and has not used yet. */
struct member {
  struct proc *p; /* 0 = free entry */
  int depth;
  uint32 credit;
};

/*
 * The ledger: of the log's capacity slots, `used` hold blocks of the open group and
 * `promised` are owed to running members (the sum of their credits); the rest are free.
 * An operation is admitted when MAXOPBLOCKS free slots can be promised to it and no group
 * is being written. A block already in the group costs nothing; a new one spends a credit
 * of the writer. Leaving returns the unspent credit. The lock guards all of it but the block
 * images, which log_write (under the lock) and the sealed group's writer (alone) touch.
 */
static struct {
  struct spinlock lock;
  uint32 dev;
  uint32 header_block; /* first block of the log region; the slots follow */
  uint32 capacity;     /* slots: the region's blocks after the header */
  uint32 block_size;
  uint32 used;
  uint32 promised;
  bool sealed; /* the group is being written: nobody is admitted */
  struct member members[MAX_MEMBERS];
  uint32 blocks[FS_LOG_HEADER_SLOTS];
  struct buf images[FS_LOG_HEADER_SLOTS]; /* images[i]: the newest contents of blocks[i] */
  struct buf header;
} wal;

void log_prepare(void) {
  memset(&wal, 0, sizeof(wal));
  spin_init(&wal.lock, "log");
  sleeplock_init(&wal.header.lock, "log header");
  for (int i = 0; i < FS_LOG_HEADER_SLOTS; i++)
    sleeplock_init(&wal.images[i].lock, "log image");
}

static void disk_io(struct buf *b, uint32 blockno, bool write) {
  sleeplock_acquire(&b->lock);
  b->dev = wal.dev;
  b->blockno = blockno;
  blockdev_rw(b, write);
  sleeplock_release(&b->lock);
}

static struct fs_log_header *header_data(void) {
  return (struct fs_log_header *)wal.header.data;
}

static void write_header(uint32 count) {
  struct fs_log_header *h = header_data();
  memset(wal.header.data, 0, BSIZE);
  h->count = count;
  for (uint32 i = 0; i < count; i++)
    h->blocks[i] = wal.blocks[i];
  disk_io(&wal.header, wal.header_block, true);
}

/* Copies the slots of a committed log home, then empties the log. */
static void replay(const struct fs_super *sb) {
  disk_io(&wal.header, wal.header_block, false);
  uint32 n = header_data()->count;
  if (n == 0)
    return;
  if (n > wal.capacity) {
    kprintf("fs: log header claims %u blocks, the log holds %u; ignoring the log\n", n,
            wal.capacity);
    write_header(0);
    return;
  }
  for (uint32 i = 0; i < n; i++)
    wal.blocks[i] = header_data()->blocks[i];
  for (uint32 i = 0; i < n; i++) {
    if (wal.blocks[i] < sb->inode_start || wal.blocks[i] >= sb->total_blocks) {
      kprintf("fs: log names block %u, not an inode, bitmap or data block; skipped\n",
              wal.blocks[i]);
      continue;
    }
    disk_io(&wal.images[i], wal.header_block + 1 + i, false);
    disk_io(&wal.images[i], wal.blocks[i], true);
  }
  kprintf("fs: recovered %u logged blocks\n", n);
  write_header(0);
}

void log_open(uint32 dev, const struct fs_super *sb) {
  wal.dev = dev;
  wal.header_block = sb->log_start;
  wal.capacity = MIN(sb->log_blocks - 1, (uint32)FS_LOG_HEADER_SLOTS);
  wal.block_size = sb->block_size;
  replay(sb);
}

static struct member *member_of(struct proc *p) {
  for (int i = 0; i < MAX_MEMBERS; i++) {
    if (wal.members[i].depth > 0 && wal.members[i].p == p)
      return &wal.members[i];
  }
  return 0;
}

static uint32 free_slots(void) {
  return wal.capacity - wal.used - wal.promised;
}

/* A free member entry when the ledger can promise a whole operation, else 0. */
static struct member *admit(void) {
  if (wal.sealed || free_slots() < MAXOPBLOCKS)
    return 0;
  for (int i = 0; i < MAX_MEMBERS; i++) {
    if (wal.members[i].depth == 0)
      return &wal.members[i];
  }
  return 0;
}

void fs_op_begin(void) {
  struct proc *p = myproc();
  spin_lock(&wal.lock);
  struct member *m = member_of(p);
  if (m) { /* nested: draws on the outer operation's credit */
    m->depth++;
    spin_unlock(&wal.lock);
    return;
  }
  while (!(m = admit()))
    sleep(&wal, &wal.lock);
  m->p = p;
  m->depth = 1;
  m->credit = MAXOPBLOCKS;
  wal.promised += MAXOPBLOCKS;
  spin_unlock(&wal.lock);
}

/* Writes the sealed group to the log, commits it (the header write), installs it, and
 * empties the log. Runs with no member and nobody admitted, so nothing changes under it. */
static void write_group(void) {
  uint32 n = wal.used;
  if (n == 0)
    return;
  for (uint32 i = 0; i < n; i++)
    disk_io(&wal.images[i], wal.header_block + 1 + i, true);
  write_header(n); /* the commit point */
  for (uint32 i = 0; i < n; i++)
    disk_io(&wal.images[i], wal.blocks[i], true);
  write_header(0);
}

/* Leaves the group; true when the caller was its last member and must write it. */
static bool leave(struct member *m) {
  wal.promised -= m->credit;
  m->p = 0;
  m->credit = 0;
  for (int i = 0; i < MAX_MEMBERS; i++) {
    if (wal.members[i].depth > 0)
      return false;
  }
  wal.sealed = true;
  return true;
}

void fs_op_end(void) {
  spin_lock(&wal.lock);
  struct member *m = member_of(myproc());
  if (!m)
    panic("fs_op_end: no operation running");
  if (--m->depth > 0) {
    spin_unlock(&wal.lock);
    return;
  }
  bool last = leave(m);
  if (last) {
    spin_unlock(&wal.lock);
    write_group();
    spin_lock(&wal.lock);
    wal.used = 0; /* the home blocks now hold what the images held */
    wal.sealed = false;
  }
  wakeup(&wal); /* returned credit or an empty log may admit a waiter */
  spin_unlock(&wal.lock);
}

bool fs_op_active(void) {
  spin_lock(&wal.lock);
  bool active = member_of(myproc()) != 0;
  spin_unlock(&wal.lock);
  return active;
}

/* Takes a slot for a block new to the group: from the writer's credit, else (a nested
 * caller that outgrew its estimate) from the free slots. */
static void spend_slot(struct member *m) {
  if (m->credit > 0) {
    m->credit--;
    wal.promised--;
  } else if (free_slots() == 0) {
    panic("log_write: transaction too big");
  }
  wal.used++;
}

void log_write(struct buf *b) {
  spin_lock(&wal.lock);
  struct member *m = member_of(myproc());
  if (!m)
    panic("log_write: outside an operation");
  uint32 i = 0;
  while (i < wal.used && wal.blocks[i] != b->blockno)
    i++;
  if (i == wal.used) {
    spend_slot(m);
    wal.blocks[i] = b->blockno;
  }
  memcpy(wal.images[i].data, b->data, wal.block_size);
  spin_unlock(&wal.lock);
}

bool log_copy_pending(uint32 blockno, uint8 *data) {
  bool found = false;
  spin_lock(&wal.lock);
  for (uint32 i = 0; i < wal.used && !found; i++) {
    if (wal.blocks[i] == blockno) {
      memcpy(data, wal.images[i].data, wal.block_size);
      found = true;
    }
  }
  spin_unlock(&wal.lock);
  return found;
}
