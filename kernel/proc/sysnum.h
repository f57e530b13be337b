/* System-call numbers: 1-26 fixed by the ABI (docs/abi.md), 27 and up
 * moo's own. Plain defines, included by user programs too. */
#ifndef MOO_SYSNUM_H
#define MOO_SYSNUM_H

#define SYS_fork 1
#define SYS_exit 2
#define SYS_wait 3
#define SYS_pipe 4
#define SYS_read 5
#define SYS_kill 6
#define SYS_exec 7
#define SYS_fstat 8
#define SYS_chdir 9
#define SYS_dup 10
#define SYS_getpid 11
#define SYS_sbrk 12
#define SYS_sleep 13
#define SYS_uptime 14
#define SYS_open 15
#define SYS_write 16
#define SYS_mknod 17
#define SYS_unlink 18
#define SYS_link 19
#define SYS_mkdir 20
#define SYS_close 21
#define SYS_getNumFreePages 22
#define SYS_getNumVirtPages 23
#define SYS_getNumPhysPages 24
#define SYS_getNumPTPages 25
#define SYS_dedup 26
#define SYS_memstat 27     /* moo: memory map of a process, for free and pmap */
#define SYS_faultinject 28 /* moo: make this process tree's frame allocations fail */
#define SYS_kstat 29       /* moo: leak-accounting counters (kstat.h) */
#define SYS_waitpid 30     /* moo: waitpid(pid, status, options), the same on every architecture */
#define SYS__exit 31       /* moo: _exit(status), the same on every architecture */
#define SYS_poweroff 32    /* moo: poweroff(how), how from proc/power.h */
#define SYS_setpgid 33     /* moo: setpgid(pid, pgid), process groups for job control */
#define SYS_tcsetpgrp 34   /* moo: tcsetpgrp(fd, pgid), the group ^C at the console kills */
#define SYS_procinfo 35    /* moo: procinfo(slot, struct procinfo *), for ps */
#define SYS_lasterror 36   /* moo: lasterror(), the code of the caller's last failed call */

#endif
