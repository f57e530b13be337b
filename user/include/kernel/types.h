/* Compatibility header for #include "kernel/types.h": the integer types live
 * in user/lib/user.h, which guards itself, so including both is harmless. */
#include "../../lib/user.h"
