/* Path components and directory-entry names; pure functions that compile
 * in the kernel and on the host (tools and tests include this file). */
#include "fs/pathname.h"

/* The offset of the first byte at or after i that is not a slash. */
static uint32 skip_slashes(const char *path, uint32 i) {
  while (path[i] == '/')
    i++;
  return i;
}

/* The offset just past the component that starts at i. */
static uint32 component_end(const char *path, uint32 i) {
  while (path[i] != '/' && path[i] != 0)
    i++;
  return i;
}

/* Stands the cursor on the component at or after offset from; false when
 * only slashes are left. */
static bool stand_at(struct path_cursor *c, uint32 from) {
  uint32 start = skip_slashes(c->path, from);
  if (c->path[start] == 0)
    return false;
  uint32 end = component_end(c->path, start);
  c->start = start;
  c->length = end - start;
  c->last = c->path[skip_slashes(c->path, end)] == 0;
  uint32 kept = c->length < DIRSIZ ? c->length : DIRSIZ;
  for (uint32 i = 0; i < kept; i++)
    c->name[i] = c->path[start + i];
  c->name[kept] = 0;
  return true;
}

bool cursor_first(struct path_cursor *c, const char *path) {
  c->path = path;
  c->start = c->length = 0;
  c->last = true;
  c->name[0] = 0;
  return stand_at(c, 0);
}

bool cursor_next(struct path_cursor *c) {
  if (c->last)
    return false;
  return stand_at(c, c->start + c->length);
}

const char *path_basename(const char *path) {
  const char *base = path;
  for (const char *p = path; *p != 0; p++) {
    if (*p == '/')
      base = p + 1;
  }
  return base;
}

bool entry_name_equals(const char entry[DIRSIZ], const char *name) {
  for (int i = 0; i < DIRSIZ; i++) {
    /* name ends at its NUL, which stops the loop before anything past it is read */
    // cppcheck-suppress arrayIndexOutOfBounds
    if (entry[i] != name[i])
      return false;
    if (name[i] == 0)
      return true;
  }
  return true;
}

void entry_name_set(char entry[DIRSIZ], const char *name) {
  int i = 0;
  // cppcheck-suppress arrayIndexOutOfBoundsCond ; name ends at its NUL, as above
  for (; i < DIRSIZ && name[i] != 0; i++)
    entry[i] = name[i];
  for (; i < DIRSIZ; i++)
    entry[i] = 0;
}

bool name_is_dot_or_dotdot(const char *name) {
  return name[0] == '.' && (name[1] == 0 || (name[1] == '.' && name[2] == 0));
}
