/* The system open-file table, the calls on any open file (which go to the
 * file's ops), and the ops of inode and device files. */
#include "fs/file.h"
#include "dev/devsw.h"
#include "fs/inode.h"
#include "fs/openflags.h"
#include "lib/errno.h"
#include "lib/printf.h"
#include "lib/string.h"
#include "mm/uaccess.h"
#include "params.h"
#include "proc/proc.h"

static struct {
  struct spinlock lock;
  struct file files[NFILE];
} ftable;

void file_table_init(void) {
  spin_init(&ftable.lock, "ftable");
}

struct file *file_alloc(void) {
  struct file *found = 0;
  spin_lock(&ftable.lock);
  for (int i = 0; i < NFILE && !found; i++) {
    if (ftable.files[i].refs == 0)
      found = &ftable.files[i];
  }
  if (found) {
    memset(found, 0, sizeof(*found));
    found->refs = 1;
  }
  spin_unlock(&ftable.lock);
  return found;
}

struct file *file_dup(struct file *f) {
  spin_lock(&ftable.lock);
  if (f->refs < 1)
    panic("file_dup: closed file");
  f->refs++;
  spin_unlock(&ftable.lock);
  return f;
}

/*
 * The last reference is dropped in two steps: while the caller's reference
 * is the only one, nobody else can reach f, so it releases what f holds with
 * no lock held (release may sleep, for the disk or a pipe's lock); only then
 * does refs reach 0 and the slot become free for file_alloc.
 */
void file_close(struct file *f) {
  spin_lock(&ftable.lock);
  if (f->refs < 1)
    panic("file_close: closed file");
  bool last = f->refs == 1;
  if (!last)
    f->refs--;
  spin_unlock(&ftable.lock);
  if (!last)
    return;
  if (f->ops && f->ops->release)
    f->ops->release(f); /* an inode put starts its own operation if it must free */
  spin_lock(&ftable.lock);
  f->ops = 0;
  f->refs = 0;
  spin_unlock(&ftable.lock);
}

int file_stat(struct file *f, uintptr addr) {
  if (!f->ops || !f->ops->stat)
    return -EINVAL;
  struct stat st;
  int err = f->ops->stat(f, &st);
  if (err < 0)
    return err;
  return copyout(&myproc()->as, addr, &st, sizeof(st));
}

int file_read(struct file *f, uintptr addr, int n) {
  if (!f->readable)
    return -EBADF;
  if (n < 0)
    return -EINVAL;
  if (!f->ops || !f->ops->read)
    return -EINVAL;
  return f->ops->read(f, addr, n);
}

int file_write(struct file *f, uintptr addr, int n) {
  if (!f->writable)
    return -EBADF;
  if (n < 0)
    return -EINVAL;
  if (!f->ops || !f->ops->write)
    return -EINVAL;
  return f->ops->write(f, addr, n);
}

int file_count_open(void) {
  int n = 0;
  spin_lock(&ftable.lock);
  for (int i = 0; i < NFILE; i++)
    n += ftable.files[i].refs > 0;
  spin_unlock(&ftable.lock);
  return n;
}

/* ---- inodes and devices ---- */

/* An open file's inode was loaded when it was opened, so these locks do not
 * fail; their results are passed on all the same. */
static int inode_file_read(struct file *f, uintptr addr, int n) {
  int err = inode_lock(f->ip);
  if (err < 0)
    return err;
  int got = inode_read(f->ip, true, addr, f->off, (uint32)n);
  if (got > 0)
    f->off += (uint32)got;
  inode_unlock(f->ip);
  return got;
}

/* Writes in pieces small enough for one log operation each. */
static int inode_file_write(struct file *f, uintptr addr, int n) {
  int done = 0;
  while (done < n) {
    fs_op_begin();
    int err = inode_lock(f->ip);
    if (err < 0) {
      fs_op_end();
      return done > 0 ? done : err;
    }
    uint32 m = MIN((uint32)(n - done), inode_write_budget(f->off));
    int put = inode_write(f->ip, true, addr + (uint32)done, f->off, m);
    if (put > 0)
      f->off += (uint32)put;
    inode_unlock(f->ip);
    fs_op_end();
    if (put < 0)
      return done > 0 ? done : put;
    done += put;
    if ((uint32)put < m)
      break;
  }
  return done;
}

static int inode_file_stat(struct file *f, struct stat *st) {
  int err = inode_lock(f->ip);
  if (err == 0) {
    inode_stat(f->ip, st);
    inode_unlock(f->ip);
  }
  return err;
}

static void inode_file_release(struct file *f) {
  inode_put(f->ip);
}

const struct file_ops inode_file_ops = {
    .read = inode_file_read,
    .write = inode_file_write,
    .stat = inode_file_stat,
    .release = inode_file_release,
};

/* Why ip (locked) may not be opened with these open() flags, or 0: a
 * directory opens for reading only, with no other flag (its entries change
 * through link, unlink and mkdir), and a device needs a driver slot. */
static int open_refusal(struct inode *ip, int flags) {
  if (ip->dinode.type == T_DIR && flags != O_RDONLY)
    return -EISDIR;
  if (ip->dinode.type == T_DEVICE && (ip->dinode.major < 0 || ip->dinode.major >= NDEV))
    return -EINVAL;
  return 0;
}

int file_open_inode(struct inode *ip, int flags, struct file **out) {
  int err = open_refusal(ip, flags);
  if (err < 0)
    return err;
  struct file *f = file_alloc();
  if (!f)
    return -ENFILE;
  bool device = ip->dinode.type == T_DEVICE;
  f->ops = device ? &device_file_ops : &inode_file_ops;
  f->major = device ? ip->dinode.major : 0;
  f->ip = ip;
  f->readable = !(flags & O_WRONLY);
  f->writable = (flags & (O_WRONLY | O_RDWR)) != 0;
  *out = f;
  return 0;
}

/* The opener checked major against NDEV. */
static int device_read(struct file *f, uintptr addr, int n) {
  struct devsw *dev = &devsw[f->major];
  return dev->read ? dev->read(true, addr, n) : -EINVAL;
}

static int device_write(struct file *f, uintptr addr, int n) {
  struct devsw *dev = &devsw[f->major];
  return dev->write ? dev->write(true, addr, n) : -EINVAL;
}

const struct file_ops device_file_ops = {
    .read = device_read,
    .write = device_write,
    .stat = inode_file_stat,
    .release = inode_file_release,
};
