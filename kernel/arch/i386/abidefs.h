/* Facts of the x86 xv6 user ABI that machine-independent code needs as
 * constants: the executable format, exit/wait, the tick rate. */
#ifndef MOO_ABIDEFS_H
#define MOO_ABIDEFS_H

#define ABI_ELF_CLASS 1   /* ELF32 */
#define ABI_ELF_MACHINE 3 /* EM_386 */
#define ABI_EXIT_ARGS 0   /* exit(void): a process has no exit status */
#define ABI_WAIT_ARGS 0   /* wait(void): nothing is written to the caller */
#define TICK_HZ 100       /* the local APIC timer's tick rate, calibrated in lapic.c */

#endif
