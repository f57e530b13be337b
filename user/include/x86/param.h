/* x86 xv6 programs' #include "param.h": the kernel's limits. */
#include "../kernel/param.h"
