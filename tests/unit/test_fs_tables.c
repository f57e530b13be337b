/* Unit test (host): kernel/fs's tables on an in-memory disk: the block cache's index and
 * clock, the inode table, open files and pipe rings, and create's failure path on a full disk. */
#include "fs_harness.h"
#include <stddef.h>

/* ---- the block cache ---- */

/* True when every buffer holding a block is on its bucket's chain exactly once, no chain
 * holds anything else, and no two buffers hold the same block. */
static bool index_consistent(void) {
  int chained = 0;
  for (int i = 0; i < BUCKETS; i++) {
    for (struct buf *b = cache.buckets[i]; b; b = b->hash_next) {
      if (b->dev == NO_DEV || buf_bucket(b->dev, b->blockno) != &cache.buckets[i])
        return false;
      if (++chained > NBUF)
        return false; /* a loop */
    }
  }
  int bound = 0;
  for (int i = 0; i < NBUF; i++) {
    struct buf *b = &cache.bufs[i];
    if (b->dev == NO_DEV)
      continue;
    bound++;
    if (find_cached(b->dev, b->blockno) != b)
      return false;
  }
  return bound == chained;
}

static void touch_block(uint32 blockno) {
  brelse(bread(ROOTDEV, blockno));
}

/* Blocks per disk unit: the harness counts reads per unit, so the test spaces its blocks. */
static uint32 stride(void) {
  return BSIZE / fs_super.block_size;
}

static long reads_of(uint32 blockno) {
  return disk_reads_of[blockno / stride()];
}

static void test_cache(void) {
  fresh_disk();
  uint32 s = stride();
  uint32 base = (fs_super.data_start + 100) / s * s; /* blocks nobody else reads here */
  touch_block(base);
  touch_block(base);
  check(reads_of(base) == 1, "a cached block is read from the disk once");

  for (uint32 i = 1; i <= 3 * NBUF; i++) {
    touch_block(base + i * s);
    touch_block(base);
  }
  check(reads_of(base) == 1, "a block used between all other reads is never evicted");

  uint32 far = base + 500 * s;
  touch_block(far);
  for (uint32 i = 1; i <= NBUF; i++)
    touch_block(far + i * s);
  touch_block(far);
  check(reads_of(far) == 2, "a block read once goes after NBUF others");

  struct buf *held = bread(ROOTDEV, base + 1000);
  held->data[0] ^= 0xff;
  uint8 mark = held->data[0];
  for (uint32 i = 1; i <= 3 * NBUF; i++)
    touch_block(base + 1000 + i);
  check(held->blockno == base + 1000 && held->data[0] == mark &&
            find_cached(ROOTDEV, base + 1000) == held,
        "a buffer in use is never given to another block");
  held->data[0] ^= 0xff;
  brelse(held);

  struct buf *b = bread(ROOTDEV, base);
  woken[0] = 0;
  brelse(b);
  check(woken[0] != &cache, "no wakeup when nobody waits for a buffer");
  b = bread(ROOTDEV, base);
  cache.waiting = 1; /* as if another process slept in bget */
  brelse(b);
  cache.waiting = 0;
  check(woken[0] == &cache, "releasing a buffer wakes those waiting for one");

  uint32 seed = 12345;
  for (int i = 0; i < 2000; i++) {
    seed = seed * 1103515245 + 12345;
    touch_block(fs_super.data_start + (seed >> 8) % 400);
  }
  check(index_consistent(), "the index matches the buffers after 2000 random reads");
}

/* ---- the inode table ---- */

/* Allocated inodes on the disk, counted through the cache. */
static int disk_inodes_in_use(void) {
  int used = 0;
  for (uint32 inum = ROOTINO; inum < fs_super.ninodes; inum++) {
    struct buf *b = bread(ROOTDEV, fs_inode_block(&fs_super, inum));
    used += ((struct dinode *)b->data)[fs_inode_slot(&fs_super, inum)].type != 0;
    brelse(b);
  }
  return used;
}

