/* ls [path...]: "name type inode size" for each file named, and for each entry of each
 * directory named (the current one when none is). With several operands the files come
 * first, then each directory under a "dir:" line, as Unix ls orders them. */
#include "cmd.h"
#include "kernel/fs.h"

#define USAGE "ls [path...]"
#define PATH_CAP 160 /* a MAXPATH directory, '/', a DIRSIZ name, NUL */

static char entry_path[PATH_CAP]; /* "dir/name" of the entry being looked at */
static int printed;               /* lines printed so far: a directory header then needs a gap */

static void show(const char *name, const struct stat *st) {
  fprintf(1, "%-14s %d %u %lu\n", name, st->type, st->ino, (unsigned long)st->size);
  printed++;
}

/* stat of path; 0, or -1 after saying why there is none. */
static int look_up(const char *path, struct stat *st) {
  if (stat(path, st) == 0)
    return 0;
  fprintf(2, "ls: %s: %s\n", path, reason_open_failed(path, O_RDONLY));
  return -1;
}

/* Shows every entry of the directory open as fd; 0, or -1 when one could not be looked up. */
static int show_entries(int fd, const char *dir) {
  int dir_len = strlen(dir);
  if (dir_len + 1 + DIRSIZ + 1 > PATH_CAP) {
    fprintf(2, "ls: %s: path too long\n", dir);
    return -1;
  }
  memmove(entry_path, dir, dir_len);
  entry_path[dir_len] = '/';
  char *name = entry_path + dir_len + 1;
  name[DIRSIZ] = '\0';
  int status = 0;
  struct dirent de;
  while (write_failure(1) == 0 && read(fd, &de, sizeof(de)) == sizeof(de)) {
    if (de.inum == 0)
      continue;
    memmove(name, de.name, DIRSIZ);
    struct stat st;
    if (look_up(entry_path, &st) < 0)
      status = -1;
    else
      show(name, &st);
  }
  return status;
}

/* Lists the directory at path, under a "path:" line when headed. */
static int show_directory(const char *path, int headed) {
  int fd = open(path, O_RDONLY);
  if (fd < 0) {
    fprintf(2, "ls: %s: %s\n", path, reason_open_failed(path, O_RDONLY));
    return -1;
  }
  if (headed)
    fprintf(1, printed ? "\n%s:\n" : "%s:\n", path);
  int status = show_entries(fd, path);
  close(fd);
  return status;
}

int main(int argc, char *argv[]) {
  char flags[128];
  int first = parse_options(argc, argv, "", flags, USAGE);
  if (first < 0)
    _exit(2);
  if (first == argc)
    exit_checked("ls", show_directory(".", 0) < 0 ? 1 : 0);
  int status = 0;
  int headed = argc - first > 1;
  struct stat st;
  for (int i = first; i < argc; i++) { /* the files, and what is missing */
    if (look_up(argv[i], &st) < 0)
      status = 1;
    else if (st.type != T_DIR)
      show(argv[i], &st);
  }
  for (int i = first; i < argc && write_failure(1) == 0; i++)
    if (stat(argv[i], &st) == 0 && st.type == T_DIR && show_directory(argv[i], headed) < 0)
      status = 1;
  exit_checked("ls", status);
}
