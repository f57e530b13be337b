/* Pure helpers for path names and directory-entry names, shared by the
 * kernel and the host tools and tests (no kernel or libc calls). */
#ifndef MOO_PATHNAME_H
#define MOO_PATHNAME_H

#include "fs/fs_format.h"

/*
 * A cursor over the components of a path: the text between slashes, any
 * number of slashes counting as one. It stands on one component at a time,
 * knows where that component lies in the path, holds its name cut to DIRSIZ
 * bytes (the ABI's rule for both creating and looking up), and knows
 * whether another component follows.
 */
struct path_cursor {
  const char *path;
  uint32 start;          /* offset of the component in path */
  uint32 length;         /* its full length, before the cut */
  bool last;             /* only slashes, if anything, follow it */
  char name[DIRSIZ + 1]; /* the component, cut and NUL-terminated */
};

/* Stands the cursor on the first component of path; false when path has
 * none ("" or only slashes). */
bool cursor_first(struct path_cursor *c, const char *path);
/* Moves to the next component; false (the cursor unchanged) after the last. */
bool cursor_next(struct path_cursor *c);

/* The part of path after its last slash (path itself when it has none). */
const char *path_basename(const char *path);

/* True when a directory entry's name field equals name cut to DIRSIZ bytes. */
bool entry_name_equals(const char entry[DIRSIZ], const char *name);

/* Stores name, cut to DIRSIZ bytes, NUL-padded, in an entry's name field. */
void entry_name_set(char entry[DIRSIZ], const char *name);

/* True for "." and "..". */
bool name_is_dot_or_dotdot(const char *name);

#endif
