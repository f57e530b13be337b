/* Why a file operation failed, for error messages: the system calls return
 * only -1, so the reason is found by looking at the path afterwards. */
#include "cmd.h"

#define PATH_CAP 128 /* the kernel's MAXPATH */
#define NAME_CAP 14  /* the kernel's DIRSIZ: bytes of a name kept in a directory entry */
#define FULL "cannot create it (disk or inode table full?)"

int is_directory(const char *path) {
  struct stat st;
  return stat(path, &st) == 0 && st.type == T_DIR;
}

/* The directory path names its entry in: "a/b" for "a/b/c", "." for "c". */
static void parent_of(const char *path, char *out) {
  int len = strlen(path);
  while (len > 1 && path[len - 1] == '/') /* "a/" names a too */
    len--;
  while (len > 0 && path[len - 1] != '/')
    len--;
  while (len > 1 && path[len - 1] == '/')
    len--;
  if (len == 0) {
    strcpy(out, ".");
    return;
  }
  memmove(out, path, len);
  out[len] = '\0';
}

/* 0 when the directory path's entry would be in exists, else what is wrong with it. */
static const char *parent_problem(const char *path) {
  char parent[PATH_CAP];
  parent_of(path, parent);
  struct stat st;
  if (stat(parent, &st) < 0)
    return "no such file or directory";
  return st.type == T_DIR ? 0 : "not a directory";
}

/* Are descriptors left? Looking at a path takes one. */
static int descriptors_left(void) {
  int fd = open("/", O_RDONLY);
  if (fd < 0)
    return 0;
  close(fd);
  return 1;
}

/* The common first checks; 0 when they find nothing. */
static const char *general_problem(const char *path) {
  if (strlen(path) >= PATH_CAP)
    return "path too long";
  if (!descriptors_left())
    return "too many open files";
  return 0;
}

const char *reason_open_failed(const char *path, int flags) {
  const char *problem = general_problem(path);
  if (problem)
    return problem;
  struct stat st;
  if (stat(path, &st) < 0) {
    problem = parent_problem(path);
    if (problem)
      return problem;
    return flags & O_CREATE ? FULL : "no such file or directory";
  }
  if (st.type == T_DIR && (flags & (O_WRONLY | O_RDWR)))
    return "is a directory";
  return "cannot open it";
}

const char *reason_create_failed(const char *path) {
  const char *problem = general_problem(path);
  if (problem)
    return problem;
  struct stat st;
  if (stat(path, &st) == 0)
    return "file exists";
  problem = parent_problem(path);
  return problem ? problem : FULL;
}

const char *reason_name_too_long(const char *path) {
  int run = 0; /* bytes of the component being read */
  for (const char *c = path; *c != '\0'; c++) {
    run = *c == '/' ? 0 : run + 1;
    if (run > NAME_CAP)
      return "name too long (at most 14 bytes)";
  }
  return 0;
}
