/* Sleeping locks: a spin lock guards the held flag, and contenders sleep
 * on the lock's address until the holder releases it. */
#include "lib/sleeplock.h"
#include "proc/proc.h"

void sleeplock_init(struct sleeplock *lk, const char *name) {
  spin_init(&lk->guard, "sleeplock");
  lk->name = name;
  lk->held = false;
  lk->holder_pid = 0;
}

void sleeplock_acquire(struct sleeplock *lk) {
  spin_lock(&lk->guard);
  while (lk->held)
    sleep(lk, &lk->guard);
  lk->held = true;
  lk->holder_pid = myproc() ? myproc()->pid : 0;
  spin_unlock(&lk->guard);
}

void sleeplock_release(struct sleeplock *lk) {
  spin_lock(&lk->guard);
  lk->held = false;
  lk->holder_pid = 0;
  wakeup(lk);
  spin_unlock(&lk->guard);
}

bool sleeplock_held(struct sleeplock *lk) {
  spin_lock(&lk->guard);
  bool mine = lk->held && lk->holder_pid == (myproc() ? myproc()->pid : 0);
  spin_unlock(&lk->guard);
  return mine;
}
