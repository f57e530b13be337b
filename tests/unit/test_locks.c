/* Unit test (host): kernel/lib's interrupt-off sections, spin locks and sleep locks, with POSIX
 * threads as harts and a condition variable as the scheduler's sleep and wakeup. */
#include "check.h"
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h> /* not unistd.h: its sleep() is not the kernel's */

/* ---- the machine the lock code runs on: one thread per hart ---- */

#define MOO_ARCH_H /* lib/ includes arch/arch.h; this test supplies what lib uses of it */
#include "lib/types.h"

static __thread int hart;     /* this thread's hart id */
static __thread bool intr_on; /* this hart's interrupt-enable bit */
static inline int arch_hart_id(void) {
  return hart;
}
static inline void arch_intr_on(void) {
  intr_on = true;
}
static inline void arch_intr_off(void) {
  intr_on = false;
}
static inline bool arch_intr_enabled(void) {
  return intr_on;
}

static __thread jmp_buf *panic_catch; /* where panic returns to, when a test expects one */
static __thread char panic_text[200];

void panic(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(panic_text, sizeof(panic_text), fmt, ap);
  va_end(ap);
  if (!panic_catch) {
    printf("unexpected panic: %s\n", panic_text);
    exit(2);
  }
  longjmp(*panic_catch, 1);
}

void kprintf(const char *fmt, ...) {
  (void)fmt;
}

#include "lib/intrnest.c"
#include "lib/sleeplock.c"
#include "lib/spinlock.c"

/* ---- the scheduler the sleep lock uses: one condition variable for every channel ---- */

struct proc {
  int id;
};
static __thread struct proc *current;
static pthread_mutex_t sched_mutex = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t sched_cond = PTHREAD_COND_INITIALIZER;
static unsigned long wake_generation, wakeup_calls;

struct proc *myproc(void) {
  return current;
}

/* sched_mutex is taken before lk is dropped, and wakeup needs it: no wakeup is lost. */
void sleep(void *chan, struct spinlock *lk) {
  (void)chan;
  pthread_mutex_lock(&sched_mutex);
  unsigned long seen = wake_generation;
  spin_unlock(lk);
  while (wake_generation == seen)
    pthread_cond_wait(&sched_cond, &sched_mutex);
  pthread_mutex_unlock(&sched_mutex);
  spin_lock(lk);
}

void wakeup(void *chan) {
  (void)chan;
  pthread_mutex_lock(&sched_mutex);
  wakeup_calls++;
  wake_generation++;
  pthread_cond_broadcast(&sched_cond);
  pthread_mutex_unlock(&sched_mutex);
}

/* Runs fn(arg) and reports whether it panicked with a message containing want. The nesting
 * state a panic left half-done is reset afterwards. */
static bool panics(void (*fn)(void *), void *arg, const char *want) {
  jmp_buf here;
  bool panicked = false;
  panic_text[0] = 0;
  panic_catch = &here;
  if (setjmp(here) == 0)
    fn(arg);
  else
    panicked = true;
  panic_catch = 0;
  harts[hart].open = 0;
  harts[hart].owed_on = false;
  return panicked && strstr(panic_text, want) != 0;
}

/* ---- interrupt-off sections ---- */

static void test_sections(void) {
  intr_on = true;
  struct irq_guard outer = irq_save();
  check(!intr_on && irq_open_sections() == 1 && outer.was_on, "irq_save turns interrupts off");
  struct irq_guard inner = irq_save();
  irq_restore(inner);
  check(!intr_on && irq_open_sections() == 1, "ending an inner section leaves interrupts off");
  irq_restore(outer);
  check(intr_on && irq_open_sections() == 0, "ending the last section turns them back on");
  intr_on = false;
  struct irq_guard off = irq_save();
  irq_restore(off);
  check(!intr_on, "a section begun with interrupts off leaves them off");
}

