/* Handlers of the memory system calls: statistics (22-25) and dedup (26). */
#ifndef MOO_SYSMEM_H
#define MOO_SYSMEM_H

#include "lib/types.h"

int64 sys_getNumFreePages(void);
int64 sys_getNumVirtPages(void);
int64 sys_getNumPhysPages(void);
int64 sys_getNumPTPages(void);
int64 sys_dedup(void);
void dedup_init(void); /* at boot, before the first dedup */
int64 sys_memstat(void);
int64 sys_faultinject(void);

#endif