static void test_inode_table(void) {
  fresh_disk();
  struct inode *a = inode_get(ROOTDEV, 7), *again = inode_get(ROOTDEV, 7);
  struct inode *other = inode_get(ROOTDEV, 7 + INODE_BUCKETS); /* the same bucket */
  check(a && a == again && a->refs == 2, "one slot per inode, counting references");
  check(other && other != a && find_bound(ROOTDEV, 7) == a &&
            find_bound(ROOTDEV, 7 + INODE_BUCKETS) == other,
        "two inodes of one bucket are both found");
  inode_put(a);
  inode_put(a);
  check(find_bound(ROOTDEV, 7) == 0 && find_bound(ROOTDEV, 7 + INODE_BUCKETS) == other,
        "the last put unbinds only that inode");
  inode_put(other);
  check(inode_count_used() == 0, "every slot free again");

  struct inode *held[NINODE];
  int n = 0;
  while (n < NINODE && (held[n] = inode_get(ROOTDEV, 100 + (uint32)n)) != 0)
    n++;
  check(n == NINODE && inode_get(ROOTDEV, 99) == 0, "NINODE inodes in memory, then none");
  int on_disk = disk_inodes_in_use();
  struct inode *made = 0;
  fs_op_begin();
  int err = inode_alloc(ROOTDEV, T_FILE, &made);
  fs_op_end();
  check(err == -ENFILE && disk_inodes_in_use() == on_disk,
        "allocating with the table full fails and gives the disk inode back");
  inode_put(held[0]);
  struct inode *fresh = inode_get(ROOTDEV, 99);
  check(fresh == held[0], "a freed slot is reused");
  inode_put(fresh);
  for (int i = 1; i < n; i++)
    inode_put(held[i]);
  check(inode_count_used() == 0 && fsck_ok("note:"), "all given back, the disk untouched");
}

/* ---- open files and pipes ---- */

static void test_files_and_pipes(void) {
  fresh_disk();
  int fds[2];
  k_pipe(fds);
  struct pipe *p = me.ofile[fds[0]]->pipe;
  int dup_fd = k_dup(fds[0]);
  k_close(fds[0]);
  check(p->reader_open && file_count_open() == 2, "closing one of two references keeps the end");
  k_close(dup_fd);
  check(!p->reader_open && p->writer_open && p->in_use, "the last reference closes the end");
  k_close(fds[1]);
  check(!p->in_use && file_count_open() == 0, "the second end to close frees the pipe");

  k_pipe(fds);
  uint8 *data = pattern(1000, 3), back[600];
  check(k_write(fds[1], data, 300) == 300 && k_read(fds[0], back, 200) == 200 &&
            memcmp(back, data, 200) == 0,
        "300 bytes in, 200 out");
  check(k_write(fds[1], data + 300, 400) == 400, "400 more fit, wrapping round the ring");
  check(k_read(fds[0], back, sizeof(back)) == 500 && memcmp(back, data + 200, 500) == 0,
        "the 500 held bytes come out in order");
  check(k_write(fds[1], data, 512) == 512 && k_read(fds[0], back, 512) == 512 &&
            memcmp(back, data, 512) == 0,
        "a full ring, from the middle");
  exit_process();
  check(file_count_open() == 0, "exit closes both ends");
  free(data);
}

/* ---- create on a full disk ---- */

/* Writes files until the disk has no free block; returns how many. */
static int fill_disk(void) {
  int max = (int)fs_max_file_bytes(&fs_super);
  uint8 *data = pattern((size_t)max, 7);
  int files = 0;
  for (;;) {
    char name[16];
    snprintf(name, sizeof(name), "/fill%d", files);
    int fd = k_open(name, O_CREATE | O_RDWR);
    int put = k_write(fd, data, max);
    k_close(fd);
    files++;
    if (put < max)
      break;
  }
  free(data);
  return files;
}

static void test_create_on_full_disk(void) {
  fresh_disk();
  k_mkdir("/d");
  char name[32];
  for (int i = 0; i < (int)(fs_super.block_size / sizeof(struct dir_entry)) - 2; i++) {
    snprintf(name, sizeof(name), "/d/e%d", i);
    k_close(k_open(name, O_CREATE | O_RDWR));
  }
  check(stat_of("/d").size == fs_super.block_size, "a directory with one full block");
  int files = fill_disk();
  check(files > 20, "the disk fills up");
  int on_disk = disk_inodes_in_use();
  check(k_mkdir("/x") < 0, "mkdir fails with no block for its entries");
  check(k_open("/d/one_more", O_CREATE | O_RDWR) < 0,
        "a create fails when its directory needs a block");
  check(k_mknod("/d/dev", DEV_CONSOLE, 0) < 0, "and so does mknod");
  check(disk_inodes_in_use() == on_disk && inode_count_used() == 0,
        "the failed creates leave no inode behind");
  check(fsck_ok("note:"), "nor a block, or a link count off");
  check(k_open("/fits", O_CREATE | O_RDWR) >= 0, "a create whose directory has room succeeds");
  exit_process();
}

