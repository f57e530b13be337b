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

#include "../../syscalls.inc"

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
