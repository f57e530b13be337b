/* struct stat as x86 xv6 programs see it (fstat): 20 bytes, type first.
 * Shared by the kernel and user programs; plain C types only. */
#ifndef MOO_ABI_STAT_H
#define MOO_ABI_STAT_H

struct stat {
  short type;        /* T_DIR, T_FILE or T_DEVICE */
  int dev;           /* disk device of the file system */
  unsigned int ino;  /* inode number */
  short nlink;       /* directory entries naming the inode */
  unsigned int size; /* bytes */
};

_Static_assert(sizeof(struct stat) == 20, "struct stat is 20 bytes on i386");

#endif
