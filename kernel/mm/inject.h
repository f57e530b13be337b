/* Allocation-failure injection for testing: a process (and the children it
 * forks afterwards) can ask that frame allocations made for it fail. */
#ifndef MOO_INJECT_H
#define MOO_INJECT_H

#include "lib/types.h"

struct fault_inject {
  uint32 every; /* 0: off; otherwise fail one allocation in `every` */
  uint32 count; /* allocations seen, for the deterministic mode */
  uint64 rng;   /* 0: deterministic (every Nth); else xorshift state */
};

/* Consulted by frame_alloc: should this allocation fail? */
bool inject_alloc_failure(void);

#endif