/* Locks let go in another order than taken: interrupts stay off until the last one goes. */
static void test_sections_any_order(void) {
  intr_on = true;
  struct irq_guard first = irq_save(), second = irq_save();
  irq_restore(first);
  check(!intr_on && !irq_alone(), "ending the outer section first keeps interrupts off");
  irq_restore(second);
  check(intr_on && irq_open_sections() == 0, "the last section to end turns them on");
}

static void restore_with_interrupts_on(void *arg) {
  (void)arg;
  struct irq_guard g = irq_save();
  intr_on = true;
  irq_restore(g);
}

static void restore_without_save(void *arg) {
  (void)arg;
  intr_on = false;
  irq_restore((struct irq_guard){true});
}

static void sections_never_ended(void *arg) {
  (void)arg;
  for (;;)
    irq_save();
}

static void test_sections_misuse(void) {
  check(panics(restore_with_interrupts_on, 0, "interrupts on"),
        "ending a section with interrupts on panics");
  check(panics(restore_without_save, 0, "0 sections open"), "ending a section never begun panics");
  check(panics(sections_never_ended, 0, "never ended"), "sections that never end panic");
}

/* A thread that switches away holding sched_lock takes the lock's section along: the
 * scheduler swaps in the guard of the thread that arrives. */
static void test_guard_moves(void) {
  static struct spinlock sched;
  spin_init(&sched, "sched");
  intr_on = true;
  spin_lock(&sched);
  check(irq_alone(), "one lock held: its section is all the hart remembers");
  struct irq_guard leaving = sched.irq;
  sched.irq = (struct irq_guard){false}; /* a thread that took it in a trap arrives */
  spin_unlock(&sched);
  check(!intr_on && leaving.was_on, "the unlock restores the arriving thread's guard");
  intr_on = true;
}

/* sleep's hand-over: the second lock inherits the first one's section. */
static void test_handover(void) {
  static struct spinlock from, to;
  spin_init(&from, "from");
  spin_init(&to, "to");
  intr_on = true;
  spin_lock(&from);
  spin_handover(&from, &to);
  check(!spin_held(&from) && spin_held(&to) && !intr_on && irq_alone(),
        "after a hand-over only the second lock is held, with interrupts off, alone");
  spin_unlock(&to);
  check(intr_on, "letting the second lock go turns interrupts back on");
}

/* ---- spin locks ---- */

static struct spinlock lock_a;

static void lock_twice(void *arg) {
  (void)arg;
  spin_lock(&lock_a);
  spin_lock(&lock_a);
}

static void unlock_unheld(void *arg) {
  (void)arg;
  spin_unlock(&lock_a);
}

static void test_spin_basics(void) {
  spin_init(&lock_a, "lock_a");
  intr_on = true;
  spin_lock(&lock_a);
  check(spin_held(&lock_a) && !intr_on, "a held spin lock is held, with interrupts off");
  spin_unlock(&lock_a);
  check(!spin_held(&lock_a) && intr_on, "after unlock: not held, interrupts back on");
  check(panics(lock_twice, 0, "lock_a taken twice"), "taking a spin lock twice panics, naming it");
  spin_init(&lock_a, "lock_a");
  check(panics(unlock_unheld, 0, "lock_a is not held"), "unlocking a free spin lock panics");
}

#define HARTS 4
#define ROUNDS 20000

static struct spinlock counter_lock;
static volatile long counter;

/* A read-modify-write stretched out, so that two harts inside at once lose an update. */
static void slow_increment(void) {
  long v = counter;
  for (volatile int i = 0; i < 20; i++)
    ;
  counter = v + 1;
}

static void *spin_worker(void *arg) {
  hart = (int)(long)arg;
  intr_on = true;
  for (int i = 0; i < ROUNDS; i++) {
    spin_lock(&counter_lock);
    slow_increment();
    spin_unlock(&counter_lock);
  }
  return 0;
}

static void run_harts(void *(*fn)(void *)) {
  pthread_t t[HARTS];
  for (long h = 0; h < HARTS; h++)
    pthread_create(&t[h], 0, fn, (void *)h);
  for (int h = 0; h < HARTS; h++)
    pthread_join(t[h], 0);
}

