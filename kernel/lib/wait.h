/* What lib/ and the subsystems need from the scheduler, which kernel/proc/ provides:
 * wait queues, blocking on a channel, waking it, and which thread runs. Declared here so
 * lib/ does not include the process layer's headers. */
#ifndef MOO_WAIT_H
#define MOO_WAIT_H

struct spinlock;
struct proc;

/* Processes blocked until something happens, oldest first; the scheduler's lock guards
 * it. A zeroed waitq is empty. */
struct waitq {
  struct proc *head, *tail;
};

/* With lk held: blocks until waitq_wake(q) (or a kill); lk is let go while asleep and
 * held again on return. The caller rechecks its condition. */
void waitq_sleep(struct waitq *q, struct spinlock *lk);
void waitq_wake(struct waitq *q); /* wakes every sleeper */

/* Channels: the same with an address as the name of the event; the address picks one of a
 * fixed set of shared wait queues. */
void sleep(void *chan, struct spinlock *lk);
void wakeup(void *chan);
struct proc *myproc(void); /* the running thread's process, 0 on a scheduler loop */

#endif
