/* System-call dispatch: the table from ABI numbers to handlers, and the
 * fetching of arguments from the caller's saved registers. */
#include "proc/syscall.h"
#include "fs/sysfile.h"
#include "lib/errno.h"
#include "lib/printf.h"
#include "mm/sysmem.h"
#include "mm/uaccess.h"
#include "proc/proc.h"
#include "proc/sysproc.h"

typedef int64 (*syscall_fn)(void);

static const syscall_fn syscalls[] = {
    [SYS_fork] = sys_fork,       [SYS_exit] = sys_exit,     [SYS_wait] = sys_wait,
    [SYS_pipe] = sys_pipe,       [SYS_read] = sys_read,     [SYS_kill] = sys_kill,
    [SYS_exec] = sys_exec,       [SYS_fstat] = sys_fstat,   [SYS_chdir] = sys_chdir,
    [SYS_dup] = sys_dup,         [SYS_getpid] = sys_getpid, [SYS_sbrk] = sys_sbrk,
    [SYS_sleep] = sys_sleep,     [SYS_uptime] = sys_uptime, [SYS_open] = sys_open,
    [SYS_write] = sys_write,     [SYS_mknod] = sys_mknod,   [SYS_unlink] = sys_unlink,
    [SYS_link] = sys_link,       [SYS_mkdir] = sys_mkdir,   [SYS_close] = sys_close,
    [SYS_getNumFreePages] = sys_getNumFreePages,
    [SYS_getNumVirtPages] = sys_getNumVirtPages,
    [SYS_getNumPhysPages] = sys_getNumPhysPages,
    [SYS_getNumPTPages] = sys_getNumPTPages,
    [SYS_dedup] = sys_dedup,
    [SYS_memstat] = sys_memstat,
    [SYS_faultinject] = sys_faultinject,
    [SYS_kstat] = sys_kstat,
    [SYS_waitpid] = sys_waitpid,
    [SYS__exit] = sys__exit,
};

void trap_syscall(void) {
  struct proc *p = myproc();
  uint64 num = arch_tf_syscall_number(p->tf);
  int64 result = -ENOSYS;
  if (num < ARRAY_LEN(syscalls) && syscalls[num])
    result = syscalls[num]();
  else
    kprintf("pid %d (%s): unknown system call %ld\n", p->pid, p->name, (long)num);
  /* the ABI has one error value */
  arch_tf_set_result(p->tf, result < 0 ? (uint64)-1 : (uint64)result);
}

uint64 sysarg_raw(int n) { return arch_tf_syscall_arg(myproc()->tf, n); }

int sysarg_int(int n) { return (int)sysarg_raw(n); }

uintptr sysarg_addr(int n) { return (uintptr)sysarg_raw(n); }

int sysarg_str(int n, char *buf, size_t max) {
  return copyinstr(&myproc()->as, buf, sysarg_addr(n), max);
}
