/* Process groups and the console's foreground group (pgrp.c): the system
 * calls behind job control and ^C, and procinfo (procinfo.c), which shows them. */
#ifndef MOO_PGRP_H
#define MOO_PGRP_H

#include "lib/types.h"

int64 sys_setpgid(void);   /* setpgid(pid, pgid) */
int64 sys_tcsetpgrp(void); /* tcsetpgrp(fd, pgid) */
int64 sys_procinfo(void);  /* procinfo(slot, struct procinfo *) */

#endif
