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

static void drop_files(struct proc *p) {
  for (int fd = 0; fd < NOFILE; fd++) {
    if (p->ofile[fd]) {
      file_close(p->ofile[fd]);
      p->ofile[fd] = 0;
    }
  }
  if (p->cwd) {
    fs_op_begin();
    inode_put(p->cwd);
    fs_op_end();
    p->cwd = 0;
  }
}

/* Hands p's children to init; with proc_tree_lock held. */
static void reparent_children(struct proc *p) {
  for (struct proc *q = proc_table; q < proc_table + NPROC; q++)
    if (q->parent == p && q->state != P_FREE)
      q->parent = init_proc;
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
  reparent_children(p);
  p->exit_status = status;
  spin_lock(&sched_lock);
  p->state = P_ZOMBIE;
  wakeup_locked(init_proc); /* it may have inherited zombies */
  wakeup_locked(p->parent);
  spin_unlock(&proc_tree_lock);
  switch_to_scheduler();
  panic("zombie %d ran again", p->pid);
}

/* With proc_tree_lock held: is q fully stopped as a zombie? */
static bool is_dead(struct proc *q) {
  spin_lock(&sched_lock);
  bool dead = q->state == P_ZOMBIE;
  spin_unlock(&sched_lock);
  return dead;
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

/* Does child q match waitpid's pid argument (-1: any child)? */
static bool wanted(struct proc *q, int pid) { return pid == -1 || q->pid == pid; }

int proc_wait(int pid, uintptr status_addr, int options) {
  struct proc *p = myproc();
  spin_lock(&proc_tree_lock);
  for (;;) {
    bool have_children = false;
    for (struct proc *q = proc_table; q < proc_table + NPROC; q++) {
      if (q->parent != p || !wanted(q, pid))
        continue;
      have_children = true;
      if (!is_dead(q))
        continue;
      int found = q->pid, status = reported_status(q, options);
      if (status_addr && copyout(&p->as, status_addr, &status, sizeof(status)) < 0) {
        spin_unlock(&proc_tree_lock);
        return -EFAULT;
      }
      q->parent = 0;
      spin_unlock(&proc_tree_lock);
      proc_release(q);
      return found;
    }
    if (!have_children || proc_killed(p)) {
      spin_unlock(&proc_tree_lock);
      return -ECHILD;
    }
    if (options & WAIT_NOHANG) {
      spin_unlock(&proc_tree_lock);
      return 0;
    }
    sleep(p, &proc_tree_lock);
  }
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
