# Kernel entry from a Multiboot loader (QEMU -kernel, or moo.img's boot sector): 32-bit
# protected mode, paging off, EBX = physical address of the Multiboot information. Another
# ELF loader (x86 xv6's boot block) enters the same way without EAX's magic.
#include "params.h"

#include "bootpaging.h"
#define BOOT_STACK_SIZE 16384
#define PDE_4M 0x83 /* present, writable, 4 MiB page */
#define PDE_UNCACHED 0x18 /* PCD | PWT */

# Frames of the entry code are the outermost a debugger should show: their
# return address is marked undefined (DWARF register 8 is EIP on i386).
.cfi_sections .debug_frame

# The Multiboot v1 header: magic, flags (page-aligned modules, memory
# information wanted), checksum. It must lie in the first 8 KiB of the file.
.section .multiboot, "a"
.balign 4
    .long 0x1BADB002
    .long 0x00000003
    .long -(0x1BADB002 + 0x00000003)

.section .text.boot, "ax"
.globl _start
_start:
    movl %eax, %esi          # the loader's magic (0x2BADB002 from a Multiboot loader)
    # Paging on with the boot directory: its 4 MiB pages map the first 4 MiB
    # at 0 (this code, until the jump below) and all of kernel memory at KERNBASE.
    boot_paging_on
    movl $linked, %eax
    jmp *%eax

# From here on the kernel runs at its link address.
linked:
    .cfi_startproc
    .cfi_undefined 8
    movl $(boot_stacks + BOOT_STACK_SIZE), %esp
    xorl %ebp, %ebp          # no caller frame: backtraces stop here
    pushl %ebx               # multiboot information, physical
    pushl %esi
    call i386_boot_main
2:
    hlt
    jmp 2b
    .cfi_endproc

# Secondary CPUs arrive here from ap_start.S, paged with the boot directory,
# with ESP already on their boot stack.
.globl ap_entry_high
ap_entry_high:
    .cfi_startproc
    .cfi_undefined 8
    xorl %ebp, %ebp
    call i386_secondary_main
3:
    hlt
    jmp 3b
    .cfi_endproc

.section .data
.balign 4096
.globl boot_dir
boot_dir:
    .long PDE_4M             # [0, 4 MiB) identity, for the jump above and for ap_start
    .fill 511, 4, 0
    .set pa, 0
    .rept 56                 # [KERNBASE, KERNBASE + 224 MiB) -> [0, 224 MiB)
    .long pa | PDE_4M
    .set pa, pa + 0x400000
    .endr
    .fill 1024 - 512 - 56 - 8, 4, 0
    .set pa, 0xFE000000
    .rept 8                  # [0xFE000000, 2^32) identity: LAPIC and IOAPIC, uncached
    .long pa | PDE_4M | PDE_UNCACHED
    .set pa, pa + 0x400000
    .endr

.section .bss
.balign 4096
.globl boot_stacks
boot_stacks:
    .space BOOT_STACK_SIZE * NCPU
