/* Compatibility header for #include "kernel/memlayout.h": addresses user
 * tests probe to check they cannot reach kernel memory. */
#ifndef MOO_USER_MEMLAYOUT_H
#define MOO_USER_MEMLAYOUT_H

#include "riscv.h"

#define KERNBASE 0x80000000L                   /* physical RAM starts here */
#define PHYSTOP (KERNBASE + 128 * 1024 * 1024) /* 128 MiB machine */
#define TRAMPOLINE (MAXVA - PGSIZE)            /* top two user pages: kernel-only */
#define TRAPFRAME (TRAMPOLINE - PGSIZE)

#endif
