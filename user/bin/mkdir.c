/* mkdir dir...: creates each named directory. */
#include "cmd.h"

#define USAGE "mkdir dir..."

static int make_dir(const char *path) {
  if (mkdir(path) == 0)
    return 0;
  fprintf(2, "mkdir: cannot create %s: %s\n", path, reason_create_failed(path));
  return -1;
}

int main(int argc, char *argv[]) {
  char flags[128];
  int first = parse_options(argc, argv, "", flags, USAGE);
  _exit(for_each_operand(argc, argv, first, USAGE, make_dir));
}
