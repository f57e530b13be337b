/* Name-space operations: create, unlink, link and chdir. Each locks a parent
 * directory before anything in it, and a file or device after directories. */
#include "fs/fsops.h"
#include "fs/dir.h"
#include "fs/path.h"
#include "lib/errno.h"
#include "proc/proc.h"

#define NLINK_MAX 32767

/*
 * A new inode is born with no links and gets its first one only when the
 * entry naming it has been written. Until then every failure just drops it:
 * the last put of a linkless inode frees it and any block it took. The whole
 * of it runs in one operation, so no crash can show a half-made file.
 */
static int make_child(struct inode *dir, const char *name, int16 type, int16 major, int16 minor,
                      struct inode **out) {
  if (type == T_DIR && dir->dinode.nlink >= NLINK_MAX)
    return -ENOSPC; /* the child's ".." would be one link too many */
  struct inode *ip = 0;
  int err = inode_alloc(dir->dev, type, &ip);
  if (err < 0)
    return err;
  ip->dinode.major = major;
  ip->dinode.minor = minor;
  if (type == T_DIR)
    err = dir_init(ip, dir->inum);
  if (err == 0)
    err = dir_link(dir, name, ip->inum);
  if (err < 0) {
    inode_unlock_put(ip);
    return err;
  }
  ip->dinode.nlink = 1;
  inode_store(ip);
  if (type == T_DIR) {
    dir->dinode.nlink++; /* the child's ".." */
    inode_store(dir);
  }
  *out = ip;
  return 0;
}

/* An open with O_CREATE of an existing name opens what is there when it is a
 * file or a device; every other create of an existing name fails. */
static int reuse_existing(struct inode *ip, int16 type, struct inode **out) {
  int err = inode_lock(ip);
  if (err < 0) {
    inode_put(ip);
    return err;
  }
  int16 found = ip->dinode.type;
  if (type == T_FILE && (found == T_FILE || found == T_DEVICE)) {
    *out = ip;
    return 0;
  }
  inode_unlock_put(ip);
  return -EEXIST;
}

int fs_create(const char *path, int16 type, int16 major, int16 minor, struct inode **out) {
  struct inode *dir = 0;
  char name[DIRSIZ + 1];
  int err = path_resolve_parent(path, &dir, name);
  if (err < 0)
    return err;
  struct inode *existing = 0;
  err = inode_lock(dir);
  if (err == 0) {
    err = dir_lookup(dir, name, &existing, 0);
    if (err == -ENOENT && !dir_is_removed(dir))
      err = make_child(dir, name, type, major, minor, out);
    inode_unlock(dir);
  }
  inode_put(dir);
  /* Locked only now: an existing name may be "." or "..", dir or its parent. */
  if (existing)
    return reuse_existing(existing, type, out);
  return err;
}

/* Removes the entry at off in dir, which names ip; both locked. A removed
 * directory is emptied at once, so its ".." no longer names dir. */
static int remove_entry(struct inode *dir, uint32 off, struct inode *ip) {
  bool is_dir = ip->dinode.type == T_DIR;
  if (ip->dinode.nlink < 1)
    return -EIO; /* an entry names it: the disk is inconsistent */
  if (is_dir && !dir_is_empty(ip))
    return -ENOTEMPTY;
  int err = dir_unlink_at(dir, off);
  if (err < 0)
    return err;
  ip->dinode.nlink--;
  if (is_dir) {
    inode_truncate(ip);
    dir->dinode.nlink--; /* ip's ".." is gone */
    inode_store(dir);
  }
  inode_store(ip);
  return 0;
}

/* Removes name from dir (locked). */
static int unlink_in(struct inode *dir, const char *name) {
  struct inode *ip = 0;
  uint32 off;
  int err = dir_lookup(dir, name, &ip, &off);
  if (err < 0)
    return err;
  /* Not "." or "..", and a directory has one name: ip is below dir. */
  err = inode_lock(ip);
  if (err == 0) {
    err = remove_entry(dir, off, ip);
    inode_unlock(ip);
  }
  inode_put(ip); /* frees it when this was its last link and reference */
  return err;
}

int fs_unlink(const char *path) {
  struct inode *dir = 0;
  char name[DIRSIZ + 1];
  int err = path_resolve_parent(path, &dir, name);
  if (err < 0)
    return err;
  if (name_is_dot_or_dotdot(name)) {
    inode_put(dir);
    return -EINVAL;
  }
  err = inode_lock(dir);
  if (err == 0) {
    err = unlink_in(dir, name);
    inode_unlock(dir);
  }
  inode_put(dir);
  return err;
}

/* -EISDIR when ip is a directory, 0 when not, or the lock's error. */
static int refuse_directory(struct inode *ip) {
  int err = inode_lock(ip);
  if (err == 0) {
    err = ip->dinode.type == T_DIR ? -EISDIR : 0;
    inode_unlock(ip);
  }
  return err;
}

/* Adds the entry name in dir (locked) for ip, a file or device. dir must be
 * a directory before ip is locked: "f/x" names f as the parent of x. */
static int add_name(struct inode *dir, const char *name, struct inode *ip) {
  if (dir->dinode.type != T_DIR)
    return -ENOTDIR;
  if (dir->dev != ip->dev)
    return -EXDEV;
  int err = inode_lock(ip);
  if (err < 0)
    return err;
  if (ip->dinode.nlink == 0)
    err = -ENOENT; /* unlinked since it was looked up: it stays gone */
  else if (ip->dinode.nlink >= NLINK_MAX)
    err = -ENOSPC;
  else
    err = dir_link(dir, name, ip->inum);
  if (err == 0) {
    ip->dinode.nlink++;
    inode_store(ip);
  }
  inode_unlock(ip);
  return err;
}

int fs_link(const char *old_path, const char *new_path) {
  struct inode *ip = 0;
  int err = path_resolve(old_path, &ip);
  if (err < 0)
    return err;
  /* A type never changes while referenced, so the check holds below. */
  err = refuse_directory(ip);
  if (err < 0) {
    inode_put(ip);
    return err;
  }
  struct inode *dir = 0;
  char name[DIRSIZ + 1];
  err = path_resolve_parent(new_path, &dir, name);
  if (err == 0) {
    err = inode_lock(dir);
    if (err == 0) {
      err = add_name(dir, name, ip);
      inode_unlock(dir);
    }
    inode_put(dir);
  }
  inode_put(ip);
  return err;
}

int fs_chdir(const char *path) {
  struct inode *ip = 0;
  int err = path_resolve(path, &ip);
  if (err < 0)
    return err;
  err = inode_lock(ip);
  if (err == 0) {
    err = ip->dinode.type == T_DIR ? 0 : -ENOTDIR;
    inode_unlock(ip);
  }
  if (err < 0) {
    inode_put(ip);
    return err;
  }
  struct proc *p = myproc();
  struct inode *old = p->cwd;
  p->cwd = ip;
  if (old)
    inode_put(old);
  return 0;
}