/* Every free disk inode taken, then one more create. */
static void test_create_without_inodes(void) {
  fresh_disk();
  k_mkdir("/many");
  char name[32];
  int made = 0;
  for (;;) {
    snprintf(name, sizeof(name), "/many/f%d", made);
    int fd = k_open(name, O_CREATE | O_RDWR);
    if (fd < 0)
      break;
    k_close(fd);
    made++;
  }
  check(made > 900 && disk_inodes_in_use() == (int)fs_super.ninodes - 1,
        "creates succeed until no disk inode is free");
  struct buf *b = bread(ROOTDEV, fs_inode_block(&fs_super, 0));
  check(((struct dinode *)b->data)[0].type == 0, "inode 0, which no entry can name, stays free");
  brelse(b);
  check(k_mkdir("/many/d") < 0 && fsck_ok("note:"), "then mkdir fails cleanly");
  for (int i = 0; i < made; i++) {
    snprintf(name, sizeof(name), "/many/f%d", i);
    k_unlink(name);
  }
  check(k_unlink("/many") == 0 && fsck_ok("note:"), "and everything goes away again");
  exit_process();
}

/* ---- what fstat copies out ---- */

/* Leaves 0xee in 16 KiB of the stack below the caller, where the next call's frames go. */
static void __attribute__((noinline)) dirty_stack(void) {
  volatile uint8 junk[16384];
  for (size_t i = 0; i < sizeof(junk); i++)
    junk[i] = 0xee;
}

static void test_stat_padding(void) {
  fresh_disk();
  int fd = k_open("/README", O_RDONLY);
  struct stat st;
  uint8 raw[sizeof(struct stat)];
  uint8 is_field[sizeof(struct stat)] = {0};
  memset(is_field + offsetof(struct stat, dev), 1, sizeof(st.dev));
  memset(is_field + offsetof(struct stat, ino), 1, sizeof(st.ino));
  memset(is_field + offsetof(struct stat, type), 1, sizeof(st.type));
  memset(is_field + offsetof(struct stat, nlink), 1, sizeof(st.nlink));
  memset(is_field + offsetof(struct stat, size), 1, sizeof(st.size));
  memset(raw, 0xa5, sizeof(raw));
  dirty_stack();
  int r = k_fstat(fd, (struct stat *)raw);
  int padding = 0, zero = 0;
  for (size_t i = 0; i < sizeof(raw); i++) {
    padding += !is_field[i];
    zero += !is_field[i] && raw[i] == 0;
  }
  memcpy(&st, raw, sizeof(st));
  check(r == 0 && st.size == 6 && st.type == T_FILE, "fstat of /README");
  check(padding > 0 && zero == padding, "every byte of struct stat outside its fields is zero");
  k_close(fd);
  exit_process();
}

/* ---- the log's ledger ---- */

static void test_log_ledger(void) {
  fresh_disk();
  check(wal.capacity == 29, "xv6's log of 30 blocks holds 29");
  check(wal.used == 0 && wal.promised == 0, "an idle log owes and holds nothing");
  fs_op_begin();
  check(wal.promised == MAXOPBLOCKS, "admission promises a whole operation");
  fs_op_begin();
  check(wal.promised == MAXOPBLOCKS && member_of(&me)->depth == 2, "nesting promises nothing");
  uint32 blockno = fs_super.data_start + 3;
  for (int i = 0; i < 2; i++) {
    struct buf *b = bread(ROOTDEV, blockno);
    log_write(b);
    brelse(b);
  }
  check(wal.used == 1 && wal.promised == MAXOPBLOCKS - 1, "a new block spends one credit, once");
  fs_op_end();
  check(wal.used == 1, "the inner end commits nothing");

  struct proc other = {0}; /* a second member, as if another process had begun */
  wal.members[1] = (struct member){&other, 1, MAXOPBLOCKS};
  wal.promised += MAXOPBLOCKS;
  fs_op_end();
  check(wal.used == 1 && !wal.sealed && wal.promised == MAXOPBLOCKS,
        "leaving returns the unspent credit; the group stays open for the other member");
  wal.used = wal.capacity - 2 * MAXOPBLOCKS;
  check(admit() != 0, "admitted while a whole operation's slots are free");
  wal.used++;
  check(admit() == 0, "not admitted when fewer are free");
  wal.used = 1;
  wal.members[1].depth = 0; /* its fs_op_end */
  check(leave(&wal.members[1]) && wal.sealed && wal.promised == 0, "the last to leave seals");
  wal.sealed = false;
  wal.used = 0;
  check(admit() != 0, "an empty log admits again");
  exit_process();
}

static int run_all(const char *mkfs_flags) {
  if (harness_start_format("test_fs_tables", mkfs_flags) < 0)
    return -1;
  test_cache();
  test_log_ledger();
  test_inode_table();
  test_files_and_pipes();
  test_create_on_full_disk();
  test_create_without_inodes();
  test_stat_padding();
  harness_finish();
  return 0;
}

int main(void) {
  if (run_all("") < 0 || run_all("-f x86") < 0)
    return 1;
  return check_summary("test_fs_tables");
}
