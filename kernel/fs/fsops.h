/* Operations on the name space (create, unlink, link, chdir) behind the
 * file system calls. Each must run inside fs_op_begin/fs_op_end. */
#ifndef MOO_FSOPS_H
#define MOO_FSOPS_H

#include "fs/inode.h"

/* Makes path a new inode of type (major/minor for devices). Creating a file
 * where a file or device already exists yields the existing one. On success
 * *out is referenced and locked; returns 0 or -E. */
int fs_create(const char *path, int16 type, int16 major, int16 minor, struct inode **out);
/* Removes the entry path; not "." or "..", nor a directory with entries. */
int fs_unlink(const char *path);
/* Makes new_path name what old_path names (not a directory). */
int fs_link(const char *old_path, const char *new_path);
/* Makes path the calling process's current directory. */
int fs_chdir(const char *path);

#endif
