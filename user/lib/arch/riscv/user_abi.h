/* The parts of the user API where xv6-riscv differs from x86 xv6: the
 * 64-bit types, exit(status), wait(&status) and printf(fmt, ...). */
#ifndef MOO_USER_ABI_H
#define MOO_USER_ABI_H

typedef unsigned long uint64;
typedef unsigned long uintptr;

int exit(int) __attribute__((noreturn));
int wait(int *);
void printf(const char *, ...) __attribute__((format(printf, 1, 2)));

#endif
