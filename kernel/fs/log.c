/* The write-ahead log with group commit: when the last running operation ends,
 * its group goes to the log region, is committed by the header write, then installed. */
#include "fs/log.h"
#include "dev/disk.h"
#include "fs/fs.h"
#include "lib/printf.h"
#include "lib/spinlock.h"
#include "lib/string.h"
#include "proc/proc.h"

#define MAX_OPS (LOGBLOCKS / MAXOPBLOCKS) /* operations that fit in the log at once */

struct op_member {
  struct proc *p; /* 0 = free slot */
  int depth;      /* nested fs_op_begin calls by p */
};

/*
 * The lock guards everything but the block images, which only log_write
 * (under the lock) and the committer (alone, committing set) touch. images[i]
 * holds the newest contents of blocks[i]; its blockno is reused for I/O.
 */
static struct {
  struct spinlock lock;
  uint32 dev;
  uint32 header_block; /* first block of the log region; the slots follow */
  int active;          /* operations running */
  bool committing;
  struct op_member members[MAX_OPS];
  uint32 count; /* blocks in the current transaction */
  uint32 blocks[LOGBLOCKS];
  struct buf images[LOGBLOCKS];
  struct buf header;
} wal = {.lock = {.locked = 0, .name = "log", .owner = -1}}; /* the cache asks before log_init */

static void disk_io(struct buf *b, uint32 blockno, bool write) {
  sleeplock_acquire(&b->lock);
  b->dev = wal.dev;
  b->blockno = blockno;
  disk_rw(b, write);
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
static void recover(const struct fs_super *sb) {
  disk_io(&wal.header, wal.header_block, false);
  struct fs_log_header *h = header_data();
  uint32 n = h->count;
  if (n == 0)
    return;
  if (n > LOGBLOCKS) {
    kprintf("fs: log header claims %u blocks; ignoring the log\n", n);
    write_header(0);
    return;
  }
  for (uint32 i = 0; i < n; i++)
    wal.blocks[i] = h->blocks[i];
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

void log_init(uint32 dev, const struct fs_super *sb) {
  if (sb->log_blocks < LOGBLOCKS + 1)
    panic("fs: log region of %u blocks is too small", sb->log_blocks);
  wal.dev = dev;
  wal.header_block = sb->log_start;
  sleeplock_init(&wal.header.lock, "log header");
  for (int i = 0; i < LOGBLOCKS; i++)
    sleeplock_init(&wal.images[i].lock, "log image");
  recover(sb);
}

static struct op_member *member_of(struct proc *p) {
  for (int i = 0; i < MAX_OPS; i++) {
    if (wal.members[i].depth > 0 && wal.members[i].p == p)
      return &wal.members[i];
  }
  return 0;
}

static bool room_for_one_more(void) {
  return wal.count + (uint32)(wal.active + 1) * MAXOPBLOCKS <= LOGBLOCKS;
}

void fs_op_begin(void) {
  struct proc *p = myproc();
  spin_lock(&wal.lock);
  struct op_member *m = member_of(p);
  if (m) { /* nested: shares the outer operation's reservation */
    m->depth++;
    spin_unlock(&wal.lock);
    return;
  }
  while (wal.committing || !room_for_one_more())
    sleep(&wal, &wal.lock);
  wal.active++;
  m = 0;
  for (int i = 0; i < MAX_OPS && !m; i++) {
    if (wal.members[i].depth == 0)
      m = &wal.members[i];
  }
  if (!m)
    panic("fs_op_begin: no member slot");
  m->p = p;
  m->depth = 1;
  spin_unlock(&wal.lock);
}

/* Writes the group to the log, commits it, installs it. Called with
 * committing set and no operation running, so nothing changes under it. */
static void commit(void) {
  uint32 n = wal.count;
  if (n == 0)
    return;
  for (uint32 i = 0; i < n; i++)
    disk_io(&wal.images[i], wal.header_block + 1 + i, true);
  write_header(n); /* the commit point */
  for (uint32 i = 0; i < n; i++)
    disk_io(&wal.images[i], wal.blocks[i], true);
  spin_lock(&wal.lock);
  wal.count = 0; /* home blocks now hold what the images held */
  spin_unlock(&wal.lock);
  write_header(0);
}

void fs_op_end(void) {
  spin_lock(&wal.lock);
  struct op_member *m = member_of(myproc());
  if (!m)
    panic("fs_op_end: no operation running");
  if (--m->depth > 0) {
    spin_unlock(&wal.lock);
    return;
  }
  m->p = 0;
  wal.active--;
  if (wal.active > 0) {
    wakeup(&wal); /* this operation's reservation is free again */
    spin_unlock(&wal.lock);
    return;
  }
  wal.committing = true;
  spin_unlock(&wal.lock);
  commit();
  spin_lock(&wal.lock);
  wal.committing = false;
  wakeup(&wal);
  spin_unlock(&wal.lock);
}

bool fs_op_active(void) {
  spin_lock(&wal.lock);
  bool active = member_of(myproc()) != 0;
  spin_unlock(&wal.lock);
  return active;
}

void log_write(struct buf *b) {
  spin_lock(&wal.lock);
  if (!member_of(myproc()))
    panic("log_write: outside an operation");
  uint32 i = 0;
  while (i < wal.count && wal.blocks[i] != b->blockno)
    i++;
  if (i == wal.count) {
    if (wal.count == LOGBLOCKS)
      panic("log_write: transaction too big");
    wal.blocks[wal.count++] = b->blockno;
  }
  memcpy(wal.images[i].data, b->data, BSIZE);
  spin_unlock(&wal.lock);
}

bool log_copy_pending(uint32 blockno, uint8 *data) {
  bool found = false;
  spin_lock(&wal.lock);
  for (uint32 i = 0; i < wal.count && !found; i++) {
    if (wal.blocks[i] == blockno) {
      memcpy(data, wal.images[i].data, BSIZE);
      found = true;
    }
  }
  spin_unlock(&wal.lock);
  return found;
}
