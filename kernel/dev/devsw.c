/* The character-device switch: read/write entry points by major number.
 * Drivers fill their slot at init (console_init sets DEV_CONSOLE). */
#include "dev/devsw.h"

struct devsw devsw[NDEV];
