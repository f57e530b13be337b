# Secondary-CPU start code. boot.c copies the bytes between ap_start and
# ap_start_end to physical AP_START_PA (0x7000) and sends each CPU a STARTUP
# IPI pointing there: the CPU begins in real mode at 0x0700:0000. The word
# just below 0x7000 holds the top of the CPU's boot stack (virtual).

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
    movl (AP_START_PA - 4), %esp
    movl $ap_entry_high, %eax
    jmp *%eax

# A flat code and data segment, only for getting here; cpu.c loads the real GDT.
.balign 8
ap_gdt:
    .quad 0
    .quad 0x00CF9A000000FFFF   # code: base 0, limit 4 GiB, ring 0
    .quad 0x00CF92000000FFFF   # data
ap_gdt_desc:
    .word ap_gdt_desc - ap_gdt - 1
    .long HERE(ap_gdt)
.globl ap_start_end
ap_start_end:
