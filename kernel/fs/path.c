/* Path resolution: a walk from / or the current directory that yields one
 * (directory, name) pair per component, looking each name up in turn. */
#include "fs/path.h"
#include "fs/dir.h"
#include "lib/errno.h"
#include "lib/string.h"
#include "params.h"
#include "proc/proc.h"

static struct inode *start_of(const char *path) {
  struct proc *p = myproc();
  if (path[0] == '/' || !p || !p->cwd)
    return inode_get(ROOTDEV, ROOTINO);
  return inode_dup(p->cwd);
}

int walk_begin(struct path_walk *w, const char *path) {
  w->dir = 0;
  w->has_pair = false;
  if (path[0] == 0)
    return -ENOENT;
  w->dir = start_of(path);
  if (!w->dir)
    return -ENFILE;
  w->has_pair = cursor_first(&w->cursor, path);
  return 0;
}

int walk_step(struct path_walk *w) {
  if (!w->has_pair)
    return -ENOENT;
  struct inode *found = 0;
  int err = inode_lock(w->dir);
  if (err == 0) {
    /* dir_lookup refuses a removed directory: its ".." may name a freed inode. */
    err = dir_lookup(w->dir, w->cursor.name, &found, 0);
    inode_unlock(w->dir);
  }
  inode_put(w->dir);
  if (err < 0) {
    w->dir = 0;
    w->has_pair = false;
    return err;
  }
  w->dir = found;
  w->has_pair = cursor_next(&w->cursor);
  return 0;
}

int walk_to_last(struct path_walk *w) {
  if (!w->has_pair) {
    inode_put(w->dir);
    w->dir = 0;
    return -ENOENT;
  }
  int err = 0;
  while (err == 0 && !w->cursor.last)
    err = walk_step(w);
  return err;
}

int path_resolve(const char *path, struct inode **out) {
  struct path_walk w;
  int err = walk_begin(&w, path);
  while (err == 0 && w.has_pair)
    err = walk_step(&w);
  if (err == 0)
    *out = w.dir;
  return err;
}

int path_resolve_parent(const char *path, struct inode **dir, char name[DIRSIZ + 1]) {
  struct path_walk w;
  int err = walk_begin(&w, path);
  if (err == 0)
    err = walk_to_last(&w);
  if (err == 0) {
    *dir = w.dir;
    memcpy(name, w.cursor.name, DIRSIZ + 1);
  }
  return err;
}
