/* Compatibility header: xv6-riscv programs' #include "user/user.h" resolves
 * here and gets moo's user API from user/lib/user.h. */
#include "../../lib/user.h"
