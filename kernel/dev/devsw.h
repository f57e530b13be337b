/* Character devices reachable through device files, indexed by major number.
 * read/write move n bytes to/from a user or kernel address; return count or -E. */
#ifndef MOO_DEVSW_H
#define MOO_DEVSW_H

#include "lib/types.h"
#include "params.h"

struct devsw {
  int (*read)(bool user, uintptr dst, int n);
  int (*write)(bool user, uintptr src, int n);
};

extern struct devsw devsw[NDEV];

#define DEV_CONSOLE 1

#endif
