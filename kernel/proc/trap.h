/* What the arch trap code calls: the machine-independent handling of traps
 * from user mode, and of timer ticks from either mode. */
#ifndef MOO_TRAP_H
#define MOO_TRAP_H

#include "mm/aspace.h" /* enum access */

void trap_syscall(void);
void trap_user_fault(uintptr va, enum access access, uintptr pc);
/* Any other exception from user mode: a one-line diagnostic, and the process dies. */
void trap_user_exception(const char *what, uintptr pc, uintptr value);
void trap_timer(void);
/* Handles a pending kill, then resumes the process in user mode. */
void trap_user_return(void) __attribute__((noreturn));

#endif
