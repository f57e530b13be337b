/* ln: gives an existing file a second name (a hard link). */
#include "user.h"

int main(int argc, char *argv[]) {
  if (argc != 3) {
    fprintf(2, "usage: ln target linkname\n");
    _exit(1);
  }
  if (link(argv[1], argv[2]) < 0) {
    fprintf(2, "ln: cannot link %s as %s\n", argv[1], argv[2]);
    _exit(1);
  }
  _exit(0);
}
