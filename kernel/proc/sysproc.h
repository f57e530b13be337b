/* Handlers of the process system calls (sysproc.c). */
#ifndef MOO_SYSPROC_H
#define MOO_SYSPROC_H

#include "lib/types.h"

int64 sys_fork(void);
int64 sys_exit(void);
int64 sys_wait(void);
int64 sys_kill(void);
int64 sys_exec(void);
int64 sys_getpid(void);
int64 sys_sbrk(void);
int64 sys_sleep(void);
int64 sys_uptime(void);
int64 sys_kstat(void);
int64 sys_waitpid(void);
int64 sys_lasterror(void);
int64 sys__exit(void);
int64 sys_poweroff(void); /* syspower.c */

#endif
