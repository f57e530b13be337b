/* Directories and path names inside kernel/fs. Directory functions take
 * the directory locked; names are cut to DIRSIZ bytes as they are used. */
#ifndef MOO_DIR_H
#define MOO_DIR_H

#include "fs/inode.h"

/* The inode named name in dp (referenced, unlocked) and, when offp is not 0,
 * the entry's offset; 0 when there is none or the inode table is full. */
struct inode *dir_lookup(struct inode *dp, const char *name, uint32 *offp);
/* Adds the entry (name, inum) to dp; 0, -EEXIST or -ENOSPC. Needs an operation. */
int dir_link(struct inode *dp, const char *name, uint32 inum);
/* Clears the entry at off. Needs an operation. */
int dir_unlink_at(struct inode *dp, uint32 off);
/* True when dp has no entries but "." and "..". */
bool dir_is_empty(struct inode *dp);

/* The parent directory of the last component of path (referenced, unlocked),
 * with that component in name; 0 when there is none. */
struct inode *path_lookup_parent(const char *path, char name[DIRSIZ + 1]);

#endif
