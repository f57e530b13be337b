/* Open files: the system-wide table of struct file shared by descriptors,
 * and reading, writing and stat on any kind of open file. */
#ifndef MOO_FILE_H
#define MOO_FILE_H

#include "lib/types.h"

enum file_kind { FILE_NONE, FILE_INODE, FILE_DEVICE, FILE_PIPE };

/* refs is guarded by the table lock; the other fields are fixed while the
 * file is open, except off, which the inode's lock guards. */
struct file {
  enum file_kind kind;
  int refs;
  bool readable;
  bool writable;
  struct pipe *pipe; /* FILE_PIPE */
  struct inode *ip;  /* FILE_INODE and FILE_DEVICE */
  uint32 off;        /* FILE_INODE */
  int16 major;       /* FILE_DEVICE */
};

/* A new file with one reference and kind FILE_NONE, or 0 when the table is full. */
struct file *file_alloc(void);
/* Copies the file's struct stat to the user address; 0 or -E. */
int file_stat(struct file *f, uintptr addr);
/* Move n bytes between the file and a user address; count or -E. */
int file_read(struct file *f, uintptr addr, int n);
int file_write(struct file *f, uintptr addr, int n);

#endif
