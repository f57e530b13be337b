# System-call stubs for the x86 ABI: each puts its call number in EAX and
# executes INT 0x40. The arguments stay where the caller pushed them: the
# kernel reads argument n at [ESP + 4 + 4n], above this stub's return address.
# The result comes back in EAX; every other register is preserved.
#include "../../../../kernel/proc/sysnum.h"
  .text

# syscall NAME, NUMBER: defines the global function NAME.
  .macro syscall name, number
  .globl \name
  .type \name, @function
\name:
  movl $\number, %eax
  int $0x40
  ret
  .size \name, . - \name
  .endm

  syscall fork, SYS_fork
  syscall exit, SYS_exit
  syscall wait, SYS_wait
  syscall pipe, SYS_pipe
  syscall read, SYS_read
  syscall kill, SYS_kill
  syscall exec, SYS_exec
  syscall fstat, SYS_fstat
  syscall chdir, SYS_chdir
  syscall dup, SYS_dup
  syscall getpid, SYS_getpid
  syscall sbrk, SYS_sbrk
  syscall sleep, SYS_sleep
  syscall uptime, SYS_uptime
  syscall open, SYS_open
  syscall write, SYS_write
  syscall mknod, SYS_mknod
  syscall unlink, SYS_unlink
  syscall link, SYS_link
  syscall mkdir, SYS_mkdir
  syscall close, SYS_close
  syscall getNumFreePages, SYS_getNumFreePages
  syscall getNumVirtPages, SYS_getNumVirtPages
  syscall getNumPhysPages, SYS_getNumPhysPages
  syscall getNumPTPages, SYS_getNumPTPages
  syscall dedup, SYS_dedup
  syscall memstat, SYS_memstat
  syscall faultinject, SYS_faultinject
  syscall kstat, SYS_kstat
  syscall waitpid, SYS_waitpid
  syscall poweroff, SYS_poweroff
  syscall setpgid, SYS_setpgid
  syscall tcsetpgrp, SYS_tcsetpgrp
  syscall procinfo, SYS_procinfo
  syscall _exit, SYS__exit
