/* The user ABI each architecture implements in kernel/arch/<arch>/abi.c: how
 * a system call's arguments are fetched and the frame a new program starts with. */
#ifndef MOO_ABI_H
#define MOO_ABI_H

/* per-arch: ABI_ELF_CLASS, ABI_ELF_MACHINE, ABI_EXIT_ARGS, ABI_WAIT_ARGS, TICK_HZ */
#include "abidefs.h"
#include "lib/types.h"

struct aspace;
struct trapframe;
struct user_stack;

#define SYSCALL_MAX_ARGS 6

/* Fetches the first n arguments of the system call that trapped with tf into
 * args. 0, or -EFAULT when one cannot be read (the call must then fail). */
int abi_syscall_args(struct trapframe *tf, struct aspace *as, int n, uint64 args[]);

/* Lays out argv (at most MAXARG strings) on the new image's stack and sets tf
 * to enter it at entry with the registers the ABI's main expects. Returns the
 * value exec's system call returns (it lands in a register the program may
 * read), or -E2BIG when the arguments do not fit. */
int64 abi_exec_frame(struct user_stack *st, char **argv, uintptr entry, struct trapframe *tf);

#endif
