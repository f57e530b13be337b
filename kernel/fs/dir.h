/* Directories inside kernel/fs. Each function takes the directory locked;
 * names are cut to DIRSIZ bytes as they are used. */
#ifndef MOO_DIR_H
#define MOO_DIR_H

#include "fs/inode.h"

/*
 * A directory is removed when its last link goes (nlink 0: no entry names
 * it, and it lives on only as someone's current directory or open file).
 * Removal empties it, and a removed directory takes no entries: nothing in it
 * can name another inode, which may by then be freed or reused.
 */
bool dir_is_removed(struct inode *dp);
/* The inode named name in dp, referenced and unlocked, in *out, and the
 * entry's offset in *offp when offp is not 0. 0, -ENOTDIR (dp is not a
 * directory), -ENOENT (no such entry, or dp is removed), -ENFILE (no room
 * in the inode table). */
int dir_lookup(struct inode *dp, const char *name, struct inode **out, uint32 *offp);
/* Adds the entry (name, inum) to dp; 0, -ENOTDIR, -ENOENT (dp removed),
 * -EEXIST or -ENOSPC. Needs an operation. */
int dir_link(struct inode *dp, const char *name, uint32 inum);
/* Writes the "." and ".." entries of a new, empty directory; 0 or -ENOSPC.
 * Needs an operation. */
int dir_init(struct inode *dp, uint32 parent_inum);
/* Clears the entry at off. Needs an operation. */
int dir_unlink_at(struct inode *dp, uint32 off);
/* True when dp has no entries but "." and "..". */
bool dir_is_empty(struct inode *dp);

#endif
