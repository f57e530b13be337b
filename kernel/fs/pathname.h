/* Pure helpers for path names and directory-entry names, shared by the
 * kernel and the host tools and tests (no kernel or libc calls). */
#ifndef MOO_PATHNAME_H
#define MOO_PATHNAME_H

#include "fs/fs_format.h"

/*
 * Takes the first component of path (slashes before it are skipped) into
 * name, cut to its first DIRSIZ bytes and NUL-terminated. Returns the rest
 * of the path after the component and any slashes that follow it ("" when
 * it was the last one), or 0 when path holds no component at all.
 */
const char *path_next(const char *path, char name[DIRSIZ + 1]);

/* The part of path after its last slash (path itself when it has none). */
const char *path_basename(const char *path);

/* True when a directory entry's name field equals name cut to DIRSIZ bytes. */
bool entry_name_equals(const char entry[DIRSIZ], const char *name);

/* Stores name, cut to DIRSIZ bytes, NUL-padded, in an entry's name field. */
void entry_name_set(char entry[DIRSIZ], const char *name);

/* True for "." and "..". */
bool name_is_dot_or_dotdot(const char *name);

#endif
