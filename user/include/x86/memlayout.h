/* x86 xv6 programs' #include "memlayout.h": where user memory ends and what
 * the kernel half maps (docs/port-i386.md). */
#ifndef MOO_X86_MEMLAYOUT_H
#define MOO_X86_MEMLAYOUT_H

#define EXTMEM 0x100000     /* the kernel image starts here, physically */
#define PHYSTOP 0xE000000   /* physical memory the kernel uses */
#define DEVSPACE 0xFE000000 /* device registers and kernel stacks */
#define KERNBASE 0x80000000 /* first address a user may not touch */
#define KERNLINK (KERNBASE + EXTMEM)

#endif
