/* Processes: the process table, the per-hart state, and the calls other
 * subsystems use to block, wake and identify the running process. */
#ifndef MOO_PROC_H
#define MOO_PROC_H

#include "arch/abi.h"
#include "arch/arch.h"
#include "lib/spinlock.h"
#include "lib/wait.h"
#include "mm/aspace.h"
#include "mm/inject.h"
#include "params.h"
#include "proc/procinfo.h"

/* What a table slot holds. A zeroed slot is free; the states procinfo shows have their
 * public numbers, and the one it never shows (a slot still being filled) comes last. */
enum proc_state {
  PS_FREE = 0,
  PS_ASLEEP = PROCINFO_SLEEPING, /* on a wait queue */
  PS_READY = PROCINFO_RUNNABLE,  /* on the run queue */
  PS_ON_CPU = PROCINFO_RUNNING,  /* some hart runs it */
  PS_ZOMBIE = PROCINFO_ZOMBIE,   /* exited, its parent has not reaped it */
  PS_FORMING,                    /* taken by proc_alloc, not yet started */
};

struct proc {
  /* guarded by sched_lock */
  enum proc_state state;
  struct proc *queue_next;  /* the next on the run queue (READY) or a wait queue (ASLEEP) */
  struct waitq *asleep_on;  /* the wait queue an ASLEEP process is on */
  const void *asleep_for;   /* the event it waits for (a channel, or the queue itself) */
  struct waitq child_exits; /* the process itself, waiting for a child to exit */
  /* guarded by proc_tree_lock */
  int pid;
  int pgid; /* process group: ^C kills the console's foreground group */
  struct proc *parent;
  struct proc *children; /* newest first, linked through sibling */
  struct proc *sibling;
  int exit_status;
  /* set by anyone, read by the process itself: 0, or why it must exit (KILL_*) */
  volatile int killed;
  /* private to the process */
  struct aspace as;
  struct trapframe *tf;             /* saved user registers (kernel address) */
  uint64 sysargs[SYSCALL_MAX_ARGS]; /* the arguments of the system call in progress */
  struct context ctx;               /* saved kernel registers while switched out */
  uintptr kstack_top;
  struct file *ofile[NOFILE];
  struct inode *cwd;
  char name[16];
  struct fault_inject inject; /* allocation-failure testing, inherited by fork */
  int slot;                   /* index in the process table */
  int last_error;             /* the code of its last failed system call (lasterror) */
};

struct cpu {
  struct proc *current;
  struct context sched_ctx; /* the hart's scheduler loop */
  int hart;
};

struct cpu *this_cpu(void); /* call with interrupts off */
struct proc *myproc(void);  /* the running process, or 0 */

void yield(void);
bool proc_killed(struct proc *p);
int proc_count_live(void); /* slots in use, zombies included */
void proc_dump(void);      /* ^P: one line per process, as ps prints it */
/* Calls fn on the live process in a table slot, with the process tree
 * locked so the slot cannot be reused meanwhile; false when the slot holds
 * no live process. */
bool proc_visit(int slot, void (*fn)(struct proc *p, void *arg), void *arg);

void proc_table_init(void);
void user_init(void); /* creates pid 1 running /init */
void scheduler(void) __attribute__((noreturn));
int proc_fork(void);
void proc_exit(int status) __attribute__((noreturn));
/* Reaps a dead child (pid -1: any) and stores its status at status_addr
 * unless 0; returns its pid, 0 with WAIT_NOHANG while children live, or -E. */
int proc_wait(int pid, uintptr status_addr, int options);
#define WAIT_NOHANG 1
/* Why a process was killed, kept for waitpid's WAIT_REASON: Unix's signal numbers, so a
 * shell can report them as Unix shells do (status 128 + N). */
#define KILL_INTERRUPT 2  /* ^C at the console */
#define KILL_ILLEGAL 4    /* an instruction or trap the kernel does not allow */
#define KILL_FAULT 11     /* an access the kernel does not allow */
#define KILL_TERMINATE 15 /* the kill system call */
/* waitpid option: the status as Unix encodes it, exit code << 8 or the KILL_* number
 * (docs/abi.md); without it a killed process's status is -1, as xv6's. */
#define WAIT_REASON 2
int proc_kill(int pid);
void proc_kill_group(int pgid); /* kills every process of the group but init */
void proc_kill_self(int why);   /* the running process exits at its return to user mode */
int proc_grow(int64 delta, uintptr *old_break);
/* Replaces the running image; returns what the exec system call returns to the
 * new image (the ABI decides), or -E with the old image intact. */
int64 exec(const char *path, char **argv);

#endif
