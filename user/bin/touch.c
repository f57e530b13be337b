/* touch file...: creates each named file that does not exist yet, empty. moo keeps no file
 * times, so a file already there is left as it is. */
#include "cmd.h"

#define USAGE "touch file..."

static int touch(const char *path) {
  struct stat st;
  if (stat(path, &st) == 0)
    return 0;
  const char *why = reason_name_too_long(path);
  int fd = -1;
  if (why == 0 && (fd = open(path, O_CREATE | O_WRONLY)) < 0)
    why = reason_open_failed(path, O_CREATE | O_WRONLY);
  if (why == 0 && close(fd) < 0)
    why = "cannot close it";
  if (why == 0)
    return 0;
  fprintf(2, "touch: cannot create %s: %s\n", path, why);
  return -1;
}

int main(int argc, char *argv[]) {
  char flags[128];
  int first = parse_options(argc, argv, "", flags, USAGE);
  _exit(for_each_operand(argc, argv, first, USAGE, touch));
}
