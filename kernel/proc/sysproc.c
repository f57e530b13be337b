/* The process system calls: argument checking and copying around the
 * process-layer functions that do the work. */
#include "proc/sysproc.h"
#include "fs/fs.h"
#include "lib/errno.h"
#include "lib/string.h"
#include "mm/frame.h"
#include "mm/uaccess.h"
#include "proc/internal.h"
#include "proc/kstat.h"
#include "proc/syscall.h"

int64 sys_fork(void) {
  return proc_fork();
}

int64 sys_exit(void) {
  proc_exit(sysarg_int(0));
}

int64 sys_wait(void) {
  return proc_wait(-1, sysarg_addr(0), 0);
}

int64 sys__exit(void) {
  proc_exit(sysarg_int(0));
}

int64 sys_waitpid(void) {
  return proc_wait(sysarg_int(0), sysarg_addr(1), sysarg_int(2));
}

/* The error code (lib/errno.h, Linux's numbers) of the caller's last failed system call,
 * 0 when none failed; the ABI's calls themselves return only -1. */
int64 sys_lasterror(void) {
  return myproc()->last_error;
}

int64 sys_kill(void) {
  return proc_kill(sysarg_int(0));
}

int64 sys_getpid(void) {
  return myproc()->pid;
}

int64 sys_sbrk(void) {
  uintptr old;
  int err = proc_grow(sysarg_int(0), &old);
  return err ? err : (int64)old;
}

int64 sys_uptime(void) {
  return (int64)clock_now();
}

/* sleep(n): n ticks from now; at once for n <= 0. */
int64 sys_sleep(void) {
  int n = sysarg_int(0);
  return n > 0 ? clock_sleep_until(clock_now() + (uint64)n) : 0;
}

/* Copies the user's argv strings into one kernel page: together they must
 * fit one page anyway, since that is all the new stack has. */
static int fetch_argv(uintptr uargv, char *page, char **argv) {
  struct aspace *as = &myproc()->as;
  size_t used = 0;
  for (int i = 0;; i++) {
    if (i > MAXARG)
      return -E2BIG;
    uintptr uarg; /* user pointers are as wide as the kernel's */
    if (copyin(as, &uarg, uargv + i * sizeof(uarg), sizeof(uarg)) < 0)
      return -EFAULT;
    if (uarg == 0) {
      argv[i] = 0;
      return 0;
    }
    if (i == MAXARG)
      return -E2BIG;
    int len = copyinstr(as, page + used, uarg, PAGE_SIZE - used);
    if (len < 0)
      return len == -ENAMETOOLONG ? -E2BIG : len;
    argv[i] = page + used;
    used += len + 1;
  }
}

int64 sys_exec(void) {
  char path[MAXPATH];
  char *argv[MAXARG + 1];
  if (sysarg_str(0, path, sizeof(path)) < 0)
    return -EFAULT;
  uintptr page = frame_alloc();
  if (!page)
    return -ENOMEM;
  int64 err = fetch_argv(sysarg_addr(1), arch_pa_to_kva(page), argv);
  if (!err)
    err = exec(path, argv);
  frame_put(page);
  return err;
}

int64 sys_kstat(void) {
  struct kstat k;
  memset(&k, 0, sizeof(k)); /* padding too: nothing of the kernel stack leaves */
  k.free_frames = frame_free_count();
  k.live_procs = proc_count_live();
  k.open_files = file_count_open();
  k.inodes = inode_count_used();
  unsigned long copied, reused;
  as_cow_counts(&copied, &reused);
  k.cow_copied = copied;
  k.cow_reused = reused;
  return copyout(&myproc()->as, sysarg_addr(0), &k, sizeof(k));
}
