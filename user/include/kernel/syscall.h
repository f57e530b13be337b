/* Compatibility header for #include "kernel/syscall.h": the system-call
 * numbers, taken from the kernel's own list. */
#include "../../../kernel/proc/sysnum.h"
