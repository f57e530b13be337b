/* Shared state of the process layer (kernel/proc/ only): the table, the
 * locks and the helpers that move processes between states. */
#ifndef MOO_PROC_INTERNAL_H
#define MOO_PROC_INTERNAL_H

#include "proc/proc.h"

extern struct proc proc_table[NPROC];
extern struct spinlock sched_lock;     /* run queue and every p->state */
extern struct spinlock proc_tree_lock; /* pids, parent links, exit status */
extern struct proc *init_proc;

void make_runnable(struct proc *p);
void switch_to_scheduler(void);
void wakeup_locked(void *chan);
struct proc *proc_alloc(void);
void proc_release(struct proc *p);
void proc_mark_killed(struct proc *p, int why); /* with proc_tree_lock held; why: KILL_* */

#endif
