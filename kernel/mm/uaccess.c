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
    if (err > 0)
      err = 0; /* made accessible just now */
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

/* Copies bytes of one page piece until a NUL; arg tracks progress. */
struct str_copy {
  char *dst;
  size_t copied;
  bool found_nul;
};

static void piece_str(void *kva, size_t len, void *arg) {
  struct str_copy *sc = arg;
  const char *src = kva;
  for (size_t i = 0; i < len && !sc->found_nul; i++) {
    sc->dst[sc->copied] = src[i];
    if (src[i] == 0)
      sc->found_nul = true;
    else
      sc->copied++;
  }
}

int copyinstr(struct aspace *as, char *dst, uintptr src, size_t max) {
  struct str_copy sc = {dst, 0, false};
  while (!sc.found_nul && sc.copied < max) {
    uintptr va = src + sc.copied;
    size_t len = MIN(max - sc.copied, PAGE_ROUND_DOWN(va) + PAGE_SIZE - va);
    int err = for_each_user_piece(as, va, len, ACCESS_READ, piece_str, &sc);
    if (err)
      return err;
  }
  return sc.found_nul ? (int)sc.copied : -ENAMETOOLONG;
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
