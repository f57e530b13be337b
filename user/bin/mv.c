/* mv source target, mv source... dir: renames files, by linking the new name and unlinking
 * the old one; a file already at the new name is replaced. moo's link takes no directory, so
 * a directory cannot be moved. */
#include "cmd.h"

#define USAGE "mv source... target"

static int refuse(const char *source, const char *why) {
  fprintf(2, "mv: cannot move %s: %s\n", source, why);
  return -1;
}

static int move_file(const char *source, const char *dest) {
  struct stat st;
  if (stat(source, &st) < 0)
    return refuse(source, reason_open_failed(source, O_RDONLY));
  if (st.type == T_DIR)
    return refuse(source, "is a directory (moo's link takes files only)");
  if (stat(dest, &st) == 0) {
    if (st.type == T_DIR)
      return refuse(source, "a directory is in the way");
    if (unlink(dest) < 0)
      return refuse(source, "the file in the way cannot be removed");
  }
  if (link(source, dest) < 0)
    return refuse(source, reason_create_failed(dest));
  if (unlink(source) < 0) {
    fprintf(2, "mv: %s is now also %s, but cannot be removed\n", source, dest);
    return -1;
  }
  return 0;
}

int main(int argc, char *argv[]) {
  char flags[128];
  int first = parse_options(argc, argv, "", flags, USAGE);
  _exit(for_each_source("mv", argc, argv, first, USAGE, move_file));
}
