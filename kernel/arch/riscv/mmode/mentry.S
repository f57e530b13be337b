# The machine-mode layer's two ways in: mmode_entry, where QEMU starts every
# hart with -bios none (a0 = hart id, a1 = the device tree), and the trap vector.
#include "memlayout.h"

.section .text.mentry, "ax"
.globl mmode_entry
mmode_entry:
    # Harts beyond MMODE_MAX_HARTS have no stack: they stay parked, interrupts off.
    li t0, MMODE_MAX_HARTS
    bgeu a0, t0, 1f
    la sp, mmode_stacks
    li t0, MMODE_STACK_SIZE
    addi t1, a0, 1
    mul t0, t0, t1
    add sp, sp, t0              # top of this hart's machine stack
    csrw mscratch, sp           # where mtrap_vector finds it again
    la t0, mtrap_vector
    csrw mtvec, t0
    call mmode_start            # (hart, device tree); does not return
1:  wfi
    j 1b

# Every trap taken in machine mode comes here; nothing nests (MIE stays 0 in
# machine mode). mscratch holds this hart's stack top while a lower mode runs.
.section .text, "ax"
.balign 4
.globl mtrap_vector
mtrap_vector:
    csrrw sp, mscratch, sp      # sp: the machine stack; mscratch: the interrupted sp
    addi sp, sp, -256
    .irp n, 1,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
    sd x\n, \n*8(sp)
    .endr
    mv a0, sp
    call mtrap                  # may change the saved a0 and a1 (SBI results)
    .irp n, 1,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
    ld x\n, \n*8(sp)
    .endr
    addi sp, sp, 256
    csrrw sp, mscratch, sp
    mret

.section .bss
.balign 16
mmode_stacks:
    .space MMODE_STACK_SIZE * MMODE_MAX_HARTS
