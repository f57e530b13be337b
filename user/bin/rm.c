/* rm file...: removes each named file (unlinks the name). A directory is
 * refused: rmdir removes an empty one. */
#include "cmd.h"

#define USAGE "rm file..."

static int remove_file(const char *path) {
  struct stat st;
  if (stat(path, &st) < 0) {
    fprintf(2, "rm: cannot remove %s: %s\n", path, reason_open_failed(path, O_RDONLY));
    return -1;
  }
  if (st.type == T_DIR) {
    fprintf(2, "rm: cannot remove %s: is a directory (rmdir removes an empty one)\n", path);
    return -1;
  }
  if (unlink(path) < 0) {
    fprintf(2, "rm: cannot remove %s: unlink failed\n", path);
    return -1;
  }
  return 0;
}

int main(int argc, char *argv[]) {
  char flags[128];
  int first = parse_options(argc, argv, "", flags, USAGE);
  _exit(for_each_operand(argc, argv, first, USAGE, remove_file));
}
