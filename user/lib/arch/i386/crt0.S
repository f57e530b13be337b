# Entry of moo's own programs on i386. exec starts a program as if main had
# been called: [ESP] a return address that faults, [ESP+4] argc, [ESP+8] argv.
# _start calls main(argc, argv) for real and passes its result to _exit.
  .text
  .globl _start
_start:
  xorl %ebp, %ebp        # no caller frame: backtraces stop here
  pushl 8(%esp)          # argv
  pushl 8(%esp)          # argc (ESP has moved by one word)
  call main
  pushl %eax
  call _exit             # does not return
1:
  jmp 1b
