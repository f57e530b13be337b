/* Compatibility header for #include "kernel/fs.h": the file-system facts a
 * user program can see: block size, file size limit, directory entries. */
#ifndef MOO_USER_FS_H
#define MOO_USER_FS_H

#include "../../lib/user.h"

#define ROOTINO 1  /* inode number of / */
#define BSIZE 1024 /* block size */
#define NDIRECT 12
#define NINDIRECT (BSIZE / sizeof(uint))
#define MAXFILE (NDIRECT + NINDIRECT) /* blocks a file is guaranteed to hold */
#define DIRSIZ 14                     /* name bytes in a directory entry */

/* One 16-byte entry as read from a directory; inum 0 marks an empty slot and
 * name is NUL-padded, without a terminator when DIRSIZ long. */
struct dirent {
  ushort inum;
  char name[DIRSIZ];
};

#endif
