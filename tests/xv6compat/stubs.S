# System-call stubs for the xv6 compatibility program, written the way an old lab does:
# one label per call, number in a7, ecall, return. Independent of moo's user library.
.macro syscall name, number
.global \name
\name:
  li a7, \number
  ecall
  ret
.endm

syscall fork, 1
syscall exit, 2
syscall wait, 3
syscall write, 16
syscall getpid, 11
syscall sbrk, 12
syscall uptime, 14
