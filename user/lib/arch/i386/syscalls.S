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

#include "../../syscalls.inc"

# exit and _exit return only if the kernel refuses, which it never does.
  syscall exit, SYS_exit
  syscall _exit, SYS__exit
