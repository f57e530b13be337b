/* Name-space operations: each locks a parent directory before a child,
 * never the reverse, and undoes its partial work when a step fails. */
#include "fs/fsops.h"
#include "fs/dir.h"
#include "fs/pathname.h"
#include "lib/errno.h"
#include "proc/proc.h"

#define NLINK_MAX 32767

/* Gives a new directory its "." and ".." entries. */
static int fill_new_dir(struct inode *ip, struct inode *parent) {
  int err = dir_link(ip, ".", ip->inum);
  if (err == 0)
    err = dir_link(ip, "..", parent->inum);
  return err;
}

/* Finishes create when the name exists: a file open reuses files and devices. */
static int use_existing(struct inode *ip, int16 type, struct inode **out) {
  inode_lock(ip);
  if (type == T_FILE && (ip->type == T_FILE || ip->type == T_DEVICE)) {
    *out = ip;
    return 0;
  }
  inode_unlock_put(ip);
  return -EEXIST;
}

/* Links a freshly allocated, locked inode under name in the locked parent. */
static int link_new(struct inode *parent, const char *name, struct inode *ip) {
  if (ip->type == T_DIR) {
    if (parent->nlink >= NLINK_MAX)
      return -ENOSPC;
    int err = fill_new_dir(ip, parent);
    if (err < 0)
      return err;
  }
  int err = dir_link(parent, name, ip->inum);
  if (err < 0)
    return err;
  if (ip->type == T_DIR) {
    parent->nlink++; /* the new directory's ".." */
    inode_update(parent);
  }
  return 0;
}

int fs_create(const char *path, int16 type, int16 major, int16 minor, struct inode **out) {
  char name[DIRSIZ + 1];
  struct inode *parent = path_lookup_parent(path, name);
  if (!parent)
    return -ENOENT;
  inode_lock(parent);
  struct inode *ip = dir_lookup(parent, name, 0);
  if (ip) {
    inode_unlock_put(parent);
    return use_existing(ip, type, out);
  }
  if (parent->nlink == 0) { /* removed while still someone's cwd: nothing new goes in */
    inode_unlock_put(parent);
    return -ENOENT;
  }
  ip = inode_alloc(parent->dev, type);
  if (!ip) {
    inode_unlock_put(parent);
    return -ENOSPC;
  }
  inode_lock(ip);
  ip->major = major;
  ip->minor = minor;
  ip->nlink = 1;
  inode_update(ip);
  int err = link_new(parent, name, ip);
  inode_unlock_put(parent);
  if (err < 0) {
    ip->nlink = 0; /* the last put frees it and anything written to it */
    inode_update(ip);
    inode_unlock_put(ip);
    return err;
  }
  *out = ip;
  return 0;
}

int fs_unlink(const char *path) {
  char name[DIRSIZ + 1];
  struct inode *parent = path_lookup_parent(path, name);
  if (!parent)
    return -ENOENT;
  if (name_is_dot_or_dotdot(name)) {
    inode_put(parent);
    return -EINVAL;
  }
  inode_lock(parent);
  uint32 off;
  struct inode *ip = dir_lookup(parent, name, &off);
  if (!ip) {
    inode_unlock_put(parent);
    return -ENOENT;
  }
  inode_lock(ip);
  int err = 0;
  if (ip->nlink < 1)
    err = -EIO;
  else if (ip->type == T_DIR && !dir_is_empty(ip))
    err = -ENOTEMPTY;
  else
    err = dir_unlink_at(parent, off);
  if (err == 0 && ip->type == T_DIR) {
    parent->nlink--; /* its ".." is gone */
    inode_update(parent);
  }
  inode_unlock_put(parent);
  if (err == 0) {
    ip->nlink--;
    inode_update(ip);
  }
  inode_unlock_put(ip);
  return err;
}

/* Adds the entry for ip (referenced, unlocked, nlink already counted). */
static int add_link(const char *new_path, struct inode *ip) {
  char name[DIRSIZ + 1];
  struct inode *parent = path_lookup_parent(new_path, name);
  if (!parent)
    return -ENOENT;
  inode_lock(parent);
  int err;
  if (parent->nlink == 0)
    err = -ENOENT; /* a removed directory takes no new entries */
  else if (parent->dev != ip->dev)
    err = -EXDEV;
  else
    err = dir_link(parent, name, ip->inum);
  inode_unlock_put(parent);
  return err;
}

/* Counts one more link to ip (unlocked) ahead of adding its entry. */
static int count_link(struct inode *ip, int delta) {
  inode_lock(ip);
  int err = 0;
  if (ip->type == T_DIR)
    err = -EISDIR;
  else if (delta > 0 && ip->nlink >= NLINK_MAX)
    err = -ENOSPC;
  if (err == 0) {
    ip->nlink = (int16)(ip->nlink + delta);
    inode_update(ip);
  }
  inode_unlock(ip);
  return err;
}

int fs_link(const char *old_path, const char *new_path) {
  struct inode *ip = path_lookup(old_path);
  if (!ip)
    return -ENOENT;
  int err = count_link(ip, 1);
  if (err == 0) {
    err = add_link(new_path, ip);
    if (err < 0)
      count_link(ip, -1);
  }
  inode_put(ip);
  return err;
}

int fs_chdir(const char *path) {
  struct inode *ip = path_lookup(path);
  if (!ip)
    return -ENOENT;
  inode_lock(ip);
  if (ip->type != T_DIR) {
    inode_unlock_put(ip);
    return -ENOTDIR;
  }
  inode_unlock(ip);
  struct proc *p = myproc();
  struct inode *old = p->cwd;
  p->cwd = ip;
  if (old)
    inode_put(old);
  return 0;
}
