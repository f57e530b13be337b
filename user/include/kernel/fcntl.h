/* Compatibility header for #include "kernel/fcntl.h": the O_* open flags
 * come from user/lib/user.h (self-guarded). */
#include "../../lib/user.h"
