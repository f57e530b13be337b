/* Compatibility header for #include "kernel/stat.h": struct stat and the
 * T_DIR/T_FILE/T_DEVICE types come from user/lib/user.h (self-guarded). */
#include "../../lib/user.h"
