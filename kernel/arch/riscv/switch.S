# Kernel thread switching: arch_switch saves the callee-saved registers of the
# running thread and resumes another; thread_start begins a new thread.
#include "frames.h"

.section .text
.cfi_sections .debug_frame
# arch_switch(from, to): the registers a C caller expects preserved go to
# *from (struct context), and *to's are loaded; `ret` resumes *to.
.globl arch_switch
arch_switch:
    sd ra, CTX_RA(a0)
    sd sp, CTX_SP(a0)
    sd s0, CTX_S(0)(a0)
    sd s1, CTX_S(1)(a0)
    sd s2, CTX_S(2)(a0)
    sd s3, CTX_S(3)(a0)
    sd s4, CTX_S(4)(a0)
    sd s5, CTX_S(5)(a0)
    sd s6, CTX_S(6)(a0)
    sd s7, CTX_S(7)(a0)
    sd s8, CTX_S(8)(a0)
    sd s9, CTX_S(9)(a0)
    sd s10, CTX_S(10)(a0)
    sd s11, CTX_S(11)(a0)
    ld ra, CTX_RA(a1)
    ld sp, CTX_SP(a1)
    ld s0, CTX_S(0)(a1)
    ld s1, CTX_S(1)(a1)
    ld s2, CTX_S(2)(a1)
    ld s3, CTX_S(3)(a1)
    ld s4, CTX_S(4)(a1)
    ld s5, CTX_S(5)(a1)
    ld s6, CTX_S(6)(a1)
    ld s7, CTX_S(7)(a1)
    ld s8, CTX_S(8)(a1)
    ld s9, CTX_S(9)(a1)
    ld s10, CTX_S(10)(a1)
    ld s11, CTX_S(11)(a1)
    ret

# A new thread's first `ret` lands here (arch_context_init), with its entry
# function in s1. Its call frame information marks it as the outermost frame
# and it clears the frame pointer, so a debugger's backtrace ends here.
.globl thread_start
thread_start:
    .cfi_startproc
    .cfi_undefined ra
    li s0, 0
    jalr s1                     # the entry function never returns
    unimp
    .cfi_endproc
