/* Pipes: a fixed pool of 512-byte rings, each with its own lock and two
 * explicit wait queues, readers waiting for bytes and writers waiting for room. */
#include "fs/pipe.h"
#include "fs/file.h"
#include "fs/fs.h"
#include "lib/errno.h"
#include "lib/wait.h"
#include "mm/uaccess.h"
#include "params.h"
#include "proc/proc.h"

#define PIPE_SIZE 512     /* the ABI's capacity */
#define NPIPE (NFILE / 2) /* each pipe holds two open files */

/* count bytes from head on, wrapping at PIPE_SIZE. */
struct ring {
  uint32 head;
  uint32 count;
  uint8 data[PIPE_SIZE];
};

/* The bytes held from head on that need no wrap; their offset in *at. */
static uint32 ring_held_run(const struct ring *r, uint32 *at) {
  *at = r->head;
  return MIN(r->count, PIPE_SIZE - r->head);
}

/* The free bytes after the held ones that need no wrap; their offset in *at. */
static uint32 ring_free_run(const struct ring *r, uint32 *at) {
  uint32 tail = (r->head + r->count) % PIPE_SIZE;
  *at = tail;
  return MIN(PIPE_SIZE - r->count, PIPE_SIZE - tail);
}

static void ring_take(struct ring *r, uint32 n) {
  r->head = (r->head + n) % PIPE_SIZE;
  r->count -= n;
}

static void ring_put(struct ring *r, uint32 n) {
  r->count += n;
}

struct pipe {
  bool in_use; /* guarded by pool.lock */
  /* the rest by lock */
  struct spinlock lock;
  struct ring ring;
  bool reader_open;
  bool writer_open;
  struct waitq readers; /* for bytes, or the write end's close */
  struct waitq writers; /* for room, or the read end's close */
};

static struct {
  struct spinlock lock;
  struct pipe pipes[NPIPE];
} pool;

void pipe_pool_init(void) {
  spin_init(&pool.lock, "pipe pool");
}

static struct pipe *pool_take(void) {
  struct pipe *p = 0;
  spin_lock(&pool.lock);
  for (int i = 0; i < NPIPE && !p; i++) {
    if (!pool.pipes[i].in_use)
      p = &pool.pipes[i];
  }
  if (p)
    p->in_use = true;
  spin_unlock(&pool.lock);
  if (p) { /* not reachable by anyone else yet */
    spin_init(&p->lock, "pipe");
    p->ring.head = p->ring.count = 0;
    p->reader_open = p->writer_open = true;
    p->readers = p->writers = (struct waitq){0};
  }
  return p;
}

static void pool_give_back(struct pipe *p) {
  spin_lock(&pool.lock);
  p->in_use = false;
  spin_unlock(&pool.lock);
}

int pipe_alloc(struct file **read_end, struct file **write_end) {
  struct pipe *p = pool_take();
  struct file *r = p ? file_alloc() : 0;
  struct file *w = r ? file_alloc() : 0;
  if (!w) {
    if (r)
      file_close(r); /* no ops yet: this only frees the slot */
    if (p)
      pool_give_back(p);
    return -ENFILE;
  }
  r->ops = w->ops = &pipe_file_ops;
  r->pipe = w->pipe = p;
  r->readable = true;
  w->writable = true;
  *read_end = r;
  *write_end = w;
  return 0;
}

static bool caller_killed(void) {
  struct proc *me = myproc();
  return me && proc_killed(me);
}

/* Waits, lock held, until the ring holds bytes or no writer is left. */
static int wait_for_bytes(struct pipe *p) {
  while (p->ring.count == 0 && p->writer_open) {
    if (caller_killed())
      return -EINTR;
    waitq_sleep(&p->readers, &p->lock);
  }
  return 0;
}

/* Moves up to n held bytes out, lock held; returns the count, or -E when
 * the first copy fails. */
static int drain(struct pipe *p, bool user, uintptr dst, int n) {
  int done = 0;
  while (done < n && p->ring.count > 0) {
    uint32 at;
    uint32 m = MIN((uint32)(n - done), ring_held_run(&p->ring, &at));
    int err = copy_to_either(user, dst + (uint32)done, &p->ring.data[at], m);
    if (err < 0)
      return done > 0 ? done : err;
    ring_take(&p->ring, m);
    done += (int)m;
  }
  return done;
}

/* Returns what is there as soon as there is something: 0 only at end of file. */
static int pipe_read(struct file *f, uintptr dst, int n) {
  struct pipe *p = f->pipe;
  spin_lock(&p->lock);
  int got = wait_for_bytes(p);
  if (got == 0)
    got = drain(p, true, dst, n);
  if (got > 0)
    waitq_wake(&p->writers);
  spin_unlock(&p->lock);
  return got;
}

/* Waits, lock held, until the ring has room; -EPIPE once the read end is
 * gone (or the caller is killed), since nobody will ever make room. */
static int wait_for_room(struct pipe *p) {
  for (;;) {
    if (!p->reader_open || caller_killed())
      return -EPIPE;
    if (p->ring.count < PIPE_SIZE)
      return 0;
    waitq_wake(&p->readers); /* a full ring: let them make room */
    waitq_sleep(&p->writers, &p->lock);
  }
}

/* Moves up to n bytes in while there is room, lock held; returns the count,
 * or -E when the first copy fails. The mirror of drain. */
static int fill(struct pipe *p, uintptr src, int n) {
  int done = 0;
  while (done < n && p->ring.count < PIPE_SIZE) {
    uint32 at;
    uint32 m = MIN((uint32)(n - done), ring_free_run(&p->ring, &at));
    int err = copy_from_either(&p->ring.data[at], true, src + (uint32)done, m);
    if (err < 0)
      return done > 0 ? done : err;
    ring_put(&p->ring, m);
    done += (int)m;
  }
  return done;
}

/* Returns only once all n bytes are in, or fails with -EPIPE when the read
 * end closes first (what was written is lost with it). A bad source address
 * ends the write with what went in before it. */
static int pipe_write(struct file *f, uintptr src, int n) {
  struct pipe *p = f->pipe;
  int done = 0;
  int err = 0;
  spin_lock(&p->lock);
  while (done < n && (err = wait_for_room(p)) == 0) {
    int put = fill(p, src + (uint32)done, n - done);
    if (put < 0) {
      err = put;
      break;
    }
    done += put;
  }
  if (done > 0)
    waitq_wake(&p->readers);
  spin_unlock(&p->lock);
  if (err == -EPIPE || done == 0)
    return err;
  return done;
}

/* One end is gone: its flag drops and the other side's sleepers see it.
 * Whichever end goes second returns the pipe to the pool. */
static void pipe_release(struct file *f) {
  struct pipe *p = f->pipe;
  spin_lock(&p->lock);
  if (f->writable) {
    p->writer_open = false;
    waitq_wake(&p->readers);
  } else {
    p->reader_open = false;
    waitq_wake(&p->writers);
  }
  bool both_gone = !p->reader_open && !p->writer_open;
  spin_unlock(&p->lock);
  if (both_gone)
    pool_give_back(p);
}

const struct file_ops pipe_file_ops = {
    .read = pipe_read,
    .write = pipe_write,
    .release = pipe_release,
};
