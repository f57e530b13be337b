/* Copies between the kernel and user address spaces, one page at a time,
 * each page made accessible by the fault path and copied under the aspace lock. */
#include "mm/uaccess.h"
#include "lib/errno.h"
#include "lib/string.h"
#include "proc/proc.h"

/* Calls fn on each page piece of [va, va+n) with its kernel address. */
static int for_each_user_piece(struct aspace *as, uintptr va, size_t n, enum access access,
                               void (*fn)(void *kva, size_t len, void *arg), void *arg) {
  if (va + n < va)
    return -EFAULT;
  while (n > 0) {
    uintptr page = PAGE_ROUND_DOWN(va);
    size_t len = MIN(n, page + PAGE_SIZE - va);
    uintptr pa;
    spin_lock(&as->lock);
    int err = as_fault_locked(as, va, access, &pa);
    if (!err)
      fn((char *)arch_pa_to_kva(pa) + (va - page), len, arg);
    spin_unlock(&as->lock);
    if (err)
      return err;
    va += len;
    n -= len;
  }
  return 0;
}

static void piece_out(void *kva, size_t len, void *arg) {
  const char **src = arg;
  memcpy(kva, *src, len);
  *src += len;
}

static void piece_in(void *kva, size_t len, void *arg) {
  char **dst = arg;
  memcpy(*dst, kva, len);
  *dst += len;
}

int copyout(struct aspace *as, uintptr dst, const void *src, size_t n) {
  const char *cursor = src;
  return for_each_user_piece(as, dst, n, ACCESS_WRITE, piece_out, &cursor);
}

int copyin(struct aspace *as, void *dst, uintptr src, size_t n) {
  char *cursor = dst;
  return for_each_user_piece(as, src, n, ACCESS_READ, piece_in, &cursor);
}

int copyinstr(struct aspace *as, char *dst, uintptr src, size_t max) {
  for (size_t i = 0; i < max; i++) {
    int err = copyin(as, &dst[i], src + i, 1);
    if (err)
      return err;
    if (dst[i] == 0)
      return (int)i;
  }
  return -ENAMETOOLONG;
}

int copy_to_either(bool user, uintptr dst, const void *src, size_t n) {
  if (user)
    return copyout(&myproc()->as, dst, src, n);
  memmove((void *)dst, src, n);
  return 0;
}

int copy_from_either(void *dst, bool user, uintptr src, size_t n) {
  if (user)
    return copyin(&myproc()->as, dst, src, n);
  memmove(dst, (const void *)src, n);
  return 0;
}