static void test_spin_exclusion(void) {
  spin_init(&counter_lock, "counter");
  counter = 0;
  run_harts(spin_worker);
  char what[120];
  snprintf(what, sizeof(what), "%d harts under one spin lock lose no update (%ld of %d)", HARTS,
           counter, HARTS * ROUNDS);
  check(counter == HARTS * ROUNDS, what);
}

/* ---- sleep locks ---- */

static struct sleeplock sleepy;
static struct proc procs[HARTS + 1];
static volatile int inside, most_inside;
static volatile long sleepy_count;

static void *sleep_worker(void *arg) {
  hart = (int)(long)arg;
  current = &procs[hart];
  intr_on = true;
  for (int i = 0; i < 200; i++) {
    sleeplock_acquire(&sleepy);
    int now = __atomic_add_fetch(&inside, 1, __ATOMIC_SEQ_CST);
    if (now > most_inside)
      most_inside = now;
    long v = sleepy_count;
    if (i % 16 == 0)
      nanosleep(&(struct timespec){0, 50000}, 0); /* a holder may sleep */
    sleepy_count = v + 1;
    __atomic_sub_fetch(&inside, 1, __ATOMIC_SEQ_CST);
    sleeplock_release(&sleepy);
  }
  return 0;
}

static void acquire_twice(void *arg) {
  (void)arg;
  sleeplock_acquire(&sleepy);
  sleeplock_acquire(&sleepy);
}

static void release_unheld(void *arg) {
  (void)arg;
  sleeplock_release(&sleepy);
}

static void *check_not_held_elsewhere(void *arg) {
  hart = 1;
  current = &procs[1];
  *(bool *)arg = sleeplock_held(&sleepy);
  return 0;
}

static void test_sleeplock_basics(void) {
  sleeplock_init(&sleepy, "sleepy");
  current = &procs[HARTS];
  unsigned long calls = wakeup_calls;
  sleeplock_acquire(&sleepy);
  bool mine = sleeplock_held(&sleepy), theirs = true;
  pthread_t t;
  pthread_create(&t, 0, check_not_held_elsewhere, &theirs);
  pthread_join(t, 0);
  sleeplock_release(&sleepy);
  check(mine && !theirs, "a sleep lock is held by its holder only");
  check(wakeup_calls == calls, "an uncontended sleep lock wakes nobody");
  check(panics(acquire_twice, 0, "taken twice"), "taking a sleep lock twice panics");
  sleeplock_init(&sleepy, "sleepy");
  check(panics(release_unheld, 0, "does not hold it"), "releasing a free sleep lock panics");
}

static void test_sleeplock_exclusion(void) {
  sleeplock_init(&sleepy, "sleepy");
  sleepy_count = 0;
  unsigned long calls = wakeup_calls;
  run_harts(sleep_worker);
  check(sleepy_count == HARTS * 200 && most_inside == 1,
        "sleep-lock holders never overlap and lose no update");
  check(wakeup_calls > calls && sleepy.waiters == 0,
        "contended releases wake the waiters, and none is left counted");
}

/* A lost wakeup or a lock never released would hang the test: fail it instead. */
static void *watchdog(void *arg) {
  (void)arg;
  nanosleep(&(struct timespec){30, 0}, 0);
  printf("FAIL: test_locks hung (a lost wakeup, or a lock never released?)\n");
  printf("test_locks: %d passed, %d failed\n", passed, failed + 1);
  exit(1);
}

int main(void) {
  pthread_t dog;
  pthread_create(&dog, 0, watchdog, 0);
  test_sections();
  test_sections_any_order();
  test_sections_misuse();
  test_guard_moves();
  test_handover();
  test_spin_basics();
  test_spin_exclusion();
  test_sleeplock_basics();
  test_sleeplock_exclusion();
  return check_summary("test_locks");
}
