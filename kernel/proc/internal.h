/* Shared state of the process layer (kernel/proc/ only): the table, the
 * locks and the helpers that move processes between states. */
#ifndef MOO_PROC_INTERNAL_H
#define MOO_PROC_INTERNAL_H

#include "proc/proc.h"

extern struct proc proc_table[NPROC];
extern struct spinlock sched_lock;     /* run queue, wait queues and every p->state */
extern struct spinlock proc_tree_lock; /* pids, parent and child links, exit status */
extern struct proc *init_proc;

/* With sched_lock held: queues p to run. */
void make_runnable(struct proc *p);
/* With sched_lock held and no other lock: p, the running process, stops running as state
 * (READY once queued, ASLEEP once on a wait queue, ZOMBIE) until a hart picks it again. */
void leave_cpu(struct proc *p, enum proc_state state);
void waitq_wake_locked(struct waitq *q); /* waitq_wake with sched_lock held */
void proc_wake_asleep(struct proc *p);   /* with sched_lock held: ends p's sleep, if it sleeps */
struct proc *proc_alloc(void);
void proc_release(struct proc *p);
void proc_mark_killed(struct proc *p, int why); /* with proc_tree_lock held; why: KILL_* */

/* The clock: timer ticks since boot, counted by the boot hart. */
void clock_init(void);
void clock_tick(void);
uint64 clock_now(void);
/* Sleeps until the clock reads at least deadline: 0, or -EINTR once the caller is killed. */
int clock_sleep_until(uint64 deadline);

#endif
