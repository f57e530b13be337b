/* The system open-file table and the operations on open files, dispatching
 * to inodes, devices (devsw) and pipes. */
#include "fs/file.h"
#include "dev/devsw.h"
#include "fs/inode.h"
#include "fs/pipe.h"
#include "lib/errno.h"
#include "lib/printf.h"
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
  spin_lock(&ftable.lock);
  for (int i = 0; i < NFILE; i++) {
    struct file *f = &ftable.files[i];
    if (f->refs == 0) {
      f->refs = 1;
      f->kind = FILE_NONE;
      f->readable = f->writable = false;
      f->pipe = 0;
      f->ip = 0;
      f->off = 0;
      f->major = 0;
      spin_unlock(&ftable.lock);
      return f;
    }
  }
  spin_unlock(&ftable.lock);
  return 0;
}

struct file *file_dup(struct file *f) {
  spin_lock(&ftable.lock);
  if (f->refs < 1)
    panic("file_dup: closed file");
  f->refs++;
  spin_unlock(&ftable.lock);
  return f;
}

void file_close(struct file *f) {
  spin_lock(&ftable.lock);
  if (f->refs < 1)
    panic("file_close: closed file");
  if (--f->refs > 0) {
    spin_unlock(&ftable.lock);
    return;
  }
  struct file last = *f;
  f->kind = FILE_NONE;
  spin_unlock(&ftable.lock);

  if (last.kind == FILE_PIPE) {
    pipe_close(last.pipe, last.writable);
  } else if (last.kind == FILE_INODE || last.kind == FILE_DEVICE) {
    inode_put(last.ip); /* starts an operation itself if it must free the inode */
  }
}

int file_stat(struct file *f, uintptr addr) {
  if (f->kind != FILE_INODE && f->kind != FILE_DEVICE)
    return -EINVAL;
  struct stat st;
  inode_lock(f->ip);
  inode_stat(f->ip, &st);
  inode_unlock(f->ip);
  return copyout(&myproc()->as, addr, &st, sizeof(st));
}

static struct devsw *device_of(struct file *f) {
  if (f->major < 0 || f->major >= NDEV)
    return 0;
  return &devsw[f->major];
}

int file_read(struct file *f, uintptr addr, int n) {
  if (!f->readable)
    return -EBADF;
  if (n < 0)
    return -EINVAL;
  if (f->kind == FILE_PIPE)
    return pipe_read(f->pipe, true, addr, n);
  if (f->kind == FILE_DEVICE) {
    struct devsw *dev = device_of(f);
    return dev && dev->read ? dev->read(true, addr, n) : -EINVAL;
  }
  if (f->kind != FILE_INODE)
    return -EBADF;
  inode_lock(f->ip);
  int got = inode_read(f->ip, true, addr, f->off, (uint32)n);
  if (got > 0)
    f->off += (uint32)got;
  inode_unlock(f->ip);
  return got;
}

/* Writes to an inode in pieces small enough for one log operation each. */
static int write_inode_file(struct file *f, uintptr addr, int n) {
  int done = 0;
  while (done < n) {
    fs_op_begin();
    inode_lock(f->ip);
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

int file_write(struct file *f, uintptr addr, int n) {
  if (!f->writable)
    return -EBADF;
  if (n < 0)
    return -EINVAL;
  if (f->kind == FILE_PIPE)
    return pipe_write(f->pipe, true, addr, n);
  if (f->kind == FILE_DEVICE) {
    struct devsw *dev = device_of(f);
    return dev && dev->write ? dev->write(true, addr, n) : -EINVAL;
  }
  if (f->kind != FILE_INODE)
    return -EBADF;
  return write_inode_file(f, addr, n);
}

int file_count_open(void) {
  int n = 0;
  spin_lock(&ftable.lock);
  for (int i = 0; i < NFILE; i++)
    n += ftable.files[i].refs > 0;
  spin_unlock(&ftable.lock);
  return n;
}
