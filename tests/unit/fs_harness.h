/* The host harness for unit tests of kernel/fs: the real file-system code on an in-memory
 * disk made by mkfs, with single-threaded stubs for locks, processes and user memory. */
#ifndef MOO_UNIT_FS_HARNESS_H
#define MOO_UNIT_FS_HARNESS_H

#include "check.h"
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fs/balloc.c"
#include "fs/bio.c"
#include "fs/blockdev.c"
#include "fs/dir.c"
#include "fs/file.c"
#include "fs/fs.c"
#include "fs/fsops.c"
#include "fs/inode.c"
#include "fs/inode_data.c"
#include "fs/log.c"
#include "fs/path.c"
#include "fs/pathname.c"
#include "fs/pipe.c"
#include "fs/superblock.c"
#include "fs/sysfile.c"

/* ---- the kernel services kernel/fs uses, as single-threaded stubs ---- */

static jmp_buf crash_point;
static uint8 *disk; /* the disk image */
static size_t disk_bytes;
static long disk_writes;
static long disk_reads_of[FSBLOCKS]; /* reads of each block since the last reboot */
static long crash_after = -1;        /* stop the machine at this write (-1: never) */
static struct proc me;
static uint64 args[6]; /* system-call arguments */
struct devsw devsw[NDEV];

void kprintf(const char *fmt, ...) {
  (void)fmt; /* recovery messages are expected; keep the test output short */
}

void panic(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  printf("kernel panic: ");
  vprintf(fmt, ap);
  printf("\n");
  va_end(ap);
  exit(2);
}

void spin_init(struct spinlock *lk, const char *name) {
  lk->locked = 0;
  lk->name = name;
  lk->owner = -1;
}

void spin_lock(struct spinlock *lk) {
  if (lk->locked)
    panic("spin_lock: %s would deadlock", lk->name);
  lk->locked = 1;
  lk->owner = 0;
}

void spin_unlock(struct spinlock *lk) {
  if (!lk->locked)
    panic("spin_unlock: %s not held", lk->name);
  lk->locked = 0;
  lk->owner = -1;
}

bool spin_held(struct spinlock *lk) {
  return lk->locked;
}

void sleeplock_init(struct sleeplock *lk, const char *name) {
  lk->name = name;
  lk->holder = 0;
}

void sleeplock_acquire(struct sleeplock *lk) {
  if (lk->holder)
    panic("sleeplock_acquire: %s would deadlock", lk->name);
  lk->holder = &me;
}

void sleeplock_release(struct sleeplock *lk) {
  if (!lk->holder)
    panic("sleeplock_release: %s not held", lk->name);
  lk->holder = 0;
}

bool sleeplock_held(struct sleeplock *lk) {
  return lk->holder != 0;
}

void sleep(void *chan, struct spinlock *lk) {
  (void)chan;
  panic("sleep with %s held: nothing else runs here to wake us", lk->name);
}

static void *woken[8]; /* the channels of the last wakeups, newest first */

void wakeup(void *chan) {
  memmove(woken + 1, woken, sizeof(woken) - sizeof(woken[0]));
  woken[0] = chan;
}
/* Wait queues (pipes) are channels here: the queue's address names the event. */
void waitq_sleep(struct waitq *q, struct spinlock *lk) {
  sleep(q, lk);
}

void waitq_wake(struct waitq *q) {
  wakeup(q);
}

struct proc *myproc(void) {
  return &me;
}
bool proc_killed(struct proc *p) {
  return p->killed;
}

void arch_power_off(void) {
  printf("powered off\n");
  exit(3);
}

void disk_rw(struct buf *b, bool write) {
  if (b->blockno >= disk_bytes / BSIZE)
    panic("disk_rw: block %u", b->blockno);
  if (!write) {
    disk_reads_of[b->blockno]++;
    memcpy(b->data, disk + (size_t)b->blockno * BSIZE, BSIZE);
    return;
  }
  if (disk_writes == crash_after)
    longjmp(crash_point, 1);
  disk_writes++;
  memcpy(disk + (size_t)b->blockno * BSIZE, b->data, BSIZE);
}

