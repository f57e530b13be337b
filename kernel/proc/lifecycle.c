/* The life of a process after creation: fork, exit, wait, and growing or
 * shrinking its memory. */
#include "fs/fs.h"
#include "lib/errno.h"
#include "lib/printf.h"
#include "lib/string.h"
#include "mm/uaccess.h"
#include "proc/internal.h"

int proc_fork(void) {
  struct proc *parent = myproc();
  struct proc *child = proc_alloc();
  if (!child)
    return -ENOMEM;
  if (as_fork(&child->as, &parent->as) < 0) {
    proc_release(child);
    return -ENOMEM;
  }
  arch_tf_copy_for_fork(child->tf, parent->tf);
  for (int fd = 0; fd < NOFILE; fd++)
    child->ofile[fd] = parent->ofile[fd] ? file_dup(parent->ofile[fd]) : 0;
  child->cwd = parent->cwd ? inode_dup(parent->cwd) : 0;
  strlcpy(child->name, parent->name, sizeof(child->name));
  child->inject = parent->inject;
  int pid = child->pid;
  spin_lock(&proc_tree_lock);
  child->parent = parent;
  child->sibling = parent->children;
  parent->children = child;
  /* Joining the group under the lock proc_kill_group holds means a ^C either
   * finds the child or has already marked the parent, and then the child too. */
  child->pgid = parent->pgid;
  if (proc_killed(parent))
    child->killed = parent->killed;
  spin_unlock(&proc_tree_lock);
  spin_lock(&sched_lock);
  make_runnable(child);
  spin_unlock(&sched_lock);
  return pid;
}

/* Gives back p's references into the file system. Each goes in an operation of its own
 * where it writes: file_close and inode_put start one when the last reference goes. */
static void drop_files(struct proc *p) {
  for (int fd = 0; fd < NOFILE; fd++) {
    struct file *f = p->ofile[fd];
    p->ofile[fd] = 0;
    if (f)
      file_close(f);
  }
  struct inode *cwd = p->cwd;
  p->cwd = 0;
  if (cwd)
    inode_put(cwd);
}

/* With proc_tree_lock held: has child q finished exiting? */
static bool is_dead(struct proc *q) {
  spin_lock(&sched_lock);
  bool dead = q->state == PS_ZOMBIE;
  spin_unlock(&sched_lock);
  return dead;
}

/* With proc_tree_lock held: moves all of p's children to init's list. Returns whether any
 * of them is already a zombie, which init must then be woken to reap. */
static bool give_children_to_init(struct proc *p) {
  bool zombies = false;
  struct proc *last = 0;
  for (struct proc *q = p->children; q; q = q->sibling) {
    q->parent = init_proc;
    zombies |= is_dead(q);
    last = q;
  }
  if (last) {
    last->sibling = init_proc->children;
    init_proc->children = p->children;
    p->children = 0;
  }
  return zombies;
}

void proc_exit(int status) {
  struct proc *p = myproc();
  if (p == init_proc) {
    kprintf("init exited with status %d; powering off\n", status);
    arch_power_off();
  }
  drop_files(p);
  as_destroy(&p->as);
  spin_lock(&proc_tree_lock);
  bool init_has_zombies = give_children_to_init(p);
  struct proc *parent = p->parent;
  p->exit_status = status;
  /* The tree lock passes to sched_lock: the parent, which reaps under the tree lock,
   * cannot look at p before p has left its kernel stack for good. */
  spin_handover(&proc_tree_lock, &sched_lock);
  if (init_has_zombies)
    waitq_wake_locked(&init_proc->child_exits);
  waitq_wake_locked(&parent->child_exits);
  leave_cpu(p, PS_ZOMBIE);
  panic("zombie %d ran again", p->pid);
}

/* With proc_tree_lock held: p's children that waitpid's pid argument names (-1: any).
 * Returns a zombie among them if there is one (and sets *dead), else any of them, else 0. */
static struct proc *pick_child(struct proc *p, int pid, bool *dead) {
  struct proc *alive = 0;
  *dead = false;
  for (struct proc *q = p->children; q; q = q->sibling) {
    if (pid != -1 && q->pid != pid)
      continue;
    if ((*dead = is_dead(q)))
      return q;
    alive = q;
  }
  return alive;
}

/* The status wait reports for the dead child q: its exit status, or with WAIT_REASON the
 * Unix encoding (a killed process exits with -1 at its return to user mode). */
static int reported_status(struct proc *q, int options) {
  if (!(options & WAIT_REASON))
    return q->exit_status;
  if (q->killed && q->exit_status == -1)
    return q->killed;
  return (q->exit_status & 0xff) << 8;
}

/* With proc_tree_lock held: takes child q off p's list. */
static void unlink_child(struct proc *p, struct proc *q) {
  struct proc **link = &p->children;
  while (*link != q)
    link = &(*link)->sibling;
  *link = q->sibling;
  q->sibling = 0;
  q->parent = 0;
}

/* Reports zombie child q and frees its slot. Only p reaps p's children and p is busy
 * here, so q stays put while the status is copied out without the lock. */
static int reap(struct proc *p, struct proc *q, uintptr status_addr, int options) {
  int pid = q->pid, status = reported_status(q, options);
  if (status_addr && copyout(&p->as, status_addr, &status, sizeof(status)) < 0)
    return -EFAULT; /* q stays a zombie, to be reaped by a better call */
  spin_lock(&proc_tree_lock);
  unlink_child(p, q);
  spin_unlock(&proc_tree_lock);
  proc_release(q);
  return pid;
}

int proc_wait(int pid, uintptr status_addr, int options) {
  struct proc *p = myproc();
  bool blocking = !(options & WAIT_NOHANG), dead;
  spin_lock(&proc_tree_lock);
  struct proc *q = pick_child(p, pid, &dead);
  while (q && !dead && blocking && !proc_killed(p)) {
    waitq_sleep(&p->child_exits, &proc_tree_lock);
    q = pick_child(p, pid, &dead);
  }
  spin_unlock(&proc_tree_lock);
  if (!q)
    return -ECHILD;
  if (dead)
    return reap(p, q, status_addr, options);
  return blocking ? -EINTR : 0;
}

int proc_grow(int64 delta, uintptr *old_break) {
  struct aspace *as = &myproc()->as;
  uintptr old = as->size, new = old + delta;
  *old_break = old;
  if (delta > 0) {
    if (new < old || new > arch_user_top())
      return -ENOMEM;
    int err = as_grow(as, old, new, PROT_READ | PROT_WRITE | PROT_USER);
    if (err)
      return err;
  } else if (delta < 0) {
    if (new > old || new < as->heap_start)
      return -EINVAL;
    int err = as_shrink(as, new, old);
    if (err)
      return err;
  }
  as->size = new;
  return 0;
}
