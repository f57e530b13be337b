/* The record procinfo(slot, struct procinfo *) fills for one process-table
 * slot: what ps prints. Shared with user programs. */
#ifndef MOO_PROCINFO_H
#define MOO_PROCINFO_H

#define PROCINFO_SLEEPING 1
#define PROCINFO_RUNNABLE 2
#define PROCINFO_RUNNING 3
#define PROCINFO_ZOMBIE 4

struct procinfo {
  int pid;
  int ppid;       /* 0 for init */
  int pgid;       /* process group */
  int state;      /* PROCINFO_* */
  int foreground; /* 1 when pgid is the console's foreground group (^C kills it) */
  int pad;
  unsigned long size; /* bytes of user memory */
  char name[16];
};

#endif
