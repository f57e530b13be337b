/* kstat(struct kstat *): the system-wide counters the test runner compares
 * before and after every suite to find leaks. Shared with user programs. */
#ifndef MOO_KSTAT_H
#define MOO_KSTAT_H

struct kstat {
  unsigned long free_frames; /* frames on the free list */
  int live_procs;            /* process slots in use (zombies included) */
  int open_files;            /* entries of the system open-file table in use */
  int inodes;                /* in-memory inodes with references */
  int pad;
};

#endif
