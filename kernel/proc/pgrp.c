/* Process groups: a shell puts each job in a group of its own and names the
 * group ^C should kill (the console's foreground group). */
#include "proc/pgrp.h"
#include "dev/console.h"
#include "dev/devsw.h"
#include "fs/file.h"
#include "lib/errno.h"
#include "proc/internal.h"
#include "proc/syscall.h"

/* With proc_tree_lock held: does any process, zombies included, belong to
 * pgid? A zombie keeps its group alive, so a shell can still add the later
 * stages of a pipeline whose first stage has already exited. */
static bool group_exists(int pgid) {
  for (struct proc *p = proc_table; p < proc_table + NPROC; p++)
    if (p->state != PS_FREE && p->pgid == pgid)
      return true;
  return false;
}

/* With proc_tree_lock held: the caller itself or one of its children. */
static struct proc *self_or_child(int pid) {
  struct proc *me = myproc();
  if (pid == 0 || pid == me->pid)
    return me;
  for (struct proc *p = proc_table; p < proc_table + NPROC; p++)
    if (p->pid == pid && p->parent == me && p->state != PS_FREE && p->state != PS_ZOMBIE)
      return p;
  return 0;
}

/* setpgid(pid, pgid): pid 0 is the caller, pgid 0 is pid itself (a new
 * group). The target is the caller or its child; the group is new or exists. */
int64 sys_setpgid(void) {
  int pid = sysarg_int(0), pgid = sysarg_int(1);
  if (pid < 0 || pgid < 0)
    return -EINVAL;
  spin_lock(&proc_tree_lock);
  struct proc *p = self_or_child(pid);
  int err = p ? 0 : -ESRCH;
  if (p && pgid == 0)
    pgid = p->pid;
  if (p && pgid != p->pid && !group_exists(pgid))
    err = -EPERM;
  if (!err)
    p->pgid = pgid;
  spin_unlock(&proc_tree_lock);
  return err;
}

static bool is_console(int fd) {
  if (fd < 0 || fd >= NOFILE)
    return false;
  struct file *f = myproc()->ofile[fd];
  return f && f->ops == &device_file_ops && f->major == DEV_CONSOLE;
}

/* tcsetpgrp(fd, pgid): fd is the console; pgid an existing group, or 0 for
 * none (^C then only drops the line being typed). */
int64 sys_tcsetpgrp(void) {
  int fd = sysarg_int(0), pgid = sysarg_int(1);
  if (!is_console(fd))
    return -EBADF;
  if (pgid < 0)
    return -EINVAL;
  spin_lock(&proc_tree_lock);
  bool ok = pgid == 0 || group_exists(pgid);
  spin_unlock(&proc_tree_lock);
  if (!ok)
    return -EPERM;
  /* The group may empty before the console learns of it; ^C then kills no one. */
  console_set_foreground(pgid);
  return 0;
}

void proc_kill_group(int pgid) {
  spin_lock(&proc_tree_lock);
  for (struct proc *p = proc_table; p < proc_table + NPROC; p++)
    if (p->pgid == pgid && p != init_proc && p->state != PS_FREE && p->state != PS_ZOMBIE)
      proc_mark_killed(p, KILL_INTERRUPT);
  spin_unlock(&proc_tree_lock);
}
