/* Sleeping locks: the holder is the process itself, and waiters are counted
 * so that an uncontended release skips wakeup's scan of the process table. */
#include "lib/sleeplock.h"
#include "lib/printf.h"
#include "lib/wait.h"

void sleeplock_init(struct sleeplock *lk, const char *name) {
  spin_init(&lk->guard, "sleeplock");
  lk->holder = 0;
  lk->waiters = 0;
  lk->name = name;
}

void sleeplock_acquire(struct sleeplock *lk) {
  const struct proc *self = myproc();
  if (!self)
    panic("sleeplock %s: no process to hold it", lk->name);
  spin_lock(&lk->guard);
  if (lk->holder == self)
    panic("sleeplock %s: taken twice by one process", lk->name);
  while (lk->holder) {
    lk->waiters++;
    sleep(lk, &lk->guard);
    lk->waiters--;
  }
  lk->holder = self;
  spin_unlock(&lk->guard);
}

void sleeplock_release(struct sleeplock *lk) {
  spin_lock(&lk->guard);
  if (lk->holder != myproc())
    panic("sleeplock %s: released by a process that does not hold it", lk->name);
  lk->holder = 0;
  if (lk->waiters)
    wakeup(lk);
  spin_unlock(&lk->guard);
}

/* Only this process can make holder equal itself, so one read decides. */
bool sleeplock_held(struct sleeplock *lk) {
  return __atomic_load_n(&lk->holder, __ATOMIC_RELAXED) == myproc();
}
