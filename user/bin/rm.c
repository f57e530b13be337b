/* rm [-rf] path...: removes each named file (unlinks the name). A directory is refused unless
 * -r, which empties it first, everything under it included; -f passes over missing names. */
#include "cmd.h"
#include "kernel/fs.h"

#define USAGE "rm [-rf] path..."
#define PATH_CAP 128 /* the kernel's MAXPATH */

static char flags[128];
static char path[PATH_CAP]; /* the tree being removed, one "/name" added per level */

static int fail(const char *why) {
  fprintf(2, "rm: cannot remove %s: %s\n", path, why);
  return -1;
}

static int remove_path(int len);

/* The name in slot (a 16-byte entry) of the directory at path[0..len), not "." or "..";
 * -1 past the last entry, 0 for an empty or dot slot, 1 with name filled. Reopens the
 * directory each time, so a tree of any depth takes one descriptor. */
static int entry_at(int len, int slot, char name[DIRSIZ + 1]) {
  static struct dirent batch[32]; /* entries are read 32 at a time */
  const int per_batch = sizeof(batch) / sizeof(batch[0]);
  path[len] = '\0';
  int fd = open(path, O_RDONLY);
  if (fd < 0)
    return -1;
  int got = 0;
  for (int i = 0; i <= slot / per_batch; i++)
    got = read(fd, batch, sizeof(batch));
  close(fd);
  const struct dirent *de = &batch[slot % per_batch];
  if (got < (int)((slot % per_batch + 1) * sizeof(*de)))
    return -1;
  memmove(name, de->name, DIRSIZ);
  name[DIRSIZ] = '\0';
  return de->inum != 0 && strcmp(name, ".") != 0 && strcmp(name, "..") != 0;
}

/* Removes everything in the directory at path[0..len); 0, or -1 when something stayed. */
static int empty_directory(int len) {
  int status = 0;
  char name[DIRSIZ + 1];
  for (int slot = 0;; slot++) {
    int found = entry_at(len, slot, name);
    if (found < 0)
      return status;
    if (found == 0)
      continue;
    int name_len = strlen(name);
    if (len + 1 + name_len >= PATH_CAP) {
      path[len] = '\0';
      fail("path too long");
      return -1;
    }
    path[len] = '/';
    memmove(path + len + 1, name, name_len + 1);
    if (remove_path(len + 1 + name_len) < 0)
      status = -1;
  }
}

/* Removes the file or tree at path[0..len); 0, or -1 after saying why not. */
static int remove_path(int len) {
  path[len] = '\0';
  struct stat st;
  if (stat(path, &st) < 0)
    return flags['f'] ? 0 : fail(reason_open_failed(path, O_RDONLY));
  if (st.type == T_DIR && !flags['r'])
    return fail("is a directory (rmdir removes an empty one, rm -r a tree)");
  if (st.type == T_DIR && empty_directory(len) < 0)
    return -1;
  path[len] = '\0';
  if (unlink(path) < 0)
    return fail(st.type == T_DIR ? "directory not empty" : "unlink failed");
  return 0;
}

static int remove_operand(const char *operand) {
  int len = strlen(operand);
  if (len >= PATH_CAP) {
    fprintf(2, "rm: cannot remove %s: path too long\n", operand);
    return -1;
  }
  strcpy(path, operand);
  struct stat st;
  if (names_dot(path) || (stat(path, &st) == 0 && st.type == T_DIR && st.ino == ROOTINO))
    return fail("refusing to remove ., .. or /");
  return remove_path(len);
}

int main(int argc, char *argv[]) {
  int first = parse_options(argc, argv, "rf", flags, USAGE);
  if (first == argc && flags['f'])
    _exit(0); /* rm -f with nothing to remove is content, as in Unix */
  _exit(for_each_operand(argc, argv, first, USAGE, remove_operand));
}