int copy_to_either(bool user, uintptr dst, const void *src, size_t n) {
  (void)user;
  memcpy((void *)dst, src, n);
  return 0;
}

int copy_from_either(void *dst, bool user, uintptr src, size_t n) {
  (void)user;
  memcpy(dst, (const void *)src, n);
  return 0;
}

int copyout(struct aspace *as, uintptr dst, const void *src, size_t n) {
  (void)as;
  memcpy((void *)dst, src, n);
  return 0;
}

uint64 sysarg_raw(int n) {
  return args[n];
}
int sysarg_int(int n) {
  return (int)args[n];
}
uintptr sysarg_addr(int n) {
  return (uintptr)args[n];
}

int sysarg_str(int n, char *buf, size_t max) {
  const char *s = (const char *)args[n];
  size_t len = strlen(s);
  if (len >= max)
    return -ENAMETOOLONG;
  memcpy(buf, s, len + 1);
  return (int)len;
}

/* ---- the harness ---- */

static char dir[64];
static char fsck_cmd[256];
static uint8 *pristine;
static char console_out[64];
static int console_len;

static inline int console_write(bool user, uintptr src, int n) {
  (void)user;
  int m = n < (int)sizeof(console_out) - console_len ? n : (int)sizeof(console_out) - console_len;
  memcpy(console_out + console_len, (const void *)src, (size_t)m);
  console_len += m;
  return n;
}

/* Forgets all kernel memory and boots from what the disk holds. */
static inline void reboot(void) {
  memset(&cache, 0, sizeof(cache));
  memset(&wal, 0, sizeof(wal));
  memset(&itable, 0, sizeof(itable));
  memset(&ftable, 0, sizeof(ftable));
  memset(&pool, 0, sizeof(pool));
  memset(&blockdev, 0, sizeof(blockdev)); /* a crash may have stopped inside a small write */
  memset(&me, 0, sizeof(me));
  spin_init(&pool.lock, "pipe pool");
  devsw[DEV_CONSOLE].write = console_write;
  crash_after = -1;
  bcache_init();
  inode_table_init();
  file_table_init();
  fs_init(ROOTDEV);
  disk_writes = 0;
  memset(disk_reads_of, 0, sizeof(disk_reads_of));
}

static inline void fresh_disk(void) {
  memcpy(disk, pristine, disk_bytes);
  reboot();
}

static char fsck_out[8192]; /* what the last fsck printed */

/* Runs fsck on the disk as it is; returns its exit status. */
static inline int run_fsck(void) {
  char path[128], cmd[512];
  snprintf(path, sizeof(path), "%s/disk.img", dir);
  FILE *f = fopen(path, "wb");
  fwrite(disk, 1, disk_bytes, f);
  fclose(f);
  snprintf(cmd, sizeof(cmd), "%s %s", fsck_cmd, path);
  FILE *p = popen(cmd, "r");
  size_t n = fread(fsck_out, 1, sizeof(fsck_out) - 1, p);
  fsck_out[n] = 0;
  return pclose(p);
}

/* True when fsck passes the disk and, unless avoid is 0, does not say avoid. */
static inline bool fsck_ok(const char *avoid) {
  bool ok = run_fsck() == 0 && (!avoid || !strstr(fsck_out, avoid));
  if (!ok)
    printf("%s", fsck_out);
  return ok;
}

static inline bool fsck_said(const char *text) {
  return strstr(fsck_out, text) != 0;
}

static inline int64 call(int64 (*fn)(void), uint64 a0, uint64 a1, uint64 a2) {
  args[0] = a0;
  args[1] = a1;
  args[2] = a2;
  return fn();
}

