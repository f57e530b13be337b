/* mkdir dir...: creates each named directory. */
#include "cmd.h"

#define USAGE "mkdir dir..."

int main(int argc, char *argv[]) {
  char flags[128];
  int first = parse_options(argc, argv, "", flags, USAGE);
  if (first < 0)
    _exit(2);
  if (first == argc) {
    fprintf(2, "usage: %s\n", USAGE);
    _exit(2);
  }
  int status = 0;
  for (int i = first; i < argc; i++) {
    if (mkdir(argv[i]) < 0) {
      fprintf(2, "mkdir: cannot create %s: %s\n", argv[i], reason_create_failed(argv[i]));
      status = 1;
    }
  }
  _exit(status);
}
