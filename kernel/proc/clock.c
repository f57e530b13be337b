/* The clock: timer ticks since boot, counted by the boot hart, and the processes sleeping
 * until a tick. A tick wakes them only once the earliest of their deadlines has come. */
#include "lib/errno.h"
#include "proc/internal.h"

#define NO_DEADLINE (~(uint64)0)

static struct {
  struct spinlock lock;
  uint64 now;           /* ticks since boot */
  uint64 next_deadline; /* the earliest a sleeper waits for; NO_DEADLINE with none */
  struct waitq sleepers;
} clock;

void clock_init(void) {
  spin_init(&clock.lock, "clock");
  clock.next_deadline = NO_DEADLINE;
}

void clock_tick(void) {
  spin_lock(&clock.lock);
  clock.now++;
  if (clock.now >= clock.next_deadline) {
    clock.next_deadline = NO_DEADLINE; /* each sleeper not yet due sets its own again */
    waitq_wake(&clock.sleepers);
  }
  spin_unlock(&clock.lock);
}

/* A 64-bit read is not one access on every architecture: the lock makes it whole. */
uint64 clock_now(void) {
  spin_lock(&clock.lock);
  uint64 now = clock.now;
  spin_unlock(&clock.lock);
  return now;
}

int clock_sleep_until(uint64 deadline) {
  struct proc *p = myproc();
  int err = 0;
  spin_lock(&clock.lock);
  while (clock.now < deadline) {
    if (proc_killed(p)) {
      err = -EINTR;
      break;
    }
    if (deadline < clock.next_deadline)
      clock.next_deadline = deadline;
    waitq_sleep(&clock.sleepers, &clock.lock);
  }
  spin_unlock(&clock.lock);
  return err;
}
