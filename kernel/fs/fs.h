/* The file system as seen by the rest of the kernel: start-up, path lookup,
 * inode reads for exec, and the reference counting of inodes and open files. */
#ifndef MOO_FS_H
#define MOO_FS_H

#include "lib/types.h"

struct inode;
struct file;

void bcache_init(void);
void inode_table_init(void);
void file_table_init(void);
/* Mounts the root disk (replaying its log); needs process context. A disk that holds no
 * usable file system gets one line on the console and the machine is powered off. */
void fs_init(int dev);
struct fs_super;
/* Recognises the format of dev, fills *sb and replays the log: 0, or why it cannot. */
const char *fs_mount(uint32 dev, struct fs_super *sb);

/* The inode path names, referenced and unlocked, in *out; 0 or -E. */
int path_resolve(const char *path, struct inode **out);
struct inode *inode_dup(struct inode *ip);
/* Locks ip, reading it from disk first when needed: 0, or -EIO (not locked)
 * when the disk inode is free or damaged. Once an inode has been locked, it
 * stays loaded while referenced, and later locks return 0. */
__attribute__((warn_unused_result)) int inode_lock(struct inode *ip);
void inode_unlock(struct inode *ip);
/* Drops a reference; the last one to an inode with no links frees it, inside
 * the caller's operation or one of its own. Call with ip unlocked. */
void inode_put(struct inode *ip);
void inode_unlock_put(struct inode *ip);
bool inode_is_file(struct inode *ip); /* call with the inode locked */
uint32 inode_size(struct inode *ip);  /* bytes; call with the inode locked */
/* Reads n bytes at off into a user or kernel address; returns bytes read or -E. */
int inode_read(struct inode *ip, bool user, uintptr dst, uint32 off, uint32 n);

/* Brackets every operation that may write the disk (crash safety). */
void fs_op_begin(void);
void fs_op_end(void);

/* For leak accounting (kstat). */
int file_count_open(void);  /* open-file table entries in use */
int inode_count_used(void); /* in-memory inodes with references */

struct file *file_dup(struct file *f);
void file_close(struct file *f);

#endif
