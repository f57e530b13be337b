/* Building a new program's first stack page from the top down: the pieces
 * each architecture's exec frame (arch/abi.h) is made of. */
#ifndef MOO_USTACK_H
#define MOO_USTACK_H

#include "lib/types.h"

struct aspace;

struct user_stack {
  struct aspace *as;
  uintptr sp;   /* lowest byte pushed so far */
  uintptr base; /* the page's bottom: nothing may go below it */
};

/* Copies len bytes just below sp, at an address aligned to align (a power of
 * two), and returns that address; 0 when they do not fit above base. */
uintptr ustack_push(struct user_stack *st, const void *data, size_t len, size_t align);

#endif
