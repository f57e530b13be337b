/* Pipes: a fixed pool of ring buffers, each guarded by its own spin lock;
 * readers sleep on nread, writers on nwrite, and a kill wakes either. */
#include "fs/pipe.h"
#include "fs/file.h"
#include "fs/fs.h"
#include "lib/errno.h"
#include "mm/uaccess.h"
#include "params.h"
#include "proc/proc.h"

#define PIPE_SIZE 512
#define NPIPE (NFILE / 2) /* each pipe holds two open files */

/* nread and nwrite count bytes ever read and written; the difference is
 * what the buffer holds. */
struct pipe {
  struct spinlock lock;
  bool in_use; /* guarded by pool.lock */
  bool read_open;
  bool write_open;
  uint32 nread;
  uint32 nwrite;
  uint8 data[PIPE_SIZE];
};

static struct {
  struct spinlock lock;
  struct pipe pipes[NPIPE];
} pool = {.lock = {.locked = 0, .name = "pipe pool", .owner = -1}};

static struct pipe *pipe_take(void) {
  struct pipe *found = 0;
  spin_lock(&pool.lock);
  for (int i = 0; i < NPIPE && !found; i++) {
    if (!pool.pipes[i].in_use) {
      found = &pool.pipes[i];
      found->in_use = true;
    }
  }
  spin_unlock(&pool.lock);
  if (found) {
    spin_init(&found->lock, "pipe");
    found->read_open = found->write_open = true;
    found->nread = found->nwrite = 0;
  }
  return found;
}

static void pipe_give_back(struct pipe *p) {
  spin_lock(&pool.lock);
  p->in_use = false;
  spin_unlock(&pool.lock);
}

int pipe_alloc(struct file **read_end, struct file **write_end) {
  struct pipe *p = pipe_take();
  if (!p)
    return -ENFILE;
  struct file *r = file_alloc();
  struct file *w = r ? file_alloc() : 0;
  if (!w) {
    if (r)
      file_close(r); /* still FILE_NONE: closing only frees the slot */
    pipe_give_back(p);
    return -ENFILE;
  }
  r->kind = w->kind = FILE_PIPE;
  r->pipe = w->pipe = p;
  r->readable = true;
  w->writable = true;
  *read_end = r;
  *write_end = w;
  return 0;
}

void pipe_close(struct pipe *p, bool write_end) {
  spin_lock(&p->lock);
  if (write_end) {
    p->write_open = false;
    wakeup(&p->nread);
  } else {
    p->read_open = false;
    wakeup(&p->nwrite);
  }
  bool unused = !p->read_open && !p->write_open;
  spin_unlock(&p->lock);
  if (unused)
    pipe_give_back(p);
}

static bool caller_killed(void) {
  struct proc *me = myproc();
  return me && proc_killed(me);
}

int pipe_write(struct pipe *p, bool user, uintptr src, int n) {
  int done = 0;
  int err = 0;
  spin_lock(&p->lock);
  while (done < n) {
    if (!p->read_open || caller_killed()) {
      err = -EPIPE;
      break;
    }
    uint32 used = p->nwrite - p->nread;
    if (used == PIPE_SIZE) {
      wakeup(&p->nread);
      sleep(&p->nwrite, &p->lock);
      continue;
    }
    uint32 at = p->nwrite % PIPE_SIZE;
    uint32 m = MIN((uint32)(n - done), MIN(PIPE_SIZE - used, PIPE_SIZE - at));
    err = copy_from_either(&p->data[at], user, src + (uint32)done, m);
    if (err < 0)
      break;
    p->nwrite += m;
    done += (int)m;
  }
  wakeup(&p->nread);
  spin_unlock(&p->lock);
  if (err == -EPIPE)
    return err; /* the reader is gone: the data written is lost anyway */
  return done > 0 ? done : err;
}

int pipe_read(struct pipe *p, bool user, uintptr dst, int n) {
  spin_lock(&p->lock);
  while (p->nread == p->nwrite && p->write_open) {
    if (caller_killed()) {
      spin_unlock(&p->lock);
      return -EPIPE;
    }
    sleep(&p->nread, &p->lock);
  }
  int done = 0;
  int err = 0;
  while (done < n && p->nread != p->nwrite) {
    uint32 at = p->nread % PIPE_SIZE;
    uint32 avail = p->nwrite - p->nread;
    uint32 m = MIN((uint32)(n - done), MIN(avail, PIPE_SIZE - at));
    err = copy_to_either(user, dst + (uint32)done, &p->data[at], m);
    if (err < 0)
      break;
    p->nread += m;
    done += (int)m;
  }
  wakeup(&p->nwrite);
  spin_unlock(&p->lock);
  return done > 0 ? done : err;
}
