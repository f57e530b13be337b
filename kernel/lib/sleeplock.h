/* Sleeping locks for long waits (disk I/O, inode contents): a holder
 * may sleep; waiters sleep instead of spinning. Process context only. */
#ifndef MOO_SLEEPLOCK_H
#define MOO_SLEEPLOCK_H

#include "lib/spinlock.h"

struct sleeplock {
  struct spinlock guard; /* protects the fields below */
  bool held;
  int holder_pid;
  const char *name;
};

void sleeplock_init(struct sleeplock *lk, const char *name);
void sleeplock_acquire(struct sleeplock *lk);
void sleeplock_release(struct sleeplock *lk);
bool sleeplock_held(struct sleeplock *lk); /* held by the calling process */

#endif
