/* Turning paging on with the boot directory, shared by the boot CPU's entry
 * (entry.S) and the secondary CPUs' start code (ap_start.S); assembly only. */
#ifndef I386_BOOTPAGING_H
#define I386_BOOTPAGING_H

#define KERNBASE 0x80000000
#define CR0_PG 0x80000000
#define CR0_WP 0x00010000 /* the kernel's writes honour read-only entries too */
#define CR4_PSE 0x00000010

/* Assembler from here on, which clang-format would read as C: */
/* clang-format off */
# boot_paging_on: 4 MiB pages allowed, CR3 = the boot directory (whose 4 MiB
# pages map low memory both at 0 and at KERNBASE, so the next instruction
# fetch still works), then paging and write protection on. Clobbers EAX.
  .macro boot_paging_on
    movl %cr4, %eax
    orl $CR4_PSE, %eax
    movl %eax, %cr4
    movl $(boot_dir - KERNBASE), %eax
    movl %eax, %cr3
    movl %cr0, %eax
    orl $(CR0_PG | CR0_WP), %eax
    movl %eax, %cr0
  .endm
/* clang-format on */

#endif
