# System-call stubs: each loads its call number (shared/ABI.md) into a7 and
# traps with ecall; arguments are already in a0..a5 and the result comes back in a0.
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

  syscall fork, 1
  syscall wait, 3
  syscall pipe, 4
  syscall read, 5
  syscall kill, 6
  syscall exec, 7
  syscall fstat, 8
  syscall chdir, 9
  syscall dup, 10
  syscall getpid, 11
  syscall sbrk, 12
  syscall sleep, 13
  syscall uptime, 14
  syscall open, 15
  syscall write, 16
  syscall mknod, 17
  syscall unlink, 18
  syscall link, 19
  syscall mkdir, 20
  syscall close, 21
  syscall getNumFreePages, 22
  syscall getNumVirtPages, 23
  syscall getNumPhysPages, 24
  syscall getNumPTPages, 25
  syscall dedup, 26
  syscall memstat, 27

# exit never returns; should the kernel ever come back, trap again.
  .globl exit
  .type exit, @function
exit:
  li a7, 2
1:
  ecall
  j 1b
  .size exit, . - exit
