/* pwd: prints the current directory's path. The kernel keeps no path, so pwd
 * climbs "..", finding each directory's name in its parent by inode number. */
#include "cmd.h"
#include "kernel/fs.h"

#define USAGE "pwd"
#define PATH_CAP 128 /* the kernel's MAXPATH: both the answer and "../.." must fit */

/* Finds the name of inode ino in the directory at path; 0, or -1 if absent. */
static int name_in(const char *path, uint ino, char name[DIRSIZ + 1]) {
  int fd = open(path, O_RDONLY);
  if (fd < 0)
    return -1;
  struct dirent de;
  int found = -1;
  while (found < 0 && read(fd, &de, sizeof(de)) == sizeof(de)) {
    if (de.inum != ino)
      continue;
    memmove(name, de.name, DIRSIZ);
    name[DIRSIZ] = '\0';
    if (strcmp(name, ".") != 0 && strcmp(name, "..") != 0)
      found = 0;
  }
  close(fd);
  return found;
}

/* Puts "/name" in front of the path being built right to left in out[*start..]. */
static int prepend(char *out, int *start, const char *name) {
  int len = strlen(name);
  if (*start < len + 1)
    return -1;
  *start -= len;
  memmove(out + *start, name, len);
  out[--*start] = '/';
  return 0;
}

/* Writes the current directory's path into out; returns 0, or -1 after saying why not. */
static int current_path(char out[PATH_CAP]) {
  char up[PATH_CAP] = "."; /* the directory being named: ., .., ../.. ... */
  int start = PATH_CAP - 1;
  out[start] = '\0';
  struct stat here, parent;
  if (stat(up, &here) < 0) {
    fprintf(2, "pwd: cannot stat the current directory\n");
    return -1;
  }
  for (;;) {
    char parent_path[PATH_CAP];
    int len = strlen(up);
    if (len + 4 > PATH_CAP) {
      fprintf(2, "pwd: the directory is too deep to name\n");
      return -1;
    }
    strcpy(parent_path, up);
    strcpy(parent_path + len, "/..");
    if (stat(parent_path, &parent) < 0) {
      fprintf(2, "pwd: cannot stat %s\n", parent_path);
      return -1;
    }
    if (parent.ino == here.ino) /* only the root is its own parent */
      break;
    char name[DIRSIZ + 1];
    if (name_in(parent_path, here.ino, name) < 0 || prepend(out, &start, name) < 0) {
      fprintf(2, "pwd: cannot name the current directory (removed, or too deep)\n");
      return -1;
    }
    strcpy(up, parent_path);
    here = parent;
  }
  if (out[start] == '\0')
    out[--start] = '/';
  memmove(out, out + start, PATH_CAP - start);
  return 0;
}

int main(int argc, char *argv[]) {
  if (!takes_no_arguments(argc, argv, USAGE))
    _exit(2);
  char path[PATH_CAP];
  if (current_path(path) < 0)
    _exit(1);
  fprintf(1, "%s\n", path);
  exit_checked("pwd", 0);
}
