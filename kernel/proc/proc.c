/* The process table: allocating and releasing slots, the first process,
 * and kill. */
#include "proc/proc.h"
#include "fs/fs.h"
#include "lib/errno.h"
#include "lib/printf.h"
#include "lib/string.h"
#include "mm/frame.h"
#include "proc/internal.h"
#include "proc/trap.h"

struct proc proc_table[NPROC];
struct spinlock proc_tree_lock;
struct proc *init_proc;
static int next_pid = 1;

void proc_table_init(void) {
  spin_init(&sched_lock, "sched");
  spin_init(&proc_tree_lock, "proc_tree");
  clock_init();
  for (int i = 0; i < NPROC; i++) {
    proc_table[i].slot = i;
    proc_table[i].state = PS_FREE;
    proc_table[i].kstack_top = arch_kstack_top(i);
  }
}

static void first_run(void);

/* A new process, still FORMING, with a trap frame and an empty address
 * space, ready to run first_run; 0 when no slot or memory is free. */
struct proc *proc_alloc(void) {
  struct proc *p = 0;
  spin_lock(&proc_tree_lock);
  for (int i = 0; i < NPROC && !p; i++)
    if (proc_table[i].state == PS_FREE)
      p = &proc_table[i];
  if (p) {
    p->pid = next_pid++;
    spin_lock(&sched_lock);
    p->state = PS_FORMING;
    spin_unlock(&sched_lock);
  }
  spin_unlock(&proc_tree_lock);
  if (!p)
    return 0;
  p->killed = 0;
  p->last_error = 0;
  p->parent = p->children = p->sibling = 0;
  memset(&p->inject, 0, sizeof(p->inject));
  p->tf = arch_tf_alloc(p->kstack_top);
  if (!p->tf || as_create(&p->as) < 0) {
    proc_release(p);
    return 0;
  }
  arch_context_init(&p->ctx, first_run, p->kstack_top);
  return p;
}

/* Frees what a dead (or never started) process still holds. */
void proc_release(struct proc *p) {
  as_destroy(&p->as);
  if (p->tf)
    arch_tf_free(p->tf);
  p->tf = 0;
  p->name[0] = 0;
  spin_lock(&proc_tree_lock);
  p->pid = 0;
  p->pgid = 0;
  p->parent = p->children = p->sibling = 0;
  spin_lock(&sched_lock);
  p->state = PS_FREE;
  spin_unlock(&sched_lock);
  spin_unlock(&proc_tree_lock);
}

/* Where every new process starts, on its kernel stack, holding sched_lock. */
static void first_run(void) {
  spin_unlock(&sched_lock);
  struct proc *p = myproc();
  if (p == init_proc && p->as.size == 0) {
    fs_init(ROOTDEV);
    char *argv[] = {"init", 0};
    int64 err = exec("/init", argv);
    if (err < 0)
      panic("cannot run /init (error %ld)", (long)err);
  }
  trap_user_return();
}

void user_init(void) {
  struct proc *p = proc_alloc();
  if (!p)
    panic("user_init: no memory");
  init_proc = p;
  /* init must outlive any shortage of memory: its frames are never shared,
   * so none of its writes needs a copy (docs/design.md, Memory) */
  p->as.never_shared = true;
  p->pgid = p->pid; /* init leads group 1; every other process inherits a group */
  strlcpy(p->name, "init", sizeof(p->name));
  spin_lock(&sched_lock);
  make_runnable(p);
  spin_unlock(&sched_lock);
}

int proc_count_live(void) {
  int n = 0;
  spin_lock(&proc_tree_lock);
  for (struct proc *p = proc_table; p < proc_table + NPROC; p++)
    n += p->state != PS_FREE;
  spin_unlock(&proc_tree_lock);
  return n;
}

bool proc_killed(struct proc *p) {
  return __atomic_load_n(&p->killed, __ATOMIC_ACQUIRE) != 0;
}

/* Records why p must exit; the first reason stays (a ^C'd process killed again still
 * ended by ^C). */
static void set_kill_reason(struct proc *p, int why) {
  int none = 0;
  __atomic_compare_exchange_n(&p->killed, &none, why, false, __ATOMIC_RELEASE, __ATOMIC_RELAXED);
}

void proc_kill_self(int why) {
  set_kill_reason(myproc(), why);
}

/* With proc_tree_lock held: makes p exit at its next return to user mode,
 * waking it if it sleeps. */
void proc_mark_killed(struct proc *p, int why) {
  set_kill_reason(p, why);
  spin_lock(&sched_lock);
  proc_wake_asleep(p);
  spin_unlock(&sched_lock);
}

int proc_kill(int pid) {
  if (pid == 1)
    return -EINVAL; /* init cannot be killed, as in Unix */
  int err = -ESRCH;
  spin_lock(&proc_tree_lock);
  for (struct proc *p = proc_table; p < proc_table + NPROC; p++) {
    if (p->pid != pid || p->state == PS_FREE || p->state == PS_ZOMBIE)
      continue;
    proc_mark_killed(p, KILL_TERMINATE);
    err = 0;
  }
  spin_unlock(&proc_tree_lock);
  return err;
}

bool proc_visit(int slot, void (*fn)(struct proc *p, void *arg), void *arg) {
  struct proc *p = &proc_table[slot];
  spin_lock(&proc_tree_lock);
  enum proc_state state = p->state; /* FREE and FORMING change only under this lock */
  bool live = state != PS_FREE && state != PS_FORMING && state != PS_ZOMBIE;
  if (live)
    fn(p, arg);
  spin_unlock(&proc_tree_lock);
  return live;
}
