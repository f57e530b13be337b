/* Path splitting and directory-entry name handling; pure functions that
 * compile in the kernel and on the host (tests include this file). */
#include "fs/pathname.h"

const char *path_next(const char *path, char name[DIRSIZ + 1]) {
  while (*path == '/')
    path++;
  if (*path == 0)
    return 0;
  int len = 0;
  for (; *path != '/' && *path != 0; path++) {
    if (len < DIRSIZ)
      name[len++] = *path;
  }
  name[len] = 0;
  while (*path == '/')
    path++;
  return path;
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
    if (entry[i] != name[i])
      return false;
    if (name[i] == 0)
      return true;
  }
  return true;
}

void entry_name_set(char entry[DIRSIZ], const char *name) {
  int i = 0;
  for (; i < DIRSIZ && name[i] != 0; i++)
    entry[i] = name[i];
  for (; i < DIRSIZ; i++)
    entry[i] = 0;
}

bool name_is_dot_or_dotdot(const char *name) {
  return name[0] == '.' && (name[1] == 0 || (name[1] == '.' && name[2] == 0));
}