static inline int k_open(const char *path, int flags) {
  return (int)call(sys_open, (uintptr)path, (uint64)flags, 0);
}
static inline int k_close(int fd) {
  return (int)call(sys_close, (uint64)fd, 0, 0);
}
static inline int k_read(int fd, void *buf, int n) {
  return (int)call(sys_read, (uint64)fd, (uintptr)buf, (uint64)n);
}
static inline int k_write(int fd, const void *buf, int n) {
  return (int)call(sys_write, (uint64)fd, (uintptr)buf, (uint64)n);
}
static inline int k_mkdir(const char *path) {
  return (int)call(sys_mkdir, (uintptr)path, 0, 0);
}
static inline int k_mknod(const char *path, int major, int minor) {
  return (int)call(sys_mknod, (uintptr)path, (uint64)major, (uint64)minor);
}
static inline int k_unlink(const char *path) {
  return (int)call(sys_unlink, (uintptr)path, 0, 0);
}
static inline int k_link(const char *old, const char *new) {
  return (int)call(sys_link, (uintptr)old, (uintptr) new, 0);
}
static inline int k_chdir(const char *path) {
  return (int)call(sys_chdir, (uintptr)path, 0, 0);
}
static inline int k_dup(int fd) {
  return (int)call(sys_dup, (uint64)fd, 0, 0);
}
static inline int k_fstat(int fd, struct stat *st) {
  return (int)call(sys_fstat, (uint64)fd, (uintptr)st, 0);
}
static inline int k_pipe(int *fds) {
  return (int)call(sys_pipe, (uintptr)fds, 0, 0);
}

/* What exit does for the file system: close every descriptor, drop the cwd. */
static inline void exit_process(void) {
  for (int fd = 0; fd < NOFILE; fd++) {
    if (me.ofile[fd])
      k_close(fd);
  }
  if (me.cwd) {
    fs_op_begin();
    inode_put(me.cwd);
    fs_op_end();
    me.cwd = 0;
  }
}

static inline struct stat stat_of(const char *path) {
  struct stat st = {0};
  int fd = k_open(path, O_RDONLY);
  if (fd >= 0) {
    k_fstat(fd, &st);
    k_close(fd);
  }
  return st;
}

static inline uint8 *pattern(size_t len, unsigned seed) {
  uint8 *data = malloc(len);
  for (size_t i = 0; i < len; i++)
    data[i] = (uint8)((i * 7 + seed) ^ (i >> 9));
  return data;
}

static inline const char *harness_build(void) {
  return getenv("MOO_BUILD") ? getenv("MOO_BUILD") : "build";
}

/* Makes the pristine image: maker is a command given the image's path and a README of
 * "hello\n" (see harness_start); 0 or -1. */
static inline int harness_start_made_by(const char *test, const char *maker) {
  char cmd[1024];
  snprintf(fsck_cmd, sizeof(fsck_cmd), "%s/tools/fsck", harness_build());
  strcpy(dir, "/tmp/moo-fsk-test-XXXXXX");
  if (!mkdtemp(dir)) {
    perror("mkdtemp");
    return -1;
  }
  snprintf(cmd, sizeof(cmd), "echo hello > %s/README && %s %s/fs.img %s/README >/dev/null", dir,
           maker, dir, dir);
  if (system(cmd) != 0) {
    printf("%s: cannot run %s (build it first)\n", test, maker);
    return -1;
  }
  char path[128];
  snprintf(path, sizeof(path), "%s/fs.img", dir);
  FILE *f = fopen(path, "rb");
  if (!f)
    return -1;
  fseek(f, 0, SEEK_END);
  disk_bytes = (size_t)ftell(f);
  fseek(f, 0, SEEK_SET);
  free(pristine);
  free(disk);
  pristine = malloc(disk_bytes);
  disk = malloc(disk_bytes);
  bool read_all =
      disk_bytes <= (size_t)FSBLOCKS * BSIZE && fread(pristine, 1, disk_bytes, f) == disk_bytes;
  fclose(f);
  if (!read_all)
    return -1;
  return 0;
}

/* The pristine image made by the build's mkfs with these flags ("" for its defaults). */
static inline int harness_start_format(const char *test, const char *mkfs_flags) {
  char maker[512];
  snprintf(maker, sizeof(maker), "%s/tools/mkfs %s", harness_build(), mkfs_flags);
  return harness_start_made_by(test, maker);
}

static inline int harness_start(const char *test) {
  return harness_start_format(test, "");
}

static inline void harness_finish(void) {
  char cmd[128];
  snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
  if (system(cmd) != 0)
    printf("warning: could not remove %s\n", dir);
}

#endif
