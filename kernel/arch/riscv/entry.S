# Kernel entry points. OpenSBI jumps to _start on the boot hart in S-mode
# with a0 = hart id and a1 = device tree; secondaries enter at secondary_entry.
#include "params.h"

#define BOOT_STACK_SIZE 16384

.section .text.boot
.globl _start
_start:
    la ra, riscv_boot_main
    j enter_c

.globl secondary_entry
secondary_entry:
    la ra, riscv_secondary_main

# Gives hart a0 its own boot stack, boot_stacks + (a0+1) * size, keeps the
# hart id in tp, and jumps to the C function in ra with a0/a1 untouched.
enter_c:
    mv tp, a0
    la sp, boot_stacks
    li t0, BOOT_STACK_SIZE
    addi t1, a0, 1
    mul t0, t0, t1
    add sp, sp, t0
    jr ra

.section .bss
.balign 16
.globl boot_stacks
boot_stacks:
    .space BOOT_STACK_SIZE * NCPU
