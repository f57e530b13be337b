/* The shell's own idea of its current directory, as Unix shells keep one: cd works on the
 * path text (so `cd ..` leaves a directory someone removed), then asks the kernel for it. */
#include "sh.h"

static char cwd[PATH_CAP]; /* absolute, no "." or ".." components; valid when cwd_known */
static int cwd_known;

/* The name in directory dir of the entry with inode inum, into name; 0, or -1. */
static int name_in(const char *dir, unsigned int inum, char *name) {
  int fd = open(dir, O_RDONLY), found = -1;
  if (fd < 0)
    return -1;
  unsigned int got;
  while (found < 0 && (got = next_entry(fd, name)) > 0)
    if (got == inum && name[0] != '.')
      found = 0;
  close(fd);
  return found;
}

/* Finds the kernel's current directory by walking up through ".."; 0, or -1 (removed, or
 * deeper than a path can say). Only for a shell started somewhere other than /. */
static int find_cwd(void) {
  static char up[PATH_CAP], found[PATH_CAP], name[NAME_MAX + 1];
  struct stat here, parent;
  strcpy(up, ".");
  found[0] = '\0';
  for (;;) {
    int len = strlen(up);
    if (stat(up, &here) < 0 || len + 4 >= PATH_CAP)
      return -1;
    strcpy(up + len, "/..");
    if (stat(up, &parent) < 0)
      return -1;
    if (parent.ino == here.ino)
      break; /* the root is its own parent */
    int flen = strlen(found);
    if (name_in(up, here.ino, name) < 0 || flen + strlen(name) + 2 > PATH_CAP)
      return -1;
    memmove(found + strlen(name) + 1, found, flen + 1);
    found[0] = '/';
    memmove(found + 1, name, strlen(name));
  }
  strcpy(cwd, found[0] ? found : "/");
  return 0;
}

/* Appends the n-byte component to the absolute path out, resolving "." and ".."; 0 or -1. */
static int append_component(char *out, const char *component, int n) {
  int len = strlen(out);
  if (n == 0 || (n == 1 && component[0] == '.'))
    return 0;
  if (n == 2 && component[0] == '.' && component[1] == '.') {
    while (len > 1 && out[len - 1] != '/')
      len--;
    out[len > 1 ? len - 1 : 1] = '\0';
    return 0;
  }
  if (len + 1 + n >= PATH_CAP)
    return -1;
  if (len > 1)
    out[len++] = '/';
  memmove(out + len, component, n);
  out[len + n] = '\0';
  return 0;
}

/* dir made absolute against the shell's path, without "." and "..", into out; 0 or -1. */
static int resolve(const char *dir, char *out) {
  strcpy(out, dir[0] == '/' ? "/" : cwd);
  while (*dir) {
    const char *end = strchr(dir, '/');
    if (end == 0)
      end = dir + strlen(dir);
    if (append_component(out, dir, end - dir) < 0)
      return -1;
    dir = *end ? end + 1 : end;
  }
  return 0;
}

int change_directory(const char *dir) {
  static char target[PATH_CAP];
  if (!cwd_known)
    cwd_known = find_cwd() == 0;
  if (name_too_long(dir))
    return -1;
  const char *path = dir;
  if (cwd_known || dir[0] == '/') {
    if (resolve(dir, target) < 0) {
      fprintf(2, "sh: cd: %s: path too long\n", dir);
      return -1;
    }
    path = target;
  }
  if (chdir(path) == 0) {
    if (path == target) {
      strcpy(cwd, target);
      cwd_known = 1;
    }
    return 0;
  }
  const char *why = reason_open_failed(path, O_RDONLY);
  if (strcmp(why, "cannot open it") == 0)
    why = "not a directory";
  fprintf(2, "sh: cd: %s: %s\n", dir, why);
  return -1;
}
