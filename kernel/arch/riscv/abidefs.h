/* Facts of the RISC-V user ABI (xv6-riscv programs) that machine-independent
 * code needs as constants: the executable format, exit/wait, the tick rate. */
#ifndef MOO_ABIDEFS_H
#define MOO_ABIDEFS_H

#define ABI_ELF_CLASS 2     /* ELF64 */
#define ABI_ELF_MACHINE 243 /* EM_RISCV */
#define ABI_EXIT_ARGS 1     /* exit(status) */
#define ABI_WAIT_ARGS 1     /* wait(int *status) */
#define TICK_HZ 10          /* timer ticks a second, as sleep() and uptime() count them */

#endif
