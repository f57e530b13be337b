/* The parts of the user API where x86 xv6 differs from xv6-riscv: 32-bit
 * pointers, exit() and wait() without arguments
 * (a process has no exit status there), and printf(fd, fmt, ...). */
#ifndef MOO_USER_ABI_H
#define MOO_USER_ABI_H

typedef unsigned long long uint64;
typedef unsigned long uintptr; /* %lx prints it on both architectures */
typedef unsigned int pde_t;    /* x86 xv6 types.h names it */

int exit(void) __attribute__((noreturn));
int wait(void);
void printf(int fd, const char *, ...) __attribute__((format(printf, 2, 3)));

#endif
