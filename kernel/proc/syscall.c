/* System-call dispatch: the table from ABI numbers to handlers, and the
 * fetching of arguments from the caller's saved registers. */
#include "proc/syscall.h"
#include "arch/abi.h"
#include "fs/sysfile.h"
#include "lib/errno.h"
#include "lib/printf.h"
#include "lib/string.h"
#include "mm/sysmem.h"
#include "mm/uaccess.h"
#include "proc/pgrp.h"
#include "proc/proc.h"
#include "proc/sysproc.h"
#include "proc/trap.h"

/* A handler and how many arguments it takes: they are fetched before it runs,
 * so a call whose arguments cannot be read fails without doing anything. */
struct syscall {
  int64 (*fn)(void);
  int nargs;
};

static const struct syscall syscalls[] = {
    [SYS_fork] = {sys_fork, 0},
    [SYS_exit] = {sys_exit, ABI_EXIT_ARGS},
    [SYS_wait] = {sys_wait, ABI_WAIT_ARGS},
    [SYS_pipe] = {sys_pipe, 1},
    [SYS_read] = {sys_read, 3},
    [SYS_kill] = {sys_kill, 1},
    [SYS_exec] = {sys_exec, 2},
    [SYS_fstat] = {sys_fstat, 2},
    [SYS_chdir] = {sys_chdir, 1},
    [SYS_dup] = {sys_dup, 1},
    [SYS_getpid] = {sys_getpid, 0},
    [SYS_sbrk] = {sys_sbrk, 1},
    [SYS_sleep] = {sys_sleep, 1},
    [SYS_uptime] = {sys_uptime, 0},
    [SYS_open] = {sys_open, 2},
    [SYS_write] = {sys_write, 3},
    [SYS_mknod] = {sys_mknod, 3},
    [SYS_unlink] = {sys_unlink, 1},
    [SYS_link] = {sys_link, 2},
    [SYS_mkdir] = {sys_mkdir, 1},
    [SYS_close] = {sys_close, 1},
    [SYS_getNumFreePages] = {sys_getNumFreePages, 0},
    [SYS_getNumVirtPages] = {sys_getNumVirtPages, 0},
    [SYS_getNumPhysPages] = {sys_getNumPhysPages, 0},
    [SYS_getNumPTPages] = {sys_getNumPTPages, 0},
    [SYS_dedup] = {sys_dedup, 0},
    [SYS_memstat] = {sys_memstat, 2},
    [SYS_faultinject] = {sys_faultinject, 2},
    [SYS_kstat] = {sys_kstat, 1},
    [SYS_waitpid] = {sys_waitpid, 3},
    [SYS__exit] = {sys__exit, 1},
    [SYS_poweroff] = {sys_poweroff, 1},
    [SYS_setpgid] = {sys_setpgid, 2},
    [SYS_tcsetpgrp] = {sys_tcsetpgrp, 2},
    [SYS_procinfo] = {sys_procinfo, 2},
    [SYS_lasterror] = {sys_lasterror, 0},
};

void trap_syscall(void) {
  struct proc *p = myproc();
  uint64 num = arch_tf_syscall_number(p->tf);
  const struct syscall *call = num < ARRAY_LEN(syscalls) ? &syscalls[num] : 0;
  int64 result = -ENOSYS;
  memset(p->sysargs, 0, sizeof(p->sysargs)); /* arguments a call does not take read as 0 */
  if (!call || !call->fn)
    kprintf("pid %d (%s): unknown system call %ld\n", p->pid, p->name, (long)num);
  else if (abi_syscall_args(p->tf, &p->as, call->nargs, p->sysargs) < 0)
    result = -EFAULT;
  else
    result = call->fn();
  /* the ABI has one error value; moo's lasterror tells the reason */
  if (result < 0)
    p->last_error = (int)-result;
  arch_tf_set_result(p->tf, result < 0 ? (uint64)-1 : (uint64)result);
}

uint64 sysarg_raw(int n) {
  return myproc()->sysargs[n];
}

int sysarg_int(int n) {
  return (int)sysarg_raw(n);
}

uintptr sysarg_addr(int n) {
  return (uintptr)sysarg_raw(n);
}

int sysarg_str(int n, char *buf, size_t max) {
  return copyinstr(&myproc()->as, buf, sysarg_addr(n), max);
}
