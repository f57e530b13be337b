/* mkdir [-p] dir...: creates each named directory; -p also creates the missing directories on
 * the way and is content when the directory is there already. */
#include "cmd.h"

#define USAGE "mkdir [-p] dir..."
#define PATH_CAP 128 /* the kernel's MAXPATH */

static char flags[128];

static int refuse(const char *path, const char *why) {
  fprintf(2, "mkdir: cannot create %s: %s\n", path, why);
  return -1;
}

/* Creates path[0..len) (path is cut there for the while) unless -p finds a directory there. */
static int make_one(char *path, int len) {
  char kept = path[len];
  path[len] = '\0';
  int status = 0;
  if (!(flags['p'] && is_directory(path)) && mkdir(path) < 0)
    status = refuse(path, reason_create_failed(path));
  path[len] = kept;
  return status;
}

static int make_dir(const char *operand) {
  static char path[PATH_CAP];
  const char *why = reason_name_too_long(operand);
  if (why == 0 && strlen(operand) >= PATH_CAP)
    why = "path too long";
  if (why)
    return refuse(operand, why);
  strcpy(path, operand);
  int len = strlen(path);
  for (int end = 1; flags['p'] && end < len; end++) /* each ancestor, at its '/' */
    if (path[end] == '/' && path[end - 1] != '/' && make_one(path, end) < 0)
      return -1;
  return make_one(path, len);
}

int main(int argc, char *argv[]) {
  int first = parse_options(argc, argv, "p", flags, USAGE);
  _exit(for_each_operand(argc, argv, first, USAGE, make_dir));
}
