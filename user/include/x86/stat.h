/* x86 xv6 programs' #include "stat.h": everything it names comes from moo's user
 * API (user/lib/user.h, which guards itself). Built only for ARCH=i386. */
#include "user.h"
