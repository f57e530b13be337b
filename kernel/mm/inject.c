/* Allocation-failure injection: the policy attached to the running process
 * decides, deterministically or from a seeded generator, which allocations fail. */
#include "mm/inject.h"
#include "mm/sysmem.h"
#include "proc/proc.h"
#include "proc/syscall.h"

static uint64 xorshift(uint64 *state) {
  uint64 x = *state;
  x ^= x << 13;
  x ^= x >> 7;
  x ^= x << 17;
  *state = x;
  return x;
}

bool inject_alloc_failure(void) {
  struct proc *p = myproc();
  if (!p || p->inject.every == 0)
    return false;
  struct fault_inject *f = &p->inject;
  if (f->rng)
    return xorshift(&f->rng) % f->every == 0;
  return ++f->count % f->every == 0;
}

/* faultinject(every, seed): every 0 turns injection off for the caller. */
int64 sys_faultinject(void) {
  int every = sysarg_int(0);
  int seed = sysarg_int(1);
  if (every < 0)
    return -1;
  struct proc *p = myproc();
  p->inject.every = every;
  p->inject.count = 0;
  p->inject.rng = seed ? (uint64)(uint32)seed * 0x9e3779b97f4a7c15ULL | 1 : 0;
  return 0;
}
