/* Unit test (host): kernel/lib's interrupt nesting, spin locks and sleep locks, with POSIX
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

static __thread int hart;        /* this thread's hart id */
static __thread bool intr_on;    /* this hart's interrupt-enable bit */
static inline int arch_hart_id(void) { return hart; }
static inline void arch_intr_on(void) { intr_on = true; }
static inline void arch_intr_off(void) { intr_on = false; }
static inline bool arch_intr_enabled(void) { return intr_on; }

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

void kprintf(const char *fmt, ...) { (void)fmt; }

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

struct proc *myproc(void) { return current; }

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
  nest[hart].depth = 0;
  return panicked && strstr(panic_text, want) != 0;
}

/* ---- interrupt nesting ---- */

static void test_nesting(void) {
  intr_on = true;
  intr_push();
  check(!intr_on && intr_depth() == 1, "intr_push turns interrupts off");
  intr_push();
  intr_pop();
  check(!intr_on && intr_depth() == 1, "an inner intr_pop leaves interrupts off");
  intr_pop();
  check(intr_on && intr_depth() == 0, "the outermost intr_pop turns them back on");
  intr_on = false;
  intr_push();
  intr_pop();
  check(!intr_on, "pushing and popping with interrupts off leaves them off");
}

static void pop_with_interrupts_on(void *arg) {
  (void)arg;
  intr_push();
  intr_on = true;
  intr_pop();
}

static void pop_without_push(void *arg) {
  (void)arg;
  intr_on = false;
  intr_pop();
}

static void test_nesting_misuse(void) {
  check(panics(pop_with_interrupts_on, 0, "interrupts are on"),
        "intr_pop with interrupts on panics");
  check(panics(pop_without_push, 0, "no matching push"), "intr_pop without a push panics");
}

/* A thread that switches away holding a lock takes the state to restore along. */
static void test_saved_state_moves(void) {
  intr_on = true;
  intr_push();
  bool saved = intr_saved();
  intr_set_saved(false); /* as if another thread, pushed with interrupts off, came here */
  intr_pop();
  check(saved && !intr_on, "intr_saved reports, and intr_set_saved replaces, what pop restores");
  intr_on = true;
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
  test_nesting();
  test_nesting_misuse();
  test_saved_state_moves();
  test_spin_basics();
  test_spin_exclusion();
  test_sleeplock_basics();
  test_sleeplock_exclusion();
  return check_summary("test_locks");
}
