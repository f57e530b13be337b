/* x86 xv6 programs' #include "syscall.h": the system-call numbers. */
#include "../../../kernel/proc/sysnum.h"
