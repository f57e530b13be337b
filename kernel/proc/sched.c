/* Scheduling: one FIFO run queue shared by all harts under sched_lock, the per-hart
 * scheduler loop, and the wait queues processes block on. A process is on at most one
 * queue at a time (the run queue when READY, a wait queue when ASLEEP), linked through
 * queue_next. */
#include "lib/printf.h"
#include "proc/internal.h"
#include "proc/proc.h"

#define CHANNEL_QUEUES 32 /* shared by all channels: each sleeper records its own */

struct spinlock sched_lock;
static struct waitq ready; /* the run queue: processes waiting for a hart */
static struct waitq channel_queues[CHANNEL_QUEUES];
struct cpu cpus[NCPU];

struct cpu *this_cpu(void) {
  return &cpus[arch_hart_id()];
}

struct proc *myproc(void) {
  struct irq_guard g = irq_save(); /* no move to another hart between the two reads */
  struct proc *p = cpus[arch_hart_id()].current;
  irq_restore(g);
  return p;
}

/* ---- queues of processes, all with sched_lock held ---- */

static void q_push(struct waitq *q, struct proc *p) {
  p->queue_next = 0;
  if (q->tail)
    q->tail->queue_next = p;
  else
    q->head = p;
  q->tail = p;
}

static struct proc *q_pop(struct waitq *q) {
  struct proc *p = q->head;
  if (p) {
    q->head = p->queue_next;
    if (!q->head)
      q->tail = 0;
    p->queue_next = 0;
  }
  return p;
}

/* Takes p, which is on q, off it wherever it stands. */
static void q_remove(struct waitq *q, struct proc *p) {
  struct proc *before = 0, *it = q->head;
  for (; it && it != p; it = it->queue_next)
    before = it;
  if (!it)
    panic("q_remove: pid %d is not on the queue it sleeps on", p->pid);
  if (before)
    before->queue_next = p->queue_next;
  else
    q->head = p->queue_next;
  if (q->tail == p)
    q->tail = before;
  p->queue_next = 0;
}

void make_runnable(struct proc *p) {
  p->state = PS_READY;
  q_push(&ready, p);
}

/* ---- giving up and taking a hart ---- */

/* sched_lock is held across every switch, taken by the thread that leaves and let go by
 * the one that arrives. Its interrupt-off section belongs to the thread, which takes it
 * along: the section another thread opened says nothing about this one. */
static void switch_holding_sched(struct context *from, struct context *to) {
  struct irq_guard mine = sched_lock.irq;
  arch_switch(from, to);
  sched_lock.irq = mine;
}

void leave_cpu(struct proc *p, enum proc_state state) {
  if (!spin_held(&sched_lock) || !irq_alone())
    panic("leave_cpu: pid %d must hold sched_lock alone (%d sections open)", p->pid,
          irq_open_sections());
  p->state = state;
  switch_holding_sched(&p->ctx, &this_cpu()->sched_ctx);
}

void scheduler(void) {
  struct cpu *c = this_cpu();
  c->current = 0;
  for (;;) {
    arch_intr_on(); /* let devices interrupt an idle hart */
    spin_lock(&sched_lock);
    struct proc *p = q_pop(&ready);
    if (!p) {
      spin_unlock(&sched_lock);
      arch_idle();
      continue;
    }
    p->state = PS_ON_CPU;
    c->current = p;
    switch_holding_sched(&c->sched_ctx, &p->ctx);
    /* Between processes a hart runs on the kernel's own table, so no hart
     * holds the table of a process that may now exit (and free it) elsewhere.
     * The process's table comes back, freshly flushed, when it next returns
     * to user mode. */
    arch_kvm_enable();
    c->current = 0;
    spin_unlock(&sched_lock);
  }
}

/* Comes back with interrupts as they were: on from a kernel that allows them, off from a
 * timer trap, whatever the scheduler loop that picks the process again had. */
void yield(void) {
  struct proc *p = myproc();
  bool was_on = arch_intr_enabled();
  spin_lock(&sched_lock);
  q_push(&ready, p);
  leave_cpu(p, PS_READY);
  spin_unlock(&sched_lock);
  if (arch_intr_enabled() != was_on)
    panic("yield: pid %d came back with interrupts %s", p->pid, was_on ? "off" : "on");
}

/* ---- wait queues ---- */

/* Sleeps on q until woken for key. lk passes straight to sched_lock, which every waker
 * takes: no wakeup can fall between the caller's last look and this process being on q. */
static void sleep_on(struct waitq *q, const void *key, struct spinlock *lk) {
  struct proc *p = myproc();
  spin_handover(lk, &sched_lock);
  p->asleep_on = q;
  p->asleep_for = key;
  q_push(q, p);
  leave_cpu(p, PS_ASLEEP);
  spin_unlock(&sched_lock);
  spin_lock(lk);
}

/* With sched_lock held: the sleepers on q waiting for key go to the run queue, in the
 * order they slept; the others stay. */
static void wake_for(struct waitq *q, const void *key) {
  struct proc *p = q->head;
  q->head = q->tail = 0;
  while (p) {
    struct proc *next = p->queue_next;
    if (p->asleep_for == key) {
      p->asleep_on = 0;
      make_runnable(p);
    } else {
      q_push(q, p);
    }
    p = next;
  }
}

void proc_wake_asleep(struct proc *p) {
  if (p->state != PS_ASLEEP)
    return;
  q_remove(p->asleep_on, p);
  p->asleep_on = 0;
  make_runnable(p);
}

void waitq_sleep(struct waitq *q, struct spinlock *lk) {
  sleep_on(q, q, lk);
}

void waitq_wake_locked(struct waitq *q) {
  wake_for(q, q);
}

void waitq_wake(struct waitq *q) {
  spin_lock(&sched_lock);
  wake_for(q, q);
  spin_unlock(&sched_lock);
}

static struct waitq *channel_queue(const void *chan) {
  uintptr a = (uintptr)chan;
  return &channel_queues[(a ^ (a >> 7) ^ (a >> 13)) % CHANNEL_QUEUES];
}

void sleep(void *chan, struct spinlock *lk) {
  sleep_on(channel_queue(chan), chan, lk);
}

void wakeup(void *chan) {
  spin_lock(&sched_lock);
  wake_for(channel_queue(chan), chan);
  spin_unlock(&sched_lock);
}
