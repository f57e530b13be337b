/* Scheduling: one FIFO run queue shared by all harts under sched_lock, the
 * per-hart scheduler loop, and blocking with sleep/wakeup. */
#include "proc/proc.h"
#include "proc/internal.h"
#include "lib/printf.h"
#include "lib/wait.h" /* checks proc.h against what lib/ expects of sleep and wakeup */

struct spinlock sched_lock;
static struct proc *runq_head, *runq_tail;
struct cpu cpus[NCPU];

struct cpu *this_cpu(void) { return &cpus[arch_hart_id()]; }

/* Interrupts go off for the read so the process cannot move to another
 * hart between reading the hart id and reading its current process. */
struct proc *myproc(void) {
  bool was_on = arch_intr_enabled();
  arch_intr_off();
  struct proc *p = cpus[arch_hart_id()].current;
  if (was_on)
    arch_intr_on();
  return p;
}

/* Makes p runnable and queues it; with sched_lock held. */
void make_runnable(struct proc *p) {
  p->state = P_RUNNABLE;
  p->run_next = 0;
  if (runq_tail)
    runq_tail->run_next = p;
  else
    runq_head = p;
  runq_tail = p;
}

static struct proc *runq_pop(void) {
  struct proc *p = runq_head;
  if (p) {
    runq_head = p->run_next;
    if (!runq_head)
      runq_tail = 0;
    p->run_next = 0;
  }
  return p;
}

/* Gives up the hart to the scheduler loop. The caller holds sched_lock
 * (and no other lock) and has already changed its state. */
void switch_to_scheduler(void) {
  struct proc *p = myproc();
  struct cpu *c = this_cpu();
  if (!spin_held(&sched_lock) || intr_depth() != 1)
    panic("switch_to_scheduler: bad lock state (depth %d)", intr_depth());
  if (p->state == P_RUNNING)
    panic("switch_to_scheduler: still running");
  bool was_on = intr_saved();
  arch_switch(&p->ctx, &c->sched_ctx);
  intr_set_saved(was_on); /* we may be on another hart now */
}

void scheduler(void) {
  struct cpu *c = this_cpu();
  c->current = 0;
  for (;;) {
    arch_intr_on(); /* let devices interrupt an idle hart */
    spin_lock(&sched_lock);
    struct proc *p = runq_pop();
    if (!p) {
      spin_unlock(&sched_lock);
      arch_idle();
      continue;
    }
    p->state = P_RUNNING;
    c->current = p;
    arch_switch(&c->sched_ctx, &p->ctx);
    /* Between processes a hart runs on the kernel's own table, so no hart
     * holds the table of a process that may now exit (and free it) elsewhere.
     * The process's table comes back, freshly flushed, when it next returns
     * to user mode. */
    arch_kvm_enable();
    c->current = 0;
    spin_unlock(&sched_lock);
  }
}

void yield(void) {
  spin_lock(&sched_lock);
  make_runnable(myproc());
  switch_to_scheduler();
  spin_unlock(&sched_lock);
}

void sleep(void *chan, struct spinlock *lk) {
  struct proc *p = myproc();
  spin_lock(&sched_lock);
  spin_unlock(lk);
  p->wait_chan = chan;
  p->state = P_SLEEPING;
  switch_to_scheduler();
  p->wait_chan = 0;
  spin_unlock(&sched_lock);
  spin_lock(lk);
}

/* With sched_lock held. */
void wakeup_locked(void *chan) {
  for (struct proc *p = proc_table; p < proc_table + NPROC; p++)
    if (p->state == P_SLEEPING && p->wait_chan == chan)
      make_runnable(p);
}

void wakeup(void *chan) {
  spin_lock(&sched_lock);
  wakeup_locked(chan);
  spin_unlock(&sched_lock);
}
