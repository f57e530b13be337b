/* struct stat as RISC-V user programs see it (fstat): 24 bytes, natural
 * alignment. Shared by the kernel and user programs; plain C types only. */
#ifndef MOO_ABI_STAT_H
#define MOO_ABI_STAT_H

struct stat {
  int dev;                 /* disk device of the file system */
  unsigned int ino;        /* inode number */
  short type;              /* T_DIR, T_FILE or T_DEVICE */
  short nlink;             /* directory entries naming the inode */
  unsigned long long size; /* bytes */
};

_Static_assert(sizeof(struct stat) == 24, "struct stat is 24 bytes on RISC-V");

#endif
