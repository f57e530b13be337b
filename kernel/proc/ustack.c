/* The new program's stack page, filled from the top down through copyout,
 * so copy-on-write and bad addresses are handled like any user write. */
#include "proc/ustack.h"
#include "mm/uaccess.h"

uintptr ustack_push(struct user_stack *st, const void *data, size_t len, size_t align) {
  if (st->sp - st->base < len)
    return 0;
  uintptr at = (st->sp - len) & ~(uintptr)(align - 1);
  if (at < st->base || copyout(st->as, at, data, len) < 0)
    return 0;
  st->sp = at;
  return at;
}
