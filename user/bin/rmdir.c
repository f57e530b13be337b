/* rmdir dir...: removes each named directory, which must be empty (hold
 * nothing but "." and ".."). */
#include "cmd.h"
#include "kernel/fs.h"

#define USAGE "rmdir dir..."

/* Does the directory open as fd hold an entry other than "." and ".."? */
static int has_entries(int fd) {
  struct dirent de;
  while (read(fd, &de, sizeof(de)) == sizeof(de)) {
    if (de.inum == 0)
      continue;
    char name[DIRSIZ + 1];
    memmove(name, de.name, DIRSIZ);
    name[DIRSIZ] = '\0';
    if (strcmp(name, ".") != 0 && strcmp(name, "..") != 0)
      return 1;
  }
  return 0;
}

/* Why path cannot be removed as a directory, or 0 when nothing is in the way. */
static const char *problem(const char *path) {
  int fd = open(path, O_RDONLY);
  if (fd < 0)
    return reason_open_failed(path, O_RDONLY);
  struct stat st;
  const char *why = 0;
  if (fstat(fd, &st) < 0 || st.type != T_DIR)
    why = "not a directory";
  else if (names_dot(path))
    why = "invalid argument (. or ..)";
  else if (has_entries(fd))
    why = "directory not empty";
  close(fd);
  return why;
}

static int remove_dir(const char *path) {
  const char *why = problem(path);
  if (why == 0 && unlink(path) < 0)
    why = "unlink failed";
  if (why != 0) {
    fprintf(2, "rmdir: cannot remove %s: %s\n", path, why);
    return -1;
  }
  return 0;
}

int main(int argc, char *argv[]) {
  char flags[128];
  int first = parse_options(argc, argv, "", flags, USAGE);
  _exit(for_each_operand(argc, argv, first, USAGE, remove_dir));
}
