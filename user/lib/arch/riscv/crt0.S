# Program entry: the kernel starts every user program at _start with argc in
# a0 and argv in a1; we call main(argc, argv) and _exit with what it returns.
  .section .text
  .globl _start
_start:
  li s0, 0            # no caller frame: backtraces stop here
  call main           # a0 = argc, a1 = argv, untouched since entry
  call _exit          # a0 = main's return value; _exit does not return
1:
  j 1b
