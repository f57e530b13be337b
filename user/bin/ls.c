/* ls [path...]: prints "name type inode size" for each named file, or for
 * each entry of each named directory (the current one when none is named). */
#include "cmd.h"
#include "kernel/fs.h"

#define USAGE "ls [path...]"

#define PATH_CAP 160 /* a MAXPATH directory, "/", a name, NUL */

static void print_entry(const char *name, const struct stat *st) {
  fprintf(1, "%-14s %d %d %lu\n", name, st->type, st->ino, (unsigned long)st->size);
}

/* Lists the entries of the directory open as fd, whose path is dir. */
static int list_dir(int fd, const char *dir) {
  char path[PATH_CAP];
  int dir_len = strlen(dir);
  if (dir_len + 1 + DIRSIZ + 1 > (int)sizeof(path)) {
    fprintf(2, "ls: path too long: %s\n", dir);
    return -1;
  }
  strcpy(path, dir);
  path[dir_len] = '/';
  char *name = path + dir_len + 1;

  int status = 0;
  struct dirent de;
  while (read(fd, &de, sizeof(de)) == sizeof(de)) {
    if (de.inum == 0)
      continue;
    memmove(name, de.name, DIRSIZ);
    name[DIRSIZ] = '\0';
    struct stat st;
    if (stat(path, &st) < 0) {
      fprintf(2, "ls: cannot stat %s\n", path);
      status = -1;
      continue;
    }
    print_entry(name, &st);
  }
  return status;
}

static int list(const char *path) {
  int fd = open(path, O_RDONLY);
  if (fd < 0) {
    fprintf(2, "ls: %s: %s\n", path, reason_open_failed(path, O_RDONLY));
    return -1;
  }
  struct stat st;
  int status = 0;
  if (fstat(fd, &st) < 0) {
    fprintf(2, "ls: cannot stat %s\n", path);
    status = -1;
  } else if (st.type == T_DIR) {
    status = list_dir(fd, path);
  } else {
    print_entry(path, &st);
  }
  close(fd);
  return status;
}

int main(int argc, char *argv[]) {
  char flags[128];
  int first = parse_options(argc, argv, "", flags, USAGE);
  if (first < 0)
    _exit(2);
  if (first == argc)
    _exit(list(".") < 0 ? 1 : 0);
  int status = 0;
  for (int i = first; i < argc; i++) {
    if (list(argv[i]) < 0)
      status = 1;
  }
  _exit(status);
}
