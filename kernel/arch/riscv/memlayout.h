/* moo's Sv39 virtual memory map, written once for C, assembly and the linker
 * script (kernel.ld is run through the C preprocessor): plain numbers only. */
#ifndef MOO_MEMLAYOUT_H
#define MOO_MEMLAYOUT_H

/* Sv39 translates 39-bit addresses: the lower half [0, 2^38) belongs to the
 * user, the upper half [2^64 - 2^38, 2^64) to the kernel, the same in every
 * root table. Each root entry spans one GiB. */
#define SV39_USER_END 0x4000000000 /* 2^38 */
#define USER_TOP 0x3fffffe000      /* the top two user pages stay unmapped */
#define ROOT_SPAN 0x40000000       /* 1 GiB */
#define ROOT_INDEX(va) (((va) >> 30) & 511)
#define ROOT_FIRST_KERNEL_INDEX 256 /* ROOT_INDEX(DIRECT_MAP_BASE) */

/* Physical memory seen at physical address + DIRECT_MAP_BASE, in 1 GiB pages
 * up to the end of RAM (device registers included); it ends where the GiB
 * holding the kernel image begins. */
#define DIRECT_MAP_BASE 0xffffffc000000000
#define KERNEL_GIB_BASE 0xffffffff80000000 /* image and kernel stacks: 4 KiB pages */
#define DIRECT_MAP_END KERNEL_GIB_BASE

/* OpenSBI loads the image at KERNEL_LOAD_PA; it is linked KERNEL_VIRT_OFFSET
 * above. Both sit at the same place in their GiB, so one 1 GiB page of the
 * boot table maps the image at either address. */
#define KERNEL_LOAD_PA 0x80200000
#define KERNEL_LINK_BASE 0xffffffff80200000
#define KERNEL_VIRT_OFFSET (KERNEL_LINK_BASE - KERNEL_LOAD_PA)

/* Kernel stacks, one slot per process, downwards from KSTACKS_TOP (one
 * unmapped page below the image): KSTACK_PAGES mapped pages, then an unmapped
 * guard page below them, all within the 2 MiB below the image. */
#define KSTACKS_TOP (KERNEL_LINK_BASE - 0x1000)
#define KSTACKS_FLOOR KERNEL_GIB_BASE

/* With -bios none QEMU starts every hart in machine mode at MMODE_BASE, where
 * moo's machine-mode layer (mmode/) sits, in a region supervisor mode may not
 * touch (one PMP entry: a power of two, aligned). Under OpenSBI the firmware
 * sits there instead, and moo-sbi.elf leaves the layer out. */
#define MMODE_BASE 0x80000000
#define MMODE_SIZE 0x20000
#define MMODE_MAX_HARTS 8
#define MMODE_STACK_SIZE 4096 /* per hart */

#define SATP_SV39 0x8000000000000000 /* satp.MODE = 8 */
#define BOOT_STACK_SIZE 16384        /* per hart, in the image's .bss */

#endif
