/* What lib/ needs from the scheduler, which kernel/proc/ provides: blocking
 * on a channel, waking it, and which thread runs. Declared here so lib/ does
 * not include the process layer's headers. */
#ifndef MOO_WAIT_H
#define MOO_WAIT_H

struct spinlock;
struct proc;

/* Blocks until wakeup(chan); lk is released while asleep and held again after. */
void sleep(void *chan, struct spinlock *lk);
void wakeup(void *chan);
struct proc *myproc(void); /* the running thread's process, 0 on a scheduler loop */

#endif
