# System-call stubs for the x86 compatibility program, written the way an x86 xv6 lab
# does: one label per call, the number in EAX, INT 64, return; the arguments stay on the
# caller's stack. Independent of moo's user library.
.macro syscall name, number
.globl \name
\name:
  movl $\number, %eax
  int $64
  ret
.endm

syscall fork, 1
syscall exit, 2
syscall wait, 3
syscall pipe, 4
syscall sleep, 13
syscall read, 5
syscall fstat, 8
syscall getpid, 11
syscall sbrk, 12
syscall uptime, 14
syscall open, 15
syscall write, 16
syscall unlink, 18
syscall close, 21
syscall getNumFreePages, 22
syscall getNumVirtPages, 23
syscall getNumPhysPages, 24
syscall getNumPTPages, 25
