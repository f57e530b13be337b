/* Random paths confined to a fuzzer's scratch tree: a few names, "." and "..", relative to the
 * working directory or absolute through the tree's root, never leading above the root. */
#ifndef MOO_TESTS_TREEPATH_H
#define MOO_TESTS_TREEPATH_H

#include "rng.h"

#define TREE_MAX_DEPTH 4  /* no path names anything deeper below the root */
#define TREE_PATH_MAX 200 /* buffer size: room for paths longer than MAXPATH (128) */
#define TREE_TOO_LONG 130 /* an overlong path is padded past this, beyond MAXPATH */

/* Names of 1, 13, 14 and 15 bytes: the kernel cuts names to 14 (DIRSIZ) bytes, so the 15-byte
 * one is another spelling of the 14-byte one. */
static const char *const tree_names[] = {"a", "b", "abcdefghijklm", "abcdefghijklmn",
                                         "abcdefghijklmno"};
#define TREE_NNAMES ((int)(sizeof(tree_names) / sizeof(tree_names[0])))

/* A place in the tree: the names (indexes into tree_names) that lead there from the root. */
struct tree_spot {
  int depth;
  int names[TREE_MAX_DEPTH];
};

/* Where a process is in the tree. Directories are never renamed or linked twice, so ".." of a
 * directory reached by names (removed or not) is the directory one name up: the working
 * directory's spot stays right as long as only tree paths are used. */
struct tree {
  const char *root; /* absolute path of the scratch directory, say "/fsfz.0" */
  struct tree_spot cwd;
};

/* A random name below spot (short names more often: they collide more), when spot is not at the
 * deepest level. */
static inline void tree_descend(struct tree_spot *spot) {
  if (spot->depth < TREE_MAX_DEPTH)
    spot->names[spot->depth++] = percent(70) ? (int)below(2) : 2 + (int)below(TREE_NNAMES - 2);
}

/* A path being built: its text and where it leads. */
struct tree_walk {
  char *out;
  int len, size;
  struct tree_spot at;
};

static inline void walk_append(struct tree_walk *w, const char *s) {
  while (*s && w->len < w->size - 1)
    w->out[w->len++] = *s++;
  w->out[w->len] = 0;
}

/* One component, chosen so that the walk stays between the root and TREE_MAX_DEPTH. */
static inline void walk_component(struct tree_walk *w) {
  int r = below(100);
  if (r < 22 && w->at.depth > 0) {
    walk_append(w, "..");
    w->at.depth--;
  } else if (r < 28) {
    walk_append(w, ".");
  } else if (w->at.depth < TREE_MAX_DEPTH) {
    tree_descend(&w->at);
    walk_append(w, tree_names[w->at.names[w->at.depth - 1]]);
  } else {
    walk_append(w, "..");
    w->at.depth--;
  }
}

/* Pads with "./" until the path is longer than MAXPATH: the kernel must refuse it whole. */
static inline void walk_pad(struct tree_walk *w) {
  while (w->len < TREE_TOO_LONG)
    walk_append(w, "./");
}

/* Writes a random path into out (TREE_PATH_MAX bytes); the spot it names goes in *spot (when
 * not 0). Returns 0, or -1 for the empty path. Every prefix of the path stays inside the tree
 * too, so even a kernel that cut it short would stay inside. */
static inline int tree_path(const struct tree *t, char *out, struct tree_spot *spot) {
  struct tree_walk w = {out, 0, TREE_PATH_MAX, t->cwd};
  out[0] = 0;
  int absolute = percent(25), ncomponents = 1 + below(3);
  if (percent(10))
    ncomponents += 1 + below(5); /* a deep path */
  if (absolute) {
    walk_append(&w, t->root);
    walk_append(&w, "/");
    w.at.depth = 0;
  } else {
    if (percent(3))
      ncomponents = 0; /* the empty path, or "./" below */
  }
  if (percent(5))
    walk_append(&w, "./");
  if (percent(2))
    walk_pad(&w);
  for (int i = 0; i < ncomponents; i++) {
    if (i > 0)
      walk_append(&w, percent(5) ? "//" : "/");
    walk_component(&w);
  }
  if (ncomponents > 0 && percent(5))
    walk_append(&w, "/");
  if (spot)
    *spot = w.at;
  return w.len == 0 ? -1 : 0;
}

/* Writes a path to a known spot into out: absolute, or relative through the nearest common
 * directory (".." up from the working directory, then names down). With by_name, a spot below
 * the root is always reached by its name, never as "." or "..", which unlink refuses. The root
 * itself is written "ROOT/.", never "ROOT", which would name its entry in /. */
static inline void tree_render(const struct tree *t, const struct tree_spot *s, char *out,
                               int by_name) {
  struct tree_walk w = {out, 0, TREE_PATH_MAX, {0, {0}}};
  int common = 0, absolute = percent(30);
  out[0] = 0;
  if (absolute) {
    walk_append(&w, t->root);
  } else {
    while (common < s->depth && common < t->cwd.depth && s->names[common] == t->cwd.names[common])
      common++;
    if (common > 0 && (percent(30) || (by_name && common == s->depth)))
      common--; /* a detour: one ".." more, one name more */
    for (int i = common; i < t->cwd.depth; i++)
      walk_append(&w, i > common ? "/.." : "..");
  }
  for (int i = common; i < s->depth; i++) {
    if (w.len > 0)
      walk_append(&w, "/");
    walk_append(&w, tree_names[s->names[i]]);
  }
  if (absolute && s->depth == 0)
    walk_append(&w, "/.");
  if (w.len == 0)
    walk_append(&w, ".");
}

/* Appends "/name" to a directory path from tree_path (or just name when that path is empty, so
 * that the result never becomes an absolute path by accident). */
static inline void tree_child(char *path, const char *name) {
  int len = strlen(path);
  if (len > 0 && len < TREE_PATH_MAX - 1)
    path[len++] = '/';
  for (; *name && len < TREE_PATH_MAX - 1; name++)
    path[len++] = *name;
  path[len] = 0;
}

#endif
