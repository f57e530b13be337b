/* The file-system system calls; the syscall table in kernel/proc/syscall.c
 * calls them. Each returns a count, a descriptor or 0, or -E on any error. */
#ifndef MOO_SYSFILE_H
#define MOO_SYSFILE_H

#include "lib/types.h"

int64 sys_read(void);
int64 sys_write(void);
int64 sys_close(void);
int64 sys_dup(void);
int64 sys_fstat(void);
int64 sys_open(void);
int64 sys_mkdir(void);
int64 sys_mknod(void);
int64 sys_chdir(void);
int64 sys_unlink(void);
int64 sys_link(void);
int64 sys_pipe(void);

#endif
