/* Compatibility header for #include "kernel/param.h": the kernel's limits,
 * plus the names xv6 programs use for some of them. */
#ifndef MOO_USER_PARAM_H
#define MOO_USER_PARAM_H

#include "../../../kernel/params.h"

#define LOGSIZE LOGBLOCKS
#define FSSIZE FSBLOCKS
#define USERSTACK 1 /* user stack pages */

#endif
