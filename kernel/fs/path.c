/* Path resolution: walks a path from / or the current directory, one
 * component at a time, holding at most one inode lock at a time. */
#include "fs/dir.h"
#include "fs/pathname.h"
#include "params.h"
#include "proc/proc.h"

static struct inode *walk_start(const char *path) {
  struct proc *p = myproc();
  if (*path == '/' || !p || !p->cwd)
    return inode_get(ROOTDEV, ROOTINO);
  return inode_dup(p->cwd);
}

/* The inode path names or, with parent set, the directory holding its last
 * component (whose name goes in name). Referenced and unlocked, or 0. */
static struct inode *walk(const char *path, bool parent, char name[DIRSIZ + 1]) {
  if (*path == 0)
    return 0;
  struct inode *ip = walk_start(path);
  if (!ip)
    return 0;
  const char *rest = path;
  while ((rest = path_next(rest, name)) != 0) {
    inode_lock(ip);
    if (ip->type != T_DIR) {
      inode_unlock_put(ip);
      return 0;
    }
    if (parent && *rest == 0) {
      inode_unlock(ip);
      return ip;
    }
    struct inode *next = dir_lookup(ip, name, 0);
    inode_unlock_put(ip);
    if (!next)
      return 0;
    ip = next;
  }
  if (parent) { /* "/" has no parent */
    inode_put(ip);
    return 0;
  }
  return ip;
}

struct inode *path_lookup(const char *path) {
  char name[DIRSIZ + 1];
  return walk(path, false, name);
}

struct inode *path_lookup_parent(const char *path, char name[DIRSIZ + 1]) {
  return walk(path, true, name);
}
