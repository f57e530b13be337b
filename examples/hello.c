/* hello: an example of a program built outside the tree and added to the
 * disk image (README.md, "Your own programs"). Prints its name and arguments. */
#include "user.h"

/* moo's portable calls (fprintf, _exit) build unchanged for every architecture
 * moo runs on; printf and exit differ between the xv6 flavours. */
int main(int argc, char *argv[]) {
  fprintf(1, "hello from %s", argv[0]);
  for (int i = 1; i < argc; i++)
    fprintf(1, " %s", argv[i]);
  fprintf(1, "\n");
  _exit(0);
}
