/* Sleeping locks for long waits (disk I/O, inode contents): a holder may
 * sleep, and so do waiters. Process context only. */
#ifndef MOO_SLEEPLOCK_H
#define MOO_SLEEPLOCK_H

#include "lib/spinlock.h"

struct sleeplock {
  struct spinlock guard;     /* guards the fields below */
  const struct proc *holder; /* 0 when free */
  int waiters;               /* asleep on the lock: a release with none wakes nobody */
  const char *name;
};

void sleeplock_init(struct sleeplock *lk, const char *name);
void sleeplock_acquire(struct sleeplock *lk);
void sleeplock_release(struct sleeplock *lk);
bool sleeplock_held(struct sleeplock *lk); /* by the calling process */

#endif
