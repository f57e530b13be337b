/* Copying between kernel memory and a user address space. Writes go through
 * as_fault, so copy-on-write pages are resolved exactly as a user store. */
#ifndef MOO_UACCESS_H
#define MOO_UACCESS_H

#include "mm/aspace.h"

/* 0 on success, -EFAULT on a bad address, -ENOMEM when a copy cannot be made. */
int copyout(struct aspace *as, uintptr dst, const void *src, size_t n);
int copyin(struct aspace *as, void *dst, uintptr src, size_t n);
/* Copies a NUL-terminated string of at most max bytes including the NUL;
 * returns its length, or -EFAULT, or -ENAMETOOLONG when no NUL fits. */
int copyinstr(struct aspace *as, char *dst, uintptr src, size_t max);

/* For code serving both kernel and user buffers (file and device reads and
 * writes): user selects the current process's address space or kernel memory. */
int copy_to_either(bool user, uintptr dst, const void *src, size_t n);
int copy_from_either(void *dst, bool user, uintptr src, size_t n);

#endif
