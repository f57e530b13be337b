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
  /* copy-on-write faults since boot (pages shared by fork or merged by dedup):
   * those that copied the frame, and those whose process was the frame's last
   * user and kept it, only made writable */
  unsigned long cow_copied;
  unsigned long cow_reused;
};

#endif
