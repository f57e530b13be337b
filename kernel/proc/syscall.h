/* System-call numbers (fixed by the ABI) and argument fetching for
 * handlers. Every handler is `int64 sys_name(void)`; -1 reaches the user on any error. */
#ifndef MOO_SYSCALL_H
#define MOO_SYSCALL_H

#include "lib/types.h"
#include "proc/sysnum.h"

uint64 sysarg_raw(int n);
int sysarg_int(int n);
uintptr sysarg_addr(int n);
/* Copies argument n, a user string, into buf; returns its length or -E. */
int sysarg_str(int n, char *buf, size_t max);

#endif
