/* x86 xv6 programs' #include "traps.h": the vectors a program can name. */
#ifndef MOO_X86_TRAPS_H
#define MOO_X86_TRAPS_H

#define T_DIVIDE 0   /* divide error */
#define T_ILLOP 6    /* invalid opcode */
#define T_GPFLT 13   /* general protection */
#define T_PGFLT 14   /* page fault */
#define T_SYSCALL 64 /* INT 0x40: the only vector user code may raise */
#define T_IRQ0 32    /* ISA IRQ n arrives at T_IRQ0 + n */

#endif
