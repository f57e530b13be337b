/* Describing processes: the procinfo system call behind ps, and the ^P listing, which
 * prints the same records through the same lines as ps (common/psline.c). */
#include "dev/console.h"
#include "lib/errno.h"
#include "lib/printf.h"
#include "lib/string.h"
#include "mm/uaccess.h"
#include "proc/internal.h"
#include "proc/pgrp.h"
#include "proc/syscall.h"
#include "psline.h"

/* Fills *info for the process in slot p; false when the slot shows none (free, or still
 * being set up). Reads without sched_lock: a state a moment old is fine for a listing.
 * sys_procinfo holds proc_tree_lock, so the slot cannot change hands meanwhile; ^P holds
 * nothing, so that it works even when the system is stuck. */
static bool describe(struct proc *p, int foreground, struct procinfo *info) {
  enum proc_state state = __atomic_load_n(&p->state, __ATOMIC_RELAXED);
  if (state == PS_FREE || state == PS_FORMING)
    return false;
  memset(info, 0, sizeof(*info));
  info->pid = p->pid;
  struct proc *parent = p->parent;
  info->ppid = parent ? parent->pid : 0;
  info->pgid = p->pgid;
  info->foreground = foreground != 0 && p->pgid == foreground;
  info->state = state; /* every state shown has its public number (proc.h) */
  info->size = p->as.size;
  /* exec renames a process without a lock: copy bounded, end it ourselves */
  memmove(info->name, p->name, sizeof(info->name) - 1);
  return true;
}

/* procinfo(slot, info): describes the process in table slot; returns its pid,
 * 0 when the slot is free (or still being set up), -1 past the last slot. */
int64 sys_procinfo(void) {
  int slot = sysarg_int(0);
  if (slot < 0 || slot >= NPROC)
    return -EINVAL;
  int foreground = console_foreground(); /* before proc_tree_lock: never nest them */
  struct procinfo info;
  spin_lock(&proc_tree_lock);
  bool shown = describe(&proc_table[slot], foreground, &info);
  spin_unlock(&proc_tree_lock);
  if (!shown)
    return 0;
  if (copyout(&myproc()->as, sysarg_addr(1), &info, sizeof(info)) < 0)
    return -EFAULT;
  return info.pid;
}

void proc_dump(void) {
  int foreground = console_foreground();
  char line[96];
  ps_header(line, sizeof(line));
  kprintf("\n%s", line);
  struct procinfo info;
  for (int slot = 0; slot < NPROC; slot++) {
    if (describe(&proc_table[slot], foreground, &info)) {
      ps_line(line, sizeof(line), &info);
      kprintf("%s", line);
    }
  }
}
