# Secondary-CPU start code. boot.c copies the bytes between ap_start and
# ap_start_end to physical AP_START_PA (0x7000) and fills in the start block at
# its end; a STARTUP IPI then begins each CPU in real mode at 0x0700:0000. The
# CPUs may run this together: each takes its own stack slot from the block.

#include "bootpaging.h"

#define AP_START_PA 0x7000
#define HERE(sym) (sym - ap_start + AP_START_PA)
#define CR0_PE 0x00000001

.section .rodata
.code16
.globl ap_start
ap_start:
    cli
    xorw %ax, %ax
    movw %ax, %ds
    lgdtl HERE(ap_gdt_desc)
    movl %cr0, %eax
    orl $CR0_PE, %eax
    movl %eax, %cr0
    ljmpl $8, $HERE(ap_protected)

.code32
ap_protected:
    movw $16, %ax
    movw %ax, %ds
    movw %ax, %es
    movw %ax, %ss
    # the boot directory maps this page at 0 and the kernel at KERNBASE
    boot_paging_on
    movl $1, %eax
    lock xaddl %eax, HERE(ap_block_next_slot)
    cmpl HERE(ap_block_slots), %eax
    jae ap_park                # more CPUs than stacks: this one stays out
    incl %eax                  # the slot's stack grows down from its end
    imull HERE(ap_block_stack_size), %eax
    addl HERE(ap_block_stacks), %eax
    movl %eax, %esp
    jmp *HERE(ap_block_entry)
ap_park:
    cli
    hlt
    jmp ap_park

# A flat code and data segment, only for getting here; cpu.c loads the real GDT.
.balign 8
ap_gdt:
    .quad 0
    .quad 0x00CF9A000000FFFF   # code: base 0, limit 4 GiB, ring 0
    .quad 0x00CF92000000FFFF   # data
ap_gdt_desc:
    .word ap_gdt_desc - ap_gdt - 1
    .long HERE(ap_gdt)

# The start block: struct ap_start_block in boot.c, field for field.
.balign 4
.globl ap_block
ap_block:
ap_block_next_slot:
    .long 0                    # the next free stack slot (slot 0 is the boot CPU's)
ap_block_slots:
    .long 0                    # how many slots there are
ap_block_stacks:
    .long 0                    # the first slot's lowest address (virtual)
ap_block_stack_size:
    .long 0
ap_block_entry:
    .long 0                    # where to go once paged and on a stack (virtual)
.globl ap_start_end
ap_start_end:
