/* Path resolution inside kernel/fs, as an iterator over the pairs
 * (directory, name) a path passes through. */
#ifndef MOO_PATH_H
#define MOO_PATH_H

#include "fs/inode.h"
#include "fs/pathname.h"

/*
 * A walk starts at / (absolute paths) or the current directory. Its first
 * pair is (start, first component); each step looks the pair's name up in
 * the pair's directory and moves to (what it found, next component). The
 * pair whose name is the last component is (parent, last name); stepping
 * past it leaves dir as the inode the whole path names, and has_pair false.
 *
 * dir is referenced and unlocked between steps: the walk holds at most one
 * inode lock, for the length of one lookup, and never two at once.
 */
struct path_walk {
  struct inode *dir;         /* the pair's directory; 0 once the walk failed */
  struct path_cursor cursor; /* the pair's name, and whether it is the last */
  bool has_pair;             /* false once every component has been looked up */
};

/* Starts a walk; 0, or -ENOENT for an empty path, -ENFILE when the start
 * cannot be had. On success w->dir holds a reference. */
int walk_begin(struct path_walk *w, const char *path);
/* Looks the pair's name up and moves to the next pair. 0, or -E (the name
 * is missing, dir is not a directory or is removed...), after which the
 * walk holds nothing. */
int walk_step(struct path_walk *w);
/* Steps until the pair holds the last component; 0 or -E as walk_step,
 * -ENOENT for a path without components ("/" has no parent). */
int walk_to_last(struct path_walk *w);

/* The directory holding the last component of path (referenced, unlocked)
 * in *dir, and that component in name; 0 or -E. */
int path_resolve_parent(const char *path, struct inode **dir, char name[DIRSIZ + 1]);

#endif
