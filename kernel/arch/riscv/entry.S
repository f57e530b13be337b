# The one kernel entry point, for every hart: OpenSBI starts the boot hart
# here, and boot.c starts the others here too (see riscv_entry for why).
# Paging is off and a0 = hart id; a1 = the device tree on the boot hart.
#include "memlayout.h"
#include "params.h"

.section .text.entry
.globl _start
_start:
    # Switch to the boot table (bootmap.c), which maps the image both here,
    # at its load address, and at its link address. `la` is pc-relative, so
    # it yields the physical address while the kernel runs where it was loaded.
    la t0, boot_root
    srli t0, t0, 12
    li t1, SATP_SV39
    or t0, t0, t1
    sfence.vma zero, zero
    csrw satp, t0
    sfence.vma zero, zero       # nothing cached from before may be used
    # Continue at the link address: the same code, KERNEL_VIRT_OFFSET higher.
    la t0, linked
    li t1, KERNEL_VIRT_OFFSET
    add t0, t0, t1
    jr t0

# From here on the code runs at its link address. The call frame information
# marks this as the outermost frame, so a debugger's backtrace stops here.
.cfi_sections .debug_frame
linked:
    .cfi_startproc
    .cfi_undefined ra
    # Harts beyond NCPU have no stack: they stay parked.
    li t0, NCPU
    bgeu a0, t0, park
    mv tp, a0                   # the kernel keeps the hart id in tp
    la sp, boot_stacks          # now a link address: pc is
    li t0, BOOT_STACK_SIZE
    addi t1, a0, 1
    mul t0, t0, t1
    add sp, sp, t0              # top of this hart's boot stack
    li s0, 0                    # no frame pointer chain above this
    call riscv_entry            # does not return
park:
    wfi
    j park
    .cfi_endproc

.section .bss
.balign 16
.globl boot_stacks
boot_stacks:
    .space BOOT_STACK_SIZE * NCPU
