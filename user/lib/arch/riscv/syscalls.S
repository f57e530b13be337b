# System-call stubs: each loads its call number (docs/abi.md) into a7 and
# traps with ecall; arguments are already in a0..a5 and the result comes back in a0.
#include "../../../../kernel/proc/sysnum.h"
  .section .text

# syscall NAME, NUMBER: defines the global function NAME.
  .macro syscall name, number
  .globl \name
  .type \name, @function
\name:
  li a7, \number
  ecall
  ret
  .size \name, . - \name
  .endm

  syscall fork, SYS_fork
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

# exit never returns; should the kernel ever come back, trap again.
  .globl exit
  .type exit, @function
exit:
  li a7, SYS_exit
1:
  ecall
  j 1b
  .size exit, . - exit

  .globl _exit
  .type _exit, @function
_exit:
  li a7, SYS__exit
1:
  ecall
  j 1b
  .size _exit, . - _exit
