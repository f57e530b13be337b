/* What the process layer does with traps from user mode: faults go to the
 * mm fault path, timer ticks preempt, and every return checks for kill. */
#include "dev/platform.h"
#include "lib/errno.h"
#include "lib/printf.h"
#include "proc/internal.h"
#include "proc/trap.h"

void trap_user_exception(const char *what, uintptr pc, uintptr value) {
  struct proc *p = myproc();
  kprintf("pid %d (%s): killed: %s at pc 0x%lx (value 0x%lx)\n", p->pid, p->name, what,
          (unsigned long)pc, (unsigned long)value);
  proc_kill_self(KILL_ILLEGAL);
}

void trap_user_fault(uintptr va, enum access access, uintptr pc) {
  struct proc *p = myproc();
  int err = as_fault(&p->as, va, access);
  if (err == 0)
    return;
  static const char *verbs[] = {"read", "write", "execute"};
  kprintf("pid %d (%s): killed: %s at 0x%lx (pc 0x%lx): %s\n", p->pid, p->name, verbs[access],
          (unsigned long)va, (unsigned long)pc,
          err == -ENOMEM ? "out of memory for a copy-on-write page" : "bad address");
  proc_kill_self(KILL_FAULT);
}

void trap_timer(void) {
  if (arch_hart_id() == platform.boot_hart)
    clock_tick();
  struct proc *p = myproc();
  if (p && p->state == PS_ON_CPU)
    yield();
}

void trap_user_return(void) {
  struct proc *p = myproc();
  if (proc_killed(p))
    proc_exit(-1);
  arch_return_to_user(p->tf, p->as.pt, p->kstack_top);
}
