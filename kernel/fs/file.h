/* Open files: the system-wide table of struct file shared by descriptors,
 * each file carrying the operations of its kind (inode, device or pipe end). */
#ifndef MOO_FILE_H
#define MOO_FILE_H

#include "lib/types.h"

struct file;
struct inode;
struct stat;

/* What one kind of open file does. An absent read, write or stat fails
 * with -EINVAL; release, when present, runs once the last reference is gone. */
struct file_ops {
  int (*read)(struct file *f, uintptr addr, int n);
  int (*write)(struct file *f, uintptr addr, int n);
  int (*stat)(struct file *f, struct stat *st);
  void (*release)(struct file *f);
};

/* refs is guarded by the table lock. The other fields are set up by whoever
 * allocated the file, before anyone else can see it, and fixed afterwards,
 * except off, which the inode's lock guards. */
struct file {
  const struct file_ops *ops; /* 0 until set up: closing it then only frees the slot */
  int refs;
  bool readable;
  bool writable;
  struct pipe *pipe; /* a pipe end */
  struct inode *ip;  /* an inode or a device */
  uint32 off;        /* an inode */
  int16 major;       /* a device */
};

extern const struct file_ops inode_file_ops;  /* file.c */
extern const struct file_ops device_file_ops; /* file.c */
extern const struct file_ops pipe_file_ops;   /* pipe.c */

/* A new, zeroed file with one reference and no ops, or 0 when the table is full. */
struct file *file_alloc(void);
/* A new open file on ip, locked and referenced by the caller: the file takes
 * that reference on success. -EISDIR or -EINVAL when ip may not be opened
 * with these open() flags, -ENFILE when the table is full. */
int file_open_inode(struct inode *ip, int flags, struct file **out);
/* Copies the file's struct stat to the user address; 0 or -E. */
int file_stat(struct file *f, uintptr addr);
/* Move n bytes between the file and a user address; count or -E. */
int file_read(struct file *f, uintptr addr, int n);
int file_write(struct file *f, uintptr addr, int n);

#endif
