/* struct stat as user programs see it (fstat); 24 bytes, layout fixed by
 * the ABI. */
#ifndef MOO_STAT_H
#define MOO_STAT_H

#include "lib/types.h"

struct stat {
  int dev;     /* disk device of the file system */
  uint ino;    /* inode number */
  short type;  /* T_DIR, T_FILE or T_DEVICE */
  short nlink; /* directory entries naming the inode */
  uint64 size; /* bytes */
};

_Static_assert(sizeof(struct stat) == 24, "struct stat is 24 bytes");

#endif
