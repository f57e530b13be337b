# The trap vector (stvec) for traps from both modes, and the way back to user
# mode. No page table is switched: the kernel is mapped in every root.
#
# sscratch tells the two modes apart. In user mode it holds the top of the
# running process's kernel stack (arch_return_to_user sets it just before
# sret); in the kernel it holds 0. The user trap frame is the top TF_SIZE
# bytes of that stack (arch_tf_alloc), so the entry needs no other pointer.
#include "frames.h"
#include "params.h"

#define PANIC_STACK_SIZE 4096

.section .text
.cfi_sections .debug_frame
.balign 4
.globl trap_vector
trap_vector:
    # A debugger cannot unwind past a trap (the interrupted pc is in sepc):
    # the call frame information makes this the outermost frame.
    .cfi_startproc
    .cfi_undefined ra
    csrrw sp, sscratch, sp      # user: sp = kernel stack top, sscratch = user sp
    bnez sp, from_user
    # From the kernel: sp was 0, sscratch holds the interrupted sp.
    csrrw sp, sscratch, zero    # sp back, sscratch 0 again
    # An exception here is a kernel bug, and its stack may be the one that
    # ran into its guard page: it is reported from this hart's panic stack.
    # t0 is borrowed through sscratch to look at scause.
    csrw sscratch, t0
    csrr t0, scause
    bgez t0, kernel_exception   # bit 63 clear: an exception, not an interrupt
    csrrw t0, sscratch, zero    # t0 back, sscratch 0 again
    addi sp, sp, -KTRAP_SIZE
    sd ra, 0(sp)
    sd t0, 8(sp)
    sd t1, 16(sp)
    sd t2, 24(sp)
    sd t3, 32(sp)
    sd t4, 40(sp)
    sd t5, 48(sp)
    sd t6, 56(sp)
    sd a0, 64(sp)
    sd a1, 72(sp)
    sd a2, 80(sp)
    sd a3, 88(sp)
    sd a4, 96(sp)
    sd a5, 104(sp)
    sd a6, 112(sp)
    sd a7, 120(sp)
    call kernel_trap            # the s registers it keeps, as any C function
    ld ra, 0(sp)
    ld t0, 8(sp)
    ld t1, 16(sp)
    ld t2, 24(sp)
    ld t3, 32(sp)
    ld t4, 40(sp)
    ld t5, 48(sp)
    ld t6, 56(sp)
    ld a0, 64(sp)
    ld a1, 72(sp)
    ld a2, 80(sp)
    ld a3, 88(sp)
    ld a4, 96(sp)
    ld a5, 104(sp)
    ld a6, 112(sp)
    ld a7, 120(sp)
    addi sp, sp, KTRAP_SIZE
    sret

kernel_exception:
    csrw sscratch, zero         # in the kernel, for any trap during the report
    la sp, panic_stacks
    li t0, PANIC_STACK_SIZE
    addi t1, tp, 1
    mul t0, t0, t1
    add sp, sp, t0              # top of this hart's panic stack
    li s0, 0
    call kernel_fault           # does not return

from_user:
    addi sp, sp, -TF_SIZE       # sp = the trap frame
    sd x1, TF_REG(1)(sp)
    sd x3, TF_REG(3)(sp)
    sd x4, TF_REG(4)(sp)
    sd x5, TF_REG(5)(sp)
    sd x6, TF_REG(6)(sp)
    sd x7, TF_REG(7)(sp)
    sd x8, TF_REG(8)(sp)
    sd x9, TF_REG(9)(sp)
    sd x10, TF_REG(10)(sp)
    sd x11, TF_REG(11)(sp)
    sd x12, TF_REG(12)(sp)
    sd x13, TF_REG(13)(sp)
    sd x14, TF_REG(14)(sp)
    sd x15, TF_REG(15)(sp)
    sd x16, TF_REG(16)(sp)
    sd x17, TF_REG(17)(sp)
    sd x18, TF_REG(18)(sp)
    sd x19, TF_REG(19)(sp)
    sd x20, TF_REG(20)(sp)
    sd x21, TF_REG(21)(sp)
    sd x22, TF_REG(22)(sp)
    sd x23, TF_REG(23)(sp)
    sd x24, TF_REG(24)(sp)
    sd x25, TF_REG(25)(sp)
    sd x26, TF_REG(26)(sp)
    sd x27, TF_REG(27)(sp)
    sd x28, TF_REG(28)(sp)
    sd x29, TF_REG(29)(sp)
    sd x30, TF_REG(30)(sp)
    sd x31, TF_REG(31)(sp)
    csrr t0, sscratch
    sd t0, TF_REG(2)(sp)        # the user sp
    csrw sscratch, zero         # in the kernel from here on
    csrr t0, sepc
    sd t0, TF_EPC(sp)
    ld tp, TF_HART(sp)          # the kernel keeps the hart id in tp
    mv a0, sp
    li s0, 0                    # no frame pointer chain into user space
    call user_trap              # does not return (it ends in resume_user)
    .cfi_endproc

# resume_user(tf): loads the user registers from tf and returns to user mode.
# arch_return_to_user has set sepc, sstatus and sscratch, interrupts are off,
# and tf is the top of the stack this runs on, so nothing here writes memory.
.globl resume_user
resume_user:
    ld x1, TF_REG(1)(a0)
    ld x2, TF_REG(2)(a0)
    ld x3, TF_REG(3)(a0)
    ld x4, TF_REG(4)(a0)
    ld x5, TF_REG(5)(a0)
    ld x6, TF_REG(6)(a0)
    ld x7, TF_REG(7)(a0)
    ld x8, TF_REG(8)(a0)
    ld x9, TF_REG(9)(a0)
    ld x11, TF_REG(11)(a0)
    ld x12, TF_REG(12)(a0)
    ld x13, TF_REG(13)(a0)
    ld x14, TF_REG(14)(a0)
    ld x15, TF_REG(15)(a0)
    ld x16, TF_REG(16)(a0)
    ld x17, TF_REG(17)(a0)
    ld x18, TF_REG(18)(a0)
    ld x19, TF_REG(19)(a0)
    ld x20, TF_REG(20)(a0)
    ld x21, TF_REG(21)(a0)
    ld x22, TF_REG(22)(a0)
    ld x23, TF_REG(23)(a0)
    ld x24, TF_REG(24)(a0)
    ld x25, TF_REG(25)(a0)
    ld x26, TF_REG(26)(a0)
    ld x27, TF_REG(27)(a0)
    ld x28, TF_REG(28)(a0)
    ld x29, TF_REG(29)(a0)
    ld x30, TF_REG(30)(a0)
    ld x31, TF_REG(31)(a0)
    ld x10, TF_REG(10)(a0)      # a0 last: it held tf
    sret

.section .bss
.balign 16
panic_stacks:
    .space PANIC_STACK_SIZE * NCPU
