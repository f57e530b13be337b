# Kernel entry points. OpenSBI jumps to _start on the boot hart in S-mode
# with a0 = hart id and a1 = device tree; secondaries enter at secondary_entry.
#include "params.h"

#define BOOT_STACK_SIZE 16384

.section .text.boot
.globl _start
_start:
    # Give each hart its own boot stack: boot_stacks + (hartid+1)*size.
    mv tp, a0
    la sp, boot_stacks
    li t0, BOOT_STACK_SIZE
    addi t1, a0, 1
    mul t0, t0, t1
    add sp, sp, t0
    call riscv_boot_main
1:  wfi
    j 1b

.globl secondary_entry
secondary_entry:
    mv tp, a0
    la sp, boot_stacks
    li t0, BOOT_STACK_SIZE
    addi t1, a0, 1
    mul t0, t0, t1
    add sp, sp, t0
    call riscv_secondary_main
2:  wfi
    j 2b

.section .bss
.balign 16
.globl boot_stacks
boot_stacks:
    .space BOOT_STACK_SIZE * NCPU
