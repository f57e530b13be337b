/* The layout memstat(pid, struct memstat *) fills: system frame counts and
 * one line per region of a process. Shared with user programs (free, pmap). */
#ifndef MOO_MEMSTAT_H
#define MOO_MEMSTAT_H

#define MEMSTAT_REGIONS 4 /* image, guard, stack, heap */

struct memstat_region {
  char name[8];
  unsigned long start, end; /* [start, end) */
  unsigned int virt;        /* pages in the range */
  unsigned int resident;    /* pages mapped to a frame */
  unsigned int shared;      /* of those, frames with other references */
  unsigned int cow;         /* of those, marked copy-on-write */
};

struct memstat {
  unsigned long total_frames, free_frames, shared_frames; /* whole system */
  int pid;
  int nregions;
  struct memstat_region region[MEMSTAT_REGIONS];
};

#endif
